"""The one vocabulary of parameter, observable and derived-quantity names.

Every part of exoinfer (priors, likelihoods, the simulation store, network inputs and outputs,
ArviZ posteriors, CSV columns, plots) uses these names. Layer-specific names are built from a layer's
name with the templates below, so a user-defined layer ``ocean`` gets ``w_ocean``, ``d_ocean`` ...

Units: names carry no unit suffix; each name's unit is fixed here. Masses are in Earth masses, radii in
Earth radii (R_E = 6371 km), temperatures in kelvin and pressures in GPa. (The design notes ask for the
unit in non-SI names; the issue tracker, which is newer, fixes ``mass`` in Earth masses without a
suffix, and one rule for all names is easier to remember than two.)
"""

import re
from dataclasses import dataclass

__all__ = [
    "CANONICAL_LAYERS",
    "Quantity",
    "boundary_pressure_name",
    "describe",
    "layer_of",
    "mass_fraction_name",
    "outer_radius_name",
    "thickness_fraction_name",
]

#: Conventional layer names, innermost first. Models may use any subset, or names of their own.
CANONICAL_LAYERS = ("core", "mantle", "water", "gas")

_LAYER_SYMBOL = {"core": "core", "mantle": "mant", "water": "wat", "gas": "gas"}


@dataclass(frozen=True)
class Quantity:
    """A named quantity: its unit, a plot label and a one-line description."""

    name: str
    unit: str
    label: str
    description: str


_FIXED = {
    q.name: q
    for q in (
        Quantity("mass", "M_E", r"$M$ [$M_\oplus$]", "planet mass"),
        Quantity("radius", "R_E", r"$R$ [$R_\oplus$]", "planet radius (transit radius with an envelope)"),
        Quantity("teq", "K", r"$T_\mathrm{eq}$ [K]", "equilibrium temperature"),
        Quantity("k2", "", r"$k_2$", "fluid Love number of degree 2"),
        Quantity("moi", "", r"$C/MR^2$", "moment of inertia factor"),
        Quantity("p_center", "GPa", r"$P_\mathrm{c}$ [GPa]", "central pressure"),
    )
}

_TEMPLATES = {
    "w": ("", "mass fraction of the {layer} layer", r"$w_\mathrm{{{sym}}}$"),
    "d": ("", "thickness of the {layer} layer as a fraction of the radius", r"$d_\mathrm{{{sym}}}$"),
    "r": ("R_E", "outer radius of the {layer} layer", r"$r_\mathrm{{{sym}}}$ [$R_\oplus$]"),
    "p": ("GPa", "pressure at the top of the {layer} layer", r"$P_\mathrm{{{sym}}}$ [GPa]"),
}

_LAYER_NAME = re.compile(r"^[a-z][a-z0-9]*$")


def _check_layer(layer):
    if not _LAYER_NAME.match(layer):
        raise ValueError(
            f"layer name {layer!r} must be lower-case letters and digits, starting with a letter"
        )
    return layer


def mass_fraction_name(layer):
    """Name of a layer's mass fraction, e.g. ``w_core``."""
    return f"w_{_check_layer(layer)}"


def thickness_fraction_name(layer):
    """Name of a layer's thickness as a fraction of the planet radius, e.g. ``d_core``."""
    return f"d_{_check_layer(layer)}"


def outer_radius_name(layer):
    """Name of a layer's outer radius in Earth radii, e.g. ``r_core``."""
    return f"r_{_check_layer(layer)}"


def boundary_pressure_name(layer):
    """Name of the pressure (GPa) at a layer's outer boundary, e.g. ``p_core`` at the core-mantle boundary."""
    return f"p_{_check_layer(layer)}"


def layer_of(name):
    """The layer a layer-specific name refers to (``"d_core"`` -> ``"core"``), or None."""
    prefix, _, layer = name.partition("_")
    if prefix in _TEMPLATES and layer and _LAYER_NAME.match(layer) and name not in _FIXED:
        return layer
    return None


def describe(name):
    """Return the :class:`Quantity` for a vocabulary name.

    Raises
    ------
    KeyError
        If ``name`` is neither a fixed name nor a layer template applied to a valid layer name.
    """
    if name in _FIXED:
        return _FIXED[name]
    layer = layer_of(name)
    if layer is None:
        raise KeyError(f"{name!r} is not an exoinfer quantity name")
    unit, text, label = _TEMPLATES[name.partition("_")[0]]
    sym = _LAYER_SYMBOL.get(layer, layer)
    return Quantity(name, unit, label.format(sym=sym), text.format(layer=layer))
