"""Equilibrium temperature of a planet from its star and orbit, with an optional greenhouse correction.

A planet at distance a from a star of luminosity L absorbs (1 - A) of the flux S = L / (4 pi a^2) on its
cross-section and re-radiates it as a black body from the fraction of its surface the heat reaches:

    sigma Teq^4 = f (1 - A) S

f = 1/4 when the heat is spread over the whole sphere (full redistribution; Teq = T* sqrt(R*/2a)(1-A)^1/4
for L = 4 pi R*^2 sigma T*^4), f = 1/2 when it stays on the day side, and f = 2/3 for the dayside average
of a planet with no redistribution that re-radiates where it absorbs (Cowan & Agol 2011, ApJ 729, 54,
Eq. 4: f = 2/3 - 5 eps / 12 for a heat recirculation efficiency eps between 0 and 1). f = 1 gives the
substellar-point temperature.

The greenhouse correction is the one-layer "leaky greenhouse" of Marshall & Plumb (2008, Atmosphere,
Ocean and Climate Dynamics, Sect. 2.3.2): an isothermal atmosphere transparent to starlight that absorbs
(and emits) a fraction eps of the infrared gives a surface temperature Ts = Teq (2 / (2 - eps))^(1/4),
from Teq (eps = 0) to 2^(1/4) Teq (opaque). eps ~ 0.77 turns Earth's 255 K into its 288 K. It is a
first-order illustration, not a climate model: it has no convection, clouds or spectral windows.

Units at the edge: luminosity in L_sun, radius in R_sun, distance in AU, temperatures in K.
"""

import numpy as np

from .errors import InputError

__all__ = [
    "AU",
    "REDISTRIBUTION",
    "SOLAR_LUMINOSITY",
    "SOLAR_RADIUS",
    "SOLAR_TEFF",
    "STEFAN_BOLTZMANN",
    "equilibrium_temperature",
    "greenhouse_surface_temperature",
    "luminosity_from_radius_teff",
    "redistribution_factor",
]

#: Stefan-Boltzmann constant, CODATA 2018 exact [W m^-2 K^-4].
STEFAN_BOLTZMANN = 5.670374419e-8
#: Nominal solar luminosity, IAU 2015 Resolution B3 [W].
SOLAR_LUMINOSITY = 3.828e26
#: Nominal solar radius, IAU 2015 Resolution B3 [m].
SOLAR_RADIUS = 6.957e8
#: Nominal solar effective temperature, IAU 2015 Resolution B3 [K].
SOLAR_TEFF = 5772.0
#: Astronomical unit, IAU 2012 Resolution B2 [m].
AU = 1.495978707e11

#: Named heat-redistribution factors f (see the module docstring).
REDISTRIBUTION = {"full": 0.25, "dayside": 0.5, "none": 2.0 / 3.0, "substellar": 1.0}


def redistribution_factor(redistribution):
    """The factor f for a name of :data:`REDISTRIBUTION` or a number in (0, 1].

    Raises
    ------
    InputError
        For an unknown name or a number outside (0, 1].
    """
    if isinstance(redistribution, str):
        try:
            return REDISTRIBUTION[redistribution]
        except KeyError:
            allowed = ", ".join(REDISTRIBUTION) + " or a number in (0, 1]"
            raise InputError("redistribution", redistribution, allowed) from None
    f = float(redistribution)
    if not (np.isfinite(f) and 0 < f <= 1):
        raise InputError("redistribution", redistribution, "a factor in (0, 1] (full = 0.25)")
    return f


def luminosity_from_radius_teff(star_radius, star_teff):
    """Stellar luminosity [L_sun] from radius [R_sun] and effective temperature [K]: L = R^2 (T/T_sun)^4."""
    star_radius = _positive("star radius", star_radius)
    star_teff = _positive("star Teff", star_teff)
    return star_radius**2 * (star_teff / SOLAR_TEFF) ** 4


def equilibrium_temperature(
    distance, luminosity=None, *, star_radius=None, star_teff=None, albedo=0.0, redistribution="full"
):
    """Equilibrium temperature [K] of planets at ``distance`` [AU] (arrays broadcast).

    Parameters
    ----------
    distance : array_like
        Orbital distance (semi-major axis) [AU].
    luminosity : array_like, optional
        Stellar luminosity [L_sun]. Give it, or ``star_radius`` and ``star_teff``.
    star_radius : array_like, optional
        [R_sun].
    star_teff : array_like, optional
        [K].
    albedo : array_like, optional
        Bond albedo in [0, 1).
    redistribution : str or float, optional
        ``full`` (f = 1/4, default), ``dayside`` (1/2), ``none`` (2/3), ``substellar`` (1) or f itself.

    Returns
    -------
    ndarray or float

    Examples
    --------
    >>> round(float(equilibrium_temperature(1.0, 1.0, albedo=0.3)), 1)  # Earth
    254.6
    """
    if luminosity is None:
        if star_radius is None or star_teff is None:
            raise InputError("luminosity", None, "a luminosity, or a stellar radius and Teff")
        luminosity = luminosity_from_radius_teff(star_radius, star_teff)
    luminosity = _positive("luminosity", luminosity)
    distance = _positive("distance", distance)
    albedo = np.asarray(albedo, dtype=float)
    if not np.all(np.isfinite(albedo) & (albedo >= 0) & (albedo < 1)):
        raise InputError("albedo", albedo, "a Bond albedo in [0, 1)")
    f = redistribution_factor(redistribution)
    flux = luminosity * SOLAR_LUMINOSITY / (4.0 * np.pi * (distance * AU) ** 2)
    return _scalar((f * (1.0 - albedo) * flux / STEFAN_BOLTZMANN) ** 0.25)


def greenhouse_surface_temperature(teq, emissivity):
    """Surface temperature [K] under a one-layer atmosphere of infrared ``emissivity`` in [0, 1].

    Ts = Teq (2 / (2 - eps))^(1/4) (Marshall & Plumb 2008, Sect. 2.3.2; see the module docstring).
    """
    teq = _positive("teq", teq)
    emissivity = np.asarray(emissivity, dtype=float)
    if not np.all(np.isfinite(emissivity) & (emissivity >= 0) & (emissivity <= 1)):
        raise InputError("emissivity", emissivity, "an infrared emissivity in [0, 1]")
    return _scalar(teq * (2.0 / (2.0 - emissivity)) ** 0.25)


def _positive(name, value):
    value = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(value) & (value > 0)):
        bad = value if value.ndim == 0 else value[np.argmax(~(np.isfinite(value) & (value > 0)))]
        raise InputError(name, bad, "a finite number > 0")
    return value


def _scalar(x):
    return float(x) if np.ndim(x) == 0 else x
