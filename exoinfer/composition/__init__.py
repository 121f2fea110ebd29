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
    "Classification",
    "RadiusLimits",
    "classify",
    "layer_labels",
    "radius_limits",
    "tex_label",
    "DEFAULT_BAND",
    "CurveStatus",
    "DegeneracyCurve",
    "ThreeLayer",
    "degeneracy_curve",
    "degeneracy_curves",
    "solve_middle_fraction",
    "split_normal",
]
