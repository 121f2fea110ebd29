"""The compiled core of the structure solver: one planet at a time, no Python in the loop.

Equations (SI units, mass coordinate m):

    dr/dm = 1 / (4 pi r^2 rho),   dP/dm = -G m / (4 pi r^4),
    r d(eta)/dr = 6 - 6 (rho / rho_mean)(eta + 1) + eta - eta^2   (Radau; eta(0) = 0),
    dI/dm = (2/3) r^2,            k2 = (3 - eta(R)) / (2 + eta(R)),   C/MR^2 = I / (M R^2).

Solids. Integrated in s = m^(2/3) with w = r / m^(1/3) as the radius variable: both stay finite at the
centre (w^3 -> 3 / (4 pi rho_c)), which removes the centre singularity, and the equations need no cube
roots: dw/ds = (3 / (4 pi rho w^2) - w) / 2s, dP/ds = -3 G / (8 pi w^4). Each layer spans a fixed interval
of s (its mass fraction fixes it); its nodes are cosine-clustered toward both ends in ln(s + offset). At
a surface, where rho - rho0 ~ P^n, the clustering turns the sqrt-like profile of a modified polytrope
into a smooth function of the node index; and since Radau's equation has a stiff term
~ -5 eta / (2 s), explicit steps must stay below about s, which the offset (s at the layer's bottom)
ensures by making nodes geometric where a layer spans many times its starting s (a thick layer on a thin
one). The innermost layer starts at the centre, where eta = 0 is the local equilibrium, and uses a
fraction of its span as offset. Layers lighter than 1e-7 of the solids count as absent.
Phase transitions inside a layer are sharp and handled exactly: each
phase is integrated on its own smooth curve, and a step that crosses a transition is split at the
crossing, located by a quadratic through P, dP/ds (known without the EOS) and P at the step's end.

Surface. Where the solids are the planet's surface, their last steps are replaced by a short tail integrated
in psi = sqrt(P) down to the surface pressure, with the mass left free (the shooting makes it the
planet's). In mass coordinates a surface where rho -> 0 (a classic polytrope) is singular and RK4's stages
overshoot into P < 0; in psi, dr/dpsi = -2 psi r^2 / (G m rho) stays regular.

Envelope. Integrated in y = ln P from its base to the transit pressure with the state (m, u = 1/r, eta, I):
in the isothermal zone du/dy = R T / (mu G m) is nearly constant, so the radius of an extended atmosphere
is integrated almost exactly, and an unbound one shows up as u reaching zero.

Shooting. For a trial central pressure Pc the solids are integrated to the top of the solid layers,
where they reach P_b at radius r_b. They should end at the surface pressure (no envelope) or at the
envelope base pressure that holds the requested envelope mass above r_b, found by an inner solve on the
envelope alone, started from the thin-shell estimate P_b - P_t = M_env G M_s / (4 pi r_b^4). The outer
residual (P_b - P_needed) / Pc is smooth and of order one for rocky planets and thin, nearly unbound
envelopes alike (shooting on the envelope mass directly is ill-conditioned: the base pressure of a thin
envelope is a tiny difference of large pressures). Both solves are bracketed secant iterations that fall
back on the Illinois variant of regula falsi (Dowell & Jarratt 1971, BIT 11, 168), first on a coarse grid
from a crude guess, then on the fine grid. On the fine grid the two unknowns converge together: each
outer iteration takes a single Newton step on the envelope's base pressure (with the slope and the
dependence on r_b learned on the coarse grid) instead of solving for it, which halves the envelope
integrations; a planet that has not converged after JOINT_ITERATIONS goes on nested. An envelope beyond
COARSE_BONDI_MARGIN times its Bondi radius at the converged coarse solution is reported unbound without
refining. Radau's equation and the moment of inertia ride along on the fine iteration expected to
converge, which then doubles as the final pass.
"""

import math

import numpy as np
from numba import njit

__all__ = ["POLYTROPE", "TABLE", "solve_planets"]

G = 6.67430e-11  # keep in step with exoinfer.constants.GRAVITATIONAL_CONSTANT
R_GAS = 8.314462618
FOUR_PI = 4.0 * math.pi

#: Material kinds in the kernel's layer arrays.
TABLE = 0
POLYTROPE = 1

#: Status codes (exoinfer.structure.Status).
OK, NO_SOLUTION, UNBOUND, EOS_RANGE = 0, 2, 3, 4

#: Start the integration this far (in s, relative to the solids') from the centre.
CENTRE_OFFSET = 1.0e-12
#: Radii beyond this multiple of the envelope's base radius count as unbound.
UNBOUND_RADIUS_FACTOR = 1.0e3
#: Solid layers lighter than this fraction of the solids count as absent (see solve_planets).
MIN_LAYER_FRACTION = 1.0e-7
#: Node offset of the innermost layer, as a fraction of its span in s.
INNERMOST_OFFSET = 0.05
#: A bracket narrower than this in ln(pressure) counts as converged.
X_TOLERANCE = 1.0e-12
#: w = r / m^(1/3) this many times its central value means the radius has run away (a trial Pc far too
#: low for a material whose density vanishes at low pressure).
BLOWUP = 100.0
#: The surface tail (``_surface_tail``) replaces this many of the outermost layer's last steps, with
#: TAIL_STEPS RK4 steps in sqrt(P).
TAIL_NODES = 3
TAIL_STEPS = 6
#: Fixed-point passes of the constant-density-shell model that gives the first central pressure, and the
#: mid-layer pressure [Pa] they start from (typical of planets of 0.1-25 M_E; a start at the surface
#: pressure would stall on materials whose density vanishes there).
GUESS_PASSES = 8
GUESS_START_PRESSURE = 1.0e10
#: Floating-point licences for the hot loops: contraction, reassociation and reciprocals, but not
#: "no NaN / no inf", because the root finding relies on both.
FASTMATH = {"contract", "reassoc", "arcp", "nsz", "afn"}

