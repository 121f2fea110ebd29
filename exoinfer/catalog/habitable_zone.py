"""Habitable-zone distances from stellar luminosity and effective temperature (Kopparapu et al. 2014).

The effective stellar flux at each limit is S_eff = S_sun + a T + b T^2 + c T^3 + d T^4 with
T = Teff - 5780 K, and the distance is sqrt(L / S_eff) AU (L in L_sun). Coefficients are those of
Kopparapu et al. 2014, ApJL 787, L29, Table 1, for a 1 Earth-mass planet, valid for 2600 K <= Teff <=
7200 K. The conservative zone runs from the runaway-greenhouse to the maximum-greenhouse limit, the
optimistic one from "recent Venus" to "early Mars".

Stars up to :data:`TEFF_MARGIN` outside the fitted range (TRAPPIST-1, at 2566 K, is one) are evaluated
at the nearest end of the range: S_eff varies slowly there (at the runaway-greenhouse limit by 0.5%
between 2600 and 2800 K), so the distance moves by well under 1%. Stars further out get NaN.
"""

import numpy as np

from ..errors import InputError

__all__ = ["HZ_LIMITS", "TEFF_MARGIN", "TEFF_RANGE", "ZONES", "habitable_zone", "limit_distance"]

#: (S_sun, a, b, c, d) per limit, Kopparapu et al. 2014, Table 1 (1 M_E).
HZ_LIMITS = {
    "recent_venus": (1.776, 2.136e-4, 2.533e-8, -1.332e-11, -3.097e-15),
    "runaway_greenhouse": (1.107, 1.332e-4, 1.580e-8, -8.308e-12, -1.931e-15),
    "maximum_greenhouse": (0.356, 6.171e-5, 1.698e-9, -3.198e-12, -5.575e-16),
    "early_mars": (0.320, 5.547e-5, 1.526e-9, -2.874e-12, -5.011e-16),
}
#: Inner and outer limit of each zone.
ZONES = {
    "conservative": ("runaway_greenhouse", "maximum_greenhouse"),
    "optimistic": ("recent_venus", "early_mars"),
}
#: Effective temperatures [K] the fits cover.
TEFF_RANGE = (2600.0, 7200.0)
#: How far [K] outside TEFF_RANGE a star is still given the limits at the nearest end of the range.
TEFF_MARGIN = 200.0


def limit_distance(limit, luminosity, teff):
    """Distance [AU] of one habitable-zone limit for stars of ``luminosity`` [L_sun] and ``teff`` [K].

    Stars more than :data:`TEFF_MARGIN` outside :data:`TEFF_RANGE` get NaN (the fits do not reach them).
    """
    try:
        s_sun, a, b, c, d = HZ_LIMITS[limit]
    except KeyError:
        raise InputError("habitable-zone limit", limit, ", ".join(HZ_LIMITS)) from None
    luminosity, teff = np.asarray(luminosity, dtype=float), np.asarray(teff, dtype=float)
    t = np.clip(teff, *TEFF_RANGE) - 5780.0
    s_eff = s_sun + a * t + b * t**2 + c * t**3 + d * t**4
    valid = (teff >= TEFF_RANGE[0] - TEFF_MARGIN) & (teff <= TEFF_RANGE[1] + TEFF_MARGIN) & (luminosity > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(valid, np.sqrt(luminosity / s_eff), np.nan)


def habitable_zone(luminosity, teff, zone="conservative"):
    """Inner and outer edge [AU] of the ``conservative`` or ``optimistic`` habitable zone.

    Examples
    --------
    >>> inner, outer = habitable_zone(1.0, 5780.0)
    >>> round(float(inner), 3), round(float(outer), 3)
    (0.95, 1.676)
    """
    try:
        inner, outer = ZONES[zone]
    except KeyError:
        raise InputError("habitable zone", zone, " or ".join(ZONES)) from None
    return limit_distance(inner, luminosity, teff), limit_distance(outer, luminosity, teff)
