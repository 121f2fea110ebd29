"""Plots of a calibration run (:class:`~exoinfer.diagnostics.calibration.CalibrationResult`): expected
coverage curves and SBC rank histograms."""

import numpy as np

from ..vocabulary import describe
from ._figures import pyplot

__all__ = ["plot_coverage", "plot_ranks"]

#: Bins of the SBC rank histograms (Talts et al. 2018 suggest ~20 for a few hundred ranks).
RANK_BINS = 20


def plot_coverage(result, ax=None):
    """Empirical coverage of central credible intervals against nominal level, per quantity, and the TARP
    expected coverage of the joint posterior; the grey band is the 95% binomial range of a calibrated
    method with this many planets."""
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 5.2), layout="constrained")
    levels = np.asarray(result.levels)
    band = 1.96 * np.sqrt(levels * (1 - levels) / result.n_planets)
    ax.fill_between(levels, levels - band, levels + band, color="0.85", label="95% band, calibrated")
    ax.plot([0, 1], [0, 1], color="0.4", lw=0.8, ls="--")
    for name, entry in result.quantities.items():
        ax.plot(levels, entry["coverage"], lw=1.0, alpha=0.8, label=_label(name))
    ax.plot(levels, result.tarp["ecp"], color="k", lw=2.2, label="joint (TARP)")
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1),
        xlabel="nominal credible level",
        ylabel="empirical coverage",
        title=f"{result.method}: coverage on {result.n_planets} test planets",
    )
    ax.set_aspect("equal")
    ax.legend(fontsize=7, loc="upper left", ncol=1, frameon=False)
    return ax.figure


def plot_ranks(result):
    """SBC rank histograms, one panel per quantity, with the 99% range of a uniform histogram's bins and
    the KS p-value in each title."""
    from scipy.stats import binom

    plt = pyplot()
    names = list(result.quantities)
    cols = min(4, len(names))
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(3.0 * cols, 2.4 * rows), layout="constrained", squeeze=False
    )
    edges = np.linspace(0, result.n_ranked + 1, RANK_BINS + 1)
    expected = result.n_planets / RANK_BINS
    lo, hi = binom.ppf([0.005, 0.995], result.n_planets, 1 / RANK_BINS)
    for ax, name in zip(axes.flat, names, strict=False):
        entry = result.quantities[name]
        ax.axhspan(lo, hi, color="0.85", lw=0)
        ax.axhline(expected, color="0.4", lw=0.8, ls="--")
        ax.hist(entry["ranks"], bins=edges, color="C0", alpha=0.85)
        ax.set_title(f"{_label(name)}\nKS p = {entry['ks_pvalue']:.3f}", fontsize=8)
        ax.set_xlabel(f"rank of truth (0-{result.n_ranked})", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes.flat[len(names) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("test planets", fontsize=8)
    fig.suptitle(f"{result.method}: SBC ranks, {result.n_planets} test planets (grey: 99% range if uniform)")
    return fig


def _label(name):
    return describe(name).label
