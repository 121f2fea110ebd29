"""Rocky or gas-rich? Which three-layer model can build a planet of given mass and radius.

A planet can be built by a model when its radius lies between the model's smallest and largest radius at
its mass (:mod:`.limits`). With the default pair of models:

* ``rocky``: only ``iron-silicate-water`` can (between pure Fe and pure MgSiO3: it needs iron);
* ``ambiguous``: both can (between pure MgSiO3 and pure H2O: rock and water, or rock and a little gas);
* ``gas``: only ``silicate-water-hydrogen`` can (above pure H2O: it needs a gas layer);
* ``neither``: denser than pure Fe, or larger than pure cold H2 (the gas model's largest planet);
* ``unknown``: a mass outside the range where the models can be built (e.g. above ~200 M_E).

Probabilities are fractions of Monte Carlo draws of (M, R) from split normals (:mod:`.draws`); mass and
radius are drawn independently. Everything is vectorized over planets and draws.
"""

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..structure import get_model
from .draws import split_normal
from .limits import radius_limits

__all__ = ["CLASSES", "Classification", "classify"]

#: Class labels, in the order of :attr:`Classification.probabilities`.
CLASSES = ("rocky", "ambiguous", "gas", "neither", "unknown")

ROCKY_MODEL = "iron-silicate-water"
GAS_MODEL = "silicate-water-hydrogen"


@dataclass(frozen=True)
class Classification:
    """Class probabilities of a batch of planets.

    Attributes
    ----------
    names : tuple of str
    mass, radius : ndarray
        Nominal values [M_E, R_E].
    probabilities : dict of str to ndarray
        Per class of :data:`CLASSES`, the fraction of draws in it; they sum to 1 per planet.
    p_denser : ndarray
        Fraction of draws denser than the rocky model's densest planet (part of ``neither``).
    p_larger : ndarray
        Fraction of draws larger than the gas model's largest planet (part of ``neither``).
    label : ndarray of str
        The most probable class.
    reason : ndarray of str
        For ``neither`` and ``unknown``, which limit is violated; empty otherwise.
    models : tuple of str
        (rocky model, gas model).
    limits : dict of str to str
        What sets each limit (e.g. ``"pure Fe"``): ``rocky_min``, ``rocky_max``, ``gas_min``, ``gas_max``.
    n_draws : int
    seed : int or None
    """

    names: tuple
    mass: np.ndarray
    radius: np.ndarray
    probabilities: dict
    p_denser: np.ndarray
    p_larger: np.ndarray
    label: np.ndarray
    reason: np.ndarray
    models: tuple
    limits: dict
    n_draws: int
    seed: int | None = None

    def __len__(self):
        return len(self.names)

    @property
    def p_rocky_model(self):
        """Probability that the rocky model can build the planet (``rocky`` + ``ambiguous``)."""
        return self.probabilities["rocky"] + self.probabilities["ambiguous"]

    @property
    def p_gas_model(self):
        """Probability that the gas model can build the planet (``gas`` + ``ambiguous``)."""
        return self.probabilities["gas"] + self.probabilities["ambiguous"]

    def describe(self):
        """Provenance: package version, models, limits, draws and seed."""
        from .. import __version__

        return {
            "exoinfer_version": __version__,
            "models": list(self.models),
            "limits": dict(self.limits),
            "n_draws": self.n_draws,
            "seed": self.seed,
        }

    def columns(self):
        """Table columns, one row per planet (for CSV output)."""
        return {
            "name": np.array(self.names),
            "mass": self.mass,
            "radius": self.radius,
            **{f"p_{c}": self.probabilities[c] for c in CLASSES},
            "p_denser_than_limit": self.p_denser,
            "p_larger_than_limit": self.p_larger,
            "class": self.label,
            "reason": self.reason,
        }


