"""Time from command to converged posterior: ``exoinfer infer`` run as a user runs it.

    python benchmarks/inference_speed.py                      # emcee and pymc-smc, default model
    python benchmarks/inference_speed.py --methods emcee      # one method
    python benchmarks/inference_speed.py --quick              # emcee, Earth analog, core-mantle (tests)

The planet: 5 M_E +- 5%, 2.0 R_E +- 2%, Teq 600 +- 12 K (a sub-Neptune, the default model's home ground).
Each run is a fresh process (`python -m exoinfer infer ...`), so the figure includes start-up, imports, the
numba cache load, sampling to the convergence targets (R-hat <= 1.01, bulk and tail ESS >= 1000 for every
parameter) and writing the posterior. Prints one line per method and the convergence figures it reached.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLANET = [
    "--mass",
    "5",
    "--mass-err",
    "0.25",
    "--radius",
    "2.0",
    "--radius-err",
    "0.04",
    "--teq",
    "600",
    "--teq-err",
    "12",
]


#: The quick mode's planet, for the rocky core-mantle model: an Earth analog.
ROCKY = ["--mass", "1", "--mass-err", "0.05", "--radius", "1", "--radius-err", "0.02"]


def time_method(method, model, extra, planet=PLANET):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "post.nc"
        command = [
            sys.executable,
            "-m",
            "exoinfer",
            "infer",
            *planet,
            "--model",
            model,
            "--method",
            method,
            "--out",
            str(out),
            *extra,
        ]
        start = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{method} failed:\n{run.stderr}")
    summary = next(line for line in run.stdout.splitlines() if "R-hat max" in line)
    return {"method": method, "model": model, "seconds": round(seconds, 1), "convergence": summary.strip()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default="emcee,pymc-smc")
    parser.add_argument("--model", default="core-mantle-water-gas")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    methods = ["emcee"] if args.quick else args.methods.split(",")
    model = "core-mantle" if args.quick else args.model
    extra = ["--ess-min", "300"] if args.quick else []
    planet = ROCKY if args.quick else PLANET
    results = [time_method(m, model, extra, planet) for m in methods]
    for r in results:
        print(f"{r['method']:10s} {r['model']:24s} {r['seconds']:7.1f} s   {r['convergence']}")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
