"""``exoinfer mr-diagram``: planets on a mass-radius diagram with the models' pure-composition curves."""

import sys

import numpy as np

from ..errors import InputError
from ..plots._figures import check_figure_path
from ._args import add_catalog_arguments, load_catalog, parse_pair, planets_from_names


def register(subparsers):
    parser = subparsers.add_parser(
        "mr-diagram",
        help="mass-radius diagram of planets with the pure Fe, MgSiO3, H2O and cold H2 curves",
        description=(
            "Planets (built-in by default, or from a NASA Exoplanet Archive CSV) over the pure-layer curves "
            "of iron-silicate-water and silicate-water-hydrogen and an Earth-like rock curve, with the "
            "regions no model reaches shaded."
        ),
    )
    parser.add_argument("--out", required=True, help="figure to write (.png, .pdf or .svg)")
    parser.add_argument("--planets", action="append", default=[], help="built-in planets, comma-separated")
    add_catalog_arguments(parser)
    parser.add_argument("--mass-range", help="'min,max' of the mass axis [M_E] (default: around the planets)")
    parser.add_argument("--radius-max", type=float, help="top of the radius axis [R_E]")
    parser.add_argument(
        "--log-radius",
        action="store_true",
        help="logarithmic radius axis (the default when planets larger than 8 R_E are shown)",
    )
    parser.add_argument("--no-labels", action="store_true", help="do not write planet names")
    parser.add_argument("--title", help="figure title")
    parser.set_defaults(func=run)


def run(args):
    from ..composition.reference_curves import reference_curves
    from ..plots import plot_mass_radius, save_figure

    check_figure_path(args.out)
    if args.planets and args.catalog:
        raise InputError("--planets/--catalog", None, "one of --planets or --catalog")
    if args.catalog:
        planets = list(load_catalog(args, lambda line: print(line, file=sys.stderr)))
    else:
        planets = planets_from_names(args.planets or ["all"])
    low, high = _mass_range(args.mass_range, planets)
    masses = np.geomspace(low, high, 120)
    curves = reference_curves(masses)
    regions = {
        "denser than pure Fe (no model)": (None, curves["100% Fe"]),
        "larger than pure cold H2 (no model)": (curves["100% H2 (cold)"], None),
    }
    top = args.radius_max or max(2.0, 1.15 * max(p.radius + p.radius_err[1] for p in planets))
    if not top > 0:
        raise InputError("--radius-max", args.radius_max, "a radius > 0")
    log_radius = args.log_radius or top > 8.0
    bottom = min(p.radius for p in planets) / 1.5 if log_radius else 0.0
    fig = plot_mass_radius(
        masses,
        curves,
        planets=planets,
        title=args.title or f"{len(planets)} planets and pure-composition curves",
        regions=regions,
        annotate=False if args.no_labels else None,
        xlim=(low, high),
        ylim=(bottom, top),
        log_radius=log_radius,
    )
    save_figure(fig, args.out)
    print(f"figure: {args.out} ({len(planets)} planets)", file=sys.stderr)
    return 0


def _mass_range(text, planets):
    if text:
        low, high = parse_pair("--mass-range", text, "'min,max' masses in M_E")
        if not 0 < low < high:
            raise InputError("--mass-range", text, "0 < min < max")
        return low, high
    masses = np.array([p.mass for p in planets])
    return float(masses.min() / 2.0), float(masses.max() * 2.0)
