"""Convergence diagnostics of sampled posteriors (ArviZ): R-hat, bulk and tail ESS, MCSE.

Thresholds follow Vehtari et al. (2021, Bayesian Analysis 16, 667): rank-normalized split R-hat at most
1.01, and an effective sample size large enough for the quantiles a user reads off (1,000 bulk draws give
the 2.5% and 97.5% quantiles to a few per cent of the posterior width).
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["ConvergenceReport", "convergence_report"]

#: Default targets: R-hat at most this ...
RHAT_MAX = 1.01
#: ... and bulk and tail ESS at least this.
ESS_MIN = 1000


@dataclass(frozen=True)
class ConvergenceReport:
    """Per-variable diagnostics and whether every variable meets the targets.

    Attributes
    ----------
    names : tuple of str
    rhat, ess_bulk, ess_tail, mcse_mean : dict of str to float
    rhat_max, ess_min : float
        The targets used.
    """

    names: tuple
    rhat: dict
    ess_bulk: dict
    ess_tail: dict
    mcse_mean: dict
    rhat_max: float = RHAT_MAX
    ess_min: float = ESS_MIN

    @property
    def failing(self):
        """Variables that miss a target, with why: ``{"w_core": "R-hat 1.03 > 1.01"}``."""
        out = {}
        for name in self.names:
            reasons = []
            if not self.rhat[name] <= self.rhat_max:
                reasons.append(f"R-hat {self.rhat[name]:.3f} > {self.rhat_max:g}")
            if not self.ess_bulk[name] >= self.ess_min:
                reasons.append(f"bulk ESS {self.ess_bulk[name]:.0f} < {self.ess_min:g}")
            if reasons:
                out[name] = ", ".join(reasons)
        return out

    @property
    def converged(self):
        return not self.failing

    def worst(self):
        """(largest R-hat, smallest bulk ESS, smallest tail ESS) over the variables."""
        return (
            max(self.rhat.values()),
            min(self.ess_bulk.values()),
            min(self.ess_tail.values()),
        )

    def as_attrs(self):
        """Flat attributes for a posterior file."""
        rhat, bulk, tail = self.worst()
        return {
            "converged": int(self.converged),
            "rhat_max": float(rhat),
            "ess_bulk_min": float(bulk),
            "ess_tail_min": float(tail),
        }


def convergence_report(idata, names, rhat_max=RHAT_MAX, ess_min=ESS_MIN):
    """Diagnostics of ``names`` in ``idata.posterior`` (variables that are constant, such as the fraction
    of a layer fixed at 0, are left out: R-hat is undefined for them)."""
    from ..inference.posterior import import_arviz

    az = import_arviz()

    varying = [n for n in names if np.ptp(idata.posterior[n].values) > 0]
    summary = {
        "rhat": az.rhat(idata, var_names=varying),
        "ess_bulk": az.ess(idata, var_names=varying, method="bulk"),
        "ess_tail": az.ess(idata, var_names=varying, method="tail"),
        "mcse_mean": az.mcse(idata, var_names=varying, method="mean"),
    }
    values = {key: {n: float(ds[n].values) for n in varying} for key, ds in summary.items()}
    return ConvergenceReport(tuple(varying), rhat_max=rhat_max, ess_min=ess_min, **values)
