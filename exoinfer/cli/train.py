"""``exoinfer train mdn|npe``: train an amortized posterior estimator (mixture density network, or a
normalizing flow for neural posterior estimation) on a simulation set and save it."""

import shlex
import sys
import time

from ..errors import InputError

#: Options that must be whole numbers >= 1, where a kind of estimator has them.
WHOLE_NUMBERS = ("components", "hidden", "layers", "transforms", "bins", "epochs", "batch_size")


def register(subparsers):
    parser = subparsers.add_parser("train", help="train an amortized posterior estimator on simulations")
    kinds = parser.add_subparsers(dest="kind", metavar="ESTIMATOR", required=True)
    mdn = _add_kind(
        kinds,
        "mdn",
        "mixture density network (full-covariance Gaussian mixture)",
        "Train an MDN on a simulation set (exoinfer simulate) and save weights.safetensors and card.json in "
        "--out.",
    )
    mdn.add_argument("--covariance", default="full", choices=("full", "diagonal"))
    mdn.add_argument("--components", type=int, default=8)
    mdn.add_argument("--layers", type=int, default=3)
    npe = _add_kind(
        kinds,
        "npe",
        "neural posterior estimation with a normalizing flow (sbi's MAF or NSF)",
        "Train a conditional normalizing flow q(interior | observables) on a simulation set (exoinfer "
        "simulate) and save weights.safetensors and card.json in --out; use it with `exoinfer infer "
        "--method npe --network DIR`.",
    )
    npe.add_argument(
        "--estimator",
        default="maf",
        choices=("maf", "nsf"),
        help="maf: masked autoregressive flow (default); nsf: neural spline flow",
    )
    npe.add_argument("--transforms", type=int, default=5, help="flow transforms (default 5)")
    npe.add_argument("--bins", type=int, default=10, help="spline bins of an NSF (default 10)")


def _add_kind(kinds, name, summary, description):
    """A ``train`` sub-command with the options every estimator takes."""
    parser = kinds.add_parser(name, help=summary, description=description)
    parser.add_argument("--data", required=True, help="simulation set (.zarr) from `exoinfer simulate`")
    parser.add_argument("--inputs", default="mass,radius,teq", help="observables, e.g. mass,radius,teq,k2")
    parser.add_argument("--out", required=True, help="folder for weights.safetensors and card.json")
    parser.add_argument(
        "--noise",
        default="aware",
        choices=("aware", "none"),
        help="aware: learn the posterior under measurement noise (default); none: exact inputs (ExoMDN)",
    )
    parser.add_argument("--hidden", type=int, default=128, help="width of the hidden layers (default 128)")
    parser.add_argument("--epochs", type=int, default=200, help="most epochs (early stopping ends sooner)")
    parser.add_argument("--batch-size", type=int, default=2048)
    parser.add_argument("--max-rows", type=int, help="use at most this many simulated planets")
    parser.add_argument("--seed", type=int, default=0)
    parser.set_defaults(func=run)
    return parser


def run(args):
    from ..inference import Prior
    from ..simulate import open_simulations
    from ..structure import get_model

    for option in WHOLE_NUMBERS:
        value = getattr(args, option, 1)
        if value < 1:
            raise InputError(f"--{option.replace('_', '-')}", value, "a whole number >= 1")
    sims = open_simulations(args.data)
    model = get_model(sims.attrs["model"]["name"])
    inputs = [name.strip() for name in args.inputs.split(",") if name.strip()]
    estimator = _create(args, model, inputs)
    unknown = [n for n in inputs if n not in sims.names]
    if unknown:
        raise InputError("--inputs", unknown[0], f"quantities stored in {args.data}: {', '.join(sims.names)}")
    names = sorted(set(inputs) | set(estimator.vector.names))
    data = sims.arrays(names, ok_only=True, max_rows=args.max_rows)
    print(f"{args.data}: {len(data['mass'])} built planets of {model.name}", file=sys.stderr)
    estimator.card["prior"] = sims.attrs.get("prior", Prior.default(model).describe())
    start = time.perf_counter()

    def report(epoch, epochs, train, val):
        elapsed = time.perf_counter() - start
        print(
            f"  epoch {epoch:3d}: train NLL {train:8.4f}, validation NLL {val:8.4f} ({elapsed:5.0f} s)",
            file=sys.stderr,
            flush=True,
        )

    source = {
        "path": str(args.data),
        "simulated": sims.attrs.get("n"),
        "rows": len(data["mass"]),
        "seed": sims.attrs.get("seed"),
    }
    training = estimator.fit(
        data, epochs=args.epochs, batch_size=args.batch_size, seed=args.seed, progress=report, source=source
    )
    estimator.card["name"] = f"{model.name}__{'-'.join(inputs)}"
    # The exact command, so that anyone can retrain the network from its card alone.
    estimator.card["made_by"] = shlex.join(args.command_line)
    estimator.save(args.out)
    print(
        f"best validation NLL {training['best_val_nll']:.4f} after {training['epochs_run']} epochs; "
        f"saved {args.out}"
    )
    return 0


def _create(args, model, inputs):
    """The untrained estimator the sub-command asks for."""
    if args.kind == "mdn":
        from ..backends.mdn import MDNEstimator as Estimator

        options = {"components": args.components, "layers": args.layers, "covariance": args.covariance}
    else:
        from ..backends.npe import NPEEstimator as Estimator

        options = {"estimator": args.estimator, "transforms": args.transforms, "bins": args.bins}
    return Estimator.create(model, inputs, noise=args.noise, hidden=args.hidden, seed=args.seed, **options)
