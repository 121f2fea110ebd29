"""Posterior figures: corner plots (single and overlaid), the composition ternary and trace plots."""

import numpy as np
import pytest
from matplotlib.contour import ContourSet
from matplotlib.path import Path

from exoinfer.composition.labels import layer_labels
from exoinfer.errors import InputError
from exoinfer.inference import Observation, Problem, build_posterior
from exoinfer.inference.posterior import import_arviz
from exoinfer.plots import plot_corner, plot_posterior_ternary, plot_trace, save_figure
from exoinfer.plots._figures import pyplot
from exoinfer.plots.corner import SIGMA_LEVELS
from exoinfer.plots.posterior_ternary import ternary_density
from exoinfer.structure import get_model
from exoinfer.vocabulary import describe

MODEL = "core-mantle-water-gas"


@pytest.fixture(scope="module")
def idata():
    problem = Problem(
        get_model(MODEL),
        Observation.from_values(mass=(1.0, 0.05), radius=(1.0, 0.02), teq=(255.0, 5.0)),
    )
    samples = problem.initial_points(400, np.random.default_rng(0))
    return build_posterior(problem, {k: v.reshape(2, 200) for k, v in samples.items()}, "test")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    pyplot().close("all")


def _synthetic(posterior, model=MODEL, method="mdn"):
    """An InferenceData from arrays of shape (chain, draw), with exoinfer's attributes."""
    idata = import_arviz().from_dict(posterior=posterior)
    idata.posterior.attrs.update({"model": model, "method": method, "planet": "Test b"})
    return idata


def _with_constant(idata, name, value=0.0):
    out = idata.copy()
    out.posterior[name] = out.posterior[name] * 0.0 + value
    return out


