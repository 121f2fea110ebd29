"""The MDN backend: it learns the inverse of the structure model, keeps its files honest, and warns when
asked to extrapolate."""

import json
import warnings

import numpy as np
import pytest

from exoinfer.backends.mdn import MDNEstimator, run_mdn
from exoinfer.errors import FileFormatError, InputError
from exoinfer.inference import Observation, Prior, Problem
from exoinfer.inference.transforms import InteriorVector, alr, alr_inverse
from exoinfer.structure import get_model


def simulations(model, n, seed):
    prior = Prior.default(model)
    result = model.simulate(prior.sample(n, np.random.default_rng(seed)))
    columns = result.columns()
    return {k: np.asarray(v)[result.ok] for k, v in columns.items()}


@pytest.fixture(scope="module")
def rocky():
    return get_model("core-mantle")


@pytest.fixture(scope="module")
def trained(rocky):
    estimator = MDNEstimator.create(
        rocky, ["mass", "radius"], noise="none", components=4, hidden=64, layers=2
    )
    estimator.fit(simulations(rocky, 6000, 0), epochs=40, batch_size=256, patience=10, seed=0)
    return estimator


def test_log_ratio_round_trip():
    w = np.random.default_rng(0).dirichlet(np.ones(4), 100)
    assert np.allclose(alr_inverse(alr(w)), w)
    vec = InteriorVector(("core", "mantle", "water", "gas"), uses_teq=True)
    data = {"mass": np.full(100, 2.0), "teq": np.full(100, 400.0)}
    data.update({n: w[:, i] for i, n in enumerate(vec.w_names)})
    data.update({n: w[::-1][:, i] for i, n in enumerate(vec.d_names)})
    back = vec.inverse(vec.forward(data))
    for name in vec.names:
        assert np.allclose(back[name], data[name])


def test_network_inverts_the_forward_model(rocky, trained):
    # Two parameters (mass, w_core) and two exact observables: the posterior is nearly a point, so the
    # network's median must land on the true core fraction of held-out planets. A core-fraction error of
    # 0.05 moves an Earth-mass planet's radius by ~0.5%, far more than the solver's 1e-4.
    held_out = simulations(rocky, 300, 99)
    held_out = {k: v[(held_out["mass"] > 0.3) & (held_out["mass"] < 20)] for k, v in held_out.items()}
    drawn = trained.sample({"mass": held_out["mass"], "radius": held_out["radius"]}, n=400, seed=1)
    error = np.median(drawn["w_core"], axis=1) - held_out["w_core"]
    assert np.median(np.abs(error)) < 0.05
    # Thickness fractions come out of the network too, on their simplex; mass is the (exact) input.
    assert np.allclose(drawn["d_core"] + drawn["d_mantle"], 1.0)
    assert np.array_equal(drawn["mass"][:, 0], held_out["mass"])


def test_save_load_round_trip_and_corrupt_files(trained, tmp_path):
    trained.save(tmp_path / "net")
    card = json.loads((tmp_path / "net" / "card.json").read_text())
    assert card["inputs"] == ["mass", "radius"]
    assert card["architecture"]["covariance"] == "full"
    assert card["training"]["best_val_nll"] < card["training"]["history"][0]["val_nll"]
    again = MDNEstimator.load(tmp_path / "net")
    a = trained.sample({"mass": 1.0, "radius": 1.0}, n=50, seed=3)
    b = again.sample({"mass": 1.0, "radius": 1.0}, n=50, seed=3)
    assert np.array_equal(a["w_core"], b["w_core"])
    weights = tmp_path / "net" / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:200])
    with pytest.raises(FileFormatError, match="corrupt or does not match"):
        MDNEstimator.load(tmp_path / "net")
    trained.save(tmp_path / "wide")
    card["architecture"]["hidden"] = 32
    (tmp_path / "wide" / "card.json").write_text(json.dumps(card))
    with pytest.raises(FileFormatError, match=r"does not match card\.json"):
        MDNEstimator.load(tmp_path / "wide")
    (tmp_path / "wide" / "card.json").write_text("{not json")
    with pytest.raises(FileFormatError, match=r"no readable card\.json"):
        MDNEstimator.load(tmp_path / "wide")


