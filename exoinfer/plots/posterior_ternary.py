"""A posterior's composition on a ternary diagram: the mass fractions of three layers, renormalized to sum
to 1 over those three, as a density (Gaussian KDE or hexagonal bins) with its highest-density regions.

By default the three layers are the solid ones (core, mantle, water): for a model with an H/He envelope
this is the composition of the solid planet under the envelope, the quantity that mass and radius
constrain least and that ternary diagrams are used for (e.g. Dorn et al. 2015, A&A 577, A83).
"""

import numpy as np

from ..errors import InputError
from ..vocabulary import mass_fraction_name
from ._figures import pyplot
from .corner import SIGMA_LEVELS, hpd_thresholds, model_of, posterior_title
from .ternary import plot_ternary_samples, ternary_axes

__all__ = ["plot_posterior_ternary", "ternary_density"]

#: At most this many draws enter the KDE (a random subset beyond): its cost grows with draws x grid.
KDE_MAX_DRAWS = 1500

#: At most this many draws are scattered.
SCATTER_MAX_DRAWS = 2000

_SQRT3 = np.sqrt(3.0)


def plot_posterior_ternary(
    idata,
    layers=None,
    *,
    kind="kde",
    scatter=False,
    truth=None,
    levels=SIGMA_LEVELS,
    gridsize=None,
    cmap="Blues",
    title=None,
    seed=0,
):
    """The posterior's mass fractions of three layers on a ternary diagram.

    Parameters
    ----------
    idata : InferenceData
        A Posterior with ``w_*`` variables and the ``model`` attribute.
    layers : sequence of 3 str, optional
        Layer names (top, lower-left, lower-right corner). Default: the model's three innermost solid
        layers, e.g. core, mantle and water.
    kind : {"kde", "hexbin"}, optional
        ``"kde"``: a Gaussian kernel density estimate (boundary-corrected by reflection at the triangle's
        edges), normalized so that 1 is the density of a uniform distribution over the triangle, with
        lines around its highest-density regions holding ``levels`` of the draws. ``"hexbin"``: the
        fraction of the draws in each hexagon.
    scatter : bool, optional
        Also draw the draws as points (at most 2,000).
    truth : dict of str to float or sequence of 3 float, optional
        True mass fractions (``w_*`` names, or the three layers' fractions in order); renormalized like
        the draws and marked with a star.
    levels : sequence of float, optional
        Fractions of the draws inside the highest-density lines (``kind="kde"``); default 39.3% and 86.5%.
    gridsize : int, optional
        KDE grid subdivisions per side (default 50) or hexagons per side (default 20).
    cmap : str, optional
    title : str, optional
        By default the planet, method and model from the attributes.
    seed : int, optional
        Seed of the random subsets of draws (KDE and scatter), for reproducible figures.

    Returns
    -------
    matplotlib Figure

    Raises
    ------
    InputError
        If the model has fewer than three solid layers and ``layers`` is not given (listing the models that
        have three), a layer is not in the model, or ``kind`` is unknown.
    """
    from ..composition.labels import layer_labels

    if kind not in ("kde", "hexbin"):
        raise InputError("kind", kind, "'kde' or 'hexbin'")
    model = model_of(idata)
    if model is None:
        raise InputError("model", idata.posterior.attrs.get("model"), "a structure model exoinfer can find")
    layers = _choose_layers(model, layers)
    index = [model.layer_names.index(layer) for layer in layers]
    labels = [layer_labels(model, tex=True)[k] for k in index]
    fractions = np.column_stack([_draws(idata, mass_fraction_name(layer)) for layer in layers])
    fractions = _renormalize(fractions)

    import mpltern  # noqa: F401  (registers the "ternary" projection)

    plt = pyplot()
    fig = plt.figure(figsize=(7.4, 7.0))
    ax = fig.add_subplot(projection="ternary")
    fig.subplots_adjust(left=0.08, right=0.80, bottom=0.25, top=0.86)
    if title is None:
        method = idata.posterior.attrs.get("method")
        title = posterior_title([idata], what="Posterior composition") + (
            f"\nmethod: {method}" if method else ""
        )
    ternary_axes(labels, ax=ax, title=title)
    rng = np.random.default_rng(seed)
    handles, ticks = [], None
    if kind == "kde":
        density_artist, line_handle, ticks = _draw_kde(ax, fractions, levels, gridsize or 50, cmap, rng)
        handles.append(line_handle)
        colour_label = "posterior density\n(1 = uniform over the triangle)"
    else:
        n = len(fractions)
        density_artist = plot_ternary_samples(
            ax,
            *fractions.T,
            kind="hexbin",
            C=np.full(n, 1.0 / n),
            reduce_C_function=np.sum,
            gridsize=gridsize or 20,
            cmap=cmap,
            edgecolors="none",
        )
        colour_label = "posterior probability per hexagon\n(fraction of the draws)"
    if scatter:
        shown = fractions[rng.permutation(len(fractions))[:SCATTER_MAX_DRAWS]]
        handles.append(
            plot_ternary_samples(ax, *shown.T, s=3, alpha=0.35, color="k", label="posterior draws")
        )
    if truth is not None:
        handles.append(_draw_truth(ax, truth, layers))
    cax = ax.inset_axes([1.08, 0.1, 0.04, 0.8], transform=ax.transAxes)
    colorbar = fig.colorbar(density_artist, cax=cax)
    if ticks is not None:
        colorbar.set_ticks(ticks)
    colorbar.set_label(colour_label, fontsize=9)
    colorbar.ax.tick_params(labelsize=8)
    ax.legend(
        handles=handles,
        title=_caption(model, layers, len(fractions)),
        title_fontsize=8,
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        frameon=False,
        ncol=max(1, min(len(handles), 2)),
    )
    return fig


