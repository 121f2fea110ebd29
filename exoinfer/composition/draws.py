"""Monte Carlo draws of measured quantities with asymmetric uncertainties.

A value quoted as ``x (+s_hi / -s_lo)`` is drawn from the split normal (two-piece normal) distribution: a
normal of width ``s_lo`` below ``x`` and of width ``s_hi`` above it, joined at its mode ``x``. It is the
usual reading of asymmetric error bars in exoplanet catalogues and reduces to a normal when the two
errors are equal. Masses and radii are positive, so the draws are truncated at a lower bound (0 by
default) by inverse-CDF sampling: no draw is rejected or clipped, the distribution is renormalised above
the bound.
"""

import numpy as np

from ..errors import InputError

__all__ = ["split_normal"]


def split_normal(value, err_lower, err_upper, size, rng=None, lower_bound=0.0):
    """Draws from split normal distributions, one row per value.

    Parameters
    ----------
    value : array_like, shape (n,)
        Modes (the quoted values).
    err_lower, err_upper : array_like, shape (n,)
        Positive 1-sigma widths below and above the mode; 0 means exact on that side.
    size : int
        Draws per value.
    rng : numpy.random.Generator or int, optional
        Generator or seed.
    lower_bound : float, optional
        Draws are conditioned on exceeding this (the distribution is truncated, not clipped).

    Returns
    -------
    ndarray, shape (n, size)

    Raises
    ------
    InputError
        If a value is not finite, an error is negative or not finite, or a value lies at or below
        ``lower_bound``.
    """
    value, err_lower, err_upper = (
        np.atleast_1d(np.asarray(a, dtype=float)) for a in (value, err_lower, err_upper)
    )
    value, err_lower, err_upper = np.broadcast_arrays(value, err_lower, err_upper)
    _check(value, err_lower, err_upper, lower_bound)
    rng = np.random.default_rng(rng)
    lo, hi = err_lower[:, None], err_upper[:, None]
    mode = value[:, None]
    total = lo + hi
    exact = total == 0
    total = np.where(exact, 1.0, total)
    below = lo / total  # probability mass below the mode
    # CDF at the truncation point; draws are uniform between it and 1.
    floor = _cdf(lower_bound, mode, lo, hi, below, total)
    u = floor + (1.0 - floor) * rng.random((value.size, int(size)))
    draws = _inverse_cdf(u, mode, lo, hi, below, total)
    return np.where(exact, mode, draws)


def _check(value, err_lower, err_upper, lower_bound):
    for name, arr in (("error (lower)", err_lower), ("error (upper)", err_upper)):
        bad = ~(np.isfinite(arr) & (arr >= 0))
        if bad.any():
            raise InputError(name, arr[np.argmax(bad)], "a finite uncertainty >= 0")
    bad = ~(np.isfinite(value) & (value > lower_bound))
    if bad.any():
        raise InputError("value", value[np.argmax(bad)], f"a finite number > {lower_bound:g}")


def _cdf(x, mode, lo, hi, below, total):
    from scipy.special import ndtr  # scipy is imported on use: the command line starts faster

    with np.errstate(divide="ignore", invalid="ignore"):
        low_side = 2.0 * lo / total * ndtr((x - mode) / lo)
        high_side = below + 2.0 * hi / total * (ndtr((x - mode) / hi) - 0.5)
    return np.where(x < mode, np.nan_to_num(low_side), np.nan_to_num(high_side, nan=below))


def _inverse_cdf(u, mode, lo, hi, below, total):
    from scipy.special import ndtri

    with np.errstate(divide="ignore", invalid="ignore"):
        low_side = mode + lo * ndtri(u * total / (2.0 * lo))
        high_side = mode + hi * ndtri(0.5 + (u - below) * total / (2.0 * hi))
    return np.where(u < below, low_side, high_side)
