"""The pipeline: spec -> sweeps (sample, base point) -> point means -> SALib -> outputs.

:func:`prepare` checks everything and writes nothing; :func:`execute` runs the sweeps through
the sweep engine (:mod:`sim.experiments`: executors, seeds, resumable store);
:func:`analyse` reads them back and computes indices, noise and comparisons;
:func:`run_sensitivity` does all three and writes the outputs (:mod:`.report`).

Directory layout of ``results/<name>/``:

* analysis of one scenario: the sample sweep's store (``manifest.json``, ``design.parquet``,
  ``runs/``), the base-point sweep in ``noise/``, and the outputs beside them;
* robust comparison: the sample sweeps of A and B in ``a/`` and ``b/``, their base-point
  sweeps in ``noise-a/`` and ``noise-b/``, the outputs at the top.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from ...experiments import (
    Executor,
    SweepReport,
    SweepUsageError,
    execute_sweep,
    make_executor,
    prepare_sweep,
    run_seed,
    spec_from_dict,
)
from ...model import REGISTRY, ParameterError
from ...scenarios import load_scenario
from . import compare as cmp
from .methods import METRICS, check_design, convergence, sample, whole
from .methods import analyse as salib_analyse
from .noise import flag, noise_table, pooled_within
from .spec import (
    SWEEP_METHOD,
    SensitivityError,
    SensitivitySpec,
    load_sensitivity_spec,
    sensitivity_spec_from_dict,
)

__all__ = ["Plan", "SensitivityFailed", "SensitivityResult", "analyse", "execute", "prepare",
           "run_sensitivity"]

#: run index whose seed (from the spec's seed) is the base-point sweep's seed
NOISE_STREAM = 2**31 - 1


class SensitivityFailed(RuntimeError):
    """Runs failed, so the analysis cannot be made; the message says how to resume."""


@dataclass
class Plan:
    """A prepared analysis: checked, with its sweeps and sample, nothing written yet."""

    spec: SensitivitySpec
    out: Path | None
    sweeps: dict[str, Any]  # role -> sim.experiments Sweep; roles: main | noise | a | b | ...
    X: np.ndarray  # SALib's sample (continuous), one row per design point
    resume_command: str = ""
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # compare: A vs B

    @property
    def mode(self) -> str:
        return "compare" if self.spec.compare is not None else "analysis"

    @property
    def sample_roles(self) -> list[str]:
        return ["a", "b"] if self.mode == "compare" else ["main"]

    @property
    def noise_roles(self) -> list[str]:
        if self.spec.noise_runs == 0:
            return []
        return ["noise-a", "noise-b"] if self.mode == "compare" else ["noise"]

    def describe(self) -> str:
        s = self.spec
        lines = [f"sensitivity {s.name!r}: {s.method} over {s.d} parameters, n = {s.n} "
                 f"({s.n_points()} sample points), {s.replicates} replicate(s) each"
                 + (", common random numbers" if s.common_random_numbers else "")]
        if self.mode == "compare":
            lines.append(f"robust comparison: B = {s.compare.b!r} minus A = {s.compare.a!r} "
                         "with paired seeds")
        total = pending = 0
        for role, sw in self.sweeps.items():
            n, todo = sw.design.n_runs, len(sw.pending)
            total += n
            pending += todo
            d = sw.design
            lines.append(f"  {role:8s} {d.n_points} point(s) x {sw.spec.replicates} = {n} runs "
                         f"of {sw.spec.years} year(s) on scenario {d.scenario.name!r}"
                         + (f" -> {sw.out}" if sw.out else "") + f"; to run: {todo}")
        lines.append(f"results: {self.out if self.out is not None else '(in memory)'}")
        lines.append(f"to run: {pending} of {total} runs")
        return "\n".join(lines)


@dataclass
class SensitivityResult:
    """What an analysis gives (also written to ``out``; see :mod:`.report`)."""

    spec: SensitivitySpec
    out: Path | None
    mode: str
    parameters: pd.DataFrame  # name, group, kind, low, high, base value, is_assumption
    indices: dict[str, pd.DataFrame]  # outcome -> tidy table (flagged against noise)
    second_order: dict[str, pd.DataFrame]
    noise: pd.DataFrame
    points: pd.DataFrame  # point_id, parameter values the model got, analysed outcome values
    skipped: dict[str, str] = field(default_factory=dict)  # outcome -> why not analysed
    convergence: dict[str, pd.DataFrame] = field(default_factory=dict)
    comparison: pd.DataFrame | None = None
    discovery: dict[str, dict] = field(default_factory=dict)
    differences: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reports: list[SweepReport] = field(default_factory=list)
    seconds: float = math.nan
    files: list[Path] = field(default_factory=list)

    def top(self, outcome: str, k: int | None = None) -> pd.DataFrame:
        """The ``k`` parameters ranked highest for ``outcome`` (default: the spec's top)."""
        return self.indices[outcome].head(k or self.spec.top)


# ---------------------------------------------------------------------------------------
# Prepare
# ---------------------------------------------------------------------------------------


def _load(spec: SensitivitySpec | str | Path | Mapping, fast: bool, runner) -> SensitivitySpec:
    names = getattr(runner, "outcomes", None) if callable(runner) else None
    if isinstance(spec, SensitivitySpec):
        return spec
    if isinstance(spec, Mapping):
        return sensitivity_spec_from_dict(spec, origin="run_sensitivity(spec=...)", fast=fast,
                                          default_name="sensitivity", outcome_names=names)
    return load_sensitivity_spec(spec, fast=fast)


def _sweep_dict(spec: SensitivitySpec, *, name: str, scenario: str | None, seed: int,
                replicates: int, fixed: dict, with_sample: bool) -> dict:
    # a fixed description, so that editing the spec's description does not block --resume
    what = "sample" if with_sample else "base-point runs (seed noise)"
    sw: dict[str, Any] = {"name": name, "replicates": replicates,
                          "description": f"{what} of sensitivity analysis {spec.name!r} "
                                         "(see sensitivity.json beside or above)",
                          # every outcome is kept: analysing another one later needs no runs
                          "years": spec.years, "seed": seed, "outcomes": "all",
                          "common_random_numbers": spec.common_random_numbers and with_sample,
                          "runner": spec.runner}
    if scenario is not None:
        sw["scenario"] = scenario
    data: dict[str, Any] = {"sweep": sw}
    if fixed:
        data["fixed"] = {k: _listify(v) for k, v in fixed.items()}
    if with_sample:
        smp: dict[str, Any] = {"method": SWEEP_METHOD[spec.method], "n": spec.n,
                               "ranges": {p: list(spec.ranges[p]) for p in spec.parameters}}
        if spec.method == "morris":
            smp["levels"] = spec.levels
        elif spec.method == "sobol":
            smp["second_order"] = spec.second_order
        else:
            smp["M"] = spec.M
        data["sample"] = smp
    return data


def _listify(v):
    return [_listify(x) for x in v] if isinstance(v, (tuple, list)) else v


def _center(spec: SensitivitySpec) -> dict:
    out = {}
    for p in spec.parameters:
        lo, hi = spec.ranges[p]
        mid = lo + 0.5 * (hi - lo)
        out[p] = whole(mid, lo, hi) if REGISTRY[p].kind == "int" else float(mid)
    return out


def _differences(a, b) -> dict[str, tuple[Any, Any]]:
    va, vb = a.params.values, b.params.values
    return {k: (va[k], vb[k]) for k in va if va[k] != vb[k]}


def default_out(spec: SensitivitySpec, compare_given: tuple[str, str] | None,
                results_root: str | Path = "results") -> Path:
    """``results/<name>``; with ``--compare A B`` not from the spec, ``<name>-A-vs-B``."""
    name = spec.name
    if compare_given is not None and (spec.compare is None or
                                      (spec.compare.a, spec.compare.b) != tuple(compare_given)):
        base = name[:-5] if spec.fast else name
        a, b = (Path(x).stem for x in compare_given)
        name = f"{base}-{a}-vs-{b}" + ("-fast" if spec.fast else "")
    return Path(results_root) / name


def prepare(spec: SensitivitySpec | str | Path | Mapping, *, out: str | Path | None = "auto",
            fast: bool = False, compare: tuple[str, str] | None = None, resume: bool = False,
            runner: Callable | str | None = None, results_root: str | Path = "results",
            resume_command: str = "") -> Plan:
    """Check the spec and the sweeps it needs and find what is left to run; writes nothing.

    ``out="auto"``: ``results/<name>`` (see :func:`default_out`); ``None``: in memory.
    ``compare=(A, B)`` overrides the spec's ``[compare]``. Raises :class:`SensitivityError`.
    """
    spec = _load(spec, fast, runner)
    if compare is not None:
        spec = spec.with_compare(*compare)
    if callable(runner) and getattr(runner, "outcomes", None) is not None:
        unknown = [o for o in spec.outcomes if o not in runner.outcomes]
        if unknown:
            raise SensitivityError(f"{spec.origin}: outcomes {unknown} are not among the "
                                   f"runner's outcomes {list(runner.outcomes)}.")
    if out == "auto":
        out = default_out(spec, compare, results_root)
    out = Path(out) if out is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise SensitivityError(f"--out {out}: exists and is not a directory.")

    noise_fixed = {**spec.fixed, **(_center(spec) if spec.noise_point == "center" else {})}
    noise_seed = run_seed(spec.seed, NOISE_STREAM)
    jobs: dict[str, dict] = {}
    differences: dict[str, tuple[Any, Any]] = {}
    if spec.compare is None:
        jobs["main"] = _sweep_dict(spec, name=spec.name, scenario=spec.scenario, seed=spec.seed,
                                   replicates=spec.replicates, fixed=spec.fixed, with_sample=True)
        if spec.noise_runs:
            jobs["noise"] = _sweep_dict(spec, name=f"{spec.name}-noise", scenario=spec.scenario,
                                        seed=noise_seed, replicates=spec.noise_runs,
                                        fixed=noise_fixed, with_sample=False)
    else:
        if not spec.directions_given:
            raise SensitivityError(
                f"{spec.origin}: a robust comparison must know which direction of each outcome "
                "is better: replace outcomes = [...] by an [outcomes] table, e.g. "
                "long_term_absent_share = \"lower\", resolved_share = \"higher\".")
        if all(d == "none" for d in spec.outcomes.values()):
            raise SensitivityError(f"{spec.origin} [outcomes]: every direction is \"none\"; a "
                                   "comparison needs at least one \"lower\" or \"higher\".")
        scenarios = {}
        for key in ("a", "b"):
            name = getattr(spec.compare, key)
            try:
                scenarios[key] = load_scenario(name)
            except ParameterError as exc:
                raise SensitivityError(f"{spec.origin} [compare] {key} = {name!r}: {exc}") \
                    from None
        differences = _differences(scenarios["a"], scenarios["b"])
        if not differences:
            raise SensitivityError(
                f"{spec.origin}: scenarios A = {spec.compare.a!r} and B = {spec.compare.b!r} "
                "have the same parameter values; there is nothing to compare.")
        clash = [p for p in spec.parameters if p in differences]
        if clash:
            shown = ", ".join(f"{p}: {differences[p][0]!r} vs {differences[p][1]!r}"
                              for p in clash)
            raise SensitivityError(
                f"{spec.origin}: {', '.join(clash)} distinguish(es) scenario A from B "
                f"({shown}), so it cannot also be sampled; leave it out of parameters "
                "(exclude = [...]).")
        clash = [p for p in spec.fixed if p in differences]
        if clash:
            raise SensitivityError(
                f"{spec.origin} [fixed]: {', '.join(clash)} distinguish(es) scenario A from B; "
                "fixing it would make the two the same. Remove it from [fixed].")
        for key in ("a", "b"):
            sc = getattr(spec.compare, key)
            jobs[key] = _sweep_dict(spec, name=f"{spec.name}-{key}", scenario=sc, seed=spec.seed,
                                    replicates=spec.replicates, fixed=spec.fixed, with_sample=True)
            if spec.noise_runs:
                jobs[f"noise-{key}"] = _sweep_dict(
                    spec, name=f"{spec.name}-noise-{key}", scenario=sc, seed=noise_seed,
                    replicates=spec.noise_runs, fixed=noise_fixed, with_sample=False)

    sweeps = {}
    for role, data in jobs.items():
        if out is None:
            where = None
        elif role == "main":
            where = out
        else:
            where = out / role
        try:
            sweep_spec = spec_from_dict(data, origin=spec.origin)
            sweeps[role] = prepare_sweep(sweep_spec, out=where, resume=resume, runner=runner)
        except (SweepUsageError, ParameterError) as exc:
            raise SensitivityError(f"{spec.origin}: {exc}") from None
    X = sample(spec)
    for role in (["a", "b"] if spec.compare is not None else ["main"]):
        check_design(spec, X, sweeps[role].design.points)
    return Plan(spec, out, sweeps, X, resume_command, differences)


# ---------------------------------------------------------------------------------------
# Execute
# ---------------------------------------------------------------------------------------


class _KeepAlive(Executor):
    """One executor for several sweeps: ``close()`` after each sweep is ignored (a Dask
    cluster or a process pool is started once); :meth:`shutdown` closes it."""

    def __init__(self, inner: Executor) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name

    @property
    def workers(self) -> int:  # type: ignore[override]
        return self.inner.workers

    @workers.setter
    def workers(self, value: int) -> None:
        pass

    def start(self) -> _KeepAlive:
        self.inner.start()
        return self

    def imap_unordered(self, fn, items, *, max_in_flight=None):
        return self.inner.imap_unordered(fn, items, max_in_flight=max_in_flight)

    def close(self, kill: bool = False) -> None:
        if kill:
            self.inner.close(kill=True)

    def describe(self) -> dict:
        return self.inner.describe()

    def shutdown(self) -> None:
        self.inner.close()


def execute(plan: Plan, executor: str | Executor = "pool", *, workers: int | None = None,
            scheduler: str | None = None, dask_local: int | None = None,
            fail_fast: bool = False, progress: bool | None = None,
            stream: TextIO | None = None) -> list[SweepReport]:
    """Run what is pending in the plan's sweeps on one executor; returns their reports.

    Raises ``SweepInterrupted`` on Ctrl-C / SIGTERM (finished runs are stored) and
    ``SweepFailed`` with ``fail_fast``, as :func:`sim.experiments.execute_sweep` does.
    """
    stream = stream if stream is not None else sys.stderr
    try:
        inner = make_executor(executor, workers=workers, scheduler=scheduler,
                              dask_local=dask_local)
    except ValueError as exc:
        raise SensitivityError(str(exc)) from None
    ex = _KeepAlive(inner)
    reports = []
    try:
        for role in [*plan.sample_roles, *plan.noise_roles]:
            sweep = plan.sweeps[role]
            reports.append(execute_sweep(sweep, ex, fail_fast=fail_fast, progress=progress,
                                         stream=stream))
            if progress is not False:
                print(reports[-1].line(), file=stream)
    finally:
        ex.shutdown()
    return reports


# ---------------------------------------------------------------------------------------
# Analyse
# ---------------------------------------------------------------------------------------


def _runs(plan: Plan, role: str) -> pd.DataFrame:
    sweep = plan.sweeps[role]
    df = sweep.store.read_runs()
    n = sweep.design.n_runs
    ok = df[df["status"] == "ok"] if "status" in df else df.iloc[:0]
    if len(ok) < n:
        failed = int((df["status"] != "ok").sum()) if "status" in df else 0
        where = f" (their errors are in the 'error' column of {sweep.out})" if sweep.out else ""
        hint = f" Resume to run them: {plan.resume_command}" if plan.resume_command else ""
        first = ""
        if failed:
            first = f" First error: {df.loc[df['status'] != 'ok', 'error'].iloc[0]}"
        raise SensitivityFailed(
            f"sweep {sweep.spec.name!r}: {len(ok)} of {n} runs are done, {failed} failed"
            f"{where}; the analysis needs every run.{first}{hint}")
    missing = [o for o in plan.spec.outcomes if o not in ok.columns]
    if missing:
        raise SensitivityFailed(f"sweep {sweep.spec.name!r}: the runs gave no outcome(s) "
                                f"{missing}; they gave: "
                                + ", ".join(c for c in ok.columns
                                            if c not in _META and c not in REGISTRY) + ".")
    return ok.sort_values("run_id").reset_index(drop=True)


_META = {"run_id", "point_id", "replicate", "seed", "status", "error", "traceback", "elapsed_s"}


def _paired(plan: Plan, ra: str, rb: str) -> pd.DataFrame:
    a, b = _runs(plan, ra), _runs(plan, rb)
    if not np.array_equal(a["seed"].to_numpy(), b["seed"].to_numpy()):
        raise SensitivityFailed(f"sweeps {ra} and {rb} did not use the same seeds run by run; "
                                "the comparison would not be paired.")
    d = a[["run_id", "point_id", "replicate", "seed"]].copy()
    for o in plan.spec.outcomes:
        d[o] = b[o].to_numpy(dtype=float) - a[o].to_numpy(dtype=float)
        d[f"{o}__a"] = a[o].to_numpy(dtype=float)
        d[f"{o}__b"] = b[o].to_numpy(dtype=float)
    return d


def parameter_table(plan: Plan) -> pd.DataFrame:
    s = plan.spec
    base = next(iter(plan.sweeps.values())).design.base
    rows = []
    for p in s.parameters:
        par = REGISTRY[p]
        rows.append({"parameter": p, "group": par.group, "kind": par.kind,
                     "low": s.ranges[p][0], "high": s.ranges[p][1], "base": base.get(p),
                     "unit": par.unit, "is_assumption": par.is_assumption})
    return pd.DataFrame(rows)


def analyse(plan: Plan, *, convergence_: bool = False,
            reports: list[SweepReport] | None = None) -> SensitivityResult:
    """Read the plan's sweeps back and analyse them (writes nothing)."""
    s = plan.spec
    n_points = s.n_points()
    if plan.mode == "compare":
        runs = _paired(plan, "a", "b")
        base = _paired(plan, "noise-a", "noise-b") if plan.noise_roles else None
    else:
        runs = _runs(plan, "main")
        base = _runs(plan, "noise") if plan.noise_roles else None
    means = runs.groupby("point_id").mean(numeric_only=True).reindex(range(n_points))
    Y = {o: means[o].to_numpy(dtype=float) for o in s.outcomes}
    within = {o: pooled_within(runs, o) for o in s.outcomes} if s.replicates >= 2 else {}
    base_values = {o: base[o].to_numpy(dtype=float) for o in s.outcomes} if base is not None \
        else {}
    noise = noise_table(base_values, Y, within, replicates=s.replicates, method=s.method,
                        levels=s.levels, confidence=s.confidence)

    design = plan.sweeps[plan.sample_roles[0]].design
    points = pd.DataFrame(design.points)[list(s.parameters)]
    points.insert(0, "point_id", range(n_points))
    for o in s.outcomes:
        if plan.mode == "compare":
            points[f"{o}__a"] = means[f"{o}__a"].to_numpy()
            points[f"{o}__b"] = means[f"{o}__b"].to_numpy()
        points[o] = Y[o]

    ptable = parameter_table(plan)
    rank_by = METRICS[s.method]["rank_by"]
    result = SensitivityResult(spec=s, out=plan.out, mode=plan.mode, parameters=ptable,
                               indices={}, second_order={}, noise=noise, points=points,
                               differences=plan.differences, reports=list(reports or []))
    clusters = np.arange(n_points) // s.block()
    comp_rows = []
    for o, direction in s.outcomes.items():
        nrow = noise[noise["outcome"] == o].iloc[0]
        ind = salib_analyse(s, plan.X, Y[o], output=o)
        if ind.table is None:
            result.skipped[o] = ind.skipped
        else:
            t = flag(ind.table, s.method, float(nrow["floor"]))
            t = t.merge(ptable[["parameter", "group", "kind", "low", "high", "base"]],
                        on="parameter", how="left")
            t = t.sort_values(rank_by, ascending=False, kind="stable").reset_index(drop=True)
            t.insert(0, "rank", range(1, len(t) + 1))
            label = (f"{o}: {s.compare.b} - {s.compare.a}" if plan.mode == "compare" else o)
            t.insert(0, "analysed", label)
            result.indices[o] = t
            if ind.second_order is not None:
                result.second_order[o] = flag(ind.second_order, s.method, float(nrow["floor"]))
            if convergence_:
                result.convergence[o] = convergence(s, plan.X, Y[o], output=o)
        if plan.mode == "compare":
            row = cmp.summarise_difference(o, direction, Y[o], clusters,
                                           noise_sd=float(nrow["noise_sd"]),
                                           replicates=s.replicates, confidence=s.confidence,
                                           seed=s.seed)
            row["mean_a"] = float(np.nanmean(points[f"{o}__a"]))
            row["mean_b"] = float(np.nanmean(points[f"{o}__b"]))
            comp_rows.append(row)
            if (s.compare.discovery and direction != "none"
                    and np.isfinite(Y[o]).sum() >= 10):
                if cmp.discovery_available():
                    ok = np.isfinite(Y[o])
                    better = (cmp.DIRECTIONS[direction] * Y[o][ok]) > 0
                    try:
                        result.discovery[o] = cmp.discover(
                            points.loc[ok, list(s.parameters)], better,
                            threshold=s.compare.discovery_threshold)
                    except Exception as exc:  # noqa: BLE001 - reported, not fatal
                        result.discovery[o] = {"note": f"PRIM failed: {type(exc).__name__}: "
                                                       f"{exc}"}
                else:
                    result.discovery[o] = {"note": "EMA workbench is not installed (pip install "
                                                   "-e '.[discovery]'); no PRIM boxes"}
    if comp_rows:
        result.comparison = pd.DataFrame(comp_rows)
    return result


# ---------------------------------------------------------------------------------------
# All together
# ---------------------------------------------------------------------------------------


def run_sensitivity(spec: SensitivitySpec | str | Path | Mapping, *,
                    out: str | Path | None = "auto", fast: bool = False,
                    compare: tuple[str, str] | None = None, convergence: bool = False,
                    resume: bool = False, runner: Callable | str | None = None,
                    executor: str | Executor = "pool", workers: int | None = None,
                    scheduler: str | None = None, dask_local: int | None = None,
                    fail_fast: bool = False, progress: bool | None = None,
                    results_root: str | Path = "results", figures: bool = True,
                    stream: TextIO | None = None) -> SensitivityResult:
    """Run a sensitivity analysis (or a robust comparison) and write its outputs.

    ``spec``: a spec file, a :class:`SensitivitySpec` or the spec's tables as a dict.
    ``out``: ``"auto"`` (``results/<name>``), a directory, or ``None`` (in memory, nothing
    written). ``fast`` applies the spec's ``[fast]`` table; ``compare=(A, B)`` compares two
    scenarios; ``convergence`` adds indices at increasing N. ``runner`` replaces ``sim.run``
    (a callable with its signature, e.g. :class:`~.checks.IshigamiRunner`). Executor options
    are those of :func:`sim.experiments.run_sweep`.

    Raises :class:`SensitivityError` (bad spec; nothing run), :class:`SensitivityFailed`
    (runs failed; resume to retry) and the sweep engine's ``SweepInterrupted``.
    """
    from .report import write_outputs

    t0 = time.perf_counter()
    plan = prepare(spec, out=out, fast=fast, compare=compare, resume=resume, runner=runner,
                   results_root=results_root)
    if convergence:
        plan.spec.convergence_sizes()
        if plan.spec.method == "fast":
            raise SensitivityError(f"{plan.spec.origin}: --convergence needs method 'morris' "
                                   "or 'sobol'; a FAST sample has no smaller FAST sample "
                                   "inside it.")
    reports = execute(plan, executor, workers=workers, scheduler=scheduler,
                      dask_local=dask_local, fail_fast=fail_fast, progress=progress,
                      stream=stream)
    result = analyse(plan, convergence_=convergence, reports=reports)
    result.seconds = time.perf_counter() - t0
    if plan.out is not None:
        result.files = write_outputs(result, figures=figures)
    return result
