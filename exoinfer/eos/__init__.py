"""Equations of state: density as a vectorized function of pressure (and temperature).

- :class:`ModifiedPolytrope` (Seager et al. 2007), closed form;
- :class:`Vinet` and :class:`BirchMurnaghan3` isotherms, inverted once into a fast table;
- :class:`PhaseSequence`, phases replacing each other with pressure;
- :class:`IdealGasEnvelope`, an H/He envelope set by the equilibrium temperature;
- :class:`FunctionMaterial`, any vectorized ``rho(P, T)`` of the user's;
- :func:`get_material`, the named materials with literature parameters.
"""

from .base import FunctionMaterial, Material
from .gas import IdealGasEnvelope
from .isothermal import BirchMurnaghan3, Vinet
from .library import get_material, material_names
from .phases import PhaseSequence
from .polytrope import ModifiedPolytrope

__all__ = [
    "BirchMurnaghan3",
    "FunctionMaterial",
    "IdealGasEnvelope",
    "Material",
    "ModifiedPolytrope",
    "PhaseSequence",
    "Vinet",
    "get_material",
    "material_names",
]
