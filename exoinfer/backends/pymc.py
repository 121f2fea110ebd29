"""PyMC backend: the structure model as a PyTensor Op, sampled by Sequential Monte Carlo (which also
estimates the log evidence) or by DEMetropolisZ.

The PyMC model states :class:`~exoinfer.inference.Prior` with PyMC distributions (a log-uniform quantity
as ``ln_<name> ~ Uniform(ln low, ln high)``, the solid composition as a Dirichlet scaled by 1 - w_gas),
exposes every parameter of ``problem.parameter_names`` as a Deterministic and adds the likelihood as a
Potential of :class:`LikelihoodOp`, which calls the exoinfer forward model for one planet.

One planet at a time costs about a millisecond of Python overhead, while a batch of a thousand costs
about 0.1 ms per planet. PyMC's own SMC kernels evaluate particles one by one, so :class:`BatchedIMH`
replaces them: an independent Metropolis-Hastings kernel whose every mutation step evaluates the prior
and the likelihood of all particles in one call (the prior through a PyTensor graph vectorized over
particles, the likelihood through :meth:`Problem.simulate`). DEMetropolisZ is sequential by nature and
uses the Op, one planet per step.

References
----------
Ching, J. & Chen, Y.-C. (2007), J. Eng. Mech. 133, 816: transitional MCMC (tempering by an ESS target,
evidence as the product of the mean incremental weights). Minson, S. E., Simons, M. & Beck, J. L. (2013),
Geophys. J. Int. 194, 1701: SMC with an adaptive number of MCMC steps per stage. ter Braak, C. J. F. &
Vrugt, J. A. (2008), Stat. Comput. 18, 435: DE-MCMC with a past-sample archive (DEMetropolisZ).
"""

import json
import os
import time
from dataclasses import replace

import numpy as np
import pymc as pm
import pytensor
import pytensor.tensor as pt
from pymc.smc.kernels import SMC_KERNEL
from pytensor.compile.mode import Mode
from pytensor.compile.ops import ViewOp
from pytensor.graph.basic import Apply
from pytensor.graph.op import Op
from pytensor.graph.replace import vectorize_graph

from ..errors import InputError
from ..inference.posterior import build_posterior
from ..inference.prior import LogUniform
from ..structure import Status

__all__ = ["BatchedIMH", "LikelihoodOp", "build_pymc_model", "free_columns", "run_demz", "run_smc"]

#: Compiled (C) but with few graph rewrites: the batched graphs are small and called a few hundred times, so
#: FAST_RUN's rewrites cost seconds and save milliseconds.
_QUICK_MODE = Mode(linker="cvm", optimizer="fast_compile")

#: Name of the Dirichlet variable of the solid composition (x = w_solid / (1 - w_gas)).
COMPOSITION = "solid_composition"


# ----------------------------------------------------------------------------------------------------
# the model


class LikelihoodOp(Op):
    """ln L of one planet: a vector of parameters (in ``problem.parameter_names`` order) to a scalar.

    Parameters
    ----------
    problem : Problem

    Notes
    -----
    The Op skips :meth:`Problem.simulate`'s prior-support check (PyMC's transforms keep every point
    inside the support) and runs the solver on one thread: both cost more than the solve itself for a
    single planet. Recent points are cached (see :attr:`CACHE_SIZE`). Unbuildable planets get -inf, as
    in :meth:`Problem.log_likelihood`. No gradient: the samplers used here need none. Without
    ``__props__``, two Ops are equal only if identical: two problems give two likelihoods.
    """

    #: Points remembered. PyMC's Metropolis-type steps evaluate ln p at the proposal and again at the
    #: current point, which was the proposal or the current point of the step before: a few entries turn
    #: every second solve into a lookup.
    CACHE_SIZE = 4

    def __init__(self, problem):
        self.problem = problem
        self._cache = {}
        self.names = tuple(problem.parameter_names)
        # One planet per call: a thread pool would cost more than it saves.
        self._settings = replace(problem.model.settings, threads=1)

    def make_node(self, theta):
        theta = pt.as_tensor_variable(theta).astype("float64")
        return Apply(self, [theta], [pt.dscalar()])

    def perform(self, node, inputs, outputs):
        theta = inputs[0]
        key = theta.tobytes()
        if key not in self._cache:
            self._cache[key] = self._log_likelihood(theta)
            if len(self._cache) > self.CACHE_SIZE:
                del self._cache[next(iter(self._cache))]
        outputs[0][0] = np.asarray(self._cache[key], dtype="float64")

    def _log_likelihood(self, theta):
        params = {name: theta[i : i + 1] for i, name in enumerate(self.names)}
        result = self.problem.model.simulate(params, settings=self._settings)
        log_l = float(self.problem.log_likelihood(result.columns())[0])
        return log_l if np.isfinite(log_l) else -np.inf


