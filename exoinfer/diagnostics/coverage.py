"""Calibration statistics of a posterior estimator over many test planets whose true interiors are known.

Every function takes the truths, shape (n_planets,) or (n_planets, n_quantities), and posterior draws,
shape (n_planets, n_draws) or (n_planets, n_draws, n_quantities), and works for any method (MCMC draws or
an amortized estimator's samples): none needs a posterior density.

- Simulation-based calibration (Talts et al. 2018, arXiv:1804.06788): if the posteriors are right, the rank
  of the truth among independent posterior draws is uniform on 0..L. :func:`sbc_ranks` and
  :func:`rank_uniformity` (a Kolmogorov-Smirnov p-value on the randomized rank ``(rank + U) / (L + 1)``,
  which is exactly uniform on (0, 1) for calibrated posteriors, ties included).
- Expected coverage of central credible intervals, per quantity (:func:`central_coverage`): at nominal
  level a, the fraction of planets whose truth lies inside the central a-interval. Calibrated: the
  diagonal, within binomial noise sqrt(a (1 - a) / n).
- TARP (Lemos et al. 2023, ICML, arXiv:2302.03026), the joint test (:func:`tarp_coverage`): for each planet a
  random reference point r; the credibility of the truth is the fraction of draws closer to r than the
  truth is. Its distribution over planets is uniform iff the estimator is calibrated (for reference
  points drawn independently of the draws), so its cumulative distribution, the expected coverage
  probability, lies on the diagonal. It sees correlations that per-quantity tests miss.
"""

import numpy as np

__all__ = ["DEFAULT_LEVELS", "central_coverage", "rank_uniformity", "sbc_ranks", "tarp_coverage"]

#: Nominal credible levels at which coverage curves are evaluated.
DEFAULT_LEVELS = np.round(np.linspace(0.05, 0.95, 19), 2)


def sbc_ranks(truth, draws, n_ranked=None, rng=None):
    """Rank of each truth among (a thinned subset of) its posterior draws.

    Parameters
    ----------
    truth : array_like, shape (n,)
    draws : array_like, shape (n, m)
    n_ranked : int, optional
        Draws to rank against, taken evenly spaced through each row (thinning MCMC draws toward
        independence, as SBC requires). Default: all ``m``.
    rng : numpy.random.Generator, optional
        Breaks ties (e.g. a quantity pinned at a bound) at random, as SBC prescribes.

    Returns
    -------
    ndarray of int, shape (n,)
        Values in 0..L, L the number of draws ranked against.
    """
    truth, draws = np.asarray(truth, float), np.asarray(draws, float)
    if n_ranked is not None and n_ranked < draws.shape[1]:
        draws = draws[:, np.linspace(0, draws.shape[1] - 1, n_ranked).round().astype(int)]
    below = np.sum(draws < truth[:, None], axis=1)
    ties = np.sum(draws == truth[:, None], axis=1)
    rng = np.random.default_rng(0) if rng is None else rng
    return below + rng.integers(0, ties + 1)


def rank_uniformity(ranks, n_ranked, rng=None):
    """Kolmogorov-Smirnov p-value of SBC ranks against uniformity.

    The ranks are made continuous as ``(rank + U) / (L + 1)`` with U uniform on (0, 1); for calibrated
    posteriors that is exactly uniform, so the KS test applies without a correction for discreteness.
    """
    from scipy.stats import kstest

    rng = np.random.default_rng(1) if rng is None else rng
    ranks = np.asarray(ranks, float)
    u = (ranks + rng.uniform(size=ranks.shape)) / (n_ranked + 1)
    return float(kstest(u, "uniform").pvalue)


def central_coverage(truth, draws, levels=DEFAULT_LEVELS):
    """Fraction of planets whose truth lies inside the central credible interval at each level.

    Parameters
    ----------
    truth : array_like, shape (n,)
    draws : array_like, shape (n, m)
    levels : sequence of float in (0, 1)

    Returns
    -------
    ndarray, shape (len(levels),)
    """
    truth, draws = np.asarray(truth, float), np.asarray(draws, float)
    levels = np.asarray(levels, float)
    lo = np.quantile(draws, (1 - levels) / 2, axis=1)  # (levels, n)
    hi = np.quantile(draws, (1 + levels) / 2, axis=1)
    return np.mean((truth >= lo) & (truth <= hi), axis=1)


def tarp_coverage(truth, draws, levels=DEFAULT_LEVELS, rng=None):
    """TARP expected coverage probability of the joint posterior at each credible level.

    Parameters
    ----------
    truth : array_like, shape (n, d)
    draws : array_like, shape (n, m, d)
    levels : sequence of float in (0, 1)
    rng : numpy.random.Generator, optional
        Draws the reference points.

    Returns
    -------
    ecp : ndarray, shape (len(levels),)
        Fraction of planets whose truth has TARP credibility below each level (calibrated: the level).
    credibility : ndarray, shape (n,)
        Per planet, the fraction of draws closer to its reference point than its truth.

    Notes
    -----
    Quantities are standardized by the spread of the truths (the prior predictive), so that distances
    weigh them alike, and each reference point is drawn uniformly over the box the truths span, as
    Lemos et al. recommend for a reference distribution independent of the estimator.
    """
    truth, draws = np.asarray(truth, float), np.asarray(draws, float)
    rng = np.random.default_rng(2) if rng is None else rng
    centre, scale = truth.mean(axis=0), truth.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    t = (truth - centre) / scale
    x = (draws - centre) / scale
    reference = rng.uniform(t.min(axis=0), t.max(axis=0), size=t.shape)
    truth_distance = np.linalg.norm(t - reference, axis=-1)
    draw_distance = np.linalg.norm(x - reference[:, None, :], axis=-1)
    credibility = np.mean(draw_distance < truth_distance[:, None], axis=1)
    ecp = np.mean(credibility[None, :] < np.asarray(levels, float)[:, None], axis=1)
    return ecp, credibility
