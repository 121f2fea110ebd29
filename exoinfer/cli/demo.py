"""``exoinfer demo``: the main job on built-in defaults.

1. Mass-radius curves of the built-in models, printed and plotted.
2. The interior of a built-in planet, TRAPPIST-1 e, by emcee with the ``core-mantle-water`` model: the
   summary table, the posterior file, a corner plot and a ternary diagram of its composition.
"""

import sys
import time
from pathlib import Path

import numpy as np

#: Models shown by the demo.
DEMO_MODELS = ("iron-silicate-water", "silicate-water-hydrogen", "core-mantle-water-gas")
TABLE_MASSES = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)
#: The planet characterized, and with which model: a temperate rocky planet that may hold water.
DEMO_PLANET = ("TRAPPIST-1 e", "core-mantle-water")


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
    from ..catalog import get_planet
    from ..inference import Problem, save_posterior
    from ..inference.summary import summarize
    from ..plots import plot_corner, plot_posterior_ternary, save_figure
    from ..structure import get_model

    planet, model_name = DEMO_PLANET
    problem = Problem.from_planet(get_model(model_name), get_planet(planet))
    print(f"\n{planet} ({problem.observation.text()}), model {model_name}: emcee to convergence")
    start = time.perf_counter()

    def report(step, message):
        print(f"  [{time.perf_counter() - start:5.1f} s] {message}", file=sys.stderr, flush=True)

    stem = planet.lower().replace(" ", "")
    idata = run_emcee(problem, seed=0, checkpoint=out / f"{stem}.emcee.h5", progress=report)
    for row in summarize(idata):
        print(f"  {row.name:9s} {row.median:8.4g}  68%: [{row.lo68:.4g}, {row.hi68:.4g}]")
    paths = [
        save_posterior(idata, out / f"{stem}.nc"),
        save_figure(plot_corner(idata), out / f"{stem}_corner.png"),
        save_figure(plot_posterior_ternary(idata), out / f"{stem}_ternary.png"),
    ]
    print("  files: " + ", ".join(str(p) for p in paths))
