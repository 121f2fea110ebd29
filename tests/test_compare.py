"""Distances between posteriors (``exoinfer.diagnostics.distances``), the overlaid marginals figure and
``exoinfer compare``, on synthetic Gaussian posteriors (no sampler is run).

Tolerances are sampling errors of the statistics for n = 4,000 independent draws per posterior (2 chains x
2,000), in units of the reference standard deviation:

- difference of two medians: sqrt(pi/2) sqrt(2/n) = sqrt(pi/n) = 0.028; allowed 4 x = 0.11;
- ratio of two central-interval widths (68% or 95%): relative error about 1.36 / sqrt(n) = 0.022 (from the
  quantiles' asymptotic covariance); allowed 4 x = 0.09 (relative);
- W1 between two samples of one distribution: mean sqrt(2/n) int sqrt(2 F (1 - F) / pi) dx = 0.029 for a
  Gaussian, spread 0.01; allowed 0.08;
- C2ST accuracy of indistinguishable samples: 0.5 with a standard error 0.5 / sqrt(2 n) = 0.006 (held-out
  folds do not bias it upwards); allowed < 0.56. A 1-sigma shift of one Gaussian quantity: at most
  Phi(1/2) = 0.691 (the Bayes classifier), so between 0.63 and 0.72.
"""

import json

import numpy as np
import pytest

from exoinfer.cli import main
from exoinfer.cli.compare import unique_labels
from exoinfer.diagnostics.distances import c2st_accuracy, choose_reference, compare_posteriors, is_mcmc
from exoinfer.errors import InputError
from exoinfer.inference.posterior import import_arviz, save_posterior
from exoinfer.plots import plot_marginals
from exoinfer.plots._figures import pyplot
from exoinfer.vocabulary import describe

MODEL = "core-mantle-water-gas"
SHAPE = (2, 2000)
N = SHAPE[0] * SHAPE[1]
#: Means and standard deviations of the synthetic quantities.
MEAN = {"mass": 5.0, "w_core": 0.3, "d_core": 0.5}
SD = {"mass": 0.25, "w_core": 0.05, "d_core": 0.03}


def _posterior(method, seed, shift=None, scale=None, constant=None, shape=SHAPE, model=MODEL):
    """Independent Gaussian draws of ``mass``, ``w_core`` and ``d_core``; ``shift`` and ``scale`` (dicts of
    name to a number of reference standard deviations / a width factor) move and widen quantities,
    ``constant`` adds quantities fixed at a value."""
    rng = np.random.default_rng(seed)
    shift, scale = shift or {}, scale or {}
    posterior = {
        name: MEAN[name] + SD[name] * (shift.get(name, 0.0) + scale.get(name, 1.0) * rng.normal(size=shape))
        for name in MEAN
    }
    for name, value in (constant or {}).items():
        posterior[name] = np.full(shape, float(value))
    idata = import_arviz().from_dict(posterior=posterior)
    for group in idata.groups():
        idata[group].attrs.update({"method": method, "model": model, "planet": "Test b"})
    return idata


