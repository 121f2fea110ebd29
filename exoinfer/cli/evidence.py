"""``exoinfer evidence``: which structure model does a planet's data favour? (SMC evidence per model)"""

import sys

from ..errors import InputError
from ..io import write_table
from ._observation import add_observation_arguments, observation_from_args


def register(subparsers):
    parser = subparsers.add_parser(
        "evidence",
        help="posterior probability of each candidate structure model (PyMC SMC evidence)",
        description=(
            "Run PyMC Sequential Monte Carlo for each candidate model and compare their evidences: the "
            "posterior probability of each model under equal prior odds. Models that cannot produce the "
            "observation at all (e.g. a radius above pure rock for a rocky model) get probability 0 and "
            "the reason."
        ),
    )
    add_observation_arguments(parser)
    parser.add_argument(
        "--models",
        help="comma-separated candidates (default: core-mantle, core-mantle-water, core-mantle-gas and "
        "core-mantle-water-gas)",
    )
    parser.add_argument("--draws", type=int, default=2000, help="SMC particles per chain (default 2000)")
    parser.add_argument("--chains", type=int, default=2, help="independent SMC runs per model (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", help="CSV table of the evidences and probabilities")
    parser.set_defaults(func=run)


def run(args):
    from ..inference.model_comparison import DEFAULT_CANDIDATES, compare_models
    from ..structure import get_model

    for option in ("draws", "chains"):
        if getattr(args, option) < 1:
            raise InputError(f"--{option}", getattr(args, option), "a whole number >= 1")
    if args.output and not args.output.endswith(".csv"):
        raise InputError("--output", args.output, "a file name ending in .csv")
    names = args.models.split(",") if args.models else DEFAULT_CANDIDATES
    models = [get_model(name.strip()) for name in names if name.strip()]
    if len(models) < 2:
        raise InputError("--models", args.models, "at least two comma-separated model names")
    observation = observation_from_args(args)
    print(f"{observation.name}: {observation.text()}", file=sys.stderr)
    comparison = compare_models(observation, models, draws=args.draws, chains=args.chains, seed=args.seed)
    print(comparison.text())
    print(f"\nmost probable: {comparison.best}")
    if args.output:
        rows = comparison.rows()
        write_table(args.output, {key: [row[key] for row in rows] for key in rows[0]}, float_format="%.6g")
        print(f"table: {args.output}", file=sys.stderr)
    return 0
