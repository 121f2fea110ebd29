"""``exoinfer degeneracy``: the three-layer compositions that reproduce a planet's mass and radius."""

import sys

import numpy as np

from ..composition import CurveStatus, degeneracy_curves, layer_labels
from ..composition.threelayer import require_three_layers
from ..errors import InputError
from ..io import write_table
from ..plots._figures import check_figure_path
from ..structure import get_model
from ._args import parse_error, parse_pair, planets_from_names

#: Alpha step of the printed table (the CSV output has every grid point).
PRINT_STEP = 0.1


def register(subparsers):
    parser = subparsers.add_parser(
        "degeneracy",
        help="degeneracy curve (and uncertainty band) of a three-layer model on a ternary diagram",
        description=(
            "For each innermost-layer fraction alpha on a grid, the middle-layer fraction beta (and outer "
            "gamma = 1 - alpha - beta) that reproduces the planet's radius at its mass. With uncertainties, "
            "Monte Carlo draws of (M, R) give per alpha a band of beta (quantiles over the draws that have "
            "a solution)."
        ),
    )
    parser.add_argument("--model", default="iron-silicate-water", help="a three-layer model")
    parser.add_argument("--planet", action="append", default=[], help="built-in planet (repeatable)")
    parser.add_argument("--mass", type=float, help="planet mass [M_E]")
    parser.add_argument("--radius", type=float, help="planet radius [R_E]")
    parser.add_argument("--mass-err", help="1-sigma mass error [M_E], or 'lower,upper'")
    parser.add_argument("--radius-err", help="1-sigma radius error [R_E], or 'lower,upper'")
    parser.add_argument("--name", default="planet", help="label for --mass/--radius")
    parser.add_argument("--teq", type=float, help="equilibrium temperature [K] (models with an envelope)")
    parser.add_argument(
        "--alphas", type=int, default=101, help="grid points in alpha on [0, 1] (default 101)"
    )
    parser.add_argument("--draws", type=int, default=1000, help="Monte Carlo draws of (M, R) (default 1000)")
    parser.add_argument(
        "--band", default="2.5,97.5", help="band percentiles 'low,high' or 'min-max' (default 2.5,97.5)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", help="ternary diagram to write (.png, .pdf or .svg)")
    parser.add_argument("--output", help="CSV table with every alpha of every planet")
    parser.set_defaults(func=run)


def run(args):
    model = get_model(args.model)
    require_three_layers(model)
    if args.plot:
        check_figure_path(args.plot)
    if args.draws < 0:
        raise InputError("--draws", args.draws, "a number of draws >= 0")
    band = (0.0, 1.0) if args.band.strip() == "min-max" else _percentiles(args.band)
    names, masses, radii, m_err, r_err, teq = _targets(args, model)
    curves = degeneracy_curves(
        model,
        masses,
        radii,
        m_err,
        r_err,
        names=names,
        alphas=args.alphas,
        draws=args.draws,
        band=band,
        seed=args.seed,
        teq=teq,
    )
    labels = layer_labels(model)
    for curve in curves:
        _print_curve(curve, labels)
    figure = _figure(curves, model) if args.plot else None
    if args.output:
        parts = [c.columns() for c in curves]
        write_table(args.output, {k: np.concatenate([p[k] for p in parts]) for k in parts[0]})
        print(f"table: {args.output}", file=sys.stderr)
    if figure is not None:
        from ..plots import save_figure

        save_figure(figure, args.plot)
        print(f"figure: {args.plot}", file=sys.stderr)
    return 0


def _percentiles(text):
    low, high = parse_pair("--band", text, "'low,high' percentiles (e.g. 2.5,97.5) or 'min-max'")
    if not 0 <= low <= high <= 100:
        raise InputError("--band", text, "percentiles 0 <= low <= high <= 100")
    return (low / 100.0, high / 100.0)


def _targets(args, model):
    if args.planet and (args.mass is not None or args.radius is not None):
        raise InputError("--planet/--mass", args.planet, "either --planet or --mass and --radius, not both")
    if args.planet:
        planets = planets_from_names(args.planet)
        teq = None
        if model.uses_teq:
            teq = [args.teq if args.teq is not None else p.teq for p in planets]
            if any(t is None for t in teq):
                raise InputError("--teq", None, f"a temperature: {model.name!r} has an envelope")
        return (
            [p.name for p in planets],
            [p.mass for p in planets],
            [p.radius for p in planets],
            [p.mass_err for p in planets],
            [p.radius_err for p in planets],
            teq,
        )
    if args.mass is None or args.radius is None:
        raise InputError("--mass/--radius", None, "--mass and --radius (Earth units), or --planet NAME")
    if model.uses_teq and args.teq is None:
        raise InputError("--teq", None, f"a temperature in K: {model.name!r} has an envelope")
    return (
        [args.name],
        [args.mass],
        [args.radius],
        [parse_error("--mass-err", args.mass_err)],
        [parse_error("--radius-err", args.radius_err)],
        args.teq,
    )


def _print_curve(curve, labels):
    a, b, c = labels
    m_lo, m_hi = curve.mass_err
    r_lo, r_hi = curve.radius_err
    print(
        f"\n{curve.model}: {curve.name}, M = {curve.mass:g} (-{m_lo:g}/+{m_hi:g}) M_E, "
        f"R = {curve.radius:g} (-{r_lo:g}/+{r_hi:g}) R_E"
    )
    if curve.n_draws:
        q_lo, q_hi = curve.band
        what = "min-max" if (q_lo, q_hi) == (0.0, 1.0) else f"{100 * q_lo:g}-{100 * q_hi:g}% quantiles"
        print(f"band: {what} of {b} over the draws with a solution ({curve.n_draws} draws of M and R)")
    header = f"{'alpha ' + a:>14} {'beta ' + b:>14} {'gamma ' + c:>14}"
    if curve.n_draws:
        header += f" {'band of beta':>19} {'draws solved':>13}"
    print(header)
    step = max(1, int(np.rint(PRINT_STEP / np.median(np.diff(curve.alpha))))) if curve.alpha.size > 1 else 1
    for i in range(0, curve.alpha.size, step):
        print(_row(curve, i))
    if not curve.solved.any():
        print("no composition of this model reproduces the nominal mass and radius")


def _row(curve, i):
    alpha = f"{curve.alpha[i]:14.3f}"
    if curve.status[i] == CurveStatus.SOLVED:
        middle = f" {curve.beta[i]:14.5f} {curve.gamma[i]:14.5f}"
    else:
        middle = f" {'-- no fit: ' + CurveStatus(curve.status[i]).label.replace('_', ' '):>29}"
    if not curve.n_draws:
        return alpha + middle
    if np.isfinite(curve.beta_low[i]):
        band = f" [{curve.beta_low[i]:7.4f}, {curve.beta_high[i]:7.4f}]"
    else:
        band = f" {'--':>19}"
    return alpha + middle + band + f" {100 * curve.solvable_fraction[i]:12.1f}%"


def _figure(curves, model):
    from ..plots import plot_degeneracy

    title = f"{model.name}: compositions that fit M and R"
    return plot_degeneracy(curves, labels=layer_labels(model, tex=True), title=title)
