"""Executing and storing sweeps through the Python API, with a toy runner (fast).

The toy runner (tests/sweep_fixtures/sweep_toy_runner.py) has sim.run's signature; its
outcomes depend on the seed and parameters, and some parameter values make it fail.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.experiments import (
    SweepFailed,
    SweepUsageError,
    load_manifest,
    load_results,
    load_timeseries,
    run_seed,
    run_sweep,
)
from sim.experiments.executors import PoolExecutor, SerialExecutor
from sim.experiments.store import ResultStore

sys.path.insert(0, str(Path(__file__).parent / "sweep_fixtures"))
import sweep_toy_runner as toy

GRID = {"n_coordinators": [1, 2], "feedback_probability": [0.1, 0.5, 0.9], "n_pupils": 300}


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal in everything but wall time."""
    pd.testing.assert_frame_equal(a.drop(columns="elapsed_s"), b.drop(columns="elapsed_s"))


def sweep(**kw):
    kw.setdefault("runner", toy.run)
    kw.setdefault("progress", False)
    kw.setdefault("years", 1)
    return run_sweep(GRID if "spec" not in kw else None, **kw)


def test_rows_carry_ids_parameters_seed_and_outcomes():
    df = sweep(iterations=2, seed=4, executor="serial")
    assert len(df) == 12 and list(df["run_id"]) == list(range(12))
    assert list(df.columns[:4]) == ["run_id", "point_id", "replicate", "seed"]
    assert list(df.columns[-4:]) == ["status", "error", "traceback", "elapsed_s"]
    assert (df["status"] == "ok").all()
    assert list(df["seed"]) == [run_seed(4, i) for i in range(12)]
    row = df.iloc[7]  # replicate 1, point 1: n_coordinators 1, feedback 0.5
    assert (row.point_id, row.replicate, row.n_coordinators, row.feedback_probability) == \
        (1, 1, 1, 0.5)
    # the outcome is what the runner gives for that seed and those parameters
    expected = toy.run(None, seed=int(row.seed), years=1, n_coordinators=1,
                       feedback_probability=0.5, n_pupils=300).summary
    assert row.score == expected["score"] and row["count"] == expected["count"]
    assert np.isnan(df["nan_sometimes"]).any() and not np.isnan(df["score"]).any()


def test_serial_and_pool_give_identical_results_whatever_the_worker_count():
    serial = sweep(iterations=3, seed=1, executor="serial")
    pool2 = sweep(iterations=3, seed=1, executor=PoolExecutor(2))
    pool1 = sweep(iterations=3, seed=1, executor=PoolExecutor(1))
    same(serial, pool2)
    same(serial, pool1)


def test_memory_and_directory_stores_read_back_identically(tmp_path):
    mem = sweep(iterations=2, seed=2, executor="serial")
    disk = sweep(iterations=2, seed=2, executor="serial", out=tmp_path / "r")
    same(mem, disk)
    same(disk, load_results(tmp_path / "r"))


def test_store_layout_and_manifest(tmp_path, monkeypatch):
    monkeypatch.setattr(ResultStore, "COMPACT_MIN_PARTS", 10)
    out = tmp_path / "r"
    sweep(iterations=2, seed=2, executor="serial", out=out, name="toy-grid")
    m = load_manifest(out)
    assert m["name"] == "toy-grid" and m["status"] == "complete"
    assert m["started"] and m["finished"] and m["finished"] >= m["started"]
    for pkg in ("python", "sim", "mesa", "numpy", "pandas", "pyarrow", "networkx", "SALib",
                "dask"):
        assert pkg in m["versions"]
    assert "git" in m  # a dict with the commit, or None outside a repository
    assert m["spec"]["grid"] == [["n_coordinators", [1, 2]],
                                 ["feedback_probability", [0.1, 0.5, 0.9]]]
    assert m["design"]["n_runs"] == 12 and m["runner"] == "sweep_toy_runner:run"
    assert m["base_scenario"]["parameters"]["n_pupils"] == 1500  # provenance of the base
    assert m["sessions"][0]["executor"] == "serial" and m["sessions"][0]["runs_ok"] == 12
    # serial: one part per finished run (parts 1-12), merged into part 13 at the end
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["checksums.sha256",
                                                                "part-000-000013.parquet"]
    # the checksum file lists the part's SHA-256, as sha256sum does (after the compaction,
    # only the parts that exist)
    import hashlib

    part = out / "runs" / "part-000-000013.parquet"
    assert (out / "runs" / "checksums.sha256").read_text() == \
        f"{hashlib.sha256(part.read_bytes()).hexdigest()}  {part.name}\n"
    # fewer parts than COMPACT_MIN_PARTS stay as they are
    sweep(iterations=1, seed=2, executor="serial", out=tmp_path / "few")
    assert len(list((tmp_path / "few" / "runs").glob("part-*.parquet"))) == 6
    assert not list(out.rglob("*.tmp"))
    design = pd.read_parquet(out / "design.parquet")
    assert list(design.columns) == ["point_id", "n_coordinators", "feedback_probability"]
    assert len(design) == 6