def _diagonal(fig, n):
    """The diagonal axes of a corner figure (row i holds i + 1 axes, the diagonal last)."""
    return [fig.axes[i * (i + 1) // 2 + i] for i in range(n)]


def test_corner_default_names_labels_and_normalized_marginals(idata):
    fig = plot_corner(idata, truths={"mass": 1.0}, log=())
    model = get_model(MODEL)
    expected = [*model.parameter_names, "d_core", "d_mantle", "d_water", "d_gas"]
    n = len(expected)
    assert len(fig.axes) == n * (n + 1) // 2
    bottom = fig.axes[-n:]
    xlabels = [ax.get_xlabel() for ax in bottom]
    assert xlabels == [describe(name).label for name in expected]
    assert "[$M_\\oplus$]" in xlabels[0]
    assert "[K]" in xlabels[expected.index("teq")]
    assert fig.get_suptitle() == f"Posterior of planet ({MODEL} model)"
    for ax in _diagonal(fig, n):
        (stairs, *_) = [p for p in ax.patches if hasattr(p, "get_data")]
        values, edges = stairs.get_data()[:2]
        # A density: it integrates to the fraction of draws inside the axis range (which trims 0.05%
        # at each end).
        assert np.sum(values * np.diff(edges)) == pytest.approx(1.0, abs=2e-3)
    # Medians and 16-84% intervals above the diagonal for a single posterior.
    assert _diagonal(fig, n)[0].get_title().startswith("$M = ")


def test_corner_overlay_legend_reference_and_saving(idata, tmp_path):
    rng = np.random.default_rng(1)
    other = idata.copy()
    for name in ("mass", "w_core", "radius"):
        other.posterior[name] = other.posterior[name] * (1 + 0.05 * rng.normal(size=(2, 200)))
    names = ["mass", "w_core", "radius"]
    fig = plot_corner({"MDN": other, "MCMC": idata}, names=names, reference="MCMC", truths={"mass": 1.0})
    assert len(fig.axes) == 6
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["MCMC (reference)", "MDN", "true value"]
    assert legend.get_title().get_text() == "contours: 39% and 86% of the draws"
    # The reference is drawn first and the two posteriors in different colours.
    colours = [h.get_color() for h in legend.legend_handles[:2]]
    assert colours[0] != colours[1]
    assert [ax.get_ylabel() for ax in (fig.axes[1], fig.axes[3])] == [
        describe("w_core").label,
        describe("radius").label,
    ]
    assert not fig.axes[0].get_title()  # no summaries when several posteriors share a panel
    png = save_figure(fig, tmp_path / "corner.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = plot_corner({"MDN": other, "MCMC": idata}, names=names, reference="MCMC")
    pdf = save_figure(fig, tmp_path / "corner.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 5000


def test_corner_log_axes():
    rng = np.random.default_rng(5)
    gas = 10 ** rng.uniform(-5.0, -1.0, (2, 500))  # the envelope's log-uniform prior
    posterior = _synthetic({"mass": rng.normal(4.0, 0.2, (2, 500)), "w_gas": gas})
    # By default a variable whose central 68% spans more than 1.5 decades is shown as log10.
    fig = plot_corner(posterior, truths={"w_gas": 1e-3})
    assert [ax.get_xlabel() for ax in fig.axes[-2:]] == [
        describe("mass").label,
        r"$\log_{10}\,w_\mathrm{gas}$",
    ]
    diagonal = fig.axes[-1]
    assert diagonal.get_xlim()[0] == pytest.approx(-5.0, abs=0.2)
    assert diagonal.get_xlim()[1] == pytest.approx(-1.0, abs=0.2)
    assert [line.get_xdata()[0] for line in diagonal.get_lines()] == [pytest.approx(-3.0)]  # the truth
    fig = plot_corner(posterior, log=())
    assert fig.axes[-1].get_xlabel() == describe("w_gas").label


def test_corner_skips_constant_variables(idata):
    flat = _with_constant(idata, "w_water")
    fig = plot_corner(flat, names=["mass", "w_water", "w_core"])
    assert len(fig.axes) == 3  # two variables left
    assert [ax.get_xlabel() for ax in fig.axes[-2:]] == [describe("mass").label, describe("w_core").label]
    fig = plot_corner(flat)
    assert describe("w_water").label not in [ax.get_xlabel() for ax in fig.axes]
    with pytest.raises(InputError, match="at least one variable that varies"):
        plot_corner(flat, names=["w_water"])
    with pytest.raises(InputError, match="posterior variable = 'w_ocean'"):
        plot_corner(idata, names=["mass", "w_ocean"])
    with pytest.raises(InputError, match="reference"):
        plot_corner({"a": idata}, reference="b")


def _enclosed(contours, x, y):
    """Fraction of the points (x, y) inside each level's contour lines."""
    points = np.column_stack([x, y])
    out = []
    for path in contours.get_paths():
        inside = np.zeros(len(points), dtype=bool)
        for polygon in path.to_polygons(closed_only=False):
            inside |= Path(polygon).contains_points(points)
        out.append(inside.mean())
    return out


def test_corner_contours_enclose_the_stated_fractions():
    rng = np.random.default_rng(2)
    n = 20000
    mass = rng.normal(5.0, 0.4, n)
    radius = 1.6 + 0.1 * (mass - 5.0) / 0.4 + rng.normal(0.0, 0.05, n)
    posterior = _synthetic({"mass": mass.reshape(4, -1), "radius": radius.reshape(4, -1)})
    fig = plot_corner(posterior, names=["mass", "radius"])
    panel = fig.axes[1]  # lower left: radius against mass
    (lines,) = [c for c in panel.collections if isinstance(c, ContourSet) and not c.filled]
    enclosed = _enclosed(lines, mass, radius)
    # Levels come innermost last: 86.5% first, then 39.3%.
    assert enclosed == pytest.approx(sorted(SIGMA_LEVELS, reverse=True), abs=0.01)


def test_posterior_ternary_labels_caption_and_truth(idata, tmp_path):
    truth = {"w_core": 0.3, "w_mantle": 0.5, "w_water": 0.2}
    fig = plot_posterior_ternary(idata, truth=truth, scatter=True, gridsize=30)
    (ax,) = fig.axes
    (cax,) = ax.child_axes  # the colour bar
    labels = layer_labels(get_model(MODEL), tex=True)
    assert (ax.get_tlabel(), ax.get_llabel(), ax.get_rlabel()) == tuple(
        f"{x} mass fraction" for x in labels[:3]
    )
    assert cax.get_ylabel().startswith("posterior density")
    legend = ax.get_legend()
    caption = legend.get_title().get_text()
    assert "renormalized over core, mantle and water" in caption
    assert "without its envelope" in caption
    assert [t.get_text() for t in legend.get_texts()] == [
        "highest-density regions holding 39% and 86% of the draws",
        "posterior draws",
        "true composition",
    ]
    assert MODEL in ax.get_title()
    assert save_figure(fig, tmp_path / "ternary.png").stat().st_size > 10000
    fig = plot_posterior_ternary(idata, kind="hexbin")
    assert fig.axes[0].child_axes[0].get_ylabel().startswith("posterior probability per hexagon")
    assert save_figure(fig, tmp_path / "ternary.pdf").read_bytes()[:5] == b"%PDF-"


def test_posterior_ternary_needs_three_solid_layers():
    rng = np.random.default_rng(3)
    w = rng.dirichlet([3.0, 5.0, 1.0], (2, 100))
    posterior = _synthetic(
        {"w_core": w[..., 0], "w_mantle": w[..., 1], "w_gas": w[..., 2]}, "core-mantle-gas"
    )
    with pytest.raises(InputError, match=r"model = 'core-mantle-gas'.*core-mantle-water-gas"):
        plot_posterior_ternary(posterior)
    # Naming the layers, envelope included, is allowed: the fractions are then the whole planet's.
    fig = plot_posterior_ternary(posterior, layers=("core", "mantle", "gas"))
    assert "of the whole planet" in fig.axes[0].get_legend().get_title().get_text()
    with pytest.raises(InputError, match="layers"):
        plot_posterior_ternary(posterior, layers=("core", "mantle", "water"))


def test_ternary_density_is_normalized_and_corrected_at_the_edges():
    rng = np.random.default_rng(4)
    uniform = rng.dirichlet([1.0, 1.0, 1.0], 4000)
    vertices, density, thresholds = ternary_density(uniform, gridsize=30)
    # Relative to a uniform distribution: ~1 everywhere, edges included (without the reflection at the
    # edges a KDE halves the density there, and quarters it at the corners).
    on_edge = np.isclose(vertices, 0.0).any(axis=1)
    assert np.median(density[~on_edge]) == pytest.approx(1.0, abs=0.1)
    assert np.median(density[on_edge]) == pytest.approx(1.0, abs=0.2)
    assert thresholds.shape == (2,)
    assert thresholds[0] < thresholds[1]
    peaked = rng.dirichlet([40.0, 20.0, 10.0], 4000)
    vertices, density, _ = ternary_density(peaked, gridsize=40)
    assert vertices[np.argmax(density)] == pytest.approx([0.58, 0.28, 0.14], abs=0.06)


def test_trace_labels_diagnostics_and_constant_skip(idata, tmp_path):
    fig = plot_trace(idata)
    names = get_model(MODEL).parameter_names
    assert len(fig.axes) == 2 * len(names)
    for row, name in enumerate(names):
        density, trace = fig.axes[2 * row : 2 * row + 2]
        label = describe(name).label
        assert density.get_xlabel() == label
        assert trace.get_ylabel() == label
        assert "R}$ = " in trace.get_title()
        assert "ESS" in trace.get_title()
    assert "[$M_\\oplus$]" in fig.axes[0].get_xlabel()
    assert fig.axes[1].get_legend() is not None  # chains named
    assert fig.get_suptitle().endswith("test: 2 chains x 200 draws")
    assert save_figure(fig, tmp_path / "trace.png").stat().st_size > 10000
    fig = plot_trace(_with_constant(idata, "w_water"), names=["mass", "w_water", "w_core"])
    assert [ax.get_xlabel() for ax in fig.axes[::2]] == [describe("mass").label, describe("w_core").label]
    with pytest.raises(InputError, match="posterior variable"):
        plot_trace(idata, names=["nope"])
