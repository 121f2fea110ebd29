"""``exoinfer simulate``: a simulation set (prior draws built by a structure model) on Dask, in Zarr."""

import sys
import time
from contextlib import ExitStack

from ..errors import InputError
from ..structure import DEFAULT_MODEL, get_model
from ._progress import progress


def register(subparsers):
    parser = subparsers.add_parser(
        "simulate",
        help="simulation set for training and calibration: prior draws and their structure, in Zarr",
        description=(
            "Draw --n planets from the prior, build them with the model (radius, k2, C/MR^2, layers) and "
            "store parameters, outputs and status in a Zarr store, in chunks on Dask. Rerunning the same "
            "command resumes an interrupted run; a larger --n extends the set. The set depends only on "
            "model, prior, seed and chunk size, not on the scheduler or the number of workers."
        ),
    )
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"structure model (default {DEFAULT_MODEL})")
    parser.add_argument("--prior", help="prior YAML file (default: the model's default prior)")
    parser.add_argument("--n", type=int, required=True, help="planets in the set")
    parser.add_argument("--out", required=True, help="Zarr store (a directory) to create, resume or extend")
    parser.add_argument(
        "--chunk-size", type=int, default=100_000, help="planets per chunk and task (default 100000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the draws (default 0)")
    parser.add_argument(
        "--scheduler",
        help=(
            "address of a running Dask scheduler (tcp://host:port), or 'synchronous' or 'threads' for "
            "Dask's local schedulers (default: a local cluster, one worker process per core)"
        ),
    )
    parser.set_defaults(func=run)


def run(args):
    from ..inference import load_prior
    from ..simulate import simulate_set

    # Refuse bad numbers before loading anything, with the option names the user typed.
    for option, value, low in (
        ("--n", args.n, 1),
        ("--chunk-size", args.chunk_size, 1),
        ("--seed", args.seed, 0),
    ):
        if value < low:
            raise InputError(option, value, f"a whole number >= {low}")
    model = get_model(args.model)
    prior = load_prior(model, args.prior)
    bar = _LazyBar(args.n, f"simulate {model.name}")
    start = time.perf_counter()
    try:
        with bar:
            sims = simulate_set(
                model,
                prior,
                args.n,
                args.out,
                seed=args.seed,
                chunk_size=args.chunk_size,
                scheduler=args.scheduler,
                progress=bar.update,
            )
    except KeyboardInterrupt:
        print(
            f"interrupted: {bar.done} of {args.n} planets complete in {args.out}; "
            "run the same command again to resume",
            file=sys.stderr,
        )
        raise
    _summary(sims, args.n - bar.before, time.perf_counter() - start)
    return 0


class _LazyBar:
    """A progress bar that appears at the first report, i.e. once the store has been accepted (a refused
    store prints its one-line error and nothing else), and only on a terminal."""

    def __init__(self, total, description):
        self.total = total
        self.description = description
        self.before = None
        self.done = 0
        self._stack = ExitStack()
        self._advance = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)

    def update(self, done, total):
        if self.before is None:
            self.before = done
            if sys.stdout.isatty():
                self._advance = self._stack.enter_context(progress(total, self.description))
        if self._advance is not None:
            self._advance(done - self.done)
        self.done = done


def _summary(sims, simulated, seconds):
    counts = ", ".join(f"{count} {label}" for label, count in sorted(sims.status_counts().items()))
    rate = f", {simulated / seconds:,.0f} planets/s" if simulated else ""
    print(f"{sims.n} planets in {sims.path} ({counts})")
    print(f"simulated now: {simulated} planets in {seconds:.1f} s{rate}")
