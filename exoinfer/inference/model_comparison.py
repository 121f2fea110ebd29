"""Bayesian model comparison: which structure model (rocky core-mantle, with water, with an envelope ...)
does one planet's data favour?

Each candidate model m gets its log evidence ln Z_m = ln p(data | m) from a sampler that estimates it
(Sequential Monte Carlo by default), and with equal prior odds its posterior probability is
P(m | data) = Z_m / sum_k Z_k. A model whose Problem refuses the observation (e.g. a radius larger than
pure silicate can make at that mass) has Z_m = 0 as far as the solver can tell and is listed with
probability 0 and the reason.

Two corrections make evidences of different models comparable:

- Buildable planets only. A Problem's posterior is the prior restricted to planets the solver can build
  (see :class:`~.problem.Problem`); its evidence is the likelihood integrated over that restricted,
  renormalized prior: ln Z_m = ln Z_sampled - ln P_m(buildable), where the sampler integrates over the
  full prior with zero likelihood for unbuildable planets, and P_m(buildable) is estimated from prior
  draws. Envelope models lose prior mass to unbound envelopes; without the correction they would be
  penalized for planets that cannot exist.
- The same data for every model. A model without an envelope ignores a measured Teq, but the models
  with one explain it; so the Teq measurement is added to the evidence of the former as its prior
  predictive probability, ln of the integral of p(Teq_obs | Teq) p(Teq) dTeq, with the Teq prior of the
  envelope models. Otherwise the two evidences would be densities over different data (one per K more
  for the envelope models), and a rocky model would win ln(900) = 6.8 nats (default prior, Teq in K)
  for free.

Reference: Kass, R. E. & Raftery, A. E. (1995), J. Am. Stat. Assoc. 90, 773 (Bayes factors).
"""

from dataclasses import dataclass, field, replace
from itertools import pairwise

import numpy as np

from ..errors import InputError
from ..structure import Status
from .prior import Prior, Uniform
from .problem import Problem

__all__ = ["DEFAULT_CANDIDATES", "ModelComparison", "ModelEvidence", "compare_models", "teq_log_evidence"]

#: The candidate models compared by default, from the barest to the most complex.
DEFAULT_CANDIDATES = ("core-mantle", "core-mantle-water", "core-mantle-gas", "core-mantle-water-gas")


@dataclass(frozen=True)
class ModelEvidence:
    """One candidate model's row of a :class:`ModelComparison`.

    Attributes
    ----------
    model : str
    log_evidence : float
        ln p(data | model) after the corrections of the module docstring; NaN when refused.
    log_evidence_std : float
        Its standard deviation over the sampler's independent chains (NaN for one chain or refused).
    probability : float
        Posterior probability of the model under equal prior odds; 0 when refused.
    log_evidence_sampled : float
        ln Z as the sampler returned it (full prior, unbuildable planets at zero likelihood).
    log_buildable_fraction : float
        ln P(buildable) under the model's prior (subtracted from the sampled value).
    log_teq_evidence : float
        ln p(Teq_obs) added for a model that ignores a measured Teq; 0 otherwise.
    reason : str or None
        Why the model was refused, or None.
    """

    model: str
    log_evidence: float
    log_evidence_std: float
    probability: float
    log_evidence_sampled: float = float("nan")
    log_buildable_fraction: float = 0.0
    log_teq_evidence: float = 0.0
    reason: str | None = None

    @property
    def refused(self):
        return self.reason is not None


@dataclass(frozen=True)
class ModelComparison:
    """Evidence and posterior probability of each candidate model for one planet.

    Attributes
    ----------
    planet : str
    entries : tuple of ModelEvidence
        In the order the candidates were given.
    posteriors : dict of str to arviz.InferenceData
        The sampled posterior of each model that was not refused.
    settings : dict
        Sampler settings and seeds, for provenance.
    """

    planet: str
    entries: tuple
    posteriors: dict = field(default_factory=dict, repr=False, compare=False)
    settings: dict = field(default_factory=dict)

    @property
    def probabilities(self):
        """Model name to posterior probability."""
        return {e.model: e.probability for e in self.entries}

    @property
    def best(self):
        """Name of the most probable model."""
        return max(self.entries, key=lambda e: e.probability).model

    def __getitem__(self, model):
        for entry in self.entries:
            if entry.model == model:
                return entry
        raise KeyError(model)

    def rows(self):
        """One dict per model (model, log_evidence, log_evidence_std, probability, reason, and the
        corrections), ready for a table or a CSV writer."""
        return [
            {
                "model": e.model,
                "log_evidence": e.log_evidence,
                "log_evidence_std": e.log_evidence_std,
                "probability": e.probability,
                "log_evidence_sampled": e.log_evidence_sampled,
                "log_buildable_fraction": e.log_buildable_fraction,
                "log_teq_evidence": e.log_teq_evidence,
                "reason": e.reason or "",
            }
            for e in self.entries
        ]

    def text(self):
        """A plain-text table, one line per model."""
        width = max(len("model"), *(len(e.model) for e in self.entries))
        lines = [f"{'model':<{width}}  {'ln Z':>9}  {'± chains':>8}  {'P(model)':>8}"]
        for e in self.entries:
            if e.refused:
                lines.append(f"{e.model:<{width}}  {'-':>9}  {'-':>8}  {0.0:>8.3f}  refused: {e.reason}")
            else:
                numbers = f"{e.log_evidence:>9.3f}  {e.log_evidence_std:>8.3f}  {e.probability:>8.3f}"
                lines.append(f"{e.model:<{width}}  {numbers}")
        return "\n".join(lines)


