"""Ternary plots: degeneracy curves and sample clouds, as issue 4's posteriors will use them."""

import numpy as np
import pytest

from exoinfer.composition import degeneracy_curve
from exoinfer.plots import plot_degeneracy, plot_ternary_samples, save_figure, ternary_axes
from exoinfer.structure import get_model


def test_degeneracy_figure(tmp_path):
    curve = degeneracy_curve(get_model("iron-silicate-water"), 5.0, 1.7, 0.3, 0.04, alphas=11, draws=100)
    fig = plot_degeneracy([curve], title="test")
    ax = fig.axes[0]
    assert ax.get_tlabel() == "Fe mass fraction"
    assert ax.get_llabel() == "MgSiO$_{3}$ mass fraction"
    assert ax.get_rlabel() == "H$_{2}$O mass fraction"
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["planet 1: 5 $M_\\oplus$, 1.7 $R_\\oplus$"]
    assert (
        "shaded: 2.5-97.5% of the MgSiO$_{3}$ fraction over 100 draws of (M, R)"
        in legend.get_title().get_text()
    )
    assert save_figure(fig, tmp_path / "t.svg").stat().st_size > 1000


@pytest.mark.parametrize("kind", ["scatter", "hexbin", "tribin"])
def test_samples_on_ternary_axes(kind):
    ax = ternary_axes(("Fe", "MgSiO$_3$", "H$_2$O"))
    rng = np.random.default_rng(0)
    w = rng.dirichlet([4.0, 6.0, 1.0], 500)
    artist = plot_ternary_samples(ax, w[:, 0], w[:, 1], w[:, 2], kind=kind)
    assert artist is not None
    if kind == "scatter":
        assert len(artist.get_offsets()) == 500
    with pytest.raises(ValueError, match="kind"):
        plot_ternary_samples(ax, w[:, 0], w[:, 1], w[:, 2], kind="contour")
