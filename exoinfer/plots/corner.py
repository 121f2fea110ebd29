"""Corner plots of posteriors: 1-D marginal densities on the diagonal, 2-D credible-region contours below
it, for one posterior or several overlaid (e.g. MDN and NPE against the MCMC reference).

Written on matplotlib directly (after Foreman-Mackey 2016, *corner.py*, JOSS 1, 24): a 2-D histogram,
smoothed by a Gaussian of about one bin, is contoured at the density values exceeded at the stated
fractions of the draws, i.e. around highest-density regions that hold those fractions of the draws.
Taking the levels from the density at the draws (rather than from the histogram's cell masses) keeps the
stated fractions true whatever the smoothing, which widens the density. The defaults 39.3% and 86.5% are
the fractions a 2-D Gaussian holds within 1 and 2 sigma (1 - exp(-k^2 / 2)), so the contours read like
1- and 2-sigma.
"""

import numpy as np

from ..errors import InputError
from ..vocabulary import describe
from ._figures import pyplot

__all__ = ["SIGMA_LEVELS", "default_corner_names", "plot_corner"]

#: Fractions of a 2-D Gaussian within 1 and 2 sigma: the default contour levels.
SIGMA_LEVELS = (1.0 - np.exp(-0.5), 1.0 - np.exp(-2.0))

#: Colours of overlaid posteriors, in order (the reference, when named, is drawn in dark grey).
_COLORS = ("C0", "C3", "C2", "C1", "C4", "C5", "C6", "C8", "C9")
_REFERENCE_COLOR = "0.25"
_TRUTH_COLOR = "C7"

#: Draws outside these quantiles of each posterior are left out of the axis ranges, so that a few
#: outliers (e.g. tails of an amortized estimator) do not squash every panel.
_RANGE_QUANTILES = (0.0005, 0.9995)


