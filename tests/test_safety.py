"""Regression tests for issue 9: nothing lost, nothing run from data.

Each test reproduces one defect of the issue (the command it gives, run in this process or
as ``python -m sim``) and checks the fix: the right exit code, one clear message, and no
file of the user's deleted, changed or created.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.experiments import load_manifest, load_results, run_sweep
from sim.experiments.cli import main as sweep_main
from sim.experiments.files import FolderLock, TemporaryFolder, is_temporary
from sim.experiments.store import ResultStore
from sim.output import folder_name, is_run_result

FIXTURES = Path(__file__).parent / "sweep_fixtures"
sys.path.insert(0, str(FIXTURES))
import sweep_toy_runner as toy  # noqa: E402

S = ["--years", "1", "--set", "n_pupils=100", "--set", "n_schools=1", "--no-figure", "--quiet"]
TOY = ["--runner", "sweep_toy_runner:run"]
TOY_SPEC = """
[sweep]
name = "toy"
replicates = 3
years = 1
seed = 5
[fixed]
n_pupils = 300
[grid]
n_coordinators = [1, 2]
feedback_probability = [0.1, 0.5]
"""


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its content (None for folders)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def same(a, b):
    import pandas as pd

    pd.testing.assert_frame_equal(a.drop(columns="elapsed_s"), b.drop(columns="elapsed_s"))


# ----------------------------------------------------------------------- 1. run --out


def test_run_out_refuses_a_folder_that_is_not_a_result(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "d"
    d.mkdir(mode=0o755)
    (d / "thesis.txt").write_text("precious\n")
    before, mode = tree(tmp_path), stat.S_IMODE(d.stat().st_mode)
    assert main(["run", *S, "--out", "d"]) == 2
    err = capsys.readouterr().err
    assert "thesis.txt" in err and "nothing was written" in err and err.count("error:") == 1
    assert tree(tmp_path) == before and stat.S_IMODE(d.stat().st_mode) == mode


def test_run_out_replaces_a_previous_result_and_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["run", *S, "--out", "empty"]) == 0
    assert is_run_result(tmp_path / "empty")
    first = (tmp_path / "empty" / "run.json").read_text()
    assert main(["run", *S, "--seed", "1", "--out", "empty"]) == 0  # its own result: replaced
    assert (tmp_path / "empty" / "run.json").read_text() != first
    assert json.loads((tmp_path / "empty" / "run.json").read_text())["seed"] == 1
    # new folders get ordinary permissions, not mkdtemp's 0700
    assert stat.S_IMODE((tmp_path / "empty").stat().st_mode) == 0o777 & ~_umask()
    # a result the user added a file to is no longer only the tool's: refused
    (tmp_path / "empty" / "notes.md").write_text("mine")
    assert main(["run", *S, "--out", "empty"]) == 2
    assert (tmp_path / "empty" / "notes.md").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if is_temporary(p.name)]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("out,needle", [
    ("/proc/a/b", "cannot create a folder there"),
    (".", "current folder"),
    ("afile/x", "is a file, not a folder"),
    ("afile", "exists and is not a folder"),
])
def test_bad_run_out_is_refused_before_simulating(tmp_path, monkeypatch, capsys, out, needle):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    import sim.api

    def must_not_run(*a, **k):
        raise AssertionError("the model ran before the output folder was checked")

    monkeypatch.setattr(sim.api, "run", must_not_run)
    before = tree(tmp_path)
    assert main(["run", *S, "--out", out]) == 2
    assert needle in capsys.readouterr().err
    assert tree(tmp_path) == before


def test_empty_out_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["run", *S, "--out", ""])
    assert exc.value.code == 2 and "'' is not allowed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_temporary_folder_of_a_killed_run_is_removed_by_the_next(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    # what a kill -9 during the final write of that process leaves beside the output
    from sim.experiments import files

    left = tmp_path / f"{files.TMP_PREFIX}{files._host_tag()}-{pid}-abcd1234-r"
    left.mkdir()
    (left / "summary.json").write_text("{}")
    mine = tmp_path / ".r.keep"  # the user's own hidden folder
    mine.mkdir()
    assert is_temporary(left.name) and not is_temporary(mine.name)
    assert main(["run", *S, "--out", "r"]) == 0
    assert not left.exists() and mine.exists()


def test_disk_full_while_writing_a_run_leaves_the_old_result(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", *S, "--out", "r"]) == 0
    before = tree(tmp_path / "r")
    import pandas as pd

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    assert main(["run", *S, "--seed", "2", "--out", "r"]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    assert tree(tmp_path / "r") == before
    assert not [p for p in tmp_path.iterdir() if is_temporary(p.name)]


# ----------------------------------------------------------------------- 2. scenario names


@pytest.mark.parametrize("name,folder", [
    ("/elsewhere/x", "elsewhere_x"),
    ("../../../elsewhere/y", "elsewhere_y"),
    ("..", "scenario"),
    ("orust-2022", "orust-2022"),
    ("Göteborg & co", "G_teborg_co"),
])
def test_scenario_names_become_safe_folder_names(name, folder):
    assert folder_name(name) == folder


@pytest.mark.parametrize("name", ["/elsewhere/x", "../../../elsewhere/y"])
def test_a_scenario_name_cannot_steer_the_output_out_of_results(tmp_path, monkeypatch, name):
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    (work / "my.toml").write_text(f'[scenario]\nname = "{name}"\n')
    assert main(["run", "my.toml", *S]) == 0
    assert [p.name for p in (work / "results").iterdir()] == [f"{folder_name(name)}-seed0"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    assert sorted(p.name for p in work.iterdir()) == ["my.toml", "results"]


# ----------------------------------------------------------------------- 3. the store's lock


def test_a_second_sweep_on_a_locked_store_is_refused_naming_the_first(tmp_path, capsys):
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    out = tmp_path / "out"
    held = FolderLock(out, {"what": "sweep 'toy'", "command": "python -m sim sweep toy.toml"})
    held.acquire()  # as a running sweep holds it (a second lock object conflicts too)
    try:
        for extra in ([], ["--resume"], ["--dry-run"]):
            assert sweep_main([str(spec), "--out", str(out), *TOY, *extra]) == 2
            err = capsys.readouterr().err
            assert f"in use by sweep 'toy' (process {os.getpid()}" in err, err
            assert "python -m sim sweep toy.toml" in err
    finally:
        held.release()
    assert sorted(p.name for p in out.iterdir()) == [".sim-lock"]
    # released: the sweep runs
    assert sweep_main([str(spec), "--out", str(out), "--workers", "1", *TOY]) == 0


def test_a_lock_taken_while_preparing_is_respected(tmp_path):
    """Both sweeps prepared on an empty folder; the one that locks second is refused."""
    from sim.experiments import SweepUsageError, execute_sweep, prepare_sweep

    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    out = tmp_path / "out"
    first = prepare_sweep(spec, out=out, runner=toy.run)
    second = prepare_sweep(spec, out=out, runner=toy.run)
    execute_sweep(first, progress=False, executor=__import__(
        "sim.experiments.executors", fromlist=["SerialExecutor"]).SerialExecutor())
    with pytest.raises(SweepUsageError, match="already holds a sweep"):
        execute_sweep(second, progress=False)
    assert len(load_results(out)) == 12


def test_a_killed_sessions_lock_is_stale_and_the_session_is_marked_interrupted(tmp_path):
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    out = tmp_path / "out"
    # a process takes the lock, writes a "running" manifest and dies without a clean-up
    code = f"""
