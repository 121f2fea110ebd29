"""The fast solver against its own converged solution (10x the steps, tighter tolerances)."""

import numpy as np
import pytest

from exoinfer.structure import get_model

from .conftest import random_planets

MODELS = [
    "iron-silicate-water",
    "silicate-water-hydrogen",
    "core-mantle-water-gas",
    "core-mantle",
    "core-mantle-gas",
]


@pytest.mark.parametrize("name", MODELS)
def test_default_resolution_is_converged(name):
    model = get_model(name)
    params = random_planets(model, 400, seed=11)
    fast = model.simulate(params)
    reference = model.simulate(params, model.settings.refined(10))
    both = fast.ok & reference.ok
    assert both.mean() > 0.75  # the rest are physical failures (unbound envelopes), identical in both
    assert np.array_equal(fast.status, reference.status)
    assert np.max(np.abs(fast.radius[both] / reference.radius[both] - 1)) < 1e-4
    assert np.max(np.abs(fast.k2[both] - reference.k2[both])) < 1e-3
    assert np.max(np.abs(fast.moi[both] - reference.moi[both])) < 1e-3