@pytest.fixture(scope="module")
def comparison():
    posteriors = {
        "mdn": _posterior("mdn", 1, shift={"mass": 1.0}, constant={"w_gas": 0.0}),
        "emcee": _posterior("emcee", 2, constant={"w_gas": 0.0}),
        "same": _posterior("npe", 3),
        "wide": _posterior("npe", 4, scale={"mass": 2.0, "w_core": 2.0, "d_core": 2.0}),
    }
    return compare_posteriors(posteriors, ["mass", "w_core", "d_core", "w_gas"], seed=0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    pyplot().close("all")


def test_default_reference_is_the_first_mcmc_posterior(comparison):
    assert comparison.reference == "emcee"
    assert set(comparison.pairs) == {"mdn", "same", "wide"}
    assert comparison.labels == ("mdn", "emcee", "same", "wide")
    assert choose_reference({"a": "mdn", "b": "pymc-smc", "c": "emcee"}) == "b"
    assert choose_reference({"a": "mdn", "b": "npe"}) == "a"
    assert choose_reference({"a": "mdn", "b": "emcee"}, "a") == "a"
    assert choose_reference({"a": "mdn", "b": "emcee"}, 0) == "a"
    assert is_mcmc("pymc-demz")
    assert not is_mcmc("mdn")
    for bad in ("c", 2, -1, True):
        with pytest.raises(InputError, match="reference"):
            choose_reference({"a": "mdn", "b": "emcee"}, bad)


def test_same_distribution_is_indistinguishable(comparison):
    pair = comparison.pairs["same"]
    for name in MEAN:
        m = pair.marginals[name]
        assert abs(m.median_shift) < 0.11
        assert m.width68_ratio == pytest.approx(1.0, abs=0.09)
        assert m.width95_ratio == pytest.approx(1.0, abs=0.09)
        assert 0.0 < m.wasserstein < 0.08
        assert m.reference_sd == pytest.approx(SD[name], rel=0.05)
    assert pair.c2st.accuracy < 0.56
    assert pair.c2st.n_draws == N
    assert pair.c2st.names == ("mass", "w_core", "d_core")


def test_a_one_sigma_shift(comparison):
    pair = comparison.pairs["mdn"]
    shifted = pair.marginals["mass"]
    assert shifted.median_shift == pytest.approx(1.0, abs=0.11)
    # W1 of a shifted copy is the shift.
    assert shifted.wasserstein == pytest.approx(1.0, abs=0.08)
    assert shifted.width68_ratio == pytest.approx(1.0, abs=0.09)
    assert abs(pair.marginals["w_core"].median_shift) < 0.11
    assert 0.63 < pair.c2st.accuracy < 0.72


def test_a_twice_wider_posterior(comparison):
    pair = comparison.pairs["wide"]
    for name in MEAN:
        m = pair.marginals[name]
        assert m.width68_ratio == pytest.approx(2.0, rel=0.09)
        assert m.width95_ratio == pytest.approx(2.0, rel=0.09)
        # Medians: sqrt((1 + 4) pi / (2 n)) = 0.044 per sd; W1 of N(0, 1) and N(0, 4) = sqrt(2 / pi).
        assert abs(m.median_shift) < 0.18
        assert m.wasserstein == pytest.approx(np.sqrt(2.0 / np.pi), abs=0.06)
    assert pair.c2st.accuracy > 0.65


def test_constant_and_absent_quantities_are_skipped_with_the_reason(comparison):
    # w_gas is 0 in the reference and in mdn, absent from the two npe posteriors.
    assert comparison.pairs["mdn"].skipped == {"w_gas": "constant in emcee (= 0); constant in mdn (= 0)"}
    assert comparison.pairs["same"].skipped["w_gas"].startswith("constant in emcee (= 0); absent from same")
    assert "w_gas" not in comparison.pairs["same"].c2st.names
    assert comparison.summary("emcee", "w_gas").median == 0.0
    assert comparison.summary("same", "w_gas") is None
    data = comparison.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["pairs"]["mdn"]["marginals"]["mass"]["median_shift"] == pytest.approx(
        comparison.pairs["mdn"].marginals["mass"].median_shift
    )
    assert data["summaries"]["emcee"][0]["width68"] > 0


def test_c2st_sees_a_wrong_correlation_that_the_marginals_miss():
    rng = np.random.default_rng(5)
    n, rho = 3000, 0.8
    reference = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], n)
    draws = rng.normal(size=(n, 2))  # the same marginals, no correlation
    accuracy, used = c2st_accuracy(draws, reference, seed=1)
    assert used == n
    assert accuracy > 0.6
    # Equal numbers of draws from each: the larger sample is subsampled; too few give NaN.
    assert c2st_accuracy(draws[:500], reference, max_draws=400)[1] == 400
    assert np.isnan(c2st_accuracy(draws[:10], reference)[0])


def test_names_are_checked_and_default_to_the_varying_summary_quantities():
    posteriors = {"emcee": _posterior("emcee", 1, constant={"w_gas": 0.0}), "mdn": _posterior("mdn", 2)}
    comparison = compare_posteriors(posteriors, seed=0)
    assert comparison.names == ("mass", "w_core", "d_core")  # w_gas does not vary
    with pytest.raises(InputError, match="'foo'"):
        compare_posteriors(posteriors, ["mass", "foo"])
    with pytest.raises(InputError, match="varies"):
        compare_posteriors(posteriors, ["w_gas"])
    with pytest.raises(InputError, match="at least two"):
        compare_posteriors({"emcee": posteriors["emcee"]})


def test_marginals_figure_panels_labels_and_legend():
    posteriors = {
        "emcee": _posterior("emcee", 1, shape=(2, 500)),
        "mdn": _posterior("mdn", 2, constant={"w_gas": 0.0}, shape=(2, 500)),
    }
    posteriors["emcee"].posterior["w_gas"] = 0.01 + 0.001 * posteriors["emcee"].posterior["mass"]
    names = ["mass", "w_core", "d_core"]
    fig = plot_marginals(posteriors, names, reference="emcee")
    assert len(fig.axes) == len(names)
    assert [ax.get_xlabel() for ax in fig.axes] == [describe(n).label for n in names]
    assert fig.axes[0].get_title() == "Planet mass"
    assert fig.get_suptitle() == f"Marginal posteriors of Test b ({MODEL} model)"
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["emcee (reference)", "mdn"]
    # A quantity constant in one posterior is a vertical line at its value, inside the axis range ...
    fig = plot_marginals(posteriors, ["mass", "w_gas"], reference="emcee")
    assert len(fig.axes) == 2
    (line,) = fig.axes[1].lines
    assert list(line.get_xdata()) == [0.0, 0.0]
    assert fig.axes[1].get_xlim()[0] <= 0.0
    # ... and one constant in every posterior is left out.
    posteriors["emcee"].posterior["w_gas"] = posteriors["emcee"].posterior["mass"] * 0.0
    fig = plot_marginals(posteriors, ["mass", "w_gas", "w_core"])
    assert [ax.get_xlabel() for ax in fig.axes] == [describe(n).label for n in ("mass", "w_core")]
    with pytest.raises(InputError, match="posterior variable"):
        plot_marginals(posteriors, ["foo"])


