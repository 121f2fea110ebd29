"""``exoinfer infer``: the posterior of one planet's interior, by MCMC (emcee), PyMC SMC or DEMetropolisZ, or
by a trained amortized estimator (MDN, NPE)."""

import sys
import time
from pathlib import Path

from ..backends import METHODS, get_backend
from ..errors import InputError
from ..structure import DEFAULT_MODEL, get_model
from ._observation import add_observation_arguments, observation_from_args

#: Draws per chain when --draws is not given. SMC: 2 x 4000 particles reach bulk and tail ESS >= 1000 on a
#: sub-Neptune of the default model (2 x 2000 gave bulk ESS 657: resampling leaves duplicate particles).
DEFAULT_DRAWS = {"pymc-smc": 4000, "pymc-demz": 10_000, "mdn": 10_000, "npe": 10_000}


def register(subparsers):
    parser = subparsers.add_parser(
        "infer",
        help="posterior of a planet's interior (mass fractions, layer thicknesses, k2 ...)",
        description=(
            "Sample the posterior of a planet's interior given its measured mass, radius, Teq and optionally "
            "k2, C/MR^2 or any other model output. Prints median and 68%%/95%% intervals per quantity and "
            "the convergence figures; --out saves the posterior (ArviZ NetCDF)."
        ),
    )
    add_observation_arguments(parser)
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"structure model (default {DEFAULT_MODEL})")
    parser.add_argument(
        "--prior", help="prior YAML file (default: the model's default prior, configs/priors/)"
    )
    parser.add_argument("--method", default="emcee", choices=tuple(METHODS), help="sampler (default emcee)")
    parser.add_argument("--out", help="posterior file to write (.nc)")
    parser.add_argument("--plot", help="corner plot of parameters and thicknesses (.png or .pdf)")
    parser.add_argument("--trace", help="trace plot (.png or .pdf)")
    parser.add_argument("--ternary", help="ternary diagram of the posterior's solid mass fractions")
    parser.add_argument("--seed", type=int, default=0)
    sampler = parser.add_argument_group("sampler settings")
    sampler.add_argument("--walkers", type=int, help="emcee walkers (default max(16, 3 x dimension + 1))")
    sampler.add_argument("--max-steps", type=int, default=20_000, help="emcee step cap (default 20000)")
    sampler.add_argument(
        "--checkpoint", help="emcee HDF5 chain; resumes if it exists (default: next to --out, .emcee.h5)"
    )
    sampler.add_argument(
        "--draws",
        type=int,
        help="draws per chain: SMC particles (default 4000), DEMetropolisZ draws (default 10000); MDN and "
        "NPE draws in all (default 10000)",
    )
    sampler.add_argument("--chains", type=int, default=2, help="PyMC chains (default 2)")
    sampler.add_argument(
        "--network",
        help="MDN or NPE folder (weights.safetensors + card.json) from `exoinfer train`; default for the "
        "MDN: the committed network (there is none for the NPE)",
    )
    sampler.add_argument(
        "--ess-min", type=float, default=1000, help="target bulk and tail ESS (default 1000)"
    )
    sampler.add_argument("--rhat-max", type=float, default=1.01, help="target R-hat (default 1.01)")
    parser.set_defaults(func=run)


def run(args):
    from ..diagnostics import convergence_report
    from ..inference import Problem, load_prior, save_posterior

    _check_outputs(args)
    start = time.perf_counter()
    model = get_model(args.model)
    observation = observation_from_args(args)
    problem = Problem(model, observation, load_prior(model, args.prior))
    for name in problem.ignored:
        print(f"note: {name} is not used by {model.name!r} (no envelope)", file=sys.stderr)
    print(f"{observation.name}: {observation.text()}", file=sys.stderr)
    print(f"model {model.name}, method {args.method}", file=sys.stderr)
    idata = get_backend(args.method)(problem, **_options(args))
    report = convergence_report(idata, problem.parameter_names, args.rhat_max, args.ess_min)
    idata.posterior.attrs.update(report.as_attrs())
    _print_summary(idata, report, time.perf_counter() - start)
    if args.out:
        save_posterior(idata, args.out)
        print(f"posterior: {args.out}", file=sys.stderr)
    _plots(args, idata)
    return 0