def classify(
    masses,
    radii,
    mass_errs=None,
    radius_errs=None,
    *,
    names=None,
    draws=200,
    seed=0,
    rocky_model=ROCKY_MODEL,
    gas_model=GAS_MODEL,
):
    """Probabilities that each planet is rocky, ambiguous, gas-rich or neither.

    Parameters
    ----------
    masses, radii : array_like, shape (n,)
        Nominal masses [M_E] and radii [R_E].
    mass_errs, radius_errs : array_like, optional
        Symmetric errors, shape (n,), or (lower, upper) pairs, shape (n, 2); None means exact.
    names : sequence of str, optional
    draws : int, optional
        Draws of (M, R) per planet; 0 classifies the nominal values only.
    seed : int, optional
    rocky_model, gas_model : str or StructureModel, optional
        Models without an envelope; each one's limits are its innermost and outermost layer alone.

    Returns
    -------
    Classification
    """
    rocky, gas = (get_model(m) if isinstance(m, str) else m for m in (rocky_model, gas_model))
    for model in (rocky, gas):
        if model.uses_teq:
            raise InputError("model", model.name, "a model without an envelope (its limits depend on Teq)")
    masses, radii = _as_1d("mass", masses), _as_1d("radius", radii)
    if masses.shape != radii.shape:
        raise InputError("masses/radii", (masses.size, radii.size), "as many radii as masses")
    n = masses.size
    m_err, r_err = _pairs("mass error", mass_errs, n), _pairs("radius error", radius_errs, n)
    names = tuple(f"planet {i + 1}" for i in range(n)) if names is None else tuple(str(s) for s in names)
    draws = int(draws)
    if draws > 0:
        rng = np.random.default_rng(seed)
        m = split_normal(masses, m_err[:, 0], m_err[:, 1], draws, rng)
        r = split_normal(radii, r_err[:, 0], r_err[:, 1], draws, rng)
    else:
        m, r = masses[:, None], radii[:, None]
    rocky_lim, gas_lim = radius_limits(rocky, m), radius_limits(gas, m)
    counts = _count_classes(r, rocky_lim, gas_lim)
    total = m.shape[1]
    probabilities = {c: counts[c] / total for c in CLASSES}
    p_denser, p_larger = counts["denser"] / total, counts["larger"] / total
    label = np.array(CLASSES)[np.argmax(np.column_stack([probabilities[c] for c in CLASSES]), axis=1)]
    limits = {
        "rocky_min": rocky_lim.lower_label,
        "rocky_max": rocky_lim.upper_label,
        "gas_min": gas_lim.lower_label,
        "gas_max": gas_lim.upper_label,
    }
    reason = _reasons(label, p_denser, p_larger, limits, (rocky.name, gas.name))
    return Classification(
        names=names,
        mass=masses,
        radius=radii,
        probabilities=probabilities,
        p_denser=p_denser,
        p_larger=p_larger,
        label=label,
        reason=reason,
        models=(rocky.name, gas.name),
        limits=limits,
        n_draws=draws,
        seed=seed,
    )


def _count_classes(r, rocky, gas):
    """Per planet, the number of draws in each class (and of the two ways to be ``neither``)."""
    known = (
        np.isfinite(rocky.lower) & np.isfinite(rocky.upper) & np.isfinite(gas.lower) & np.isfinite(gas.upper)
    )
    can_rocky = known & (r >= rocky.lower) & (r <= rocky.upper)
    can_gas = known & (r >= gas.lower) & (r <= gas.upper)
    denser = known & ~can_rocky & ~can_gas & (r < np.fmin(rocky.lower, gas.lower))
    larger = known & ~can_rocky & ~can_gas & (r > np.fmax(rocky.upper, gas.upper))
    return {
        "rocky": np.sum(can_rocky & ~can_gas, axis=1),
        "ambiguous": np.sum(can_rocky & can_gas, axis=1),
        "gas": np.sum(can_gas & ~can_rocky, axis=1),
        # Outside both ranges but neither denser nor larger than both: only if the ranges leave a gap.
        "neither": np.sum(known & ~can_rocky & ~can_gas, axis=1),
        "unknown": np.sum(~known, axis=1),
        "denser": np.sum(denser, axis=1),
        "larger": np.sum(larger, axis=1),
    }


def _reasons(label, p_denser, p_larger, limits, models):
    reason = np.full(label.shape, "", dtype=object)
    neither = label == "neither"
    reason[neither & (p_denser >= p_larger)] = f"denser than {limits['rocky_min']} ({models[0]})"
    reason[neither & (p_denser < p_larger)] = f"larger than {limits['gas_max']} ({models[1]})"
    reason[label == "unknown"] = "mass outside the range where the models can be built"
    gap = neither & (p_denser == 0) & (p_larger == 0)
    reason[gap] = "between the two models' ranges"
    return reason.astype(str)


def _as_1d(name, values):
    values = np.atleast_1d(np.asarray(values, dtype=float))
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        raise InputError(name, values[np.argmax(bad)], "a finite number > 0")
    return values


def _pairs(name, errs, n):
    """(n, 2) lower/upper errors from None, shape (n,) or shape (n, 2)."""
    if errs is None:
        return np.zeros((n, 2))
    errs = np.asarray(errs, dtype=float)
    if errs.ndim <= 1:
        errs = np.broadcast_to(errs.reshape(-1, 1) if errs.ndim else errs, (n, 2))
    if errs.shape != (n, 2):
        raise InputError(name, errs.shape, f"shape ({n},) or ({n}, 2)")
    bad = ~(np.isfinite(errs) & (errs >= 0))
    if bad.any():
        raise InputError(name, errs[np.unravel_index(np.argmax(bad), bad.shape)], "finite uncertainties >= 0")
    return errs