def test_failed_runs_are_recorded_and_the_sweep_carries_on(tmp_path):
    params = {"class_size": [25, 13], "n_pupils": 300}
    df = run_sweep(params, iterations=2, years=1, runner=toy.run, executor="serial",
                   out=tmp_path / "r", progress=False)
    assert list(df["status"]) == ["ok", "failed", "ok", "failed"]
    failed = df[df["status"] == "failed"]
    assert failed["error"].str.contains("RuntimeError: toy failure for class_size 13").all()
    assert failed["traceback"].str.contains("Traceback").all()
    assert failed["score"].isna().all() and df.loc[df.status == "ok", "score"].notna().all()
    assert load_manifest(tmp_path / "r")["status"] == "complete-with-failures"
    ok_only = load_results(tmp_path / "r", include_failed=False)
    assert list(ok_only["run_id"]) == [0, 2]


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    params = {"class_size": [13, 25], "n_pupils": 300}
    with pytest.raises(SweepFailed, match="toy failure") as err:
        run_sweep(params, iterations=5, years=1, runner=toy.run, executor="serial",
                  out=tmp_path / "r", fail_fast=True, progress=False)
    assert err.value.report.status == "stopped"
    df = load_results(tmp_path / "r")
    assert list(df["run_id"]) == [0]  # stored, and nothing after it ran
    assert load_manifest(tmp_path / "r")["status"] == "stopped"


def test_resume_skips_finished_runs_and_retries_failed_ones(tmp_path):
    out = tmp_path / "r"
    full = sweep(iterations=2, seed=8, executor="serial")
    # a first session that stored only some runs, one of them failed
    first = sweep(iterations=2, seed=8, executor="serial", out=out)
    store = ResultStore(out)
    parts = store.part_files()  # serial: part i holds run i
    # as if the first session had stored only runs 0-4, and run 3 had failed
    for p in parts[5:]:
        p.unlink()
    t = pd.read_parquet(parts[3])
    t.loc[:, ["status", "error"]] = ["failed", "RuntimeError: flaky"]
    t.to_parquet(parts[3], index=False)
    assert store.finished_run_ids() == {0, 1, 2, 4}

    resumed = run_sweep(GRID, iterations=2, seed=8, years=1, runner=toy.run, executor="serial",
                        out=out, resume=True, progress=False)
    assert len(resumed) == 12 and resumed["run_id"].is_unique
    same(resumed, full)
    same(first, full)
    sessions = load_manifest(out)["sessions"]
    assert [s["resumed_with"] for s in sessions] == [0, 4]
    assert sessions[1]["runs_ok"] == 8  # run 3 (failed) and 5..11


