"""Vectorized bracketed root finding: many independent problems advanced together, one batched function
call per iteration (which is what makes it cheap with a batched structure solver)."""

import numpy as np

__all__ = ["illinois"]


def illinois(func, lo, hi, f_lo, f_hi, xtol, ftol=0.0, max_iter=100):
    """Roots of many scalar functions bracketed by ``[lo, hi]``, by the Illinois method.

    The Illinois variant of regula falsi (Dowell & Jarratt 1971, BIT 11, 168) halves the function value
    kept at an end point that survives two iterations in a row, which gives superlinear convergence
    (order about 1.44) while the root stays bracketed, so a discontinuous or nearly flat function slows
    it down but cannot make it fail.

    Parameters
    ----------
    func : callable
        ``func(x, index)`` returns the function values at ``x`` of the problems ``index`` (an integer
        array into the batch); NaN marks a point where the function cannot be evaluated.
    lo, hi : ndarray, shape (n,)
        Bracket ends.
    f_lo, f_hi : ndarray, shape (n,)
        Function values there, of opposite signs (or zero).
    xtol : float
        Converged when the bracket is narrower than this ...
    ftol : float or ndarray, optional
        ... or when ``|f| <= ftol`` (one value, or one per problem).
    max_iter : int, optional

    Returns
    -------
    x : ndarray
        Roots; NaN where the function could not be evaluated or the iteration did not converge.
    converged : ndarray of bool
    """
    a, b = np.array(lo, dtype=float), np.array(hi, dtype=float)
    fa, fb = np.array(f_lo, dtype=float), np.array(f_hi, dtype=float)
    x = np.where(fa == 0, a, np.where(fb == 0, b, 0.5 * (a + b)))
    done = (fa == 0) | (fb == 0) | (np.abs(b - a) <= xtol)
    side = np.zeros(a.shape, dtype=np.int8)
    ftol = np.broadcast_to(np.asarray(ftol, dtype=float), a.shape)
    for _ in range(max_iter):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        aa, bb, faa, fbb = a[act], b[act], fa[act], fb[act]
        with np.errstate(divide="ignore", invalid="ignore"):
            c = (aa * fbb - bb * faa) / (fbb - faa)
        # A secant point on or outside the bracket (flat or NaN-free rounding cases): bisect instead.
        outside = ~np.isfinite(c) | (c <= np.minimum(aa, bb)) | (c >= np.maximum(aa, bb))
        c[outside] = 0.5 * (aa + bb)[outside]
        fc = np.asarray(func(c, act), dtype=float)
        x[act] = c
        failed = ~np.isfinite(fc)
        keeps_b = np.sign(fc) == np.sign(fbb)
        # c replaces b: if b's partner a survived the previous step too, halve f(a) (the Illinois step).
        halve_a = keeps_b & (side[act] == -1)
        halve_b = ~keeps_b & (side[act] == 1)
        a[act] = np.where(keeps_b, aa, c)
        fa[act] = np.where(keeps_b, np.where(halve_a, 0.5 * faa, faa), fc)
        b[act] = np.where(keeps_b, c, bb)
        fb[act] = np.where(keeps_b, fc, np.where(halve_b, 0.5 * fbb, fbb))
        side[act] = np.where(keeps_b, -1, 1)
        converged = (np.abs(b[act] - a[act]) <= xtol) | (np.abs(fc) <= ftol[act])
        x[act[failed]] = np.nan
        done[act] = converged | failed
    converged = done & np.isfinite(x)
    return np.where(converged, x, np.nan), converged
