"""Calibration runs: draw test planets from the prior, observe them with noise, infer each one with a
method, and score the posteriors against the known truths (:mod:`.coverage`).

Amortized methods (mdn, npe) infer every test planet in one batch. MCMC methods run one task per planet
on Dask (:mod:`exoinfer.tasks`: a local cluster by default, or any scheduler), and each finished planet's
draws are written to the run's folder at once, so an interrupted calibration resumes where it stopped.
"""

import json
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..backends import ESTIMATORS
from ..errors import FileFormatError, InputError
from ..io import atomic_path
from .coverage import DEFAULT_LEVELS, central_coverage, rank_uniformity, sbc_ranks, tarp_coverage

__all__ = [
    "AMORTIZED_METHODS",
    "CALIBRATION_ERRORS",
    "CalibrationPlanet",
    "CalibrationResult",
    "calibrate",
    "calibration_planets",
    "score",
]

#: Relative 1-sigma errors of the test observations, drawn log-uniformly per planet and quantity: the
#: spread of today's best and typical measurements, inside the ranges the default networks are trained on.
CALIBRATION_ERRORS = {
    "mass": (0.03, 0.20),
    "radius": (0.01, 0.05),
    "teq": (0.01, 0.05),
    "k2": (0.05, 0.20),
    "moi": (0.01, 0.05),
}
#: Methods whose posterior for many planets is one batched network call.
AMORTIZED_METHODS = tuple(ESTIMATORS)
#: Posterior draws kept per planet for MCMC methods, evenly thinned: SBC needs nearly independent draws,
#: and 100 ranks resolve the rank histogram's shape without inflating the KS test's sensitivity to the
#: chains' residual autocorrelation.
MCMC_RANKED_DRAWS = 100


@dataclass(frozen=True)
class CalibrationPlanet:
    """A planet of known interior and its noisy observation."""

    name: str
    truth: dict
    observation: object


def calibration_planets(model, n, *, observables=("mass", "radius", "teq"), errors=None, seed=0, prior=None):
    """``n`` test planets drawn from ``prior`` among those the solver builds, with noisy observations.

    Parameters
    ----------
    model : StructureModel
    n : int
    observables : sequence of str
        Measured quantities (a ``teq`` for a model without Teq is left out).
    errors : dict of str to (float, float), optional
        Range of the relative 1-sigma error of each observable, drawn log-uniformly per planet (equal
        bounds: a fixed error). Default :data:`CALIBRATION_ERRORS`.
    seed : int
    prior : Prior, optional
        Default: the model's default prior.

    Returns
    -------
    planets : list of CalibrationPlanet
    refused : int
        Noisy observations the Problem refused (e.g. a mass more than 5 sigma outside the prior); they
        are replaced by new planets.
    """
    from ..inference import Observation, Prior, Problem
    from ..structure import Status

    prior = Prior.default(model) if prior is None else prior
    errors = CALIBRATION_ERRORS if errors is None else errors
    unknown = [name for name in observables if name not in errors]
    if unknown:
        raise InputError("observable", unknown[0], f"one of {', '.join(errors)}")
    rng = np.random.default_rng(seed)
    planets, refused = [], 0
    while len(planets) < n:
        columns = model.simulate(prior.sample(2 * n, rng)).columns()
        for i in np.flatnonzero(columns["status"] == Status.OK):
            truth = {k: float(v[i]) for k, v in columns.items() if k != "status"}
            values = {}
            for name in observables:
                if name in truth and not (name == "teq" and not model.uses_teq):
                    low, high = errors[name]
                    sigma = truth[name] * np.exp(rng.uniform(np.log(low), np.log(high)))
                    values[name] = (truth[name] + sigma * rng.standard_normal(), sigma)
            observation = Observation.from_values(name=f"test-{len(planets):04d}", **values)
            try:
                Problem(model, observation, prior)
            except InputError:
                refused += 1
                continue
            planets.append(CalibrationPlanet(observation.name, truth, observation))
            if len(planets) == n:
                break
    return planets, refused