# Indices into the float settings array ``fs`` and the int settings array ``ns`` (see solver.py).
F_TOL, F_COARSE_TOL, F_ENV_TOL, F_TOP_P = 0, 1, 2, 3
N_STEPS, N_COARSE, N_ENV_A, N_ENV_I, N_COARSE_ENV_A, N_COARSE_ENV_I, N_MAX_IT = 0, 1, 2, 3, 4, 5, 6
# Indices into the envelope array ``env``; from E_COLD on, cold H/He density and slope per table node.
E_PRESENT, E_MU, E_GRAD, E_P_TRANSIT, E_P_RCB, E_P_MAX, E_DENSE, E_COLD = 0, 1, 2, 3, 4, 5, 6, 7
#: Ideal-gas densities below this fraction of the cold density at zero pressure skip the cold cap.
DENSE_SKIP = 0.03
#: Most sub-steps of one envelope step (a planet needing more fails the finite-output check instead).
MAX_SUBSTEPS = 64
#: Outer iterations on the fine grid that take one Newton step on the envelope's base pressure instead of
#: solving for it (see ``_envelope_residual``); a planet that has not converged by then goes on nested.
JOINT_ITERATIONS = 8
#: A coarse solution whose radius exceeds the Bondi radius by this factor is unbound without refining; one
#: nearer the limit is refined and decided on the fine grid. Generous, because an envelope of more than
#: about half the planet's mass can have a compact and an extended solution, and the coarse grid may find
#: the extended one where the fine grid finds the compact one.
COARSE_BONDI_MARGIN = 2.0
#: Largest change of ln r_base across which the envelope's base pressure is extrapolated. Far steps (the
#: first coarse iterations) could carry a massive envelope's z onto its extended, unbound branch.
EXTRAPOLATION_RANGE = 0.01
#: d ln(P_b - P_t) / d ln r_base of a thin envelope, the first guess of its secant.
THIN_SHELL_DZ_DLNR = -4.0
# Indices into the envelope search state ``es`` of ``_solve_planet``.
S_Z, S_Z_SLOPE, S_Z_LAST, S_LN_R_LAST, S_DZ_DLNR, S_TOP_P, S_ENV_TOL, S_RADIUS = 0, 1, 2, 3, 4, 5, 6, 7


# ---------------------------------------------------------------------------------------------------
# Materials


@njit(cache=True, nogil=True, error_model="numpy")
def _density(lay, k, phase, p):
    """Density of layer ``k`` in ``phase`` at pressure ``p`` (its smooth curve, even out of range)."""
    if lay.kind[k] == POLYTROPE:
        if p <= 0.0:
            return lay.poly[k, 0]
        return lay.poly[k, 0] + lay.poly[k, 1] * math.exp(lay.poly[k, 2] * math.log(p))
    x = (math.log(max(p, lay.grid[2])) - lay.grid[0]) * lay.grid[1]
    i = min(int(x), lay.table.shape[2] - 1)
    return lay.table[k, phase, i, 0] + (x - i) * lay.table[k, phase, i, 1]


@njit(cache=True, nogil=True, error_model="numpy")
def _phase_at(lay, k, p):
    """Index of the stable phase of layer ``k`` at pressure ``p``."""
    phase = 0
    while phase < lay.n_phases[k] - 1 and p >= lay.transitions[k, phase]:
        phase += 1
    return phase


# ---------------------------------------------------------------------------------------------------
# Solid layers


@njit(cache=True, nogil=True, error_model="numpy")
def _radau(x, eta):
    return 6.0 - 6.0 * x * (eta + 1.0) + eta - eta * eta


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _solid_rhs(lay, k, phase, p_floor, s, w, p, eta, full):
    # Pressures below the surface value occur only for trial central pressures that are too low; the
    # floor keeps rho finite and positive there, so the residual stays smooth.
    rho = _density(lay, k, phase, max(p, p_floor))
    w2 = w * w
    dw = 0.5 * (3.0 / (FOUR_PI * rho * w2) - w) / s
    dp = -3.0 * G / (2.0 * FOUR_PI) / (w2 * w2)
    if not full:
        return dw, dp, 0.0, 0.0
    dlnr = dw / w + 0.5 / s
    deta = _radau((FOUR_PI / 3.0) * rho * w2 * w, eta) * dlnr
    return dw, dp, deta, w2 * s * math.sqrt(s)


