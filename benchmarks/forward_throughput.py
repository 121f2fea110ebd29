"""Throughput and latency of the structure solver (``core-mantle-water-gas``, with k2 and C/MR^2).

    python benchmarks/forward_throughput.py            # full: 262,144 planets per case
    python benchmarks/forward_throughput.py --quick    # 16,384 planets per case

Planets are drawn from the default prior (mass 0.1-25 M_E log-uniform, solids uniform on the simplex, Teq
100-1000 K); "with envelope" has the prior's log-uniform envelope fraction 1e-5..0.2, "without" w_gas = 0.
Throughput is measured with 1 thread and with every core; latency is the wall time of one ``simulate``
call for a small batch in a warm process (the kernel compiled and cached).
"""

import argparse
import json
import os
import platform
import time

import numpy as np

from exoinfer.inference import Prior
from exoinfer.structure import SolverSettings, get_model


def draw(model, n, envelope, seed=0):
    params = Prior.default(model).sample(n, np.random.default_rng(seed))
    if not envelope:
        solid = 1.0 - params["w_gas"]
        for name in ("w_core", "w_mantle", "w_water"):
            params[name] = params[name] / solid
        params["w_gas"] = np.zeros(n)
    return params


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller batches (for tests and a first look)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    model = get_model("core-mantle-water-gas")
    n = 16_384 if args.quick else 262_144
    model.simulate(draw(model, 8, True))  # compile / load the kernel
    figures = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "planets": n,
    }
    for envelope in (False, True):
        params = draw(model, n, envelope, seed=1)
        for threads in (1, os.cpu_count()):
            seconds = best_of(
                lambda p=params, t=threads: model.simulate(p, SolverSettings(threads=t)),
                1 if n > 100_000 else 3,
            )
            ok = model.simulate(params).ok.mean()
            key = f"{'with' if envelope else 'without'} envelope, {threads} thread{'s' * (threads > 1)}"
            figures[key] = {"planets_per_s": round(n / seconds), "ok_fraction": round(float(ok), 4)}
            print(f"{key:36s} {n / seconds:10.0f} planets/s   ({ok:.1%} built)")
    for size in (1, 128, 1024):
        params = draw(model, size, True, seed=2)
        seconds = best_of(lambda p=params: model.simulate(p), 20 if size < 1024 else 5)
        figures[f"latency {size} planets [ms]"] = round(seconds * 1e3, 2)
        print(f"latency, batch of {size:5d} planets: {seconds * 1e3:8.2f} ms")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(figures, handle, indent=2)


if __name__ == "__main__":
    main()
