"""Overlaid 1-D marginal posteriors: one panel per quantity, every posterior in its colour (the reference
filled in dark grey), with the quantity's description as panel title and its unit on the axis.

The densities, axis ranges, colours and log scaling are those of the corner plot's diagonal
(:mod:`exoinfer.plots.corner`), so the two figures of one comparison read alike.
"""

import textwrap

import numpy as np

from ..errors import InputError
from ..vocabulary import describe
from ._figures import pyplot
from .corner import (
    _as_posteriors,
    _axis_range,
    _check_names,
    _draw_marginal,
    _finite,
    _is_constant,
    _log_label,
    _log_names,
    _palette,
    _values,
    posterior_title,
    quantity_label,
)

__all__ = ["plot_marginals"]


def plot_marginals(
    posteriors,
    names=None,
    reference=None,
    *,
    bins=None,
    log=None,
    ncols=None,
    colors=None,
    title=None,
    figsize=None,
):
    """Overlaid 1-D marginal densities of several posteriors, one panel per quantity.

    Parameters
    ----------
    posteriors : InferenceData or dict of str to InferenceData
        One posterior, or label to posterior (e.g. ``{"emcee": ..., "mdn": ...}``).
    names : sequence of str, optional
        Quantities, one panel each, in order; by default
        :func:`exoinfer.inference.summary.default_summary_names` of the first posterior (the reference when
        one is named). Quantities constant in every posterior are left out.
    reference : str, optional
        Key of ``posteriors`` drawn first, filled, in dark grey and marked "(reference)" in the legend.
    bins : int, optional
        Histogram bins per quantity; by default from the smallest sample (2 n^(1/3), between 12 and 50).
    log : sequence of str, optional
        Quantities shown as log10; by default those whose draws are all positive and whose central 68%
        spans more than 1.5 decades (as in the corner plot); ``()`` for none.
    ncols : int, optional
        Panels per row (default up to 4).
    colors : sequence of colors, optional
        One per posterior.
    title : str, optional
        Figure title; by default "Marginal posteriors of <planet> (<model> model)".
    figsize : (float, float), optional

    Returns
    -------
    matplotlib Figure
        One axes per quantity shown, row by row; the legend below the panels.

    Notes
    -----
    A posterior in which a shown quantity does not vary (e.g. a layer fixed at 0 by one method) is drawn
    as a dashed vertical line at its value, since a histogram of one value has no width.
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    from ..inference.summary import default_summary_names

    posteriors = _as_posteriors(posteriors)
    if reference is not None and reference not in posteriors:
        raise InputError("reference", reference, f"one of the posteriors: {', '.join(posteriors)}")
    if reference is not None:
        posteriors = {reference: posteriors[reference]} | {
            k: v for k, v in posteriors.items() if k != reference
        }
    first = next(iter(posteriors.values()))
    names = list(names) if names is not None else default_summary_names(first)
    _check_names(names, posteriors)
    draws = {key: {n: _values(idata, n) for n in names} for key, idata in posteriors.items()}
    names = [n for n in names if not all(_is_constant(d.get(n)) for d in draws.values())]
    if not names:
        raise InputError("names", "constant variables only", "at least one variable that varies")

    labels = {n: quantity_label(n) for n in names}
    log = set(_log_names(names, draws) if log is None else log) & set(names)
    for name in log:
        for d in draws.values():
            if d.get(name) is not None:
                d[name] = np.log10(np.where(d[name] > 0, d[name], np.nan))
        labels[name] = _log_label(labels[name])
    n_min = min(_finite(d[n]).size for d in draws.values() for n in names if not _is_constant(d.get(n)))
    n_bins = int(bins) if bins else int(np.clip(round(2.0 * n_min ** (1.0 / 3.0)), 12, 50))
    palette = _palette(posteriors, reference, colors)

    ncols = int(ncols) if ncols else min(4, len(names))
    nrows = -(-len(names) // ncols)
    plt = pyplot()
    figsize = figsize or (3.1 * ncols + 0.4, 2.7 * nrows + 1.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="constrained")
    for ax, name in zip(axes.flat, names, strict=False):
        lo, hi = _axis_range(name, _varying(draws, name), None)
        fixed = [float(_finite(d[name])[0]) for d in _fixed(draws, name).values()]
        edges = np.linspace(min([lo, *fixed]), max([hi, *fixed]), n_bins + 1)
        for key in posteriors:
            x = draws[key].get(name)
            if x is None or _finite(x).size == 0:
                continue
            if _is_constant(x):
                ax.axvline(float(_finite(x)[0]), color=palette[key], lw=1.4, ls="--")
            else:
                _draw_marginal(ax, x, edges, palette[key], key == reference or len(posteriors) == 1)
        ax.set_xlim(edges[0], edges[-1])
        ax.set_xlabel(labels[name], fontsize=10)
        ax.set_title(_panel_title(name), fontsize=9)
        ax.set_yticks([])
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.xaxis.set_major_formatter(ScalarFormatter(useOffset=False))
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes.flat[len(names) :]:
        ax.remove()

    handles = [
        Line2D([], [], color=palette[key], lw=2, label=f"{key} (reference)" if key == reference else key)
        for key in posteriors
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), fontsize=9)
    what = "Marginal posteriors"
    fig.suptitle(title if title is not None else posterior_title(posteriors.values(), what), fontsize=12)
    return fig


def _varying(draws, name):
    """Only the posteriors in which ``name`` varies set the axis range (a constant one is a line)."""
    return {key: d for key, d in draws.items() if not _is_constant(d.get(name))}


def _fixed(draws, name):
    """The posteriors in which ``name`` takes one finite value."""
    return {
        key: d
        for key, d in draws.items()
        if d.get(name) is not None and _finite(d[name]).size and _is_constant(d[name])
    }


def _panel_title(name):
    try:
        text = describe(name).description
    except KeyError:
        return name
    return "\n".join(textwrap.wrap(text[0].upper() + text[1:], 34))