def _scalar_rv(name, component):
    """A Uniform parameter as itself; a LogUniform one as ``ln_<name>`` uniform, and its exponential."""
    if isinstance(component, LogUniform):
        log_value = pm.Uniform(
            f"ln_{name}", _float64(np.log(component.low)), _float64(np.log(component.high))
        )
        return pt.exp(log_value)
    return pm.Uniform(name, _float64(component.low), _float64(component.high))


def _float64(value):
    """A float64 constant: PyTensor stores a Python float that float32 holds exactly (100.0, 1000.0) as
    float32, and ln(high - low) would then be rounded to float32."""
    return pt.constant(np.asarray(value, dtype="float64"))


def build_pymc_model(problem):
    """The PyMC model of ``problem``: its prior, its parameters as Deterministics and its likelihood.

    Parameters
    ----------
    problem : Problem

    Returns
    -------
    pymc.Model
        Free variables: ``mass`` or ``ln_mass``, ``solid_composition`` (Dirichlet, only with two or more
        solid layers), ``ln_w_<envelope>`` and ``teq`` or ``ln_teq``; Deterministics: every name of
        ``problem.parameter_names`` that is not itself a free variable; Potential: ``log_likelihood``.

    Notes
    -----
    The prior is the same distribution as ``problem.prior``: mass and Teq independent Uniform or
    LogUniform, the envelope fraction g LogUniform, and the solid fractions (1 - g) x with
    x ~ Dirichlet(alpha) (one solid layer: x = 1).
    """
    prior = problem.prior
    composition = prior.composition
    values = {}
    with pm.Model() as model:
        values["mass"] = _scalar_rv("mass", prior.mass)
        gas = pt.constant(0.0, dtype="float64")
        if composition.envelope_name:
            gas = _scalar_rv(composition.envelope_name, composition.gas)
            values[composition.envelope_name] = gas
        if len(composition.solid_names) > 1:
            x = pm.Dirichlet(COMPOSITION, a=_float64(composition.alpha))
            for k, name in enumerate(composition.solid_names):
                values[name] = x[k] * (1.0 - gas)
        else:
            values[composition.solid_names[0]] = 1.0 - gas
        if prior.teq is not None:
            values["teq"] = _scalar_rv("teq", prior.teq)
        for name in problem.parameter_names:
            if name not in model.named_vars:
                values[name] = pm.Deterministic(name, pt.as_tensor_variable(values[name]))
        theta = pt.stack([values[name] for name in problem.parameter_names])
        pm.Potential("log_likelihood", LikelihoodOp(problem)(theta))
    return model


def free_columns(problem, params):
    """The free variables of :func:`build_pymc_model` (constrained space) at given parameters.

    Parameters
    ----------
    problem : Problem
    params : dict of str to ndarray
        Every parameter of ``problem.parameter_names``, shape (n,).

    Returns
    -------
    dict of str to ndarray
        By free variable name, shape (n,) or (n, solid layers) for the composition.
    """
    prior = problem.prior
    composition = prior.composition
    columns = {}
    for name, component in (
        ("mass", prior.mass),
        ("teq", prior.teq),
        (composition.envelope_name, composition.gas),
    ):
        if component is not None:
            value = np.asarray(params[name], dtype=float)
            columns[f"ln_{name}" if isinstance(component, LogUniform) else name] = (
                np.log(value) if isinstance(component, LogUniform) else value
            )
    if len(composition.solid_names) > 1:
        solid = np.column_stack([params[n] for n in composition.solid_names])
        columns[COMPOSITION] = solid / solid.sum(axis=1, keepdims=True)
    return columns


def _initvals(problem, params):
    """:func:`free_columns` as one dict per row, the form of ``pymc.sample(initvals=...)``."""
    columns = free_columns(problem, params)
    n = np.size(params["mass"])
    return [{name: value[i] for name, value in columns.items()} for i in range(n)]