def plot_corner(
    posteriors,
    names=None,
    labels=None,
    truths=None,
    reference=None,
    *,
    levels=SIGMA_LEVELS,
    bins=None,
    smooth=1.0,
    colors=None,
    title=None,
    show_summary=None,
    log=None,
    figsize=None,
):
    """Corner plot of chosen parameters and derived quantities of one or several posteriors.

    Parameters
    ----------
    posteriors : InferenceData or dict of str to InferenceData
        One posterior, or label (method name) to posterior to overlay in distinct colours with a legend.
        A single posterior is labelled by its ``method`` attribute.
    names : sequence of str, optional
        Posterior variables to show, in order. By default the model's parameters followed by the layer
        thickness fractions ``d_*`` (see :func:`default_corner_names`). Variables that are constant in
        every posterior (e.g. the mass fraction of a layer fixed at 0) or entirely NaN are skipped.
    labels : dict of str to str or sequence of str, optional
        Axis labels replacing those of :func:`exoinfer.vocabulary.describe` (which carry the units).
    truths : dict of str to float, optional
        True values, marked by lines (and squares where two cross).
    reference : str, optional
        Key of ``posteriors`` that the others are judged against (e.g. ``"MCMC"``): drawn first, filled,
        in dark grey, and marked "(reference)" in the legend.
    levels : sequence of float, optional
        Fractions of the draws that the 2-D contours enclose (highest-density regions of the smoothed
        histogram). Default: those of a 2-D Gaussian within 1 and 2 sigma, 39.3% and 86.5%.
    bins : int, optional
        Histogram bins per variable; by default from the smallest sample (2 n^(1/3), between 12 and 50).
    smooth : float, optional
        Width [bins] of the Gaussian that smooths the 2-D histograms before contouring; 0 for none.
    colors : sequence of colors, optional
        One per posterior (including the reference).
    title : str, optional
        Figure title; by default the planet and model from the posteriors' attributes.
    show_summary : bool, optional
        Write median and 16-84% interval above each diagonal panel; by default only for one posterior.
    log : sequence of str, optional
        Variables shown as log10 (histograms and contours in log10, the label says so). By default those
        whose draws are all positive and whose central 68% spans more than 1.5 decades, such as an
        envelope fraction under its log-uniform prior; ``()`` for none.
    figsize : (float, float), optional

    Returns
    -------
    matplotlib Figure
        The lower triangle only: ``len(names) * (len(names) + 1) / 2`` axes, diagonal first in each row.

    Raises
    ------
    InputError
        If a name is in none of the posteriors, ``reference`` is not a key, a level is outside (0, 1), or no
        named variable varies.
    """
    posteriors = _as_posteriors(posteriors)
    if reference is not None and reference not in posteriors:
        raise InputError("reference", reference, f"one of the posteriors: {', '.join(posteriors)}")
    if reference is not None:
        # Drawn first, so that the overlays lie on top of its filled regions.
        posteriors = {reference: posteriors[reference]} | {
            k: v for k, v in posteriors.items() if k != reference
        }
    levels = tuple(sorted(float(p) for p in np.atleast_1d(levels)))
    if not levels or not all(0.0 < p < 1.0 for p in levels):
        raise InputError("levels", levels, "fractions strictly between 0 and 1")
    first = next(iter(posteriors.values()))
    names = list(names) if names is not None else default_corner_names(first)
    _check_names(names, posteriors)
    labels = _labels(names, labels)
    draws = {key: {n: _values(idata, n) for n in names} for key, idata in posteriors.items()}
    names = [n for n in names if not all(_is_constant(d.get(n)) for d in draws.values())]
    if not names:
        raise InputError("names", "constant variables only", "at least one variable that varies")

    truths = dict(truths or {})
    log = set(_log_names(names, draws) if log is None else log) & set(names)
    for name in log:
        # Non-positive draws have no logarithm: NaN, i.e. left out like failed draws.
        for d in draws.values():
            if d.get(name) is not None:
                d[name] = np.log10(np.where(d[name] > 0, d[name], np.nan))
        if name in truths:
            truths[name] = np.log10(truths[name]) if truths[name] > 0 else None
        labels[name] = _log_label(labels[name])
    n_min = min(_finite(d[n]).size for d in draws.values() for n in names if d.get(n) is not None)
    n_bins = int(bins) if bins else int(np.clip(round(2.0 * n_min ** (1.0 / 3.0)), 12, 50))
    edges = {n: np.linspace(*_axis_range(n, draws, truths.get(n)), n_bins + 1) for n in names}
    palette = _palette(posteriors, reference, colors)
    filled = {key: key == reference or len(posteriors) == 1 for key in posteriors}
    if show_summary is None:
        show_summary = len(posteriors) == 1

    fig, axes = _grid(len(names), figsize)
    for i, row in enumerate(names):
        for j, col in enumerate(names[: i + 1]):
            ax = axes[i, j]
            for key in posteriors:
                x = draws[key].get(col)
                if i == j and x is not None:
                    _draw_marginal(ax, x, edges[col], palette[key], filled[key])
                elif x is not None and draws[key].get(row) is not None:
                    _draw_contours(
                        ax,
                        x,
                        draws[key][row],
                        edges[col],
                        edges[row],
                        levels,
                        smooth,
                        palette[key],
                        filled[key],
                    )
            _mark_truths(ax, truths.get(col), truths.get(row) if i != j else None)
            ax.set_xlim(edges[col][0], edges[col][-1])
            if i != j:
                ax.set_ylim(edges[row][0], edges[row][-1])
            _decorate(ax, i, j, len(names), labels[col], labels[row])
        if show_summary:
            key = next(iter(posteriors))
            axes[i, i].set_title(_summary(labels[row], draws[key][row]), fontsize=8)

    _legend(fig, axes, posteriors, palette, reference, levels, bool(truths and set(truths) & set(names)))
    fig.suptitle(title if title is not None else posterior_title(posteriors.values()), fontsize=12)
    fig.align_labels()
    return fig


def default_corner_names(idata):
    """The model's parameters, then the layer thickness fractions ``d_*``, that are in ``idata``.

    Falls back to the posterior's own ``mass``, ``w_*``, ``teq`` and ``d_*`` when its model cannot be found.
    """
    present = list(idata.posterior.data_vars)
    model = model_of(idata)
    if model is not None:
        names = [*model.parameter_names, *(f"d_{layer}" for layer in model.layer_names)]
    else:
        names = [n for n in present if n == "mass" or n.startswith("w_")]
        names += [n for n in ("teq",) if n in present] + [n for n in present if n.startswith("d_")]
    return [n for n in names if n in present]


# ------------------------------------------------------------------------------------------------------
# helpers shared with the other posterior plots


def model_of(idata):
    """The StructureModel named in the posterior's attributes, or None when it cannot be found."""
    from ..errors import ModelError
    from ..structure import get_model

    name = idata.posterior.attrs.get("model")
    if not name:
        return None
    try:
        return get_model(name)
    except ModelError:
        return None


