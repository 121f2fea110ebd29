"""The composition commands as a user runs them: degeneracy, classify, teq, mr-diagram."""

import csv
import subprocess
import sys

import pytest

from exoinfer.cli import main


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "exoinfer", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_degeneracy_prints_a_table_and_writes_plot_and_csv(tmp_path, capsys):
    plot, table = tmp_path / "ternary.png", tmp_path / "curve.csv"
    args = ["degeneracy", "--mass", "36", "--radius", "2.3", "--mass-err", "3.6", "--radius-err", "0.1"]
    assert main([*args, "--alphas", "21", "--draws", "200", "--plot", str(plot), "--output", str(table)]) == 0
    out = capsys.readouterr().out
    assert "alpha Fe" in out
    assert "beta MgSiO3" in out
    assert "band: 2.5-97.5% quantiles" in out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.DictReader(table.open()))
    assert len(rows) == 21
    solved = [r for r in rows if r["status"] == "solved"]
    assert solved
    for r in solved:
        assert float(r["alpha"]) + float(r["beta"]) + float(r["gamma"]) == pytest.approx(1.0)


def test_degeneracy_of_built_in_planets_to_pdf(tmp_path, capsys):
    plot = tmp_path / "gas.pdf"
    code = main(
        [
            "degeneracy",
            "--model",
            "silicate-water-hydrogen",
            "--planet",
            "GJ 1214 b",
            "--planet",
            "k2-18b",
            "--alphas",
            "11",
            "--draws",
            "100",
            "--band",
            "min-max",
            "--plot",
            str(plot),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "GJ 1214 b" in out
    assert "K2-18 b" in out
    assert "min-max" in out
    assert plot.read_bytes()[:5] == b"%PDF-"


def test_classify_catalog_reports_skipped_rows_and_writes_csv(tmp_path):
    source, target = tmp_path / "archive.csv", tmp_path / "classes.csv"
    source.write_text(
        "# exported from the archive\n"
        "pl_name,pl_bmasse,pl_bmasseerr1,pl_bmasseerr2,pl_rade,pl_radeerr1,pl_radeerr2\n"
        "earthlike,1,0.05,-0.05,1,0.02,-0.02\n"
        "puffy,5,0.5,-0.5,2.6,0.1,-0.1\n"
        "iron,5,0.2,-0.2,1.0,0.02,-0.02\n"
        "broken,x,1,-1,1,0.1,-0.1\n"
        "blank,,1,-1,1,0.1,-0.1\n"
    )
    result = run_cli("classify", "--catalog", str(source), "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert "3 planets kept, 2 rows skipped" in result.stderr
    assert "line 6: broken: pl_bmasse = 'x' is not a number" in result.stderr
    assert "line 7: blank: no mass (pl_bmasse is empty)" in result.stderr
    rows = {r["name"]: r for r in csv.DictReader(target.open())}
    assert rows["earthlike"]["class"] == "rocky"
    assert rows["puffy"]["class"] == "gas"
    assert rows["iron"]["class"] == "neither"
    assert rows["iron"]["reason"] == "denser than pure Fe (iron-silicate-water)"
    assert float(rows["puffy"]["p_gas"]) > 0.9


def test_classify_one_planet(capsys):
    assert (
        main(["classify", "--mass", "1", "--radius", "1", "--mass-err", "0.01", "--radius-err", "0.01"]) == 0
    )
    assert "rocky" in capsys.readouterr().out


def test_teq_command(capsys):
    assert (
        main(["teq", "--luminosity", "1", "--distance", "1", "--albedo", "0.3", "--greenhouse", "0.77"]) == 0
    )
    out = capsys.readouterr().out
    assert "Teq = 254.6 K" in out
    assert "Ts  = 287." in out
    assert main(["teq", "--planet", "TRAPPIST-1 e"]) == 0
    assert "Teq = 249.8 K" in capsys.readouterr().out


def test_mr_diagram(tmp_path):
    out = tmp_path / "mr.png"
    result = run_cli("mr-diagram", "--planets", "Earth,Mars,GJ 1214 b", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["degeneracy", "--mass", "5"], "--mass and --radius"),
        (["degeneracy", "--mass", "-5", "--radius", "1", "--draws", "0"], "mass = -5"),
        (["degeneracy", "--model", "core-mantle-water-gas", "--mass", "5", "--radius", "2"], "three layers"),
        (["degeneracy", "--mass", "5", "--radius", "1.7", "--band", "90,10"], "--band"),
        (["degeneracy", "--mass", "5", "--radius", "1.7", "--mass-err", "a,b"], "--mass-err"),
        (["degeneracy", "--planet", "Vulcan"], "planet = 'Vulcan'"),
        (["classify", "--mass", "1", "--radius", "1", "--planet", "Earth"], "exactly one of"),
        (["classify", "--catalog", "does-not-exist.csv"], "cannot read"),
        (["teq", "--distance", "1"], "luminosity"),
        (["teq", "--luminosity", "1", "--distance", "1", "--albedo", "1.2"], "albedo"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_bad_input_from_the_console_has_no_traceback():
    result = run_cli("degeneracy", "--mass", "5", "--radius", "0")
    assert result.returncode == 2
    assert result.stderr.startswith("exoinfer degeneracy: error: radius = 0 is not allowed")
    assert "Traceback" not in result.stderr


def test_bad_input_writes_nothing(tmp_path):
    plot, table = tmp_path / "t.png", tmp_path / "t.csv"
    # A figure name without a known suffix is refused before anything is computed or written.
    result = run_cli(
        "degeneracy",
        "--mass",
        "5",
        "--radius",
        "1.7",
        "--plot",
        str(tmp_path / "t.jpg"),
        "--output",
        str(table),
    )
    assert result.returncode == 2
    assert "figure file" in result.stderr
    result = run_cli(
        "degeneracy", "--mass", "5", "--radius", "nan", "--plot", str(plot), "--output", str(table)
    )
    assert result.returncode == 2
    source = tmp_path / "empty.csv"
    source.write_text("pl_name,pl_bmasse\n")
    result = run_cli("classify", "--catalog", str(source), "--output", str(table))
    assert result.returncode == 2
    assert "missing column(s) pl_rade" in result.stderr
    result = run_cli("mr-diagram", "--catalog", str(source), "--out", str(plot))
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.csv"]


def test_catalog_without_usable_planets_is_an_error(tmp_path, capsys):
    source = tmp_path / "none.csv"
    source.write_text(
        "pl_name,pl_bmasse,pl_bmasseerr1,pl_bmasseerr2,pl_rade,pl_radeerr1,pl_radeerr2\nx,,,,,,\n"
    )
    assert main(["classify", "--catalog", str(source)]) == 2
    err = capsys.readouterr().err
    assert "line 2: x: no mass" in err
    assert "at least one usable planet" in err.strip().splitlines()[-1]


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    from exoinfer.io import write_table

    target = tmp_path / "t.csv"
    write_table(target, {"a": [1.0]})
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
