"""Quality of the MDN: full against diagonal covariance, calibration under noise, latency.

    python validation/mdn_quality.py --sims sims.zarr      # a set from `exoinfer simulate` (>= 200k)
    python validation/mdn_quality.py --quick               # 30k fresh simulations, short training

The last ``--held-out`` planets of the set (default 100,000) are never trained on. Reported:

1. Held-out mean negative log-likelihood of the true interior vector (standardized log-ratio space; noisy
   inputs drawn once with a fixed seed) for a full-covariance and a diagonal-covariance network of the same
   size and training (ExoMDN's choice is diagonal). Lower is better; both see identical data.
2. Calibration under measurement noise, both ways of handling errors: on 1,000 held-out planets observed
   with relative errors drawn from the trained ranges, the fraction whose true value lies inside the
   central 50%, 90% and 95% intervals of each quantity (mass, w_*, teq, d_*), averaged over quantities and
   its worst quantity. Calibrated: within 0.03 of nominal. Noise-aware: the network given the noisy
   values and their errors. ExoMDN's way: a network trained on exact inputs, fed 100 input sets drawn
   from the measurement distributions.
3. Latency in a warm process: 10,000 draws for one planet with errors, and 1,000 planets at once.

Writes ``validation/results/mdn_quality[_quick].md`` and ``.json``.
"""

import argparse
import time
from pathlib import Path

import numpy as np
from _results import write_results

from exoinfer.backends.mdn import MDNEstimator
from exoinfer.inference import Prior
from exoinfer.structure import Status, get_model

LEVELS = (0.5, 0.9, 0.95)
INPUTS = ("mass", "radius", "teq")


def load_sets(args, model):
    """(training data, held-out data) as dicts of arrays of built planets."""
    if args.sims:
        from exoinfer.simulate import open_simulations

        data = open_simulations(args.sims).arrays(ok_only=True)
    else:
        prior = Prior.default(model)
        result = model.simulate(prior.sample(args.n, np.random.default_rng(args.seed)))
        data = {k: np.asarray(v)[result.status == Status.OK] for k, v in result.columns().items()}
    n = len(data["mass"])
    held = min(args.held_out, n // 5)
    return {k: v[: n - held] for k, v in data.items()}, {k: v[n - held :] for k, v in data.items()}


def train(model, data, covariance, noise, args):
    estimator = MDNEstimator.create(model, INPUTS, noise=noise, covariance=covariance, hidden=args.hidden)
    start = time.perf_counter()
    estimator.fit(data, epochs=args.epochs, batch_size=args.batch_size, seed=args.seed)
    print(f"trained {covariance}/{noise} in {time.perf_counter() - start:.0f} s", flush=True)
    return estimator


def coverage(estimator, held, n_planets, seed, aware_reference):
    """Central-interval coverage per quantity on noisy held-out planets (noise drawn as in training)."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(held["mass"]), size=min(n_planets, len(held["mass"])), replace=False)
    truth = {k: v[pick] for k, v in held.items()}
    x_true = np.column_stack([truth[n] for n in INPUTS])
    x_obs, rel = aware_reference._noisy(x_true, rng)  # the same error model for both ways
    values = {n: x_obs[:, i] for i, n in enumerate(INPUTS)}
    errors = {n: rel[:, i] * x_obs[:, i] for i, n in enumerate(INPUTS)}
    drawn = estimator.sample(values, errors, n=2000, seed=seed)
    names = [n for n in drawn if n in truth]
    table = {}
    for level in LEVELS:
        lo, hi = (1 - level) / 2, (1 + level) / 2
        per = {}
        for name in names:
            q_lo, q_hi = np.quantile(drawn[name], [lo, hi], axis=1)
            per[name] = float(np.mean((truth[name] >= q_lo) & (truth[name] <= q_hi)))
        table[str(level)] = {"mean": float(np.mean(list(per.values()))), "per_quantity": per}
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
    parser.add_argument("--sims", help="simulation set (.zarr); default: simulate --n planets now")
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--held-out", type=int, default=100_000)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=2048)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--coverage-planets", type=int, default=1000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.held_out, args.epochs, args.coverage_planets = 30_000, 5_000, 25, 300
        args.batch_size, args.hidden = 512, 64
    model = get_model("core-mantle-water-gas")
    data, held = load_sets(args, model)
    full = train(model, data, "full", "aware", args)
    diagonal = train(model, data, "diagonal", "aware", args)
    exact = train(model, data, "full", "none", args)
    result = {
        "train_planets": len(data["mass"]),
        "held_out_planets": len(held["mass"]),
        "nll_full": full.mean_nll(held, seed=1),
        "nll_diagonal": diagonal.mean_nll(held, seed=1),
        "coverage_noise_aware": coverage(full, held, args.coverage_planets, 2, full),
        "coverage_resampled_inputs": coverage(exact, held, args.coverage_planets, 2, full),
        "latency_noise_aware": latency(full),
        "latency_resampled_inputs": latency(exact),
        "settings": {k: v for k, v in vars(args).items() if k != "out"},
    }
    stem = "mdn_quality_quick" if args.quick else "mdn_quality"
    write_results(args.out, stem, result, report(result, args.quick))
    return result


def report(r, quick):
    lines = [
        "# MDN quality",
        "",
        f"Command: `python validation/mdn_quality.py{' --quick' if quick else ''}` "
        f"({r['train_planets']} training planets, {r['held_out_planets']} held out).",
        "",
        f"Held-out NLL: full covariance {r['nll_full']:.3f}, diagonal {r['nll_diagonal']:.3f} "
        "(lower is better).",
        "",
        "| errors handled by | " + " | ".join(f"{level:.0%}" for level in LEVELS) + " |",
        "|---|" + "---|" * len(LEVELS),
    ]
    for label, key in (
        ("noise-aware network", "coverage_noise_aware"),
        ("resampled inputs", "coverage_resampled_inputs"),
    ):
        cells = []
        for level in LEVELS:
            entry = r[key][str(level)]
            worst = max(entry["per_quantity"].items(), key=lambda kv: abs(kv[1] - level))
            cells.append(f"{entry['mean']:.3f} (worst {worst[0]} {worst[1]:.3f})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for label, key in (
        ("noise-aware", "latency_noise_aware"),
        ("resampled inputs", "latency_resampled_inputs"),
    ):
        lat = r[key]
        lines.append(
            f"\nLatency ({label}): {lat['one_planet_10k_ms']:.1f} ms for 10,000 draws of one planet; "
            f"{lat['1000_planets_1k_each_s']:.2f} s for 1,000 planets x 1,000 draws."
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
