"""Mass-median bias of noise-aware networks against the exact mass posterior.

    python validation/mass_bias.py exoinfer/data/mdn/core-mantle-water-gas__mass-radius-teq out/my-mdn

The mass of a planet is measured directly: its posterior is, to a good approximation, the log-uniform
prior times the Gaussian likelihood of the measured mass (radius and Teq add little about mass when the
composition is free), which a grid gives exactly. On 400 test planets of the default model observed with
`exoinfer calibrate`'s noise (mass 3-20%), this reports the median over planets of (network median - exact
median) / exact standard deviation. It separates the two conventions of the noise-aware error input
(``ERROR_INPUT`` in exoinfer/backends/amortized.py): networks given sigma / x_true in training sit ~s
standard deviations high; with sigma / x_obs the bias vanishes.

Writes ``validation/results/mass_bias.md`` and ``.json``.
"""

import argparse
from pathlib import Path

import numpy as np
from _results import write_results

from exoinfer.backends.mdn import MDNEstimator
from exoinfer.diagnostics.calibration import calibration_planets
from exoinfer.inference import Prior
from exoinfer.structure import get_model

INPUTS = ("mass", "radius", "teq")


def exact_mass_posterior(prior, observed, sigma):
    """Median and standard deviation of prior(m) N(observed; m, sigma) on a grid, per planet."""
    low, high = prior.mass.low, prior.mass.high
    grid = np.geomspace(low, high, 20_000)
    density = np.exp(prior.mass.log_prob(grid) - 0.5 * ((observed[:, None] - grid) / sigma[:, None]) ** 2)
    cdf = np.cumsum(density, axis=1)
    cdf /= cdf[:, -1:]
    weights = density / density.sum(axis=1, keepdims=True)
    mean = weights @ grid
    return grid[np.argmax(cdf >= 0.5, axis=1)], np.sqrt(weights @ grid**2 - mean**2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("networks", nargs="+", help="noise-aware (mass, radius, teq) network folders")
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args(argv)
    model = get_model("core-mantle-water-gas")
    planets, _ = calibration_planets(model, args.n, observables=INPUTS, seed=args.seed)
    values = {k: np.array([p.observation[k].value for p in planets]) for k in INPUTS}
    errors = {k: np.array([p.observation[k].sigma for p in planets]) for k in INPUTS}
    median, sd = exact_mass_posterior(Prior.default(model), values["mass"], errors["mass"])
    rows = {}
    for path in args.networks:
        network = MDNEstimator.load(path)
        drawn = network.sample(values, errors, n=4000, seed=0)
        shift = (np.median(drawn["mass"], axis=1) - median) / sd
        rows[str(path)] = {
            "error_input": network.card.get("error_input") or "true value (before the fix)",
            "median_shift_sd": float(np.median(shift)),
            "mean_shift_sd": float(np.mean(shift)),
        }
        print(f"{path}: median shift {np.median(shift):+.3f} sd", flush=True)
    lines = [
        "# Mass-median bias of noise-aware networks",
        "",
        f"Command: `python validation/mass_bias.py {' '.join(args.networks)}` ({args.n} test planets).",
        "",
        "| network | error input relative to | median shift [sd] | mean shift [sd] |",
        "|---|---|---|---|",
        *(
            f"| {p} | {r['error_input']} | {r['median_shift_sd']:+.3f} | {r['mean_shift_sd']:+.3f} |"
            for p, r in rows.items()
        ),
    ]
    write_results(args.out, "mass_bias", {"planets": args.n, "networks": rows}, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
