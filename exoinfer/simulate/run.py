"""Run a simulation set on Dask: a local cluster, a running scheduler, or Dask's local schedulers.

The client submits the chunks that are not done, and marks each one done when its task has returned
(the worker has written the data by then). Interrupting it loses at most the chunks in flight.
"""

import logging
import numbers
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import InputError
from .chunks import ChunkJob, simulate_chunk
from .store import DONE, check_store, open_simulations, prepare_store

__all__ = ["LOCAL_SCHEDULERS", "simulate_set"]

#: Dask's single-machine schedulers, by the name ``scheduler`` takes, and the solver threads per task.
LOCAL_SCHEDULERS = {"synchronous": None, "sync": None, "threads": 1}

#: Seconds between looks at the futures of a distributed run (a chunk takes seconds to minutes).
POLL_S = 0.1

#: Seconds to wait for a scheduler given by address before calling it unreachable.
CONNECT_TIMEOUT = "10s"


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
    with _executor(scheduler) as execute:
        prepare_store(path, model, prior, seed, chunk_size, n)
        sims = open_simulations(path)
        tracker = _Tracker(progress, sims.n, n, path)
        threads = LOCAL_SCHEDULERS.get(scheduler, 1)
        job = ChunkJob(model, prior, str(path), seed, chunk_size, n, threads)
        execute(job, [int(k) for k in np.flatnonzero(~sims.done)], tracker.chunk_done)
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


@contextmanager
def _executor(scheduler):
    """Yield ``execute(job, chunks, on_done)`` for ``scheduler`` (see :func:`simulate_set`)."""
    if scheduler in LOCAL_SCHEDULERS:
        name = "sync" if LOCAL_SCHEDULERS[scheduler] is None else scheduler
        yield lambda job, todo, on_done: _run_local(job, todo, on_done, name)
        return
    with _client(scheduler) as client:
        yield lambda job, todo, on_done: _run_distributed(client, job, todo, on_done)


def _run_local(job, todo, on_done, scheduler):
    """Dask's local schedulers; a scheduler callback marks each chunk as its task ends."""
    import dask
    from dask.callbacks import Callback

    job_task = dask.delayed(job, name="exoinfer-simulate-job", traverse=False)
    tasks = [dask.delayed(simulate_chunk, pure=False)(job_task, k) for k in todo]
    keys = {task.key for task in tasks}

    class Done(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if key in keys:
                on_done(*result)

    with Done():
        dask.compute(*tasks, scheduler=scheduler, num_workers=os.cpu_count())


def _run_distributed(client, job, todo, on_done):
    """A distributed cluster: the job goes to every worker once, then one small task per chunk.

    The client polls its futures instead of blocking in ``distributed.as_completed``: a Ctrl-C that lands
    inside that iterator's ``threading.Condition`` can leave its lock held, and the event loop, which
    takes the same lock, then hangs, and with it the cancelling and the cluster's shutdown. Here Ctrl-C
    only sets a flag that the loop turns into ``KeyboardInterrupt`` at a safe point.
    """
    if not todo:
        return
    job_future = client.scatter(job, broadcast=True, hash=False)
    futures = [client.submit(simulate_chunk, job_future, k, pure=False) for k in todo]
    pending = list(futures)
    try:
        with _deferred_interrupt() as check:
            while pending:
                check()
                done = [f.done() for f in pending]  # one look per future: none is lost between two
                finished = [f for f, d in zip(pending, done, strict=True) if d]
                pending = [f for f, d in zip(pending, done, strict=True) if not d]
                if not finished:
                    time.sleep(POLL_S)
                for future in finished:
                    on_done(*future.result())
                    future.release()
    finally:
        client.cancel(pending)


@contextmanager
def _deferred_interrupt():
    """Yield ``check()``, which raises ``KeyboardInterrupt`` if Ctrl-C was pressed since; a second Ctrl-C
    interrupts at once. Only in the main thread and when SIGINT has Python's default handler."""
    hits = []
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield lambda: None
        return

    def handler(signum, frame):
        if hits:
            raise KeyboardInterrupt
        hits.append(signum)

    def check():
        if hits:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _client(scheduler):
    from distributed import Client, LocalCluster

    if scheduler is None:
        with (
            LocalCluster(
                n_workers=os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        allowed = "a running Dask scheduler's address (tcp://host:port), 'synchronous' or 'threads'"
        raise InputError("scheduler", scheduler, f"{allowed} ({type(err).__name__})") from None
    with client:
        yield client
