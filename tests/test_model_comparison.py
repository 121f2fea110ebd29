"""Model comparison by SMC evidence: refused models get probability 0 with the reason, the others share
probability by their evidence, and evidences of models with and without an envelope are made comparable."""

import math

import numpy as np
import pytest
from scipy.stats import norm

pytest.importorskip("pymc")

from exoinfer.errors import InputError
from exoinfer.inference import Measurement, Observation, Uniform
from exoinfer.inference.model_comparison import (
    DEFAULT_CANDIDATES,
    compare_models,
    teq_log_evidence,
)

SUB_NEPTUNE = Observation.from_values(
    name="sub-Neptune", mass=(5.0, 0.25), radius=(2.5, 0.05), teq=(500.0, 20.0)
)


@pytest.fixture(scope="module")
def sub_neptune():
    return compare_models(SUB_NEPTUNE, DEFAULT_CANDIDATES, draws=500, chains=2, seed=1)


def test_rocky_models_are_refused_for_a_puffy_planet(sub_neptune):
    # 2.5 R_E at 5 M_E is larger than pure silicate (1.77 R_E) or pure water (2.24 R_E) can be at that
    # mass by far more than 5 sigma: only an envelope explains it.
    for name in ("core-mantle", "core-mantle-water"):
        entry = sub_neptune[name]
        assert entry.refused
        assert entry.probability == 0.0
        assert "radius" in entry.reason
        assert name not in sub_neptune.posteriors


def test_envelope_models_share_the_probability(sub_neptune):
    gassy = [sub_neptune[name] for name in ("core-mantle-gas", "core-mantle-water-gas")]
    assert sum(e.probability for e in gassy) == pytest.approx(1.0)
    for entry in gassy:
        assert np.isfinite(entry.log_evidence)
        assert 0.0 <= entry.log_evidence_std < 0.3  # two chains of 500 particles: ~0.1 expected
        # Envelope models lose prior mass to unbound envelopes (about 17% with the default prior); the
        # evidence is renormalized to the buildable planets.
        assert -1.0 < entry.log_buildable_fraction < 0.0
        assert entry.log_evidence == pytest.approx(entry.log_evidence_sampled - entry.log_buildable_fraction)
        assert entry.log_teq_evidence == 0.0  # they explain Teq themselves
    assert sub_neptune.best in ("core-mantle-gas", "core-mantle-water-gas")
    # Probabilities follow the evidences: P_a / P_b = exp(ln Z_a - ln Z_b).
    ratio = gassy[0].probability / gassy[1].probability
    assert ratio == pytest.approx(math.exp(gassy[0].log_evidence - gassy[1].log_evidence))


def test_rows_and_text(sub_neptune):
    rows = sub_neptune.rows()
    assert [r["model"] for r in rows] == list(DEFAULT_CANDIDATES)
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)
    assert {"model", "log_evidence", "log_evidence_std", "probability", "reason"} <= set(rows[0])
    text = sub_neptune.text()
    assert "refused" in text
    assert "core-mantle-water-gas" in text


def test_a_model_ignoring_teq_pays_for_the_teq_measurement():
    # core-mantle has no envelope and ignores Teq; the Teq measurement's prior predictive probability is
    # added to its evidence so that it is compared on the same data as the envelope models.
    earth = Observation.from_values(mass=(1.0, 0.05), radius=(1.0, 0.02), teq=(255.0, 5.0))
    result = compare_models(earth, ["core-mantle"], draws=300, chains=2, seed=2)
    entry = result["core-mantle"]
    assert entry.probability == 1.0
    assert entry.log_buildable_fraction == 0.0  # every rocky planet builds
    expected = teq_log_evidence(earth["teq"], Uniform(100.0, 1000.0))
    assert entry.log_teq_evidence == pytest.approx(expected)
    assert entry.log_evidence == pytest.approx(entry.log_evidence_sampled + expected)


def test_teq_log_evidence_matches_closed_forms():
    prior = Uniform(100.0, 1000.0)
    gaussian = Measurement("teq", 255.0, 5.0, 5.0)
    # A Gaussian well inside a uniform prior integrates to 1 / width.
    assert teq_log_evidence(gaussian, prior) == pytest.approx(-math.log(900.0), abs=1e-9)
    # Near the edge, the part beyond it is lost: (Phi((high - v) / s) - Phi((low - v) / s)) / width.
    edge = Measurement("teq", 990.0, 8.0, 8.0)
    expected = math.log((norm.cdf(10 / 8) - norm.cdf(-890 / 8)) / 900.0)
    assert teq_log_evidence(edge, prior) == pytest.approx(expected, abs=1e-9)
    # A very narrow split normal still integrates to 1 / width (quad is told where the peak is).
    narrow = Measurement("teq", 400.0, 0.01, 0.03)
    assert teq_log_evidence(narrow, prior) == pytest.approx(-math.log(900.0), abs=1e-7)


def test_every_model_refusing_is_an_input_error():
    with pytest.raises(InputError, match="at least one candidate"):
        compare_models(SUB_NEPTUNE, ["core-mantle", "core-mantle-water"], draws=100, chains=1)
