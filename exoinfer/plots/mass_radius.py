"""Mass-radius diagrams: composition curves, shaded regions and observed planets."""

import numpy as np

from ._figures import pyplot

__all__ = ["plot_mass_radius"]

#: Planets beyond this many are drawn without name labels (they would overlap).
MAX_ANNOTATED = 30


def plot_mass_radius(
    masses,
    curves,
    planets=None,
    title=None,
    ax=None,
    regions=None,
    annotate=None,
    xlim=None,
    ylim=None,
    log_radius=False,
):
    """Draw composition curves (and planets with error bars) on log-mass axes.

    Parameters
    ----------
    masses : array_like
        Masses [M_E] of the curves' points.
    curves : dict of str to array_like
        Label to radii [R_E]; NaN points (planets that cannot be built) are left out.
    planets : sequence of dict or Planet, optional
        Each with ``name``, ``mass``, ``radius`` and optionally ``mass_err`` and ``radius_err`` (symmetric
        floats or (lower, upper) pairs) in Earth units; :class:`exoinfer.catalog.Planet` objects work too.
    title : str, optional
    ax : matplotlib Axes, optional
    regions : dict of str to (array_like or None, array_like or None), optional
        Label to (lower, upper) radii [R_E] at ``masses`` of a shaded region; None is the axis edge.
    annotate : bool, optional
        Write planet names; by default only when there are at most 30 planets.
    xlim, ylim : (float, float), optional
    log_radius : bool, optional
        Logarithmic radius axis (for catalogs that span rocky planets to giants).

    Returns
    -------
    matplotlib Figure
    """
    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 5.5), layout="constrained")
    else:
        fig = ax.figure
    masses = np.asarray(masses, dtype=float)
    for label, radii in curves.items():
        ax.plot(masses, radii, label=label, lw=1.8)
    planets = [_as_dict(p) for p in planets or ()]
    if annotate is None:
        annotate = len(planets) <= MAX_ANNOTATED
    _draw_planets(ax, planets)
    ax.set_xscale("log")
    if log_radius:
        ax.set_yscale("log")
    if xlim:
        ax.set_xlim(*xlim)
    if ylim:
        ax.set_ylim(*ylim)
    _draw_regions(ax, masses, regions or {})
    ax.set_xlabel(r"Mass [$M_\oplus$]")
    ax.set_ylabel(r"Radius [$R_\oplus$ = 6371 km]")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    if title:
        ax.set_title(title)
    if annotate and planets:
        # Last: label placement needs the final axis scales and limits.
        _place_labels(ax, planets)
    return fig


def _draw_planets(ax, planets):
    for i, planet in enumerate(planets):
        ax.errorbar(
            planet["mass"],
            planet["radius"],
            xerr=_as_err(planet.get("mass_err")),
            yerr=_as_err(planet.get("radius_err")),
            fmt="o",
            color="k",
            ms=4 if len(planets) <= 100 else 2,
            lw=1 if len(planets) <= 100 else 0.5,
            capsize=2 if len(planets) <= 100 else 0,
            label="planets (1-sigma errors)" if i == 0 else None,
            zorder=3,
        )


#: Candidate label offsets [points] and alignments, tried in order; the far ones get a leader line.
_OFFSETS = [
    ((4, 3), "left", "bottom"),
    ((4, -3), "left", "top"),
    ((-4, 3), "right", "bottom"),
    ((-4, -3), "right", "top"),
    ((0, 7), "center", "bottom"),
    ((0, -7), "center", "top"),
    ((18, 14), "left", "bottom"),
    ((18, -14), "left", "top"),
    ((-18, 14), "right", "bottom"),
    ((-18, -14), "right", "top"),
    ((30, 26), "left", "bottom"),
    ((-30, -26), "right", "top"),
    ((30, -26), "left", "top"),
    ((-30, 26), "right", "bottom"),
]


def _place_labels(ax, planets):
    """Name each planet where its label overlaps no other label or planet marker (greedy, in the order
    given; the first candidate is used when none is free)."""
    from matplotlib.text import Text

    fig = ax.figure
    fig.canvas.draw()  # fixes the layout, so that display coordinates are final
    renderer = fig.canvas.get_renderer()
    points = ax.transData.transform([(p["mass"], p["radius"]) for p in planets])
    pad = 3.0 * fig.dpi / 72.0
    markers = [(x - pad, y - pad, x + pad, y + pad) for x, y in points]
    taken = []
    for i, planet in enumerate(planets):
        others = taken + markers[:i] + markers[i + 1 :]
        fallback = placed = None
        for offset, ha, va in _OFFSETS:
            text = _label(ax, planet, offset, ha, va)
            # The text alone: an Annotation's own extent includes its leader line.
            text.update_positions(renderer)
            extent = Text.get_window_extent(text, renderer)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            if not any(_overlap(box, other) for other in others):
                placed = (text, box)
                break
            if fallback is None:
                fallback = (text, box)
            else:
                text.remove()
        if placed is None:
            placed = fallback
        elif fallback is not None:
            fallback[0].remove()
        taken.append(placed[1])


def _label(ax, planet, offset, ha, va):
    leader = {"arrowstyle": "-", "lw": 0.5, "color": "0.4", "shrinkA": 0, "shrinkB": 3}
    return ax.annotate(
        planet["name"],
        (planet["mass"], planet["radius"]),
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=7,
        arrowprops=leader if abs(offset[0]) > 10 else None,
    )


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _draw_regions(ax, masses, regions):
    bottom, top = ax.get_ylim()
    for i, (label, (lower, upper)) in enumerate(regions.items()):
        lower = np.full(masses.shape, bottom) if lower is None else np.asarray(lower, dtype=float)
        upper = np.full(masses.shape, top) if upper is None else np.asarray(upper, dtype=float)
        ok = np.isfinite(lower) & np.isfinite(upper)
        ax.fill_between(
            masses[ok], lower[ok], upper[ok], color=f"0.{5 + 2 * (i % 2)}", alpha=0.25, lw=0, label=label
        )
    ax.set_ylim(bottom, top)


def _as_dict(planet):
    if isinstance(planet, dict):
        return planet
    return {
        "name": planet.name,
        "mass": planet.mass,
        "radius": planet.radius,
        "mass_err": planet.mass_err,
        "radius_err": planet.radius_err,
    }


def _as_err(err):
    if err is None:
        return None
    err = np.atleast_1d(np.asarray(err, dtype=float))
    return err.reshape(2, 1) if err.size == 2 else err