@njit(cache=True, nogil=True, error_model="numpy")
def _fill_nodes(s_bounds, first, steps, nodes):
    """Node positions in s of every layer (n_solids, steps + 1), reused by every integration of a planet:
    cosine-clustered toward both ends in ln(s + offset), offset = s at the layer's bottom, or a fraction
    of the span for the innermost layer. Above a thin layer the nodes are then geometric: with layers
    lighter than MIN_LAYER_FRACTION left out, a layer spans at most ~10 e-folds of s and RK4 steps h/s stay
    within the stability of Radau's stiff term (|h 5/2s| < 2.78)."""
    for k in range(nodes.shape[0]):
        s_lo, s_hi = s_bounds[k], s_bounds[k + 1]
        span = s_hi - s_lo
        offset = INNERMOST_OFFSET * span if k == first else s_lo
        base = s_lo + offset
        log_ratio = math.log((s_hi + offset) / base) if span > 0.0 else 0.0
        for j in range(steps):
            v = 0.5 * (1.0 - math.cos(math.pi * j / steps))
            nodes[k, j] = base * math.exp(v * log_ratio) - offset
        nodes[k, 0] = s_lo
        nodes[k, steps] = s_hi


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _rk4_solid(lay, k, phase, p_floor, s, h, w, p, eta, inertia, full):
    a1, b1, c1, d1 = _solid_rhs(lay, k, phase, p_floor, s, w, p, eta, full)
    hh = 0.5 * h
    a2, b2, c2, d2 = _solid_rhs(lay, k, phase, p_floor, s + hh, w + hh * a1, p + hh * b1, eta + hh * c1, full)
    a3, b3, c3, d3 = _solid_rhs(lay, k, phase, p_floor, s + hh, w + hh * a2, p + hh * b2, eta + hh * c2, full)
    a4, b4, c4, d4 = _solid_rhs(lay, k, phase, p_floor, s + h, w + h * a3, p + h * b3, eta + h * c3, full)
    v = h / 6.0
    return (
        w + v * (a1 + 2.0 * (a2 + a3) + a4),
        p + v * (b1 + 2.0 * (b2 + b3) + b4),
        eta + v * (c1 + 2.0 * (c2 + c3) + c4),
        inertia + v * (d1 + 2.0 * (d2 + d3) + d4),
    )


@njit(cache=True, nogil=True, error_model="numpy")
def _crossing_fraction(w, p0, p_end, p_cross, h):
    """Fraction of a step at which P reaches ``p_cross``: root of the quadratic through P(0), P'(0), P(h)."""
    slope = -3.0 * G / (2.0 * FOUR_PI) / (w * w) ** 2  # dP/ds needs no equation of state
    curvature = (p_end - p0 - slope * h) / (h * h)
    drop = p_cross - p0
    root = math.sqrt(max(slope * slope + 4.0 * curvature * drop, 0.0))
    t = 2.0 * drop / (slope - root)
    if not (math.isfinite(t) and t > 0.0):
        t = h * drop / (p_end - p0)
    return min(max(t / h, 0.0), 1.0)


@njit(cache=True, nogil=True, error_model="numpy")
def _solid_step(lay, k, phase, p_floor, s, h, w, p, eta, inertia, full):
    """One step, split where the pressure falls below the planet's phase's lower transition; the parts are
    integrated on each phase's own smooth curve."""
    w1, p1, e1, i1 = _rk4_solid(lay, k, phase, p_floor, s, h, w, p, eta, inertia, full)
    while phase > 0 and p1 < lay.transitions[k, phase - 1]:
        theta = _crossing_fraction(w, p, p1, lay.transitions[k, phase - 1], h)
        w, p, eta, inertia = _rk4_solid(lay, k, phase, p_floor, s, theta * h, w, p, eta, inertia, full)
        s += theta * h
        h *= 1.0 - theta
        phase -= 1
        w1, p1, e1, i1 = _rk4_solid(lay, k, phase, p_floor, s, h, w, p, eta, inertia, full)
    return w1, p1, e1, i1, phase


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _tail_rhs(lay, k, phase, psi, m, r, eta, full):
    """d/d(sqrt P) of [m, r, eta, I] near a surface: regular even where rho ~ P^(1/2) -> 0."""
    rho = _density(lay, k, phase, psi * psi)
    dm = -2.0 * FOUR_PI * psi * r**4 / (G * m)
    dr = -2.0 * psi * r * r / (G * m * rho)
    if not full:
        return dm, dr, 0.0, 0.0
    x = FOUR_PI * rho * r**3 / (3.0 * m)
    return dm, dr, _radau(x, eta) * dr / r, (2.0 / 3.0) * r * r * dm


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _rk4_tail(lay, k, phase, psi, h, m, r, eta, inertia, full):
    a1, b1, c1, d1 = _tail_rhs(lay, k, phase, psi, m, r, eta, full)
    hh = 0.5 * h
    a2, b2, c2, d2 = _tail_rhs(lay, k, phase, psi + hh, m + hh * a1, r + hh * b1, eta + hh * c1, full)
    a3, b3, c3, d3 = _tail_rhs(lay, k, phase, psi + hh, m + hh * a2, r + hh * b2, eta + hh * c2, full)
    a4, b4, c4, d4 = _tail_rhs(lay, k, phase, psi + h, m + h * a3, r + h * b3, eta + h * c3, full)
    v = h / 6.0
    return (
        m + v * (a1 + 2.0 * (a2 + a3) + a4),
        r + v * (b1 + 2.0 * (b2 + b3) + b4),
        eta + v * (c1 + 2.0 * (c2 + c3) + c4),
        inertia + v * (d1 + 2.0 * (d2 + d3) + d4),
    )


