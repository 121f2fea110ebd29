"""``exoinfer calibrate``: is a method's posterior calibrated? SBC ranks, expected coverage and TARP over
test planets drawn from the prior and observed with noise."""

import json
import sys
from pathlib import Path

from ..errors import InputError
from ._progress import progress

#: emcee's ESS target per test planet: the 100 draws ranked per planet (thinned from the chains) need
#: far fewer than the 1000 of a single inference.
CALIBRATION_EMCEE_ESS = 400


def register(subparsers):
    parser = subparsers.add_parser(
        "calibrate",
        help="coverage tests of a method over simulated planets (SBC ranks, expected coverage, TARP)",
        description="Draw --n test planets from the model's prior, observe them with Gaussian noise "
        "(relative errors drawn per planet: mass 3-20%%, radius and Teq 1-5%%, k2 5-20%%), infer each "
        "with --method, and write calibration.json, calibration.md, coverage.png and ranks.png to --out. "
        "MCMC runs go to Dask workers (a local cluster, or --scheduler) and resume from --out/draws.",
    )
    parser.add_argument("--method", required=True, help="mdn, npe, emcee, pymc-smc or pymc-demz")
    parser.add_argument("--n", type=int, required=True, help="test planets")
    parser.add_argument("--out", required=True, help="folder for the figures and plots")
    parser.add_argument("--model", default="core-mantle-water-gas")
    parser.add_argument("--inputs", default="mass,radius,teq", help="observables, e.g. mass,radius,teq,k2")
    parser.add_argument("--network", help="trained network of mdn or npe (default: the committed one)")
    parser.add_argument("--draws", type=int, default=1000, help="draws (or SMC particles) per planet")
    parser.add_argument("--scheduler", help="Dask scheduler address for MCMC methods (default: local)")
    parser.add_argument("--seed", type=int, default=0)
    parser.set_defaults(func=run)


def run(args):
    from ..backends import METHODS
    from ..diagnostics.calibration import AMORTIZED_METHODS, calibrate, calibration_planets
    from ..structure import get_model

    if args.method not in METHODS:
        raise InputError("--method", args.method, " | ".join(METHODS))
    for option in ("n", "draws"):
        if getattr(args, option) < 1:
            raise InputError(f"--{option}", getattr(args, option), "a whole number >= 1")
    model = get_model(args.model)
    inputs = [name.strip() for name in args.inputs.split(",") if name.strip()]
    out = Path(args.out)
    planets, refused = calibration_planets(model, args.n, observables=inputs, seed=args.seed)
    options = _mcmc_options(args)
    with progress(args.n, f"calibrating {args.method}") as advance:
        done = [0]

        def report(finished, _total):
            advance(finished - done[0])
            done[0] = finished

        result = calibrate(
            args.method,
            model,
            planets,
            network=args.network,
            draws=args.draws,
            seed=args.seed,
            options=options,
            scheduler=args.scheduler,
            workdir=None if args.method in AMORTIZED_METHODS else out / "draws",
            progress=report,
        )
    result.refused = refused
    result.settings = {"inputs": inputs, "seed": args.seed, "draws": args.draws, "options": options}
    _write(out, result)
    print(summary_text(result))
    print(f"\nreport: {out / 'calibration.md'}", file=sys.stderr)
    return 0


def _mcmc_options(args):
    if args.method == "emcee":
        return {"ess_min": CALIBRATION_EMCEE_ESS}
    if args.method == "pymc-smc":
        return {"draws": args.draws, "chains": 1}  # SMC particles are nearly independent draws
    return {}  # DEMetropolisZ keeps its defaults: its draws are strongly correlated


def _write(out, result):
    """The JSON figures, a Markdown report and two plots, moved into ``out`` together once all exist."""
    from ..io import staged_folder
    from ..plots._figures import save_figure
    from ..plots.calibration import plot_coverage, plot_ranks

    with staged_folder(out) as tmp:
        (tmp / "calibration.json").write_text(json.dumps(result.to_json(), indent=1))
        (tmp / "calibration.md").write_text(markdown_report(result))
        save_figure(plot_coverage(result), tmp / "coverage.png")
        save_figure(plot_ranks(result), tmp / "ranks.png")


def summary_text(result):
    """Per quantity: SBC KS p-value and largest coverage error; the joint TARP error."""
    lines = [
        f"{result.method} on {result.n_planets} test planets of {result.model} ({result.wall_time_s:.0f} s):",
        f"{'quantity':<10} {'KS p':>7} {'max |coverage - level|':>24}",
    ]
    for name, entry in result.quantities.items():
        lines.append(f"{name:<10} {entry['ks_pvalue']:7.3f} {entry['max_coverage_error']:24.3f}")
    lines.append(f"{'joint':<10} {'(TARP)':>7} {result.tarp['max_error']:24.3f}")
    return "\n".join(lines)


def markdown_report(result):
    """calibration.md: what was run, the table, the plots."""
    from ..diagnostics.calibration import CALIBRATION_ERRORS

    band = 1.96 * (0.25 / result.n_planets) ** 0.5
    errors = ", ".join(
        f"{name} {low:.0%}-{high:.0%}"
        for name in result.settings.get("inputs", [])
        for low, high in [CALIBRATION_ERRORS[name]]
    )
    return "\n".join(
        [
            f"# Calibration of {result.method}",
            "",
            f"{result.n_planets} test planets from the default prior of `{result.model}`, observed with "
            f"relative errors drawn per planet ({errors}); {result.refused} noisy observations refused by "
            f"the Problem and redrawn; {result.unscored} planet{'s' * (result.unscored != 1)} not scored "
            f"(fewer than {result.n_ranked} of their posterior draws could be built). Wall time "
            f"{result.wall_time_s:.0f} s. SBC ranks against {result.n_ranked} draws per planet.",
            "",
            "A calibrated method has KS p-values spread uniformly on (0, 1) (below 0.01 in 1% of "
            "quantities by chance) and coverage within the binomial noise of the diagonal "
            f"(95% half-width at the 50% level: {band:.3f}).",
            "",
            "| quantity | SBC KS p-value | max abs(coverage - level) |",
            "|---|---|---|",
            *(
                f"| {name} | {e['ks_pvalue']:.3f} | {e['max_coverage_error']:.3f} |"
                for name, e in result.quantities.items()
            ),
            f"| joint ({', '.join(result.tarp['quantities'])}), TARP | | {result.tarp['max_error']:.3f} |",
            "",
            "![coverage](coverage.png)",
            "",
            "![ranks](ranks.png)",
            "",
        ]
    )
