"""How much does measuring the fluid Love number k2 narrow the core and mantle? MCMC and MDN side by side.

    python validation/k2_effect.py                  # Earth analog and 5 M_E rocky planet; k2 to 5, 10, 20%
    python validation/k2_effect.py --quick          # Earth analog, k2 to 10% only, for the test suite

The planets are members of the default model ``core-mantle-water-gas`` (the model the committed networks
are trained on): an Earth analog (1 M_E, 32.5% core, 67.5% mantle, no water, the prior's smallest envelope
of 10 ppm H/He, Teq 255 K) and a 5 M_E rocky planet of the same composition at Teq 500 K. Each is observed
at its own model radius and k2 (no noise added, so that the table shows the information in the errors,
not one noise draw), with mass to 5%, radius to 2% and Teq to 2%, and k2 to 5, 10 or 20% or not at all.

Note that this k2 is the model's: referred to the transit radius, which the 10 ppm envelope puts ~9% above
the rocky surface of an Earth-mass planet, it is lower than the 0.93 of the bare Earth (PREM).

Each observation is inferred by emcee (the exact reference) and by the committed MDNs: the (mass, radius,
teq) network without k2, the (mass, radius, teq, k2) network with it. Reported per quantity: the posterior
median, the width of the central 68% interval, and how much k2 narrows it (1 - width / width without k2).

The emcee posteriors are kept under ``--cache`` (default ``out/k2_effect``) and reused by a rerun; the MDN
ones are always recomputed, so a retrained network is measured.
Writes ``validation/results/k2_effect[_quick].md`` and ``.json`` (``--out`` for another folder).
"""

import argparse
from pathlib import Path

from _posteriors import slug, study_posterior
from _results import write_results

from exoinfer.inference import Measurement, Observation, Problem
from exoinfer.inference.summary import summarize
from exoinfer.structure import get_model

MODEL = "core-mantle-water-gas"
QUANTITIES = ("d_core", "d_mantle", "w_core", "w_mantle")
#: Truths: mass [M_E], mass fractions (core, mantle, water, gas), Teq [K].
PLANETS = {
    "Earth analog": (1.0, (0.325, 0.67499, 0.0, 1e-5), 255.0),
    "5 M_E rocky": (5.0, (0.325, 0.67499, 0.0, 1e-5), 500.0),
}
ERRORS = {"mass": 0.05, "radius": 0.02, "teq": 0.02}


def observe(model, name):
    """The planet's observation at its own model values, and its model k2."""
    mass, fractions, teq = PLANETS[name]
    params = {"mass": [mass], "teq": [teq]}
    params.update({f"w_{layer}": [w] for layer, w in zip(model.layer_names, fractions, strict=True)})
    result = model.simulate(params)
    truth = {"mass": mass, "radius": float(result.radius[0]), "teq": teq}
    values = {key: (value, ERRORS[key] * value) for key, value in truth.items()}
    return Observation.from_values(name=name, **values), float(result.k2[0])


def run(planets, k2_errors, methods, ess_min, seed, cache):
    model = get_model(MODEL)
    results = {}
    for planet in planets:
        base, k2 = observe(model, planet)
        cases = {"no k2": base}
        for err in k2_errors:
            cases[f"k2 ± {err:.0%}"] = base.with_measurement(Measurement("k2", k2, k2 * err, k2 * err))
        mass, fractions, teq = PLANETS[planet]
        truth = {
            "mass": mass,
            "teq": teq,
            **{f"w_{n}": w for n, w in zip(model.layer_names, fractions, strict=True)},
        }
        results[planet] = {"k2": k2, "radius": base["radius"].value, "truth": truth, "cases": {}}
        for label, observation in cases.items():
            for method in methods:
                options = {"ess_min": ess_min} if method == "emcee" else {}
                folder = cache / f"{MODEL}-ess{ess_min}" / slug(label)
                idata, seconds = study_posterior(method, Problem(model, observation), options, seed, folder)
                rows = {row.name: row for row in summarize(idata, list(QUANTITIES))}
                results[planet]["cases"].setdefault(label, {})[method] = {
                    "seconds": seconds,
                    **{
                        name: {"median": r.median, "lo68": r.lo68, "hi68": r.hi68, "width68": r.width68}
                        for name, r in rows.items()
                    },
                }
                print(f"{planet}, {label}, {method}: {seconds:.0f} s", flush=True)
    return {"model": MODEL, "errors": ERRORS, "ess_min": ess_min, "seed": seed, "planets": results}


def report(result, quick):
    methods = list(next(iter(next(iter(result["planets"].values()))["cases"].values())))
    lines = [
        "# The k2 effect: how much a measured k2 narrows core and mantle, by MCMC and by the MDN",
        "",
        f"Command: `python validation/k2_effect.py{' --quick' if quick else ''}` (model `{result['model']}`; "
        f"emcee to bulk and tail ESS {result['ess_min']:g}; MDN: the committed default networks).",
        "",
        "Each planet is observed at its own model values: mass ± 5%, radius ± 2%, Teq ± 2%, and k2 (the "
        "model's, referred to the transit radius) at the stated error or not at all. Cells: median "
        "[central 68% interval], and in brackets the narrowing of that interval by k2 "
        "(1 - width / width without k2).",
    ]
    for planet, entry in result["planets"].items():
        labels = list(entry["cases"])
        lines += [
            "",
            f"## {planet}: radius {entry['radius']:.3f} R_E, k2 {entry['k2']:.3f}",
            "",
            "| quantity | method | " + " | ".join(labels) + " |",
            "|---|---|" + "---|" * len(labels),
        ]
        for name in QUANTITIES:
            for method in methods:
                base = entry["cases"]["no k2"][method][name]["width68"]
                cells = []
                for label in labels:
                    case = entry["cases"][label][method][name]
                    cell = f"{case['median']:.3f} [{case['lo68']:.3f}, {case['hi68']:.3f}]"
                    if label != "no k2":
                        cell += f" ({1 - case['width68'] / base:+.0%})"
                    cells.append(cell)
                lines.append(f"| {name} | {method} | " + " | ".join(cells) + " |")
        seconds = {m: sum(c[m]["seconds"] for c in entry["cases"].values()) for m in methods}
        lines += ["", "Wall time: " + ", ".join(f"{m} {s:.0f} s" for m, s in seconds.items()) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k2-errors", default="0.20,0.10,0.05", help="relative k2 errors")
    parser.add_argument("--methods", default="emcee,mdn")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--cache", default="out/k2_effect", help="folder for the emcee posteriors")
    args = parser.parse_args(argv)
    planets = ["Earth analog"] if args.quick else list(PLANETS)
    errors = [0.10] if args.quick else [float(e) for e in args.k2_errors.split(",")]
    methods = args.methods.split(",")
    result = run(planets, errors, methods, 300 if args.quick else 2000, args.seed, Path(args.cache))
    stem = "k2_effect_quick" if args.quick else "k2_effect"
    write_results(args.out, stem, result, report(result, args.quick))
    return result


if __name__ == "__main__":
    main()
