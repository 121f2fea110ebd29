"""Degeneracy curves of three-layer models: every (alpha, beta, gamma) that reproduces a planet's mass and
radius, and the band those curves sweep when mass and radius are uncertain (the Zeng & Seager 2008 ternary
diagrams, PASP 120, 983, with Monte Carlo uncertainties).

The nominal curve solves beta for each alpha on a grid exactly (:func:`solve_middle_fraction`). The band
is, per alpha, a pair of quantiles of beta over Monte Carlo draws of (M, R). Solving beta for each of
~10^5 (alpha, draw) pairs would cost ~10^6 structure solves; instead the quantiles are found directly:

* R falls monotonically with beta at fixed alpha, so the number of draws with beta_i <= b is the number
  whose radius is at least R(M_i, alpha, b). This count is a non-decreasing step function of b, and the
  k-th smallest beta_i is the smallest b at which it reaches k. Bisection on b finds it to ``xtol``.
* R(M_i, alpha, b) at all the drawn masses comes from K structure solves at Chebyshev nodes in ln M
  spanning the draws (:mod:`.interpolation`), interpolated to ~1e-8 in ln R.

So each bisection step costs (alphas x quantiles x K) solves whatever the number of draws: 101 alphas,
two quantiles and K ~ 10 nodes need ~2,000 solves per step and 17 steps for 1e-5.
"""

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from .draws import split_normal
from .interpolation import barycentric_matrix, chebyshev_nodes, node_count
from .threelayer import CurveStatus, ThreeLayer, solve_middle_fraction

__all__ = ["DEFAULT_BAND", "DegeneracyCurve", "degeneracy_curve", "degeneracy_curves"]

#: Default band: the central 95% of beta over the draws that have a solution.
DEFAULT_BAND = (0.025, 0.975)
#: Rows of (planet, alpha, quantile) interpolated to the draws at a time (bounds the memory to ~40 MB
#: with 1,000 draws and 10 mass nodes).
ROW_BLOCK = 512


@dataclass(frozen=True)
class DegeneracyCurve:
    """The compositions of a three-layer model that reproduce one planet's mass and radius.

    Attributes
    ----------
    model : str
    layer_names : tuple of str
        Innermost first: alpha, beta and gamma are their mass fractions.
    name : str
        Planet label.
    mass, radius : float
        Nominal mass [M_E] and radius [R_E].
    mass_err, radius_err : tuple of float
        (lower, upper) 1-sigma errors used for the draws.
    alpha : ndarray
        Innermost-layer fractions of the grid.
    beta : ndarray
        Middle-layer fraction that reproduces the nominal mass and radius (NaN where none does).
    status : ndarray of int8
        :class:`CurveStatus` per alpha.
    band : tuple of float
        Quantiles (e.g. 0.025, 0.975) of beta over the draws that define ``beta_low`` and ``beta_high``;
        (0, 1) is the full range (min, max).
    beta_low, beta_high : ndarray
        The band per alpha, NaN where no draw has a solution (or there are no draws).
    solvable_fraction : ndarray
        Fraction of the draws that have a solution at each alpha.
    n_draws : int
    seed : int or None
    teq : float or None
    """

    model: str
    layer_names: tuple
    name: str
    mass: float
    radius: float
    mass_err: tuple
    radius_err: tuple
    alpha: np.ndarray
    beta: np.ndarray
    status: np.ndarray
    band: tuple
    beta_low: np.ndarray
    beta_high: np.ndarray
    solvable_fraction: np.ndarray
    n_draws: int
    seed: int | None = None
    teq: float | None = None
    xtol: float = field(default=1.0e-5)
    model_version: str = "1"

    @property
    def gamma(self):
        """Outer-layer fraction 1 - alpha - beta along the nominal curve."""
        return 1.0 - self.alpha - self.beta

    @property
    def solved(self):
        """Mask of the alphas with a nominal solution."""
        return self.status == CurveStatus.SOLVED

    def columns(self):
        """Table columns, one row per alpha (for CSV output)."""
        n = self.alpha.size
        return {
            "planet": np.full(n, self.name),
            "alpha": self.alpha,
            "beta": self.beta,
            "gamma": self.gamma,
            "beta_low": self.beta_low,
            "beta_high": self.beta_high,
            "solvable_fraction": self.solvable_fraction,
            "status": np.array([CurveStatus(s).label for s in self.status]),
        }

    def describe(self):
        """Provenance: model and package versions, planet, uncertainties, band definition, draws and seed."""
        from .. import __version__

        return {
            "exoinfer_version": __version__,
            "model": self.model,
            "model_version": self.model_version,
            "layers": list(self.layer_names),
            "planet": self.name,
            "mass": self.mass,
            "radius": self.radius,
            "mass_err": list(self.mass_err),
            "radius_err": list(self.radius_err),
            "teq": self.teq,
            "band_quantiles": list(self.band),
            "n_draws": self.n_draws,
            "seed": self.seed,
            "xtol": self.xtol,
        }


