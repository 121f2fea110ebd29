"""The mass-radius curves a rocky-or-gas diagram is read against: the pure layers of the rocky and the
gas-rich three-layer models (which bound the classes of :mod:`.classify`) and an Earth-like mixture."""

import numpy as np

from ..structure import get_model
from ..structure.curves import EARTH_LIKE, mass_radius_curve
from .classify import GAS_MODEL, ROCKY_MODEL
from .labels import layer_labels

__all__ = ["reference_curves"]


def reference_curves(masses, rocky_model=ROCKY_MODEL, gas_model=GAS_MODEL):
    """Radii [R_E] at ``masses`` [M_E] of each pure layer of the two models and of Earth-like rock.

    Returns
    -------
    dict of str to ndarray
        Label (e.g. ``"100% Fe"``, ``"Earth-like (32.5% Fe)"``, ``"100% H2 (cold)"``) to radii, densest
        first; a layer both models share (MgSiO3, H2O) appears once. NaN where a planet cannot be built.
    """
    masses = np.asarray(masses, dtype=float)
    curves = {}
    for name in (rocky_model, gas_model):
        model = get_model(name) if isinstance(name, str) else name
        labels = layer_labels(model)
        for layer, label in zip(model.layer_names, labels, strict=True):
            key = f"100% {label}" + (" (cold)" if label == "H2" else "")
            if key not in curves:
                curves[key] = mass_radius_curve(model, {layer: 1.0}, masses)
            if set(EARTH_LIKE) <= set(model.layer_names) and layer == "core":
                share = EARTH_LIKE["core"]
                curves[f"Earth-like ({share:.1%} {label})"] = mass_radius_curve(model, EARTH_LIKE, masses)
    return curves
