"""Independent tasks on Dask: a local cluster, a running scheduler, or Dask's local schedulers.

Used by simulation sets (one task per chunk) and calibration runs (one task per test planet). The caller
gives a function ``task(job, k)`` returning ``(k, result)``, the shared ``job`` (sent to each worker once)
and the indices to run; ``on_done(k, result)`` is called in the client as each task ends, so the caller
can record it at once: interrupting a run loses at most the tasks in flight.
"""

import logging
import os
import signal
import threading
import time
from contextlib import contextmanager

from .errors import InputError

__all__ = ["LOCAL_SCHEDULERS", "executor"]

#: Dask's single-machine schedulers, by the name ``scheduler`` takes, and the solver threads per task.
LOCAL_SCHEDULERS = {"synchronous": None, "sync": None, "threads": 1}
#: Seconds between looks at the futures of a distributed run (a task takes seconds to minutes).
POLL_S = 0.1
#: Seconds to wait for a scheduler given by address before calling it unreachable.
CONNECT_TIMEOUT = "10s"


@contextmanager
def executor(scheduler):
    """Yield ``execute(task, job, todo, on_done)`` that runs ``task(job, k)`` for each k in ``todo``.

    Parameters
    ----------
    scheduler : str or None
        None: a ``distributed.LocalCluster`` of one single-threaded worker process per core.
        ``"synchronous"``: tasks one after another in this process. ``"threads"``: Dask's thread pool.
        Anything else: the address of a running Dask scheduler (``tcp://host:port``).

    Raises
    ------
    InputError
        For a scheduler address that does not answer within :data:`CONNECT_TIMEOUT`.
    """
    if scheduler in LOCAL_SCHEDULERS:
        name = "sync" if LOCAL_SCHEDULERS[scheduler] is None else scheduler
        yield lambda task, job, todo, on_done: _run_local(task, job, todo, on_done, name)
        return
    with _client(scheduler) as client:
        yield lambda task, job, todo, on_done: _run_distributed(client, task, job, todo, on_done)


def _run_local(task, job, todo, on_done, scheduler):
    """Dask's local schedulers; a scheduler callback hands each result to ``on_done`` as its task ends."""
    import dask
    from dask.callbacks import Callback

    job_task = dask.delayed(job, name="exoinfer-job", traverse=False)
    delayed = [dask.delayed(task, pure=False)(job_task, k) for k in todo]
    keys = {d.key for d in delayed}

    class Done(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if key in keys:
                on_done(*result)

    with Done():
        dask.compute(*delayed, scheduler=scheduler, num_workers=os.cpu_count())


def _run_distributed(client, task, job, todo, on_done):
    """A distributed cluster: the job goes to every worker once, then one small task per chunk.

    The client polls its futures instead of blocking in ``distributed.as_completed``: a Ctrl-C that lands
    inside that iterator's ``threading.Condition`` can leave its lock held, and the event loop, which
    takes the same lock, then hangs, and with it the cancelling and the cluster's shutdown. Here Ctrl-C
    only sets a flag that the loop turns into ``KeyboardInterrupt`` at a safe point.
    """
    if not todo:
        return
    job_future = client.scatter(job, broadcast=True, hash=False)
    futures = [client.submit(task, job_future, k, pure=False) for k in todo]
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
