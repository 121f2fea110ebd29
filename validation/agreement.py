"""Do the amortized posteriors agree with the exact one? MDN (and NPE) against emcee on simulated planets.

    python validation/agreement.py --npe out/npe-maf        # 20 planets; MDN and the given NPE vs emcee
    python validation/agreement.py --quick                  # 3 planets, MDN only, for the test suite

Planets are drawn from the default prior of ``core-mantle-water-gas`` among those the solver builds and
observed with the noise of ``exoinfer calibrate`` (mass 3-20%, radius and Teq 1-5%). Each is inferred by
emcee (the reference), by the committed MDN and, with ``--npe``, by a trained NPE; each amortized posterior
is compared with emcee's (:func:`exoinfer.diagnostics.distances.compare_posteriors`). Reported per quantity,
over planets: the median of |difference of medians| / emcee standard deviation, and the median ratio of
the central 68% widths. Goal: below 0.2, and within [0.85, 1.15].

Each finished planet is appended to ``agreement.partial.jsonl`` in ``--out``; a rerun skips those.
Writes ``validation/results/agreement[_quick].md`` and ``.json``.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from _results import write_results

from exoinfer.backends import get_backend
from exoinfer.diagnostics.calibration import calibration_planets
from exoinfer.diagnostics.distances import compare_posteriors
from exoinfer.inference import Problem
from exoinfer.structure import get_model

MODEL = "core-mantle-water-gas"
NAMES = ("mass", "w_core", "w_mantle", "w_water", "w_gas", "teq", "d_core", "d_mantle", "d_water", "d_gas")


def analyse(planet, model, methods, ess_min, seed):
    """One planet: emcee and each amortized method, their distances to emcee per quantity."""
    problem = Problem(model, planet.observation)
    posteriors, seconds = {}, {}
    for method, options in {"emcee": {"ess_min": ess_min}, **methods}.items():
        start = time.perf_counter()
        posteriors[method] = get_backend(method)(problem, seed=seed, **options)
        seconds[method] = time.perf_counter() - start
    comparison = compare_posteriors(posteriors, list(NAMES), "emcee", seed=seed)
    row = {"planet": planet.name, "seconds": seconds}
    for label, pair in comparison.pairs.items():
        row[label] = {
            name: {"median_shift": m.median_shift, "width68_ratio": m.width68_ratio}
            for name, m in pair.marginals.items()
        }
        row[label]["c2st"] = None if pair.c2st is None else pair.c2st.accuracy
    return row


def summarize(rows, labels):
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


def report(result, quick):
    lines = [
        "# Amortized against exact posteriors on simulated planets",
        "",
        f"Command: `python validation/agreement.py{' --quick' if quick else ''}"
        f"{' --npe ' + result['npe'] if result.get('npe') else ''}`: {result['planets']} planets of "
        f"`{MODEL}` from its prior, observed with mass 3-20%, radius and Teq 1-5% errors; emcee to ESS "
        f"{result['ess_min']} is the reference.",
        "",
        "Per quantity, over planets: median |difference of medians| in emcee standard deviations (goal "
        "< 0.2), and median ratio of 68% widths (goal 0.85-1.15).",
        "",
        "| quantity | "
        + " | ".join(f"{label} shift | {label} width ratio" for label in result["summary"])
        + " |",
        "|---|" + "---|---|" * len(result["summary"]),
    ]
    for name in NAMES:
        cells = []
        for entry in result["summary"].values():
            e = entry[name]
            cells.append(f"{e['median_abs_shift']:.3f} | {e['median_width_ratio']:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Median classifier two-sample accuracy against emcee (0.5: indistinguishable): "
        + ", ".join(f"{label} {entry['c2st_median']:.3f}" for label, entry in result["summary"].items())
        + ".",
        "",
        "Mean wall time per planet: "
        + ", ".join(f"{m} {s:.1f} s" for m, s in result["mean_seconds"].items())
        + " (amortized times include building every draw's planet for the derived quantities).",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--npe", help="a trained NPE network folder (exoinfer train npe) to compare too")
    parser.add_argument("--ess-min", type=int, default=1000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.ess_min = 3, 400
    model = get_model(MODEL)
    methods = {"mdn": {}}
    if args.npe:
        methods["npe"] = {"network": args.npe}
    stem = "agreement_quick" if args.quick else "agreement"
    partial = Path(args.out) / f"{stem}.partial.jsonl"
    done = {}
    if partial.exists():
        done = {r["planet"]: r for r in map(json.loads, partial.read_text().splitlines()) if r}
    planets, _ = calibration_planets(model, args.n, observables=("mass", "radius", "teq"), seed=args.seed)
    rows = []
    for k, planet in enumerate(planets):
        if planet.name not in done or set(methods) - set(done[planet.name]):
            done[planet.name] = analyse(planet, model, methods, args.ess_min, args.seed + k)
            partial.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("a") as handle:
                handle.write(json.dumps(done[planet.name]) + "\n")
        rows.append(done[planet.name])
        print(
            f"{k + 1}/{args.n} {planet.name}: "
            + ", ".join(f"{m} {s:.0f} s" for m, s in rows[-1]["seconds"].items()),
            flush=True,
        )
    result = {
        "planets": len(rows),
        "ess_min": args.ess_min,
        "npe": args.npe,
        "summary": summarize(rows, list(methods)),
        "mean_seconds": {m: float(np.mean([r["seconds"][m] for r in rows])) for m in ("emcee", *methods)},
        "rows": rows,
    }
    write_results(args.out, stem, result, report(result, args.quick))
    return result


if __name__ == "__main__":
    main()