# ----------------------------------------------------------------------------------------------------
# SMC with batched evaluations


def _unwrap_deterministic(var):
    """The expression under a Deterministic (a ViewOp), which vectorizes natively."""
    while var.owner is not None and isinstance(var.owner.op, ViewOp):
        var = var.owner.inputs[0]
    return var


class BatchedIMH(SMC_KERNEL):
    """SMC kernel with independent Metropolis-Hastings mutations, evaluated in batches.

    Each stage fits a multivariate normal to the current particles (in PyMC's unconstrained value space)
    and proposes every particle's next position from it, independently of where the particle is. The
    prior of all proposals is one call of a PyTensor function vectorized over particles; their
    likelihood is one batched call of the structure model. Steps repeat until the particles stop
    decorrelating from where the stage began.

    Parameters
    ----------
    problem : Problem
        The likelihood; the model in the PyMC context must be :func:`build_pymc_model` of it.
    correlation_threshold : float, default 0.01
        A step counts as progress in a coordinate when the absolute correlation between the stage's
        starting particles and the current ones fell by more than this; mutation stops at the first
        step where fewer than 90% of the coordinates progressed.
    max_steps : int, default 50
        Most mutation steps per stage, a bound on the cost of a stage with a poor proposal.
    **kwargs
        Passed to :class:`pymc.smc.kernels.SMC_KERNEL` (``draws``, ``threshold``, ``model`` ...).
    """

    stats_dtypes_shapes = {  # noqa: RUF012 (PyMC's own class attribute, a plain dict)
        "log_marginal_likelihood": (float, []),
        "beta": (float, []),
        "accept_rate": (float, []),
        "n_steps": (int, []),
    }

    def __init__(self, *args, problem, correlation_threshold=0.01, max_steps=50, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.correlation_threshold = correlation_threshold
        self.max_steps = int(max_steps)
        model = pm.modelcontext(kwargs.get("model"))
        self._batch_fn = self._compile_batch(model)
        self._forward_fn = self._compile_forward(model)
        self.accept_rate = np.nan
        self.n_steps = 0

    def _compile_batch(self, model):
        """One function from per-variable particle arrays to (prior logp, parameters...) per particle."""
        batched = {
            v: pt.tensor(dtype=v.dtype, shape=(None,) * (v.ndim + 1), name=f"{v.name}_batch")
            for v in self.variables
        }
        terms = model.logp(vars=model.free_RVs, sum=False, jacobian=True)
        params = model.replace_rvs_by_values(
            [_unwrap_deterministic(model[name]) for name in self.problem.parameter_names]
        )
        outputs = vectorize_graph([*terms, *params], replace=batched)
        n_terms = len(terms)
        # A term keeps the variable's own (event) axes after the particle axis: sum them away.
        log_prior = sum(t.reshape((t.shape[0], -1)).sum(axis=1) for t in outputs[:n_terms])
        return pytensor.function(
            list(batched.values()),
            [log_prior, *outputs[n_terms:]],
            on_unused_input="ignore",
            mode=_QUICK_MODE,
        )

    def _compile_forward(self, model):
        """One function from the free variables' values (constrained, batched) to PyMC's value space."""
        inputs, outputs = [], []
        for rv in model.free_RVs:
            value = rv.type()
            transform = model.rvs_to_transforms.get(rv)
            out = transform.forward(value, *rv.owner.inputs) if transform is not None else value
            batched = pt.tensor(dtype=rv.dtype, shape=(None,) * (rv.ndim + 1), name=f"{rv.name}_batch")
            inputs.append(batched)
            outputs.append(vectorize_graph(out, replace={value: batched}))
        self._free_names = [rv.name for rv in model.free_RVs]
        self._value_names = [model.rvs_to_values[rv].name for rv in model.free_RVs]
        return pytensor.function(inputs, outputs, on_unused_input="ignore", mode=_QUICK_MODE)

    def initialize_population(self):
        """Prior draws of :attr:`problem.prior` (the same distribution as the PyMC model's prior, drawn
        in one batch rather than one compiled call per particle), in PyMC's value space."""
        columns = free_columns(self.problem, self.problem.prior.sample(self.draws, self.rng))
        values = self._forward_fn(*[columns[name] for name in self._free_names])
        return dict(zip(self._value_names, values, strict=True))

    def _split(self, particles):
        """Particles (n, d) as one array per value variable, shape (n, *variable shape)."""
        arrays, start = [], 0
        for v in self.variables:
            shape, size = self.var_info[v.name]
            arrays.append(particles[:, start : start + size].reshape((len(particles), *shape)))
            start += size
        return arrays

    def evaluate(self, particles):
        """Log prior (value space, with Jacobian) and log likelihood of particles of shape (n, d)."""
        log_prior, *columns = self._batch_fn(*self._split(np.ascontiguousarray(particles, dtype=float)))
        n = len(particles)
        params = {
            name: np.broadcast_to(c, (n,)).copy()
            for name, c in zip(self.problem.parameter_names, columns, strict=True)
        }
        quantities = self.problem.simulate(params)
        log_l = self.problem.log_likelihood(quantities)
        log_l = np.where(quantities["status"] == Status.OK, log_l, -np.inf)
        return np.asarray(log_prior, dtype=float), np.where(np.isnan(log_l), -np.inf, log_l)

    def _initialize_kernel(self):
        # As the base class, but the initial population is evaluated in one batch.
        population = self.start if self.start else self.initialize_population()
        columns = [np.asarray(population[v.name]).reshape(self.draws, -1) for v in self.variables]
        self.tempered_posterior = np.column_stack(columns).astype(float)
        self.prior_logp, self.likelihood_logp = self.evaluate(self.tempered_posterior)
        if not np.isfinite(self.likelihood_logp).any():
            # Tempering needs at least one particle of finite likelihood to put weight on.
            raise InputError(
                "observation",
                self.problem.observation.text(),
                f"one that {self.problem.model.name!r} can build: none of {self.draws} prior draws has a "
                "finite likelihood",
            )

    def tune(self):
        """Fit the proposal: mean and covariance of the resampled particles (with a small jitter, so that
        particles collapsed onto a few points still give a positive-definite covariance)."""
        particles = self.tempered_posterior
        cov = np.atleast_2d(np.cov(particles, rowvar=False, ddof=0)) + 1e-6 * np.eye(particles.shape[1])
        if not np.all(np.isfinite(cov)):
            raise ValueError("SMC particles have no finite covariance: increase draws")
        self._mean = particles.mean(axis=0)
        self._chol = np.linalg.cholesky(cov)

    def _proposal_log_density(self, x):
        """ln q(x) up to its constant (which cancels in the acceptance ratio)."""
        whitened = np.linalg.solve(self._chol, (x - self._mean).T)
        return -0.5 * np.sum(whitened**2, axis=0)

    def mutate(self):
        """Independent MH steps until the particles stop decorrelating from the stage's start."""
        start = self.tempered_posterior.copy()
        log_q_current = self._proposal_log_density(self.tempered_posterior)
        previous = np.full(start.shape[1], np.inf)
        accepted_total = 0
        steps = 0
        while steps < self.max_steps:
            steps += 1
            proposal = self._mean + self.rng.standard_normal(start.shape) @ self._chol.T
            log_q_proposal = self._proposal_log_density(proposal)
            prior, like = self.evaluate(proposal)
            target = prior + self.beta * like
            # Independent proposals: the ratio weighs target / proposal density at both ends.
            log_ratio = (target - log_q_proposal) - (self.tempered_posterior_logp - log_q_current)
            accept = np.log(self.rng.random(len(proposal))) < log_ratio
            self.tempered_posterior[accept] = proposal[accept]
            self.tempered_posterior_logp[accept] = target[accept]
            self.prior_logp[accept] = prior[accept]
            self.likelihood_logp[accept] = like[accept]
            log_q_current[accept] = log_q_proposal[accept]
            accepted_total += int(accept.sum())
            correlation = _abs_correlation(start, self.tempered_posterior)
            if np.mean(previous - correlation > self.correlation_threshold) <= 0.9:
                break
            previous = correlation
        self.n_steps = steps
        self.accept_rate = accepted_total / (steps * len(start))

    def sample_stats(self):
        return {
            "log_marginal_likelihood": self.log_marginal_likelihood if self.beta == 1 else np.nan,
            "beta": self.beta,
            "accept_rate": self.accept_rate,
            "n_steps": self.n_steps,
        }

    def sample_settings(self):
        return {
            "_n_draws": self.draws,
            "threshold": self.threshold,
            "correlation_threshold": self.correlation_threshold,
            "max_steps": self.max_steps,
        }


def _abs_correlation(a, b):
    """|Pearson correlation| between matching columns of a and b (a constant column counts as 0)."""
    da, db = a - a.mean(axis=0), b - b.mean(axis=0)
    norm = np.sqrt(np.sum(da**2, axis=0) * np.sum(db**2, axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.abs(np.sum(da * db, axis=0) / norm)
    return np.where(np.isfinite(r), r, 0.0)


def _per_chain(values, chains):
    """PyMC's per-stage SMC statistics as one float array per chain. PyMC stores them as an object array
    of one list per chain when chains ran different numbers of stages, and as a numeric block otherwise."""
    flat = np.asarray(values, dtype=object).ravel()
    if len(flat) == chains and all(np.ndim(v) >= 1 for v in flat):
        return [np.asarray(v, dtype=float).ravel() for v in flat]
    return list(np.asarray(values, dtype=float).reshape(chains, -1))


def _padded(rows):
    """Ragged rows as a NaN-padded float matrix (NetCDF stores no ragged arrays)."""
    out = np.full((len(rows), max(len(r) for r in rows)), np.nan)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _smc_stats(pymc_idata, chains):
    """SMC's per-chain, per-stage statistics as numeric arrays and JSON attributes."""
    raw = pymc_idata.sample_stats
    stages = {
        name: _per_chain(raw[name].values, chains)
        for name in ("log_marginal_likelihood", "beta", "accept_rate", "n_steps")
    }
    log_z = np.array([s[-1] for s in stages["log_marginal_likelihood"]])
    arrays = {
        "log_marginal_likelihood": (("chain",), log_z),
        "n_stages": (("chain",), np.array([len(s) for s in stages["beta"]])),
        "beta": (("chain", "stage"), _padded(stages["beta"])),
        "accept_rate": (("chain", "stage"), _padded(stages["accept_rate"])),
        "n_steps": (("chain", "stage"), _padded(stages["n_steps"])),
    }
    attrs = {
        "log_evidence": float(np.mean(log_z)),
        "log_evidence_std": float(np.std(log_z, ddof=1)) if chains > 1 else float("nan"),
        "log_evidence_chains": json.dumps([float(v) for v in log_z]),
        "beta_schedule": json.dumps([[float(b) for b in s] for s in stages["beta"]]),
    }
    return arrays, attrs


def _attach_stats(idata, arrays):
    """Add per-chain variables (dims chain, stage) as the ``sample_stats`` group of ``idata``."""
    import xarray as xr

    chains = idata.posterior.coords["chain"].values
    dataset = xr.Dataset(
        {name: xr.DataArray(values, dims=dims) for name, (dims, values) in arrays.items()},
        coords={"chain": chains},
        attrs=dict(idata.posterior.attrs),
    )
    if "sample_stats" in idata.groups():
        idata.sample_stats = xr.merge([idata.sample_stats, dataset], combine_attrs="override")
    else:
        idata.add_groups(sample_stats=dataset)
    return idata


def run_smc(
    problem,
    draws=2000,
    chains=2,
    seed=0,
    progress=False,
    *,
    threshold=0.5,
    correlation_threshold=0.01,
    max_steps=50,
):
    """Sample ``problem`` by Sequential Monte Carlo with batched independent Metropolis-Hastings steps.

    Parameters
    ----------
    problem : Problem
    draws : int, default 2000
        Particles per chain; the final particles are the posterior draws.
    chains : int, default 2
        Independent SMC runs, one after the other (each batch already uses every core).
    seed : int, default 0
    progress : bool, default False
        Show PyMC's progress bar.
    threshold : float, default 0.5
        Each stage raises the inverse temperature until the importance weights' effective sample size
        falls to ``threshold * draws``: higher means more, gentler stages.
    correlation_threshold : float, default 0.01
        See :class:`BatchedIMH`.
    max_steps : int, default 50
        Most mutation steps per stage.

    Returns
    -------
    arviz.InferenceData
        The Posterior (:func:`~exoinfer.inference.build_posterior`, method ``pymc-smc``) with attributes
        ``log_evidence`` (mean over chains of ln p(data | model)), ``log_evidence_std`` (its standard
        deviation over chains, NaN for one chain), ``log_evidence_chains`` and ``beta_schedule`` (JSON),
        and ``sampling_time_s``; ``sample_stats`` holds ``log_marginal_likelihood`` and ``n_stages``
        (dim chain) and per stage ``beta``, ``accept_rate`` and ``n_steps`` (dims chain, stage, NaN
        beyond a chain's last stage).

    Notes
    -----
    The evidence is the integral of the likelihood over the prior, planets the solver cannot build
    counting as zero likelihood (see :class:`~exoinfer.inference.Problem`).
    """
    model = build_pymc_model(problem)
    started = time.perf_counter()
    pymc_idata = pm.sample_smc(
        draws=draws,
        kernel=BatchedIMH,
        model=model,
        random_seed=seed,
        chains=chains,
        cores=1,
        progressbar=progress,
        compute_convergence_checks=False,
        # PyMC compiles per-particle prior and likelihood functions that BatchedIMH never calls: compile
        # them cheaply.
        compile_kwargs={"mode": "FAST_COMPILE"},
        problem=problem,
        threshold=threshold,
        correlation_threshold=correlation_threshold,
        max_steps=max_steps,
    )
    elapsed = time.perf_counter() - started
    arrays, attrs = _smc_stats(pymc_idata, chains)
    samples = {name: pymc_idata.posterior[name].values for name in problem.parameter_names}
    settings = {
        "kernel": "BatchedIMH",
        "draws": draws,
        "chains": chains,
        "threshold": threshold,
        "correlation_threshold": correlation_threshold,
        "max_steps": max_steps,
        "pymc_version": pm.__version__,
    }
    idata = build_posterior(
        problem,
        samples,
        "pymc-smc",
        seed=seed,
        settings=settings,
        extra_attrs={**attrs, "sampling_time_s": elapsed},
    )
    return _attach_stats(idata, arrays)


def run_demz(problem, draws=10000, tune=2000, chains=2, seed=0, progress=False, *, cores=None):
    """Sample ``problem`` with PyMC's DEMetropolisZ (differential evolution from a past-sample archive).

    Parameters
    ----------
    problem : Problem
    draws : int, default 10000
        Kept draws per chain. Successive draws are strongly correlated: for the six parameters of
        ``core-mantle-water-gas`` and an Earth-like planet, 2 x 10,000 draws gave a bulk ESS of 650-1000.
    tune : int, default 2000
        Tuning draws per chain (discarded; DEMetropolisZ also drops the first 90% of them from its archive).
    chains : int, default 2
    seed : int, default 0
        Seeds the sampler and the starting points.
    progress : bool, default False
    cores : int, optional
        Chains run in parallel processes (default: as many as chains and CPUs allow).

    Returns
    -------
    arviz.InferenceData
        The Posterior (method ``pymc-demz``); ``sample_stats`` holds DEMetropolisZ's ``accepted`` and
        ``scaling`` per draw; attribute ``sampling_time_s``.

    Notes
    -----
    Chains start at likelihood-weighted prior draws (:meth:`Problem.initial_points`), so that tuning is
    spent near the posterior rather than on burn-in. Each step costs one single-planet solve.
    """
    model = build_pymc_model(problem)
    rng = np.random.default_rng(seed)
    initvals = _initvals(problem, problem.initial_points(chains, rng))
    cores = cores or min(chains, os.cpu_count() or 1)
    started = time.perf_counter()
    with model:
        pymc_idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=cores,
            step=pm.DEMetropolisZ(),
            initvals=initvals,
            random_seed=seed,
            progressbar=progress,
            compute_convergence_checks=False,
        )
    elapsed = time.perf_counter() - started
    samples = {name: pymc_idata.posterior[name].values for name in problem.parameter_names}
    stats = {k: pymc_idata.sample_stats[k].values.astype(float) for k in ("accepted", "scaling")}
    settings = {
        "draws": draws,
        "tune": tune,
        "chains": chains,
        "cores": cores,
        "pymc_version": pm.__version__,
    }
    return build_posterior(
        problem,
        samples,
        "pymc-demz",
        sample_stats=stats,
        seed=seed,
        settings=settings,
        extra_attrs={"sampling_time_s": elapsed},
    )
