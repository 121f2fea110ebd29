"""Run a simulation set on Dask: a local cluster, a running scheduler, or Dask's local schedulers.

The client submits the chunks that are not done, and marks each one done when its task has returned
(the worker has written the data by then). Interrupting it loses at most the chunks in flight.
"""

import numbers
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..tasks import LOCAL_SCHEDULERS, executor
from .chunks import ChunkJob, simulate_chunk
from .store import DONE, check_store, open_simulations, prepare_store

__all__ = ["simulate_set"]


def simulate_set(model, prior, n, path, *, seed=0, chunk_size=100_000, scheduler=None, progress=None):
    """Create, resume or extend a simulation set of ``n`` planets drawn from ``prior``.

    Parameters
    ----------
    model : StructureModel
    prior : Prior
        A prior of ``model``.
    n : int
        Planets in the set. A larger ``n`` than the store holds extends it; the result is the set that
        ``n`` would have made directly.
    path : str or Path
        Zarr store (a directory). Workers write into it, so on a multi-machine cluster it must be on a
        filesystem every worker sees at the same path.
    seed : int
        Chunk k draws from ``numpy.random.default_rng([seed, k])``.
    chunk_size : int
        Planets per chunk: one Dask task, one Zarr chunk, one worker's memory. Chunk k holds planets
        ``[k * chunk_size, (k + 1) * chunk_size)``, always drawn as a full ``chunk_size`` draw; the last
        chunk keeps only the rows up to ``n``. Part of the set's identity: a store is resumed or
        extended only with the chunk size it was made with.
    scheduler : str, optional
        None: a ``distributed.LocalCluster`` of one single-threaded worker process per core.
        ``"synchronous"``: chunks one after another in this process, the solver on every core.
        ``"threads"``: Dask's thread pool, one single-threaded solve per core. Anything else: the address
        of a running Dask scheduler (``tcp://host:port``).
    progress : callable, optional
        ``progress(done, total)`` with the planets complete so far: once before any work (the planets
        already in the store) and after each chunk. An exception it raises stops the run cleanly
        (finished chunks stay done).

    Returns
    -------
    SimulationSet

    Raises
    ------
    InputError
        For n < 1, chunk_size < 1, a negative seed, a prior of another model, an unreachable scheduler, or
        an ``n`` below what the store already holds.
    FileFormatError
        If ``path`` exists and is not a simulation set, or one made with another model, prior, seed or
        chunk size.
    """
    _check_arguments(model, prior, n, seed, chunk_size)
    n, seed, chunk_size = int(n), int(seed), int(chunk_size)
    path = Path(path).absolute()  # workers may run in another directory
    if check_store(path, model, prior, seed, chunk_size, n) and _complete(path, n):
        _Tracker(progress, n, n, path)
        return open_simulations(path)
    # Connect (or start the cluster) before writing anything: an unreachable scheduler leaves no store.
    with executor(scheduler) as execute:
        prepare_store(path, model, prior, seed, chunk_size, n)
        sims = open_simulations(path)
        tracker = _Tracker(progress, sims.n, n, path)
        threads = LOCAL_SCHEDULERS.get(scheduler, 1)
        job = ChunkJob(model, prior, str(path), seed, chunk_size, n, threads)
        execute(simulate_chunk, job, [int(k) for k in np.flatnonzero(~sims.done)], tracker.chunk_done)
    return open_simulations(path)


def _complete(path, n):
    sims = open_simulations(path)
    return sims.n_total == n and sims.complete


def _check_arguments(model, prior, n, seed, chunk_size):
    for name, value, low in (("n", n, 1), ("chunk_size", chunk_size, 1), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise InputError(name, value, f"a whole number >= {low}")
    if prior.model.name != model.name:
        raise InputError("prior", prior.model.name, f"a prior of model {model.name!r}")


class _Tracker:
    """Marks chunks done in the store and reports progress; runs in the client only."""

    def __init__(self, progress, done, total, path):
        import zarr

        self._progress = progress
        self._done = done
        self._total = total
        self._flags = zarr.open_array(str(path / DONE), mode="r+")
        self._report()

    def _report(self):
        if self._progress is not None:
            self._progress(self._done, self._total)

    def chunk_done(self, k, planets):
        self._flags[k] = True
        self._done += planets
        self._report()
