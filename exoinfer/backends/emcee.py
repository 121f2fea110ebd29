"""The emcee backend: an affine-invariant ensemble sampler, vectorized (one structure-model batch per
step), run until it has converged, checkpointed to HDF5 so an interrupted run resumes.

Choices, and why:

- The walkers move in the prior's unconstrained space (:meth:`Prior.from_unconstrained`: log-ratios of
  the solid fractions, logits of bounded scalars), so no proposal ever leaves the simplex.
- Moves: differential evolution (ter Braak 2006, Statistics and Computing 16, 239; Nelson et al. 2014,
  ApJS 210, 11), which follows correlated, curved posteriors (the mass-radius degeneracy of interiors is
  such a ridge) better than the default stretch move of Goodman & Weare (2010): on a sub-Neptune it
  converged in half the steps. Not emcee's snooker move (``DESnookerMove``, emcee 3.1.6): on a 5-D
  standard normal it gives standard deviations of 0.85 instead of 1 (0.96 as a fifth of the moves),
  which made every posterior ~4% too narrow against PyMC SMC and DEMetropolisZ; ``test_moves_are_exact``
  guards against it.
- Start: near the posterior by sampling-importance-resampling from the prior
  (:meth:`Problem.initial_points`), which shortens the burn-in to a few autocorrelation times.
- Stop: every ``check_every`` steps the chain after a burn-in of ``BURN_IN_TAU`` autocorrelation times
  (emcee's integrated autocorrelation estimate, Foreman-Mackey et al. 2013) is thinned by half the
  shortest autocorrelation time and judged by ArviZ: converged when every parameter has rank-normalized
  R-hat <= ``rhat_max`` and bulk and tail ESS >= ``ess_min`` (walkers as chains), and the chain is longer
  than ``MIN_LENGTH_TAU`` autocorrelation times (below that emcee's estimate of tau is itself unreliable).
  ``max_steps`` caps the run; a run that hits it returns with a warning and ``converged = 0``.
- Derived quantities (radius, k2, thickness fractions ...) are stored as emcee blobs as the chain
  runs, so the posterior needs no second simulation.
"""

import json
import math
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..diagnostics import convergence_report
from ..errors import FileFormatError
from ..inference.posterior import build_posterior, import_arviz
from ..io import atomic_path

__all__ = ["run_emcee", "sampler_moves"]

#: Discard this many autocorrelation times as burn-in.
BURN_IN_TAU = 5
#: Require the chain to be this many autocorrelation times long before trusting tau.
MIN_LENGTH_TAU = 50


@dataclass(frozen=True)
class _Settings:
    n_walkers: int
    max_steps: int
    check_every: int
    rhat_max: float
    ess_min: float

    def as_dict(self):
        return {**asdict(self), "moves": "DEMove"}


def sampler_moves():
    """The emcee moves of this backend (see the module docstring)."""
    import emcee

    return [(emcee.moves.DEMove(), 1.0)]


