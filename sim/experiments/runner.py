"""Execute one run of a sweep, wherever it is sent (this process, a pool worker, a Dask worker).

A *runner* is any picklable callable with the signature of :func:`sim.run`::

    runner(scenario, *, seed: int, years: int, **overrides) -> result

where ``result`` has ``.summary`` (a mapping of outcome names to numbers) and ``.timeseries``
(a pandas DataFrame, one row per week), or is itself the summary mapping. The default runner
is :func:`sim.run`. Another runner is code, so it is only ever given explicitly: as a
callable or ``"module:function"`` to ``run_sweep(runner=...)``, or with ``--runner`` on the
command line; a spec file's ``runner`` key never imports anything (the explicit choice
replaces it). :func:`check_signature` checks a runner's signature before
any run. A runner may
carry an ``outcomes`` attribute (a list of names), which lets a spec's outcome names be
checked before the sweep starts.

:func:`execute` turns a :class:`RunTask` into a :class:`RunRecord`. It catches every
``Exception`` of the runner and records it, so one failing run never stops a sweep;
``KeyboardInterrupt`` and other ``BaseException``\\ s pass through.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import numbers
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .spec import DEFAULT_RUNNER, SpecError

__all__ = ["RunRecord", "RunTask", "check_signature", "execute", "known_outcomes",
           "resolve_runner", "runner_name"]


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (small, picklable)."""

    run_id: int
    seed: int
    overrides: dict
    scenario: Any  # a sim.scenarios.Scenario (resolved once, so workers read no files)
    years: int
    runner: Callable
    outcomes: tuple[str, ...] | None  # None: all
    timeseries: bool


@dataclass
class RunRecord:
    """What comes back from a run: its outcomes or its error, and how long it took."""

    run_id: int
    status: str  # "ok" or "failed"
    outcomes: dict[str, Any]
    error: str | None = None
    traceback: str | None = None
    timeseries: pd.DataFrame | None = None
    elapsed_s: float = math.nan


def resolve_runner(runner: str | Callable | None) -> Callable:
    """The callable named by ``'module:function'`` (or ``runner`` itself if callable).

    This imports a module, which runs its code: call it only with a runner the user chose
    explicitly, never with one read from a data file.
    """
    if runner is None:
        runner = DEFAULT_RUNNER
    if callable(runner):
        return runner
    if runner == DEFAULT_RUNNER:
        from ..api import run

        return run
    module_name, _, attr = str(runner).partition(":")
    if not module_name or not attr:
        raise SpecError(f"runner = {runner!r} is not allowed: give 'module:function' (the "
                        "default is 'sim:run').")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise SpecError(f"runner = {runner!r} cannot be loaded: {exc}. Give 'module:function' "
                        "of an importable module (the default is 'sim:run').") from None
    if not callable(obj):
        raise SpecError(f"runner = {runner!r} is not callable.")
    return obj


def check_signature(runner: Callable, overrides: Mapping[str, Any]) -> None:
    """Refuse a runner that cannot be called as ``runner(scenario, seed=..., years=...,
    **overrides)``, before any run (raises :class:`SpecError`)."""
    try:
        sig = inspect.signature(runner)
    except (TypeError, ValueError):  # a builtin without a signature: cannot tell
        return
    try:
        sig.bind(None, seed=0, years=1, **overrides)
    except TypeError as exc:
        raise SpecError(
            f"the runner {runner_name(runner)}{sig} cannot be called as a sweep calls it, "
            f"runner(scenario, *, seed, years, **parameters): {exc}. A runner has the "
            "signature of sim.run(scenario, *, seed=0, years=3, **overrides).") from None


def runner_name(runner: str | Callable | None) -> str:
    """``'module:function'`` for a runner given as a string or a callable."""
    if runner is None:
        return DEFAULT_RUNNER
    if isinstance(runner, str):
        return runner
    module = getattr(runner, "__module__", None) or "?"
    if module == "sim.api" and getattr(runner, "__name__", "") == "run":
        return DEFAULT_RUNNER
    return f"{module}:{getattr(runner, '__qualname__', repr(runner))}"


def known_outcomes(runner: Callable) -> list[str] | None:
    """Outcome names the runner produces, if they can be known before the sweep.

    A runner's ``outcomes`` attribute wins. For :func:`sim.run` the list comes from
    ``sim.model.OUTCOMES``. For other
    runners it is ``None`` (outcome names are then checked as runs come back).
    """
    names = getattr(runner, "outcomes", None)
    if names is not None:
        return list(names)
    if runner_name(runner) == DEFAULT_RUNNER:
        return list(_sim_outcomes())
    return None


@functools.lru_cache(maxsize=1)
def _sim_outcomes() -> tuple[str, ...]:
    from sim.model import OUTCOMES

    return tuple(OUTCOMES)


def _coerce(value: Any) -> Any:
    """An outcome value as a column-friendly scalar: numbers become float, None NaN."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        return value
    import json

    from .spec import plain

    return json.dumps(plain(value))


def _unpack(result: Any, timeseries: bool) -> tuple[Mapping, pd.DataFrame | None]:
    """The run's summary, and its time series only if asked (it may be built on access)."""
    if isinstance(result, Mapping):
        return result, None
    summary = getattr(result, "summary", None)
    if not isinstance(summary, Mapping):
        raise TypeError(f"the runner returned {type(result).__name__}, which has no .summary "
                        "mapping; a runner returns sim.RunResult-like objects or a dict")
    return summary, getattr(result, "timeseries", None) if timeseries else None


def execute(task: RunTask) -> RunRecord:
    """Run ``task`` and return its record; a runner's exception becomes a failed record."""
    t0 = time.perf_counter()
    try:
        result = task.runner(task.scenario, seed=task.seed, years=task.years, **task.overrides)
        summary, ts = _unpack(result, task.timeseries)
        if task.outcomes is None:
            outcomes = {str(k): _coerce(v) for k, v in summary.items()}
        else:
            missing = [o for o in task.outcomes if o not in summary]
            if missing:
                raise KeyError(f"the run gave no outcome(s) {missing}; it gave: "
                               f"{', '.join(map(str, summary))}")
            outcomes = {o: _coerce(summary[o]) for o in task.outcomes}
        if task.timeseries:
            if not isinstance(ts, pd.DataFrame):
                raise TypeError("timeseries = true, but the runner gave no timeseries DataFrame")
            ts = ts.reset_index(drop=True)
        else:
            ts = None
        return RunRecord(task.run_id, "ok", outcomes, timeseries=ts,
                         elapsed_s=time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - recorded, the sweep goes on
        return RunRecord(task.run_id, "failed", {}, error=f"{type(exc).__name__}: {exc}",
                         traceback=traceback.format_exc(), elapsed_s=time.perf_counter() - t0)
