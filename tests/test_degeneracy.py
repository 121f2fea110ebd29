"""Degeneracy curves: exact on forward-model planets, bands equal to brute-force quantiles."""

import numpy as np
import pytest

from exoinfer.composition import (
    CurveStatus,
    ThreeLayer,
    degeneracy_curve,
    degeneracy_curves,
    solve_middle_fraction,
    split_normal,
)
from exoinfer.composition.interpolation import barycentric_matrix, chebyshev_nodes, node_count
from exoinfer.errors import InputError
from exoinfer.structure import get_model

THREE_LAYER = ("iron-silicate-water", "silicate-water-hydrogen")


@pytest.mark.parametrize("name", THREE_LAYER)
@pytest.mark.parametrize(("mass", "alpha", "beta"), [(5.0, 0.3, 0.5), (1.0, 0.1, 0.85), (20.0, 0.5, 0.1)])
def test_forward_planet_lies_on_its_own_curve(name, mass, alpha, beta):
    model = get_model(name)
    radius = float(ThreeLayer(model).radius(mass, alpha, beta))
    grid = np.linspace(0.0, 1.0, 11)
    curve = degeneracy_curve(model, mass, radius, alphas=grid, draws=0)
    i = int(np.argmin(np.abs(grid - alpha)))
    assert curve.status[i] == CurveStatus.SOLVED
    # Root finding to 1e-5 in beta; the issue asks for 1e-4.
    assert curve.beta[i] == pytest.approx(beta, abs=1e-4)
    assert curve.gamma[i] == pytest.approx(1.0 - alpha - beta, abs=1e-4)
    # Every solved point reproduces the radius: the curve is the whole degeneracy, not one point.
    ok = curve.solved
    radii = ThreeLayer(model).radius(mass, grid[ok], curve.beta[ok])
    assert np.allclose(radii, radius, rtol=2e-5)


@pytest.mark.parametrize("name", THREE_LAYER)
def test_radius_falls_monotonically_with_beta(name):
    """The property the band's counting argument rests on (away from the solver's last few 1e-5)."""
    three = ThreeLayer(get_model(name))
    alpha = np.array([0.0, 0.2, 0.5, 0.8])[:, None, None]
    mass = np.array([0.3, 3.0, 30.0])[None, :, None]
    beta = (1.0 - alpha) * np.linspace(0.0, 1.0, 21)[None, None, :]
    radius = three.radius(mass, alpha, beta)
    assert np.all(np.diff(radius, axis=-1) < 0)


@pytest.mark.parametrize("name", THREE_LAYER)
@pytest.mark.parametrize("band", [(0.025, 0.975), (0.0, 1.0)])
def test_band_equals_brute_force_quantiles(name, band):
    """The band's bisection on counts gives the same quantiles as solving every draw exactly."""
    model = get_model(name)
    mass, radius = (5.0, 1.75) if name == "iron-silicate-water" else (8.17, 2.742)
    m_err, r_err = (0.5, 0.9), (0.06, 0.04)
    alphas, draws, seed = np.linspace(0.0, 1.0, 11), 150, 7
    curve = degeneracy_curve(
        model,
        mass,
        radius,
        mass_err=m_err,
        radius_err=r_err,
        alphas=alphas,
        draws=draws,
        band=band,
        seed=seed,
    )
    rng = np.random.default_rng(seed)  # the same draws, in the same order
    m = split_normal([mass], [m_err[0]], [m_err[1]], draws, rng)[0]
    r = split_normal([radius], [r_err[0]], [r_err[1]], draws, rng)[0]
    beta, status = solve_middle_fraction(
        ThreeLayer(model), m[None, :], r[None, :], alphas[:, None], xtol=1e-7
    )
    solved = status == CurveStatus.SOLVED
    assert np.allclose(curve.solvable_fraction, solved.mean(axis=1))
    checked = 0
    for i in range(alphas.size):
        if not solved[i].any():
            assert np.isnan(curve.beta_low[i])
            continue
        low, high = (np.quantile(beta[i][solved[i]], q, method="inverted_cdf") for q in band)
        # Bisection half-width 7.6e-6, plus ~1e-7 from the log-mass interpolation and brute-force xtol.
        assert curve.beta_low[i] == pytest.approx(low, abs=1e-5)
        assert curve.beta_high[i] == pytest.approx(high, abs=1e-5)
        checked += 1
    assert checked >= 6


