"""The Problem: one structure model, one prior and one observation, and the single batched log-density that
every backend samples.

``log_prob(params)`` = ln prior + ln likelihood, where the likelihood multiplies the terms of the observed
quantities (see :mod:`.observation`) evaluated on the model's outputs. A planet outside the prior's support
or one the solver cannot build (any status but ``ok``) gets -inf: the posterior is the prior restricted to
buildable planets, times the likelihood, which is also what a simulation set with its failures dropped
represents, so amortized methods trained on such sets answer the same question.

Samplers that want an unconstrained space use :meth:`Problem.log_prob_unconstrained`, which adds the log
Jacobian of the prior's bijection (:meth:`Prior.from_unconstrained`).
"""

from functools import cached_property

import numpy as np

from ..errors import InputError
from ..structure import Status
from .observation import Observation
from .prior import Prior

__all__ = ["Problem"]

#: An observation is refused as impossible when it lies this many sigma beyond what the model can build.
IMPOSSIBLE_SIGMA = 5.0

#: Accuracy of the structure model's outputs against its own converged solution (validation/forward_model.py
#: measures at most 7e-5 relative in radius, 3e-4 in k2 and 4e-5 in C/MR^2). Measurement errors are combined
#: in quadrature with these floors: a measurement more precise than the model (Earth's radius is known to
#: 2e-8) would otherwise make the likelihood resolve the solver's numerical noise. Realistic exoplanet
#: errors (percent) are unchanged by them.
MODEL_ACCURACY = {"radius": (1e-4, "relative"), "k2": (1e-3, "absolute"), "moi": (1e-4, "absolute")}


