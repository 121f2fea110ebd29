"""Inference backends: each takes a :class:`~exoinfer.inference.Problem` and returns a Posterior (ArviZ
InferenceData with the same variable names). The backends know nothing of each other; this registry
maps method names to them, and imports a backend only when it is used (torch and pymc are slow to load).
"""

from importlib import import_module

from ..errors import InputError

__all__ = ["ESTIMATORS", "METHODS", "get_backend", "load_estimator"]

#: Method name -> (module, function). Each function is called as ``fn(problem, **options)``.
METHODS = {
    "emcee": ("exoinfer.backends.emcee", "run_emcee"),
    "pymc-smc": ("exoinfer.backends.pymc", "run_smc"),
    "pymc-demz": ("exoinfer.backends.pymc", "run_demz"),
    "mdn": ("exoinfer.backends.mdn", "run_mdn"),
    "npe": ("exoinfer.backends.npe", "run_npe"),
}

#: Amortized method -> (module, estimator class): a trained network that samples many planets in one call.
ESTIMATORS = {
    "mdn": ("exoinfer.backends.mdn", "MDNEstimator"),
    "npe": ("exoinfer.backends.npe", "NPEEstimator"),
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


def load_estimator(method, network, model, observables):
    """The trained estimator of an amortized ``method`` for ``model`` and measured ``observables``.

    Parameters
    ----------
    method : str
        A key of :data:`ESTIMATORS`.
    network : str, Path, estimator or None
        A network folder, an estimator, or None for the method's committed network (the MDN has some).
    model : StructureModel
    observables : sequence of str
        Names of the measured quantities (they choose the default network's inputs).

    Raises
    ------
    InputError
        For a method without an estimator, a missing default, or a network of another model.
    """
    if method not in ESTIMATORS:
        raise InputError("amortized method", method, " | ".join(ESTIMATORS))
    module, name = ESTIMATORS[method]
    return getattr(import_module(module), name).resolve(network, model, observables)
