"""Solve batches of layered planets: pack the model for the compiled kernel, run it over chunks in threads.

The numerics live in :mod:`.kernel`; this module turns materials into the kernel's arrays (tables on
one shared ln P grid, one curve per phase; modified polytropes stay analytic), splits a batch into
chunks, and runs the kernel, which releases the GIL, on worker threads.
"""

import os
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from ..eos.gas import IdealGasEnvelope
from ..eos.polytrope import ModifiedPolytrope
from ..eos.table import P_TABLE_MAX, P_TABLE_MIN, TABLE_SIZE
from .status import Status

__all__ = ["Physics", "SolverSettings", "solve"]

#: Material arrays as the kernel reads them (see :mod:`.kernel`).
KernelLayers = namedtuple("KernelLayers", "kind poly table transitions n_phases p_max grid")


@dataclass(frozen=True)
class SolverSettings:
    """Resolution, tolerances and parallelism of :func:`solve`.

    The defaults keep the radius within 1e-4 (relative) and k2 within 1e-3 of the solver's converged
    answer over the whole parameter space (``validation/forward_model.py`` measures it: at most 6.9e-5
    and 2.8e-4). Nearly all of that is the step size's: the tolerances add at most 1.3e-6 to the radius
    and 2.2e-6 to k2 against solves held to 1e-9 and 1e-7, and tightening them to those costs 10-13%
    of the throughput.

    Attributes
    ----------
    steps_per_layer : int
        RK4 steps per solid layer on the fine grid.
    envelope_steps : tuple of int
        RK4 steps in the envelope's adiabatic and isothermal zones.
    coarse_steps_per_layer, coarse_envelope_steps
        The same for the coarse grid that finds a first central pressure.
    tolerance : float
        Converged when |P_b - P_needed| / Pc is below this on the fine grid. The radius error this leaves
        is about 3 * tolerance * R (the misfit over rho g at the top of the solids).
    coarse_tolerance : float
        The same on the coarse grid.
    envelope_tolerance : float
        Converged envelope when |ln(M_env / M_env requested)| is below this; an envelope mass error
        dm/m moves the radius by about (H/R) dm/m < 0.1 dm/m (more near the Bondi limit, which is why
        every inner solve is held to it).
    max_iterations : int
        Iterations per solve before a planet is declared ``NO_SOLUTION``.
    chunk_size : int
        Most planets per chunk handed to one thread.
    threads : int or None
        Worker threads; None uses every core. The kernel releases the GIL, so threads scale.
    """

    steps_per_layer: int = 24
    envelope_steps: tuple[int, int] = (20, 8)
    coarse_steps_per_layer: int = 3
    coarse_envelope_steps: tuple[int, int] = (4, 2)
    tolerance: float = 1.0e-7
    coarse_tolerance: float = 1.0e-4
    envelope_tolerance: float = 1.0e-6
    max_iterations: int = 50
    chunk_size: int = 4096
    threads: int | None = None

    def refined(self, factor=10):
        """Settings with ``factor`` times more steps and tighter tolerances: a reference solution."""
        return replace(
            self,
            steps_per_layer=self.steps_per_layer * factor,
            envelope_steps=tuple(n * factor for n in self.envelope_steps),
            tolerance=min(self.tolerance, 1.0e-12),
            envelope_tolerance=min(self.envelope_tolerance, 1.0e-10),
        )


@dataclass(frozen=True)
class Physics:
    """What the solver integrates: solid layers as (material, temperature [K]) innermost first, an
    optional outermost envelope, and the surface pressure [Pa] at which a planet without one ends."""

    solids: tuple
    envelope: object
    surface_pressure: float

    @property
    def top_pressure(self):
        """Pressure [Pa] at which the planet's radius is reported."""
        return self.envelope.transit_pressure if self.envelope is not None else self.surface_pressure

    def kernel_arrays(self):
        """The layers and envelope as the kernel's arrays (built once per model by the caller)."""
        return _pack_layers(self.solids), _pack_envelope(self.envelope)


def _pack_layers(solids):
    ln_p = np.linspace(np.log(P_TABLE_MIN), np.log(P_TABLE_MAX), TABLE_SIZE)
    pressure = np.exp(ln_p)
    phases = [getattr(mat, "phases", (mat,)) for mat, _ in solids]
    n_phases = max(len(p) for p in phases)
    n = len(solids)
    kind = np.zeros(n, dtype=np.int64)
    poly = np.zeros((n, 3))
    rho = np.ones((n, n_phases, TABLE_SIZE))
    transitions = np.full((n, max(n_phases - 1, 1)), np.inf)
    for k, ((material, temperature), layer_phases) in enumerate(zip(solids, phases, strict=True)):
        if isinstance(material, ModifiedPolytrope):
            kind[k] = 1
            poly[k] = material.rho0, material.c, material.n
        for j, phase in enumerate(layer_phases):
            rho[k, j] = phase.density(pressure, temperature)
        transitions[k, : len(layer_phases) - 1] = getattr(material, "transitions", ())
    if not np.all(np.isfinite(rho) & (rho > 0)):
        raise ValueError("every material's density must be finite and positive from 1e2 to 1e14 Pa")
    slope = np.concatenate([np.diff(rho, axis=2), np.diff(rho, axis=2)[:, :, -1:]], axis=2)
    grid = np.array([ln_p[0], (TABLE_SIZE - 1) / (ln_p[-1] - ln_p[0]), P_TABLE_MIN])
    return KernelLayers(
        kind,
        poly,
        np.stack([rho, slope], axis=-1),  # a node's value and slope share a cache line
        transitions,
        np.array([len(p) for p in phases], dtype=np.int64),
        np.array([mat.p_max for mat, _ in solids], dtype=float),
        grid,
    )


