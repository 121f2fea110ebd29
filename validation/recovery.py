"""Recovery of simulated planets: does the 90% credible interval hold the true value 90% of the time?

    python validation/recovery.py --method emcee                 # 100 planets (the issue's test)
    python validation/recovery.py --method pymc-smc
    python validation/recovery.py --method emcee --quick         # 20 rocky planets, for the test suite

Planets are drawn from the model's default prior among those the solver can build (the posterior's
support); each is "observed" with Gaussian noise of 5% in mass, 2% in radius and 2% in Teq (the errors are
those fractions of the true values, known to the sampler). Each posterior's central 90% interval either
holds the truth or not: with calibrated posteriors the count of hits over N planets is Binomial(N, 0.9),
whose central 99% range for N = 100 is 82-96; the issue asks for 80-98. Truths whose noisy mass falls
outside the prior range are redrawn (they cannot be analysed with this prior; their share is reported).

Writes ``validation/results/recovery_<method>.md`` and ``.json`` (``--out`` for another folder).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from scipy.stats import binom

from exoinfer.backends import get_backend
from exoinfer.inference import Observation, Prior, Problem
from exoinfer.structure import Status, get_model

#: Relative 1-sigma errors of the simulated observations.
ERRORS = {"mass": 0.05, "radius": 0.02, "teq": 0.02}
LEVEL = 0.90


def simulated_planets(model, n, seed):
    """``n`` (truth, observation) pairs; truths from the prior among buildable planets."""
    prior = Prior.default(model)
    rng = np.random.default_rng(seed)
    planets, redrawn = [], 0
    while len(planets) < n:
        params = prior.sample(4 * n, rng)
        result = model.simulate(params)
        for i in np.flatnonzero(result.status == Status.OK):
            truth = {k: float(v[i]) for k, v in params.items()}
            truth["radius"] = float(result.radius[i])
            values = {}
            for name, rel in ERRORS.items():
                if name in truth:
                    sigma = rel * truth[name]
                    values[name] = (truth[name] + sigma * rng.standard_normal(), sigma)
            if not prior.mass.low <= values["mass"][0] <= prior.mass.high:
                redrawn += 1
                continue
            name = f"sim-{len(planets):03d}"
            planets.append((truth, Observation.from_values(name=name, **values)))
            if len(planets) == n:
                break
    return planets, redrawn


def run(method, n, seed, options, model_name):
    model = get_model(model_name)
    planets, redrawn = simulated_planets(model, n, seed)
    sample = get_backend(method)
    names = model.parameter_names
    hits = dict.fromkeys(names, 0)
    rows = []
    start = time.perf_counter()
    for k, (truth, observation) in enumerate(planets):
        t0 = time.perf_counter()
        idata = sample(Problem(model, observation), seed=seed + k, **options)
        row = {"planet": observation.name, "seconds": time.perf_counter() - t0}
        for name in names:
            draws = idata.posterior[name].values.ravel()
            lo, hi = np.quantile(draws, [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
            inside = bool(lo <= truth[name] <= hi)
            hits[name] += inside
            row[name] = {"truth": truth[name], "lo": float(lo), "hi": float(hi), "inside": inside}
        rows.append(row)
        print(f"{k + 1:3d}/{n} {observation.name} {row['seconds']:6.1f} s  hits so far {hits}", flush=True)
    return {
        "method": method,
        "model": model_name,
        "planets": n,
        "redrawn_outside_prior": redrawn,
        "level": LEVEL,
        "errors": ERRORS,
        "hits": hits,
        "binomial_99_range": [int(binom.ppf(0.005, n, LEVEL)), int(binom.ppf(0.995, n, LEVEL))],
        "wall_time_s": time.perf_counter() - start,
        "options": {k: v for k, v in options.items() if k != "progress"},
        "rows": rows,
    }


def report(result):
    n, (lo, hi) = result["planets"], result["binomial_99_range"]
    lines = [
        f"# Recovery of simulated planets: {result['method']}",
        "",
        "Command: `python validation/recovery.py --method "
        f"{result['method']}{' --quick' if n < 100 else ''}`",
        "",
        f"{n} planets from the default prior of `{result['model']}` (buildable ones), observed with "
        "5% mass, 2% radius and 2% Teq Gaussian errors; "
        f"{result['redrawn_outside_prior']} noisy masses fell outside the prior and were redrawn. "
        f"Wall time {result['wall_time_s'] / 60:.1f} min ({result['wall_time_s'] / n:.1f} s per planet).",
        "",
        f"True value inside the central {result['level']:.0%} interval (calibrated: Binomial({n}, 0.9), "
        f"99% range {lo}-{hi}):",
        "",
        "| parameter | planets inside | fraction |",
        "|---|---|---|",
    ]
    for name, count in result["hits"].items():
        lines.append(f"| {name} | {count}/{n} | {count / n:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", default="emcee", choices=("emcee", "pymc-smc"))
    parser.add_argument("--model", default="core-mantle-water-gas")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="20 planets of the two-parameter core-mantle model, smaller samples",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    n = 20 if args.quick else args.n
    model = "core-mantle" if args.quick else args.model
    if args.method == "emcee":
        # Interval coverage needs accurate 5% and 95% quantiles, which ESS 400 gives to ~1.5% of the
        # posterior width; the run-to-convergence targets of a single analysis (R-hat 1.01, ESS 1000) would
        # triple the study's cost without changing what it measures.
        options = {"ess_min": 300 if args.quick else 400, "rhat_max": 1.02}
    else:
        # 2 x 1000 particles give the 5% and 95% quantiles to ~2% of the posterior width, enough for
        # coverage; the single-analysis default (2 x 2000) would double the study's cost.
        options = {"draws": 500 if args.quick else 1000, "chains": 2}
    result = run(args.method, n, args.seed, options, model)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"recovery_{args.method}{'_quick' if args.quick else ''}"
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1))
    (out / f"{stem}.md").write_text(report(result))
    print(report(result))
    return result


if __name__ == "__main__":
    main()
