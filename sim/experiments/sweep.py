"""Run a sweep: prepare (validate everything, write nothing), then execute and store.

:func:`prepare_sweep` checks the spec, the runner, the outcome names, the design's size and
points and, for a resume, that the stored sweep is the same sweep; any problem raises
:class:`SweepUsageError` (a ``ValueError``) before a file is written. A runner other than
``sim:run`` is only used when given explicitly (``runner=``), never because a spec file
names it. :func:`execute_sweep` takes the store's exclusive lock first: a second sweep on the
same store is refused, naming the running one; a session that a kill left "running" is
marked interrupted. It then runs what is not finished yet on an executor, writes each batch
of finished runs as one atomic Parquet part, shows a progress bar and handles Ctrl-C /
SIGTERM: finished work is kept, runs in flight are lost, and the message says how to
resume. A full disk stops the sweep the same way, with the session marked interrupted.
:func:`run_sweep` is the Python API over both.
"""

from __future__ import annotations

import contextlib
import pickle
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from ..model import ParameterError
from . import provenance
from .design import MAX_RUNS, Design, check_size, plain
from .executors import Completed, Executor, SerialExecutor, make_executor
from .files import LockedError, check_location, describe_holder, disk_full
from .runner import (
    RunRecord,
    RunTask,
    check_signature,
    execute,
    known_outcomes,
    resolve_runner,
    runner_name,
)
from .signals import Interrupts, SweepInterrupted
from .spec import DEFAULT_RUNNER, SweepSpec, load_spec, spec_from_dict, spec_from_parameters
from .store import MemoryStore, ResultStore, StoreError, records_table, timeseries_table

__all__ = ["Sweep", "SweepFailed", "SweepInterrupted", "SweepReport", "SweepStorageError",
           "SweepUsageError", "execute_sweep", "prepare_sweep", "run_sweep"]

FORMAT_VERSION = 1


class SweepUsageError(ValueError):
    """A sweep that cannot start as asked (bad spec, store in the way, resume mismatch)."""


