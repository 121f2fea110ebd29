"""``exoinfer forward`` and ``exoinfer models`` as a user runs them."""

import csv
import json
import subprocess
import sys

import pytest

from exoinfer.cli import main


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "exoinfer", *args], capture_output=True, text=True, check=False
    )


def test_forward_one_planet_json(capsys):
    code = main(
        [
            "forward",
            "--model",
            "iron-silicate-water",
            "--mass",
            "1.0",
            "--fractions",
            "0.325,0.675,0",
            "--json",
        ]
    )
    record = json.loads(capsys.readouterr().out)
    assert code == 0
    assert record["status"] == "ok"
    assert 0.9 < record["radius"] < 1.05
    assert 0 < record["k2"] < 1.5
    assert 0 < record["moi"] < 0.4
    assert [layer["name"] for layer in record["layers"]] == ["core", "mantle", "water"]
    assert sum(layer["thickness_fraction"] for layer in record["layers"]) == pytest.approx(1.0)


def test_forward_table(tmp_path, capsys):
    source, target = tmp_path / "planets.csv", tmp_path / "out.csv"
    source.write_text(
        "name,mass,w_core,w_mantle,w_water,w_gas,teq\na,1,0.325,0.675,0,0,255\nb,5,0.2,0.5,0.29,0.01,600\n"
    )
    assert main(["forward", "--input", str(source), "--output", str(target)]) == 0
    rows = list(csv.DictReader(target.open()))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert {"radius", "k2", "moi", "d_core", "r_gas", "p_center"} <= set(rows[0])
    assert float(rows[1]["radius"]) > float(rows[0]["radius"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mass", "1", "--fractions", "0.3,0.6,0,0", "--teq", "300"], "within 1e-06"),
        (["--mass", "-1", "--fractions", "0.3,0.7,0,0", "--teq", "300"], "mass = -1 is not allowed"),
        (["--mass", "nan", "--fractions", "0.3,0.7,0,0", "--teq", "300"], "mass = nan is not allowed"),
        (["--mass", "1", "--fractions", "0.3,0.7", "--teq", "300"], "4 comma-separated"),
        (["--mass", "1", "--fractions", "0.3,0.7,0,0"], "teq"),
        (["--model", "nope", "--mass", "1", "--fractions", "1"], "unknown model 'nope'"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, message):
    result = run_cli("forward", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_bad_table_writes_nothing(tmp_path):
    source, target = tmp_path / "planets.csv", tmp_path / "out.csv"
    source.write_text("mass,w_core,w_mantle,w_water,w_gas\n1,0.3,0.7,0,0\n")
    result = run_cli("forward", "--input", str(source), "--output", str(target))
    assert result.returncode == 2
    assert "missing column(s) teq" in result.stderr
    source.write_text("mass,w_core,w_mantle,w_water,w_gas,teq\n1,0.3,0.7,0,0,300\n2,0.3,x,0,0,300\n")
    result = run_cli("forward", "--input", str(source), "--output", str(target))
    assert result.returncode == 2
    assert "row 3 column w_mantle" in result.stderr
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_models_command(capsys):
    assert main(["models"]) == 0
    assert "core-mantle-water-gas" in capsys.readouterr().out
    assert main(["models", "iron-silicate-water", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["parameters"] == ["mass", "w_core", "w_mantle", "w_water"]


def test_demo_compares_the_mdn_with_a_converged_emcee_posterior(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "lhs1140b_ternary.png",
        "mass_radius_core-mantle-water-gas.png",
        "mass_radius_iron-silicate-water.png",
        "mass_radius_silicate-water-hydrogen.png",
    ]
    assert {p.name for p in (tmp_path / "comparison").iterdir()} == {
        "comparison.json",
        "comparison.md",
        "corner.png",
        "marginals.png",
    }
    out = capsys.readouterr().out
    assert "Earth-like" in out
    assert "C2ST" in out
    from exoinfer.inference import load_posterior

    exact = load_posterior(tmp_path / "lhs1140b.emcee.nc")
    assert exact.posterior.attrs["converged"] == 1
    assert exact.posterior.attrs["planet"] == "LHS 1140 b"
    assert load_posterior(tmp_path / "lhs1140b.mdn.nc").posterior.attrs["method"] == "mdn"
    comparison = json.loads((tmp_path / "comparison" / "comparison.json").read_text())
    assert comparison["reference"] == "emcee"
    # The amortized posterior agrees with the exact one where the data pin it down: the mass and Teq
    # medians within half an exact standard deviation, their 68% widths within 25%.
    marginals = comparison["pairs"]["mdn"]["marginals"]
    for name in ("mass", "teq"):
        assert abs(marginals[name]["median_shift"]) < 0.5, name
        assert 0.75 < marginals[name]["width68_ratio"] < 1.25, name
