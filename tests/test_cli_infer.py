"""``exoinfer infer``: from flags, files or a catalog planet to a saved posterior and a summary table; bad
input stops with one line and exit code 2 before anything is sampled or written."""

import subprocess
import sys

import pytest

from exoinfer.cli import main

QUICK = ["--ess-min", "300", "--max-steps", "3000"]


def test_infer_writes_a_posterior_and_prints_the_summary(tmp_path, capsys):
    out = tmp_path / "earth.nc"
    code = main(
        [
            "infer",
            "--planet",
            "Earth",
            "--model",
            "core-mantle",
            "--out",
            str(out),
            "--k2",
            "0.933",
            "--k2-err",
            "0.0933",
            *QUICK,
        ]
    )
    assert code == 0
    printed = capsys.readouterr()
    assert "Earth | core-mantle | emcee" in printed.out
    assert "converged: R-hat max" in printed.out
    for name in ("w_core", "d_core", "k2"):
        assert f"\n{name} " in printed.out
    from exoinfer.inference import load_posterior

    idata = load_posterior(out)
    assert idata.posterior.attrs["converged"] == 1
    assert float(idata.observed_data["k2"]) == 0.933
    assert (tmp_path / "earth.emcee.h5").exists()  # the checkpoint, next to the posterior


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--mass", "1", "--mass-err", "0.05", "--radius", "0.5", "--radius-err", "0.02"],
            "denser than pure",
        ),
        (["--mass", "1", "--radius", "1", "--radius-err", "0.02"], "--mass-err = None"),
        (
            ["--mass", "1", "--mass-err", "-0.1", "--radius", "1", "--radius-err", "0.02"],
            "--mass-err = '-0.1'",
        ),
        (["--mass", "nan", "--mass-err", "0.1", "--radius", "1", "--radius-err", "0.02"], "mass = nan"),
        (["--planet", "Earth", "--k2", "1.7", "--k2-err", "0.1"], r"k2 = 1.7 .*\(0, 1.5\]"),
        (["--planet", "Vulcan"], "Vulcan"),
        (["--planet", "Earth", "--model", "no-such-model"], "no-such-model"),
        (["--planet", "Earth", "--observe", "d_core<<0.6"], "--observe"),
        (["--planet", "Earth", "--out", "post.csv"], "--out = 'post.csv'"),
        (["--observation", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, arguments, message):
    out = tmp_path / "never.nc"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "exoinfer",
            "infer",
            *arguments,
            *(["--out", str(out)] if "--out" not in arguments else []),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("exoinfer infer: error: ")
    assert "Traceback" not in run.stderr
    import re

    assert re.search(message, lines[-1]), lines[-1]
    assert not out.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--models", "core-mantle"], "at least two"),
        (["--models", "core-mantle,atlantis"], "atlantis"),
        (["--draws", "0"], "--draws = 0"),
        (["--output", "table.txt"], "--output = 'table.txt'"),
    ],
)
def test_evidence_bad_input(tmp_path, arguments, message):
    planet = ["--mass", "5", "--mass-err", "0.25", "--radius", "2.5", "--radius-err", "0.05"]
    run = subprocess.run(
        [sys.executable, "-m", "exoinfer", "evidence", *planet, *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 2
    assert message in run.stderr.splitlines()[-1]
    assert "Traceback" not in run.stderr
