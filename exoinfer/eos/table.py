"""Fast inversion of equations of state that give pressure as a closed form of density.

Vinet and Birch-Murnaghan relations give P(rho); the solver needs rho(P) millions of times. We tabulate
ln rho on a uniform grid in ln P once and interpolate linearly: the index of a pressure is arithmetic,
not a search, so a lookup costs a handful of vectorized operations.
"""

import numpy as np

__all__ = ["LogPressureTable", "invert_pressure_relation"]

#: Default table span [Pa]: from 1 hPa (a planet's surface) to 1e14 Pa, above any planet of <= 25 M_E.
P_TABLE_MIN = 1.0e2
P_TABLE_MAX = 1.0e14
TABLE_SIZE = 4096
#: Largest compression rho / rho0 searched when inverting; hydrogen needs the most (~400 at 1e14 Pa).
MAX_COMPRESSION = 1000.0


class LogPressureTable:
    """rho tabulated on a uniform ln P grid, with linear interpolation; one curve per phase.

    With 4096 nodes over 12 decades the node spacing is 0.0067 in ln P; linear interpolation of rho in
    ln P then errs by less than dx^2/8 * |d^2 rho / d ln P^2| / rho < 4e-6 (relative) for the solids
    tabulated here. Below the first node the density of the first node is returned (a planet's surface);
    above the last node the last segment is extended (callers flag such pressures through ``p_max``).

    Parameters
    ----------
    ln_p_min, ln_p_max : float
        Span of the grid in ln(P / Pa).
    ln_rho : ndarray, shape (n_nodes,) or (n_phases, n_nodes)
        ln(rho / kg m^-3) at the nodes, for each phase (each curve covers the whole pressure range).
    """

    def __init__(self, ln_p_min, ln_p_max, ln_rho):
        rho = np.exp(np.atleast_2d(np.asarray(ln_rho, dtype=float)))
        self.ln_p_min = float(ln_p_min)
        self.ln_p_max = float(ln_p_max)
        self.n_nodes = rho.shape[1]
        self.rho = rho.ravel()
        slope = np.diff(rho, axis=1)
        self._slope = np.column_stack([slope, slope[:, -1]]).ravel()
        self._p_min = np.exp(self.ln_p_min)
        self._inv_step = (self.n_nodes - 1) / (self.ln_p_max - self.ln_p_min)

    def __call__(self, pressure, phase=0):
        """Density at ``pressure`` [Pa] on the curve of ``phase`` (an int or an int array)."""
        # In-place arithmetic and np.take: this lookup runs in the solver's innermost loop.
        x = np.log(np.maximum(pressure, self._p_min))
        x -= self.ln_p_min
        x *= self._inv_step
        i = x.astype(np.intp)
        np.minimum(i, self.n_nodes - 1, out=i)
        x -= i
        if np.any(phase):
            i += phase * self.n_nodes
        x *= np.take(self._slope, i)
        x += np.take(self.rho, i)
        return x


def invert_pressure_relation(
    pressure_of_density, rho0, p_min=P_TABLE_MIN, p_max=P_TABLE_MAX, size=TABLE_SIZE
):
    """Tabulate the inverse of a monotonic ``pressure_of_density`` as a :class:`LogPressureTable`.

    Parameters
    ----------
    pressure_of_density : callable
        Vectorized P(rho) [Pa], increasing for rho >= rho0.
    rho0 : float
        Zero-pressure density [kg m^-3].
    p_min, p_max : float
        Pressure span of the table [Pa].
    size : int
        Number of nodes.

    Raises
    ------
    ValueError
        If the relation is not increasing up to ``p_max`` within a compression of ``MAX_COMPRESSION``
        (a fit that turns over is unusable there).
    """
    # Strains ln(rho / rho0) from 1e-9 (P ~ 3e-9 K0, below the first table node; smaller strains lose P to
    # round-off in closed forms such as 1 - x) to ln(MAX_COMPRESSION),
    # geometrically spaced so that small strains (low pressures) are sampled as finely as large ones; then
    # ln rho is interpolated linearly against ln P, far more finely than the table's own resolution.
    strain = np.concatenate([[0.0], np.geomspace(1e-9, np.log(MAX_COMPRESSION), 400_000)])
    rho = rho0 * np.exp(strain)
    p = pressure_of_density(rho)
    rising = np.diff(p) > 0
    top = np.argmin(rising) if not rising.all() else rho.size - 1
    if p[top] < p_max:
        why = (
            "stops increasing"
            if top < rho.size - 1
            else f"needs more than {MAX_COMPRESSION:g}-fold compression"
        )
        raise ValueError(f"pressure relation {why} at {p[top]:.3g} Pa, below the table top {p_max:.3g} Pa")
    ok = slice(1, top + 1)  # p[0] = 0 cannot be logged; the table's floor stands in for it
    ln_p = np.linspace(np.log(p_min), np.log(p_max), size)
    ln_rho = np.interp(ln_p, np.log(p[ok]), np.log(rho[ok]), left=np.log(rho0))
    return LogPressureTable(ln_p[0], ln_p[-1], ln_rho)