def quantity_label(name):
    """The vocabulary's plot label (with unit) of ``name``; the bare name for unknown variables."""
    try:
        return describe(name).label
    except KeyError:
        return name.replace("_", r"\_")


def posterior_title(posteriors, what="Posterior"):
    """``"Posterior of <planet> (<model> model)"`` from the attributes of one or more posteriors."""
    attrs = [idata.posterior.attrs for idata in posteriors]
    planets = _unique(a.get("planet") for a in attrs)
    models = _unique(a.get("model") for a in attrs)
    text = what
    if planets:
        text += f" of {', '.join(planets)}"
    if models:
        text += f" ({', '.join(models)} model{'s' if len(models) > 1 else ''})"
    return text


def is_constant(values):
    """True for None, all-NaN, or draws that do not vary (within rounding)."""
    return _is_constant(values)


def _unique(values):
    out = []
    for v in values:
        if v and str(v) not in out:
            out.append(str(v))
    return out


def _as_posteriors(posteriors):
    if hasattr(posteriors, "posterior"):
        return {str(posteriors.posterior.attrs.get("method", "posterior")): posteriors}
    if not isinstance(posteriors, dict) or not posteriors:
        raise InputError(
            "posteriors", type(posteriors).__name__, "an InferenceData or a non-empty dict of them"
        )
    for key, idata in posteriors.items():
        if not hasattr(idata, "posterior"):
            raise InputError(
                f"posteriors[{key!r}]", type(idata).__name__, "an InferenceData with a posterior"
            )
    return {str(k): v for k, v in posteriors.items()}


def _check_names(names, posteriors):
    known = set().union(*(idata.posterior.data_vars for idata in posteriors.values()))
    for name in names:
        if name not in known:
            raise InputError("posterior variable", name, f"one of {', '.join(sorted(known))}")


def _labels(names, labels):
    out = {n: quantity_label(n) for n in names}
    if isinstance(labels, dict):
        out.update({k: str(v) for k, v in labels.items() if k in out})
    elif labels is not None:
        labels = list(labels)
        if len(labels) != len(names):
            raise InputError("labels", len(labels), f"one label per name ({len(names)})")
        out.update(zip(names, map(str, labels), strict=True))
    return out


def _values(idata, name):
    if name not in idata.posterior:
        return None
    return np.asarray(idata.posterior[name].values, dtype=float).reshape(-1)


def _finite(x):
    return x[np.isfinite(x)]


def _is_constant(values):
    if values is None:
        return True
    x = _finite(np.asarray(values, dtype=float).reshape(-1))
    if x.size == 0:
        return True
    return bool(np.ptp(x) <= 1e-12 * max(1.0, float(np.max(np.abs(x)))))


def _log_names(names, draws):
    out = []
    for name in names:
        x = np.concatenate([_finite(d[name]) for d in draws.values() if d.get(name) is not None])
        if x.size and x.min() > 0:
            low, high = np.quantile(x, [0.16, 0.84])
            if high > 10.0**1.5 * low:
                out.append(name)
    return out


def _log_label(label):
    """``"$w_\\mathrm{gas}$"`` -> ``"$\\log_{10}\\,w_\\mathrm{gas}$"``, keeping a ``[unit]`` suffix."""
    symbol, bracket, unit = label.partition(" [")
    if symbol.startswith("$") and symbol.endswith("$") and symbol.count("$") == 2:
        return rf"$\log_{{10}}\,{symbol.strip('$')}$" + (f" [{unit}" if bracket else "")
    return rf"$\log_{{10}}$ {label}"


def _axis_range(name, draws, truth):
    lows, highs = [], []
    for d in draws.values():
        x = d.get(name)
        if x is None or _finite(x).size == 0:
            continue
        lo, hi = np.quantile(_finite(x), _RANGE_QUANTILES)
        lows.append(lo)
        highs.append(hi)
    lo, hi = min(lows), max(highs)
    if truth is not None and np.isfinite(truth):
        lo, hi = min(lo, truth), max(hi, truth)
    if hi <= lo:  # varies only in the trimmed tails
        hi, lo = lo + 0.5 * max(abs(lo), 1e-12), lo - 0.5 * max(abs(lo), 1e-12)
    pad = 0.03 * (hi - lo)
    # Fractions and other non-negative quantities: an axis reaching below 0 would suggest impossible values.
    floor = (
        0.0 if all(np.nanmin(d[name]) >= 0.0 for d in draws.values() if d.get(name) is not None) else -np.inf
    )
    return max(lo - pad, floor), hi + pad


