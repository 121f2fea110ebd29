"""Inference backends: each takes a :class:`~exoinfer.inference.Problem` and returns a Posterior (ArviZ
InferenceData with the same variable names). The backends know nothing of each other; this registry
maps method names to them, and imports a backend only when it is used (torch and pymc are slow to load).
"""

from importlib import import_module

from ..errors import InputError

__all__ = ["METHODS", "get_backend"]

#: Method name -> (module, function). Each function is called as ``fn(problem, **options)``.
METHODS = {
    "emcee": ("exoinfer.backends.emcee", "run_emcee"),
    "pymc-smc": ("exoinfer.backends.pymc", "run_smc"),
    "pymc-demz": ("exoinfer.backends.pymc", "run_demz"),
    "mdn": ("exoinfer.backends.mdn", "run_mdn"),
}


def get_backend(method):
    """The sampling function of ``method``.

    Raises
    ------
    InputError
        For an unknown method, naming the known ones.
    """
    if method not in METHODS:
        raise InputError("method", method, " | ".join(METHODS))
    module, function = METHODS[method]
    return getattr(import_module(module), function)
