"""Failure is data: whatever the inputs, no exception, NaN outputs and a status for every failure."""

import numpy as np

from exoinfer.structure import Status


def test_whole_parameter_space_runs_without_exception(default_model):
    rng = np.random.default_rng(3)
    n = 20_000
    fractions = rng.dirichlet(np.ones(4), n)  # gas fractions up to 100%: many planets cannot exist
    fractions[:1000, 3] = 0.0  # rocky and water worlds
    fractions[1000:2000, 0] = 0.0  # no core
    fractions /= fractions.sum(axis=1, keepdims=True)
    params = {
        "mass": 10 ** rng.uniform(-1, np.log10(25), n),
        **{name: fractions[:, k] for k, name in enumerate(default_model.fraction_names)},
        "teq": rng.uniform(100, 1000, n),
    }
    result = default_model.simulate(params)
    assert set(np.unique(result.status)) <= {s.value for s in Status}
    failed = ~result.ok
    for values in (result.radius, result.k2, result.moi, result.p_center):
        assert np.all(np.isnan(values[failed]))
        assert np.all(np.isfinite(values[result.ok]))
    # Solver failures proper (as opposed to physics: unbound envelopes, EOS range) are rare.
    assert np.mean(result.status == Status.NO_SOLUTION) < 1e-3
    assert np.all(result.ok[:1000])  # every rocky/water planet of 0.1-25 M_E can be built
    assert np.all(result.k2[result.ok] > 0)
    assert np.all(result.k2[result.ok] <= 1.5)
    assert np.all(result.moi[result.ok] > 0)
    assert np.all(result.moi[result.ok] <= 0.4 + 1e-9)


def test_invalid_rows_are_flagged_not_raised(default_model):
    params = {
        "mass": [1.0, -1.0, np.nan, 1.0, 1.0],
        "w_core": [0.3, 0.3, 0.3, 0.5, 0.3],
        "w_mantle": [0.7, 0.7, 0.7, 0.7, 0.7],
        "w_water": [0.0, 0.0, 0.0, 0.0, 0.0],
        "w_gas": [0.0, 0.0, 0.0, 0.0, 0.0],
        "teq": [300.0, 300.0, 300.0, 300.0, -5.0],
    }
    result = default_model.simulate(params)
    assert list(result.status) == [Status.OK, *[Status.INVALID_INPUT] * 4]


def test_absent_layers_have_zero_thickness(default_model):
    result = default_model.simulate(
        {"mass": [2.0], "w_core": 0.0, "w_mantle": 0.6, "w_water": 0.4, "w_gas": 0.0, "teq": 300.0}
    )
    d = result.thickness_fraction[0]
    assert result.layer_radius[0, 0] == 0.0
    assert d[0] == 0.0
    assert d[3] < 1e-6
    assert abs(d.sum() - 1.0) < 1e-9


def test_thin_inner_layers_are_stable(default_model):
    # A 1e-6 core under a thick mantle needs geometric node spacing (Radau's stiff term, see the kernel);
    # below 1e-7 of the solids a layer counts as absent.
    w_core = np.array([0.0, 1e-10, 1e-8, 1e-7, 3e-7, 1e-6, 1e-5, 1e-4])
    result = default_model.simulate(
        {"mass": 3.0, "w_core": w_core, "w_mantle": 1 - w_core, "w_water": 0.0, "w_gas": 0.0, "teq": 300.0}
    )
    assert np.all(result.ok)
    # A negligible core changes the radius by less than the solver accuracy (1e-4 of iron moves it ~2e-5).
    assert np.ptp(result.radius) < 1e-4
    assert np.ptp(result.k2) < 1e-3
    assert list(result.layer_radius[:, 0] > 0) == [False] * 4 + [True] * 4