def _check_outputs(args):
    """Refuse bad numbers and unwritable targets before sampling, so nothing is lost at the end."""
    for option in ("walkers", "max_steps", "draws", "chains"):
        value = getattr(args, option)
        if value is not None and value < 1:
            raise InputError(f"--{option.replace('_', '-')}", value, "a whole number >= 1")
    from ..plots._figures import check_figure_path

    if args.out and Path(args.out).suffix.lower() != ".nc":
        raise InputError("--out", args.out, "a file name ending in .nc")
    for path in (args.plot, args.trace, args.ternary):
        if path:
            check_figure_path(path)


def _options(args):
    progress = _progress_printer()
    if args.method == "emcee":
        checkpoint = args.checkpoint or (str(Path(args.out).with_suffix(".emcee.h5")) if args.out else None)
        return {
            "seed": args.seed,
            "n_walkers": args.walkers,
            "max_steps": args.max_steps,
            "rhat_max": args.rhat_max,
            "ess_min": args.ess_min,
            "checkpoint": checkpoint,
            "progress": progress,
        }
    if args.method in ("mdn", "npe"):
        return {"seed": args.seed, "draws": args.draws or DEFAULT_DRAWS[args.method], "network": args.network}
    draws = args.draws or DEFAULT_DRAWS[args.method]
    return {"seed": args.seed, "draws": draws, "chains": args.chains}


def _progress_printer():
    start = time.perf_counter()

    def report(step, message):
        print(f"  [{time.perf_counter() - start:6.1f} s] {message}", file=sys.stderr, flush=True)

    return report


def _print_summary(idata, report, elapsed):
    from ..inference.summary import summarize

    attrs = idata.posterior.attrs
    print(f"\n{attrs['planet']} | {attrs['model']} | {attrs['method']}")
    header = f"{'quantity':10s} {'unit':5s} {'median':>9s} {'68% interval':>21s} {'95% interval':>21s}"
    print(f"{header}  {'R-hat':>6s} {'ESS bulk':>8s} {'ESS tail':>8s} {'MCSE':>9s}")
    for row in summarize(idata):
        line = (
            f"{row.name:10s} {row.unit:5s} {row.median:9.4g} [{row.lo68:9.4g}, {row.hi68:9.4g}]"
            f" [{row.lo95:9.4g}, {row.hi95:9.4g}]"
        )
        if row.name in report.names:  # the sampled parameters
            line += (
                f"  {report.rhat[row.name]:6.3f} {report.ess_bulk[row.name]:8.0f} "
                f"{report.ess_tail[row.name]:8.0f} {report.mcse_mean[row.name]:9.2g}"
            )
        print(line)
    rhat, bulk, tail = report.worst()
    state = "converged" if report.converged else "NOT CONVERGED"
    print(
        f"\n{state}: R-hat max {rhat:.4f}, ESS bulk min {bulk:.0f}, tail min {tail:.0f} "
        f"(targets {report.rhat_max:g}, {report.ess_min:g}); {elapsed:.1f} s from start"
    )
    for name, why in report.failing.items():
        print(f"warning: {name}: {why}", file=sys.stderr)
    if "log_evidence" in attrs:
        print(f"log evidence {attrs['log_evidence']:.3f} ± {attrs.get('log_evidence_std', float('nan')):.3f}")


def _plots(args, idata):
    if not (args.plot or args.trace or args.ternary):
        return
    from .. import plots

    if args.plot:
        plots.save_figure(plots.plot_corner(idata), args.plot)
        print(f"corner plot: {args.plot}", file=sys.stderr)
    if args.trace:
        plots.save_figure(plots.plot_trace(idata), args.trace)
        print(f"trace plot: {args.trace}", file=sys.stderr)
    if args.ternary:
        plots.save_figure(plots.plot_posterior_ternary(idata), args.ternary)
        print(f"ternary diagram: {args.ternary}", file=sys.stderr)
