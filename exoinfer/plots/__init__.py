"""Figures: mass-radius diagrams (and, with the inference modules, corner, ternary and coverage plots).

Plot functions import matplotlib themselves, with the non-interactive Agg backend when none is chosen,
so that importing exoinfer stays fast and works without a display.
"""

from .mass_radius import plot_mass_radius

__all__ = ["plot_mass_radius"]
