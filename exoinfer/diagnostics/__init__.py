"""Diagnostics of posteriors: convergence of samplers (R-hat, ESS, MCSE) and distances between posteriors
(median shifts, interval widths, Wasserstein distance, classifier two-sample test)."""

from .convergence import ConvergenceReport, convergence_report
from .distances import Comparison, c2st_accuracy, choose_reference, compare_posteriors

__all__ = [
    "Comparison",
    "ConvergenceReport",
    "c2st_accuracy",
    "choose_reference",
    "compare_posteriors",
    "convergence_report",
]
