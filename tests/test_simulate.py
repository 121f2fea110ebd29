"""Simulation sets: one set whatever the scheduler, resumable, extensible, refused when mismatched."""

import json
import subprocess
import sys

import numpy as np
import pytest

from exoinfer.errors import FileFormatError, InputError
from exoinfer.inference import LogUniform, Prior
from exoinfer.simulate import draw_chunk, open_simulations, simulate_set
from exoinfer.structure import Status, get_model

N, CHUNK, SEED = 1200, 400, 7


@pytest.fixture(scope="module")
def model(default_model):
    return default_model


@pytest.fixture(scope="module")
def prior(model):
    return Prior.default(model)


@pytest.fixture(scope="module")
def reference(model, prior, tmp_path_factory):
    """An uninterrupted run, one chunk after another: the set every other run must reproduce."""
    path = tmp_path_factory.mktemp("sims") / "reference.zarr"
    simulate_set(model, prior, N, path, seed=SEED, chunk_size=CHUNK, scheduler="synchronous")
    return path


def assert_same_set(path, reference):
    a, b = open_simulations(path), open_simulations(reference)
    assert a.n == b.n == a.attrs["n"]
    left, right = a.arrays(ok_only=False), b.arrays(ok_only=False)
    assert list(left) == list(right)
    for name in left:
        np.testing.assert_array_equal(left[name], right[name], err_msg=name)  # NaN == NaN here


def test_threads_scheduler_gives_the_same_set(model, prior, reference, tmp_path):
    path = tmp_path / "threads.zarr"
    simulate_set(model, prior, N, path, seed=SEED, chunk_size=CHUNK, scheduler="threads")
    assert_same_set(path, reference)


def test_local_cluster_of_two_workers_gives_the_same_set(model, prior, reference, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        path = tmp_path / "cluster.zarr"
        simulate_set(model, prior, N, path, seed=SEED, chunk_size=CHUNK, scheduler=cluster.scheduler_address)
    assert_same_set(path, reference)


def test_interrupted_run_resumes_to_the_same_set(model, prior, reference, tmp_path):
    path = tmp_path / "resumed.zarr"
    calls = []

    def stop_after_two_chunks(done, total):
        calls.append(done)
        if len(calls) == 3:  # the first call reports the planets already there
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        simulate_set(
            model,
            prior,
            N,
            path,
            seed=SEED,
            chunk_size=CHUNK,
            scheduler="synchronous",
            progress=stop_after_two_chunks,
        )
    partial = open_simulations(path)
    assert partial.n == 2 * CHUNK
    assert not partial.complete
    assert len(partial.arrays(["radius"], ok_only=False)["radius"]) == 2 * CHUNK
    # A worker killed while writing leaves garbage in a chunk that is not marked done; it is redone.
    import zarr

    (todo,) = np.flatnonzero(~partial.done)
    zarr.open_array(str(path / "radius"), mode="r+")[todo * CHUNK : (todo + 1) * CHUNK] = 0.0
    reports = []
    simulate_set(
        model,
        prior,
        N,
        path,
        seed=SEED,
        chunk_size=CHUNK,
        scheduler="synchronous",
        progress=lambda d, t: reports.append(d),
    )
    assert reports == [2 * CHUNK, N]
    assert_same_set(path, reference)


def test_extension_equals_the_direct_set(model, prior, reference, tmp_path):
    path = tmp_path / "grown.zarr"
    # 1000 planets end in a partial chunk (800..1000), which must be redone with 1200.
    small = simulate_set(model, prior, 1000, path, seed=SEED, chunk_size=CHUNK, scheduler="synchronous")
    assert small.n == 1000
    assert small.complete
    simulate_set(model, prior, N, path, seed=SEED, chunk_size=CHUNK, scheduler="synchronous")
    assert_same_set(path, reference)


def test_rerunning_a_complete_set_changes_nothing(model, prior, reference):
    before = {p.name: p.stat().st_mtime_ns for p in reference.rglob("*") if p.is_file()}
    sims = simulate_set(model, prior, N, reference, seed=SEED, chunk_size=CHUNK)  # no cluster is started
    assert sims.complete
    assert sims.n == N
    assert before == {p.name: p.stat().st_mtime_ns for p in reference.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"seed": SEED + 1}, "seed 7, not 8"),
        ({"chunk_size": CHUNK // 2}, "chunk_size 400, not 200"),
        ({"prior": "wider"}, "prior mass.high 25.0, not 30.0"),
        ({"model": "core-mantle"}, "model"),
    ],
)
def test_a_store_of_another_set_is_refused(model, prior, reference, change, named):
    kwargs = {"seed": SEED, "chunk_size": CHUNK}
    other_model, other_prior = model, prior
    if change.get("prior"):
        other_prior = Prior.default(model, mass=LogUniform(0.1, 30.0))
    elif change.get("model"):
        other_model = get_model(change["model"])
        other_prior = Prior.default(other_model)
    else:
        kwargs.update(change)
    before = open_simulations(reference).attrs
    with pytest.raises(FileFormatError, match=named):
        simulate_set(other_model, other_prior, N, reference, scheduler="synchronous", **kwargs)
    assert open_simulations(reference).attrs == before


