"""``exoinfer train mdn``: train a mixture density network on a simulation set and save it."""

import sys
import time

from ..errors import InputError


def register(subparsers):
    parser = subparsers.add_parser("train", help="train an amortized posterior estimator on simulations")
    kinds = parser.add_subparsers(dest="estimator", metavar="ESTIMATOR", required=True)
    mdn = kinds.add_parser(
        "mdn",
        help="mixture density network (full-covariance Gaussian mixture)",
        description="Train an MDN on a simulation set (exoinfer simulate) and save weights.safetensors "
        "and card.json in --out.",
    )
    mdn.add_argument("--data", required=True, help="simulation set (.zarr) from `exoinfer simulate`")
    mdn.add_argument("--inputs", default="mass,radius,teq", help="observables, e.g. mass,radius,teq,k2")
    mdn.add_argument("--out", required=True, help="folder for weights.safetensors and card.json")
    mdn.add_argument(
        "--noise",
        default="aware",
        choices=("aware", "none"),
        help="aware: learn the posterior under measurement noise (default); none: exact inputs (ExoMDN)",
    )
    mdn.add_argument("--covariance", default="full", choices=("full", "diagonal"))
    mdn.add_argument("--components", type=int, default=8)
    mdn.add_argument("--hidden", type=int, default=128, help="width of the hidden layers (default 128)")
    mdn.add_argument("--layers", type=int, default=3)
    mdn.add_argument("--epochs", type=int, default=200, help="most epochs (early stopping ends sooner)")
    mdn.add_argument("--batch-size", type=int, default=2048)
    mdn.add_argument("--max-rows", type=int, help="use at most this many simulated planets")
    mdn.add_argument("--seed", type=int, default=0)
    mdn.set_defaults(func=run)


def run(args):
    from ..backends.mdn import MDNEstimator
    from ..inference import Prior
    from ..simulate import open_simulations
    from ..structure import get_model

    for option in ("components", "hidden", "layers", "epochs", "batch_size"):
        if getattr(args, option) < 1:
            raise InputError(f"--{option.replace('_', '-')}", getattr(args, option), "a whole number >= 1")
    sims = open_simulations(args.data)
    model = get_model(sims.attrs["model"]["name"])
    inputs = [name.strip() for name in args.inputs.split(",") if name.strip()]
    estimator = MDNEstimator.create(
        model,
        inputs,
        noise=args.noise,
        components=args.components,
        hidden=args.hidden,
        layers=args.layers,
        covariance=args.covariance,
    )
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

    source = {"path": str(args.data), "rows": len(data["mass"]), "seed": sims.attrs.get("seed")}
    training = estimator.fit(
        data, epochs=args.epochs, batch_size=args.batch_size, seed=args.seed, progress=report, source=source
    )
    estimator.card["name"] = f"{model.name}__{'-'.join(inputs)}"
    estimator.save(args.out)
    print(
        f"best validation NLL {training['best_val_nll']:.4f} after {training['epochs_run']} epochs; "
        f"saved {args.out}"
    )
    return 0
