"""Do the fast posteriors agree with the exact one? MDN, NPE and SMC against emcee, on simulated planets
and on the built-in catalog planets.

    python validation/agreement.py                # 20 simulated + 8 catalog planets
    python validation/agreement.py --quick        # 1 simulated + 1 catalog planet, for the tests
    python validation/agreement.py --reverse      # a second process that shares the MCMC work
    python validation/agreement.py --cached-only  # a report of the planets done so far

Simulated planets are drawn from the default prior of ``core-mantle-water-gas`` among those the solver
builds and observed with the noise of ``exoinfer calibrate`` (mass 3-20%, radius and Teq 1-5%). Catalog
planets are the built-in ones with a measured mass, radius and Teq (TRAPPIST-1 b-h, LHS 1140 b). Each is
inferred by emcee (the reference), by PyMC SMC, by the committed MDN and by the committed NPE (or ``--npe``);
each posterior is compared with emcee's (:func:`exoinfer.diagnostics.distances.compare_posteriors`).
Reported per quantity and group of planets: the median over planets of |difference of medians| / emcee
standard deviation, and the median ratio of the central 68% widths. Goal: below 0.2, and within
[0.85, 1.15].

The MCMC posteriors are saved as NetCDF under ``--cache`` and reused by a rerun: they take minutes per
planet and depend only on the planet, the model and the seed. The amortized ones take seconds and are
always recomputed, so that a retrained network is measured, never a stale file. Delete the cache after
changing --ess-min or the model.
Writes ``validation/results/agreement[_quick].md`` and ``.json``.
"""

import argparse
from pathlib import Path

import numpy as np
from _posteriors import is_cached, study_posterior
from _results import write_results

from exoinfer.catalog import builtin_catalog
from exoinfer.diagnostics.calibration import calibration_planets
from exoinfer.diagnostics.distances import compare_posteriors
from exoinfer.inference import Observation, Problem
from exoinfer.structure import get_model

MODEL = "core-mantle-water-gas"
NAMES = ("mass", "w_core", "w_mantle", "w_water", "w_gas", "teq", "d_core", "d_mantle", "d_water", "d_gas")
OBSERVABLES = ("mass", "radius", "teq")
REFERENCE = "emcee"


def catalog_observations():
    """Built-in planets with mass, radius and Teq all measured: the inputs of the default MDN."""
    observations = []
    for planet in builtin_catalog():
        observation = Observation.from_planet(planet)
        if set(OBSERVABLES) <= set(observation.names):
            observations.append(observation)
    return observations


def analyse(problem, methods, seed, cache):
    """One planet: every method's posterior, and its distances to emcee's per quantity."""
    posteriors, seconds = {}, {}
    for method, options in methods.items():
        posteriors[method], seconds[method] = study_posterior(method, problem, options, seed, cache)
    comparison = compare_posteriors(posteriors, list(NAMES), REFERENCE, seed=seed)
    row = {"planet": problem.observation.name, "seconds": seconds}
    for label, pair in comparison.pairs.items():
        row[label] = {
            name: {"median_shift": m.median_shift, "width68_ratio": m.width68_ratio}
            for name, m in pair.marginals.items()
        }
        row[label]["c2st"] = None if pair.c2st is None else pair.c2st.accuracy
    return row


def summarize(rows, labels):
    """Per method and quantity: median |shift| and median width ratio over ``rows``."""
    table = {}
    for label in labels:
        table[label] = {}
        for name in NAMES:
            shifts = [abs(r[label][name]["median_shift"]) for r in rows if name in r[label]]
            ratios = [r[label][name]["width68_ratio"] for r in rows if name in r[label]]
            table[label][name] = {
                "median_abs_shift": float(np.median(shifts)),
                "median_width_ratio": float(np.median(ratios)),
                "planets": len(shifts),
            }
        table[label]["c2st_median"] = float(np.median([r[label]["c2st"] for r in rows]))
    return table


def _table(summary):
    labels = list(summary)
    lines = [
        "| quantity | " + " | ".join(f"{label} shift | {label} width ratio" for label in labels) + " |",
        "|---|" + "---|---|" * len(labels),
    ]
    for name in NAMES:
        entries = [summary[label][name] for label in labels]
        cells = [f"{e['median_abs_shift']:.3f} | {e['median_width_ratio']:.3f}" for e in entries]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Median classifier two-sample accuracy against emcee (0.5: indistinguishable): "
        + ", ".join(f"{label} {summary[label]['c2st_median']:.3f}" for label in labels)
        + ".",
    ]
    return lines