def degeneracy_curve(model, mass, radius, mass_err=0.0, radius_err=0.0, **kwargs):
    """The degeneracy curve of one planet; see :func:`degeneracy_curves` for the arguments."""
    return degeneracy_curves(model, [mass], [radius], [mass_err], [radius_err], **kwargs)[0]


def degeneracy_curves(
    model,
    masses,
    radii,
    mass_errs=None,
    radius_errs=None,
    *,
    names=None,
    alphas=101,
    draws=1000,
    band=DEFAULT_BAND,
    seed=0,
    teq=None,
    xtol=1.0e-5,
):
    """Degeneracy curves and their uncertainty bands for several planets at once.

    Parameters
    ----------
    model : StructureModel
        A three-layer model (``iron-silicate-water``, ``silicate-water-hydrogen`` ...).
    masses, radii : array_like, shape (n,)
        Nominal masses [M_E] and radii [R_E].
    mass_errs, radius_errs : sequence, optional
        Per planet a symmetric 1-sigma error or a (lower, upper) pair; None or 0 means exact.
    names : sequence of str, optional
        Planet labels.
    alphas : int or array_like, optional
        Number of innermost fractions evenly spaced on [0, 1], or the fractions themselves.
    draws : int, optional
        Monte Carlo draws of (M, R) per planet for the band (0: no band). Mass and radius are drawn
        independently from split normals (:func:`~exoinfer.composition.draws.split_normal`).
    band : (float, float), optional
        Quantiles of beta over the draws with a solution; (0, 1) gives min-max.
    seed : int, optional
    teq : float or array_like, optional
        Equilibrium temperatures [K] for models with an envelope (one, or one per planet).
    xtol : float, optional
        Tolerance on beta for the curve and for the band.

    Returns
    -------
    list of DegeneracyCurve
    """
    three = ThreeLayer(model, teq)
    masses, radii = _positive("mass", masses), _positive("radius", radii)
    if masses.shape != radii.shape:
        raise InputError("masses/radii", (masses.size, radii.size), "as many radii as masses")
    n = masses.size
    m_err = _errors("mass error", mass_errs, n)
    r_err = _errors("radius error", radius_errs, n)
    alpha = _alpha_grid(alphas)
    band = _band_quantiles(band)
    teqs = None if not model.uses_teq else np.broadcast_to(np.asarray(teq, dtype=float), (n,)).copy()
    names = [f"planet {i + 1}" for i in range(n)] if names is None else [str(s) for s in names]

    beta, status = solve_middle_fraction(
        three,
        masses[:, None],
        radii[:, None],
        alpha[None, :],
        None if teqs is None else teqs[:, None],
        xtol=xtol,
    )
    rng = np.random.default_rng(seed)
    draws = int(draws)
    if draws > 0 and (np.any(m_err > 0) or np.any(r_err > 0)):
        m_draws = split_normal(masses, m_err[:, 0], m_err[:, 1], draws, rng)
        r_draws = split_normal(radii, r_err[:, 0], r_err[:, 1], draws, rng)
        low, high, solvable = _band(three, m_draws, r_draws, alpha, band, teqs, xtol)
    else:
        draws = 0
        low = high = np.full((n, alpha.size), np.nan)
        solvable = np.zeros((n, alpha.size))
    return [
        DegeneracyCurve(
            model=model.name,
            layer_names=three.layer_names,
            name=names[i],
            mass=float(masses[i]),
            radius=float(radii[i]),
            mass_err=tuple(float(e) for e in m_err[i]),
            radius_err=tuple(float(e) for e in r_err[i]),
            alpha=alpha,
            beta=beta[i],
            status=status[i],
            band=band,
            beta_low=low[i],
            beta_high=high[i],
            solvable_fraction=solvable[i],
            n_draws=draws,
            seed=seed,
            teq=None if teqs is None else float(teqs[i]),
            xtol=xtol,
            model_version=model.version,
        )
        for i in range(n)
    ]


