"""Shared fixtures. Random planets are drawn with fixed seeds so every failure reproduces."""

import numpy as np
import pytest

from exoinfer.structure import get_model


def random_planets(model, n, seed, max_gas=0.2):
    """Planets spread over the whole parameter space of ``model``: 0.1-25 M_E (log-uniform), fractions
    uniform on the simplex of solid layers, an envelope fraction log-uniform in [1e-5, max_gas], Teq
    100-1000 K."""
    rng = np.random.default_rng(seed)
    n_solid = sum(not layer.is_envelope for layer in model.layers)
    fractions = rng.dirichlet(np.ones(n_solid), n)
    params = {"mass": 10 ** rng.uniform(-1, np.log10(25), n)}
    if model.uses_teq:
        gas = 10 ** rng.uniform(-5, np.log10(max_gas), n)
        fractions = np.column_stack([fractions * (1 - gas)[:, None], gas])
        params["teq"] = rng.uniform(100, 1000, n)
    params.update({name: fractions[:, k] for k, name in enumerate(model.fraction_names)})
    return params


@pytest.fixture(scope="session")
def default_model():
    return get_model("core-mantle-water-gas")


@pytest.fixture(scope="session")
def core_mantle_model():
    return get_model("core-mantle")


@pytest.fixture(scope="session")
def seager_model():
    return get_model("iron-silicate-water")
