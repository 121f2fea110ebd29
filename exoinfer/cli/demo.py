"""``exoinfer demo``: the main job on built-in defaults.

For now: mass-radius curves of the built-in models, printed and plotted.
"""

from pathlib import Path

import numpy as np

#: Models shown by the demo.
DEMO_MODELS = ("iron-silicate-water", "silicate-water-hydrogen", "core-mantle-water-gas")
TABLE_MASSES = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0)


def register(subparsers):
    parser = subparsers.add_parser("demo", help="run the demonstration on built-in defaults")
    parser.add_argument("--out", default="exoinfer-demo", help="folder for figures (default exoinfer-demo)")
    parser.set_defaults(func=run)


def run(args):
    from ..plots import plot_mass_radius
    from ..structure import get_model
    from ..structure.curves import composition_curves

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
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
    return 0
