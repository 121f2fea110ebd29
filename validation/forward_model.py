"""Validation of the forward model: convergence, published mass-radius relations, Earth, robustness.

    python validation/forward_model.py                # full study -> validation/results/forward_model.md
    python validation/forward_model.py --quick --out /tmp/fm   # a smaller version (used by the tests)

Sections
1. The fast solver against its own converged solution (10x steps, tighter tolerances), per model.
2. ``iron-silicate-water`` against the mass-radius scaling law of Seager et al. (2007), 0.1-20 M_E.
3. ``core-mantle-water-gas`` against Zeng, Sasselov & Jacobsen (2016) Table 2, 0.5-16 M_E.
4. Earth: radius, fluid k2, C/MR^2, central and core-mantle-boundary pressures against PREM.
5. Robustness: planets over the whole parameter space; failure rate by status.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from exoinfer.structure import Status, get_model
from exoinfer.structure.curves import mass_radius_curve

MODELS = (
    "iron-silicate-water",
    "silicate-water-hydrogen",
    "core-mantle-water-gas",
    "core-mantle",
    "core-mantle-water",
    "core-mantle-gas",
)
SEAGER_LAW = {  # Seager et al. 2007, Table 4: k1, k2, k3, m1 [M_E], r1 [R_E]
    "Fe (core)": ("core", -0.209490, 0.0804, 0.394, 5.80, 2.52),
    "MgSiO3 (mantle)": ("mantle", -0.209594, 0.0799, 0.413, 10.55, 3.90),
    "H2O (water)": ("water", -0.209396, 0.0807, 0.375, 5.52, 4.43),
}
ZENG_MASSES = np.array([0.5, 1.0, 2.0, 4.0, 8.0, 16.0])
ZENG = {  # R_E; None where the issue/table gives no value at that mass
    "100% Fe": ({"core": 1.0}, [0.676, 0.823, 0.990, 1.176, 1.378, 1.594], 0.07),
    "30% Fe (Earth-like)": ({"core": 0.3, "mantle": 0.7}, [None, 1.005, None, None, 1.75, None], 0.03),
    "rock (MgSiO3)": ({"mantle": 1.0}, [0.872, 1.067, 1.299, 1.570, 1.878, 2.218], 0.03),
    "50% H2O": ({"core": 0.1625, "mantle": 0.3375, "water": 0.5}, [None, 1.27, None, None, 2.21, None], 0.07),
}


def random_planets(model, n, rng):
    """Mass 0.1-25 M_E log-uniform, solids uniform on their simplex, envelope 1e-5..0.2 log-uniform."""
    n_solid = sum(not layer.is_envelope for layer in model.layers)
    fractions = rng.dirichlet(np.ones(n_solid), n)
    params = {"mass": 10 ** rng.uniform(-1, np.log10(25), n)}
    if model.uses_teq:
        gas = 10 ** rng.uniform(-5, np.log10(0.2), n)
        fractions = np.column_stack([fractions * (1 - gas)[:, None], gas])
        params["teq"] = rng.uniform(100, 1000, n)
    params.update({name: fractions[:, k] for k, name in enumerate(model.fraction_names)})
    return params


def convergence(n, rng):
    lines = [
        "| model | planets built | max abs(dR/R) | 99th pct | max abs(dk2) | max abs(d C/MR^2) |",
        "|---|---|---|---|---|---|",
    ]
    for name in MODELS:
        model = get_model(name)
        params = random_planets(model, n, rng)
        fast, ref = model.simulate(params), model.simulate(params, model.settings.refined(10))
        ok = fast.ok & ref.ok
        dr = np.abs(fast.radius[ok] / ref.radius[ok] - 1)
        lines.append(
            f"| {name} | {ok.sum()}/{n} | {dr.max():.1e} | {np.percentile(dr, 99):.1e} | "
            f"{np.abs(fast.k2 - ref.k2)[ok].max():.1e} | {np.abs(fast.moi - ref.moi)[ok].max():.1e} |"
        )
    return lines


def seager():
    model = get_model("iron-silicate-water")
    masses = np.geomspace(0.1, 20.0, 40)
    lines = ["| material | max abs(R/R_law - 1), 0.1-20 M_E | at 1 M_E: R [R_E] (law) |", "|---|---|---|"]
    for label, (layer, k1, k2, k3, m1, r1) in SEAGER_LAW.items():
        law = r1 * 10 ** (k1 + np.log10(masses / m1) / 3 - k2 * (masses / m1) ** k3)
        radii = mass_radius_curve(model, {layer: 1.0}, masses)
        one = mass_radius_curve(model, {layer: 1.0}, [1.0])[0]
        law_one = r1 * 10 ** (k1 + np.log10(1 / m1) / 3 - k2 * (1 / m1) ** k3)
        lines.append(f"| {label} | {np.max(np.abs(radii / law - 1)):.2%} | {one:.4f} ({law_one:.4f}) |")
    return lines


def zeng():
    model = get_model("core-mantle-water-gas")
    header = " | ".join(f"{m:g} M_E" for m in ZENG_MASSES)
    lines = [f"| composition (tolerance) | {header} |", "|---|" + "---|" * len(ZENG_MASSES)]
    for label, (fractions, table, tolerance) in ZENG.items():
        radii = mass_radius_curve(model, fractions, ZENG_MASSES, teq=300.0)
        cells = [
            f"{r:.3f}" + ("" if z is None else f" ({z:.3f}, {r / z - 1:+.1%})")
            for r, z in zip(radii, table, strict=True)
        ]
        lines.append(f"| {label} ({tolerance:.0%}) | " + " | ".join(cells) + " |")
    return lines


def earth():
    model = get_model("core-mantle-water-gas")
    r = model.simulate(
        {"mass": [1.0], "w_core": 0.325, "w_mantle": 0.675, "w_water": 0.0, "w_gas": 0.0, "teq": 255.0}
    )
    rows = [
        ("radius [R_E]", r.radius[0], "1.000"),
        ("fluid k2", r.k2[0], "0.933 (PREM)"),
        ("C/MR^2", r.moi[0], "0.3307"),
        ("central pressure [GPa]", r.p_center[0], "364 (PREM)"),
        ("core-mantle boundary pressure [GPa]", r.layer_pressure[0, 0], "135.8 (PREM)"),
        ("core radius / R", r.layer_radius[0, 0] / r.radius[0], "0.546 (PREM: 3480 km / 6371 km)"),
    ]
    return ["| quantity | exoinfer | Earth |", "|---|---|---|"] + [
        f"| {q} | {v:.4f} | {ref} |" for q, v, ref in rows
    ]


def robustness(n, rng):
    model = get_model("core-mantle-water-gas")
    fractions = rng.dirichlet(np.ones(4), n)  # gas up to 100%: far beyond the envelope model's intent
    params = {
        "mass": 10 ** rng.uniform(-1, np.log10(25), n),
        **{name: fractions[:, k] for k, name in enumerate(model.fraction_names)},
        "teq": rng.uniform(100, 1000, n),
    }
    start = time.perf_counter()
    result = model.simulate(params)
    seconds = time.perf_counter() - start
    counts = result.status_counts()
    failed = result.status == Status.NO_SOLUTION
    lines = [
        f"{n} planets, fractions uniform on the 4-simplex (w_gas up to 1), {seconds:.1f} s, no exception.",
        "",
    ]
    lines += ["| status | planets | fraction |", "|---|---|---|"]
    lines += [f"| {label} | {c} | {c / n:.2%} |" for label, c in counts.items()]
    if failed.any():
        lines += ["", f"Median w_gas of the no_solution planets: {np.median(fractions[failed, 3]):.3f}."]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer planets (for tests)")
    parser.add_argument("--out", default="validation/results", help="folder for forward_model.md")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    n_conv, n_robust = (200, 5_000) if args.quick else (3_000, 100_000)
    sections = [
        ("1. Convergence: default solver against 10x refined", convergence(n_conv, rng)),
        ("2. iron-silicate-water against Seager et al. 2007 (scaling law, Table 4)", seager()),
        (
            "3. core-mantle-water-gas against Zeng et al. 2016 (R [R_E]; table value, deviation)",
            zeng(),
        ),
        ("4. Earth (32.5% core, 67.5% mantle)", earth()),
        ("5. Robustness", robustness(n_robust, rng)),
    ]
    text = [
        "# Forward-model validation",
        "",
        f"Command: `python validation/forward_model.py{' --quick' * args.quick}`",
        "",
    ]
    for title, lines in sections:
        text += [f"## {title}", "", *lines, ""]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "forward_model.md").write_text("\n".join(text))
    print("\n".join(text))


if __name__ == "__main__":
    main()
