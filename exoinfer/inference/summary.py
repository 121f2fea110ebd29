"""The summary table of a posterior: median and central 68% and 95% intervals per quantity."""

from dataclasses import dataclass

import numpy as np

from ..vocabulary import describe

__all__ = ["SummaryRow", "default_summary_names", "summarize"]

#: Central intervals reported: 68% (1 sigma for a Gaussian) and 95%.
LEVELS = (0.68, 0.95)


@dataclass(frozen=True)
class SummaryRow:
    """One quantity: median and the bounds of the central 68% and 95% intervals."""

    name: str
    unit: str
    median: float
    lo68: float
    hi68: float
    lo95: float
    hi95: float

    @property
    def width68(self):
        return self.hi68 - self.lo68

    @property
    def width95(self):
        return self.hi95 - self.lo95


def default_summary_names(idata):
    """The model's parameters, then radius, k2, moi and the thickness fractions d_* (what a user reads
    first); variables that do not vary (an absent layer) are left out."""
    post = idata.posterior
    first = [n for n in ("mass", "radius", "teq", "k2", "moi") if n in post]
    fractions = [n for n in post.data_vars if n.startswith("w_")]
    thickness = [n for n in post.data_vars if n.startswith("d_")]
    names = first[:1] + fractions + first[1:] + thickness
    return [n for n in names if np.nanmax(post[n].values) > np.nanmin(post[n].values)]


def summarize(idata, names=None):
    """Rows of :class:`SummaryRow` for ``names`` (default :func:`default_summary_names`)."""
    names = names or default_summary_names(idata)
    quantiles = [0.5] + [q for level in LEVELS for q in (0.5 - level / 2, 0.5 + level / 2)]
    rows = []
    for name in names:
        values = idata.posterior[name].values.reshape(-1)
        values = values[np.isfinite(values)]
        median, lo68, hi68, lo95, hi95 = np.quantile(values, quantiles)
        rows.append(SummaryRow(name, describe(name).unit, median, lo68, hi68, lo95, hi95))
    return rows