import os, sys
sys.path.insert(0, {str(FIXTURES)!r})
from sim.experiments import prepare_sweep
from sim.experiments.executors import SerialExecutor
from sim.experiments import sweep as sw
import sweep_toy_runner as toy
s = prepare_sweep({str(spec)!r}, out={str(out)!r}, runner=toy.run)
real = sw.ResultStore.write_part
n = [0]
def dying(self, *a, **k):
    real(self, *a, **k)
    n[0] += 1
    if n[0] == 4:
        os._exit(9)
sw.ResultStore.write_part = dying
sw.execute_sweep(s, SerialExecutor(), progress=False)
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=False)
    assert res.returncode == 9, res.stderr
    assert load_manifest(out)["status"] == "running"
    assert json.loads((out / ".sim-lock").read_text())["pid"] != os.getpid()
    assert FolderLock(out).held_by_other() is None  # the kernel released it
    df = run_sweep(spec=spec, out=out, resume=True, runner=toy.run, executor="serial",
                   progress=False)
    m = load_manifest(out)
    assert m["status"] == "complete" and len(df) == 12
    assert m["sessions"][0]["status"] == "interrupted" and "killed" in m["sessions"][0]["note"]
    ref = run_sweep(spec=spec, out=tmp_path / "ref", runner=toy.run, executor="serial",
                    progress=False)
    same(df, ref)


# ----------------------------------------------------------------------- 4. runners


def test_a_spec_runner_is_never_imported(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "evil.py").write_text('open("PWNED", "w")\n\ndef run(*a, **k):\n    pass\n')
    (tmp_path / "s.toml").write_text('[sweep]\nrunner = "evil:run"\n')
    for extra in (["--dry-run"], [], ["--resume"]):
        assert main(["sweep", "s.toml", *extra]) == 2
        err = capsys.readouterr().err
        assert "runner = 'evil:run'" in err and "--runner evil:run" in err
    assert not (tmp_path / "PWNED").exists() and "evil" not in sys.modules
    assert not (tmp_path / "results").exists()
    with pytest.raises(ValueError, match="does not choose code"):
        run_sweep(spec=tmp_path / "s.toml", progress=False)
    assert not (tmp_path / "PWNED").exists()


def test_an_explicit_runner_is_used_and_recorded(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC.replace('name = "toy"', 'name = "toy"\nrunner = "other:run"'))
    assert main(["sweep", str(spec), "--workers", "1", *TOY]) == 0
    assert load_manifest(tmp_path / "results" / "toy")["runner"] == "sweep_toy_runner:run"
    assert "other" not in sys.modules


