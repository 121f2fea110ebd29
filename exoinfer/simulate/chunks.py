"""One chunk of a simulation set: draw its planets, build them, write them. This is what a Dask task runs.

A chunk's planets depend only on (seed, chunk index, chunk size): the set is the same whichever worker
computes which chunk, in whatever order, and however many workers there are.
"""

from dataclasses import dataclass, replace

import numpy as np

from .store import FLOAT, STATUS, chunk_bounds

__all__ = ["ChunkJob", "draw_chunk", "simulate_chunk"]


@dataclass(frozen=True)
class ChunkJob:
    """Everything a worker needs to compute any chunk of one set (sent to each worker once).

    Attributes
    ----------
    model : StructureModel
    prior : Prior
    path : str
        Absolute path of the Zarr store; workers must see the same filesystem.
    seed : int
    chunk_size : int
    n : int
        Planets in the set.
    solver_threads : int or None
        Threads of the structure solver per task: 1 when the scheduler already runs one task per core,
        None (every core) when it runs one task at a time.
    """

    model: object
    prior: object
    path: str
    seed: int
    chunk_size: int
    n: int
    solver_threads: int | None = 1


def draw_chunk(prior, seed, k, chunk_size, size=None):
    """Parameters of chunk ``k``: the first ``size`` rows of a full ``chunk_size`` draw, as float32.

    The draw is always of the full chunk size, so that the first planets of a chunk do not change when a
    set grows and its last, partial chunk gets more planets.
    """
    params = prior.sample(chunk_size, np.random.default_rng([seed, k]))
    return {name: values[:size].astype(FLOAT) for name, values in params.items()}


def simulate_chunk(job, k):
    """Draw, build and write chunk ``k`` of ``job``; returns ``(k, planets)``.

    The worker writes its own chunk: Zarr chunks coincide with simulation chunks, so writers never share
    a file and need no lock. The client marks the chunk done once this returns.
    """
    import zarr

    start, stop = chunk_bounds(k, job.n, job.chunk_size)
    params = draw_chunk(job.prior, job.seed, k, job.chunk_size, stop - start)
    settings = replace(job.model.settings, threads=job.solver_threads)
    columns = job.model.simulate({name: v.astype(float) for name, v in params.items()}, settings).columns()
    group = zarr.open_group(job.path, mode="r+")
    for name, values in columns.items():
        dtype = np.int8 if name == STATUS else FLOAT
        group[name][start:stop] = np.asarray(values, dtype=dtype)
    return k, stop - start
