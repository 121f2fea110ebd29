"""Figures: mass-radius diagrams, ternary diagrams of three-layer compositions (and, with the inference
modules, corner plots, overlaid marginals and coverage plots).

Plot functions import matplotlib (and mpltern) themselves, with the non-interactive Agg backend when none
is chosen, so that importing exoinfer stays fast and works without a display.
"""

from ._figures import FIGURE_FORMATS, save_figure
from .corner import plot_corner
from .marginals import plot_marginals
from .mass_radius import plot_mass_radius
from .posterior_ternary import plot_posterior_ternary
from .ternary import plot_degeneracy, plot_ternary_samples, ternary_axes
from .trace import plot_trace

__all__ = [
    "FIGURE_FORMATS",
    "plot_corner",
    "plot_degeneracy",
    "plot_marginals",
    "plot_mass_radius",
    "plot_posterior_ternary",
    "plot_ternary_samples",
    "plot_trace",
    "save_figure",
    "ternary_axes",
]