def test_unique_labels():
    assert unique_labels(["a.nc", "b.nc"], ["emcee", "mdn"]) == ["emcee", "mdn"]
    assert unique_labels(["x/a.nc", "y/b.nc", "c.nc"], ["mdn", "mdn", "emcee"]) == ["a", "b", "emcee"]
    assert unique_labels(["x/a.nc", "y/a.nc"], ["mdn", "mdn"]) == ["a-1", "a-2"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("posteriors")
    shape = (2, 1000)
    paths = {
        "mdn": folder / "mdn-run.nc",
        "emcee": folder / "reference.nc",
        "mdn2": folder / "mdn-wide.nc",
        "other_model": folder / "other.nc",
        "corrupt": folder / "corrupt.nc",
    }
    save_posterior(_posterior("mdn", 1, shift={"mass": 1.0}, shape=shape), paths["mdn"])
    save_posterior(_posterior("emcee", 2, shape=shape), paths["emcee"])
    save_posterior(_posterior("mdn", 3, scale={"mass": 2.0}, shape=shape), paths["mdn2"])
    save_posterior(_posterior("emcee", 4, shape=shape, model="core-mantle"), paths["other_model"])
    paths["corrupt"].write_text("not a NetCDF file")
    return {k: str(v) for k, v in paths.items()}


def test_compare_command_writes_everything(files, tmp_path, capsys):
    out = tmp_path / "cmp"
    code = main(["compare", files["mdn"], files["emcee"], files["mdn2"], "--out", str(out), "--seed", "1"])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "comparison.json",
        "comparison.md",
        "corner.png",
        "marginals.png",
    ]
    printed = capsys.readouterr().out
    assert printed.startswith(f"reference: emcee ({files['emcee']})")
    assert "C2ST accuracy" in printed
    # Two mdn files: labelled by their stems.
    data = json.loads((out / "comparison.json").read_text())
    assert data["reference"] == "emcee"
    assert data["reference_file"] == files["emcee"]
    assert data["labels"] == ["mdn-run", "emcee", "mdn-wide"]
    assert data["posteriors"]["mdn-run"] == {
        "file": files["mdn"],
        "method": "mdn",
        "model": MODEL,
        "model_version": None,
        "planet": "Test b",
        "draws": 2000,
    }
    assert data["pairs"]["mdn-run"]["marginals"]["mass"]["median_shift"] == pytest.approx(1.0, abs=0.2)
    assert data["pairs"]["mdn-wide"]["marginals"]["mass"]["width68_ratio"] == pytest.approx(2.0, rel=0.15)
    text = (out / "comparison.md").read_text()
    assert f"Reference: **emcee** (`{files['emcee']}`)" in text
    assert "### `mass` [M_E]: planet mass" in text
    assert "| mdn-run | 0." in text  # the C2ST row
    # An existing folder: the four files are replaced, nothing else touched.
    (out / "notes.txt").write_text("mine")
    arguments = ["--out", str(out), "--reference", "1", "--names", "mass"]  # the reference by position
    assert main(["compare", files["mdn"], files["emcee"], *arguments]) == 0
    assert (out / "notes.txt").read_text() == "mine"
    data = json.loads((out / "comparison.json").read_text())
    assert (data["labels"], data["reference"], data["names"]) == (["mdn", "emcee"], "mdn", ["mass"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


@pytest.mark.parametrize(
    ("which", "extra", "message"),
    [
        (["emcee"], [], "two or more"),
        (["emcee", "missing"], [], "no such file"),
        (["emcee", "corrupt"], [], "not a readable NetCDF"),
        (["emcee", "other_model"], [], "model of .*other.nc = 'core-mantle'"),
        (["emcee", "mdn"], ["--names", "mass,foo"], "--names = 'foo'"),
        (["emcee", "mdn"], ["--reference", "npe"], "--reference = 'npe'"),
    ],
)
def test_compare_errors_are_one_line_exit_2_and_write_nothing(files, tmp_path, capsys, which, extra, message):
    paths = [files.get(k, str(tmp_path / "missing.nc")) for k in which]
    out = tmp_path / "cmp"
    code = main(["compare", *paths, "--out", str(out), *extra])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("exoinfer compare: error: ")
    assert pytest.importorskip("re").search(message, err)
    assert list(tmp_path.iterdir()) == []
