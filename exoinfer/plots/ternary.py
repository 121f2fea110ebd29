"""Ternary diagrams of three-layer compositions (mpltern): degeneracy curves with their uncertainty bands,
and clouds or densities of sampled mass fractions (e.g. posterior samples).

Corners: the top is the innermost layer (alpha), the lower left the middle layer (beta) and the lower
right the outer layer (gamma); each axis reads that layer's mass fraction from 0 to 1.
"""

import numpy as np

from ._figures import pyplot

__all__ = ["plot_degeneracy", "plot_ternary_samples", "ternary_axes"]


def ternary_axes(labels, ax=None, title=None, figsize=(6.4, 6.6)):
    """Ternary axes with each corner labelled by its layer.

    Parameters
    ----------
    labels : sequence of 3 str
        Innermost, middle and outer layer, e.g. ``("Fe", "MgSiO$_3$", "H$_2$O")``.
    ax : mpltern TernaryAxes, optional
        Axes to decorate; new ones are made otherwise.
    title : str, optional
    figsize : tuple, optional

    Returns
    -------
    mpltern TernaryAxes
    """
    import mpltern  # noqa: F401  (registers the "ternary" projection)

    plt = pyplot()
    if ax is None:
        fig = plt.figure(figsize=figsize)
        ax = fig.add_subplot(projection="ternary")
        fig.subplots_adjust(left=0.1, right=0.9, bottom=0.22, top=0.86 if title else 0.92)
    top, left, right = (f"{name} mass fraction" for name in labels)
    ax.set_tlabel(top)
    ax.set_llabel(left)
    ax.set_rlabel(right)
    for axis in (ax.taxis, ax.laxis, ax.raxis):
        axis.set_label_position("tick1")
    ax.grid(True, alpha=0.35, linewidth=0.6)
    ax.tick_params(labelsize=8)
    if title:
        ax.set_title(title, pad=28, fontsize=11)
    return ax


def plot_degeneracy(curves, labels=None, ax=None, title=None, colors=None, min_solvable=0.05):
    """Draw degeneracy curves (lines) and their uncertainty bands (shaded) on a ternary diagram.

    Parameters
    ----------
    curves : sequence of DegeneracyCurve
        From :func:`exoinfer.composition.degeneracy_curves`, all of one model.
    labels : sequence of 3 str, optional
        Corner labels; by default the chemical labels of the curves' model.
    ax : mpltern TernaryAxes, optional
    title : str, optional
    colors : sequence of colors, optional
    min_solvable : float, optional
        The band is shaded only at alphas where at least this fraction of the draws has a solution:
        quantiles of a handful of draws are noise (with 1,000 draws and the default 5%, at least 50).

    Returns
    -------
    matplotlib Figure
    """
    if not curves:
        raise ValueError("plot_degeneracy needs at least one curve")
    if labels is None:
        labels = _model_labels(curves[0].model)
    from matplotlib.legend_handler import HandlerTuple

    ax = ternary_axes(labels, ax=ax, title=title)
    colors = colors or [f"C{i}" for i in range(len(curves))]
    handles, names = [], []
    for curve, color in zip(curves, colors, strict=False):
        band = _draw_band(ax, curve, color, min_solvable)
        line = _draw_curve(ax, curve, color)
        handles.append((band, line) if band is not None else line)
        names.append(_curve_label(curve))
    ax.legend(
        handles,
        names,
        handler_map={tuple: HandlerTuple(ndivide=1)},
        title=_band_caption(curves, min_solvable, labels[1]),
        title_fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        fontsize=8,
        frameon=False,
        ncol=2 if len(curves) > 1 else 1,
    )
    return ax.figure


def plot_ternary_samples(ax, a, b, c, kind="scatter", **kwargs):
    """Samples of three mass fractions (a, b, c) on ternary axes from :func:`ternary_axes`.

    Parameters
    ----------
    ax : mpltern TernaryAxes
    a, b, c : array_like
        Fractions of the top, left and right corner's layer; each row is renormalised to sum to 1.
    kind : {"scatter", "hexbin", "tribin"}, optional
        Points, or a density on hexagonal or triangular bins (mpltern's ``hexbin`` / ``tribin``).
    **kwargs
        Passed to the mpltern method (e.g. ``s``, ``alpha``, ``gridsize``, ``cmap``, ``label``).

    Returns
    -------
    The matplotlib artist (a PathCollection or PolyCollection; pass it to ``colorbar`` for densities).
    """
    a, b, c = (np.asarray(x, dtype=float).ravel() for x in (a, b, c))
    total = a + b + c
    ok = np.isfinite(total) & (total > 0)
    a, b, c = a[ok] / total[ok], b[ok] / total[ok], c[ok] / total[ok]
    if kind == "scatter":
        kwargs.setdefault("s", 4)
        kwargs.setdefault("alpha", 0.4)
        kwargs.setdefault("linewidths", 0)
        return ax.scatter(a, b, c, **kwargs)
    if kind in ("hexbin", "tribin"):
        kwargs.setdefault("gridsize", 25)
        kwargs.setdefault("cmap", "viridis")
        kwargs.setdefault("mincnt", 1)
        return getattr(ax, kind)(a, b, c, **kwargs)
    raise ValueError(f"kind must be 'scatter', 'hexbin' or 'tribin', not {kind!r}")


def _model_labels(model_name):
    from ..composition.labels import layer_labels
    from ..structure import get_model

    return layer_labels(get_model(model_name), tex=True)


def _curve_label(curve):
    label = f"{curve.name}: {curve.mass:g} $M_\\oplus$, {curve.radius:g} $R_\\oplus$"
    return label if np.isfinite(curve.beta).any() else f"{label} (no composition fits)"


def _band_caption(curves, min_solvable, middle):
    """What the lines and the shading are, once for all curves."""
    with_band = [c for c in curves if c.n_draws]
    if not with_band:
        return "lines: compositions that reproduce M and R"
    q_low, q_high = with_band[0].band
    what = "min-max" if (q_low, q_high) == (0.0, 1.0) else f"{100 * q_low:g}-{100 * q_high:g}%"
    draws = with_band[0].n_draws
    return f"lines: nominal M and R; shaded: {what} of the {middle} fraction over {draws} draws of (M, R)" + (
        f",\nwhere at least {min_solvable:.0%} of the draws fit" if min_solvable > 0 else ""
    )


def _draw_curve(ax, curve, color):
    ok = np.isfinite(curve.beta)
    alpha, beta = curve.alpha[ok], curve.beta[ok]
    (line,) = ax.plot(alpha, beta, np.clip(1.0 - alpha - beta, 0.0, 1.0), color=color, lw=2.0)
    return line


def _draw_band(ax, curve, color, min_solvable):
    """Shade the band where enough draws fit; returns one of its patches (None if nothing is shaded)."""
    ok = (
        np.isfinite(curve.beta_low) & np.isfinite(curve.beta_high) & (curve.solvable_fraction >= min_solvable)
    )
    patch = None
    for run in _runs(ok):
        alpha = curve.alpha[run]
        low, high = curve.beta_low[run], curve.beta_high[run]
        t = np.concatenate([alpha, alpha[::-1]])
        left = np.concatenate([low, high[::-1]])
        right = np.clip(1.0 - t - left, 0.0, 1.0)
        (patch,) = ax.fill(t, left, right, color=color, alpha=0.25, lw=0)
    return patch


def _runs(mask):
    """Index arrays of the contiguous True runs of ``mask``."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [np.arange(s, e) for s, e in zip(starts, stops, strict=True)]
