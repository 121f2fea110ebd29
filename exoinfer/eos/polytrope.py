"""The modified polytrope of Seager et al. (2007, ApJ 669, 1279): rho = rho0 + c P^n."""

import numpy as np

from .base import Material

__all__ = ["ModifiedPolytrope"]


class ModifiedPolytrope(Material):
    """rho(P) = rho0 + c P^n, SI units (rho in kg m^-3, P in Pa).

    Seager et al. (2007), Eq. (11) and Table 3, fit this form to their full EOS (Vinet/BM3 at low
    pressure, Thomas-Fermi-Dirac at high) over 0 - 1e16 Pa. It is temperature independent. With
    ``rho0 = 0`` it is a classic polytrope of index 1/n - 1 (``n = 1/2``: index 1).

    Parameters
    ----------
    name : str
    rho0 : float
        Zero-pressure density [kg m^-3].
    c : float
        Coefficient [kg m^-3 Pa^-n].
    n : float
        Exponent.
    p_max : float, optional
        Highest trusted pressure [Pa]; Seager et al. quote their fits to 1e16 Pa.
    reference : str, optional
    """

    def __init__(
        self, name, rho0, c, n, p_max=1.0e16, reference="Seager et al. 2007, ApJ 669, 1279, Table 3"
    ):
        if rho0 < 0 or c < 0 or not 0 < n < 1 or rho0 + c == 0:
            raise ValueError(f"modified polytrope {name!r}: need rho0 >= 0, c >= 0, 0 < n < 1, not both zero")
        self.name = name
        self.rho0 = float(rho0)
        self.c = float(c)
        self.n = float(n)
        self.p_max = float(p_max)
        self.reference = reference

    def density(self, pressure, temperature=300.0):
        # exp(n ln P) rather than P ** n: numpy's power is several times slower than log + exp.
        with np.errstate(divide="ignore"):
            return self.rho0 + self.c * np.exp(self.n * np.log(np.maximum(pressure, 0.0)))
