"""Throughput and peak memory of simulation sets (``exoinfer simulate``) on Dask.

    python benchmarks/simulate_throughput.py               # 1,000,000 planets in chunks of 100,000
    python benchmarks/simulate_throughput.py --quick       # 20,000 planets in chunks of 2,500
    python benchmarks/simulate_throughput.py --scheduler tcp://127.0.0.1:8786   # also an external cluster

The model is ``core-mantle-water-gas`` (radius, k2, C/MR^2 and every layer) with its default prior.

Local cluster (the default of ``simulate_set``: one single-threaded worker process per core). Two sets are
made, of n / 5 and n planets at one chunk size, each in a fresh Python process so that the peak figures
belong to that run alone:

- wall time from the call to the finished store, including starting the cluster and the workers' start
  (imports, loading the compiled kernel: seconds), planets/s over it, and the steady planets/s after
  the first chunk;
- peak RSS of the client, which hosts the LocalCluster's scheduler: ``getrusage(RUSAGE_SELF)``;
- peak RSS of the largest worker: ``getrusage(RUSAGE_CHILDREN)`` read after the cluster has closed. The
  kernel counts a descendant once it has been waited for; the nannies wait for their workers and the
  cluster for its nannies, so this is the largest worker's peak (the figure is the maximum over all
  descendants, not a sum).

If memory is set by the chunk size, the two peaks match while n grows five-fold.

External cluster (``--scheduler ADDRESS``): the same n through a running scheduler; worker peaks are read
on the workers themselves (``client.run``), over each worker's whole life. To start a real cluster on one
machine from the command line (the store must be on a filesystem every worker sees, here the same disk)::

    dask scheduler --port 8786 &
    dask worker tcp://127.0.0.1:8786 --nworkers 2 --nthreads 1 &
    python benchmarks/simulate_throughput.py --scheduler tcp://127.0.0.1:8786
    kill %2 %1     # workers first, then the scheduler

``--nthreads 1`` matters: each task runs the structure solver single-threaded, so one worker per core.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from exoinfer.inference import Prior
from exoinfer.simulate import simulate_set
from exoinfer.structure import get_model

MODEL = "core-mantle-water-gas"


def _mb(kilobytes):
    """ru_maxrss is in kilobytes on Linux."""
    return round(kilobytes / 1024, 1)


def _store_mb(path):
    return round(sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20, 2)


def timed_run(n, chunk_size, scheduler, directory):
    """Make a set of ``n`` planets; wall time, rate, start-up time, status counts and store size."""
    model = get_model(MODEL)
    path = Path(directory) / f"sims-{n}.zarr"
    reports = []  # (time, planets done) at each progress report
    start = time.perf_counter()
    sims = simulate_set(
        model,
        Prior.default(model),
        n,
        path,
        chunk_size=chunk_size,
        scheduler=scheduler,
        progress=lambda done, total: reports.append((time.perf_counter(), done)),
    )
    end = time.perf_counter()
    # Reports: cluster up and store ready, then one per chunk. The first chunk also pays each worker's
    # start (imports, loading the compiled kernel); the rate after it is the steady one.
    (t_up, _), (t_first, first) = reports[0], reports[min(1, len(reports) - 1)]
    return {
        "n": n,
        "chunk_size": chunk_size,
        "wall_s": round(end - start, 2),
        "planets_per_s": round(n / (end - start)),
        "cluster_start_s": round(t_up - start, 2),
        "first_chunk_s": round(t_first - start, 2),
        "steady_planets_per_s": round((n - first) / (end - t_first)) if n > first else None,
        "status": sims.status_counts(),
        "store_mb": _store_mb(path),
    }


def measure_local(n, chunk_size):
    """One local-cluster run in this (fresh) process, with peak memory of client and workers."""
    with tempfile.TemporaryDirectory() as directory:
        figures = timed_run(n, chunk_size, None, directory)
    figures["client_peak_rss_mb"] = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["worker_peak_rss_mb"] = _mb(worker) if worker else None  # 0: no worker was reaped
    return figures


def _peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_external(n, chunk_size, address):
    """A run through a running scheduler; worker peaks over each worker's life."""
    from distributed import Client

    with tempfile.TemporaryDirectory(prefix=".simulate-benchmark-", dir=os.getcwd()) as directory:
        figures = timed_run(n, chunk_size, address, directory)
    with Client(address, timeout="10s") as client:
        peaks = client.run(_peak_rss_kb)
    figures["workers"] = len(peaks)
    figures["worker_peak_rss_mb"] = {address: _mb(kb) for address, kb in sorted(peaks.items())}
    return figures


def in_fresh_process(n, chunk_size):
    """Run :func:`measure_local` in a new interpreter, so its peak RSS figures are its own."""
    command = [sys.executable, __file__, "--measure", str(n), "--chunk-size", str(chunk_size)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(f"measurement of n={n} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _print(label, f):
    steady = f["steady_planets_per_s"]
    print(
        f"{label:26s} {f['n']:>9,d} planets {f['wall_s']:7.1f} s {f['planets_per_s']:>7,d} planets/s; "
        f"cluster up {f['cluster_start_s']:.1f} s, first chunk {f['first_chunk_s']:.1f} s, "
        f"then {steady if steady is None else format(steady, ',d')} planets/s; store {f['store_mb']} MB"
    )
    peaks = f["worker_peak_rss_mb"]
    peaks = ", ".join(f"{v} MB" for v in peaks.values()) if isinstance(peaks, dict) else f"{peaks} MB"
    client = f"client+scheduler {f['client_peak_rss_mb']} MB, " if "client_peak_rss_mb" in f else ""
    print(f"{'':26s} peak RSS: {client}worker {peaks}; status {f['status']}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="planets in the large set (default 1,000,000; quick 20,000)")
    parser.add_argument("--chunk-size", type=int, help="planets per chunk (default 100,000; quick 2,500)")
    parser.add_argument("--quick", action="store_true", help="a small run (for tests and a first look)")
    parser.add_argument("--scheduler", help="also time against this running Dask scheduler (tcp://host:port)")
    parser.add_argument("--no-local", action="store_true", help="skip the local-cluster runs")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # internal: one run, JSON out
    args = parser.parse_args(argv)
    n = args.n or (20_000 if args.quick else 1_000_000)
    chunk_size = args.chunk_size or (2_500 if args.quick else 100_000)
    if args.measure:
        print(json.dumps(measure_local(args.measure, chunk_size)))
        return None
    figures = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"}
    print(f"{MODEL}, default prior; {figures['machine']}; load average {np.round(os.getloadavg(), 1)}")
    if not args.no_local:
        for size in (max(chunk_size, n // 5), n):
            figures[f"local cluster, n={size}"] = f = in_fresh_process(size, chunk_size)
            _print(f"local cluster ({os.cpu_count()} workers)", f)
    if args.scheduler:
        figures[f"external {args.scheduler}, n={n}"] = f = measure_external(n, chunk_size, args.scheduler)
        _print(f"external ({f['workers']} workers)", f)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