def test_resume_refuses_another_spec_and_a_store_in_the_way(tmp_path):
    out = tmp_path / "r"
    sweep(iterations=1, seed=1, executor="serial", out=out)
    with pytest.raises(SweepUsageError, match="already holds a sweep"):
        sweep(iterations=1, seed=1, executor="serial", out=out)
    with pytest.raises(SweepUsageError, match=r"(?s)spec differs.*seed: stored 1, given 2"):
        sweep(iterations=1, seed=2, executor="serial", out=out, resume=True)
    with pytest.raises(SweepUsageError, match="replicates: stored 1, given 3"):
        sweep(iterations=3, seed=1, executor="serial", out=out, resume=True)
    # the same spec resumes (nothing left to do)
    again = sweep(iterations=1, seed=1, executor="serial", out=out, resume=True)
    assert len(again) == 6


def test_resume_refuses_a_changed_base_scenario(tmp_path):
    scen = tmp_path / "base.toml"
    scen.write_text("[scenario]\nname = 'b'\n[parameters]\nclass_size = 20\n")
    spec = {"sweep": {"name": "s", "scenario": str(scen), "years": 1,
                      "runner": "sweep_toy_runner:run"},
            "grid": {"n_coordinators": [1, 2]}}
    run_sweep(spec=spec, executor="serial", out=tmp_path / "r", progress=False, runner=toy.run)
    scen.write_text("[scenario]\nname = 'b'\n[parameters]\nclass_size = 22\n")
    with pytest.raises(SweepUsageError, match="class_size was 20, now 22"):
        run_sweep(spec=spec, executor="serial", out=tmp_path / "r", resume=True, progress=False,
                  runner=toy.run)


def test_timeseries_are_kept_with_run_ids(tmp_path):
    df = sweep(iterations=1, seed=3, executor="serial", timeseries=True, out=tmp_path / "r")
    ts = load_timeseries(tmp_path / "r")
    assert sorted(ts["run_id"].unique()) == list(df["run_id"])
    assert list(ts.columns) == ["run_id", "week", "value"]
    assert (ts.groupby("run_id").size() == 4).all()
    mem = sweep(iterations=1, seed=3, executor="serial", timeseries=True)
    pd.testing.assert_frame_equal(mem.attrs["timeseries"], ts)


def test_outcomes_are_filtered_and_checked():
    df = sweep(iterations=1, executor="serial", outcomes=["noise", "score"])
    assert [c for c in df.columns if c in toy.OUTCOMES] == ["noise", "score"]
    with pytest.raises(SweepUsageError, match=r"unknown outcome.*'scor'.*Valid outcomes: score"):
        sweep(iterations=1, executor="serial", outcomes=["scor"])
    # a runner that cannot say which outcomes it has: each run fails with the list it gave
    df = run_sweep({"n_pupils": 300}, years=1, runner=toy.run_plain, executor="serial",
                   outcomes=["bogus"], progress=False)
    assert df["status"].tolist() == ["failed"]
    assert "no outcome(s) ['bogus']" in df["error"][0] and "score" in df["error"][0]


def test_usage_errors_before_anything_runs(tmp_path):
    with pytest.raises(SweepUsageError, match="unknown parameter 'n_coordinatorz'"):
        run_sweep({"n_coordinatorz": [1, 2]}, runner=toy.run, out=tmp_path / "a")
    with pytest.raises(SweepUsageError, match=r"n_pupils = 10 is not allowed"):
        run_sweep({"n_pupils": [300, 10]}, runner=toy.run, out=tmp_path / "b")
    with pytest.raises(SweepUsageError, match="either"):
        run_sweep({"n_pupils": 300}, runner=toy.run, scheduler="tcp://x:1", dask_local=2)
    with pytest.raises(SweepUsageError, match="cannot be sent to worker processes"):
        run_sweep({"n_pupils": 300}, runner=lambda *a, **k: {}, workers=2, progress=False)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_dying_worker_fails_only_its_run_and_the_pool_recovers():
    params = {"class_size": [25, 25, 9, 25], "n_pupils": 300}
    with pytest.raises(SweepUsageError):  # duplicate grid values are refused
        run_sweep(params, runner=toy.run, executor="serial")
    params = {"class_size": [25, 24, 9, 23, 22], "n_pupils": 300}
    df = run_sweep(params, iterations=2, years=1, runner=toy.run, executor=PoolExecutor(2),
                   progress=False)
    dead = df[df["class_size"] == 9]
    assert (dead["status"] == "failed").all()
    assert dead["error"].str.contains("worker process died").all()
    others = df[df["class_size"] != 9]
    # every other run finished, possibly after being retried once on a fresh pool
    assert (others["status"] == "ok").all() and len(others) == 8