@njit(cache=True, nogil=True, error_model="numpy")
def _surface_tail(lay, k, phase, m, r, p, eta, inertia, p_surface, steps, full):
    """Integrate the last stretch of the outermost layer in psi = sqrt(P), from P down to ``p_surface``,
    splitting steps exactly at phase transitions. Returns (m, r, eta, I) at the surface.

    In mass coordinates a surface where rho -> 0 is singular, and RK4's stages overshoot into P < 0 there;
    in psi the equations stay regular. The mass reached is free: the shooting makes it the planet's.
    """
    psi, psi_end = math.sqrt(p), math.sqrt(p_surface)
    h = (psi_end - psi) / steps
    for _ in range(steps):
        target = psi + h
        while True:
            edge = math.sqrt(lay.transitions[k, phase - 1]) if phase > 0 else -1.0
            if h < 0.0 and edge > target:  # the phase ends inside this step: go to its edge first
                m, r, eta, inertia = _rk4_tail(lay, k, phase, psi, edge - psi, m, r, eta, inertia, full)
                psi = edge
                phase -= 1
            else:
                m, r, eta, inertia = _rk4_tail(lay, k, phase, psi, target - psi, m, r, eta, inertia, full)
                psi = target
                break
    return m, r, eta, inertia


@njit(cache=True, nogil=True, error_model="numpy")
def _integrate_solids(
    lay, p_center, m_tops, s_bounds, first, last, steps, nodes, p_floor, p_surface, full, out_r, out_p
):
    """Integrate the solid layers outward on the nodes of ``_fill_nodes``; fills ``out_r``/``out_p``
    (layer tops) when ``full``.

    When ``p_surface`` > 0 the outermost layer (``last``) ends at the planet's surface: its final steps are
    replaced by ``_surface_tail`` down to that pressure, and the returned mass is the mass reached there.
    If the pressure runs out first (a trial Pc far too low), the planet ends where it does.

    Returns (m, r, P, eta, I) at the top of the solids.
    """
    w = np.cbrt(3.0 / (FOUR_PI * _density(lay, first, _phase_at(lay, first, p_center), p_center)))
    w_center = w
    p, eta, inertia = p_center, 0.0, 0.0
    m, r = m_tops[lay.kind.size - 1], 0.0
    tail = p_surface > 0.0
    for k in range(lay.kind.size):
        if s_bounds[k + 1] > s_bounds[k]:
            phase = _phase_at(lay, k, p)
            n = steps - min(TAIL_NODES, steps - 1) if (tail and k == last) else steps
            for j in range(n):
                p_start = p
                s0 = nodes[k, j]
                w, p, eta, inertia, phase = _solid_step(
                    lay, k, phase, p_floor, s0, nodes[k, j + 1] - s0, w, p, eta, inertia, full
                )
                if tail and (p < p_surface or w > BLOWUP * w_center):
                    # The trial Pc is too low: pressure runs out before the mass does. The planet ends at
                    # the crossing (interpolated in P), and the residual (mass reached - M) is negative.
                    m_a, m_b = s0**1.5, nodes[k, j + 1] ** 1.5
                    frac = min(max((p_start - p_surface) / (p_start - p), 0.0), 1.0) if p < p_surface else 0.0
                    return m_a + frac * (m_b - m_a), w * np.cbrt(m_a), p_surface, eta, inertia
            m_top = nodes[k, n] ** 1.5 if n < steps else m_tops[k]
            r = w * np.cbrt(m_top)
            if n < steps:
                m, r, eta, inertia = _surface_tail(
                    lay, k, phase, m_top, r, p, eta, inertia, p_surface, TAIL_STEPS, full
                )
                p = p_surface
        elif k < first:
            r = 0.0  # absent inner layers have radius 0; absent outer ones the radius below them
        if full:
            out_r[k] = r
            out_p[k] = p
    return m, r, p, eta, inertia