def run_emcee(
    problem,
    *,
    seed=0,
    n_walkers=None,
    max_steps=20_000,
    check_every=250,
    rhat_max=1.01,
    ess_min=1000,
    checkpoint=None,
    progress=None,
):
    """Sample the posterior of ``problem`` with emcee until converged.

    Parameters
    ----------
    problem : Problem
    seed : int
        Seeds the starting points and the sampler.
    n_walkers : int, optional
        Walkers; default ``max(16, 3 dim + 1)``. R-hat is computed over walkers, and each walker must be
        long enough for it to reach 1.01: few walkers reach it in fewer evaluations (measured on a
        sub-Neptune with the default model: 16 walkers converged in half the time of 40).
    max_steps : int
        Cap on the number of steps.
    check_every : int
        Steps between convergence checks, checkpoints and progress reports. A check costs ~0.1 s (ArviZ
        on the thinned chain); 250 steps stop a converged run within ~4 s of when it could have stopped.
    rhat_max, ess_min : float
        Convergence targets (see the module docstring).
    checkpoint : str or Path, optional
        HDF5 file the chain is written to after every block of ``check_every`` steps (and when
        interrupted). If it holds a chain of the same problem, walker count and seed, sampling resumes from
        its last step; a file of another problem is refused.
    progress : callable, optional
        ``progress(steps_done, message)`` after each block of steps.

    Returns
    -------
    arviz.InferenceData
        Walkers as chains; sample_stats ``lp``; attributes with the convergence figures, the
        autocorrelation times, the burn-in, thinning, steps and wall time.
    """
    import emcee

    dim = problem.prior.dim
    n_walkers = int(n_walkers or max(16, 3 * dim + 1))
    settings = _Settings(n_walkers, int(max_steps), int(check_every), float(rhat_max), float(ess_min))
    names = problem.output_names
    fingerprint = json.dumps({"problem": problem.describe(), "n_walkers": n_walkers, "seed": seed})

    def log_prob(z):
        lp, quantities = problem.log_prob_unconstrained(z, return_quantities=True)
        return np.column_stack([lp, *(quantities[name] for name in names)])

    backend = _backend(checkpoint, fingerprint, n_walkers, dim)
    moves = sampler_moves()
    sampler = emcee.EnsembleSampler(n_walkers, dim, log_prob, moves=moves, vectorize=True, backend=backend)
    start = time.perf_counter()
    state = None
    if backend.iteration == 0:
        rng = np.random.default_rng(seed)
        state = problem.prior.to_unconstrained(problem.initial_points(n_walkers, rng))
        sampler.random_state = np.random.RandomState(seed).get_state()
    while True:
        todo = min(settings.check_every, settings.max_steps - backend.iteration)
        if todo > 0:
            try:
                sampler.run_mcmc(state, todo)
            finally:  # also on Ctrl-C: keep every finished step
                if checkpoint is not None and backend.iteration:
                    _save_checkpoint(checkpoint, backend, fingerprint)
            state = None  # later blocks continue from the backend's last step
        result = _assess(problem, sampler, settings)
        if progress:
            progress(backend.iteration, result["message"])
        if result["converged"] or backend.iteration >= settings.max_steps:
            break
    return _posterior(problem, sampler, result, settings, seed, time.perf_counter() - start)


def _backend(checkpoint, fingerprint, n_walkers, dim):
    """An in-memory emcee backend, filled from ``checkpoint`` when it holds this problem's chain.

    emcee's own HDF5 backend opens the file for every step (about 10 ms, as long as the step itself), so
    the chain is kept in memory and written to the checkpoint after every block of steps instead.
    """
    import emcee

    backend = emcee.backends.Backend()
    backend.reset(n_walkers, dim)
    if checkpoint is None or not Path(checkpoint).exists():
        return backend
    import h5py

    try:
        with h5py.File(checkpoint, "r") as f:
            stored = f.attrs["exoinfer_fingerprint"]
            arrays = {name: f[name][...] for name in ("chain", "log_prob", "blobs", "accepted")}
            state = (
                str(f.attrs["rng_name"]),
                f["rng_key"][...],
                int(f.attrs["rng_pos"]),
                int(f.attrs["rng_has_gauss"]),
                float(f.attrs["rng_cached_gaussian"]),
            )
    except (OSError, KeyError) as err:
        raise FileFormatError(f"checkpoint {checkpoint}: not an exoinfer emcee chain ({err})") from None
    if stored != fingerprint:
        raise FileFormatError(
            f"checkpoint {checkpoint}: holds a chain of another problem, walker count or seed; "
            "remove it or choose another --checkpoint"
        )
    backend.chain, backend.log_prob, backend.blobs = arrays["chain"], arrays["log_prob"], arrays["blobs"]
    backend.accepted = arrays["accepted"]
    backend.iteration = len(arrays["chain"])
    backend.random_state = state
    return backend


