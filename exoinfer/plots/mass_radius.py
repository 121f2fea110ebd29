"""Mass-radius diagrams: composition curves and observed planets."""

import numpy as np

__all__ = ["plot_mass_radius"]


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg") and not matplotlib.is_interactive():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_mass_radius(masses, curves, planets=None, title=None, ax=None):
    """Draw composition curves (and planets with error bars) on log-mass axes.

    Parameters
    ----------
    masses : array_like
        Masses [M_E] of the curves' points.
    curves : dict of str to array_like
        Label to radii [R_E]; NaN points (planets that cannot be built) are left out.
    planets : sequence of dict, optional
        Each with ``name``, ``mass``, ``radius`` and optionally ``mass_err`` and ``radius_err`` (symmetric
        floats or (lower, upper) pairs) in Earth units.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Figure
    """
    plt = _pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.0, 5.0), layout="constrained")
    else:
        fig = ax.figure
    for label, radii in curves.items():
        ax.plot(masses, radii, label=label, lw=1.8)
    for planet in planets or ():
        ax.errorbar(
            planet["mass"],
            planet["radius"],
            xerr=_as_err(planet.get("mass_err")),
            yerr=_as_err(planet.get("radius_err")),
            fmt="o",
            color="k",
            ms=4,
            capsize=2,
        )
        ax.annotate(
            planet["name"],
            (planet["mass"], planet["radius"]),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xscale("log")
    ax.set_xlabel(r"Mass [$M_\oplus$]")
    ax.set_ylabel(r"Radius [$R_\oplus$ = 6371 km]")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    if title:
        ax.set_title(title)
    return fig


def _as_err(err):
    if err is None:
        return None
    err = np.atleast_1d(np.asarray(err, dtype=float))
    return err.reshape(2, 1) if err.size == 2 else err
