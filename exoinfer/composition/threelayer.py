"""A three-layer model as a function R(M, alpha, beta), and the exact solve for beta at given M, R, alpha.

alpha, beta and gamma = 1 - alpha - beta are the mass fractions of the innermost, middle and outermost
layer (Fe, MgSiO3, H2O for ``iron-silicate-water``). The layers of a sensible model get lighter outward,
so at fixed alpha the radius falls monotonically as beta (the denser middle layer) replaces the outer one:
a planet's radius pins down one beta per alpha, the degeneracy curve. Which way R runs is read from the
two ends of each bracket, so a model whose outer layer is the denser one works too.
"""

from enum import IntEnum

import numpy as np

from ..errors import InputError
from .roots import illinois

__all__ = ["CurveStatus", "ThreeLayer", "require_three_layers", "solve_middle_fraction"]


class CurveStatus(IntEnum):
    """Whether a composition with the given innermost fraction alpha reproduces a radius."""

    #: beta found.
    SOLVED = 0
    #: The radius exceeds every composition with this alpha: the planet is less dense than all of them.
    TOO_LIGHT = 1
    #: The radius is below every composition with this alpha: the planet is denser than all of them.
    TOO_DENSE = 2
    #: The structure solver could not build a planet at a bracket end or during the iteration.
    NOT_BUILT = 3

    @property
    def label(self):
        return self.name.lower()


def require_three_layers(model):
    """Raise :class:`InputError` unless ``model`` has exactly three layers."""
    if len(model.layer_names) != 3:
        raise InputError(
            "model",
            model.name,
            f"a model with exactly three layers (this one has {', '.join(model.layer_names)})",
        )


class ThreeLayer:
    """Radii of a three-layer model at (mass, alpha, beta), all broadcast together.

    Parameters
    ----------
    model : StructureModel
        A model with exactly three layers.
    teq : float or array_like, optional
        Equilibrium temperature [K], required when the model has an envelope.

    Raises
    ------
    InputError
        If the model does not have three layers, or needs ``teq`` and none is given.
    """

    def __init__(self, model, teq=None):
        require_three_layers(model)
        if model.uses_teq and teq is None:
            raise InputError("teq", None, f"an equilibrium temperature in K: {model.name!r} has an envelope")
        self.model = model
        self.teq = None if teq is None else np.asarray(teq, dtype=float)

    @property
    def layer_names(self):
        return self.model.layer_names

    def radius(self, mass, alpha, beta, teq=None):
        """Radius [R_E] of planets of ``mass`` [M_E] and fractions (alpha, beta, 1 - alpha - beta).

        Arguments broadcast; NaN where the solver cannot build the planet.
        """
        teq = self.teq if teq is None else teq
        arrays = [mass, alpha, beta] + ([teq] if self.model.uses_teq else [])
        arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
        mass, alpha, beta = arrays[:3]
        # Rounding can push alpha + beta a hair above 1; the outer fraction is then zero, not negative.
        gamma = np.clip(1.0 - alpha - beta, 0.0, None)
        params = dict(
            zip(self.model.fraction_names, (alpha.ravel(), beta.ravel(), gamma.ravel()), strict=True)
        )
        params["mass"] = mass.ravel()
        if self.model.uses_teq:
            params["teq"] = arrays[3].ravel()
        return self.model.simulate(params).radius.reshape(mass.shape)


def solve_middle_fraction(three, mass, radius, alpha, teq=None, xtol=1.0e-5):
    """The middle-layer fraction beta that gives ``radius`` at ``mass`` and innermost fraction ``alpha``.

    Every problem is bracketed by beta in [0, 1 - alpha] and solved by a vectorized Illinois iteration
    (:func:`~exoinfer.composition.roots.illinois`), one batched structure solve per iteration for all
    problems together.

    Parameters
    ----------
    three : ThreeLayer
    mass, radius, alpha : array_like
        Broadcast together: masses [M_E], radii [R_E], innermost fractions in [0, 1].
    teq : array_like, optional
        Per-problem equilibrium temperatures (models with an envelope), broadcast like ``mass``.
    xtol : float, optional
        Tolerance on beta (the bracket width at convergence).

    Returns
    -------
    beta : ndarray
        NaN where there is no solution.
    status : ndarray of int8
        :class:`CurveStatus` codes.
    """
    arrays = [mass, radius, alpha] + ([teq] if teq is not None else [])
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
    shape = arrays[0].shape
    mass, radius, alpha = (a.ravel() for a in arrays[:3])
    teq = arrays[3].ravel() if teq is not None else None
    width = 1.0 - alpha
    ends = three.radius(
        np.concatenate([mass, mass]),
        np.concatenate([alpha, alpha]),
        np.concatenate([np.zeros_like(alpha), width]),
        None if teq is None else np.concatenate([teq, teq]),
    )
    f_lo, f_hi = ends[: mass.size] - radius, ends[mass.size :] - radius
    status = _bracket_status(f_lo, f_hi)
    beta = np.full(mass.size, np.nan)
    todo = np.flatnonzero(status == CurveStatus.SOLVED)

    def residual(b, index):
        idx = todo[index]
        return three.radius(mass[idx], alpha[idx], b, None if teq is None else teq[idx]) - radius[idx]

    # ftol: a radius matched to 1e-12 relative is exact for any beta-resolution that matters.
    roots, converged = illinois(
        residual,
        np.zeros(todo.size),
        width[todo],
        f_lo[todo],
        f_hi[todo],
        xtol=xtol,
        ftol=1.0e-12 * radius[todo],
    )
    beta[todo] = roots
    status[todo[~converged]] = CurveStatus.NOT_BUILT
    return beta.reshape(shape), status.reshape(shape)


def _bracket_status(f_lo, f_hi):
    """SOLVED where the radius lies between the two bracket ends, else why not."""
    status = np.full(f_lo.shape, CurveStatus.SOLVED, dtype=np.int8)
    built = np.isfinite(f_lo) & np.isfinite(f_hi)
    inside = built & (f_lo * f_hi <= 0)
    # Outside the bracket: both ends larger than the radius means the planet is too dense, and vice versa.
    status[built & ~inside & (f_lo > 0)] = CurveStatus.TOO_DENSE
    status[built & ~inside & (f_lo < 0)] = CurveStatus.TOO_LIGHT
    status[~built] = CurveStatus.NOT_BUILT
    return status
