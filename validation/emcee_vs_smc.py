"""emcee against PyMC SMC on the same planet: two exact samplers of one Problem must agree.

    python validation/emcee_vs_smc.py            # sub-Neptune, default model, large samples
    python validation/emcee_vs_smc.py --quick    # rocky Earth analog, core-mantle-water, small samples

Per quantity: the difference of the medians in units of the emcee posterior standard deviation (target
below 0.1) and the ratio of the central 68% and 95% interval widths (target within 10% of 1). The full run
asks for an emcee ESS of 4,000 and 2 x 4,000 SMC particles, so that Monte Carlo noise (about
1.25 / sqrt(ESS) standard deviations on a median, ~3% on a 95% width) stays well inside the targets.

Writes ``validation/results/emcee_vs_smc.md`` and ``.json`` (``--out`` for another folder).
"""

import argparse
import time
from pathlib import Path

import numpy as np
from _results import write_results

from exoinfer.backends.emcee import run_emcee
from exoinfer.backends.pymc import run_smc
from exoinfer.inference import Observation, Problem
from exoinfer.inference.summary import default_summary_names
from exoinfer.structure import get_model

SUB_NEPTUNE = Observation.from_values(
    name="sub-Neptune", mass=(5.0, 0.25), radius=(2.0, 0.04), teq=(600.0, 12.0)
)
EARTH_ANALOG = Observation.from_values(name="Earth analog", mass=(1.0, 0.05), radius=(1.0, 0.02))


def compare(reference, other, names):
    rows = {}
    for name in names:
        a = reference.posterior[name].values.ravel()
        b = other.posterior[name].values.ravel()
        qa = np.quantile(a, [0.025, 0.16, 0.5, 0.84, 0.975])
        qb = np.quantile(b, [0.025, 0.16, 0.5, 0.84, 0.975])
        rows[name] = {
            "median_emcee": qa[2],
            "median_smc": qb[2],
            "median_diff_sd": abs(qb[2] - qa[2]) / a.std(),
            "width68_ratio": (qb[3] - qb[1]) / (qa[3] - qa[1]),
            "width95_ratio": (qb[4] - qb[0]) / (qa[4] - qa[0]),
        }
    return rows


def run(quick, seed):
    model = get_model("core-mantle-water" if quick else "core-mantle-water-gas")
    problem = Problem(model, EARTH_ANALOG if quick else SUB_NEPTUNE)
    start = time.perf_counter()
    emcee_post = run_emcee(problem, seed=seed, ess_min=1000 if quick else 4000)
    emcee_s = time.perf_counter() - start
    start = time.perf_counter()
    smc_post = run_smc(problem, draws=1000 if quick else 4000, chains=2, seed=seed)
    smc_s = time.perf_counter() - start
    names = default_summary_names(emcee_post)
    return {
        "planet": problem.observation.name,
        "observation": problem.observation.text(),
        "model": model.name,
        "emcee_seconds": emcee_s,
        "smc_seconds": smc_s,
        "emcee_ess_bulk_min": float(emcee_post.posterior.attrs["ess_bulk_min"]),
        "smc_particles": int(smc_post.posterior.sizes["chain"] * smc_post.posterior.sizes["draw"]),
        "rows": compare(emcee_post, smc_post, names),
    }


def report(result, quick):
    lines = [
        "# emcee against PyMC SMC",
        "",
        f"Command: `python validation/emcee_vs_smc.py{' --quick' if quick else ''}`",
        "",
        f"{result['planet']} ({result['observation']}), model `{result['model']}`. emcee: "
        f"{result['emcee_seconds']:.0f} s, bulk ESS >= {result['emcee_ess_bulk_min']:.0f}; SMC: "
        f"{result['smc_seconds']:.0f} s, {result['smc_particles']} particles.",
        "",
        "Targets: |difference of medians| < 0.1 emcee standard deviations; width ratios (SMC / emcee) "
        "within [0.9, 1.1].",
        "",
        "| quantity | median emcee | median SMC | abs(diff) / sd | 68% width ratio | 95% width ratio |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in result["rows"].items():
        lines.append(
            f"| {name} | {r['median_emcee']:.4g} | {r['median_smc']:.4g} | {r['median_diff_sd']:.3f} | "
            f"{r['width68_ratio']:.3f} | {r['width95_ratio']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    result = run(args.quick, args.seed)
    stem = "emcee_vs_smc_quick" if args.quick else "emcee_vs_smc"
    write_results(args.out, stem, result, report(result, args.quick))
    return result


if __name__ == "__main__":
    main()
