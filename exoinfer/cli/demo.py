"""``exoinfer demo``: the main job on built-in defaults.

1. Mass-radius curves of the built-in models, printed and plotted.
2. The interior of a built-in planet, LHS 1140 b, with the default model ``core-mantle-water-gas``, twice:
   in a second by the committed mixture density network and in about two minutes by emcee (the exact
   reference). Both posteriors are saved; ``comparison/`` holds the comparison report (tables, distances,
   overlaid corner plot and marginals), and a ternary diagram shows the exact posterior's composition.

Why LHS 1140 b: a temperate 5.6 M_E planet of 1.73 R_E (Cadieux et al. 2024) that is either a water world
or a rocky planet with a thin H/He envelope; its posterior is the degenerate, multi-layer case where
amortized and exact inference are worth comparing. Its errors (3% in mass, 1.4% in radius, 2% in Teq) lie
inside the noise the default networks were trained on.
"""

import sys
import time
from pathlib import Path

import numpy as np

#: Models shown by the demo.
DEMO_MODELS = ("iron-silicate-water", "silicate-water-hydrogen", "core-mantle-water-gas")
TABLE_MASSES = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
#: The planet characterized, and with which model (the one the default networks are trained for).
DEMO_PLANET = ("LHS 1140 b", "core-mantle-water-gas")


def register(subparsers):
    parser = subparsers.add_parser("demo", help="run the demonstration on built-in defaults")
    parser.add_argument("--out", default="exoinfer-demo", help="folder for figures (default exoinfer-demo)")
    parser.set_defaults(func=run)


def run(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _mass_radius_curves(out)
    _characterize(out)
    return 0


def _mass_radius_curves(out):
    from ..plots import plot_mass_radius
    from ..structure import get_model
    from ..structure.curves import composition_curves

    masses = np.geomspace(0.1, 25.0, 60)
    header = "".join(f"{m:>8g}" for m in TABLE_MASSES)
    for name in DEMO_MODELS:
        model = get_model(name)
        curves = composition_curves(model, masses)
        table = composition_curves(model, np.array(TABLE_MASSES))
        print(f"\n{name}: radius [R_E] at mass [M_E] = {header}")
        for label, radii in table.items():
            print(f"  {label:32s}" + "".join(f"{r:8.3f}" for r in radii))
        fig = plot_mass_radius(masses, curves, title=f"{name}: {model.description}")
        path = out / f"mass_radius_{name}.png"
        fig.savefig(path, dpi=130)
        print(f"  figure: {path}")


def _characterize(out):
    from ..backends.emcee import run_emcee
    from ..backends.mdn import run_mdn
    from ..catalog import get_planet
    from ..inference import Problem, save_posterior
    from ..plots import plot_posterior_ternary, save_figure
    from ..structure import get_model
    from .compare import print_table, write_comparison

    planet, model_name = DEMO_PLANET
    problem = Problem.from_planet(get_model(model_name), get_planet(planet))
    stem = planet.lower().replace(" ", "")
    print(f"\n{planet} ({problem.observation.text()}), model {model_name}")
    start = time.perf_counter()
    mdn = run_mdn(problem, seed=0)
    print(
        f"  mdn: 10,000 draws in {time.perf_counter() - start:.1f} s (committed network; loading torch and "
        "building every drawn planet for its radius, k2 and thicknesses take most of it)"
    )
    start = time.perf_counter()

    def report(step, message):
        print(f"  [emcee {time.perf_counter() - start:5.1f} s] {message}", file=sys.stderr, flush=True)

    exact = run_emcee(problem, seed=0, checkpoint=out / f"{stem}.emcee.h5", progress=report)
    print(f"  emcee: converged in {time.perf_counter() - start:.0f} s")
    files = {
        "mdn": save_posterior(mdn, out / f"{stem}.mdn.nc"),
        "emcee": save_posterior(exact, out / f"{stem}.emcee.nc"),
    }
    comparison = write_comparison(
        out / "comparison",
        {"emcee": exact, "mdn": mdn},
        {k: str(v) for k, v in files.items()},
        reference="emcee",
    )
    print()
    print_table(comparison, {k: str(v) for k, v in files.items()})
    ternary = save_figure(plot_posterior_ternary(exact), out / f"{stem}_ternary.png")
    print(f"\n  report: {out / 'comparison' / 'comparison.md'} (with corner.png and marginals.png)")
    print(f"  files: {files['mdn']}, {files['emcee']}, {ternary}")
