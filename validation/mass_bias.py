"""Is the mass posterior of a noise-aware network where it should be? Against the exact mass posterior.

    python validation/mass_bias.py --sims out/core-mantle-water-gas.zarr \
        exoinfer/data/mdn/core-mantle-water-gas__mass-radius-teq [more network folders]

A planet's mass is measured directly, so its marginal posterior given the measured mass alone is a 1-D
integral that a grid gives exactly: the log-uniform mass prior, times the fraction of planets of that mass
that the solver builds (the networks, MCMC and the test planets all live among built planets; it rises from
~26% at 0.1 M_E to 100% at 25 M_E, read from --sims), times the Gaussian likelihood of the measured mass,
times the window [sigma / 0.20, sigma / 0.03] that a 3-20% relative error (sigma = s x_true, the test noise
of `exoinfer calibrate`) allows. Radius and Teq add little about mass when the composition is free.

For test planets of the default model observed with that noise, this reports per network, and for the
exact posterior itself: the median over planets of (median - exact median) / exact standard deviation,
and the calibration of the mass marginal (mean probability integral transform of the true mass, 0.5 if
unbiased, and its Kolmogorov-Smirnov p-value against uniform).

Writes ``validation/results/mass_bias.md`` and ``.json``.
"""

import argparse
from pathlib import Path

import numpy as np
from _results import write_results
from scipy.stats import kstest

from exoinfer.backends.mdn import MDNEstimator
from exoinfer.diagnostics.calibration import CALIBRATION_ERRORS, calibration_planets
from exoinfer.inference import Prior
from exoinfer.simulate import open_simulations
from exoinfer.structure import Status, get_model

INPUTS = ("mass", "radius", "teq")
GRID_POINTS = 20_000
BUILT_BINS = 200


def built_fraction(sims, grid):
    """Fraction of simulated planets the solver built, as a function of mass, at ``grid``."""
    data = sims.arrays(["mass", "status"], ok_only=False)
    edges = np.geomspace(grid[0], grid[-1], BUILT_BINS + 1)
    total, _ = np.histogram(data["mass"], edges)
    built, _ = np.histogram(data["mass"][data["status"] == Status.OK], edges)
    fraction = built / np.maximum(total, 1)
    return fraction[np.clip(np.searchsorted(edges, grid) - 1, 0, BUILT_BINS - 1)]


def exact_mass_posterior(prior, built, grid, observed, sigma):
    """Per planet on ``grid``: the CDF of the exact mass posterior (see the module docstring)."""
    low, high = CALIBRATION_ERRORS["mass"]
    window = (grid >= sigma[:, None] / high) & (grid <= sigma[:, None] / low)
    likelihood = np.exp(-0.5 * ((observed[:, None] - grid) / sigma[:, None]) ** 2)
    # A geometric grid: each point stands for a width proportional to its mass.
    weight = np.exp(prior.mass.log_prob(grid)) * built * grid * likelihood * window
    cdf = np.cumsum(weight, axis=1)
    return cdf / cdf[:, -1:]


def _figures(medians, pit, exact_median, exact_sd):
    shift = (medians - exact_median) / exact_sd
    return {
        "median_shift_sd": float(np.median(shift)),
        "mean_shift_sd": float(np.mean(shift)),
        "mean_pit": float(np.mean(pit)),
        "ks_pvalue": float(kstest(pit, "uniform").pvalue),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="+", help="noise-aware (mass, radius, teq) network folders")
    parser.add_argument("--sims", required=True, help="a simulation set of the default model and prior")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    model = get_model("core-mantle-water-gas")
    prior = Prior.default(model)
    planets, _ = calibration_planets(model, args.n, observables=INPUTS, seed=args.seed)
    values = {k: np.array([p.observation[k].value for p in planets]) for k in INPUTS}
    errors = {k: np.array([p.observation[k].sigma for p in planets]) for k in INPUTS}
    truth = np.array([p.truth["mass"] for p in planets])
    grid = np.geomspace(prior.mass.low, prior.mass.high, GRID_POINTS)
    cdf = exact_mass_posterior(
        prior, built_fraction(open_simulations(args.sims), grid), grid, *(values["mass"], errors["mass"])
    )
    exact_median = grid[np.argmax(cdf >= 0.5, axis=1)]
    exact_sd = (grid[np.argmax(cdf >= 0.8413, axis=1)] - grid[np.argmax(cdf >= 0.1587, axis=1)]) / 2
    exact_pit = np.array([np.interp(t, grid, c) for t, c in zip(truth, cdf, strict=True)])
    rows = {
        "exact (mass only)": {"error_input": "-", **_figures(exact_median, exact_pit, exact_median, exact_sd)}
    }
    for path in args.networks:
        network = MDNEstimator.load(path)
        drawn = network.sample_in_support(prior, values, errors, n=4000, seed=0)["mass"]
        rows[str(path)] = {
            "error_input": network.card.get("error_input") or "true value (before the fix)",
            **_figures(
                np.median(drawn, axis=1), (drawn < truth[:, None]).mean(axis=1), exact_median, exact_sd
            ),
        }
        print(f"{path}: median shift {rows[str(path)]['median_shift_sd']:+.3f} sd", flush=True)
    lines = [
        "# Mass posterior of noise-aware networks against the exact one",
        "",
        f"Command: `python validation/mass_bias.py --sims {args.sims} {' '.join(args.networks)}` "
        f"({args.n} test planets, mass errors 3-20%).",
        "",
        "| posterior | error input relative to | median shift [sd] | mean shift [sd] | mean PIT | KS p |",
        "|---|---|---|---|---|---|",
        *(
            f"| {p} | {r['error_input']} | {r['median_shift_sd']:+.3f} | {r['mean_shift_sd']:+.3f} | "
            f"{r['mean_pit']:.3f} | {r['ks_pvalue']:.3f} |"
            for p, r in rows.items()
        ),
    ]
    write_results(args.out, "mass_bias", {"planets": args.n, "posteriors": rows}, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
