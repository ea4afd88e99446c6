"""The sweep command line: exit codes, messages, and interruption with real signals.

The interruption tests start ``python -m sim sweep`` in its own process group, kill it while
it runs, resume, and compare with an uninterrupted sweep. The other tests call the
command's functions in this process (``python -m sim.experiments`` is the same command).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.experiments import load_manifest, load_results
from sim.experiments.cli import add_sweep_parser, main, sweep_command

FIXTURES = Path(__file__).parent / "sweep_fixtures"
sys.path.insert(0, str(FIXTURES))

TOY_SPEC = """
[sweep]
name = "{name}"
replicates = {replicates}
years = 1
seed = 12
runner = "sweep_toy_runner:run"
timeseries = true
[fixed]
n_pupils = 300
[grid]
n_coordinators = [1, 2]
feedback_probability = [0.1, 0.3, 0.5, 0.7, 0.9]
"""


#: a spec file's runner key is never imported: the command line names the runner explicitly
TOY = ["--runner", "sweep_toy_runner:run"]


def toy_spec(tmp_path: Path, name: str = "toy", replicates: int = 4) -> Path:
    p = tmp_path / f"{name}.toml"
    p.write_text(TOY_SPEC.format(name=name, replicates=replicates))
    return p


def env(delay: float = 0.0) -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(FIXTURES), e.get("PYTHONPATH", "")])
    e["SWEEP_TOY_DELAY"] = str(delay)
    return e


def cli(args: list[str], cwd: Path, delay: float = 0.0, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", "sweep", *args, *TOY], cwd=cwd,
                          env=env(delay), capture_output=True, text=True, timeout=120, check=False,
                          **kw)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.drop(columns="elapsed_s"), b.drop(columns="elapsed_s"))


# ----------------------------------------------------------------------- the parser


def test_python_m_sim_has_the_sweep_command(tmp_path):
    res = subprocess.run([sys.executable, "-m", "sim", "sweep", "--help"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0 and "--dask-local" in res.stdout and "--resume" in res.stdout


def test_add_sweep_parser_wires_into_a_main_parser():
    parser = argparse.ArgumentParser(prog="sim")
    sub = parser.add_subparsers(dest="command")
    add_sweep_parser(sub)
    args = parser.parse_args(["sweep", "s.toml", "--out", "x", "--workers", "2", "--resume",
                              "--fail-fast"])
    assert args.command == "sweep" and args.spec == Path("s.toml") and args.workers == 2
    assert args.resume and args.fail_fast and args.func is sweep_command
    help_text = sub.choices["sweep"].format_help()
    for word in ("--scheduler", "--dask-local", "--resume", "exit codes", "docs/cluster.md"):
        assert word in help_text


@pytest.mark.parametrize("argv,needle", [
    (["--scheduler", "tcp://h:8786", "--dask-local", "2"], "not allowed with argument"),
    (["--workers", "0"], "whole number >= 1"),
    (["--dask-local", "two"], "not a whole number"),
])
def test_conflicting_or_bad_options_exit_2(tmp_path, capsys, argv, needle):
    with pytest.raises(SystemExit) as exc:
        main([str(toy_spec(tmp_path)), *argv])
    assert exc.value.code == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def test_sweep_command_checks_conflicts_itself(tmp_path, capsys):
    ns = argparse.Namespace(spec=toy_spec(tmp_path), out=None, workers=2, scheduler="tcp://h:1",
                            dask_local=None, resume=False, fail_fast=False)
    assert sweep_command(ns) == 2
    assert "--workers 2 applies to the local process pool" in capsys.readouterr().err
    ns.workers, ns.dask_local = None, 2
    assert sweep_command(ns) == 2
    assert "conflict" in capsys.readouterr().err


@pytest.mark.parametrize("body,needles", [
    ("[grid]\nn_coordinatorz = [1, 2]", ["bad.toml [grid]", "n_coordinatorz",
                                          "did you mean 'n_coordinators'"]),
    ("[grid]\nfeedback_probability = [0.5, 2.0]", ["bad.toml [grid]",
                                                   "feedback_probability = 2.0",
                                                   "Allowed: a number in [0.0, 1.0]"]),
    ("[sweep]\nyears = 0", ["bad.toml [sweep]", "years = 0", "[1, 50]"]),
    ("[sweep]\noutcomes = [\"share_over_10\", \"share_over_20\"]",
     ["bad.toml [sweep] outcomes", "'share_over_20'", "Valid outcomes:", "mean_absence"]),
])
def test_bad_specs_exit_2_naming_file_key_value_and_write_nothing(tmp_path, capsys, monkeypatch,
                                                                  body, needles):
    spec = tmp_path / "bad.toml"
    spec.write_text(body)
    monkeypatch.chdir(tmp_path)
    assert main([str(spec)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sim sweep: error: ")
    for needle in needles:
        assert needle in err, (needle, err)
    assert not (tmp_path / "results").exists()


def test_dry_run_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([str(toy_spec(tmp_path)), "--dry-run", *TOY]) == 0
    out = capsys.readouterr().out
    assert "10 design point(s)" in out and "40 runs" in out and "results/toy" in out
    assert not (tmp_path / "results").exists()


def test_run_resume_and_mismatch_in_process(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = toy_spec(tmp_path, replicates=1)
    assert main([str(spec), "--workers", "1", *TOY]) == 0
    err = capsys.readouterr().err
    assert "10/10 runs ok, 0 failed" in err and "results/toy" in err
    assert len(load_results(tmp_path / "results" / "toy")) == 10
    # the same directory again without --resume: refused, nothing changes
    before = sorted(p.name for p in (tmp_path / "results" / "toy" / "runs").iterdir())
    assert main([str(spec), "--workers", "1", *TOY]) == 2
    assert "already holds a sweep" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "results" / "toy" / "runs").iterdir()) == before
    # --resume with a changed spec: refused, naming what changed
    spec.write_text(spec.read_text().replace("seed = 12", "seed = 13"))
    assert main([str(spec), "--resume", *TOY]) == 2
    err = capsys.readouterr().err
    assert "spec differs" in err and "seed: stored 12, given 13" in err
    # --resume with the same spec: nothing left to run
    spec.write_text(spec.read_text().replace("seed = 13", "seed = 12"))
    assert main([str(spec), "--resume", "--workers", "1", *TOY]) == 0
    assert "10 were done before, 0 ran now" in capsys.readouterr().err


def test_failed_runs_give_exit_1_and_fail_fast_stops(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "f.toml"
    spec.write_text("""
