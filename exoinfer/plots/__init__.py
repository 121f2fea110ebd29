"""Figures: mass-radius diagrams, ternary diagrams of three-layer compositions (and, with the inference
modules, corner and coverage plots).

Plot functions import matplotlib (and mpltern) themselves, with the non-interactive Agg backend when none
is chosen, so that importing exoinfer stays fast and works without a display.
"""

from ._figures import FIGURE_FORMATS, save_figure
from .mass_radius import plot_mass_radius
from .ternary import plot_degeneracy, plot_ternary_samples, ternary_axes

__all__ = [
    "FIGURE_FORMATS",
    "plot_degeneracy",
    "plot_mass_radius",
    "plot_ternary_samples",
    "save_figure",
    "ternary_axes",
]