def ternary_density(fractions, gridsize=50, levels=SIGMA_LEVELS, seed=0):
    """Boundary-corrected Gaussian KDE of compositions on the triangle.

    Parameters
    ----------
    fractions : ndarray, shape (n, 3)
        Rows summing to 1 (top, left, right corner's fraction).
    gridsize : int, optional
        Subdivisions per side of the triangular evaluation grid.
    levels : sequence of float, optional
        Posterior mass fractions whose highest-density thresholds are returned.
    seed : int, optional

    Returns
    -------
    vertices : ndarray, shape (m, 3)
        Grid points (t, l, r) where the density is evaluated, corners and edges included.
    density : ndarray, shape (m,)
        Density relative to a uniform distribution over the triangle: it averages to 1 over the triangle.
    thresholds : ndarray
        Density values exceeded at ``levels`` of the draws (so the regions above them hold those fractions
        of the draws), in increasing order.
    """
    rng = np.random.default_rng(seed)
    fractions = np.asarray(fractions, dtype=float)
    if len(fractions) > KDE_MAX_DRAWS:
        fractions = fractions[rng.choice(len(fractions), KDE_MAX_DRAWS, replace=False)]
    points = _cartesian(fractions)
    vertices, centroids = _triangle_grid(gridsize)
    kernel = _kde(points)
    # The centroids of the grid's gridsize^2 small triangles stand for equal areas: their mean density is
    # the integral over the triangle divided by its area, which fixes the normalization and the levels.
    scale = kernel(_cartesian(centroids)).mean()
    thresholds = hpd_thresholds(kernel(points) / scale, len(points), levels)
    return vertices, kernel(_cartesian(vertices)) / scale, thresholds


def _choose_layers(model, layers):
    if layers is None:
        solid = [layer.name for layer in model.layers if not layer.is_envelope]
        if len(solid) < 3:
            raise InputError(
                "model",
                model.name,
                f"a model with three solid layers for a ternary diagram ({', '.join(_ternary_models())})"
                + (", or three of its layers in layers=" if len(model.layers) >= 3 else ""),
            )
        return tuple(solid[:3])
    layers = tuple(layers)
    if len(layers) != 3 or len(set(layers)) != 3 or not set(layers) <= set(model.layer_names):
        raise InputError(
            "layers", layers, f"three different layers of {model.name!r}: {', '.join(model.layer_names)}"
        )
    return layers


def _ternary_models():
    """Names of the known models with at least three solid layers."""
    from ..errors import ModelError
    from ..structure import get_model, list_models

    names = []
    for name in sorted(list_models()):
        try:
            model = get_model(name)
        except ModelError:
            continue
        if sum(not layer.is_envelope for layer in model.layers) >= 3:
            names.append(name)
    return names


def _draws(idata, name):
    if name not in idata.posterior:
        raise InputError("posterior variable", name, f"one of {', '.join(idata.posterior.data_vars)}")
    return np.asarray(idata.posterior[name].values, dtype=float).reshape(-1)


def _renormalize(fractions):
    total = fractions.sum(axis=1)
    ok = np.isfinite(total) & (total > 0) & np.all(fractions >= 0, axis=1)
    if not ok.any():
        raise InputError("mass fractions", "no finite draws", "draws with finite, non-negative fractions")
    return fractions[ok] / total[ok, None]


def _caption(model, layers, n):
    names = ", ".join(layers[:-1]) + f" and {layers[-1]}"
    rest = [layer for layer in model.layers if layer.name not in layers]
    if not rest:
        what = f"mass fractions of the whole planet ({n} draws)"
    elif all(layer.is_envelope for layer in rest):
        what = (
            f"mass fractions renormalized over {names}:\nthe composition of the solid planet "
            f"without its envelope ({n} draws)"
        )
    else:
        left_out = ", ".join(layer.name for layer in rest)
        what = f"mass fractions renormalized over {names}, leaving out {left_out} ({n} draws)"
    return what


