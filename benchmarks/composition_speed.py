"""Speed of the composition tools on this machine.

1. A degeneracy curve with 101 alpha values and 1,000 Monte Carlo draws of (M, R) (target: under 10 s).
2. Classifying 1,000 catalog planets with 200 draws each (target: under a minute).

Usage::

    python benchmarks/composition_speed.py            # the two targets, best of 3 repeats
    python benchmarks/composition_speed.py --quick    # smaller sizes, one repeat (seconds; used by tests)

The first call compiles (or loads) the structure kernel; it is run once untimed before measuring.
Times are wall-clock and depend on the load of the machine.
"""

import argparse
import os
import time

import numpy as np

from exoinfer.composition import classify, degeneracy_curve
from exoinfer.structure import get_model


def time_degeneracy(alphas, draws, repeats):
    model = get_model("iron-silicate-water")
    degeneracy_curve(model, 5.0, 1.7, 0.3, 0.05, alphas=3, draws=10)  # compile / warm up
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        curve = degeneracy_curve(model, 36.0, 2.3, mass_err=3.6, radius_err=0.1, alphas=alphas, draws=draws)
        best = min(best, time.perf_counter() - start)
    return best, curve


def time_classification(planets, draws, repeats):
    rng = np.random.default_rng(1)
    masses = 10 ** rng.uniform(-1, 2, planets)
    radii = masses**0.27 * rng.uniform(0.6, 2.5, planets)
    mass_err = np.column_stack([0.1 * masses, 0.15 * masses])
    radius_err = np.column_stack([0.04 * radii, 0.05 * radii])
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        result = classify(masses, radii, mass_err, radius_err, draws=draws)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args(argv)
    alphas, draws, planets, planet_draws, repeats = (
        (21, 200, 100, 50, 1) if args.quick else (101, 1000, 1000, 200, 3)
    )
    print(f"cores: {os.cpu_count()}")
    seconds, curve = time_degeneracy(alphas, draws, repeats)
    solved = int(np.isfinite(curve.beta_low).sum())
    print(f"degeneracy curve, {alphas} alphas x {draws} draws: {seconds:.2f} s ({solved} alphas with a band)")
    seconds_c, result = time_classification(planets, planet_draws, repeats)
    counts = {c: int(np.sum(result.label == c)) for c in np.unique(result.label)}
    print(f"classification, {planets} planets x {planet_draws} draws: {seconds_c:.2f} s {counts}")
    return seconds, seconds_c


if __name__ == "__main__":
    main()