def test_a_runner_with_the_wrong_signature_is_refused_before_any_run(tmp_path, monkeypatch,
                                                                    capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "wrong.py").write_text("def run(scenario, seed):\n    return {}\n")
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    assert main(["sweep", str(spec), "--runner", "wrong:run"]) == 2
    err = capsys.readouterr().err
    assert "cannot be called as a sweep calls it" in err and "years" in err
    assert not (tmp_path / "results").exists()
    with pytest.raises(ValueError, match="cannot be called"):
        run_sweep({"n_coordinators": [1]}, runner=lambda scenario: {}, progress=False)


# ----------------------------------------------------------------------- 6. checksums


def flipped(data: bytes, at: int, n: int = 8) -> bytes:
    out = bytearray(data)
    for i in range(at, at + n):
        out[i] ^= 0xFF
    return bytes(out)


def silent_flip(data: bytes) -> bytes:
    """``data`` with 8 bytes flipped where pyarrow reads it without an error but with other
    values: the defect of issue 9. Preferably where even its page checksums (which do not
    cover the page headers) miss it, so that only the part's SHA-256 can catch it."""
    import pyarrow as pa

    good = pq.read_table(pa.BufferReader(data))
    found = None
    for at in range(4, len(data) - 16):
        bad = flipped(data, at)
        try:
            if pq.read_table(pa.BufferReader(bad)).equals(good):
                continue
        except Exception:  # noqa: BLE001 - any error is a detected flip
            continue
        found = found or bad
        try:
            pq.read_table(pa.BufferReader(bad), page_checksum_verification=True)
        except Exception:  # noqa: BLE001
            continue
        return bad
    assert found is not None, "no silent flip found"
    return found


def test_a_part_with_flipped_bytes_is_set_aside_and_its_runs_run_again(tmp_path):
    out = tmp_path / "r"
    kw = {"runner": toy.run, "executor": "serial", "progress": False, "years": 1, "seed": 3}
    grid = {"n_coordinators": [1, 2], "feedback_probability": [0.1, 0.5, 0.9]}
    full = run_sweep(grid, out=out, **kw)
    part = ResultStore(out).part_files()[1]
    part.write_bytes(silent_flip(part.read_bytes()))
    with pytest.warns(UserWarning, match="checksums"):
        assert len(load_results(out)) == 5  # never read as if it were good
    with pytest.warns(UserWarning, match="set aside"):
        resumed = run_sweep(grid, out=out, resume=True, **kw)
    same(resumed, full)
    assert (out / "runs" / (part.name + ".corrupt")).exists()
    assert len(load_manifest(out)["sessions"]) == 2


# ----------------------------------------------------------------------- 7. temporary files


def test_a_sweep_leaves_the_users_tmp_files_alone(tmp_path, capsys):
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".mine.tmp").write_text("mine")
    (out / ".draft.parquet.abcd1234.tmp").write_text("mine too")
    assert sweep_main([str(spec), "--out", str(out), "--workers", "1", *TOY]) == 0
    assert (out / ".mine.tmp").read_text() == "mine"
    assert (out / ".draft.parquet.abcd1234.tmp").read_text() == "mine too"
    assert not [p for p in out.rglob("*") if is_temporary(p.name)]


# ----------------------------------------------------------------------- disk full


def test_disk_full_during_a_sweep_gives_a_resume_hint_and_marks_it_interrupted(
        tmp_path, monkeypatch, capsys):
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    out = tmp_path / "out"
    real, calls = ResultStore.write_part, []

    def filling(self, *a, **k):
        calls.append(1)
        if len(calls) > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *a, **k)

    monkeypatch.setattr(ResultStore, "write_part", filling)
    assert sweep_main([str(spec), "--out", str(out), "--workers", "1", *TOY]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "5 of 12 runs are stored" in err
    assert f"--out {out} --resume --runner sweep_toy_runner:run" in err
    assert "Traceback" not in err
    m = load_manifest(out)
    assert m["status"] == "interrupted" and m["sessions"][0]["status"] == "interrupted"
    monkeypatch.undo()
    assert sweep_main([str(spec), "--out", str(out), "--resume", "--workers", "1", *TOY]) == 0
    assert "5 were done before" in capsys.readouterr().err
    ref = run_sweep(spec=spec, out=tmp_path / "ref", runner=toy.run, executor="serial",
                    progress=False)
    same(load_results(out), ref)


def test_disk_full_at_the_start_of_a_sweep_is_reported(tmp_path, monkeypatch, capsys):
    spec = tmp_path / "toy.toml"
    spec.write_text(TOY_SPEC)
    from sim.experiments import store as store_module

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write_text", full)
    assert sweep_main([str(spec), "--out", str(tmp_path / "o"), "--workers", "1", *TOY]) == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "0 of 12 runs are stored" in err


# ----------------------------------------------------------------------- temporary folders


def test_temporary_folder_never_replaces_what_is_not_replaceable(tmp_path):
    target = tmp_path / "t"
    target.mkdir()
    (target / "x").write_text("keep")
    with pytest.raises(FileExistsError), TemporaryFolder(target) as tmp:
        (tmp / "y").write_text("new")
    assert (target / "x").read_text() == "keep" and not (target / "y").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
