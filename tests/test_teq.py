"""Equilibrium temperature and the greenhouse correction."""

import numpy as np
import pytest

from exoinfer.catalog import get_planet, list_planets
from exoinfer.errors import InputError
from exoinfer.teq import equilibrium_temperature, greenhouse_surface_temperature, luminosity_from_radius_teff


def test_earth():
    # sigma T^4 = (1 - 0.3) * 1361 W/m^2 / 4 -> 254.6 K.
    assert equilibrium_temperature(1.0, 1.0, albedo=0.3) == pytest.approx(254.6, abs=0.1)


def test_luminosity_from_radius_and_teff_is_the_same():
    by_l = equilibrium_temperature(0.5, 0.3, albedo=0.1)
    radius, teff = 0.8, 5772.0 * (0.3 / 0.64) ** 0.25
    assert luminosity_from_radius_teff(radius, teff) == pytest.approx(0.3)
    assert equilibrium_temperature(0.5, star_radius=radius, star_teff=teff, albedo=0.1) == pytest.approx(by_l)


def test_redistribution_factors():
    full = equilibrium_temperature(1.0, 1.0)
    assert equilibrium_temperature(1.0, 1.0, redistribution="dayside") == pytest.approx(full * 2**0.25)
    assert equilibrium_temperature(1.0, 1.0, redistribution="none") == pytest.approx(full * (8 / 3) ** 0.25)
    assert equilibrium_temperature(1.0, 1.0, redistribution=0.25) == pytest.approx(full)
    # Teq falls as 1/sqrt(a) and grows as L^(1/4).
    assert equilibrium_temperature(4.0, 16.0) == pytest.approx(full)


def test_trappist_temperatures_reproduce_the_catalog():
    """Teq from Agol et al. 2021's star (2566 K, 0.1192 R_sun) and orbits, A = 0, full redistribution,
    within the quoted errors of the catalog's Teq."""
    planets = [get_planet(n) for n in list_planets() if n.startswith("TRAPPIST-1")]
    teq = equilibrium_temperature(
        np.array([p.semi_major_axis for p in planets]),
        star_radius=planets[0].star_radius,
        star_teff=planets[0].star_teff,
    )
    for planet, t in zip(planets, teq, strict=True):
        assert abs(t - planet.teq) < planet.teq_err[1], planet.name


def test_greenhouse():
    assert greenhouse_surface_temperature(255.0, 0.0) == pytest.approx(255.0)
    assert greenhouse_surface_temperature(255.0, 1.0) == pytest.approx(255.0 * 2**0.25)
    assert greenhouse_surface_temperature(255.0, 0.77) == pytest.approx(288.0, abs=1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: equilibrium_temperature(-1.0, 1.0), "distance"),
        (lambda: equilibrium_temperature(1.0, 0.0), "luminosity"),
        (lambda: equilibrium_temperature(1.0), "luminosity"),
        (lambda: equilibrium_temperature(1.0, 1.0, albedo=1.0), "albedo"),
        (lambda: equilibrium_temperature(1.0, 1.0, redistribution="half"), "redistribution"),
        (lambda: equilibrium_temperature(1.0, 1.0, redistribution=2.0), "redistribution"),
        (lambda: greenhouse_surface_temperature(255.0, 1.5), "emissivity"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(InputError, match=message):
        call()