def _palette(posteriors, reference, colors):
    if colors is not None:
        colors = list(colors)
        if len(colors) < len(posteriors):
            raise InputError("colors", len(colors), f"one colour per posterior ({len(posteriors)})")
        return dict(zip(posteriors, colors, strict=False))
    others = iter(_COLORS * (1 + len(posteriors) // len(_COLORS)))
    return {key: _REFERENCE_COLOR if key == reference else next(others) for key in posteriors}


def _grid(n, figsize):
    plt = pyplot()
    if figsize is None:
        panel = 1.9 if n <= 4 else (1.6 if n <= 7 else 1.45)
        side = max(4.8, n * panel + 1.3)
        figsize = (side, side)
    fig = plt.figure(figsize=figsize, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.02, h_pad=0.02, wspace=0.0, hspace=0.0)
    grid = fig.add_gridspec(n, n)
    axes = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(i + 1):
            axes[i, j] = fig.add_subplot(grid[i, j])
    return fig, axes


def marginal_density(x, edges):
    """Histogram density of the finite draws ``x`` on ``edges``, per unit of x, normalized by the number
    of all finite draws (so it integrates to the fraction of them inside the edges, ~1)."""
    x = _finite(np.asarray(x, dtype=float))
    counts, _ = np.histogram(x, bins=edges)
    return counts / (max(x.size, 1) * np.diff(edges))


def _draw_marginal(ax, x, edges, color, filled):
    density = marginal_density(x, edges)
    if filled:
        ax.stairs(density, edges, fill=True, color=color, alpha=0.2, lw=0)
    ax.stairs(density, edges, color=color, lw=1.4)
    top = max(ax.get_ylim()[1], 1.08 * float(density.max()))
    ax.set_ylim(0.0, top)


def hpd_thresholds(density_at_draws, total, fractions):
    """Density levels whose superlevel sets hold ``fractions`` of the draws.

    Parameters
    ----------
    density_at_draws : array_like
        The estimated density at each draw inside the plotted range.
    total : int
        Number of all finite draws (those outside the range count as outside every region).
    fractions : sequence of float

    Returns
    -------
    ndarray
        One level per fraction, in increasing order of density (decreasing fraction), as ``contour``
        wants them: the level of fraction f is exceeded at f * total of the draws.
    """
    values = np.sort(np.asarray(density_at_draws, dtype=float).ravel())[::-1]
    out = []
    for fraction in sorted(fractions, reverse=True):
        k = int(np.clip(np.ceil(fraction * total) - 1, 0, max(values.size - 1, 0)))
        out.append(float(values[k]) if values.size else 0.0)
    out = np.array(out)
    # contour needs strictly increasing levels; ties occur for very few or very clumped draws.
    for k in range(1, out.size):
        if out[k] <= out[k - 1]:
            out[k] = np.nextafter(out[k - 1], np.inf)
    return out


def _smoothed_histogram(x, y, xedges, yedges, smooth):
    ok = np.isfinite(x) & np.isfinite(y)
    hist, _, _ = np.histogram2d(x[ok], y[ok], bins=[xedges, yedges])
    hist = hist.T  # rows along y, as contour expects
    if smooth > 0:
        from scipy.ndimage import gaussian_filter

        # "constant": mass smoothed past the range is lost instead of piling up at the edges.
        hist = gaussian_filter(hist, smooth, mode="constant")
    return hist, int(ok.sum())


def _draw_contours(ax, x, y, xedges, yedges, levels, smooth, color, filled):
    from matplotlib.colors import to_rgba
    from scipy.ndimage import map_coordinates

    hist, total = _smoothed_histogram(x, y, xedges, yedges, smooth)
    if total == 0 or hist.max() <= 0:
        return None
    # A ring of empty cells around the grid lets every contour close inside the axes.
    hist = np.pad(hist, 1)
    xc = _padded_centres(xedges)
    yc = _padded_centres(yedges)
    # The density at each draw, interpolated bilinearly between cell centres as contour does, so that a
    # draw is inside a line exactly when its density exceeds the line's level.
    ok = np.isfinite(x) & np.isfinite(y)
    columns = (x[ok] - xc[0]) / (xc[1] - xc[0])
    rows = (y[ok] - yc[0]) / (yc[1] - yc[0])
    at_draws = map_coordinates(hist, [rows, columns], order=1, mode="constant", cval=0.0)
    thresholds = hpd_thresholds(at_draws, total, levels)
    if filled:
        shades = [to_rgba(color, a) for a in np.linspace(0.18, 0.45, len(thresholds))]
        ax.contourf(xc, yc, hist, levels=[*thresholds, np.inf], colors=shades)
    widths = np.linspace(0.9, 1.5, len(thresholds))
    return ax.contour(xc, yc, hist, levels=thresholds, colors=[color], linewidths=widths)


def _padded_centres(edges):
    centres = 0.5 * (edges[1:] + edges[:-1])
    step = edges[1] - edges[0]
    return np.concatenate([[centres[0] - step], centres, [centres[-1] + step]])


def _mark_truths(ax, x_truth, y_truth):
    style = {"color": _TRUTH_COLOR, "lw": 1.0, "ls": "--", "zorder": 5}
    if x_truth is not None:
        ax.axvline(x_truth, **style)
    if y_truth is not None:
        ax.axhline(y_truth, **style)
    if x_truth is not None and y_truth is not None:
        ax.plot([x_truth], [y_truth], "s", color=_TRUTH_COLOR, ms=4, zorder=6)


def _decorate(ax, i, j, n, xlabel, ylabel):
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    ax.xaxis.set_major_locator(MaxNLocator(4, prune="both" if n > 1 else None))
    ax.xaxis.set_major_formatter(ScalarFormatter(useOffset=False))
    if i == n - 1:
        ax.set_xlabel(xlabel, fontsize=10)
        ax.tick_params(axis="x", labelsize=8, labelrotation=45)
    else:
        ax.tick_params(axis="x", labelbottom=False)
    if i == j:
        # The diagonal's density scale differs per variable and would clash with the row's y ticks.
        ax.set_yticks([])
        return
    ax.yaxis.set_major_locator(MaxNLocator(4, prune="both"))
    ax.yaxis.set_major_formatter(ScalarFormatter(useOffset=False))
    if j == 0:
        ax.set_ylabel(ylabel, fontsize=10)
        ax.tick_params(axis="y", labelsize=8, labelrotation=45)
    else:
        ax.tick_params(axis="y", labelleft=False)


def _summary(label, x):
    """``"$M$ = 1.00^{+0.05}_{-0.04} [M_E]"``: the median and 16-84% interval, two significant digits."""
    x = _finite(x)
    if x.size == 0:
        return ""
    low, median, high = np.quantile(x, [0.16, 0.5, 0.84])
    up, down = high - median, median - low
    smallest = min(v for v in (up, down, abs(median), 1.0) if v > 0) if max(up, down) > 0 else 1.0
    decimals = int(np.clip(1 - np.floor(np.log10(smallest)), 0, 6))
    symbol, _, unit = label.partition(" [")
    symbol = symbol.strip("$") if symbol.count("$") == 2 else symbol
    unit = f" [{unit}" if unit else ""
    return f"${symbol} = {median:.{decimals}f}^{{+{up:.{decimals}f}}}_{{-{down:.{decimals}f}}}${unit}"


def _legend(fig, axes, posteriors, palette, reference, levels, with_truths):
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=palette[key], lw=2, label=f"{key} (reference)" if key == reference else key)
        for key in posteriors
    ]
    if with_truths:
        handles.append(Line2D([], [], color=_TRUTH_COLOR, ls="--", marker="s", ms=4, label="true value"))
    caption = "contours: " + " and ".join(f"{100 * p:.0f}%" for p in levels) + " of the draws"
    n = axes.shape[0]
    if n == 1:
        axes[0, 0].legend(handles=handles, title=caption, fontsize=8, title_fontsize=8, loc="upper right")
        return
    # The empty upper triangle holds the legend: anchored, in the top-left panel's axes units, at the
    # grid's top-right corner (panels touch, so n panel widths along), and kept out of the layout so that
    # it does not widen that panel's margins.
    legend = axes[0, 0].legend(
        handles=handles,
        title=caption,
        loc="upper right",
        bbox_to_anchor=(n, 1.0),
        fontsize=9,
        title_fontsize=9,
        frameon=False,
    )
    legend.set_in_layout(False)
