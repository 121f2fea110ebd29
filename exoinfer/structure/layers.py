"""A layer of a planet: a name from the vocabulary and the material it is made of."""

from dataclasses import dataclass

from ..eos.gas import IdealGasEnvelope
from ..vocabulary import mass_fraction_name

__all__ = ["Layer"]


@dataclass(frozen=True)
class Layer:
    """One layer of a structure model.

    Parameters
    ----------
    name : str
        Layer name, used to build parameter names (``w_<name>``, ``d_<name>`` ...): ``core``, ``mantle``,
        ``water``, ``gas`` or a name of the user's (lower-case letters and digits).
    material : Material or IdealGasEnvelope
        What the layer is made of. An envelope must be the outermost layer and makes the model depend on
        the equilibrium temperature ``teq``.
    temperature : float, optional
        Temperature [K] at which a solid layer's material is evaluated. Solid layers are isothermal:
        the built-in solids are 300 K isotherms, for which thermal pressure changes radii by a few per
        cent at most (Seager et al. 2007, Sec. 2).
    """

    name: str
    material: object
    temperature: float = 300.0

    def __post_init__(self):
        mass_fraction_name(self.name)  # validates the name
        if not hasattr(self.material, "density"):
            raise TypeError(
                f"layer {self.name!r}: material must have a density(pressure, temperature) method"
            )

    @property
    def is_envelope(self):
        """True for a gas envelope integrated in pressure with a temperature profile set by ``teq``."""
        return isinstance(self.material, IdealGasEnvelope)