def _pack_envelope(envelope):
    """[present, mu, grad_ad, P_transit, P_rcb, P_max, dense_limit, then cold rho, slope per table node]."""
    if envelope is None:
        return np.zeros(7 + 2 * TABLE_SIZE)
    if not isinstance(envelope, IdealGasEnvelope):
        raise TypeError("the solver's envelopes are IdealGasEnvelope instances (any mu, gamma and pressures)")
    e = envelope
    cold = e.cold_density(np.exp(np.linspace(np.log(P_TABLE_MIN), np.log(P_TABLE_MAX), TABLE_SIZE)))
    slope = np.append(np.diff(cold), cold[-1] - cold[-2])
    head = [1.0, e.mean_molecular_weight, e.adiabatic_gradient, e.transit_pressure, e.rcb_pressure, e.p_max]
    return np.concatenate([head, [float(e.dense_limit)], np.column_stack([cold, slope]).ravel()])


def _settings_arrays(settings, top_pressure):
    fs = np.array([settings.tolerance, settings.coarse_tolerance, settings.envelope_tolerance, top_pressure])
    ns = np.array(
        [
            settings.steps_per_layer,
            settings.coarse_steps_per_layer,
            *settings.envelope_steps,
            *settings.coarse_envelope_steps,
            settings.max_iterations,
        ],
        dtype=np.int64,
    )
    return fs, ns


def solve(physics, mass, fractions, teq, settings=None, arrays=None):
    """Solve the structure of a batch of planets.

    Parameters
    ----------
    physics : Physics
        Layers, envelope and surface pressure.
    mass : ndarray, shape (n,)
        Planet masses [kg], finite and positive.
    fractions : ndarray, shape (n, n_layers)
        Mass fractions per layer, innermost first, non-negative and summing to 1; the envelope (if any)
        is the last column. At least one solid layer must be present.
    teq : ndarray, shape (n,)
        Equilibrium temperatures [K] (used by an envelope only).
    settings : SolverSettings, optional
    arrays : tuple, optional
        ``physics.kernel_arrays()``, when the caller keeps them between calls.

    Returns
    -------
    dict
        SI arrays: ``radius`` [m], ``k2``, ``moi``, ``p_center`` [Pa], ``layer_radius`` and
        ``layer_pressure`` (n, n_layers) [m, Pa] at each layer's top, and ``status`` (int8,
        :class:`Status`). Planets that are not ``OK`` have NaN outputs.
    """
    from .kernel import solve_planets  # numba compiles (or loads from its cache) on first use

    settings = settings or SolverSettings()
    layers, env = arrays or physics.kernel_arrays()
    fs, ns = _settings_arrays(settings, physics.top_pressure)
    n, n_layers = fractions.shape
    mass = np.ascontiguousarray(mass, dtype=float)
    fractions = np.ascontiguousarray(fractions, dtype=float)
    teq = np.ascontiguousarray(teq, dtype=float)
    out = {
        "radius": np.empty(n),
        "eta": np.empty(n),
        "inertia": np.empty(n),
        "ln_pc": np.empty(n),
        "status": np.empty(n, dtype=np.int64),
        "layer_radius": np.empty((n, n_layers)),
        "layer_pressure": np.empty((n, n_layers)),
    }
    order = ("radius", "eta", "inertia", "ln_pc", "status", "layer_radius", "layer_pressure")

    def run(chunk):
        solve_planets(
            layers, env, fs, ns, mass[chunk], fractions[chunk], teq[chunk], *(out[k][chunk] for k in order)
        )

    threads = settings.threads or os.cpu_count() or 1
    size = max(1, min(settings.chunk_size, -(-n // threads)))
    chunks = [slice(i, i + size) for i in range(0, n, size)]
    if threads > 1 and len(chunks) > 1:
        list(_thread_pool(threads).map(run, chunks))
    else:
        for chunk in chunks:
            run(chunk)
    return _finish(out, mass)


@cache
def _thread_pool(threads):
    """One long-lived pool per thread count: starting threads costs milliseconds, which would dominate
    the small batches that samplers send (one batch of a few dozen walkers per step)."""
    return ThreadPoolExecutor(threads, thread_name_prefix="exoinfer-solver")


def _finish(out, mass):
    """Derived outputs (k2, C/MR^2, Pc) and NaN for every output of a planet that is not OK."""
    status = out["status"].astype(np.int8)
    ok = status == Status.OK
    radius = np.where(ok, out["radius"], np.nan)
    return {
        "radius": radius,
        "k2": np.where(ok, (3.0 - out["eta"]) / (2.0 + out["eta"]), np.nan),
        "moi": np.where(ok, out["inertia"] / (mass * radius**2), np.nan),
        "p_center": np.where(ok, np.exp(out["ln_pc"]), np.nan),
        "layer_radius": np.where(ok[:, None], out["layer_radius"], np.nan),
        "layer_pressure": np.where(ok[:, None], out["layer_pressure"], np.nan),
        "status": status,
    }