# ---------------------------------------------------------------------------------------------------
# Envelope


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _gas_density(env, grid, teq, y_rcb, y, p):
    """Envelope density at pressure p = exp(y): ideal gas at Teq above the radiative-convective boundary,
    on the adiabat T ~ P^grad below it, capped smoothly by cold H/He (exoinfer.eos.IdealGasEnvelope)."""
    kt = R_GAS * teq / env[E_MU]
    if y > y_rcb:
        kt *= math.exp(env[E_GRAD] * (y - y_rcb))
    rho = p / kt
    # Far below the cold density the cap changes rho by (rho / cold)^4 / 4 < 2e-7: skip its table lookup.
    if env[E_DENSE] > 0.0 and rho > DENSE_SKIP * env[E_COLD]:
        x = (y - grid[0]) * grid[1]
        i = min(max(int(x), 0), (env.size - E_COLD) // 2 - 1)
        cold = env[E_COLD + 2 * i] + (x - i) * env[E_COLD + 2 * i + 1]
        # The smooth minimum (rho^-4 + cold^-4)^(-1/4) of exoinfer.eos.gas, written without pow().
        a = cold / rho
        a2 = a * a
        rho = cold / math.sqrt(math.sqrt(1.0 + a2 * a2))
    return rho


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _gas_state(env, grid, teq, y_rcb, y):
    """(P, rho) at y = ln P. The envelope's density depends on y alone, so an RK4 step needs it at three
    points, not four, and the step's end is the next step's start: two evaluations per step."""
    p = math.exp(y)
    return p, _gas_density(env, grid, teq, y_rcb, y, p)


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _envelope_rhs(p, rho, u_floor, m, u, eta, full):
    u = max(u, u_floor)
    du = p / (G * m * rho)
    r2 = 1.0 / (u * u)
    dm = -FOUR_PI * p * r2 * r2 / (G * m)
    if not full:
        return dm, du, 0.0, 0.0
    x = FOUR_PI * rho / (3.0 * m * u * u * u)
    return dm, du, -_radau(x, eta) * du / u, (2.0 / 3.0) * r2 * dm


@njit(cache=True, nogil=True, error_model="numpy", fastmath=FASTMATH)
def _rk4_envelope(env, grid, teq, u_floor, y_rcb, y, h, p0, rho0, m, u, eta, inertia, full):
    """One RK4 step in y from the gas state (p0, rho0) at y; returns the state and the gas state at y + h."""
    hh = 0.5 * h
    p_mid, rho_mid = _gas_state(env, grid, teq, y_rcb, y + hh)
    p1, rho1 = _gas_state(env, grid, teq, y_rcb, y + h)
    a1, b1, c1, d1 = _envelope_rhs(p0, rho0, u_floor, m, u, eta, full)
    a2, b2, c2, d2 = _envelope_rhs(p_mid, rho_mid, u_floor, m + hh * a1, u + hh * b1, eta + hh * c1, full)
    a3, b3, c3, d3 = _envelope_rhs(p_mid, rho_mid, u_floor, m + hh * a2, u + hh * b2, eta + hh * c2, full)
    a4, b4, c4, d4 = _envelope_rhs(p1, rho1, u_floor, m + h * a3, u + h * b3, eta + h * c3, full)
    v = h / 6.0
    return (
        m + v * (a1 + 2.0 * (a2 + a3) + a4),
        u + v * (b1 + 2.0 * (b2 + b3) + b4),
        eta + v * (c1 + 2.0 * (c2 + c3) + c4),
        inertia + v * (d1 + 2.0 * (d2 + d3) + d4),
        p1,
        rho1,
    )


@njit(cache=True, nogil=True, error_model="numpy")
def _radau_substeps(p, rho, h, m, u, eta):
    """Sub-steps that keep |h * d(deta/dy)/deta| <= 1 for Radau's equation in a massive envelope, where
    |d ln r / d ln P| = P r / (G m rho) grows toward 1/2 near the Bondi radius."""
    x = FOUR_PI * rho / (3.0 * m * u * u * u)
    stiffness = abs(6.0 * x - 1.0 + 2.0 * eta) * p / (G * m * rho * u)
    n = stiffness * abs(h)
    return math.ceil(n) if 1.0 < n < MAX_SUBSTEPS else (1 if n <= 1.0 else MAX_SUBSTEPS)


@njit(cache=True, nogil=True, error_model="numpy")
def _integrate_envelope(env, grid, teq, m, r_base, p_base, eta, inertia, steps_a, steps_i, full):
    """Integrate from the base (p_base, r_base) to the transit pressure; returns (m, u, eta, I, unbound).

    With ``full`` (Radau's equation and the moment of inertia), steps are sub-divided where the Radau
    equation is stiff; the root solves that precede, which integrate m and u only, never need it.
    """
    y_top = math.log(env[E_P_TRANSIT])
    y_rcb = math.log(env[E_P_RCB])
    y_base = math.log(max(p_base, env[E_P_TRANSIT]))
    y_mid = min(y_base, y_rcb)
    u = 1.0 / r_base
    u_floor = u / UNBOUND_RADIUS_FACTOR
    unbound = False
    p, rho = _gas_state(env, grid, teq, y_rcb, y_base)
    for seg in range(2):
        y0, y1, n = (y_base, y_mid, steps_a) if seg == 0 else (y_mid, y_top, steps_i)
        h = (y1 - y0) / n
        for j in range(n):
            y = y0 + j * h
            n_sub = _radau_substeps(p, rho, h, m, max(u, u_floor), eta) if full else 1
            for i in range(n_sub):
                m, u, eta, inertia, p, rho = _rk4_envelope(
                    env,
                    grid,
                    teq,
                    u_floor,
                    y_rcb,
                    y + i * h / n_sub,
                    h / n_sub,
                    p,
                    rho,
                    m,
                    u,
                    eta,
                    inertia,
                    full,
                )
            unbound = unbound or u <= u_floor
    return m, max(u, u_floor), eta, inertia, unbound


# ---------------------------------------------------------------------------------------------------
# Root finding (for increasing functions)


@njit(cache=True, nogil=True, error_model="numpy")
def _new_bracket(slope, max_step):
    """State of one root search: [lo, hi, f_lo, f_hi, last_side, x_prev, f_prev, slope, max_step]."""
    return np.array([-np.inf, np.inf, np.nan, np.nan, 0.0, np.nan, np.nan, slope, max_step])


@njit(cache=True, nogil=True, error_model="numpy")
def _next_x(b, x, f):
    """Next trial x after f(x): secant steps while they stay inside the bracket and at least halve |f|,
    Illinois regula falsi otherwise, limited steps before a sign change is found."""
    if f > 0.0:
        if b[4] == 1.0:
            b[2] *= 0.5  # Illinois: the same end moved twice, halve the other end's value
        b[1], b[3], b[4] = x, f, 1.0
    elif f < 0.0:
        if b[4] == -1.0:
            b[3] *= 0.5
        b[0], b[2], b[4] = x, f, -1.0
    secant = (f - b[6]) / (x - b[5])
    if math.isfinite(secant) and secant > 0.0:
        b[7] = secant
    x_new = x - min(max(f / b[7], -b[8]), b[8])
    lo, hi = b[0], b[1]
    if math.isfinite(lo) and math.isfinite(hi):
        if not (lo < x_new < hi and abs(f) <= 0.5 * abs(b[6])):
            x_new = (lo * b[3] - hi * b[2]) / (b[3] - b[2])
        if not lo < x_new < hi:
            x_new = 0.5 * (lo + hi)
    b[5], b[6] = x, f
    return x_new


@njit(cache=True, nogil=True, error_model="numpy")
def _converged(b, f, tol):
    return abs(f) < tol or b[1] - b[0] < X_TOLERANCE


@njit(cache=True, nogil=True, error_model="numpy")
def _expect_convergence(f, f_prev, tol):
    """Whether the next secant iterate should meet ``tol``: |f| shrinking by the last ratio again (a
    cautious guess for a superlinear method)."""
    return abs(f) * abs(f / f_prev) < tol


# ---------------------------------------------------------------------------------------------------
# One planet


@njit(cache=True, nogil=True, error_model="numpy")
def _envelope_base(env, grid, teq, m_solid, r_base, m_env, z, slope, steps_a, steps_i, tol, max_it):
    """ln(P_b - P_transit) of the envelope holding ``m_env`` above (m_solid, r_base).

    Returns (z, slope, converged, unbound at the solution, 1 / radius there)."""
    b = _new_bracket(slope, 2.0)
    u = np.nan
    for _ in range(max_it):
        p_base = env[E_P_TRANSIT] + math.exp(z)
        m_top, u, _e, _i, unbound = _integrate_envelope(
            env, grid, teq, m_solid, r_base, p_base, 0.0, 0.0, steps_a, steps_i, False
        )
        f = math.log((m_top - m_solid) / m_env)
        if not math.isfinite(f):
            return z, b[7], False, unbound, u
        if _converged(b, f, tol):
            return z, b[7], True, unbound, u
        z = _next_x(b, z, f)
    return z, b[7], False, unbound, u


@njit(cache=True, nogil=True, error_model="numpy")
def _envelope_newton_step(env, grid, teq, m_solid, r_base, m_env, z, slope, steps_a, steps_i):
    """One Newton step of ``_envelope_base``'s equation from ``z`` with a known slope d ln M / dz.

    Returns (next z, ln(M_env / M_env requested) at ``z``, unbound, 1 / radius)."""
    p_base = env[E_P_TRANSIT] + math.exp(z)
    m_top, u, _e, _i, unbound = _integrate_envelope(
        env, grid, teq, m_solid, r_base, p_base, 0.0, 0.0, steps_a, steps_i, False
    )
    f = math.log((m_top - m_solid) / m_env)
    return z - min(max(f / slope, -2.0), 2.0), f, unbound, u


@njit(cache=True, nogil=True, error_model="numpy")
def _envelope_residual(
    env, grid, teq, m_solid, m_env, radius, p_solid, p_center, es, steps_a, steps_i, tol, max_it, joint
):
    """Outer residual (P_b - P_needed) / Pc of a trial Pc whose solids end at (``radius``, ``p_solid``).

    P_needed = P_transit + exp(z) holds the envelope mass above the solids. Each call starts z where the
    last ended, moved along d z / d ln r_base (a secant over the outer iterations; -4 for a thin shell,
    where P_b - P_t ~ r_base^-4) when r_base moved less than EXTRAPOLATION_RANGE. A ``joint`` call takes
    one Newton step on z instead of solving for it, so that z converges along with Pc at one envelope
    integration per outer iteration; otherwise z is solved to the envelope tolerance. ``es`` holds the
    search state (S_* indices) and is updated.

    Returns (f, tolerance on f, unbound, settled: whether z meets the envelope tolerance)."""
    ln_r = math.log(radius)
    if abs(ln_r - es[S_LN_R_LAST]) < EXTRAPOLATION_RANGE:  # False while S_LN_R_LAST is NaN
        es[S_Z] = es[S_Z_LAST] + es[S_DZ_DLNR] * (ln_r - es[S_LN_R_LAST])
    env_tol = es[S_ENV_TOL]
    settled = False
    z = np.nan
    if joint:
        z, f_env, unbound, u = _envelope_newton_step(
            env, grid, teq, m_solid, radius, m_env, es[S_Z], es[S_Z_SLOPE], steps_a, steps_i
        )
        settled = abs(f_env) < env_tol
    if not math.isfinite(z):  # not joint, or a Newton step gone astray: solve for z
        z, es[S_Z_SLOPE], settled, unbound, u = _envelope_base(
            env,
            grid,
            teq,
            m_solid,
            radius,
            m_env,
            es[S_Z],
            es[S_Z_SLOPE],
            steps_a,
            steps_i,
            env_tol,
            max_it,
        )
        if not settled:
            return np.nan, tol, unbound, False
        dl = ln_r - es[S_LN_R_LAST]
        if abs(dl) > 1e-12:  # False while S_LN_R_LAST is NaN
            es[S_DZ_DLNR] = min(max((z - es[S_Z_LAST]) / dl, -20.0), 0.0)
    es[S_Z], es[S_Z_LAST], es[S_LN_R_LAST], es[S_RADIUS] = z, z, ln_r, 1.0 / u
    f = (p_solid - es[S_TOP_P] - math.exp(z)) / p_center
    # The inner solve leaves z uncertain by env_tol / (d ln M / dz): asking more of f than that noise
    # floor (a thick envelope's) would only spend iterations on noise.
    return f, max(tol, 2.0 * env_tol * math.exp(z) / (abs(es[S_Z_SLOPE]) * p_center)), unbound, settled


@njit(cache=True, nogil=True, error_model="numpy")
def _initial_guess(lay, s_bounds, top_p):
    """(ln Pc, radius) of the solids modelled as shells of constant density, each at the density of its
    mid-layer pressure, by fixed-point passes: the pressure drop across a shell of density rho from r_a
    (mass m_a inside) to r_b is
    G rho [(m_a - 4/3 pi rho r_a^3)(1/r_a - 1/r_b) + 2/3 pi rho (r_b^2 - r_a^2)]."""
    n = lay.kind.size
    rho = np.empty(n)
    p_mid = np.full(n, GUESS_START_PRESSURE)
    p_center, radius = top_p, 0.0
    for _ in range(GUESS_PASSES):
        for k in range(n):
            rho[k] = _density(lay, k, _phase_at(lay, k, p_mid[k]), max(p_mid[k], top_p))
        radius = 0.0
        volume = 0.0
        for k in range(n):
            volume += (s_bounds[k + 1] ** 1.5 - s_bounds[k] ** 1.5) / rho[k]
        radius = np.cbrt(3.0 * volume / FOUR_PI)
        p_top, r_b, m_b = top_p, radius, s_bounds[n] ** 1.5
        for k in range(n - 1, -1, -1):
            m_a = s_bounds[k] ** 1.5
            r_a = np.cbrt(max(r_b**3 - 3.0 * (m_b - m_a) / (FOUR_PI * rho[k]), 0.0))
            core = m_a - FOUR_PI / 3.0 * rho[k] * r_a**3
            outer = core * (1.0 / r_a - 1.0 / r_b) if r_a > 0.0 else 0.0
            p_bottom = p_top + G * rho[k] * (outer + FOUR_PI / 3.0 * rho[k] * (r_b * r_b - r_a * r_a) / 2.0)
            p_mid[k] = math.sqrt(p_mid[k] * 0.5 * (p_top + p_bottom))  # damped: geometric mean with the last
            p_top, r_b, m_b = p_bottom, r_a, m_a
        p_center = p_top
    return math.log(p_center), radius


@njit(cache=True, nogil=True, error_model="numpy")
def _solve_planet(lay, env, fs, ns, mass, m_tops, s_bounds, first, m_env, teq, out_r, out_p):
    """Solve one planet; fills the layer tops and returns (radius, eta, inertia, ln_pc, status)."""
    n_solids = lay.kind.size
    m_solid = m_tops[n_solids - 1]
    top_p = fs[F_TOP_P]
    p_floor = 0.5 * top_p
    has_gas = env[E_PRESENT] > 0.0 and m_env > 0.0
    last = first
    for k in range(n_solids):
        if s_bounds[k + 1] > s_bounds[k]:
            last = k
    # Without gas the solids end at the surface: their last stretch is integrated down to its pressure.
    p_surface = 0.0 if has_gas else top_p
    x, radius0 = _initial_guess(lay, s_bounds, top_p)
    bondi = G * mass * env[E_MU] / (2.0 * R_GAS * teq) if has_gas else np.inf
    z = math.log(m_env * G * m_solid / (FOUR_PI * radius0**4)) if has_gas else 0.0
    slope = 1.0
    es = np.array([z, 1.0, z, np.nan, THIN_SHELL_DZ_DLNR, top_p, np.nan, np.nan])  # S_ENV_TOL: per level
    converged, unbound, joint = False, False, False
    for level in range(2):
        steps = ns[N_COARSE] if level == 0 else ns[N_STEPS]
        nodes = np.empty((n_solids, steps + 1))
        _fill_nodes(s_bounds, first, steps, nodes)
        steps_a = ns[N_COARSE_ENV_A] if level == 0 else ns[N_ENV_A]
        steps_i = ns[N_COARSE_ENV_I] if level == 0 else ns[N_ENV_I]
        tol = fs[F_COARSE_TOL] if level == 0 else fs[F_TOL]
        es[S_ENV_TOL] = max(tol, fs[F_ENV_TOL])
        b = _new_bracket(slope, 1.0)
        converged = False
        # On the fine grid, an iteration expected to converge also integrates Radau's equation and the
        # moment of inertia, so that the converged iteration doubles as the final pass.
        full = False
        for it in range(ns[N_MAX_IT]):
            p_center = math.exp(x)
            m_reached, radius, p_solid, eta, inertia = _integrate_solids(
                lay,
                p_center,
                m_tops,
                s_bounds,
                first,
                last,
                steps,
                nodes,
                p_floor,
                p_surface,
                full,
                out_r,
                out_p,
            )
            if has_gas:
                joint = level == 1 and it < JOINT_ITERATIONS
                f, f_tol, unbound, settled = _envelope_residual(
                    env,
                    lay.grid,
                    teq,
                    m_solid,
                    m_env,
                    radius,
                    p_solid,
                    p_center,
                    es,
                    steps_a,
                    steps_i,
                    tol,
                    ns[N_MAX_IT],
                    joint,
                )
            else:
                f, f_tol, settled = (m_reached - m_solid) / m_solid, tol, True
            if not math.isfinite(f):
                break
            # Joint iterations converge on |f| alone: their bracket rests on residuals of unsettled envelopes.
            if settled and (abs(f) < f_tol if joint else _converged(b, f, f_tol)):
                converged = True
                break
            full = level == 1 and _expect_convergence(f, b[6], f_tol)
            x = _next_x(b, x, f)
            if joint and it == JOINT_ITERATIONS - 1:
                b = _new_bracket(b[7], 1.0)
        slope = b[7]
        if level == 0 and has_gas and converged and es[S_RADIUS] > COARSE_BONDI_MARGIN * bondi:
            # An envelope far beyond its Bondi radius at the converged coarse solution is no planet on
            # the fine grid either: refining it would spend iterations on a residual the gas makes flat.
            return np.nan, np.nan, np.nan, x, UNBOUND
    if not (converged and full):
        p_center = math.exp(x)
        _m, radius, p_solid, eta, inertia = _integrate_solids(
            lay,
            p_center,
            m_tops,
            s_bounds,
            first,
            last,
            ns[N_STEPS],
            nodes,
            p_floor,
            p_surface,
            True,
            out_r,
            out_p,
        )
    if env[E_PRESENT] > 0.0:
        if has_gas:
            _m_top, u, eta, inertia, env_unbound = _integrate_envelope(
                env,
                lay.grid,
                teq,
                m_solid,
                radius,
                top_p + math.exp(es[S_Z]),
                eta,
                inertia,
                ns[N_ENV_A],
                ns[N_ENV_I],
                True,
            )
            radius = 1.0 / u
            unbound = unbound or env_unbound or radius > bondi
        out_r[n_solids] = radius
        out_p[n_solids] = top_p
    status = OK if converged and math.isfinite(radius + eta + inertia) else NO_SOLUTION
    if unbound and has_gas:
        status = UNBOUND
    elif status == OK and _beyond_range(lay, env, p_center, out_p, s_bounds, first, has_gas):
        status = EOS_RANGE
    return radius, eta, inertia, x, status


@njit(cache=True, nogil=True, error_model="numpy")
def _beyond_range(lay, env, p_center, out_p, s_bounds, first, has_gas):
    """True where a present layer's bottom pressure exceeds what its material is trusted for."""
    for k in range(lay.kind.size):
        if s_bounds[k + 1] > s_bounds[k]:
            bottom = p_center if k == first else out_p[k - 1]
            if bottom > lay.p_max[k]:
                return True
    return has_gas and out_p[lay.kind.size - 1] > env[E_P_MAX]


@njit(cache=True, nogil=True, error_model="numpy")
def solve_planets(
    lay, env, fs, ns, mass, fractions, teq, radius, eta, inertia, ln_pc, status, layer_r, layer_p
):
    """Solve every planet of a batch; results go into the output arrays (all indexed by planet).

    ``mass`` [kg], ``fractions`` (n, n_layers) summing to 1 with the envelope (if any) last, ``teq`` [K].
    """
    n_solids = lay.kind.size
    m_tops = np.empty(n_solids)
    s_bounds = np.empty(n_solids + 1)
    for i in range(mass.size):
        total = 0.0
        solid = 0.0
        for k in range(n_solids):
            solid += fractions[i, k]
        first = -1
        s_bounds[0] = CENTRE_OFFSET * (mass[i] * solid) ** (2.0 / 3.0)
        for k in range(n_solids):
            total += fractions[i, k]
            m_tops[k] = mass[i] * total
            # A layer lighter than MIN_LAYER_FRACTION of the solids is left out (its top is its bottom):
            # its material would change the radius by less than that fraction, and resolving it would take
            # the layer above it more steps than its bulk.
            if fractions[i, k] > MIN_LAYER_FRACTION * solid:
                s_bounds[k + 1] = max(m_tops[k] ** (2.0 / 3.0), s_bounds[k])
                if first < 0:
                    first = k
            else:
                s_bounds[k + 1] = s_bounds[k]
        m_env = mass[i] * fractions[i, n_solids] if env[E_PRESENT] > 0.0 else 0.0
        radius[i], eta[i], inertia[i], ln_pc[i], status[i] = _solve_planet(
            lay, env, fs, ns, mass[i], m_tops, s_bounds, first, m_env, teq[i], layer_r[i], layer_p[i]
        )
