"""MCMC posteriors of a study, kept as NetCDF so that a rerun reuses them.

An exact posterior takes minutes and depends only on the problem, the method's options and the seed; an
amortized one takes seconds and depends on a network that may have been retrained since. Studies
therefore cache the MCMC methods and always recompute the amortized ones.
"""

import re
import time

from exoinfer.backends import ESTIMATORS, get_backend
from exoinfer.inference.posterior import load_posterior, save_posterior


def study_posterior(method, problem, options, seed, folder):
    """``method``'s posterior of ``problem`` and its wall time in seconds.

    MCMC posteriors are read from, or written to, ``folder / <planet> / <method>.nc``; the wall time is
    the one of the run that made the file.
    """
    path = None if method in ESTIMATORS else _path(method, problem, folder)
    if path is not None and path.exists():
        idata = load_posterior(path)
        return idata, float(idata.posterior.attrs["study_seconds"])
    start = time.perf_counter()
    idata = get_backend(method)(problem, seed=seed, **options)
    seconds = time.perf_counter() - start
    if path is not None:
        idata.posterior.attrs["study_seconds"] = seconds
        path.parent.mkdir(parents=True, exist_ok=True)
        save_posterior(idata, path)
    return idata, seconds


def is_cached(method, problem, folder):
    """Whether :func:`study_posterior` would read ``method``'s posterior of ``problem`` from ``folder``."""
    return method in ESTIMATORS or _path(method, problem, folder).exists()


def _path(method, problem, folder):
    return folder / slug(problem.observation.name) / f"{method}.nc"


def slug(name):
    """A file-name-safe form of a planet or case name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