def test_bad_paths_and_arguments_are_refused(model, prior, reference, tmp_path, monkeypatch):
    (tmp_path / "file.txt").write_text("not zarr")
    with pytest.raises(FileFormatError, match="not a simulation set"):
        open_simulations(tmp_path / "file.txt")
    with pytest.raises(FileFormatError, match="not a simulation set"):
        open_simulations(tmp_path / "missing.zarr")
    import zarr

    zarr.open_group(str(tmp_path / "other.zarr"), mode="w").attrs["x"] = 1
    with pytest.raises(FileFormatError, match="not an exoinfer simulation set"):
        simulate_set(model, prior, 10, tmp_path / "other.zarr", scheduler="synchronous")
    with pytest.raises(InputError, match="sets only grow"):
        simulate_set(model, prior, N - 1, reference, seed=SEED, chunk_size=CHUNK, scheduler="synchronous")
    for kwargs in ({"n": -1}, {"n": 10, "chunk_size": 0}, {"n": 10, "seed": -1}):
        with pytest.raises(InputError):
            simulate_set(model, prior, path=tmp_path / "never.zarr", scheduler="synchronous", **kwargs)
    monkeypatch.setattr("exoinfer.tasks.CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="scheduler"):
        simulate_set(model, prior, 10, tmp_path / "never.zarr", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "never.zarr").exists()


def test_stored_values_are_the_models_outputs_for_the_stored_parameters(model, prior, reference):
    sims = open_simulations(reference)
    columns = sims.arrays(ok_only=False)
    rows = np.r_[0:5, CHUNK - 3 : CHUNK + 3, N - 4 : N]
    params = {name: columns[name][rows].astype(float) for name in model.parameter_names}
    result = model.simulate(params).columns()
    assert (columns["status"][rows] == result["status"]).all()
    assert not (columns["status"][rows] == Status.OK).all()
    assert (columns["status"][rows] == Status.OK).any()
    for name in sims.output_names:
        np.testing.assert_array_equal(columns[name][rows], result[name].astype(np.float32))
    # The parameters are the documented draws: chunk k from default_rng([seed, k]).
    drawn = draw_chunk(prior, SEED, 1, CHUNK)
    for name in model.parameter_names:
        np.testing.assert_array_equal(columns[name][CHUNK : 2 * CHUNK], drawn[name])


def test_attributes_and_reading(model, prior, reference):
    sims = open_simulations(reference)
    attrs = sims.attrs
    assert attrs["model"] == json.loads(json.dumps(model.describe()))
    assert attrs["prior"] == json.loads(json.dumps(prior.describe()))
    assert (attrs["seed"], attrs["chunk_size"], attrs["n"]) == (SEED, CHUNK, N)
    assert tuple(attrs["parameter_names"]) == model.parameter_names
    assert {"radius", "k2", "moi", "d_core", "p_center"} <= set(attrs["output_names"])
    assert attrs["exoinfer_version"]
    assert attrs["created_at"]
    counts = sims.status_counts()
    assert sum(counts.values()) == N
    assert counts["ok"] > N // 2
    ok = sims.arrays(["radius", "status"])
    assert len(ok["radius"]) == counts["ok"]
    assert (ok["status"] == Status.OK).all()
    assert np.isfinite(ok["radius"]).all()
    assert ok["radius"].dtype == np.float32
    assert len(sims.arrays(["k2"], max_rows=450)["k2"]) == 450
    with pytest.raises(InputError, match="column"):
        sims.arrays(["nonsense"])


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "exoinfer", "simulate", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--n", "-5"], "--n = -5"),
        (["--n", "10", "--chunk-size", "0"], "--chunk-size = 0"),
        (["--n", "10", "--model", "no-such-model"], "no-such-model"),
        (["--n", str(N), "--chunk-size", str(CHUNK), "--seed", "1", "--reference"], "seed 7, not 1"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(reference, tmp_path, args, message):
    out = str(reference) if "--reference" in args else str(tmp_path / "new.zarr")
    args = [a for a in args if a != "--reference"]
    proc = run_cli(*args, "--out", out, "--scheduler", "synchronous")
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert message in proc.stderr
    assert not (tmp_path / "new.zarr").exists()


def test_cli_makes_a_set(tmp_path):
    proc = run_cli(
        "--n", "300", "--chunk-size", "100", "--out", "s.zarr", "--scheduler", "synchronous", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "300 planets in" in proc.stdout
    assert "planets/s" in proc.stdout
    assert open_simulations(tmp_path / "s.zarr").complete
