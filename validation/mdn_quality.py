"""Quality of the MDN: full against diagonal covariance, calibration under noise both ways, latency.

    python validation/mdn_quality.py --sims out/core-mantle-water-gas.zarr   # the issue's study
    python validation/mdn_quality.py --quick                                 # 30k fresh simulations

Full mode. The last ``--held-out`` built planets of the set (default 100,000) are never trained on; the
committed default network must have been trained on rows before them (checked against its card).

1. Three networks of one size and one training budget (``--train-rows`` planets, ``--epochs``): full
   covariance and noise-aware, diagonal covariance (ExoMDN's choice) and noise-aware, and full covariance
   trained on exact inputs (errors handled ExoMDN's way, by resampling the inputs). Each is saved under
   ``--work`` and reloaded by a rerun, so an interrupted study resumes.
2. Held-out mean negative log-likelihood of the true interior vector (standardized log-ratio space,
   noisy inputs drawn once with a fixed seed), full against diagonal, and of the committed default.
3. Calibration under measurement noise: ``--coverage-planets`` fresh planets from the prior (never trained
   on), observed with the errors of ``exoinfer calibrate`` (mass 3-20%, radius and Teq 1-5%), scored with
   :func:`exoinfer.diagnostics.calibration.calibrate`: central-interval coverage at 50%, 90% and 95% per
   quantity (mass, w_*, Teq, d_*) and TARP for the joint. Calibrated: within 0.03 of nominal.
4. Latency of the committed network in a warm process: 10,000 draws for one planet with errors, and
   1,000 planets at once.

Writes ``validation/results/mdn_quality[_quick].md`` and ``.json``.
"""

import argparse
import time
from pathlib import Path

import numpy as np
from _results import write_results

from exoinfer.backends.amortized import default_network_path
from exoinfer.backends.mdn import MDNEstimator
from exoinfer.diagnostics.calibration import calibrate, calibration_planets
from exoinfer.inference import Prior
from exoinfer.structure import Status, get_model

LEVELS = (0.5, 0.9, 0.95)
INPUTS = ("mass", "radius", "teq")
#: The study's three networks: name -> (covariance, noise).
VARIANTS = {"full": ("full", "aware"), "diagonal": ("diagonal", "aware"), "exact-inputs": ("full", "none")}


def load_sets(args, model):
    """(training data, held-out data) as dicts of arrays of built planets."""
    if args.quick:
        prior = Prior.default(model)
        result = model.simulate(prior.sample(args.n, np.random.default_rng(args.seed)))
        data = {k: np.asarray(v)[result.status == Status.OK] for k, v in result.columns().items()}
        n = len(data["mass"])
        held = args.held_out
        return {k: v[: n - held] for k, v in data.items()}, {k: v[n - held :] for k, v in data.items()}
    from exoinfer.simulate import open_simulations

    sims = open_simulations(args.sims)
    data = sims.arrays(ok_only=True)
    n = len(data["mass"])
    first_held = n - args.held_out
    if first_held < args.train_rows:
        raise SystemExit(f"{args.sims}: {n} built planets, too few for {args.train_rows} + {args.held_out}")
    _check_default_is_disjoint(sims, first_held, model)
    train = {k: v[: args.train_rows] for k, v in data.items()}
    return train, {k: v[first_held:] for k, v in data.items()}


def _check_default_is_disjoint(sims, first_held, model):
    """Stop unless the committed default was trained on the same set's first rows, before the held-out ones.

    Sets made with one model, prior and seed share their first planets whatever their size, so the
    default's own (smaller) set is a prefix of --sims.
    """
    card = MDNEstimator.load(default_network_path("mdn", model.name, INPUTS)).card
    source = card["training"]["source"]
    same = source.get("seed") == sims.attrs.get("seed") and card["prior"] == sims.attrs.get("prior")
    if not same or source["rows"] > first_held:
        raise SystemExit(
            f"{sims.path}: the committed default was trained on {source['rows']} rows of {source['path']} "
            f"(seed {source.get('seed')}), not this set's first rows before held-out row {first_held}"
        )


