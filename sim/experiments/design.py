"""The design of a sweep and its run plan.

A :class:`Design` expands a :class:`~sim.experiments.spec.SweepSpec` into design points
(the grid's points, each combined with every sample point) and runs (every point once per
replicate). Run ``run_id`` gets its seed from the sweep seed and its id
(:mod:`sim.experiments.seeds`), so the plan does not depend on where or in which order runs
execute.

Its size is known before anything is drawn (:func:`design_size`), so that a design too
large to hold or to run is refused with its size and the limit (:data:`MAX_RUNS`), and
``--dry-run`` never builds one.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..events import check_events
from ..model import REGISTRY, Parameter, ParameterError, check_params
from .samplers import Grid
from .seeds import design_seed, run_seed

if TYPE_CHECKING:  # pragma: no cover
    from ..scenarios import Scenario
    from .spec import SweepSpec

__all__ = ["MAX_RUNS", "Design", "DesignSize", "RunPlan", "check_size", "describe", "design_size",
           "plain"]

#: The largest design (in runs) that is built unless the user raises the limit
#: (``--max-runs`` on the command line, ``max_runs=`` in the Python API). A million runs of
#: the model take weeks of processor time; larger designs are almost always a typo
#: (``replicates = 10**12``) and would fill the memory before the first run.
MAX_RUNS = 1_000_000


def plain(value: Any) -> Any:
    """``value`` as JSON/TOML-friendly Python: tuples become lists, NumPy scalars Python ones."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), allow_nan=True)


@dataclass(frozen=True)
class DesignSize:
    """How big a spec's design is, computed without building it."""

    grid_points: int
    sample_points: int  # per grid point (1 without [sample])
    replicates: int

    @property
    def points(self) -> int:
        return self.grid_points * self.sample_points

    @property
    def runs(self) -> int:
        return self.points * self.replicates

    def line(self) -> str:
        return (f"{self.points:,} design point(s) x {self.replicates:,} replicate(s) = "
                f"{self.runs:,} runs")


def design_size(spec: SweepSpec) -> DesignSize:
    """The size of ``spec``'s design, from the samplers' arithmetic alone."""
    sample_points = 1
    if spec.sample is not None:
        sample_points = spec.sample.sampler().size(len(spec.sample.ranges))
    return DesignSize(Grid(spec.grid).size(), sample_points, spec.replicates)


def check_size(spec: SweepSpec, max_runs: int | None = MAX_RUNS) -> DesignSize:
    """Refuse a design of more than ``max_runs`` runs (``None``: no limit)."""
    from .spec import SpecError

    size = design_size(spec)
    if max_runs is not None and size.runs > max_runs:
        raise SpecError(
            f"{spec.origin}: the design has {size.line()}, more than the limit of "
            f"{max_runs:,} runs. Make it smaller (fewer grid values, a smaller [sample] n, "
            "fewer replicates), or raise the limit explicitly: --max-runs N on the command "
            "line, max_runs=N in run_sweep().")
    return size


def _scale(u: float, param: Parameter, lo: float, hi: float) -> float | int:
    if param.kind == "int":
        # equal-width cells for each whole number lo..hi; u = 1 belongs to hi
        return int(min(hi, lo + math.floor(u * (hi - lo + 1))))
    return float(min(hi, max(lo, lo + u * (hi - lo))))  # no float error past a range end


@dataclass(frozen=True)
class RunPlan:
    """One run of a sweep: where it sits in the design and the seed it gets."""

    run_id: int
    point_id: int
    replicate: int
    seed: int