def test_extrapolation_warns_with_the_input_and_range(trained):
    with pytest.warns(RuntimeWarning, match=r"input radius = 9 is outside this network's training range"):
        trained.sample({"mass": 1.0, "radius": 9.0}, n=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trained.sample({"mass": 1.0, "radius": 1.0}, n=10)
    with pytest.raises(InputError, match="network input"):
        trained.sample({"mass": -1.0, "radius": 1.0}, n=10)


def test_noise_aware_network_needs_errors_and_gives_a_posterior(rocky):
    estimator = MDNEstimator.create(rocky, ["mass", "radius"], components=2, hidden=32, layers=2)
    estimator.fit(simulations(rocky, 3000, 1), epochs=3, batch_size=512, seed=0)
    with pytest.raises(InputError, match="1-sigma errors"):
        estimator.sample({"mass": 1.0, "radius": 1.0}, n=10)
    problem = Problem(rocky, Observation.from_values(name="Earth", mass=(1.0, 0.05), radius=(1.0, 0.02)))
    idata = run_mdn(problem, network=estimator, draws=500)
    assert idata.posterior.attrs["method"] == "mdn"
    assert set(problem.parameter_names) | set(problem.output_names) <= set(idata.posterior.data_vars)
    assert idata.posterior["w_core"].shape == (4, 125)


def test_mixture_density_and_draws_agree_with_torch_distributions():
    """The fused log-density equals torch's MixtureSameFamily of MultivariateNormals with L = W^-1, and
    draws have the mixture's mean and covariance (to 4 standard errors with 200k draws)."""
    torch = pytest.importorskip("torch")
    from torch.distributions import Categorical, MixtureSameFamily, MultivariateNormal

    from exoinfer.backends.mixture_network import MixtureNetwork

    torch.manual_seed(3)
    net = MixtureNetwork(3, 4, components=3, hidden=16, layers=2, covariance="full")
    torch.nn.init.normal_(net.lower.weight, std=0.3)  # correlated components, not the diagonal start
    x, y = torch.randn(5, 3), torch.randn(5, 4)
    with torch.no_grad():
        log_weights, means, scale, off = net(x)
        tril = torch.linalg.inv(torch.diag_embed(1 / scale) + off)
        reference = MixtureSameFamily(
            Categorical(logits=log_weights), MultivariateNormal(means, scale_tril=tril)
        )
        np.testing.assert_allclose(
            net.log_prob(x, y).numpy(), reference.log_prob(y).numpy(), rtol=1e-5, atol=1e-5
        )
        draws = net.sample(x[:1], 200_000, generator=torch.Generator().manual_seed(0))[0].double()
        mean, cov = reference.mean[0].double(), reference.variance[0].double()
    standard_error = torch.sqrt(cov / len(draws))
    assert torch.all(torch.abs(draws.mean(0) - mean) < 4 * standard_error)
    assert torch.allclose(draws.var(0), cov, rtol=0.02)


def test_calibration_of_an_mdn_scores_model_computed_thicknesses(rocky, trained):
    """The amortized calibration path: one batched network call, thicknesses from the structure model,
    figures for every quantity, and a network that inverts the forward model is not badly miscalibrated."""
    from exoinfer.diagnostics.calibration import calibrate, calibration_planets

    planets, _ = calibration_planets(rocky, 200, observables=("mass", "radius"), seed=5)
    result = calibrate("mdn", rocky, planets, network=trained, draws=200, seed=0)
    assert set(result.quantities) == {"mass", "w_core", "w_mantle", "d_core", "d_mantle"}
    assert result.n_planets + result.unscored == 200
    assert result.n_planets > 190
    # Small network, 6000 planets: its 90% intervals must hold the truth of 90% +- 10% of 200 planets.
    for name in ("w_core", "d_core"):
        assert abs(result.quantities[name]["coverage"][result.levels.index(0.9)] - 0.9) < 0.1, name


def test_posterior_draws_stay_inside_the_prior(rocky, trained):
    """A planet at the prior's lower mass edge: the network's tails reach below 0.1 M_E, the exact
    posterior does not, and neither may the Posterior's draws."""
    prior = Prior.default(rocky)
    values, errors = {"mass": 0.11, "radius": 0.5}, {"mass": 0.02, "radius": 0.01}
    raw = trained.sample(values, errors, n=4000, seed=0)
    assert np.mean(raw["mass"] < 0.1) > 0.05  # the case is real: many raw draws fall outside
    kept = trained.sample_in_support(prior, values, errors, n=4000, seed=0)
    assert kept["mass"].shape == (1, 4000)
    assert kept["mass"].min() >= 0.1
    # Several planets at once: only the short ones are drawn again, and every planet ends inside.
    many = trained.sample_in_support(
        prior, {"mass": [0.11, 3.0], "radius": [0.5, 1.4]}, {"mass": [0.02, 0.3], "radius": 0.01}, n=4000
    )
    assert many["mass"].shape == (2, 4000)
    assert many["mass"].min() >= 0.1


def test_noise_aware_error_inputs_are_relative_to_the_observed_value(rocky):
    """In training, the error input is sigma / x_obs (as at inference), with sigma = s x_true and s inside
    the trained range; networks made before that fix keep their own convention."""
    estimator = MDNEstimator.create(rocky, ["mass", "radius"], noise="aware", hidden=8, layers=1)
    x_true = np.full((5000, 2), [2.0, 1.2])
    rng = np.random.default_rng(0)
    x_obs, rel_input = estimator._noisy(x_true, rng)
    s = rel_input * x_obs / x_true
    for k, name in enumerate(("mass", "radius")):
        low, high = estimator.card["error_ranges"][name]
        assert np.all((s[:, k] > low * (1 - 1e-12)) & (s[:, k] < high * (1 + 1e-12)))
    assert not np.allclose(rel_input, s)
    estimator.card.pop("error_input")  # a card of a network trained before the fix
    x_obs, rel_input = estimator._noisy(x_true, np.random.default_rng(0))
    highs = [estimator.card["error_ranges"][name][1] for name in ("mass", "radius")]
    assert np.all(rel_input <= highs)
