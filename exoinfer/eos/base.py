"""What a material is to the structure solver: a vectorized density of pressure (and temperature)."""

from abc import ABC, abstractmethod

import numpy as np

__all__ = ["FunctionMaterial", "Material"]


class Material(ABC):
    """A condensed material: density as a function of pressure and temperature.

    Subclasses implement :meth:`density` vectorized over numpy arrays. The structure solver calls it once
    per integration stage for a whole batch of planets, so it must not loop in Python.

    Attributes
    ----------
    name : str
        Short identifier, used in model files and reports.
    p_max : float
        Highest pressure [Pa] at which the fit is trusted; planets that exceed it get the status
        ``EOS_RANGE`` rather than a silently extrapolated answer.
    reference : str
        Where the parameters come from.
    """

    name = "material"
    p_max = np.inf
    reference = ""

    @abstractmethod
    def density(self, pressure, temperature=300.0):
        """Density [kg m^-3] at ``pressure`` [Pa] and ``temperature`` [K], elementwise."""

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class FunctionMaterial(Material):
    """A material defined by any vectorized function ``rho(P, T)`` of the user's.

    Parameters
    ----------
    name : str
        Identifier.
    function : callable
        ``function(pressure_pa, temperature_k) -> density_kg_m3``, vectorized over numpy arrays.
    p_max : float, optional
        Highest trusted pressure [Pa].
    reference : str, optional
        Source of the relation.

    Examples
    --------
    >>> rock = FunctionMaterial("soft-rock", lambda p, t: 3000.0 + 1e-3 * p**0.55)
    >>> float(rock.density(np.array([0.0]))[0])
    3000.0
    """

    def __init__(self, name, function, p_max=np.inf, reference="user-defined"):
        self.name = name
        self._function = function
        self.p_max = float(p_max)
        self.reference = reference

    def density(self, pressure, temperature=300.0):
        return np.asarray(self._function(pressure, temperature), dtype=float)
