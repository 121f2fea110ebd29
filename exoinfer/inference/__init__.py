"""Inference: priors, observations, the likelihood, posteriors and the backends' common ground."""

from .prior import CompositionPrior, LogUniform, Prior, Uniform, load_prior

__all__ = ["CompositionPrior", "LogUniform", "Prior", "Uniform", "load_prior"]
