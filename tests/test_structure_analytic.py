"""Analytic structures: a uniform sphere and an n = 1 polytrope (Lane-Emden), for k2 and C/MR^2."""

import numpy as np
import pytest

from exoinfer.constants import EARTH_RADIUS, GRAVITATIONAL_CONSTANT
from exoinfer.eos import ModifiedPolytrope
from exoinfer.structure import Layer, StructureModel


def test_uniform_sphere():
    # rho = rho0 everywhere: Radau's eta stays 0, so k2 = 3/2, and C/MR^2 = 2/5.
    model = StructureModel("uniform", [Layer("core", ModifiedPolytrope("uniform", 5000.0, 0.0, 0.5))])
    result = model.simulate({"mass": [0.1, 1.0, 10.0], "w_core": 1.0})
    assert np.all(result.ok)
    assert np.allclose(result.k2, 1.5, atol=1e-6)
    assert np.allclose(result.moi, 0.4, atol=1e-6)
    expected_radius = (
        np.cbrt(3 * np.array([0.1, 1.0, 10.0]) * 5.9722e24 / (4 * np.pi * 5000.0)) / EARTH_RADIUS
    )
    assert np.allclose(result.radius, expected_radius, rtol=1e-6)


def test_n1_polytrope():
    # rho = c P^(1/2), i.e. P = K rho^2 with K = 1/c^2: the n = 1 polytrope. Its radius sqrt(pi K / 2G) does
    # not depend on the mass; k2 = 15/pi^2 - 1 and C/MR^2 = 2/3 - 4/pi^2. A surface pressure of 1e-2 Pa
    # (1e-13 of the central) makes the truncated structure the analytic one to well below 1e-4.
    k = 2 * GRAVITATIONAL_CONSTANT * EARTH_RADIUS**2 / np.pi  # radius = 1 R_E
    model = StructureModel(
        "n1", [Layer("core", ModifiedPolytrope("n1", 0.0, k**-0.5, 0.5))], surface_pressure=1e-2
    )
    result = model.simulate({"mass": [0.5, 1.0, 5.0], "w_core": 1.0})
    assert np.all(result.ok)
    assert np.allclose(result.k2, 15 / np.pi**2 - 1, atol=1e-4)
    assert np.allclose(result.moi, 2 / 3 - 4 / np.pi**2, atol=1e-4)
    assert np.allclose(result.radius, 1.0, rtol=1e-3)


def test_two_layer_constant_densities_match_radau_closed_form():
    # Two incompressible layers: the radii follow from the volumes exactly; this guards the layer bookkeeping.
    model = StructureModel(
        "two",
        [
            Layer("core", ModifiedPolytrope("a", 10000.0, 0.0, 0.5)),
            Layer("mantle", ModifiedPolytrope("b", 4000.0, 0.0, 0.5)),
        ],
    )
    mass = 5.9722e24
    result = model.simulate({"mass": [1.0], "w_core": 0.3, "w_mantle": 0.7})
    r_core = np.cbrt(3 * 0.3 * mass / (4 * np.pi * 10000.0))
    r_top = np.cbrt(r_core**3 + 3 * 0.7 * mass / (4 * np.pi * 4000.0))
    assert result.layer_radius[0, 0] * EARTH_RADIUS == pytest.approx(r_core, rel=1e-6)
    assert result.radius[0] * EARTH_RADIUS == pytest.approx(r_top, rel=1e-6)
    inertia = 0.4 * (10000.0 * r_core**5 + 4000.0 * (r_top**5 - r_core**5)) * 4 * np.pi / 3
    assert result.moi[0] == pytest.approx(inertia / (mass * r_top**2), abs=1e-6)
