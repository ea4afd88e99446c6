"""Define experiments: sweep specifications and the designs they expand to.

A sweep spec is a TOML file (examples in ``scenarios/sweeps/``)::

    [sweep]
    name = "coordinators"          # results go to results/<name>/ (default: the file's name)
    description = "..."
    scenario = "orust"             # base scenario: a name from scenarios/ or a path to a .toml
    replicates = 10                # runs per design point, each with its own seed
    years = 3                      # school years per run
    seed = 2024                    # sweep seed: every run's seed derives from it
    outcomes = ["share_over_10"]   # outcomes to keep (default: all)
    timeseries = false             # also keep the weekly time series (Parquet, with run_id)
    common_random_numbers = false  # true: replicate r uses the same seed at every point
    runner = "sim:run"             # the model entry point (see "Runners" below)

    [fixed]                        # overrides that hold for every run
    n_pupils = 1500

    [grid]                         # full factorial: the product of these lists
    n_coordinators = [1, 2]
    feedback_probability = [0.2, 0.4, 0.6]

    [sample]                       # or/and: samples within ranges
    method = "lhs"                 # lhs | sobol (scipy.stats.qmc) |
                                   # salib-sobol | salib-morris | salib-fast (SALib)
    n = 64
    parameters = ["trust_gain"]    # sampled within the registry's range ...
    [sample.ranges]
    trust_loss = [0.1, 0.6]        # ... or within a range given here

    [[events]]                     # levers that change during every run (sim.events),
    week = 36                      # after the base scenario's own events
    set = { n_coordinators = 1 }

With both ``[grid]`` and ``[sample]`` the design is their product: the samples are repeated at
every grid point. Design point ids count the grid in the outer loop and the samples in the
inner loop, so for a pure sample design, point ``i`` is row ``i`` of the sample matrix (the
order SALib's ``analyze`` functions expect).

Runners: a spec file is data and never chooses code to run. ``runner`` may only be
``"sim:run"`` unless a runner is also given explicitly, which then is the one used:
``--runner module:function`` on the command line or ``run_sweep(..., runner=...)`` in Python
(see :func:`sim.experiments.sweep.prepare_sweep`).

The design's size is computed before it is built (:mod:`sim.experiments.design`); a design
above :data:`~sim.experiments.design.MAX_RUNS` runs is refused unless the limit is raised.

The sampling methods are classes in :mod:`sim.experiments.samplers`; the design and the run
plan are in :mod:`sim.experiments.design`.

Every parameter name and value is checked by the registry (:mod:`sim.model.params`), and every
design point as a whole (combination rules such as "a working group needs a coordinator"),
before anything runs. Errors are :class:`SpecError`, whose message names the file, the
key, the value and what is allowed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..events import Event, check_overlaps, parse_events
from ..model import Parameter, ParameterError, check_name, closest
from ..scenarios import Scenario, load_scenario, read_toml, short
from .design import MAX_RUNS, DesignSize, canonical_json, design_size, plain
from .samplers import MAX_N, SAMPLE_METHODS, SAMPLERS, Sampler, SamplerError

if TYPE_CHECKING:  # pragma: no cover
    from .design import Design

__all__ = [
    "DEFAULT_RUNNER",
    "MAX_RUNS",
    "SAMPLE_METHODS",
    "SampleSpec",
    "SpecError",
    "SweepSpec",
    "load_spec",
    "plain",
    "spec_from_dict",
    "spec_from_parameters",
]

#: The model entry point a sweep calls unless the spec names another (``module:function``).
DEFAULT_RUNNER = "sim:run"

_SWEEP_KEYS = {
    "name": "a short name of letters, digits, '.', '_' and '-'",
    "description": "text",
    "scenario": "a scenario name or a path to a scenario .toml file",
    "replicates": "a whole number >= 1",
    "years": "a whole number of school years in [1, 50]",
    "seed": "a whole number in [0, 2**63 - 1]",
    "outcomes": "a list of outcome names, or \"all\"",
    "timeseries": "true or false",
    "common_random_numbers": "true or false",
    "runner": "'sim:run'; another 'module:function' only when it is also given explicitly "
              "(--runner on the command line, runner= in Python)",
}
_TABLES = ("sweep", "fixed", "grid", "sample", "events")
_SAMPLE_KEYS = {"method", "n", "parameters", "ranges"} | {
    k for cls in SAMPLERS.values() for k in cls.options}
#: Columns of the results table that are not parameters or outcomes.
META_COLUMNS = ("run_id", "point_id", "replicate", "seed", "status", "error", "traceback",
                "elapsed_s")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class SpecError(ParameterError):
    """A sweep specification that cannot be used; the message says where and why."""


# ---------------------------------------------------------------------------------------
# The specification
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleSpec:
    """The ``[sample]`` table: a method, a size and the ranges of the sampled parameters."""

    method: str
    n: int
    ranges: dict[str, tuple[float, float]]  # in the order given; registry range if not given
    options: dict[str, Any] = field(default_factory=dict)

    def sampler(self) -> Sampler:
        """The sampler of :attr:`method` with this size and these options."""
        return SAMPLERS[self.method](self.n, self.options)

    def to_dict(self) -> dict:
        return {"method": self.method, "n": self.n,
                "ranges": [[k, list(v)] for k, v in self.ranges.items()],
                "options": dict(sorted(self.options.items()))}


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep specification (see the module docstring for the TOML form)."""

    name: str
    scenario: str | None = None
    replicates: int = 1
    years: int = 3
    seed: int = 0
    outcomes: tuple[str, ...] | None = None  # None: all
    timeseries: bool = False
    common_random_numbers: bool = False
    runner: str = DEFAULT_RUNNER
    description: str = ""
    fixed: dict[str, Any] = field(default_factory=dict)
    grid: dict[str, tuple] = field(default_factory=dict)
    sample: SampleSpec | None = None
    events: tuple[Event, ...] = ()  # after the base scenario's own events
    path: Path | None = field(default=None, compare=False)
    text: str | None = field(default=None, compare=False)  # the TOML text it was read from

    @property
    def origin(self) -> str:
        return str(self.path) if self.path is not None else "sweep spec"

    @property
    def varied(self) -> list[str]:
        """Names of the parameters that vary: the grid's, then the sample's."""
        return [*self.grid, *(self.sample.ranges if self.sample else ())]

    def to_dict(self) -> dict:
        """The spec as plain data; two specs are the same sweep if these are equal."""
        return plain({
            "name": self.name,
            "description": self.description,
            "scenario": self.scenario,
            "replicates": self.replicates,
            "years": self.years,
            "seed": self.seed,
            "outcomes": list(self.outcomes) if self.outcomes is not None else None,
            "timeseries": self.timeseries,
            "common_random_numbers": self.common_random_numbers,
            "runner": self.runner,
            "fixed": dict(sorted(self.fixed.items())),
            "grid": [[k, list(v)] for k, v in self.grid.items()],
            "sample": self.sample.to_dict() if self.sample else None,
            **({"events": [ev.to_dict() for ev in self.events]} if self.events else {}),
        })

    def differences(self, other: Mapping) -> list[str]:
        """Human-readable differences between this spec and a stored ``to_dict()``."""
        mine = json.loads(canonical_json(self.to_dict()))
        theirs = json.loads(canonical_json(other))
        out: list[str] = []
        _diff("", theirs, mine, out)
        return out

    def load_scenario(self) -> Scenario:
        """The base scenario (:func:`sim.scenarios.load_scenario`), with the spec's events
        after its own."""
        try:
            scenario = load_scenario(self.scenario)
        except ParameterError as exc:
            raise SpecError(f"{self.origin} [sweep] scenario = {self.scenario!r}: {exc}") from None
        if not self.events:
            return scenario
        from dataclasses import replace

        events = scenario.events + self.events
        try:
            check_overlaps(events)
        except ParameterError as exc:
            raise SpecError(f"{exc} (on top of scenario {scenario.name!r})") from None
        return replace(scenario, events=events)

    def check_outcomes(self, valid: Sequence[str] | None) -> None:
        """Refuse outcome names that are not in ``valid`` (no check when ``valid`` is None)."""
        if self.outcomes is None or valid is None:
            return
        unknown = [o for o in self.outcomes if o not in valid]
        if unknown:
            hints = [f"{short(o)}{closest(o, valid)}" for o in unknown]
            raise SpecError(f"{self.origin} [sweep] outcomes: unknown outcome(s) "
                            f"{', '.join(hints)}. Valid outcomes: {', '.join(valid)}.")

    def size(self) -> DesignSize:
        """Design points and runs, computed without building the design."""
        return design_size(self)

    def design(self, scenario: Scenario | None = None,
               max_runs: int | None = MAX_RUNS) -> Design:
        """Expand the grid and samples into design points, each validated as a whole.

        A design of more than ``max_runs`` runs (``None``: no limit) is refused before it
        is built."""
        from .design import Design, check_size

        check_size(self, max_runs)
        scenario = scenario if scenario is not None else self.load_scenario()
        return Design.build(self, scenario, max_runs=max_runs)


