"""The prior: its samples, its density, and the change of variables that samplers rely on."""

import numpy as np
import pytest

from exoinfer.inference import Prior
from exoinfer.structure import get_model

MODELS = ["core-mantle-water-gas", "iron-silicate-water", "core-mantle", "core-mantle-gas"]


def free_vector(prior, params):
    """The free parameters (all but the last solid fraction) in the order of the unconstrained space."""
    solids = prior.composition.solid_names
    names = ["mass", *solids[:-1]] + (
        [prior.composition.envelope_name] if prior.composition.envelope_name else []
    )
    names += ["teq"] if prior.teq is not None else []
    return np.column_stack([params[n] for n in names])


@pytest.mark.parametrize("name", MODELS)
def test_round_trip_and_jacobian(name):
    prior = Prior.default(get_model(name))
    params = prior.sample(5, np.random.default_rng(1))
    z = prior.to_unconstrained(params)
    back, log_det = prior.from_unconstrained(z)
    for key in params:
        assert np.allclose(back[key], params[key], rtol=1e-9, atol=1e-14)
    # log|det| against a central-difference Jacobian of z -> free parameters.
    eps = 1e-6
    for i in range(len(z)):
        columns = []
        for j in range(prior.dim):
            dz = np.zeros(prior.dim)
            dz[j] = eps
            plus = free_vector(prior, prior.from_unconstrained(z[i] + dz)[0])
            minus = free_vector(prior, prior.from_unconstrained(z[i] - dz)[0])
            columns.append((plus - minus)[0] / (2 * eps))
        numeric = np.linalg.slogdet(np.column_stack(columns))[1]
        assert log_det[i] == pytest.approx(numeric, abs=1e-5)


def test_density_integrates_to_the_sampled_distribution():
    # The prior pushed to z must be sampled by prior draws: E[exp(log p(z) - log q(z))] = 1 for any
    # normalized q. With q = the prior itself (in z), the log density must match a histogram of draws:
    # here checked through the mean of w_gas under importance weights from a broad Gaussian proposal.
    prior = Prior.default(get_model("core-mantle-water-gas"))
    rng = np.random.default_rng(2)
    z = rng.normal(0.0, 3.0, size=(400_000, prior.dim))
    params, log_det = prior.from_unconstrained(z)
    log_q = -0.5 * np.sum((z / 3.0) ** 2, axis=1) - prior.dim * np.log(3.0 * np.sqrt(2 * np.pi))
    weights = np.exp(prior.log_prob(params) + log_det - log_q)
    assert weights.mean() == pytest.approx(1.0, abs=0.03)  # the density is normalized
    direct = prior.sample(400_000, rng)
    for key in ("w_core", "w_gas", "mass"):
        weighted = np.sum(weights * params[key]) / weights.sum()
        assert weighted == pytest.approx(direct[key].mean(), rel=0.03)


def test_samples_are_in_the_support(default_model):
    prior = Prior.default(default_model)
    params = prior.sample(10_000, np.random.default_rng(3))
    assert np.all(np.isfinite(prior.log_prob(params)))
    total = sum(params[n] for n in default_model.fraction_names)
    assert np.allclose(total, 1.0)
    assert params["w_gas"].min() >= 1e-5
    assert params["w_gas"].max() <= 0.2
    outside = dict(params, mass=np.full(10_000, 30.0))
    assert np.all(np.isneginf(prior.log_prob(outside)))


def test_yaml_prior(tmp_path, default_model):
    from exoinfer.errors import InputError
    from exoinfer.inference import load_prior

    prior = load_prior(default_model, "configs/priors/default.yaml")
    assert prior.describe() == Prior.default(default_model).describe()
    path = tmp_path / "narrow.yaml"
    path.write_text(
        "mass: {distribution: uniform, low: 0.5, high: 2.0}\ncomposition: {dirichlet_alpha: [2, 2, 1]}\n"
    )
    narrow = load_prior(default_model, path)
    draws = narrow.sample(1000, np.random.default_rng(0))
    assert draws["mass"].min() >= 0.5
    assert draws["mass"].max() <= 2.0
    path.write_text("mass: {distribution: gaussian, low: 0.5, high: 2.0}\n")
    with pytest.raises(InputError, match="prior of mass"):
        load_prior(default_model, path)
