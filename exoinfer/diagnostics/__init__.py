"""Diagnostics of posteriors: convergence of samplers (R-hat, ESS, MCSE)."""

from .convergence import ConvergenceReport, convergence_report

__all__ = ["ConvergenceReport", "convergence_report"]