@dataclass
class Design:
    """The design points of a sweep and the runs they make.

    ``points[i]`` holds the varied parameters' values at design point ``i``; ``fixed`` the
    values every run shares. ``base`` is the base scenario's full parameter set (plain data),
    kept for provenance and to notice a scenario file that changed before a resume.
    """

    spec: SweepSpec
    parameters: list[str]
    points: list[dict[str, Any]]
    fixed: dict[str, Any]
    scenario: Scenario
    base: dict[str, Any]
    salib_problem: dict | None = None

    @classmethod
    def build(cls, spec: SweepSpec, scenario: Scenario,
              max_runs: int | None = MAX_RUNS) -> Design:
        """Expand ``spec`` on top of ``scenario``; every point is checked as a whole.

        A design of more than ``max_runs`` runs is refused before anything is drawn.
        """
        from .spec import SpecError

        check_size(spec, max_runs)
        grid_names = list(spec.grid)
        grid_points = Grid(spec.grid).sample()
        sample_points: list[dict] = [{}]
        problem = None
        if spec.sample is not None:
            names = list(spec.sample.ranges)
            u = spec.sample.sampler().sample(len(names), names, design_seed(spec.seed))
            sample_points = [
                {n: _scale(float(row[j]), REGISTRY[n], *spec.sample.ranges[n])
                 for j, n in enumerate(names)}
                for row in u
            ]
            problem = {"num_vars": len(names), "names": names,
                       "bounds": [list(spec.sample.ranges[n]) for n in names],
                       "kinds": [REGISTRY[n].kind for n in names],
                       "method": spec.sample.method, "n": spec.sample.n,
                       "options": dict(spec.sample.options),
                       "points_per_grid_point": len(sample_points)}
        points = [{**g, **s} for g in grid_points for s in sample_points]
        # every point as a whole, on top of the base scenario (combination rules)
        base = dict(scenario.params.values)
        checked: dict[str, Any] = {}
        for i, point in enumerate(points):
            overrides = {**spec.fixed, **point}
            key = canonical_json(overrides)
            if key in checked:
                continue
            try:
                params = check_params(overrides, origin="", base=base)
                # the events, within the run's weeks and valid all along (sim.events)
                check_events(scenario.events, params, spec.years)
            except ParameterError as exc:
                shown = ", ".join(f"{k} = {plain(v)!r}" for k, v in point.items())
                at = f" at design point {i} ({shown})" if point else ""
                raise SpecError(f"{spec.origin}{at} on top of scenario {scenario.name!r}: {exc}") \
                    from None
            checked[key] = True
        sampled = list(spec.sample.ranges) if spec.sample else []
        return cls(spec=spec, parameters=[*grid_names, *sampled], points=points,
                   fixed=dict(spec.fixed), scenario=scenario, base=scenario.params.as_plain(),
                   salib_problem=problem)

    @property
    def n_points(self) -> int:
        return len(self.points)

    @property
    def n_runs(self) -> int:
        return self.n_points * self.spec.replicates

    def run(self, run_id: int) -> RunPlan:
        """Run ``run_id``. Ids go replicate by replicate: every point once, then again..."""
        if not 0 <= run_id < self.n_runs:
            raise IndexError(f"run id {run_id} outside 0..{self.n_runs - 1}")
        replicate, point_id = divmod(run_id, self.n_points)
        key = replicate if self.spec.common_random_numbers else run_id
        return RunPlan(run_id, point_id, replicate, run_seed(self.spec.seed, key))

    def runs(self) -> list[RunPlan]:
        return [self.run(i) for i in range(self.n_runs)]

    def overrides(self, point_id: int) -> dict[str, Any]:
        """Everything a run at ``point_id`` sets on top of the base scenario."""
        return {**self.fixed, **self.points[point_id]}

    def columns(self) -> list[str]:
        """Parameter columns of the results: the varied ones, then the fixed ones."""
        return [*self.parameters, *[k for k in self.fixed if k not in self.parameters]]

    def fingerprint(self) -> str:
        """A hash of everything that decides the runs: points, fixed values, base, seeds."""
        return hashlib.sha256(canonical_json({
            "points": self.points, "fixed": self.fixed, "base": self.base,
            "seed": self.spec.seed, "replicates": self.spec.replicates,
            "crn": self.spec.common_random_numbers, "years": self.spec.years,
            **({"events": [ev.to_dict() for ev in self.scenario.events]}
               if self.scenario.events else {}),
        }).encode()).hexdigest()

    def describe(self) -> str:
        return describe(self.spec, self.scenario.name)


def describe(spec: SweepSpec, scenario_name: str) -> str:
    """One line: the design's points, replicates and runs (computed, not built)."""
    size = design_size(spec)
    parts = []
    if spec.grid:
        parts.append("grid " + " x ".join(f"{k}[{len(v)}]" for k, v in spec.grid.items()))
    if spec.sample:
        parts.append(f"{spec.sample.method} sample of {size.sample_points} "
                     f"points over {', '.join(spec.sample.ranges)}")
    what = "; ".join(parts) or "a single design point"
    return (f"{size.points} design point(s) ({what}) x {spec.replicates} replicate(s) = "
            f"{size.runs} runs of {spec.years} year(s) on scenario {scenario_name!r}")