def report(result, command):
    lines = [
        "# Fast against exact posteriors",
        "",
        f"Command: `{command}`. Model `{MODEL}`; emcee to ESS {result['ess_min']} is the reference.",
        "",
        "Per quantity, over planets: median |difference of medians| in emcee standard deviations (goal "
        "< 0.2), and median ratio of 68% widths, method over emcee (goal 0.85-1.15).",
    ]
    for group, entry in result["groups"].items():
        lines += ["", f"## {group.capitalize()} planets ({entry['planets']})", "", entry["description"], ""]
        lines += _table(entry["summary"])
    lines += [
        "",
        "Mean wall time per planet: "
        + ", ".join(f"{m} {s:.1f} s" for m, s in result["mean_seconds"].items())
        + " (amortized times include building every draw's planet for the derived quantities).",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="simulated planets (0: none)")
    parser.add_argument(
        "--catalog", type=int, default=None, help="at most this many catalog planets (0: none)"
    )
    parser.add_argument(
        "--npe", help="an NPE network folder (exoinfer train npe; default: the committed one)"
    )
    parser.add_argument("--ess-min", type=int, default=1000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--cache", default="out/agreement", help="folder for the MCMC posteriors")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="report only the planets whose MCMC posteriors are in the cache (a run in progress)",
    )
    parser.add_argument(
        "--reverse",
        action="store_true",
        help="take each group's planets last first: a second process started so shares a run's MCMC work "
        "through the cache, and a final run without it writes the report from the cached posteriors",
    )
    args = parser.parse_args(argv)
    smc = {}
    if args.quick:
        args.n, args.catalog, args.ess_min, smc = 1, 1, 200, {"draws": 500, "chains": 1}
    model = get_model(MODEL)
    npe = {"network": args.npe} if args.npe else {}
    methods = {REFERENCE: {"ess_min": args.ess_min}, "pymc-smc": smc, "mdn": {}, "npe": npe}
    simulated, _ = calibration_planets(model, args.n, observables=OBSERVABLES, seed=args.seed)
    groups = {
        "simulated": (
            [planet.observation for planet in simulated],
            "Drawn from the default prior, observed with mass 3-20%, radius and Teq 1-5% errors.",
        ),
        "catalog": (
            catalog_observations()[: args.catalog],
            "The built-in catalog's planets with mass, radius and Teq measured (`exoinfer/data/catalog`).",
        ),
    }
    # Quick runs sample less: their posteriors must not stand in for the full ones.
    cache = Path(args.cache) / (model.name + ("-quick" if args.quick else ""))
    rows, result_groups = [], {}
    for group, (observations, description) in groups.items():
        group_rows = []
        order = range(len(observations))
        for k in reversed(order) if args.reverse else order:
            observation = observations[k]
            problem = Problem(model, observation)
            if args.cached_only and not all(is_cached(m, problem, cache) for m in methods):
                print(f"{group} {k + 1}/{len(observations)} {observation.name}: not run yet, left out")
                continue
            group_rows.append(analyse(problem, methods, args.seed + k, cache))
            print(
                f"{group} {k + 1}/{len(observations)} {observation.name}: "
                + ", ".join(f"{m} {s:.0f} s" for m, s in group_rows[-1]["seconds"].items()),
                flush=True,
            )
        if not group_rows:
            continue
        labels = [m for m in methods if m != REFERENCE]
        result_groups[group] = {
            "planets": len(group_rows),
            "description": description,
            "summary": summarize(group_rows, labels),
        }
        rows += group_rows
    result = {
        "ess_min": args.ess_min,
        "npe": args.npe,
        "groups": result_groups,
        "mean_seconds": {m: float(np.mean([r["seconds"][m] for r in rows])) for m in methods},
        "rows": rows,
    }
    command = "python validation/agreement.py" + (" --quick" if args.quick else "")
    command += f" --npe {args.npe}" if args.npe else ""
    write_results(args.out, "agreement_quick" if args.quick else "agreement", result, report(result, command))
    return result


if __name__ == "__main__":
    main()