class Problem:
    """Prior x likelihood for one planet and one structure model.

    Parameters
    ----------
    model : StructureModel
    observation : Observation
    prior : Prior, optional
        Defaults to :meth:`Prior.default` of ``model``.

    Raises
    ------
    InputError
        If a measured quantity is not one the model outputs, a measured mass or Teq lies outside the
        prior's range, or the radius is out of what the model can build at that mass by more than
        ``IMPOSSIBLE_SIGMA`` sigma (e.g. denser than pure iron). Raised here, before any sampling.

    Notes
    -----
    A ``teq`` measurement for a model without an envelope says nothing about its interior; it is kept in
    :attr:`ignored` and left out of the likelihood.
    """

    def __init__(self, model, observation, prior=None):
        self.model = model
        self.prior = prior if prior is not None else Prior.default(model)
        if self.prior.model is not model and self.prior.model.name != model.name:
            raise InputError("prior", self.prior.model.name, f"a prior of model {model.name!r}")
        self.ignored = tuple(n for n in observation.names if n == "teq" and not model.uses_teq)
        self.observation = observation.without(*self.ignored)
        self._likelihood_terms = _with_model_accuracy(self.observation)
        self._check_names()
        self._check_prior_ranges()
        self._check_feasible()

    # ------------------------------------------------------------------------------------------------
    # names

    @property
    def parameter_names(self):
        """Sampled parameters: ``mass``, the ``w_*`` and, with an envelope, ``teq``."""
        return self.model.parameter_names

    @cached_property
    def output_names(self):
        """Every quantity computed for each draw: observables and derived quantities (radius, k2, moi,
        p_center and per layer r_*, d_*, p_*)."""
        probe = self.model.simulate(
            {"mass": [1.0], **{n: [1.0 / len(self.model.fraction_names)] for n in self.model.fraction_names}}
            | ({"teq": [300.0]} if self.model.uses_teq else {})
        )
        return ("radius", "k2", "moi", *probe.derived())

    def _check_names(self):
        known = set(self.parameter_names) | set(self.output_names)
        for name in self.observation.names:
            if name not in known:
                raise InputError(
                    "observed quantity",
                    name,
                    f"one that {self.model.name!r} outputs: {', '.join(sorted(known))}",
                )

    def _check_prior_ranges(self):
        for name in ("mass", "teq"):
            component = getattr(self.prior, name, None)
            if name not in self.observation or component is None:
                continue
            m = self.observation[name]
            # A measurement just outside the prior (a noisy Teq of a 995 K planet reads 1008 K) is fine:
            # the posterior then sits at the prior's edge. Far outside, the prior excludes the planet.
            low = component.low - IMPOSSIBLE_SIGMA * m.upper
            high = component.high + IMPOSSIBLE_SIGMA * m.lower
            if m.kind == "gaussian" and not low <= m.value <= high:
                raise InputError(
                    f"measured {name}",
                    m.value,
                    f"a value within {IMPOSSIBLE_SIGMA:g} sigma of the prior range "
                    f"[{component.low:g}, {component.high:g}] (widen the prior with --prior)",
                )

    def _check_feasible(self):
        if "radius" not in self.observation or "mass" not in self.observation:
            return
        from ..composition.limits import radius_limits  # imported on use: scipy

        mass, radius = self.observation["mass"], self.observation["radius"]
        if "gaussian" not in (mass.kind, radius.kind) or mass.kind != radius.kind:
            return
        teq = self.observation["teq"].value if "teq" in self.observation else 300.0
        light = max(mass.value - IMPOSSIBLE_SIGMA * mass.lower, 0.5 * mass.value)
        heavy = mass.value + IMPOSSIBLE_SIGMA * mass.upper
        limits = radius_limits(self.model, np.array([light, heavy]), teq)
        smallest = limits.lower[0]
        if np.isfinite(smallest) and radius.value + IMPOSSIBLE_SIGMA * radius.upper < smallest:
            raise InputError(
                "radius",
                radius.value,
                f"at least {smallest:.3f} R_E: {self.model.name!r} can make nothing denser than "
                f"{limits.lower_label} at {mass.value:g} M_E (allowing {IMPOSSIBLE_SIGMA:g} sigma)",
            )
        largest = limits.upper[1]
        too_large = np.isfinite(largest) and radius.value - IMPOSSIBLE_SIGMA * radius.lower > largest
        if not self.model.uses_teq and too_large:
            raise InputError(
                "radius",
                radius.value,
                f"at most {largest:.3f} R_E: {self.model.name!r} can make nothing lighter than "
                f"{limits.upper_label} at {mass.value:g} M_E (allowing {IMPOSSIBLE_SIGMA:g} sigma)",
            )

    # ------------------------------------------------------------------------------------------------
    # densities

    def simulate(self, params):
        """Every quantity (parameters, observables, derived) for a batch, by name, plus ``status``.

        Planets outside the prior's support are not simulated: their outputs are NaN.
        """
        return self._simulate(params)[1]

    def _simulate(self, params):
        """(ln prior, quantities): the prior is evaluated once, to skip planets outside its support."""
        params = self.model.as_parameter_columns(params)
        log_prior = self.prior.log_prob(params)
        inside = np.isfinite(log_prior)
        outputs = {name: np.full(inside.size, np.nan) for name in self.output_names}
        status = np.full(inside.size, Status.INVALID_INPUT, dtype=np.int8)
        if inside.any():
            result = self.model.simulate({k: v[inside] for k, v in params.items()})
            columns = result.columns()
            for name in outputs:
                outputs[name][inside] = columns[name]
            status[inside] = result.status
        return log_prior, {**params, **outputs, "status": status}

    def log_likelihood(self, quantities):
        """ln L of simulated ``quantities`` (from :meth:`simulate`); -inf where the planet was not built."""
        log_l = np.asarray(self._likelihood_terms.log_likelihood(quantities), dtype=float)
        log_l = np.broadcast_to(log_l, quantities["status"].shape)
        return np.where(quantities["status"] == Status.OK, log_l, -np.inf)

    def log_prob(self, params, return_quantities=False):
        """ln prior + ln likelihood of a batch of parameters (mapping of arrays or 2-D array).

        Returns
        -------
        ndarray, or (ndarray, dict)
            The log posterior density (unnormalized), and with ``return_quantities`` every simulated
            quantity by name.
        """
        log_prior, quantities = self._simulate(params)
        log_p = log_prior + self.log_likelihood(quantities)
        log_p = np.where(np.isnan(log_p), -np.inf, log_p)
        return (log_p, quantities) if return_quantities else log_p

    def log_prob_unconstrained(self, z, return_quantities=False):
        """:meth:`log_prob` at ``params(z)`` plus ln|det d params / dz|, for z of shape (n, dim)."""
        params, log_det = self.prior.from_unconstrained(z)
        log_p, quantities = self.log_prob(params, return_quantities=True)
        log_p = log_p + log_det
        return (log_p, quantities) if return_quantities else log_p

    # ------------------------------------------------------------------------------------------------
    # helpers for samplers

    def initial_points(self, n, rng, n_candidates=4000, max_rounds=12):
        """``n`` distinct points of finite density, near the posterior.

        Prior draws, with mass and Teq drawn from their measurements, are resampled by likelihood
        (sampling importance resampling). When the likelihood is so narrow that fewer than ``n`` draws
        carry its weight (an effective sample size below ``n``), the draws are refined instead: rounds of
        draws from a Gaussian fitted, in the unconstrained space, to the ``n`` best points so far, until
        those span no more than the typical set of a Gaussian posterior (``2 dim`` in log density). The
        refined start is tighter than the posterior; samplers' burn-in spreads it out.

        Raises
        ------
        InputError
            If fewer than ``n`` candidates have finite density (the observation is nearly impossible).
        """
        params = self.prior.sample(n_candidates, rng)
        for name in ("mass", "teq"):
            if name in params and name in self.observation and self.observation[name].kind == "gaussian":
                component = getattr(self.prior, name)
                drawn = self.observation[name].sample(n_candidates, rng)
                params[name] = np.clip(drawn, component.low * (1 + 1e-9), component.high * (1 - 1e-9))
        log_l = self.log_likelihood(self.simulate(params))
        finite = np.flatnonzero(np.isfinite(log_l))
        if finite.size < n:
            raise InputError(
                "observation",
                self.observation.text(),
                f"one that {self.model.name!r} can build: only {finite.size} of {n_candidates} prior "
                "draws have a finite likelihood",
            )
        weights = np.exp(log_l[finite] - log_l[finite].max())
        if weights.sum() ** 2 / np.sum(weights**2) < n:
            z = self.prior.to_unconstrained({k: v[finite] for k, v in params.items()})
            return self._refined_points(z, n, rng, n_candidates, max_rounds)
        weights = weights + 1e-3 * weights.max()  # keep some spread among near-zero weights
        chosen = rng.choice(finite, size=n, replace=False, p=weights / weights.sum())
        return {k: v[chosen] for k, v in params.items()}

    def _refined_points(self, z, n, rng, n_candidates, max_rounds):
        log_p = self.log_prob_unconstrained(z)
        for _ in range(max_rounds):
            best = np.argsort(-log_p)[:n]
            if log_p[best[0]] - log_p[best[-1]] < 2 * z.shape[1]:
                break
            mean, cov = z[best].mean(axis=0), np.cov(z[best].T) + 1e-12 * np.eye(z.shape[1])
            new = rng.multivariate_normal(mean, cov, n_candidates)
            z = np.concatenate([z[best], new])
            log_p = np.concatenate([log_p[best], self.log_prob_unconstrained(new)])
        best = np.argsort(-log_p)[:n]
        return self.prior.from_unconstrained(z[best])[0]

    def describe(self):
        """Provenance: model, prior and observation as JSON-serializable records."""
        return {
            "model": self.model.describe(),
            "prior": self.prior.describe(),
            "observation": self.observation.describe(),
            "ignored_measurements": list(self.ignored),
            "model_accuracy": {k: f"{v:g} {kind}" for k, (v, kind) in MODEL_ACCURACY.items()},
        }

    @classmethod
    def from_planet(cls, model, planet, prior=None):
        """A Problem from a catalog planet."""
        return cls(model, Observation.from_planet(planet), prior)


def _with_model_accuracy(observation):
    """The observation with each Gaussian error combined in quadrature with :data:`MODEL_ACCURACY`."""
    from dataclasses import replace

    measurements = []
    for m in observation.measurements:
        if m.kind == "gaussian" and m.name in MODEL_ACCURACY:
            floor, kind = MODEL_ACCURACY[m.name]
            floor = floor * abs(m.value) if kind == "relative" else floor
            m = replace(m, lower=float(np.hypot(m.lower, floor)), upper=float(np.hypot(m.upper, floor)))
        measurements.append(m)
    return Observation(measurements, observation.name, observation.references)
