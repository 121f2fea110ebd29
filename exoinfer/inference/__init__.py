"""Inference: priors, observations, the one likelihood (Problem), and Posteriors as ArviZ data."""

from .observation import Measurement, Observation
from .posterior import build_posterior, load_posterior, posterior_frame, save_posterior
from .prior import CompositionPrior, LogUniform, Prior, Uniform, load_prior
from .problem import Problem

__all__ = [
    "CompositionPrior",
    "LogUniform",
    "Measurement",
    "Observation",
    "Prior",
    "Problem",
    "Uniform",
    "build_posterior",
    "load_posterior",
    "load_prior",
    "posterior_frame",
    "save_posterior",
]
