"""Isothermal equations of state in closed form P(rho), inverted by table for the solver.

Vinet: Vinet et al. (1987, J. Geophys. Res. 92, 9319), Eq. (4.1) form
    P = 3 K0 (1 - x) / x^2 exp(3/2 (K0' - 1)(1 - x)),  x = (rho0 / rho)^(1/3).
Third-order Birch-Murnaghan: Birch (1947, Phys. Rev. 71, 809)
    P = 3/2 K0 (y^7 - y^5) [1 + 3/4 (K0' - 4)(y^2 - 1)],  y = (rho / rho0)^(1/3).
"""

import numpy as np

from .base import Material
from .table import invert_pressure_relation

__all__ = ["BirchMurnaghan3", "Vinet"]


class _TabulatedIsotherm(Material):
    """An isotherm given by P(rho) in closed form; rho(P) comes from a table built on first use."""

    def __init__(self, name, rho0, k0, k0_prime, p_max, reference):
        if rho0 <= 0 or k0 <= 0 or k0_prime <= 0:
            raise ValueError(f"{name!r}: rho0, K0 and K0' must be positive")
        self.name = name
        self.rho0 = float(rho0)
        self.k0 = float(k0)
        self.k0_prime = float(k0_prime)
        self.p_max = float(p_max)
        self.reference = reference
        self._table = None

    def pressure(self, density):
        """Pressure [Pa] at ``density`` [kg m^-3] (closed form)."""
        raise NotImplementedError

    def density(self, pressure, temperature=300.0):
        if self._table is None:
            self._table = invert_pressure_relation(self.pressure, self.rho0)
        return self._table(pressure)


class Vinet(_TabulatedIsotherm):
    """Vinet (Rydberg) isotherm.

    Parameters
    ----------
    name : str
    rho0 : float
        Density at zero pressure [kg m^-3].
    k0 : float
        Isothermal bulk modulus at zero pressure [Pa].
    k0_prime : float
        Its pressure derivative.
    p_max : float, optional
        Highest trusted pressure [Pa].
    reference : str, optional
    """

    def __init__(self, name, rho0, k0, k0_prime, p_max=np.inf, reference=""):
        super().__init__(name, rho0, k0, k0_prime, p_max, reference)

    def pressure(self, density):
        x = np.cbrt(self.rho0 / np.asarray(density, dtype=float))
        return 3.0 * self.k0 * (1.0 - x) / x**2 * np.exp(1.5 * (self.k0_prime - 1.0) * (1.0 - x))


class BirchMurnaghan3(_TabulatedIsotherm):
    """Third-order Birch-Murnaghan isotherm; parameters as for :class:`Vinet`."""

    def __init__(self, name, rho0, k0, k0_prime, p_max=np.inf, reference=""):
        super().__init__(name, rho0, k0, k0_prime, p_max, reference)

    def pressure(self, density):
        y2 = np.cbrt(np.asarray(density, dtype=float) / self.rho0) ** 2
        return 1.5 * self.k0 * (y2**3.5 - y2**2.5) * (1.0 + 0.75 * (self.k0_prime - 4.0) * (y2 - 1.0))
