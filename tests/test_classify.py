"""Rocky-or-gas classification and the radius limits it rests on."""

import numpy as np
import pytest

from exoinfer.catalog import get_planet
from exoinfer.composition import CLASSES, classify, radius_limits
from exoinfer.errors import InputError
from exoinfer.structure import get_model
from tests.conftest import random_planets


def test_earth_is_rocky():
    earth = get_planet("Earth")
    result = classify([earth.mass], [earth.radius], [earth.mass_err], [earth.radius_err], draws=200)
    assert result.label[0] == "rocky"
    assert result.probabilities["rocky"][0] == 1.0
    # With 2% radius errors Earth is still most probably rocky: pure MgSiO3 is 1.023 R_E at 1 M_E.
    result = classify([1.0], [1.0], [0.01], [0.02], draws=400)
    assert result.label[0] == "rocky"
    assert result.p_rocky_model[0] == 1.0


def test_five_earth_masses_at_two_and_a_half_radii_needs_gas():
    result = classify([5.0], [2.5], [0.5], [0.1], draws=400)
    assert result.label[0] == "gas"
    # Pure H2O is 2.22 R_E at 5 M_E: only a 2.5-sigma corner of (M high, R low) draws reaches it.
    assert result.probabilities["gas"][0] > 0.99
    assert result.p_gas_model[0] == 1.0


def test_denser_than_iron_is_neither_with_the_reason():
    result = classify([5.0], [1.0], [0.2], [0.02], names=["cannonball"], draws=300)
    assert result.label[0] == "neither"
    assert result.p_denser[0] == 1.0
    assert result.reason[0] == "denser than pure Fe (iron-silicate-water)"


def test_larger_than_cold_hydrogen_is_neither_with_the_reason():
    result = classify([0.5], [4.0], [0.01], [0.05], draws=100)
    assert result.label[0] == "neither"
    assert result.p_larger[0] == 1.0
    assert result.reason[0] == "larger than pure H2 (silicate-water-hydrogen)"


def test_mass_beyond_the_models_is_unknown():
    result = classify([2000.0], [11.0], draws=0)
    assert result.label[0] == "unknown"
    assert "mass outside" in result.reason[0]


def test_probabilities_are_fractions_of_draws_that_sum_to_one():
    rng = np.random.default_rng(2)
    masses = 10 ** rng.uniform(-1, 1.5, 50)
    radii = masses**0.27 * rng.uniform(0.6, 2.5, 50)
    result = classify(masses, radii, 0.1 * masses, np.column_stack([0.03 * radii, 0.05 * radii]), draws=64)
    total = sum(result.probabilities[c] for c in CLASSES)
    assert np.allclose(total, 1.0)
    assert np.all(
        np.isclose(result.probabilities["rocky"] * 64, np.round(result.probabilities["rocky"] * 64))
    )
    assert set(result.label) <= set(CLASSES)
    # Deterministic given the seed.
    again = classify(masses, radii, 0.1 * masses, np.column_stack([0.03 * radii, 0.05 * radii]), draws=64)
    assert np.array_equal(result.probabilities["gas"], again.probabilities["gas"])


@pytest.mark.parametrize("name", ["iron-silicate-water", "silicate-water-hydrogen"])
def test_limits_bound_every_composition(name):
    """Pure innermost is the smallest and pure outermost the largest planet at each mass."""
    model = get_model(name)
    params = random_planets(model, 400, seed=11)
    params["mass"] = 10 ** np.random.default_rng(12).uniform(-2, 2, 400)
    radius = model.simulate(params).radius
    limits = radius_limits(model, params["mass"])
    ok = np.isfinite(radius)
    assert ok.mean() > 0.99
    # 1e-5 relative: the limit splines reproduce the solver to ~1e-8, the solver itself to ~1e-4.
    assert np.all(radius[ok] >= limits.lower[ok] * (1 - 1e-5))
    assert np.all(radius[ok] <= limits.upper[ok] * (1 + 1e-5))


def test_limit_splines_match_the_solver():
    model = get_model("iron-silicate-water")
    masses = np.geomspace(0.05, 80.0, 23)
    limits = radius_limits(model, masses)
    direct = model.simulate({"mass": masses, "w_core": 1.0, "w_mantle": 0.0, "w_water": 0.0}).radius
    assert np.allclose(limits.lower, direct, rtol=1e-6)
    assert limits.lower_label == "pure Fe"
    assert limits.upper_label == "pure H2O"


def test_bad_input():
    with pytest.raises(InputError, match="mass"):
        classify([-1.0], [1.0])
    with pytest.raises(InputError, match="radius error"):
        classify([1.0], [1.0], [0.1], [-0.1])
    with pytest.raises(InputError, match="envelope"):
        classify([1.0], [1.0], gas_model="core-mantle-gas")
