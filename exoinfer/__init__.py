"""exoinfer: posteriors of exoplanet interiors from mass, radius, Teq, k2 and other observables.

The package is organised as the data flow runs (see ``docs`` and ``DESIGN.md``):
equations of state (:mod:`exoinfer.eos`) feed layered structure models
(:mod:`exoinfer.structure`), whose batched ``simulate`` is used by every inference backend.

Heavy dependencies (torch, sbi, pymc, arviz, dask) are imported only inside the functions that use
them, so ``import exoinfer`` and the command line start quickly.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("exoinfer")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
