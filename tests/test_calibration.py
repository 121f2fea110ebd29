"""Calibration statistics and runs: calibrated posteriors pass, over- and under-confident ones fail."""

import numpy as np
import pytest

from exoinfer.diagnostics.calibration import calibrate, calibration_planets, score
from exoinfer.diagnostics.coverage import (
    DEFAULT_LEVELS,
    central_coverage,
    rank_uniformity,
    sbc_ranks,
    tarp_coverage,
)
from exoinfer.structure import get_model

N_PLANETS, N_DRAWS, NOISE = 1000, 400, 0.5


def gaussian_problem(width_factor=1.0, shift=0.0, seed=0, dim=1):
    """Truths from N(0, 1), observations with noise NOISE, and draws from the exact conjugate posterior
    with its width multiplied by ``width_factor`` and its mean shifted by ``shift`` posterior sds."""
    rng = np.random.default_rng(seed)
    truth = rng.standard_normal((N_PLANETS, dim))
    x = truth + NOISE * rng.standard_normal((N_PLANETS, dim))
    sd = np.sqrt(NOISE**2 / (1 + NOISE**2))
    mean = x / (1 + NOISE**2) + shift * sd
    draws = mean[:, None, :] + width_factor * sd * rng.standard_normal((N_PLANETS, N_DRAWS, dim))
    return truth, draws


def test_exact_posterior_is_calibrated():
    truth, draws = gaussian_problem()
    ranks = sbc_ranks(truth[:, 0], draws[:, :, 0])
    assert rank_uniformity(ranks, N_DRAWS) > 0.01
    # Binomial noise of a coverage fraction over 1000 planets is at most 0.016; 4 sigma.
    assert np.max(np.abs(central_coverage(truth[:, 0], draws[:, :, 0]) - DEFAULT_LEVELS)) < 0.064
    ecp, _ = tarp_coverage(truth, draws)
    assert np.max(np.abs(ecp - DEFAULT_LEVELS)) < 0.064


def test_overconfident_and_biased_posteriors_fail():
    truth, narrow = gaussian_problem(width_factor=0.6)
    ranks = sbc_ranks(truth[:, 0], narrow[:, :, 0])
    assert rank_uniformity(ranks, N_DRAWS) < 1e-6
    # A central 90% interval 0.6 as wide holds the truth with probability 2 Phi(0.6 * 1.645) - 1 = 0.68.
    coverage = central_coverage(truth[:, 0], narrow[:, :, 0], [0.9])
    assert coverage[0] == pytest.approx(0.68, abs=0.05)
    truth, shifted = gaussian_problem(shift=1.0, dim=2)
    ecp, _ = tarp_coverage(truth, shifted)
    assert np.max(np.abs(ecp - DEFAULT_LEVELS)) > 0.15


def test_ties_at_a_bound_do_not_break_uniformity():
    """A quantity pinned at a bound in truth and draws alike (an absent layer) ranks uniformly."""
    truth, draws = np.zeros(N_PLANETS), np.zeros((N_PLANETS, 99))
    assert rank_uniformity(sbc_ranks(truth, draws, rng=np.random.default_rng(0)), 99) > 0.01


def test_score_reports_every_quantity_and_the_joint_test():
    truth, draws = gaussian_problem(dim=2)
    result = score(
        "exact",
        "gaussian",
        {"a": truth[:, 0], "b": truth[:, 1]},
        {"a": draws[..., 0], "b": draws[..., 1]},
        100,
    )
    assert set(result.quantities) == {"a", "b"}
    assert result.tarp["quantities"] == ["a", "b"]
    assert all(entry["ks_pvalue"] > 0.01 for entry in result.quantities.values())


def test_calibration_planets_are_buildable_and_observed_within_their_errors():
    model = get_model("core-mantle")
    planets, _ = calibration_planets(model, 50, seed=3)
    assert len(planets) == 50
    pulls = [
        (p.observation["radius"].value - p.truth["radius"]) / p.observation["radius"].sigma for p in planets
    ]
    assert abs(np.mean(pulls)) < 4 / np.sqrt(50)
    assert 0.6 < np.std(pulls) < 1.4
    assert "teq" not in planets[0].observation  # core-mantle has no envelope


def test_mcmc_calibration_resumes_from_its_folder(tmp_path):
    model = get_model("core-mantle")
    planets, _ = calibration_planets(model, 3, seed=1)
    options = {"ess_min": 100, "check_every": 100}
    first = calibrate("emcee", model, planets, options=options, scheduler="synchronous", workdir=tmp_path)
    files = sorted(tmp_path.glob("planet-*.npz"))
    stamps = [f.stat().st_mtime_ns for f in files]
    again = calibrate("emcee", model, planets, options=options, scheduler="synchronous", workdir=tmp_path)
    assert len(files) == 3
    assert [f.stat().st_mtime_ns for f in files] == stamps
    assert again.quantities["w_core"]["ranks"] == first.quantities["w_core"]["ranks"]
    assert first.n_ranked == 100
    assert len(first.quantities["w_core"]["ranks"]) == 3


def test_cli_writes_the_report_its_figures_and_plots(tmp_path):
    import json

    from exoinfer.cli import main

    out = tmp_path / "calibration"
    assert main(["calibrate", "--method", "mdn", "--n", "30", "--draws", "200", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "calibration.json",
        "calibration.md",
        "coverage.png",
        "ranks.png",
    ]
    figures = json.loads((out / "calibration.json").read_text())
    report = (out / "calibration.md").read_text()
    # The report states the noise of the inputs it used, and only those (no k2 without a k2 network).
    assert "(mass 3%-20%, radius 1%-5%, teq 1%-5%)" in report
    assert "k2" not in report
    assert figures["method"] == "mdn"