def _draw_kde(ax, fractions, levels, gridsize, cmap, rng):
    from matplotlib.lines import Line2D

    vertices, density, thresholds = ternary_density(
        fractions, gridsize, levels, seed=int(rng.integers(2**31))
    )
    t, left, right = vertices.T
    top = float(density.max())
    from matplotlib.ticker import MaxNLocator

    # Shading starts at the outer line, so what lies outside every highest-density region stays white;
    # above it, round steps, so that the colour bar reads.
    steps = MaxNLocator(8).tick_values(0.0, top if top > 0 else 1.0)
    fill_levels = [thresholds[0], *steps[steps > thresholds[0] * 1.02]]
    if fill_levels[-1] < top:
        fill_levels.append(top)
    filled = ax.tricontourf(t, left, right, density, levels=fill_levels, cmap=cmap, extend="neither")
    ax.tricontour(
        t,
        left,
        right,
        density,
        levels=thresholds,
        colors="C1",
        linewidths=np.linspace(1.0, 1.8, len(thresholds)),
    )
    fractions_text = " and ".join(f"{100 * p:.0f}%" for p in sorted(levels))
    handle = Line2D(
        [], [], color="C1", lw=1.4, label=f"highest-density regions holding {fractions_text} of the draws"
    )
    ticks = steps[(steps >= fill_levels[0]) & (steps <= fill_levels[-1])]
    return filled, handle, ticks


def _draw_truth(ax, truth, layers):
    if isinstance(truth, dict):
        values = [truth.get(mass_fraction_name(layer), np.nan) for layer in layers]
    else:
        values = list(truth)
    values = np.asarray(values, dtype=float)
    if values.shape != (3,) or not np.all(np.isfinite(values)) or np.any(values < 0) or values.sum() <= 0:
        raise InputError("truth", truth, f"three non-negative mass fractions of {', '.join(layers)}")
    values = values / values.sum()
    return ax.scatter(
        *values[:, None],
        marker="*",
        s=220,
        color="C3",
        edgecolors="white",
        linewidths=0.8,
        zorder=6,
        label="true composition",
    )


# ------------------------------------------------------------------------------------------------------
# geometry: the triangle with the left corner (l = 1) at (0, 0), the right corner (r = 1) at (1, 0) and
# the top corner (t = 1) at (1/2, sqrt(3)/2).


def _cartesian(tlr):
    tlr = np.asarray(tlr, dtype=float)
    return np.column_stack([tlr[:, 2] + 0.5 * tlr[:, 0], 0.5 * _SQRT3 * tlr[:, 0]])


def _triangle_grid(n):
    """Vertices of the triangle subdivided into n^2 equal small triangles, and those triangles' centroids."""
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    i, j = i[keep], j[keep]
    vertices = np.column_stack([i, j, n - i - j]) / n
    up_i, up_j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    up = up_i + up_j <= n - 1
    down = up_i + up_j <= n - 2
    centroids = np.concatenate(
        [
            np.column_stack([up_i[up] + 1 / 3, up_j[up] + 1 / 3]),
            np.column_stack([up_i[down] + 2 / 3, up_j[down] + 2 / 3]),
        ]
    )
    centroids = np.column_stack([centroids, n - centroids.sum(axis=1)]) / n
    return vertices, centroids


#: The triangle's edges as (a point on it, its inward unit normal), for reflecting draws across them.
_EDGES = (
    (np.array([0.0, 0.0]), np.array([0.0, 1.0])),  # bottom: t = 0
    (np.array([0.0, 0.0]), np.array([_SQRT3 / 2, -0.5])),  # left: r = 0
    (np.array([1.0, 0.0]), np.array([-_SQRT3 / 2, -0.5])),  # right: l = 0
)


def _kde(points):
    """Gaussian KDE (Scott's bandwidth, full covariance) with the draws mirrored across the three edges.

    Mirroring puts back the mass that kernels near an edge would spill outside the triangle, so the density
    of a posterior piled against an edge (e.g. little water) is not halved there (Schuster 1985,
    Commun. Stat. Theory Methods 14, 1123).
    """
    n = len(points)
    cov = np.cov(points, rowvar=False) if n > 1 else np.zeros((2, 2))
    # A floor keeps the kernel proper for draws on a line (a two-layer posterior) or a single point.
    cov = cov + np.eye(2) * 1e-6
    bandwidth = cov * n ** (-2.0 / 6.0)  # Scott: factor n^(-1/(d+4)) on the standard deviations, d = 2
    # Whitened coordinates make the kernel isotropic, so that all squared distances come from one matrix
    # product (|a|^2 + |b|^2 - 2 a.b) instead of a loop over draws.
    whiten = np.linalg.inv(np.linalg.cholesky(bandwidth)).T
    norm = 1.0 / (2.0 * np.pi * np.sqrt(np.linalg.det(bandwidth)) * n)
    mirrored = [points]
    for origin, normal in _EDGES:
        distance = (points - origin) @ normal
        mirrored.append(points - 2.0 * distance[:, None] * normal)
    sources = np.concatenate(mirrored) @ whiten
    source_norms = np.einsum("ij,ij->i", sources, sources)

    def evaluate(x):
        x = np.asarray(x, dtype=float) @ whiten
        out = np.empty(len(x))
        for start in range(0, len(x), 1024):
            chunk = x[start : start + 1024]
            q = np.einsum("ij,ij->i", chunk, chunk)[:, None] + source_norms[None, :] - 2.0 * chunk @ sources.T
            out[start : start + 1024] = norm * np.exp(-0.5 * np.maximum(q, 0.0)).sum(axis=1)
        return out

    return evaluate