def network(name, model, data, args):
    """The study's network ``name``: loaded from ``--work`` if trained before, else trained and saved."""
    folder = Path(args.work) / name
    if not args.quick and (folder / "card.json").exists():
        estimator = MDNEstimator.load(folder)
        print(f"{name}: loaded from {folder}", flush=True)
        return estimator
    covariance, noise = VARIANTS[name]
    estimator = MDNEstimator.create(
        model, INPUTS, noise=noise, covariance=covariance, hidden=args.hidden, seed=args.seed
    )
    start = time.perf_counter()
    estimator.fit(data, epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    print(f"{name}: trained in {time.perf_counter() - start:.0f} s", flush=True)
    if not args.quick:
        estimator.save(folder)
    return estimator


def coverage(estimator, model, planets, seed):
    """Coverage at :data:`LEVELS`, mean over quantities and the worst one, and TARP's largest error."""
    result = calibrate("mdn", model, planets, network=estimator, draws=500, seed=seed)
    table = {}
    for level in LEVELS:
        k = result.levels.index(level)
        per = {name: q["coverage"][k] for name, q in result.quantities.items()}
        worst = max(per, key=lambda name: abs(per[name] - level))
        table[str(level)] = {"mean": float(np.mean(list(per.values()))), "worst": [worst, per[worst]]}
    table["tarp_max_error"] = result.tarp["max_error"]
    table["seconds"] = result.wall_time_s
    return table


def latency(estimator):
    one = {"mass": 5.0, "radius": 2.0, "teq": 600.0}
    err = {"mass": 0.25, "radius": 0.04, "teq": 12.0}
    estimator.sample(one, err, n=10_000)  # warm-up
    times = []
    for seed in range(10):
        start = time.perf_counter()
        estimator.sample(one, err, n=10_000, seed=seed)
        times.append(time.perf_counter() - start)
    many = {k: np.full(1000, v) for k, v in one.items()}
    many_err = {k: np.full(1000, v) for k, v in err.items()}
    start = time.perf_counter()
    estimator.sample(many, many_err, n=1000)
    return {
        "one_planet_10k_ms": 1e3 * float(np.median(times)),
        "1000_planets_1k_each_s": time.perf_counter() - start,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", help="simulation set (.zarr) from `exoinfer simulate`")
    parser.add_argument("--held-out", type=int, default=100_000)
    parser.add_argument("--train-rows", type=int, default=300_000)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=2048)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--coverage-planets", type=int, default=1000)
    parser.add_argument("--work", default="out/mdn-quality", help="folder of the study's networks")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.held_out, args.epochs, args.coverage_planets = 30_000, 5_000, 20, 200
        args.batch_size, args.hidden = 512, 64
    elif not args.sims:
        parser.error("--sims is required (or --quick)")
    model = get_model("core-mantle-water-gas")
    data, held = load_sets(args, model)
    nets = {name: network(name, model, data, args) for name in VARIANTS}
    planets, _ = calibration_planets(model, args.coverage_planets, observables=INPUTS, seed=args.seed + 7)
    result = {
        "train_planets": len(data["mass"]),
        "held_out_planets": len(held["mass"]),
        "nll": {name: nets[name].mean_nll(held, seed=1) for name in ("full", "diagonal")},
        "coverage": {name: coverage(net, model, planets, 2) for name, net in nets.items()},
        "settings": {k: v for k, v in vars(args).items() if k != "out"},
    }
    if not args.quick:
        default = MDNEstimator.load(default_network_path("mdn", model.name, INPUTS))
        source = default.card["training"]["source"]
        result["default"] = {
            "rows": source.get("rows"),
            "epochs": default.card["training"]["epochs_run"],
            "nll": default.mean_nll(held, seed=1),
            "coverage": coverage(default, model, planets, 2),
            "latency": latency(default),
        }
    result["latency"] = latency(nets["full"])
    stem = "mdn_quality_quick" if args.quick else "mdn_quality"
    write_results(args.out, stem, result, report(result, args))
    return result


def report(r, args):
    command = "--quick" if args.quick else f"--sims {args.sims}"
    lines = [
        "# MDN quality",
        "",
        f"Command: `python validation/mdn_quality.py {command}`. Study networks: hidden {args.hidden} x 3 "
        f"layers, 8 components, {r['train_planets']:,} training planets, at most {args.epochs} epochs; "
        f"{r['held_out_planets']:,} held-out planets.",
        "",
        "Held-out mean negative log-likelihood (lower is better): "
        f"full covariance {r['nll']['full']:.3f}, diagonal covariance {r['nll']['diagonal']:.3f}"
        + (f"; committed default network {r['default']['nll']:.3f}." if "default" in r else "."),
        "",
        f"Coverage on {args.coverage_planets} fresh planets observed with noise (mean over quantities; "
        "worst quantity), and TARP's largest deviation for the joint:",
        "",
        "| network | errors handled by | " + " | ".join(f"{level:.0%}" for level in LEVELS) + " | TARP |",
        "|---|---|" + "---|" * (len(LEVELS) + 1),
    ]
    rows = [(f"study {name}", VARIANTS[name][1], r["coverage"][name]) for name in VARIANTS]
    if "default" in r:
        rows.append(("committed default", "aware", r["default"]["coverage"]))
    for label, noise, entry in rows:
        way = "noise-aware network" if noise == "aware" else "resampled inputs"
        cells = []
        for level in LEVELS:
            cell = entry[str(level)]
            cells.append(f"{cell['mean']:.3f} ({cell['worst'][0]} {cell['worst'][1]:.3f})")
        lines.append(f"| {label} | {way} | " + " | ".join(cells) + f" | {entry['tarp_max_error']:.3f} |")
    lat = r["default"]["latency"] if "default" in r else r["latency"]
    lines.append(
        f"\nLatency ({'committed default' if 'default' in r else 'study full'} network, warm process): "
        f"{lat['one_planet_10k_ms']:.1f} ms for 10,000 draws of one planet with errors; "
        f"{lat['1000_planets_1k_each_s']:.2f} s for 1,000 planets x 1,000 draws."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