def teq_log_evidence(measurement, teq_prior):
    """ln of the prior predictive density of a Teq measurement: ln of the integral of
    p(measurement | Teq) p(Teq) over the prior's range.

    Parameters
    ----------
    measurement : Measurement
        The ``teq`` measurement (Gaussian, split normal or a limit).
    teq_prior : Uniform or LogUniform

    Returns
    -------
    float
    """

    def integrand(t):
        return float(np.exp(measurement.log_likelihood(t) + teq_prior.log_prob(np.asarray(t))))

    # A peak much narrower than the prior can fall between quad's nodes: integrate the +-10 widths around
    # the measured value as a segment of its own, and the rest of the prior range on either side.
    width = max(measurement.lower, measurement.upper)
    around = np.clip(
        [measurement.value - 10 * width, measurement.value + 10 * width], teq_prior.low, teq_prior.high
    )
    edges = np.unique([teq_prior.low, *around, teq_prior.high])
    from scipy.integrate import quad  # imported on use: the command line starts faster

    total = sum(quad(integrand, a, b, limit=200, epsabs=0.0, epsrel=1e-10)[0] for a, b in pairwise(edges))
    return float(np.log(total)) if total > 0 else -np.inf


def _log_buildable_fraction(problem, n, rng):
    """ln of the fraction of prior draws the solver builds (at least one of n counted, so never -inf)."""
    status = problem.simulate(problem.prior.sample(n, rng))["status"]
    return float(np.log(max(np.count_nonzero(status == Status.OK), 1) / n))


def _default_sampler(problem, draws, chains, seed):
    from ..backends.pymc import run_smc  # imported on use: PyMC is heavy and optional

    return run_smc(problem, draws=draws, chains=chains, seed=seed)


def compare_models(
    observation,
    models=DEFAULT_CANDIDATES,
    *,
    sampler=None,
    draws=1000,
    chains=2,
    seed=0,
    priors=None,
    teq_prior=None,
    buildable_draws=4000,
):
    """Log evidence and posterior probability of each candidate structure model for one planet.

    Parameters
    ----------
    observation : Observation
    models : sequence of str or StructureModel
        The candidates (default: :data:`DEFAULT_CANDIDATES`).
    sampler : callable, optional
        ``sampler(problem, draws=..., chains=..., seed=...)`` returning a Posterior whose attributes hold
        ``log_evidence`` and ``log_evidence_std``; default :func:`exoinfer.backends.pymc.run_smc`.
    draws, chains : int
        Passed to the sampler (SMC: particles per chain and independent runs).
    seed : int, default 0
        Seeds the sampler (model k gets ``seed + k``) and the buildable-fraction draws.
    priors : dict of str to Prior, optional
        A prior per model name; others get :meth:`Prior.default`.
    teq_prior : Uniform or LogUniform, optional
        Teq prior for the Teq term of models without an envelope (default: that of the first candidate
        with an envelope, else ``Prior.DEFAULTS``).
    buildable_draws : int, default 4000
        Prior draws that estimate each model's buildable fraction (its ln has a Monte Carlo error of
        about sqrt((1 - P) / (n P)), 0.005 for P = 0.8).

    Returns
    -------
    ModelComparison

    Raises
    ------
    InputError
        If every candidate refuses the observation.

    Examples
    --------
    >>> obs = Observation.from_values(mass=(5.0, 0.25), radius=(2.5, 0.05), teq=(500.0, 20.0))
    >>> result = compare_models(obs, draws=500)  # doctest: +SKIP
    >>> print(result.text())  # doctest: +SKIP
    """
    from ..structure import get_model

    sampler = sampler or _default_sampler
    priors = dict(priors or {})
    rng = np.random.default_rng(seed)
    candidates = [get_model(m) if isinstance(m, str) else m for m in models]
    teq_prior = teq_prior or _envelope_teq_prior(candidates, priors)

    entries, posteriors = [], {}
    for k, model in enumerate(candidates):
        try:
            problem = Problem(model, observation, priors.get(model.name))
            idata = sampler(problem, draws=draws, chains=chains, seed=seed + k)
        except InputError as err:
            entries.append(ModelEvidence(model.name, np.nan, np.nan, 0.0, reason=str(err)))
            continue
        posteriors[model.name] = idata
        log_teq = teq_log_evidence(observation["teq"], teq_prior) if "teq" in problem.ignored else 0.0
        log_buildable = _log_buildable_fraction(problem, buildable_draws, rng)
        sampled = float(idata.attrs["log_evidence"])
        entries.append(
            ModelEvidence(
                model.name,
                sampled - log_buildable + log_teq,
                float(idata.attrs.get("log_evidence_std", np.nan)),
                np.nan,
                log_evidence_sampled=sampled,
                log_buildable_fraction=log_buildable,
                log_teq_evidence=log_teq,
            )
        )
    entries = _with_probabilities(entries, observation)
    settings = {"draws": draws, "chains": chains, "seed": seed, "buildable_draws": buildable_draws}
    return ModelComparison(observation.name, tuple(entries), posteriors, settings)


def _envelope_teq_prior(candidates, priors):
    for model in candidates:
        if model.uses_teq:
            return (priors.get(model.name) or Prior.default(model)).teq
    return Uniform(*Prior.DEFAULTS["teq"])


def _with_probabilities(entries, observation):
    """Entries with posterior probabilities under equal prior odds (refused models: 0)."""
    accepted = [e for e in entries if not e.refused]
    if not accepted:
        raise InputError(
            "observation",
            observation.text(),
            "one that at least one candidate model can build: " + "; ".join(e.reason for e in entries),
        )
    log_z = np.array([e.log_evidence for e in accepted])
    from scipy.special import logsumexp

    probs = dict(zip((e.model for e in accepted), np.exp(log_z - logsumexp(log_z)), strict=True))
    return [e if e.refused else replace(e, probability=float(probs[e.model])) for e in entries]