class SweepFailed(RuntimeError):
    """A run failed and ``fail_fast`` was asked for."""

    def __init__(self, message: str, report: SweepReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class SweepStorageError(RuntimeError):
    """The store could not be written (e.g. the disk is full); finished runs are kept and
    the message says how to resume."""

    def __init__(self, message: str, report: SweepReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class _FailFast(Exception):
    def __init__(self, record: RunRecord) -> None:
        super().__init__(record.error)
        self.record = record


@dataclass
class Sweep:
    """A prepared sweep: validated, with its design and store, nothing written yet."""

    spec: SweepSpec
    design: Design
    runner: Callable
    store: ResultStore | MemoryStore
    done: set[int] = field(default_factory=set)
    previous: dict | None = None  # the stored manifest when resuming
    outcome_names: list[str] | None = None

    @property
    def out(self) -> Path | None:
        return self.store.path

    @property
    def pending(self) -> list[int]:
        return [i for i in range(self.design.n_runs) if i not in self.done]

    def columns(self) -> list[str]:
        return ["run_id", "point_id", "replicate", "seed", *self.design.columns(),
                *(self.outcome_names or [])]

    def tasks(self) -> Iterator[RunTask]:
        spec, design = self.spec, self.design
        for run_id in self.pending:
            plan = design.run(run_id)
            yield RunTask(run_id=run_id, seed=plan.seed, overrides=design.overrides(plan.point_id),
                          scenario=design.scenario, years=spec.years, runner=self.runner,
                          outcomes=spec.outcomes, timeseries=spec.timeseries)

    def resume_hint(self) -> str:
        if self.spec.path is not None and self.out is not None:
            extra = ""
            if runner_name(self.runner) != DEFAULT_RUNNER:
                extra = f" --runner {runner_name(self.runner)}"
            return f"python -m sim sweep {self.spec.path} --out {self.out} --resume{extra}"
        if self.out is not None:
            return f"run_sweep(..., out={str(self.out)!r}, resume=True)"
        return "run the sweep again with an out directory to be able to resume it"


@dataclass
class SweepReport:
    """How a session of a sweep ended."""

    name: str
    status: str  # complete | complete-with-failures | interrupted | stopped
    total: int
    ok: int
    failed: int
    resumed: int  # runs already finished before this session
    ran: int  # runs that finished (ok or failed) in this session
    seconds: float
    out: Path | None
    exit_code: int
    message: str = ""

    def line(self) -> str:
        rate = self.ran / self.seconds if self.seconds > 0 else float("nan")
        where = f"; results in {self.out}" if self.out is not None else ""
        not_run = self.total - self.ok - self.failed
        return (f"sweep {self.name!r} {self.status}: {self.ok}/{self.total} runs ok, "
                f"{self.failed} failed, {not_run} not run ({self.resumed} were done before, "
                f"{self.ran} ran now in {self.seconds:.1f} s, {rate:.2f} runs/s){where}")


# ---------------------------------------------------------------------------------------
# Prepare
# ---------------------------------------------------------------------------------------


def prepare_sweep(spec: SweepSpec | str | Path, *, out: str | Path | None = "auto",
                  resume: bool = False, runner: Callable | str | None = None,
                  results_root: str | Path = "results",
                  max_runs: int | None = MAX_RUNS) -> Sweep:
    """Validate a sweep and find what is left to run; writes nothing.

    ``out``: the results directory; ``"auto"`` means ``<results_root>/<spec name>``; ``None``
    keeps results in memory. ``runner`` (a callable or ``"module:function"``) replaces
    ``sim.run`` (and the spec's ``runner`` key, which alone is never imported: without
    ``runner`` it must be ``"sim:run"``). ``max_runs`` is the largest design accepted
    (``None``: no limit).
    """
    try:
        if not isinstance(spec, SweepSpec):
            spec = load_spec(spec)
        if runner is not None:
            if not callable(runner) and not isinstance(runner, str):
                raise SweepUsageError(f"runner = {runner!r} is not allowed: give a callable or "
                                      "'module:function'.")
            spec = _replace(spec, runner=runner_name(runner))  # the explicit choice wins
        elif spec.runner != DEFAULT_RUNNER:
            raise SweepUsageError(
                f"{spec.origin} [sweep] runner = {spec.runner!r}: a spec file is data and does "
                "not choose code to run, so nothing was imported. To use this runner, give it "
                f"explicitly: --runner {spec.runner} on the command line, or "
                "run_sweep(..., runner=...) in Python.")
        check_size(spec, max_runs)  # from arithmetic alone, before anything is built
        fn = resolve_runner(runner if runner is not None else spec.runner)
        valid = known_outcomes(fn)
        spec.check_outcomes(valid)
        design = spec.design(max_runs=max_runs)
        check_signature(fn, design.overrides(0))
    except ParameterError as exc:  # SpecError, ScenarioError and registry errors
        raise SweepUsageError(str(exc)) from None
    outcome_names = list(spec.outcomes) if spec.outcomes is not None else valid

    if out is None:
        store: ResultStore | MemoryStore = MemoryStore()
        if resume:
            raise SweepUsageError("resume needs a results directory (out), not an in-memory sweep.")
        return Sweep(spec, design, fn, store, outcome_names=outcome_names)
    if isinstance(out, str) and out != "auto" and not out.strip():
        raise SweepUsageError("--out '' is not allowed: give a folder for the results.")
    path = Path(results_root) / spec.name if out == "auto" else Path(out)
    problem = check_location(path)
    if problem:
        raise SweepUsageError(f"--out {str(path)!r}: {problem}")
    store = ResultStore(path)
    sweep = Sweep(spec, design, fn, store, outcome_names=outcome_names)
    holder = store.lock().held_by_other()
    if holder is not None:
        raise SweepUsageError(_locked_message(path, holder))
    if not store.exists():
        return sweep
    if not resume:
        raise SweepUsageError(
            f"{path} already holds a sweep. Continue it with --resume (resume=True), or choose "
            "another results directory with --out, or remove it first.")
    _check_resumable(sweep)
    return sweep


def _locked_message(path: Path, holder: dict) -> str:
    return (f"{path} is in use by {describe_holder(holder)}. A results folder takes one sweep "
            "at a time: wait until that one ends (or stop it), or choose another --out.")


def _check_resumable(sweep: Sweep) -> None:
    """Refuse to resume a store that holds another sweep; sets ``previous`` and ``done``."""
    store, spec, design = sweep.store, sweep.spec, sweep.design
    path = store.path
    try:
        previous = store.read_manifest()
    except StoreError as exc:
        raise SweepUsageError(f"cannot resume: {exc}") from None
    if not isinstance(previous, dict):
        raise SweepUsageError(f"cannot resume: {path / 'manifest.json'} is not a sweep "
                              "manifest.")
    problems = spec.differences(previous.get("spec", {}))
    if problems:
        raise SweepUsageError(
            f"cannot resume {path}: the spec differs from the one the sweep was started with "
            f"({previous.get('spec_path') or 'stored in manifest.json'}):\n  "
            + "\n  ".join(problems)
            + "\nResume with the same spec, or start a new sweep with another --out.")
    base_before = previous.get("base_scenario", {}).get("parameters", {})
    changed = [k for k in sorted(set(base_before) | set(design.base))
               if plain(base_before.get(k)) != plain(design.base.get(k))]
    if changed:
        raise SweepUsageError(
            f"cannot resume {path}: the base scenario {design.scenario.name!r} has changed since "
            "the sweep started: " + "; ".join(
                f"{k} was {base_before.get(k)!r}, now {design.base.get(k)!r}" for k in changed[:10])
            + ". Runs from before and after would not be comparable; start a new sweep.")
    if previous.get("design", {}).get("fingerprint") != design.fingerprint():
        raise SweepUsageError(
            f"cannot resume {path}: the same spec now expands to a different design (the "
            "parameter registry or a sampler changed since the sweep started). Start a new sweep.")
    sweep.previous = previous
    sweep.done = store.finished_run_ids()


def _replace(spec: SweepSpec, **changes) -> SweepSpec:
    from dataclasses import replace

    return replace(spec, **changes)


# ---------------------------------------------------------------------------------------
# Execute
# ---------------------------------------------------------------------------------------


def _manifest(sweep: Sweep, executor: Executor, started: str) -> dict:
    spec, design = sweep.spec, sweep.design
    prev = sweep.previous or {}
    return {
        "format": FORMAT_VERSION,
        "name": spec.name,
        "description": spec.description,
        "status": "running",
        "started": prev.get("started", started),
        "finished": None,
        "spec_path": str(spec.path) if spec.path is not None else None,
        "spec": spec.to_dict(),
        "runner": runner_name(sweep.runner),
        "base_scenario": {"name": design.scenario.name,
                          "path": str(design.scenario.path) if design.scenario.path else None,
                          "parameters": design.base,
                          "events": [ev.to_dict() for ev in design.scenario.events]},
        "design": {"n_points": design.n_points, "n_runs": design.n_runs,
                   "replicates": spec.replicates, "parameters": design.parameters,
                   "fixed": plain(design.fixed), "fingerprint": design.fingerprint(),
                   "salib_problem": design.salib_problem},
        "columns": sweep.columns(),
        "outcomes": sweep.outcome_names,
        "versions": provenance.versions(),
        "git": provenance.git_info(),
        "host": provenance.host(),
        "sessions": list(prev.get("sessions", [])),
    }


def _record(c: Completed) -> RunRecord:
    if c.error is None and isinstance(c.value, RunRecord):
        return c.value
    err = c.error if c.error is not None else TypeError(f"unexpected result {c.value!r}")
    return RunRecord(c.item.run_id, "failed", {}, error=f"{type(err).__name__}: {err}")


def execute_sweep(sweep: Sweep, executor: Executor | None = None, *, fail_fast: bool = False,
                  progress: bool | None = None, stream: TextIO | None = None) -> SweepReport:
    """Run the pending runs of ``sweep`` on ``executor`` (default: a process pool).

    Returns a :class:`SweepReport`. Raises :class:`SweepUsageError` if the store is locked by
    another sweep or cannot be created (nothing written), :class:`SweepInterrupted` (after
    storing what finished) on Ctrl-C/SIGTERM, :class:`SweepFailed` on the first failed run
    when ``fail_fast`` and :class:`SweepStorageError` when the store cannot be written (a full
    disk); the last three carry the report as ``.report``.
    """
    executor = executor or make_executor("pool")
    stream = stream if stream is not None else sys.stderr
    if not isinstance(executor, SerialExecutor) and executor.name == "pool":
        try:
            pickle.dumps(sweep.runner)
        except Exception as exc:  # noqa: BLE001
            raise SweepUsageError(
                f"the runner {runner_name(sweep.runner)} cannot be sent to worker processes "
                f"({exc}); use a function defined at module level, or the serial executor."
            ) from None
    store = sweep.store
    if not isinstance(store, ResultStore):
        if sweep.pending:
            executor.start()
        return _execute(sweep, executor, fail_fast, progress, stream)
    if sweep.pending:
        executor.start()  # before anything is written: a scheduler that cannot be reached
    lock = store.lock(what=f"sweep {sweep.spec.name!r}", started=provenance.now(),
                      command=_command_line())
    try:
        lock.acquire()
    except LockedError as exc:
        executor.close()
        raise SweepUsageError(_locked_message(store.path, exc.holder)) from None
    except OSError as exc:
        executor.close()
        raise SweepUsageError(f"--out {str(store.path)!r}: cannot create the results folder: "
                              f"{exc.strerror or exc}.") from None
    try:
        _recheck_under_lock(sweep)
        return _execute(sweep, executor, fail_fast, progress, stream)
    except SweepUsageError:
        executor.close()
        raise
    finally:
        lock.release()


def _command_line() -> str:
    argv = list(sys.argv)
    mains = ("sim/__main__.py", "sim/experiments/__main__.py")
    if argv and argv[0].replace("\\", "/").endswith(mains):
        argv[0] = "python -m " + ("sim.experiments" if "experiments" in argv[0] else "sim")
    return " ".join(argv)[:500]


def _recheck_under_lock(sweep: Sweep) -> None:
    """What prepare_sweep found may have changed before the lock was ours (another sweep
    ran in between): look again. A session that a kill left "running" is marked
    interrupted."""
    store = sweep.store
    if sweep.previous is None:
        if store.exists():
            raise SweepUsageError(
                f"{store.path} already holds a sweep (it was started while this one was being "
                "prepared). Continue it with --resume, or choose another --out.")
        return
    _check_resumable(sweep)
    prev = sweep.previous
    stale = [s for s in prev.get("sessions", []) if isinstance(s, dict)
             and s.get("status") == "running"]
    for session in stale:  # nobody holds the lock, so nobody runs it: it was killed
        session["status"] = "interrupted"
        session["note"] = ("ended without closing: the process was killed or the machine "
                           "stopped; runs in flight were lost")
    if prev.get("status") == "running":
        prev["status"] = "interrupted"


def _execute(sweep: Sweep, executor: Executor, fail_fast: bool, progress: bool | None,
             stream: TextIO) -> SweepReport:
    store, design, spec = sweep.store, sweep.design, sweep.spec
    started = provenance.now()
    t0 = time.perf_counter()
    manifest = _manifest(sweep, executor, started)
    session = {"started": started, "finished": None, "status": "running",
               "resumed_with": len(sweep.done), **executor.describe(),
               "versions": manifest["versions"], "git": manifest["git"],
               "host": manifest["host"]}
    manifest["sessions"].append(session)
    store.column_order = sweep.columns()
    total, resumed = design.n_runs, len(sweep.done)
    ok = failed = 0
    try:
        if isinstance(store, ResultStore):
            store.prepare(session=len(manifest["sessions"]) - 1)
            if spec.text is not None and not (store.path / "spec.toml").exists():
                store.write_text("spec.toml", spec.text)
            if not (store.path / "design.parquet").exists():
                store.write_design(design)
            sweep.done = store.finished_run_ids()  # without parts set aside just now
            resumed = len(sweep.done)
            session["resumed_with"] = resumed
        store.write_manifest(manifest)
    except OSError as exc:
        executor.close(kill=True)
        raise _storage_error(sweep, exc, manifest, session, resumed, 0, t0) from None

    status, exit_code, message = "complete", 0, ""
    bar = _progress(total, resumed, spec.name, progress, stream)
    interrupts = Interrupts()
    error: BaseException | None = None
    try:
        with interrupts:
            try:
                for batch in executor.imap_unordered(execute, sweep.tasks()):
                    records = [_record(c) for c in batch]
                    with interrupts.critical():  # stored and counted, or neither
                        store.write_part(records_table(records, design, sweep.outcome_names),
                                         timeseries_table(records) if spec.timeseries else None)
                        n_ok = sum(r.status == "ok" for r in records)
                        ok, failed = ok + n_ok, failed + len(records) - n_ok
                    if bar is not None:
                        bar.update(len(records))
                        if failed:
                            bar.set_postfix(failed=failed, refresh=False)
                    if fail_fast:
                        bad = next((r for r in records if r.status != "ok"), None)
                        if bad is not None:
                            raise _FailFast(bad)
                executor.close()
            except BaseException:
                interrupts.stopping()
                executor.close(kill=True)
                raise
    except SweepInterrupted as exc:
        status, error = "interrupted", exc
        exit_code = 128 + int(exc.signum)
        message = (f"interrupted by {signal.Signals(exc.signum).name}: "
                   f"{resumed + ok} of {total} runs are done and stored"
                   + (f" in {store.path}" if store.path else "")
                   + f"; runs in flight were lost. Resume with: {sweep.resume_hint()}")
    except KeyboardInterrupt as exc:  # no handler installed (not the main thread)
        status, error, exit_code = "interrupted", SweepInterrupted(signal.SIGINT), 130
        error.__cause__ = exc
        message = (f"interrupted: {resumed + ok} of {total} runs are stored. "
                   f"Resume with: {sweep.resume_hint()}")
    except _FailFast as exc:
        status, exit_code = "stopped", 1
        message = (f"run {exc.record.run_id} failed: {exc.record.error}\n"
                   f"stopped at the first failure (fail-fast). After fixing the cause, resume "
                   f"with: {sweep.resume_hint()}")
        error = SweepFailed(message)
    except OSError as exc:  # writing a part: a full disk, a lost network share...
        if bar is not None:
            bar.close()
            bar = None
        raise _storage_error(sweep, exc, manifest, session, resumed + ok, ok + failed, t0) \
            from None
    except BaseException as exc:
        status = "error"
        session.update(status=status, finished=provenance.now(), error=repr(exc))
        manifest["status"] = status
        with contextlib.suppress(Exception):
            store.write_manifest(manifest)
        raise
    finally:
        if bar is not None:
            bar.close()

    if status == "complete" and failed:
        status, exit_code = "complete-with-failures", 1
        message = (f"{failed} run(s) failed; their errors are in the 'error' column. "
                   f"Resume to retry them: {sweep.resume_hint()}")
    finished = provenance.now()
    session.update(status=status, finished=finished, runs_ok=ok, runs_failed=failed)
    manifest["status"] = status
    if status.startswith("complete"):
        manifest["finished"] = finished
    try:
        if status.startswith("complete") and isinstance(store, ResultStore):
            store.compact()
        store.write_manifest(manifest)
    except OSError as exc:
        raise _storage_error(sweep, exc, manifest, session, resumed + ok, ok + failed, t0,
                             all_stored=True) from None
    report = SweepReport(spec.name, status, total, resumed + ok, failed, resumed, ok + failed,
                         time.perf_counter() - t0, store.path, exit_code, message)
    if error is not None:
        error.report = report
        if isinstance(error, SweepInterrupted):
            error.message = message
        raise error
    return report


def _storage_error(sweep: Sweep, exc: OSError, manifest: dict, session: dict, stored: int,
                   ran: int, t0: float, all_stored: bool = False) -> SweepStorageError:
    """The error for a store that cannot be written; marks the session interrupted (if
    even the manifest cannot be written, the next session does it)."""
    path = sweep.store.path
    what = ("the disk is full" if disk_full(exc)
            else f"writing failed ({exc.strerror or type(exc).__name__})")
    session.update(status="interrupted", finished=provenance.now(),
                   error=f"{type(exc).__name__}: {exc}")
    manifest["status"] = "interrupted"
    try:
        sweep.store.write_manifest(manifest)
        noted = ""
    except OSError:
        noted = (" The manifest could not be updated either; the next --resume marks this "
                 "session interrupted.")
    total = sweep.design.n_runs
    done = (f"all {total} runs are stored, but the results folder could not be finished"
            if all_stored else f"{stored} of {total} runs are stored")
    message = (f"cannot write to {path}: {what} ({exc}). {done}; nothing stored was lost."
               f"{noted} Free some space (or fix the folder), then resume with: "
               f"{sweep.resume_hint()}")
    report = SweepReport(sweep.spec.name, "interrupted", total, stored, 0, stored - ran, ran,
                         time.perf_counter() - t0, path, 1, message)
    return SweepStorageError(message, report)


def _progress(total: int, initial: int, name: str, progress: bool | None, stream: TextIO):
    if progress is False:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, desc=name, unit="run", file=stream,
                disable=None if progress is None else False, dynamic_ncols=True,
                smoothing=0.1)


# ---------------------------------------------------------------------------------------
# The Python API
# ---------------------------------------------------------------------------------------


def run_sweep(parameters: Mapping[str, Any] | None = None, *,
              spec: SweepSpec | str | Path | Mapping | None = None,
              scenario: str | None = None, replicates: int | None = None,
              iterations: int | None = None, years: int = 3, seed: int = 0,
              sample: Mapping | None = None, outcomes: Sequence[str] | None = None,
              events: Sequence | None = None,
              timeseries: bool = False, common_random_numbers: bool = False,
              name: str = "sweep", runner: Callable | str | None = None,
              executor: str | Executor = "pool", workers: int | None = None,
              number_processes: int | None = None,
              scheduler: str | None = None, dask_local: int | None = None,
              out: str | Path | None = None, resume: bool = False, fail_fast: bool = False,
              progress: bool | None = None, max_runs: int | None = MAX_RUNS) -> pd.DataFrame:
    """Run a sweep and return one row per run as a DataFrame.

    Either give a ``spec`` (a spec file path, a :class:`SweepSpec` or the spec's tables as a
    dict), or describe the sweep the way Mesa's ``batch_run`` does::

        run_sweep({"n_coordinators": [1, 2], "feedback_probability": [0.2, 0.5],
                   "n_pupils": 300}, iterations=5, years=1, seed=1)

    ``parameters`` maps registry names to one value (fixed) or a list of values (a grid axis;
    the grid is the product of the lists). ``replicates`` (or ``iterations``, as in
    ``batch_run``) runs each design point that many times with different seeds. ``sample``
    is a ``[sample]`` table as a dict, e.g. ``{"method": "lhs", "n": 32, "parameters":
    ["trust_gain"]}``. ``events`` are levers that change during every run, as in
    :func:`sim.run` (see :mod:`sim.events`), after the base scenario's own.

    ``executor``: ``"pool"`` (default, ``workers`` processes, all cores by default;
    ``workers=1`` runs in this process; ``number_processes`` is ``batch_run``'s name for
    ``workers``), ``"serial"``, ``"dask"`` (with ``scheduler`` or
    ``dask_local``), or an :class:`~sim.experiments.executors.Executor`. Results do not
    depend on it.

    ``out=None`` keeps results in memory; with a directory they are stored there (see
    :mod:`sim.experiments.store`) and ``resume=True`` continues an interrupted sweep.
    With ``timeseries=True`` and no ``out`` the weekly rows are in ``df.attrs["timeseries"]``.

    ``runner``: a callable with :func:`sim.run`'s signature, or ``"module:function"``, to
    call instead of :func:`sim.run` (a spec file's ``runner`` key alone is never imported).
    ``max_runs``: the largest design accepted (default
    :data:`~sim.experiments.design.MAX_RUNS`; ``None``: no limit).

    Raises :class:`SweepUsageError` for a bad spec or a store in use (nothing is run),
    :class:`SweepFailed` with ``fail_fast``, :class:`SweepInterrupted` on Ctrl-C and
    :class:`SweepStorageError` when the store cannot be written (a full disk); failed runs
    otherwise have ``status == "failed"`` and their ``error``.
    """
    if iterations is not None and replicates is not None and iterations != replicates:
        raise SweepUsageError(f"replicates = {replicates} and iterations = {iterations} differ; "
                              "give one of them (they mean the same).")
    reps = replicates if replicates is not None else (iterations if iterations is not None else 1)
    if number_processes is not None:
        if workers is not None and workers != number_processes:
            raise SweepUsageError(f"workers = {workers} and number_processes = "
                                  f"{number_processes} differ; give one of them.")
        workers = number_processes
    try:
        if spec is None:
            the_spec = spec_from_parameters(
                parameters, name=name, scenario=scenario, replicates=reps, years=years,
                seed=seed, outcomes=outcomes, timeseries=timeseries,
                common_random_numbers=common_random_numbers,
                runner=runner_name(runner), sample=sample, events=events)
        else:
            if parameters is not None or events is not None:
                raise SweepUsageError("give either parameters (and events) or spec, not both.")
            if isinstance(spec, Mapping):
                the_spec = spec_from_dict(spec, origin="run_sweep(spec=...)", default_name=name)
            elif isinstance(spec, SweepSpec):
                the_spec = spec
            else:
                the_spec = load_spec(spec)
    except ParameterError as exc:
        raise SweepUsageError(str(exc)) from None
    sweep = prepare_sweep(the_spec, out=out, resume=resume, runner=runner, max_runs=max_runs)
    try:
        ex = make_executor(executor, workers=workers, scheduler=scheduler, dask_local=dask_local)
    except ValueError as exc:
        raise SweepUsageError(str(exc)) from None
    report = execute_sweep(sweep, ex, fail_fast=fail_fast, progress=progress)
    if progress is not False:
        print(report.line(), file=sys.stderr)
    df = sweep.store.read_runs()
    if the_spec.timeseries and isinstance(sweep.store, MemoryStore):
        df.attrs["timeseries"] = sweep.store.read_timeseries()
    return df

