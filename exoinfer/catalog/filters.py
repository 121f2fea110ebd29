"""Select planets of a catalog: error cuts and a habitable-zone distance range."""

import numpy as np

from ..errors import InputError
from ..teq import luminosity_from_radius_teff
from .habitable_zone import TEFF_MARGIN, TEFF_RANGE, ZONES, habitable_zone
from .table import Catalog, SkippedRow

__all__ = ["filter_catalog"]


def filter_catalog(catalog, max_mass_error=None, max_radius_error=None, zone=None):
    """The planets of ``catalog`` that pass every cut; the others join ``skipped`` with the reason.

    Parameters
    ----------
    catalog : Catalog
    max_mass_error, max_radius_error : float, optional
        Largest relative 1-sigma error allowed, e.g. 0.2 for 20%, applied to the larger of the two sides.
    zone : {"conservative", "optimistic"}, optional
        Keep only planets whose semi-major axis lies in their star's habitable zone (Kopparapu et al.
        2014, :mod:`.habitable_zone`). The luminosity is the catalog's, or else R^2 (Teff / 5772 K)^4
        from the stellar radius and Teff.

    Returns
    -------
    Catalog
    """
    for name, cut in (("max mass error", max_mass_error), ("max radius error", max_radius_error)):
        if cut is not None and not (np.isfinite(cut) and cut > 0):
            raise InputError(name, cut, "a relative error > 0 (e.g. 0.2 for 20%)")
    if zone is not None and zone not in ZONES:
        raise InputError("habitable zone", zone, " or ".join(ZONES))
    kept, skipped = [], list(catalog.skipped)
    for planet in catalog.planets:
        reason = (
            _error_cut(planet.mass, planet.mass_err, max_mass_error, "mass")
            or _error_cut(planet.radius, planet.radius_err, max_radius_error, "radius")
            or (_zone_cut(planet, zone) if zone else None)
        )
        if reason:
            skipped.append(SkippedRow(0, planet.name, reason))
        else:
            kept.append(planet)
    return Catalog(tuple(kept), tuple(skipped), catalog.source)


def _error_cut(value, err, cut, what):
    if cut is None:
        return None
    relative = max(err) / value if err is not None else np.inf
    if not relative <= cut:
        return f"{what} error {relative:.1%} > {cut:.1%}"
    return None


def _zone_cut(planet, zone):
    if planet.semi_major_axis is None:
        return "no semi-major axis for the habitable-zone cut"
    if planet.star_teff is None:
        return "no stellar Teff for the habitable-zone cut"
    low, high = TEFF_RANGE[0] - TEFF_MARGIN, TEFF_RANGE[1] + TEFF_MARGIN
    if not low <= planet.star_teff <= high:
        return f"stellar Teff {planet.star_teff:g} K outside the {low:g}-{high:g} K the HZ fits reach"
    luminosity = planet.star_luminosity
    if luminosity is None:
        if planet.star_radius is None:
            return "no stellar luminosity or radius for the habitable-zone cut"
        luminosity = float(luminosity_from_radius_teff(planet.star_radius, planet.star_teff))
    inner, outer = (float(x) for x in habitable_zone(luminosity, planet.star_teff, zone))
    if not inner <= planet.semi_major_axis <= outer:
        where = f"{zone} habitable zone ({inner:.3g}-{outer:.3g} AU)"
        return f"a = {planet.semi_major_axis:g} AU outside the {where}"
    return None
