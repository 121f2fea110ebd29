"""The validation and benchmark scripts run (quick modes) and report what they claim to."""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(script, *args):
    result = subprocess.run(
        [sys.executable, str(ROOT / script), *args], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_forward_model_validation_quick(tmp_path):
    run("validation/forward_model.py", "--quick", "--out", str(tmp_path))
    report = (tmp_path / "forward_model.md").read_text()
    models = (
        "iron-silicate-water",
        "silicate-water-hydrogen",
        "core-mantle-water-gas",
        "core-mantle",
        "core-mantle-water",
    )
    models += ("core-mantle-gas",)
    rows = [line for line in report.splitlines() if line.split(" | ")[0][2:] in models]
    assert len(rows) == 6  # one convergence row per model
    for row in rows:  # max |dR/R| < 1e-4 and max |dk2| < 1e-3 in every model
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert float(cells[2]) < 1e-4
        assert float(cells[4]) < 1e-3
    assert "no exception" in report


def test_envelope_validation(tmp_path):
    run("validation/envelopes.py", "--out", str(tmp_path))
    report = (tmp_path / "envelopes.md").read_text()
    ratios = [float(x) for x in re.findall(r"\((\d\.\d\d)\) \| \d\.\d{3} \|$", report, flags=re.M)]
    assert len(ratios) == 13  # Zeng et al. 2019 masses, with their assumptions: within 7%
    assert min(ratios) > 0.93


def test_throughput_benchmark_quick(tmp_path):
    out = tmp_path / "figures.json"
    run("benchmarks/forward_throughput.py", "--quick", "--json", str(out))
    figures = json.loads(out.read_text())
    assert figures["without envelope, 1 thread"]["ok_fraction"] == 1.0
    assert figures["with envelope, 1 thread"]["planets_per_s"] > 0