def _band(three, m_draws, r_draws, alpha, band, teqs, xtol):
    """Per planet and alpha, the ``band`` quantiles of beta over the draws that have a solution."""
    n_planets, n_draws = m_draws.shape
    ln_m = np.log(m_draws)
    k = node_count(np.max(ln_m.max(axis=1) - ln_m.min(axis=1)))
    nodes = chebyshev_nodes(ln_m.min(axis=1), ln_m.max(axis=1), k)  # (P, K)
    weights = barycentric_matrix(nodes, ln_m)  # (P, D, K)
    node_mass = np.exp(nodes)

    def radii_at(p, a, beta):
        """Radii of every draw of planets ``p`` at (alpha[a], beta): shape (len(p), D)."""
        ln_r = np.log(
            three.radius(
                node_mass[p],
                alpha[a][:, None],
                beta[:, None],
                None if teqs is None else teqs[p][:, None],
            )
        )
        out = np.empty((p.size, n_draws))
        # In row blocks: gathering the (D, K) weights of every row at once would take N D K floats.
        for start in range(0, p.size, ROW_BLOCK):
            block = slice(start, start + ROW_BLOCK)
            out[block] = np.einsum("nk,ndk->nd", ln_r[block], weights[p[block]])
        return np.exp(out)

    p_idx, a_idx = (
        i.ravel() for i in np.meshgrid(np.arange(n_planets), np.arange(alpha.size), indexing="ij")
    )
    r_top = radii_at(p_idx, a_idx, np.zeros(p_idx.size))  # beta = 0: all outer layer
    r_bottom = radii_at(p_idx, a_idx, 1.0 - alpha[a_idx])
    observed = r_draws[p_idx]
    solvable = (observed >= np.fmin(r_top, r_bottom)) & (observed <= np.fmax(r_top, r_bottom))
    # +1 when R falls with beta (the usual case): then beta_i <= b exactly when R_i >= R(M_i, b).
    direction = np.sign(np.nanmedian(r_top - r_bottom, axis=1))
    n_solvable = solvable.sum(axis=1)
    broken = ~np.all(np.isfinite(r_top) & np.isfinite(r_bottom), axis=1)

    quantiles = np.asarray(band)
    low_high = np.full((p_idx.size, quantiles.size), np.nan)
    active = np.flatnonzero((n_solvable > 0) & ~broken & (direction != 0))
    rows = np.repeat(active, quantiles.size)
    q = np.tile(quantiles, active.size)
    # The k-th smallest beta (inverted-CDF quantile): k = ceil(q n), at least 1.
    target = np.clip(np.ceil(q * n_solvable[rows] - 1e-9), 1, n_solvable[rows])
    lo = np.zeros(rows.size)
    hi = 1.0 - alpha[a_idx[rows]]
    failed = np.zeros(rows.size, dtype=bool)
    for _ in range(max(1, int(np.ceil(np.log2(max(hi.max(initial=0.0), xtol) / xtol))))):
        mid = 0.5 * (lo + hi)
        r_mid = radii_at(p_idx[rows], a_idx[rows], mid)
        failed |= ~np.all(np.isfinite(r_mid), axis=1)
        below = solvable[rows] & (direction[rows, None] * (observed[rows] - r_mid) >= 0)
        reached = below.sum(axis=1) >= target
        hi = np.where(reached, mid, hi)
        lo = np.where(reached, lo, mid)
    values = np.where(failed, np.nan, 0.5 * (lo + hi))
    low_high[rows, np.tile(np.arange(quantiles.size), active.size)] = values
    shape = (n_planets, alpha.size)
    fraction = (n_solvable / n_draws).reshape(shape)
    return low_high[:, 0].reshape(shape), low_high[:, -1].reshape(shape), fraction


def _positive(name, values):
    values = np.atleast_1d(np.asarray(values, dtype=float))
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        raise InputError(name, values[np.argmax(bad)], "a finite number > 0")
    return values


def _errors(name, errs, n):
    """Per-planet (lower, upper) errors from None, scalars or pairs."""
    if errs is None:
        return np.zeros((n, 2))
    out = np.zeros((n, 2))
    errs = list(errs) if isinstance(errs, (list, tuple, np.ndarray)) else [errs] * n
    if len(errs) != n:
        raise InputError(name, len(errs), f"one error (or a (lower, upper) pair) per planet ({n})")
    for i, e in enumerate(errs):
        pair = np.broadcast_to(np.asarray(0.0 if e is None else e, dtype=float), (2,))
        if not np.all(np.isfinite(pair) & (pair >= 0)):
            raise InputError(name, e, "finite uncertainties >= 0")
        out[i] = pair
    return out


def _alpha_grid(alphas):
    if np.ndim(alphas) == 0:
        n = int(alphas)
        if n < 2:
            raise InputError("alphas", alphas, "at least 2 grid points")
        return np.linspace(0.0, 1.0, n)
    alpha = np.asarray(alphas, dtype=float)
    if alpha.size == 0 or not np.all(np.isfinite(alpha) & (alpha >= 0) & (alpha <= 1)):
        raise InputError("alphas", alphas, "fractions in [0, 1]")
    return alpha


def _band_quantiles(band):
    band = tuple(float(q) for q in band)
    if len(band) != 2 or not (0.0 <= band[0] <= band[1] <= 1.0):
        raise InputError("band", band, "two quantiles 0 <= low <= high <= 1 (e.g. 0.025, 0.975)")
    return band
