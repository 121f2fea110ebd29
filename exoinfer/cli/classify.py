"""``exoinfer classify``: can a rocky three-layer model build the planet, or does it need gas?"""

import sys

import numpy as np

from ..composition import CLASSES, classify
from ..errors import InputError
from ..io import write_table
from ._args import add_catalog_arguments, load_catalog, parse_error, planets_from_names

#: Most planets printed; the CSV output has them all.
MAX_PRINTED = 40


def register(subparsers):
    parser = subparsers.add_parser(
        "classify",
        help="probability that a planet is rocky, needs gas, is ambiguous or fits neither model",
        description=(
            "From Monte Carlo draws of mass and radius, the fraction that only iron-silicate-water can "
            "build (rocky), both it and silicate-water-hydrogen can (ambiguous), only the gas model can "
            "(gas), or neither (denser than pure Fe, or larger than pure cold H2)."
        ),
    )
    source = parser.add_argument_group("planets (one of)")
    source.add_argument("--planet", action="append", default=[], help="built-in planet(s), or 'all'")
    source.add_argument("--mass", type=float, help="planet mass [M_E]")
    source.add_argument("--radius", type=float, help="planet radius [R_E]")
    source.add_argument("--mass-err", help="1-sigma mass error [M_E], or 'lower,upper'")
    source.add_argument("--radius-err", help="1-sigma radius error [R_E], or 'lower,upper'")
    source.add_argument("--name", default="planet", help="label for --mass/--radius")
    add_catalog_arguments(parser)
    parser.add_argument("--draws", type=int, default=200, help="draws of (M, R) per planet (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", help="CSV table with the probabilities of every planet")
    parser.set_defaults(func=run)


def run(args):
    if args.draws < 0:
        raise InputError("--draws", args.draws, "a number of draws >= 0")
    names, masses, radii, m_err, r_err = _targets(args)
    result = classify(masses, radii, m_err, r_err, names=names, draws=args.draws, seed=args.seed)
    _print(result)
    if args.output:
        write_table(args.output, result.columns(), float_format="%.6g")
        print(f"table: {args.output}", file=sys.stderr)
    return 0


def _targets(args):
    chosen = [bool(args.planet), args.mass is not None or args.radius is not None, bool(args.catalog)]
    if sum(chosen) != 1:
        raise InputError("planets", None, "exactly one of --planet, --mass/--radius or --catalog")
    if args.planet or args.catalog:
        if args.planet:
            planets = planets_from_names(args.planet)
        else:
            planets = list(load_catalog(args, lambda line: print(line, file=sys.stderr)))
        return (
            [p.name for p in planets],
            np.array([p.mass for p in planets]),
            np.array([p.radius for p in planets]),
            np.array([p.mass_err for p in planets]),
            np.array([p.radius_err for p in planets]),
        )
    if args.mass is None or args.radius is None:
        raise InputError("--mass/--radius", None, "both --mass and --radius (Earth units)")
    m_err, r_err = parse_error("--mass-err", args.mass_err), parse_error("--radius-err", args.radius_err)
    return [args.name], [args.mass], [args.radius], np.array([m_err]), np.array([r_err])


def _print(result):
    print(
        f"models: rocky = {result.models[0]} ({result.limits['rocky_min']} to {result.limits['rocky_max']}), "
        f"gas = {result.models[1]} ({result.limits['gas_min']} to {result.limits['gas_max']}); "
        f"{result.n_draws} draws per planet"
    )
    width = max(8, *(len(n) for n in result.names[:MAX_PRINTED]))
    cols = "".join(f"{'P(' + c + ')':>13}" for c in CLASSES[:4])
    print(f"{'planet':<{width}} {'M [M_E]':>9} {'R [R_E]':>8}{cols}  class")
    for i in range(min(len(result), MAX_PRINTED)):
        probs = "".join(f"{result.probabilities[c][i]:13.3f}" for c in CLASSES[:4])
        label = result.label[i] + (f" ({result.reason[i]})" if result.reason[i] else "")
        print(f"{result.names[i]:<{width}} {result.mass[i]:9.4g} {result.radius[i]:8.4g}{probs}  {label}")
    if len(result) > MAX_PRINTED:
        print(f"... {len(result) - MAX_PRINTED} more (see --output)")
    counts = {c: int(np.sum(result.label == c)) for c in CLASSES}
    print("summary: " + ", ".join(f"{n} {c}" for c, n in counts.items() if n))
