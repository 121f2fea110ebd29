"""The smallest and largest radius a model allows at each mass: its densest layer alone and its lightest
layer alone.

For the built-in three-layer models the pure innermost layer is the densest composition (pure Fe for
``iron-silicate-water``, pure MgSiO3 for ``silicate-water-hydrogen``) and the pure outermost layer the
lightest (pure H2O, pure cold H2): every mixture lies between the two at every mass from 0.01 to 100 M_E
(checked on random compositions by ``tests/test_classify.py``), because each layer is everywhere denser
than the one above it at equal pressure.

The two curves are solved on a grid in ln M (step 0.05) and interpolated with cubic splines in
(ln M, ln R), which reproduce the solver to ~1e-8 in ln R; masses outside the range where the model can
be built (e.g. pure cold H2 above ~200 M_E, where it leaves its EOS range) get NaN.
"""

from dataclasses import dataclass

import numpy as np

from .labels import layer_labels

__all__ = ["RadiusLimits", "radius_limits"]

#: Grid step in ln M for the limit curves.
LN_MASS_STEP = 0.05


@dataclass(frozen=True)
class RadiusLimits:
    """Radius range [R_E] a model allows at given masses.

    Attributes
    ----------
    model : str
    lower_label, upper_label : str
        What sets each limit, e.g. ``"pure Fe"`` and ``"pure H2O"``.
    lower, upper : ndarray
        Smallest and largest radius at each mass; NaN where the model cannot build the pure layer.
    """

    model: str
    lower_label: str
    upper_label: str
    lower: np.ndarray
    upper: np.ndarray


def radius_limits(model, masses, teq=None):
    """The radius range of ``model`` at ``masses`` [M_E] (any shape).

    Parameters
    ----------
    model : StructureModel
    masses : array_like
        Positive masses; the limit curves are solved once on a grid spanning them.
    teq : float, optional
        Equilibrium temperature [K] for models with an envelope.

    Returns
    -------
    RadiusLimits
        ``lower`` and ``upper`` have the shape of ``masses``.
    """
    masses = np.asarray(masses, dtype=float)
    labels = layer_labels(model)
    inner, outer = model.layer_names[0], model.layer_names[-1]
    lower = _pure_layer_radius(model, inner, masses, teq)
    upper = _pure_layer_radius(model, outer, masses, teq)
    return RadiusLimits(model.name, f"pure {labels[0]}", f"pure {labels[-1]}", lower, upper)


def _pure_layer_radius(model, layer, masses, teq):
    out = np.full(masses.shape, np.nan)
    finite = np.isfinite(masses) & (masses > 0)
    if not finite.any():
        return out
    ln_m = np.log(masses[finite])
    lo, hi = ln_m.min(), ln_m.max()
    n = max(4, int(np.ceil((hi - lo) / LN_MASS_STEP)) + 1)
    grid = np.linspace(lo - LN_MASS_STEP, hi + LN_MASS_STEP, n + 2)
    params = {"mass": np.exp(grid)}
    params.update({f"w_{name}": np.full(grid.size, float(name == layer)) for name in model.layer_names})
    if model.uses_teq:
        params["teq"] = np.full(grid.size, np.nan if teq is None else teq)
    ln_r = np.log(model.simulate(params).radius)
    ok = np.isfinite(ln_r)
    if ok.sum() < 2:
        return out
    from scipy.interpolate import CubicSpline  # imported on use: the command line starts faster

    # Fit only the contiguous finite run of the grid: beyond it (EOS range) the model has no answer.
    first, last = _longest_run(ok)
    spline = CubicSpline(grid[first : last + 1], ln_r[first : last + 1])
    inside = (ln_m >= grid[first]) & (ln_m <= grid[last])
    values = np.full(ln_m.shape, np.nan)
    values[inside] = np.exp(spline(ln_m[inside]))
    out[finite] = values
    return out


def _longest_run(mask):
    """First and last index of the longest run of True."""
    best, start, best_range = 0, None, (0, -1)
    for i, v in enumerate(np.append(mask, False)):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if i - start > best:
                best, best_range = i - start, (start, i - 1)
            start = None
    return best_range
