"""Simulation sets: planets drawn from a prior and built by a structure model, in chunks on Dask, in Zarr.

>>> from exoinfer.structure import get_model
>>> from exoinfer.inference import Prior
>>> model = get_model("core-mantle-water-gas")
>>> sims = simulate_set(model, Prior.default(model), 5_000_000, "sims.zarr")  # doctest: +SKIP
>>> columns = open_simulations("sims.zarr").arrays(["mass", "radius", "k2"])  # doctest: +SKIP

A set is defined by (model, prior, seed, chunk size): chunk k draws its planets from
``numpy.random.default_rng([seed, k])``, so the set does not depend on the scheduler or the number of
workers; rerunning the same call resumes an interrupted run, a larger ``n`` extends a set. See
:mod:`.store` for the layout.
"""

from .chunks import draw_chunk
from .run import simulate_set
from .store import SimulationSet, open_simulations

__all__ = ["SimulationSet", "draw_chunk", "open_simulations", "simulate_set"]