[sweep]
runner = "sweep_toy_runner:run"
years = 1
[grid]
class_size = [25, 13, 20]
""")
    assert main([str(spec), "--workers", "1", *TOY]) == 1
    err = capsys.readouterr().err
    assert "2/3 runs ok, 1 failed" in err and "'error' column" in err
    assert main([str(spec), "--workers", "1", "--out", "ff", "--fail-fast", *TOY]) == 1
    err = capsys.readouterr().err
    assert "run 1 failed: RuntimeError: toy failure" in err and "--resume" in err
    assert list(load_results(tmp_path / "ff")["run_id"]) == [0, 1]


def test_a_pool_that_cannot_run_anything_is_reported(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "dies.toml"
    spec.write_text('[sweep]\nrunner = "sweep_toy_runner:run"\nyears = 1\n'
                    '[grid]\nclass_size = [9]\n')  # class_size 9 kills its worker
    assert main([str(spec), "--workers", "2", *TOY]) == 1
    err = capsys.readouterr().err
    assert "died before finishing any run" in err and "--resume" in err
    assert load_manifest(tmp_path / "results" / "dies")["status"] == "error"


# ----------------------------------------------------------------------- interruption


def start(spec: Path, cwd: Path, *args: str, delay: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim", "sweep", str(spec), *args, *TOY],
                            cwd=cwd, env=env(delay), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_parts(out: Path, n: int, proc: subprocess.Popen, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts = list((out / "runs").glob("part-*.parquet")) if (out / "runs").is_dir() else []
        if len(parts) >= n:
            return len(parts)
        if proc.poll() is not None:
            raise AssertionError(f"sweep ended early: {proc.returncode}\n{proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError("no parts appeared in time")


def test_kill_9_of_the_process_group_then_resume_equals_an_uninterrupted_run(tmp_path):
    spec = toy_spec(tmp_path, replicates=4)  # 40 runs
    out = tmp_path / "killed"
    proc = start(spec, tmp_path, "--out", str(out), "--workers", "2", delay=0.15)
    wait_for_parts(out, 4, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored = load_results(out)
    assert 4 <= len(stored) < 40, "the sweep should have been killed part-way"
    assert load_manifest(out)["status"] == "running"  # nobody could write the end

    res = cli([str(spec), "--out", str(out), "--resume", "--workers", "2"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert f"{len(stored)} were done before" in res.stderr
    ref = cli([str(spec), "--out", str(tmp_path / "ref"), "--workers", "1"], tmp_path)
    assert ref.returncode == 0, ref.stderr

    resumed, reference = load_results(out), load_results(tmp_path / "ref")
    assert resumed["run_id"].is_unique and len(resumed) == 40
    same(resumed, reference)
    # runs finished before the kill were not run again
    before = stored.set_index("run_id")
    after = resumed.set_index("run_id").loc[before.index]
    pd.testing.assert_series_equal(before["elapsed_s"], after["elapsed_s"])
    # time series: one set of rows per run, identical to the reference
    from sim.experiments import load_timeseries

    pd.testing.assert_frame_equal(load_timeseries(out), load_timeseries(tmp_path / "ref"))
    assert not list(out.rglob("*.tmp"))
    m = load_manifest(out)
    assert m["status"] == "complete" and len(m["sessions"]) == 2


@pytest.mark.parametrize("sig,group,code", [
    (signal.SIGTERM, False, 143),  # e.g. kill PID
    (signal.SIGTERM, True, 143),  # e.g. a batch system stopping the job
    (signal.SIGINT, True, 130),  # Ctrl-C in a terminal reaches the whole group
])
def test_sigterm_and_ctrl_c_stop_gracefully_with_a_resume_hint(tmp_path, sig, group, code):
    spec = toy_spec(tmp_path, replicates=4)
    out = tmp_path / "stopped"
    proc = start(spec, tmp_path, "--out", str(out), "--workers", "2", delay=0.15)
    wait_for_parts(out, 3, proc)
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert f"interrupted by {signal.Signals(sig).name}" in err
    assert f"--out {out} --resume" in err
    m = load_manifest(out)
    assert m["status"] == "interrupted" and m["sessions"][0]["status"] == "interrupted"
    stored = load_results(out)
    assert 3 <= len(stored) < 40
    assert m["sessions"][0]["runs_ok"] == len(stored)  # every finished run was flushed
    res = cli([str(spec), "--out", str(out), "--resume", "--workers", "2"], tmp_path)
    assert res.returncode == 0, res.stderr
    ref = cli([str(spec), "--out", str(tmp_path / "ref"), "--workers", "1"], tmp_path)
    assert ref.returncode == 0, ref.stderr
    same(load_results(out), load_results(tmp_path / "ref"))


def test_workers_exit_when_only_the_sweep_process_is_killed(tmp_path):
    spec = toy_spec(tmp_path, replicates=4)
    out = tmp_path / "orphans"
    proc = start(spec, tmp_path, "--out", str(out), "--workers", "2", delay=0.15)
    wait_for_parts(out, 2, proc)
    proc.kill()  # SIGKILL to the sweep's process alone: its workers are left behind
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # anyone left in the process group?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("worker processes outlived the sweep by more than 15 s")
    assert len(load_results(out)) >= 2