def _fail(origin: str, key: str, value: Any, allowed: str, why: str = "") -> SpecError:
    why = f" {why}" if why else ""
    return SpecError(f"{origin}: {key} = {short(value)} is not allowed:{why} Allowed: {allowed}.")


def _whole(value: Any, origin: str, key: str, lo: int, hi: int | None, allowed: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise _fail(origin, key, value, allowed, "expected a whole number.")
    if value < lo or (hi is not None and value > hi):
        raise _fail(origin, key, value, allowed, "out of range.")
    return int(value)


def _flag(value: Any, origin: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(origin, key, value, "true or false")
    return value


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec file. Raises :class:`SpecError` naming file and key."""
    path = Path(path)
    data, text = read_toml(path, "sweep spec", SpecError)
    return spec_from_dict(data, path=path, text=text)


def spec_from_dict(data: Mapping[str, Any], *, path: Path | None = None, text: str | None = None,
                   origin: str | None = None, default_name: str | None = None) -> SweepSpec:
    """Validate the tables of a sweep spec given as a dict (the parsed TOML)."""
    try:
        return _spec_from_dict(data, path=path, text=text, origin=origin,
                               default_name=default_name)
    except SpecError:
        raise
    except ParameterError as exc:  # from the registry: already names origin, key and value
        raise SpecError(str(exc)) from None


def _spec_from_dict(data, *, path, text, origin, default_name) -> SweepSpec:
    where = origin or (str(path) if path is not None else "sweep spec")
    if not isinstance(data, Mapping):
        raise SpecError(f"{where}: a sweep spec is a set of tables, not {short(data)}.")
    if not data:
        raise SpecError(f"{where}: the spec is empty. A sweep spec has a [sweep] table and a "
                        "[grid] and/or [sample] table; see scenarios/sweeps/ for examples.")
    unknown = [k for k in data if k not in _TABLES]
    if unknown:
        raise SpecError(f"{where}: unknown table [{unknown[0]}]{closest(unknown[0], _TABLES)}; "
                        "a sweep spec has the tables "
                        f"{', '.join('[' + t + ']' for t in _TABLES)}.")
    for table in _TABLES[:-1]:
        if table in data and not isinstance(data[table], Mapping):
            raise SpecError(f"{where}: [{table}] must be a table (name = value lines under a "
                            f"[{table}] header), not {short(data[table])}.")
    sw = dict(data.get("sweep", {}))
    origin_sw = f"{where} [sweep]"
    bad = [k for k in sw if k not in _SWEEP_KEYS]
    if bad:
        raise SpecError(f"{origin_sw}: unknown key {short(bad[0])}{closest(bad[0], _SWEEP_KEYS)}. "
                        "Allowed keys: "
                        + "; ".join(f"{k} ({v})" for k, v in _SWEEP_KEYS.items()) + ".")

    name = sw.get("name", default_name or (path.stem if path is not None else None))
    if name is None:
        raise SpecError(f"{origin_sw}: name is missing: give the sweep a name "
                        f"({_SWEEP_KEYS['name']}); results go to results/<name>/.")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise _fail(origin_sw, "name", name, _SWEEP_KEYS["name"])
    description = sw.get("description", "")
    if not isinstance(description, str):
        raise _fail(origin_sw, "description", description, "text")
    scenario = sw.get("scenario")
    if scenario is not None:
        if not isinstance(scenario, str) or not scenario:
            raise _fail(origin_sw, "scenario", scenario, _SWEEP_KEYS["scenario"])
        if "\0" in scenario:
            raise _fail(origin_sw, "scenario", scenario, _SWEEP_KEYS["scenario"])
        if path is not None and (scenario.endswith(".toml") or "/" in scenario):
            p = Path(scenario)
            if not p.is_absolute():  # relative to the spec's folder, not the current one
                scenario = str(path.parent / p)
    replicates = _whole(sw.get("replicates", 1), origin_sw, "replicates", 1, None,
                        _SWEEP_KEYS["replicates"])
    years = _whole(sw.get("years", 3), origin_sw, "years", 1, 50, _SWEEP_KEYS["years"])
    seed = _whole(sw.get("seed", 0), origin_sw, "seed", 0, 2**63 - 1, _SWEEP_KEYS["seed"])
    outcomes = sw.get("outcomes", "all")
    if outcomes is None or (isinstance(outcomes, str) and outcomes == "all"):
        outcomes = None
    elif (isinstance(outcomes, (list, tuple)) and outcomes
          and all(isinstance(o, str) and o for o in outcomes)):
        dup = sorted({o for o in outcomes if list(outcomes).count(o) > 1})
        if dup:
            raise _fail(origin_sw, "outcomes", list(outcomes), _SWEEP_KEYS["outcomes"],
                        f"{dup} appear(s) twice.")
        outcomes = tuple(outcomes)
    else:
        raise _fail(origin_sw, "outcomes", outcomes, _SWEEP_KEYS["outcomes"])
    timeseries = _flag(sw.get("timeseries", False), origin_sw, "timeseries")
    crn = _flag(sw.get("common_random_numbers", False), origin_sw, "common_random_numbers")
    runner = sw.get("runner", DEFAULT_RUNNER)
    if not isinstance(runner, str) or not re.match(r"^[\w.]+:\S+$", runner):
        raise _fail(origin_sw, "runner", runner, _SWEEP_KEYS["runner"])

    seen: dict[str, str] = {}

    def claim(pname: str, table: str) -> Parameter:
        param = check_name(pname, f"{where} [{table}]")
        if pname in seen:
            raise SpecError(f"{where}: parameter {pname!r} appears in both [{seen[pname]}] and "
                            f"[{table}]; a parameter is either fixed, on the grid or sampled.")
        seen[pname] = table
        return param

    fixed = {}
    for pname, value in data.get("fixed", {}).items():
        param = claim(pname, "fixed")
        fixed[pname] = param.check(value, f"{where} [fixed]")

    grid = {}
    for pname, values in data.get("grid", {}).items():
        param = claim(pname, "grid")
        if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)) or not values:
            raise SpecError(f"{where} [grid]: {pname} = {values!r} is not allowed: a grid entry "
                            f"is a non-empty list of values, each {param.allowed()}.")
        if param.kind not in ("float", "int", "bool") and not all(
                isinstance(v, (list, tuple)) for v in values):
            raise SpecError(f"{where} [grid]: {pname} = {values!r} is not allowed: {pname} takes "
                            f"a list as its value, so its grid is a list of such lists, "
                            f"e.g. [{plain(param.default)}].")
        checked = tuple(param.check(v, f"{where} [grid]") for v in values)
        dups = [plain(v) for i, v in enumerate(checked) if v in checked[:i]]
        if dups:
            raise SpecError(f"{where} [grid]: {pname} = {plain(list(values))} is not allowed: "
                            f"the value(s) {dups} appear more than once.")
        grid[pname] = checked

    sample = None
    if "sample" in data:
        sample = _sample_spec(data["sample"], f"{where} [sample]", claim)

    events = data.get("events", [])
    if not isinstance(events, (list, tuple)):
        raise SpecError(f"{where}: events = {short(events)} is not allowed: events are an array "
                        "of tables, each under an [[events]] line (week = ..., set = { lever = "
                        "value }).")
    events = parse_events(events, f"{where} [[events]]")
    for ev in events:
        clash = [n for n in ev.changes if n in seen]
        if clash:
            raise SpecError(f"{ev.origin}: sets {clash[0]}, which is also in [{seen[clash[0]]}]; "
                            "a lever that an event changes cannot also be fixed, on the grid or "
                            "sampled.")

    return SweepSpec(name=name, scenario=scenario, replicates=replicates, years=years, seed=seed,
                     outcomes=outcomes, timeseries=timeseries, common_random_numbers=crn,
                     runner=runner, description=description, fixed=fixed, grid=grid,
                     sample=sample, events=events, path=path, text=text)


def _sample_spec(table: Mapping, origin: str, claim) -> SampleSpec:
    bad = [k for k in table if k not in _SAMPLE_KEYS]
    if bad:
        raise SpecError(f"{origin}: unknown key {short(bad[0])}{closest(bad[0], _SAMPLE_KEYS)}. "
                        "Allowed keys: method, n, parameters, ranges and the method's options ("
                        + "; ".join(f"{m}: {', '.join(c.options)}" for m, c in SAMPLERS.items()
                                    if c.options) + ").")
    method = table.get("method")
    if not isinstance(method, str) or method not in SAMPLERS:
        why = (f"unknown method{closest(method, SAMPLERS)}." if isinstance(method, str)
               else "expected one method name in quotes.")
        raise _fail(origin, "method", method, "one of " + "; ".join(
            f"{m!r} ({d})" for m, d in SAMPLE_METHODS.items()), why)
    cls = SAMPLERS[method]
    options = {}
    for key in sorted(set(table) - {"method", "n", "parameters", "ranges"}):
        if key not in cls.options:
            allowed = ", ".join(cls.options) or "none"
            raise SpecError(f"{origin}: option {key!r} does not apply to method {method!r}; "
                            f"its options: {allowed}.")
        try:
            options[key] = cls.check_option(key, table[key])
        except SamplerError as exc:
            raise _fail(origin, key, table[key], exc.allowed, exc.why) from None
    if "n" not in table:
        raise SpecError(f"{origin}: n is missing: the number of samples "
                        f"({SAMPLE_METHODS[method]}).")
    n = _whole(table["n"], origin, "n", 1, MAX_N, f"a whole number in [1, {MAX_N:,}]")
    try:
        cls(n, options).check()
    except SamplerError as exc:
        raise _fail(origin, exc.key, exc.value, exc.allowed, exc.why) from None

    names = table.get("parameters", [])
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not all(
            isinstance(x, str) for x in names):
        raise _fail(origin, "parameters", names, "a list of parameter names")
    given = table.get("ranges", {})
    if not isinstance(given, Mapping):
        raise _fail(origin, "ranges", given, "a table of name = [low, high]")
    ranges: dict[str, tuple[float, float]] = {}
    for pname in [*names, *[k for k in given if k not in names]]:
        if pname in ranges:
            raise SpecError(f"{origin}: parameter {pname!r} is listed twice in parameters.")
        param = claim(pname, "sample")
        if not param.sampleable:
            why = ("it has no numeric range" if param.kind in ("float", "int")
                   else f"it is of kind {param.kind!r}")
            raise SpecError(f"{origin}: {pname} cannot be sampled: {why}. Only numbers with a "
                            "range can be sampled; put it in [grid] (a list of values) or "
                            "[fixed] instead.")
        if pname in given:
            rng = given[pname]
            rorigin = f"{origin.rstrip(']')}.ranges]"
            if isinstance(rng, (str, bytes)) or not isinstance(rng, (list, tuple)) \
                    or len(rng) != 2:
                raise _fail(rorigin, pname, rng, f"[low, high] within the registry range "
                                                 f"[{param.range[0]}, {param.range[1]}]")
            lo, hi = (param.check(v, rorigin) for v in rng)
            if not lo < hi:
                raise _fail(rorigin, pname, list(rng), f"[low, high] with low < high within "
                                                       f"[{param.range[0]}, {param.range[1]}]")
        else:
            lo, hi = param.range
        ranges[pname] = (lo, hi)
    if not ranges:
        raise SpecError(f"{origin}: no parameters to sample: list them in parameters = [...] "
                        "(sampled within the registry's range) and/or give [sample.ranges].")
    return SampleSpec(method=method, n=n, ranges=ranges, options=options)


def _is_grid(param: Parameter, value: Any) -> bool:
    """In batch_run-style input, is ``value`` a list of values (a grid) or one value?"""
    if isinstance(value, (str, bytes, Mapping)):
        return False
    if isinstance(value, (range, np.ndarray)):
        return True
    if not isinstance(value, (list, tuple, set, frozenset)):
        return False
    if param.kind in ("float", "int", "bool"):
        return True
    try:  # a list parameter: one value if it passes as one, else a list of values
        param.check(value, "")
        return False
    except ParameterError:
        return True


def spec_from_parameters(parameters: Mapping[str, Any] | None = None, *, name: str = "sweep",
                         scenario: str | None = None, replicates: int = 1, years: int = 3,
                         seed: int = 0, outcomes: Sequence[str] | str | None = None,
                         timeseries: bool = False, common_random_numbers: bool = False,
                         runner: str = DEFAULT_RUNNER, sample: Mapping | None = None,
                         events: Sequence | None = None,
                         origin: str = "run_sweep(parameters=...)") -> SweepSpec:
    """A spec from Mesa ``batch_run``-style input.

    ``parameters`` maps parameter names to a single value (fixed) or a list of values (a grid
    axis; the grid is the product of all lists). For list-valued parameters such as
    ``ladder_thresholds`` a list of numbers is one value and a list of lists a grid axis.
    """
    fixed, grid = {}, {}
    for pname, value in (parameters or {}).items():
        try:
            param = check_name(pname, origin)
        except ParameterError as exc:
            raise SpecError(str(exc)) from None
        if _is_grid(param, value):
            values = [plain(v) for v in (sorted(value) if isinstance(value, (set, frozenset))
                                         else value)]
            grid[pname] = values
        else:
            fixed[pname] = plain(value)
    data: dict[str, Any] = {"sweep": {
        "name": name, "replicates": replicates, "years": years, "seed": seed,
        "timeseries": timeseries, "common_random_numbers": common_random_numbers,
        "runner": runner, "outcomes": "all" if outcomes is None else (
            [outcomes] if isinstance(outcomes, str) and outcomes != "all" else outcomes)}}
    if scenario is not None:
        data["sweep"]["scenario"] = str(scenario)
    if fixed:
        data["fixed"] = fixed
    if grid:
        data["grid"] = grid
    if sample:
        data["sample"] = dict(sample)
    if events:
        data["events"] = [ev.to_dict() if isinstance(ev, Event) else ev for ev in events]
    return spec_from_dict(data, origin=origin)




def __getattr__(name: str):
    # the design and the run plan moved to sim.experiments.design
    if name in ("Design", "RunPlan"):
        from . import design

        return getattr(design, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_MISSING = object()


def _named(value) -> dict | None:
    """A list of [name, value] pairs (such as a sample's ranges) as a dict, else None."""
    if (isinstance(value, list) and value
            and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str)
                    for v in value)):
        return dict(value)
    return None


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _diff(path: str, stored, given, out: list[str]) -> None:
    """Where ``given`` differs from ``stored``, one line per leaf, by key path."""
    if stored == given:
        return
    if isinstance(stored, dict) and isinstance(given, dict):
        pairs = (stored, given)
    elif _named(stored) is not None and _named(given) is not None:
        pairs = (_named(stored), _named(given))
    else:
        pairs = None
    if pairs is None:
        if stored is _MISSING:
            out.append(f"{path}: added {_short(given)}")
        elif given is _MISSING:
            out.append(f"{path}: removed (was {_short(stored)})")
        else:
            out.append(f"{path}: stored {_short(stored)}, given {_short(given)}")
        return
    a, b = pairs
    for key in sorted(set(a) | set(b), key=str):
        _diff(f"{path}.{key}" if path else str(key), a.get(key, _MISSING),
              b.get(key, _MISSING), out)

