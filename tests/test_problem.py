"""The Problem: one batched log-density (prior x likelihood), its support, and the errors it raises before
any sampling."""

import numpy as np
import pytest

from exoinfer.errors import InputError
from exoinfer.inference import (
    Measurement,
    Observation,
    Prior,
    Problem,
    build_posterior,
    load_posterior,
    save_posterior,
)
from exoinfer.structure import Status, get_model

EARTH = Observation.from_values(name="Earth analog", mass=(1.0, 0.05), radius=(1.0, 0.02), teq=(255.0, 5.0))


@pytest.fixture(scope="module")
def problem():
    return Problem(get_model("core-mantle-water-gas"), EARTH)


def test_log_prob_is_prior_plus_likelihood(problem):
    params = problem.prior.sample(50, np.random.default_rng(0))
    log_p, quantities = problem.log_prob(params, return_quantities=True)
    result = problem.model.simulate(params)
    # The radius error is combined with the model's accuracy floor (1e-4 relative) in quadrature.
    radius_err = np.hypot(0.02, 1e-4)
    by_hand = problem.prior.log_prob(params) + (
        EARTH["mass"].log_likelihood(params["mass"])
        + Measurement("radius", 1.0, radius_err, radius_err).log_likelihood(result.radius)
        + EARTH["teq"].log_likelihood(params["teq"])
    )
    ok = result.status == Status.OK
    assert np.allclose(log_p[ok], by_hand[ok])
    assert np.all(np.isneginf(log_p[~ok]))
    assert np.allclose(quantities["d_core"][ok], result.thickness_fraction[ok, 0])


def test_outside_the_support_and_unbuildable_planets_get_minus_infinity(problem):
    params = problem.prior.sample(4, np.random.default_rng(1))
    params["mass"][0] = 40.0  # beyond the prior's 25 M_E
    params["w_gas"][1] = 0.5  # beyond the envelope prior's 20%
    params["w_core"][1] = 0.5 - params["w_mantle"][1] - params["w_water"][1]
    log_p = problem.log_prob(params)
    assert np.isneginf(log_p[:2]).all()
    assert np.isfinite(log_p[2:]).all()
    # An envelope that the solver finds unbound (hot, light, gas-rich) is -inf too, not an exception.
    light = {
        "mass": [0.12],
        "w_core": [0.0],
        "w_mantle": [0.01],
        "w_water": [0.8],
        "w_gas": [0.19],
        "teq": [990],
    }
    assert problem.simulate(light)["status"][0] != Status.OK
    assert np.isneginf(problem.log_prob(light)[0])


def test_unconstrained_density_includes_the_jacobian(problem):
    z = problem.prior.to_unconstrained(problem.initial_points(8, np.random.default_rng(2)))
    params, log_det = problem.prior.from_unconstrained(z)
    assert np.allclose(problem.log_prob_unconstrained(z), problem.log_prob(params) + log_det)


def test_initial_points_are_distinct_and_inside(problem):
    points = problem.initial_points(40, np.random.default_rng(3))
    assert np.isfinite(problem.log_prob(points)).all()
    assert len(np.unique(points["mass"])) == 40


@pytest.mark.parametrize(
    ("model", "values", "message"),
    [
        ("core-mantle-water-gas", {"mass": (1.0, 0.05), "radius": (0.6, 0.02)}, "denser than pure Fe alloy"),
        ("core-mantle", {"mass": (5.0, 0.25), "radius": (2.5, 0.05)}, "lighter than pure silicate"),
        ("core-mantle-water-gas", {"mass": (36.0, 1.0), "radius": (2.3, 0.1)}, r"prior range \[0.1, 25\]"),
    ],
)
def test_impossible_observations_fail_before_sampling(model, values, message):
    with pytest.raises(InputError, match=message):
        Problem(get_model(model), Observation.from_values(**values))


def test_unknown_observable_and_ignored_teq():
    with pytest.raises(InputError, match="observed quantity = 'd_gas'"):
        Problem(get_model("core-mantle"), EARTH.with_measurement(Measurement("d_gas", 0.1, 0.01, 0.01)))
    rocky = Problem(get_model("core-mantle"), EARTH)
    assert rocky.ignored == ("teq",)
    assert "teq" not in rocky.observation


def test_prior_of_another_model_is_refused():
    with pytest.raises(InputError, match="a prior of model 'core-mantle'"):
        Problem(get_model("core-mantle"), EARTH, Prior.default(get_model("core-mantle-water")))


def test_posterior_round_trip_keeps_draws_observations_and_provenance(problem, tmp_path):
    points = problem.initial_points(60, np.random.default_rng(4))
    samples = {k: v.reshape(3, 20) for k, v in points.items()}
    idata = build_posterior(problem, samples, "test", seed=4, settings={"walkers": 3})
    path = save_posterior(idata, tmp_path / "post.nc")
    back = load_posterior(path)
    assert set(problem.parameter_names) | set(problem.output_names) <= set(back.posterior.data_vars)
    assert back.posterior["mass"].shape == (3, 20)
    assert np.allclose(back.posterior["mass"].values, samples["mass"])
    assert float(back.observed_data["radius"]) == 1.0
    assert float(back.observed_data["radius_err_upper"]) == 0.02
    attrs = back.posterior.attrs
    assert (attrs["method"], attrs["model"], attrs["planet"], attrs["seed"]) == (
        "test",
        "core-mantle-water-gas",
        "Earth analog",
        4,
    )
    assert '"walkers": 3' in attrs["settings"]
    assert "exoinfer_version" in attrs


def test_corrupt_posterior_file(tmp_path):
    from exoinfer.errors import FileFormatError

    path = tmp_path / "bad.nc"
    path.write_bytes(b"not a netcdf file")
    with pytest.raises(FileFormatError, match=r"bad\.nc"):
        load_posterior(path)
    with pytest.raises(FileFormatError, match="no such file"):
        load_posterior(tmp_path / "missing.nc")
