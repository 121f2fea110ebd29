"""Equations of state: closed forms, table inversion, phases, the envelope, user materials."""

import numpy as np
import pytest

from exoinfer.constants import GAS_CONSTANT, GPA
from exoinfer.eos import (
    BirchMurnaghan3,
    FunctionMaterial,
    IdealGasEnvelope,
    ModifiedPolytrope,
    Vinet,
    get_material,
    material_names,
)
from exoinfer.errors import ModelError


def test_modified_polytrope_matches_seager_form():
    fe = get_material("fe-seager2007")
    p = np.array([0.0, 1e9, 1e12])
    assert np.allclose(fe.density(p), 8300.0 + 0.00349 * p**0.528, rtol=1e-12)


@pytest.mark.parametrize("cls", [Vinet, BirchMurnaghan3])
def test_isotherm_table_inverts_closed_form(cls):
    # The table must reproduce rho(P) to ~1e-5 so that solver accuracy (1e-4 in radius) is not limited by it.
    material = cls("test", 4000.0, 250.0 * GPA, 4.0)
    rho = np.geomspace(4000.5, 4000.0 * 4.0, 200)
    assert np.allclose(material.density(material.pressure(rho)), rho, rtol=1e-5)


def test_isotherm_zero_pressure_density():
    iron = get_material("fe-hcp")
    assert iron.density(np.array([0.0]))[0] == pytest.approx(8273.3, rel=1e-6)


def test_phase_sequence_jumps_at_transitions():
    mantle = get_material("silicate-mantle")
    below, above = mantle.density(np.array([23.0e9, 23.14e9]))
    assert above / below > 1.05  # ringwoodite -> bridgmanite is a density jump of ~8%
    assert list(mantle.phase_index(np.array([1e5, 15e9, 20e9, 50e9, 200e9]))) == [0, 1, 2, 3, 4]


def test_ideal_gas_envelope_profile():
    env = IdealGasEnvelope()
    teq = 500.0
    p = np.array([1e3, 1e7, 1e9])
    t = env.temperature(p, teq)
    assert t[0] == pytest.approx(teq)
    assert t[1] == pytest.approx(teq)
    assert t[2] == pytest.approx(teq * 100.0**env.adiabatic_gradient)
    ideal = p * env.mean_molecular_weight / (GAS_CONSTANT * t)
    assert np.allclose(IdealGasEnvelope(dense_limit=False).density(p, teq), ideal)
    assert np.allclose(
        env.density(p[:2], teq), ideal[:2], rtol=1e-5
    )  # dilute: ideal to (rho / rho_cold)^4 / 4


def test_envelope_is_never_denser_than_cold_hydrogen():
    env = IdealGasEnvelope()
    p = np.geomspace(1e9, 1e12, 20)
    rho = env.density(p, 300.0)
    assert np.all(rho <= env.cold_density(p))
    assert np.all(rho <= env.ideal_density(p, 300.0))
    assert np.all(rho > 0.8 * np.minimum(env.cold_density(p), env.ideal_density(p, 300.0)))


def test_function_material_is_used_as_given():
    rock = FunctionMaterial("rock", lambda p, t: 3000.0 + 1e-3 * p**0.5)
    assert rock.density(np.array([1e10]))[0] == pytest.approx(3100.0)


def test_every_named_material_is_positive_and_increasing():
    p = np.geomspace(1e5, 1e13, 400)
    for name in material_names():
        material = get_material(name)
        rho = material.density(p, 300.0)  # the envelope's second argument is Teq
        assert np.all(rho > 0), name
        assert np.all(np.diff(rho) > 0), name


def test_unknown_material_names_the_known_ones():
    with pytest.raises(ModelError, match="earth-core"):
        get_material("unobtainium")


def test_bad_polytrope_parameters_are_refused():
    with pytest.raises(ValueError, match="modified polytrope"):
        ModifiedPolytrope("bad", -1.0, 0.001, 0.5)
