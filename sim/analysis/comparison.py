"""Run a comparison of scenarios on the sweep engine (``python -m sim compare``).

Every scenario is one sweep (:mod:`sim.experiments`) with one design point, ``replicates``
runs and the weekly time series, stored in ``<out>/runs/<NN>-<scenario>/``. All sweeps
share the sweep seed, so replicate ``r`` of every scenario runs with the same seed
(:func:`sim.experiments.run_seed`): the runs are *paired* by seed, whichever executor ran
them. Each store is resumable; ``compare.json`` in ``<out>`` records what was compared so
that a resume can refuse a different comparison. Everything is checked before anything is
written: the scenarios, the overrides, every event within the run's weeks and the output
folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..api import DEFAULT_YEARS, resolve
from ..events import check_events
from ..experiments import (
    SweepUsageError,
    execute_sweep,
    load_results,
    load_timeseries,
    make_executor,
    prepare_sweep,
    spec_from_dict,
)
from ..experiments.files import atomic_write_text, check_location
from ..experiments.sweep import Sweep
from ..model import ParameterError
from ..scenarios import Scenario

__all__ = ["COMPARE_FILE", "Comparison", "ComparisonError", "prepare_comparison",
           "run_comparison"]

COMPARE_FILE = "compare.json"
FORMAT = 1


class ComparisonError(ValueError):
    """A comparison that cannot start as asked; nothing was written."""


@dataclass
class Comparison:
    """A prepared (and, after :meth:`run`, finished) comparison."""

    scenarios: list[Scenario]
    replicates: int
    years: int
    seed: int
    overrides: dict
    out: Path
    sweeps: list[Sweep] = field(default_factory=list)
    runs: pd.DataFrame | None = None  # one row per run: scenario, replicate, seed, outcomes
    timeseries: pd.DataFrame | None = None  # one row per run and week

    @property
    def names(self) -> list[str]:
        return [sc.name for sc in self.scenarios]

    def spec(self) -> dict:
        """What was compared (``compare.json``); a resume must ask for the same."""
        return {"format": FORMAT, "scenarios": self.names,
                "scenario_files": [str(sc.path) if sc.path else None for sc in self.scenarios],
                "replicates": self.replicates, "years": self.years, "seed": self.seed,
                "overrides": {k: _plain(v) for k, v in sorted(self.overrides.items())}}

    def run(self, workers: int | None = None, progress: bool | None = None) -> Comparison:
        """Run what is not stored yet (each scenario's sweep in turn, its runs in parallel)
        and read every run back."""
        self.out.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.out / COMPARE_FILE, json.dumps(self.spec(), indent=2) + "\n")
        for sweep in self.sweeps:
            if sweep.pending:
                execute_sweep(sweep, make_executor("pool", workers=workers), progress=progress)
        runs, series = [], []
        for sc, sweep in zip(self.scenarios, self.sweeps):
            df = load_results(sweep.out)
            failed = df[df["status"] != "ok"]
            if len(failed):
                raise RuntimeError(f"{len(failed)} run(s) of scenario {sc.name!r} failed, e.g. "
                                   f"{failed['error'].iloc[0]}; see {sweep.out}")
            df.insert(0, "scenario", sc.name)
            runs.append(df)
            ts = load_timeseries(sweep.out)
            ts = ts.merge(df[["run_id", "replicate", "seed"]], on="run_id")
            ts.insert(0, "scenario", sc.name)
            series.append(ts)
        self.runs = pd.concat(runs, ignore_index=True)
        self.timeseries = pd.concat(series, ignore_index=True)
        return self


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value


def folder_name(name: str, limit: int = 60) -> str:
    """``name`` as a safe folder name (letters, digits, '.', '_', '-')."""
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", str(name))
    text = re.sub(r"\.{2,}", ".", text).strip("._-")[:limit].strip("._-")
    return text or "scenario"


def prepare_comparison(scenarios: list[str | Path | Scenario], *, replicates: int = 5,
                       years: int | None = None, seed: int = 0,
                       overrides: dict | None = None, out: str | Path,
                       resume: bool = False) -> Comparison:
    """Check everything and prepare one sweep per scenario; writes nothing.

    ``years``: default the longest ``years`` the scenarios ask for, else 3. Raises
    :class:`ComparisonError` (or :class:`~sim.model.ParameterError` for a bad scenario,
    override or event) with a message that says what to change.
    """
    overrides = dict(overrides or {})
    if not scenarios:
        raise ComparisonError("give at least one scenario to compare.")
    loaded = [resolve(s, overrides, origin="--set")[0] for s in scenarios]
    names = [sc.name for sc in loaded]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ComparisonError(f"scenario(s) {', '.join(map(repr, twice))} given twice; each "
                              "scenario is compared once (the first is the reference).")
    if years is None:
        years = max([sc.years or DEFAULT_YEARS for sc in loaded])
    for sc in loaded:
        params = resolve(sc, overrides, origin="--set")[1]
        check_events(sc.events, params, years)
    out = Path(out)
    problem = check_location(out)
    if problem:
        raise ComparisonError(f"--out {str(out)!r}: {problem}")
    cmp = Comparison(loaded, replicates, years, seed, overrides, out)
    stored = out / COMPARE_FILE
    if out.exists() and any(out.iterdir()):
        if not stored.is_file():
            raise ComparisonError(
                f"--out {str(out)!r} exists and is not a comparison's folder (it has no "
                f"{COMPARE_FILE}); nothing was written. Choose another --out.")
        if not resume:
            raise ComparisonError(
                f"--out {str(out)!r} already holds a comparison. Continue it (or just rewrite "
                "its report) with --resume, or choose another --out.")
        try:
            before = json.loads(stored.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ComparisonError(f"cannot resume: {stored} cannot be read ({exc}).") from None
        now = json.loads(json.dumps(cmp.spec()))
        diffs = [k for k in sorted(set(now) | set(before)) if now.get(k) != before.get(k)]
        if diffs:
            raise ComparisonError(
                f"cannot resume {out}: it holds another comparison ("
                + "; ".join(f"{k}: stored {before.get(k)!r}, given {now.get(k)!r}"
                            for k in diffs) + "). Give the same scenarios and options, or "
                "choose another --out.")
    for i, sc in enumerate(loaded):
        where = out / "runs" / f"{i + 1:02d}-{folder_name(sc.name)}"
        data: dict[str, Any] = {"sweep": {
            "name": f"{i + 1:02d}-{folder_name(sc.name)}",
            "description": f"compare: scenario {sc.name!r}",
            "replicates": replicates, "years": years, "seed": seed, "timeseries": True}}
        if sc.path is not None:
            data["sweep"]["scenario"] = str(sc.path)
        if overrides:
            data["fixed"] = {k: _plain(v) for k, v in overrides.items()}
        try:
            spec = spec_from_dict(data, origin=f"compare {sc.name!r}")
            sweep = prepare_sweep(spec, out=where, resume=resume and where.exists())
        except (SweepUsageError, ParameterError) as exc:
            raise ComparisonError(str(exc)) from None
        cmp.sweeps.append(sweep)
    return cmp


def run_comparison(scenarios: list[str | Path | Scenario], *, out: str | Path,
                   replicates: int = 5, years: int | None = None, seed: int = 0,
                   overrides: dict | None = None, workers: int | None = None,
                   resume: bool = False, progress: bool | None = None) -> Comparison:
    """:func:`prepare_comparison`, then run it; returns the finished :class:`Comparison`."""
    cmp = prepare_comparison(scenarios, replicates=replicates, years=years, seed=seed,
                             overrides=overrides, out=out, resume=resume)
    return cmp.run(workers=workers, progress=progress)
