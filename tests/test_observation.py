"""Measurements and observations: the likelihood terms, their normalization, and every way to make one."""

import numpy as np
import pytest
from scipy.integrate import quad

from exoinfer.errors import FileFormatError, InputError
from exoinfer.inference import Measurement, Observation


@pytest.mark.parametrize(("lower", "upper"), [(0.1, 0.1), (0.05, 0.2)])
def test_split_normal_is_a_normalized_density_with_its_mode_at_the_value(lower, upper):
    m = Measurement("radius", 1.0, lower, upper)
    total, _ = quad(lambda x: np.exp(m.log_likelihood(x)), -5, 7, points=[1.0])
    assert total == pytest.approx(1.0, abs=1e-8)
    xs = np.linspace(0.5, 1.5, 1001)
    assert xs[np.argmax(m.log_likelihood(xs))] == pytest.approx(1.0, abs=1e-3)
    # The probability mass below the value is lower / (lower + upper): the split normal's definition.
    below, _ = quad(lambda x: np.exp(m.log_likelihood(x)), -5, 1.0)
    assert below == pytest.approx(lower / (lower + upper), abs=1e-8)


def test_symmetric_error_is_the_gaussian():
    m = Measurement("mass", 2.0, 0.3, 0.3)
    x = np.array([1.5, 2.0, 2.7])
    expected = -0.5 * ((x - 2.0) / 0.3) ** 2 - np.log(0.3 * np.sqrt(2 * np.pi))
    assert np.allclose(m.log_likelihood(x), expected)


def test_draws_follow_the_split_normal():
    m = Measurement("radius", 1.0, 0.05, 0.15)
    draws = m.sample(200_000, np.random.default_rng(0))
    assert np.mean(draws < 1.0) == pytest.approx(0.25, abs=0.005)
    # Mean of a split normal: value + sqrt(2/pi) (upper - lower).
    assert draws.mean() == pytest.approx(1.0 + np.sqrt(2 / np.pi) * 0.10, abs=0.002)


def test_limits_hard_and_soft():
    hard = Measurement("d_core", 0.6, kind="upper")
    assert hard.log_likelihood(np.array([0.5, 0.6]))[0] == 0.0
    assert np.isneginf(hard.log_likelihood(0.61))
    soft = Measurement("k2", 0.5, upper=0.05, kind="lower")
    assert soft.log_likelihood(0.5) == pytest.approx(np.log(0.5))
    assert soft.log_likelihood(0.6) > soft.log_likelihood(0.45)
    assert np.isneginf(Measurement("radius", 1, 0.1, 0.1).log_likelihood(np.nan))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "k2", "value": 1.7, "lower": 0.1, "upper": 0.1}, r"k2 = 1.7 .* \(0, 1.5\]"),
        ({"name": "k2", "value": 0.0, "lower": 0.1, "upper": 0.1}, r"k2 = 0 "),
        ({"name": "mass", "value": -1.0, "lower": 0.1, "upper": 0.1}, "mass = -1"),
        ({"name": "mass", "value": float("nan"), "lower": 0.1, "upper": 0.1}, "mass = nan"),
        ({"name": "radius", "value": 1.0, "lower": -0.1, "upper": 0.1}, "radius lower error = -0.1"),
        ({"name": "radius", "value": 1.0, "lower": 0.0, "upper": 0.1}, "radius lower error = 0 "),
        ({"name": "moi", "value": 0.45, "lower": 0.01, "upper": 0.01}, r"moi = 0.45 .* \(0, 0.4\]"),
    ],
)
def test_impossible_measurements_are_refused(kwargs, message):
    with pytest.raises(InputError, match=message):
        Measurement(**kwargs)


def test_observation_from_planet_yaml_and_values(tmp_path):
    from exoinfer.catalog import get_planet

    earth = Observation.from_planet(get_planet("Earth"))
    assert {"mass", "radius"} <= set(earth.names)
    assert earth.name == "Earth"
    yaml_obs = Observation.from_yaml("configs/observations/earth-analog.yaml")
    assert yaml_obs.names == ("mass", "radius", "teq", "k2")
    assert yaml_obs["k2"].sigma == pytest.approx(0.0933)
    asym = Observation.from_values(radius=(1.0, (0.02, 0.03)))
    assert (asym["radius"].lower, asym["radius"].upper) == (0.02, 0.03)
    path = tmp_path / "limit.yaml"
    path.write_text(
        "observables:\n  mass: {value: 1, error: 0.1}\n  d_core: {upper_limit: 0.6, width: 0.02}\n"
    )
    limit = Observation.from_yaml(path)["d_core"]
    assert (limit.kind, limit.value, limit.upper) == ("upper", 0.6, 0.02)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("observables: {mass: {value: 1}}", "expected value\\+error"),
        ("planet: x", "expected a mapping with 'observables'"),
        ("observables: {mass: [1", "not valid YAML"),
        ("observables: {colour: {value: 1, error: 0.1}}", "colour"),
    ],
)
def test_bad_observation_files(tmp_path, text, message):
    path = tmp_path / "obs.yaml"
    path.write_text(text)
    with pytest.raises((FileFormatError, InputError), match=message):
        Observation.from_yaml(path)
    with pytest.raises(FileFormatError, match=r"(?i)no such file"):
        Observation.from_yaml(tmp_path / "missing.yaml")


def test_one_measurement_per_quantity():
    m = Measurement("mass", 1.0, 0.1, 0.1)
    with pytest.raises(InputError, match="at most one measurement per quantity"):
        Observation([m, m])
    obs = Observation([m]).with_measurement(Measurement("mass", 2.0, 0.1, 0.1))
    assert obs["mass"].value == 2.0
