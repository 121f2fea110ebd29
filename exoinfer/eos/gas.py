"""The H/He envelope: ideal gas, isothermal at Teq above a radiative-convective boundary, adiabatic below."""

from dataclasses import dataclass

import numpy as np

from ..constants import GAS_CONSTANT, GRAVITATIONAL_CONSTANT

__all__ = ["IdealGasEnvelope"]

#: Molar mass of H2 [kg mol^-1].
H2_MOLAR_MASS = 2.01588e-3
#: Order of the smooth minimum of ideal and cold densities (see IdealGasEnvelope).
DENSE_BLEND = 4.0


@dataclass(frozen=True)
class IdealGasEnvelope:
    """An ideal-gas H/He envelope whose temperature profile is set by the equilibrium temperature.

    T(P) = Teq for P <= p_rcb (an isothermal radiative zone, the usual first approximation for an
    irradiated atmosphere), and T = Teq (P / p_rcb)^((gamma - 1) / gamma) below it (a convective
    adiabat). The radius the solver reports for such a planet is the radius at ``transit_pressure``.

    Dense limit. Above ~10 GPa an ideal gas overestimates the density of H/He several-fold (at 1 TPa and
    9000 K it would be 31 g/cm^3, denser than rock). A hot gas is never denser than the same matter at zero
    temperature and the same pressure, so with ``dense_limit`` the density is the smooth minimum
    (rho_ideal^-4 + rho_cold^-4)^(-1/4) of the ideal gas and cold H/He: solid H2 (Loubeyre, Occelli &
    Dumas 2020, Nature 577, 631; Vinet fit to 425 GPa) scaled by mu / mu_H2. The ideal gas holds where it
    should (the curves differ by a factor of 2 near 1 GPa at 1000 K), and deep envelopes stay near the
    measured cold curve, within ~30% of H/He equations of state such as Chabrier et al. 2019 at 10-100 GPa.

    Parameters
    ----------
    mean_molecular_weight : float
        [kg mol^-1]. 2.35e-3 for a solar H/He mixture (mass fraction Y = 0.27 of He in molecular H2).
    adiabatic_index : float
        gamma = c_p / c_v. 1.42 for solar H2 + He: H2 with rotational but not vibrational modes
        (c_v = 5/2 R) and He (c_v = 3/2 R) at a helium number fraction of 0.14 give
        c_v = 2.36 R and gamma = 1 + R / c_v = 1.42.
    transit_pressure : float
        [Pa]. 20 mbar: the level probed by transit radii (Lopez & Fortney 2014, ApJ 792, 1).
    rcb_pressure : float
        [Pa]. 100 bar, the radiative-convective boundary depth typical of irradiated sub-Neptunes
        (Lopez & Fortney 2014 place it near 100-1000 bar).
    p_max : float
        Highest pressure [Pa] accepted at the envelope's base (1 TPa, beyond the cold-H2 data); deeper
        envelopes get the status ``EOS_RANGE``.
    dense_limit : bool
        Cap the density at that of cold H/He (see above); False gives a pure ideal gas.
    """

    mean_molecular_weight: float = 2.35e-3
    adiabatic_index: float = 1.42
    transit_pressure: float = 2.0e3
    rcb_pressure: float = 1.0e7
    p_max: float = 1.0e12
    dense_limit: bool = True
    name: str = "h-he-ideal-gas"
    reference: str = (
        "ideal gas, mu and gamma for solar H/He; Lopez & Fortney 2014 for transit and RCB pressures"
    )

    def __post_init__(self):
        if not (self.mean_molecular_weight > 0 and self.adiabatic_index > 1):
            raise ValueError("envelope needs mean_molecular_weight > 0 and adiabatic_index > 1")
        if not 0 < self.transit_pressure < self.rcb_pressure:
            raise ValueError("envelope needs 0 < transit_pressure < rcb_pressure")

    @property
    def adiabatic_gradient(self):
        """d ln T / d ln P on the adiabat, (gamma - 1) / gamma."""
        return (self.adiabatic_index - 1.0) / self.adiabatic_index

    def temperature(self, pressure, teq):
        """Temperature [K] at ``pressure`` [Pa] for equilibrium temperature ``teq`` [K]."""
        # exp(a * ln x) rather than x ** a: numpy's power is several times slower than log + exp.
        excess = np.maximum(np.log(pressure / self.rcb_pressure), 0.0)
        return teq * np.exp(self.adiabatic_gradient * excess)

    def ideal_density(self, pressure, teq):
        """Ideal-gas density [kg m^-3] at ``pressure`` [Pa] on the profile of ``teq`` [K]."""
        return pressure * self.mean_molecular_weight / (GAS_CONSTANT * self.temperature(pressure, teq))

    def cold_density(self, pressure):
        """Density [kg m^-3] of cold H/He at ``pressure`` [Pa]: solid H2 scaled by mu / mu_H2."""
        from .library import get_material

        return get_material("h2-cold").density(pressure) * self.mean_molecular_weight / H2_MOLAR_MASS

    def density(self, pressure, teq):
        """Density [kg m^-3] at ``pressure`` [Pa] for equilibrium temperature ``teq`` [K]."""
        ideal = self.ideal_density(pressure, teq)
        if not self.dense_limit:
            return ideal
        return (ideal**-DENSE_BLEND + self.cold_density(pressure) ** -DENSE_BLEND) ** (-1.0 / DENSE_BLEND)

    def bondi_radius(self, mass, teq):
        """Bondi radius G M mu / (2 R Teq) [m] of a planet of ``mass`` [kg]: where the isothermal sound
        speed equals the escape speed. An envelope reaching beyond it is not hydrostatic but flows out as
        a Parker wind (the "boil-off" regime, e.g. Owen & Wu 2016, ApJ 817, 107)."""
        return GRAVITATIONAL_CONSTANT * mass * self.mean_molecular_weight / (2.0 * GAS_CONSTANT * teq)