def test_batch_run_names_iterations_and_number_processes():
    a = sweep(iterations=2, executor="serial", seed=5)
    b = sweep(replicates=2, number_processes=1, seed=5)  # 1 process: in this process
    same(a, b)
    with pytest.raises(SweepUsageError, match="differ"):
        sweep(replicates=2, iterations=3, executor="serial")
    with pytest.raises(SweepUsageError, match="differ"):
        sweep(workers=2, number_processes=1)


def test_spec_file_and_run_sweep_agree(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text("""
[sweep]
name = "from-file"
replicates = 2
years = 1
seed = 6
runner = "sweep_toy_runner:run"
[fixed]
n_pupils = 300
[grid]
n_coordinators = [1, 2]
feedback_probability = [0.1, 0.5, 0.9]
""")
    from_file = run_sweep(spec=spec, executor="serial", progress=False,
                          runner="sweep_toy_runner:run")
    from_dict = sweep(iterations=2, seed=6, executor="serial")
    same(from_file, from_dict[from_file.columns])
    manifest_spec = json.loads(json.dumps(load_spec_dict(spec)))
    assert manifest_spec["runner"] == "sweep_toy_runner:run"


def load_spec_dict(path):
    from sim.experiments import load_spec

    return load_spec(path).to_dict()


def test_serial_executor_runs_in_order():
    ex = SerialExecutor()
    out = [c.value for batch in ex.imap_unordered(lambda x: x * 2, range(5)) for c in batch]
    assert out == [0, 2, 4, 6, 8]


def test_compaction_cut_short_still_reads_back_the_same(tmp_path, monkeypatch):
    out = tmp_path / "r"
    full = sweep(iterations=2, seed=9, executor="serial", out=out, timeseries=True)
    ts_full = load_timeseries(out)
    store = ResultStore(out)
    assert len(store.part_files()) == 12
    # a kill after the merged part was written and two old parts were removed
    real_unlink, calls = Path.unlink, []

    def dying_unlink(self, missing_ok=False):
        calls.append(self)
        if len(calls) > 4:  # runs and time series of two parts
            raise KeyboardInterrupt
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", dying_unlink)
    with pytest.raises(KeyboardInterrupt):
        store.compact(force=True)
    monkeypatch.undo()
    assert len(store.part_files()) == 11  # 10 old ones and the merged one
    same(load_results(out), full)
    pd.testing.assert_frame_equal(load_timeseries(out), ts_full)
    # the next compaction (e.g. at the end of a resumed session) finishes the job
    store.compact(force=True)
    assert len(store.part_files()) == 1 and len(store.part_files("timeseries")) == 1
    same(load_results(out), full)
    pd.testing.assert_frame_equal(load_timeseries(out), ts_full)


def test_an_unreadable_part_is_set_aside_on_resume_and_its_runs_run_again(tmp_path,
                                                                          monkeypatch):
    out = tmp_path / "r"
    full = sweep(iterations=1, seed=4, executor="serial", out=out, timeseries=True)
    part = ResultStore(out).part_files()[2]
    part.write_bytes(part.read_bytes()[:40])  # as a power failure might leave it
    with pytest.warns(UserWarning, match="skipping"):
        assert len(load_results(out)) == 5
    with pytest.warns(UserWarning) as warned:
        resumed = sweep(iterations=1, seed=4, executor="serial", out=out, timeseries=True,
                        resume=True)
    assert any("set aside" in str(w.message) for w in warned)
    same(resumed, full)
    assert (out / "runs" / (part.name + ".corrupt")).exists()
    assert (out / "timeseries" / (part.name + ".corrupt")).exists()
    assert sorted(load_timeseries(out)["run_id"].unique()) == list(range(6))
