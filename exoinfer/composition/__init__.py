"""Three-layer compositions from mass and radius: degeneracy curves with uncertainty bands and the
rocky-or-gas classification (the Zeng & Seager workflow)."""

from .classify import CLASSES, Classification, classify
from .degeneracy import DEFAULT_BAND, DegeneracyCurve, degeneracy_curve, degeneracy_curves
from .draws import split_normal
from .labels import layer_labels, tex_label
from .limits import RadiusLimits, radius_limits
from .threelayer import CurveStatus, ThreeLayer, solve_middle_fraction

__all__ = [
    "CLASSES",
    "DEFAULT_BAND",
    "Classification",
    "CurveStatus",
    "DegeneracyCurve",
    "RadiusLimits",
    "ThreeLayer",
    "classify",
    "degeneracy_curve",
    "degeneracy_curves",
    "layer_labels",
    "radius_limits",
    "solve_middle_fraction",
    "split_normal",
    "tex_label",
]