def _save_checkpoint(checkpoint, backend, fingerprint):
    """Write the chain so far to ``checkpoint`` atomically (an interruption never leaves half a file)."""
    import h5py

    n = backend.iteration
    name, key, pos, has_gauss, cached = backend.random_state
    with atomic_path(checkpoint) as tmp, h5py.File(tmp, "w") as f:
        f.attrs["exoinfer_fingerprint"] = fingerprint
        for label, values in (
            ("chain", backend.chain[:n]),
            ("log_prob", backend.log_prob[:n]),
            ("blobs", backend.blobs[:n]),
            ("accepted", backend.accepted),
            ("rng_key", key),
        ):
            f.create_dataset(label, data=values)
        f.attrs.update(rng_name=name, rng_pos=pos, rng_has_gauss=has_gauss, rng_cached_gaussian=cached)


def _assess(problem, sampler, settings):
    """Burn-in, thinning and convergence of the chain so far."""
    n = sampler.backend.iteration
    tau = sampler.get_autocorr_time(tol=0)
    tau_max = float(np.nanmax(tau))
    burn = min(math.ceil(BURN_IN_TAU * tau_max), n // 2)
    thin = max(1, int(np.nanmin(tau) / 2))
    idata = _parameter_draws(problem, sampler, burn, thin)
    report = convergence_report(idata, problem.parameter_names, settings.rhat_max, settings.ess_min)
    long_enough = n >= MIN_LENGTH_TAU * tau_max
    rhat, bulk, tail = report.worst()
    message = (
        f"step {n}: tau_max {tau_max:.0f}, R-hat max {rhat:.3f}, ESS bulk min {bulk:.0f}, tail min {tail:.0f}"
    )
    return {
        "report": report,
        "converged": report.converged and tail >= settings.ess_min and long_enough,
        "tau": tau,
        "burn": burn,
        "thin": thin,
        "message": message,
    }


def _parameter_draws(problem, sampler, burn, thin):
    """Parameters of the kept draws as a bare InferenceData (for the convergence check)."""
    return import_arviz().from_dict(posterior=_parameter_samples(problem, sampler, burn, thin))


def _parameter_samples(problem, sampler, burn, thin):
    """Parameters of the kept draws, shape (walker, draw)."""
    z = sampler.get_chain(discard=burn, thin=thin)  # (draw, walker, dim)
    n_draw, n_walker, dim = z.shape
    params, _ = problem.prior.from_unconstrained(z.reshape(-1, dim))
    return {k: v.reshape(n_draw, n_walker).T for k, v in params.items()}


def _posterior(problem, sampler, result, settings, seed, elapsed):
    burn, thin = result["burn"], result["thin"]
    samples = _parameter_samples(problem, sampler, burn, thin)
    blobs = sampler.get_blobs(discard=burn, thin=thin)  # (draw, walker, n_outputs)
    quantities = {name: blobs[:, :, k].T for k, name in enumerate(problem.output_names)}
    lp = sampler.get_log_prob(discard=burn, thin=thin).T
    record = settings.as_dict()
    attrs = {
        **result["report"].as_attrs(),
        "converged": int(result["converged"]),
        "steps": int(sampler.backend.iteration),
        "burn_in": burn,
        "thin": thin,
        "autocorr_time": json.dumps(
            dict(zip(problem.prior.free_names, np.round(result["tau"], 2).tolist(), strict=True))
        ),
        "acceptance_fraction": float(np.mean(sampler.acceptance_fraction)),
        "wall_time_s": round(elapsed, 3),
        "log_prob_evaluations": int(sampler.backend.iteration * settings.n_walkers),
    }
    if not result["converged"]:
        warnings.warn(
            f"emcee stopped at {attrs['steps']} steps without converging ({result['message']}); "
            "raise max_steps or check the posterior",
            RuntimeWarning,
            stacklevel=3,
        )
    return build_posterior(
        problem,
        samples,
        "emcee",
        quantities=quantities,
        sample_stats={"lp": lp},
        seed=seed,
        settings=record,
        extra_attrs=attrs,
    )