def test_several_planets_in_one_batch_match_single_runs():
    model = get_model("iron-silicate-water")
    kwargs = {"alphas": 6, "draws": 100, "seed": 3}
    both = degeneracy_curves(model, [1.0, 5.0], [1.0, 1.7], [0.05, 0.3], [0.02, (0.03, 0.05)], **kwargs)
    second = degeneracy_curves(model, [5.0], [1.7], [0.3], [(0.03, 0.05)], **kwargs)[0]
    assert np.allclose(both[1].beta, second.beta, equal_nan=True)
    assert both[0].name == "planet 1"
    assert both[1].radius_err == (0.03, 0.05)


def test_planet_denser_than_every_composition_has_no_curve():
    curve = degeneracy_curve(get_model("iron-silicate-water"), 5.0, 1.0, alphas=5, draws=0)
    assert np.all(np.isnan(curve.beta))
    assert set(curve.status[:-1]) == {CurveStatus.TOO_DENSE}


def test_envelope_model_needs_teq():
    model = get_model("core-mantle-gas")
    with pytest.raises(InputError, match="teq"):
        degeneracy_curve(model, 5.0, 2.0, alphas=3, draws=0)
    radius = float(ThreeLayer(model, 600.0).radius(5.0, 0.3, 0.69))
    curve = degeneracy_curve(model, 5.0, radius, alphas=[0.3], draws=0, teq=600.0)
    assert curve.beta[0] == pytest.approx(0.69, abs=1e-4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "core-mantle-water-gas"}, "exactly three layers"),
        ({"mass": -1.0}, "mass = -1"),
        ({"radius": float("nan")}, "radius = nan"),
        ({"mass_err": -0.1}, "mass error"),
        ({"band": (0.9, 0.1)}, "band"),
        ({"alphas": [0.5, 1.5]}, "alphas"),
    ],
)
def test_bad_input_raises_input_error(kwargs, message):
    args = {"model": "iron-silicate-water", "mass": 5.0, "radius": 1.7, "draws": 10, "alphas": 3} | kwargs
    model = get_model(args.pop("model"))
    with pytest.raises(InputError, match=message):
        degeneracy_curve(model, args.pop("mass"), args.pop("radius"), **args)


def test_log_mass_interpolation_reproduces_the_solver():
    """The band's premise: ln R(ln M) at fixed composition is interpolated to ~1e-7 or better."""
    three = ThreeLayer(get_model("silicate-water-hydrogen"))
    for center, span in ((1.0, 0.4), (8.0, 1.2), (30.0, 3.0)):
        lo, hi = np.log(center) - span / 2, np.log(center) + span / 2
        nodes = chebyshev_nodes(np.array(lo), np.array(hi), node_count(span))
        x = np.linspace(lo, hi, 37)
        fractions = [(0.2, 0.7), (0.5, 0.49), (0.0, 0.999)]
        for alpha, beta in fractions:
            at_nodes = np.log(three.radius(np.exp(nodes), alpha, beta))
            direct = np.log(three.radius(np.exp(x), alpha, beta))
            interpolated = barycentric_matrix(nodes, x) @ at_nodes
            assert np.max(np.abs(interpolated - direct)) < 1e-6


def test_split_normal_draws():
    rng = np.random.default_rng(1)
    draws = split_normal([10.0, 10.0, 1.0, 5.0], [1.0, 1.0, 2.0, 0.0], [1.0, 3.0, 2.0, 0.0], 40_000, rng)
    assert draws[0].mean() == pytest.approx(10.0, abs=0.03)
    assert draws[0].std() == pytest.approx(1.0, rel=0.02)
    # Mass below the mode is lower / (lower + upper) of the whole.
    assert np.mean(draws[1] < 10.0) == pytest.approx(0.25, abs=0.01)
    assert draws[2].min() > 0  # truncated at zero, not clipped: no pile-up at 0
    assert np.mean(draws[2] < 0.05) < 0.03
    assert np.all(draws[3] == 5.0)
    with pytest.raises(InputError, match="error"):
        split_normal([1.0], [-1.0], [1.0], 10)