@dataclass
class CalibrationResult:
    """Calibration figures of one method over a set of test planets.

    Attributes
    ----------
    quantities : dict
        Per quantity: ``ks_pvalue`` of the SBC ranks, ``coverage`` (central-interval coverage at each of
        ``levels``), ``max_coverage_error`` and ``ranks``.
    tarp : dict
        Joint test over the model's parameters: ``ecp`` at each level and ``max_error``.
    refused : int
        Test observations the Problem refused and that were replaced.
    unscored : int
        Test planets left out because fewer than the asked draws of their posterior could be built.
    """

    method: str
    model: str
    n_planets: int
    n_ranked: int
    levels: list
    quantities: dict
    tarp: dict
    refused: int = 0
    unscored: int = 0
    wall_time_s: float = 0.0
    settings: dict = field(default_factory=dict)

    def to_json(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def calibrate(
    method,
    model,
    planets,
    *,
    names=None,
    prior=None,
    network=None,
    draws=1000,
    seed=0,
    options=None,
    scheduler=None,
    workdir=None,
    progress=None,
):
    """Infer every test planet with ``method`` and score the posteriors against the truths.

    Parameters
    ----------
    method : str
        A method of :data:`exoinfer.backends.METHODS`.
    model : StructureModel
    planets : list of CalibrationPlanet
        From :func:`calibration_planets` (all with the same observables).
    names : sequence of str, optional
        Quantities to score. Default: the model's parameters and its layers' thickness fractions.
    prior : Prior, optional
        The prior the test planets were drawn from (default: the model's default prior).
    network : str or Path, optional
        Trained network of an amortized method (default: the committed one, where there is one).
    draws : int
        Posterior draws per planet for amortized methods (ranked in SBC).
    seed : int
    options : dict, optional
        Extra keyword arguments of an MCMC backend (e.g. ``ess_min``).
    scheduler : str, optional
        Dask scheduler for MCMC methods (see :func:`exoinfer.tasks.executor`).
    workdir : str or Path, optional
        Folder for each finished MCMC planet's draws; a rerun with the same folder resumes.
    progress : callable, optional
        ``progress(done, total)`` as planets finish.

    Returns
    -------
    CalibrationResult
    """
    from ..backends import METHODS
    from ..inference import Prior

    if method not in METHODS:
        raise InputError("method", method, " | ".join(METHODS))
    names = list(names or _default_names(model))
    start = time.perf_counter()
    scored = np.ones(len(planets), dtype=bool)
    prior = Prior.default(model) if prior is None else prior
    if method in AMORTIZED_METHODS:
        samples, scored = _amortized_draws(method, network, model, prior, planets, names, draws, seed)
        n_ranked = draws
    else:
        job = _PlanetJob(method, model, prior, planets, names, seed, dict(options or {}))
        samples = _mcmc_draws(job, scheduler, workdir, progress)
        n_ranked = MCMC_RANKED_DRAWS
    truths = {name: np.array([p.truth[name] for p in planets])[scored] for name in names}
    result = score(method, model.name, truths, samples, n_ranked, seed)
    result.unscored = int(np.sum(~scored))
    result.wall_time_s = time.perf_counter() - start
    return result


def score(method, model_name, truths, samples, n_ranked, seed=0, levels=DEFAULT_LEVELS):
    """Calibration figures from truths (name -> (n,)) and draws (name -> (n, m))."""
    rng = np.random.default_rng(seed)
    quantities = {}
    for name, truth in truths.items():
        ranks = sbc_ranks(truth, samples[name], n_ranked, rng)
        coverage = central_coverage(truth, samples[name], levels)
        quantities[name] = {
            "ks_pvalue": rank_uniformity(ranks, min(n_ranked, samples[name].shape[1]), rng),
            "coverage": coverage.tolist(),
            "max_coverage_error": float(np.max(np.abs(coverage - levels))),
            "ranks": ranks.tolist(),
        }
    joint = [name for name in truths if not name.startswith("d_")]
    ecp, _ = tarp_coverage(
        np.column_stack([truths[n] for n in joint]),
        np.stack([samples[n] for n in joint], axis=-1),
        levels,
        rng,
    )
    return CalibrationResult(
        method=method,
        model=model_name,
        n_planets=len(next(iter(truths.values()))),
        n_ranked=int(min(n_ranked, next(iter(samples.values())).shape[1])),
        levels=[float(a) for a in levels],
        quantities=quantities,
        tarp={"quantities": joint, "ecp": ecp.tolist(), "max_error": float(np.max(np.abs(ecp - levels)))},
    )


def _default_names(model):
    thickness = [f"d_{layer}" for layer in model.layer_names]
    return [*model.parameter_names, *thickness]


def _amortized_draws(method, network, model, prior, planets, names, draws, seed):
    """Draws of every planet from one batched call of the trained estimator.

    Derived quantities (thickness fractions) are computed by the structure model from each drawn set of
    parameters, as ``exoinfer infer`` does: the networks' own thickness outputs carry a deliberate floor
    on their width (:data:`~exoinfer.backends.amortized.THICKNESS_FLOOR`). Draws the solver cannot build
    are dropped (1.3x as many are drawn); a planet left with fewer than ``draws`` is not scored.

    Returns
    -------
    samples : dict of str to ndarray, shape (n_scored, draws)
    scored : ndarray of bool, shape (n_planets,)
    """
    from ..backends import load_estimator
    from ..structure import Status

    observables = planets[0].observation.names
    estimator = load_estimator(method, network, model, observables)
    inputs = estimator.card["inputs"]
    missing = [name for name in inputs if name not in observables]
    if missing:
        raise InputError("observables", ",".join(observables), f"the network's inputs {','.join(inputs)}")
    values = {name: np.array([p.observation[name].value for p in planets]) for name in inputs}
    errors = {name: np.array([p.observation[name].sigma for p in planets]) for name in inputs}
    with warnings.catch_warnings():
        # Noisy observations of planets at the prior's edge fall outside the training range by design:
        # the prior predictive includes them, and so must a calibration test.
        warnings.filterwarnings("ignore", message=".*outside this network's training range")
        drawn = estimator.sample_in_support(prior, values, errors, n=int(1.3 * draws) + 10, seed=seed)
    shape = drawn[model.parameter_names[0]].shape
    result = model.simulate({name: drawn[name].ravel() for name in model.parameter_names})
    columns = {k: v.reshape(shape) for k, v in result.columns().items()}
    built = columns["status"] == Status.OK
    first_built = np.argsort(~built, axis=1, kind="stable")[:, :draws]
    scored = built.sum(axis=1) >= draws
    samples = {name: np.take_along_axis(columns[name], first_built, axis=1)[scored] for name in names}
    return samples, scored


@dataclass(frozen=True)
class _PlanetJob:
    """What a worker needs to infer any test planet (sent to each worker once)."""

    method: str
    model: object
    prior: object
    planets: list
    names: list
    seed: int
    options: dict


def _infer_planet(job, k):
    """Posterior draws of test planet ``k`` by an MCMC method, thinned to :data:`MCMC_RANKED_DRAWS`."""
    from ..backends import get_backend
    from ..inference import Problem
    from ..inference.posterior import posterior_frame

    planet = job.planets[k]
    problem = Problem(job.model, planet.observation, job.prior)
    idata = get_backend(job.method)(problem, seed=job.seed + k, **job.options)
    frame = posterior_frame(idata, job.names)
    keep = np.linspace(0, len(frame[job.names[0]]) - 1, MCMC_RANKED_DRAWS).round().astype(int)
    return k, {name: frame[name][keep] for name in job.names}


def _mcmc_draws(job, scheduler, workdir, progress):
    from ..tasks import executor

    workdir = Path(workdir) if workdir else None
    done = _finished(workdir, job) if workdir else {}
    total = len(job.planets)

    def on_done(k, draws):
        done[k] = draws
        if workdir:
            _save_planet(workdir, job, k, draws)
        if progress:
            progress(len(done), total)

    if progress:
        progress(len(done), total)
    todo = [k for k in range(total) if k not in done]
    if todo:
        with executor(scheduler) as execute:
            execute(_infer_planet, job, todo, on_done)
    return {name: np.stack([done[k][name] for k in range(total)]) for name in job.names}


def _planet_file(workdir, k):
    return workdir / f"planet-{k:04d}.npz"


def _save_planet(workdir, job, k, draws):
    with atomic_path(_planet_file(workdir, k)) as tmp, open(tmp, "wb") as handle:
        np.savez(handle, truth=json.dumps(job.planets[k].truth), **draws)


def _finished(workdir, job):
    """Planets of an interrupted run found in ``workdir`` (their truths must match: same test set)."""
    done = {}
    for k, planet in enumerate(job.planets):
        path = _planet_file(workdir, k)
        if not path.exists():
            continue
        try:
            with np.load(path) as saved:
                if json.loads(str(saved["truth"])) != planet.truth:
                    raise FileFormatError(
                        f"{path}: draws of another test planet (other --seed, --n or model?); "
                        "use another folder"
                    )
                done[k] = {name: saved[name] for name in job.names}
        except (OSError, ValueError, KeyError) as err:
            raise FileFormatError(f"{path}: unreadable calibration draws ({err})") from None
    return done
