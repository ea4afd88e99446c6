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
    runner = "sim:run"             # advanced: another callable with sim.run's signature

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

With both ``[grid]`` and ``[sample]`` the design is their product: the samples are repeated at
every grid point. Design point ids count the grid in the outer loop and the samples in the
inner loop, so for a pure sample design, point ``i`` is row ``i`` of the sample matrix (the
order SALib's ``analyze`` functions expect).

Every parameter name and value is checked by the registry (:mod:`sim.model.params`), and every
design point as a whole (combination rules such as "a working group needs a coordinator"),
before anything runs. Errors are :class:`SpecError`, whose message names the file, the
key, the value and what is allowed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..model import REGISTRY, Parameter, ParameterError, check_name, check_params
from ..scenarios import Scenario, load_scenario
from .seeds import design_seed, run_seed

__all__ = [
    "DEFAULT_RUNNER",
    "Design",
    "RunPlan",
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

#: Sampling methods and what they need. ``n`` means different things per method.
SAMPLE_METHODS: dict[str, str] = {
    "lhs": "Latin hypercube (scipy.stats.qmc.LatinHypercube): n points",
    "sobol": "scrambled Sobol' sequence (scipy.stats.qmc.Sobol): n points, n a power of 2",
    "salib-sobol": "Saltelli's scheme for Sobol' indices (SALib.sample.sobol): n base samples "
                   "(a power of 2), giving n*(2d+2) points (n*(d+2) with second_order = false)",
    "salib-morris": "Morris elementary effects (SALib.sample.morris): n trajectories, "
                    "giving n*(d+1) points",
    "salib-fast": "extended FAST (SALib.sample.fast_sampler): n samples per parameter "
                  "(n > 4*M**2), giving n*d points",
}
_METHOD_OPTIONS = {
    "lhs": {"scramble": bool},
    "sobol": {"scramble": bool},
    "salib-sobol": {"second_order": bool},
    "salib-morris": {"levels": int},
    "salib-fast": {"M": int},
}
_SWEEP_KEYS = {
    "name": "a short name of letters, digits, '.', '_' and '-'",
    "description": "text",
    "scenario": "a scenario name or a path to a scenario .toml file",
    "replicates": "a whole number >= 1",
    "years": "a whole number of school years in [1, 50]",
    "seed": "a whole number >= 0",
    "outcomes": "a list of outcome names, or \"all\"",
    "timeseries": "true or false",
    "common_random_numbers": "true or false",
    "runner": "'module:function', a callable with sim.run's signature",
}
_TABLES = ("sweep", "fixed", "grid", "sample")
_SAMPLE_KEYS = {"method", "n", "parameters", "ranges"} | {
    k for options in _METHOD_OPTIONS.values() for k in options}
#: Columns of the results table that are not parameters or outcomes.
META_COLUMNS = ("run_id", "point_id", "replicate", "seed", "status", "error", "traceback",
                "elapsed_s")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class SpecError(ParameterError):
    """A sweep specification that cannot be used; the message says where and why."""


def plain(value: Any) -> Any:
    """``value`` as JSON/TOML-friendly Python: tuples become lists, NumPy scalars Python ones."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _canonical_json(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), allow_nan=True)


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
        })

    def differences(self, other: Mapping) -> list[str]:
        """Human-readable differences between this spec and a stored ``to_dict()``."""
        mine = json.loads(_canonical_json(self.to_dict()))
        theirs = json.loads(_canonical_json(other))
        out = []
        for key in sorted(set(mine) | set(theirs)):
            if mine.get(key) != theirs.get(key):
                out.append(f"{key}: stored {json.dumps(theirs.get(key))}, "
                           f"given {json.dumps(mine.get(key))}")
        return out

    def load_scenario(self) -> Scenario:
        """The base scenario (:func:`sim.scenarios.load_scenario`)."""
        try:
            return load_scenario(self.scenario)
        except ParameterError as exc:
            raise SpecError(f"{self.origin} [sweep] scenario = {self.scenario!r}: {exc}") from None

    def check_outcomes(self, valid: Sequence[str] | None) -> None:
        """Refuse outcome names that are not in ``valid`` (no check when ``valid`` is None)."""
        if self.outcomes is None or valid is None:
            return
        unknown = [o for o in self.outcomes if o not in valid]
        if unknown:
            import difflib

            hints = []
            for o in unknown:
                close = difflib.get_close_matches(o, list(valid), n=1, cutoff=0.5)
                hints.append(f"{o!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
            raise SpecError(f"{self.origin} [sweep] outcomes: unknown outcome(s) "
                            f"{', '.join(hints)}. Valid outcomes: {', '.join(valid)}.")

    def design(self, scenario: Scenario | None = None) -> "Design":
        """Expand the grid and samples into design points, each validated as a whole."""
        scenario = scenario if scenario is not None else self.load_scenario()
        return Design.build(self, scenario)


def _fail(origin: str, key: str, value: Any, allowed: str, why: str = "") -> SpecError:
    why = f" {why}" if why else ""
    return SpecError(f"{origin}: {key} = {value!r} is not allowed:{why} Allowed: {allowed}.")


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
    if not path.is_file():
        raise SpecError(f"sweep spec {str(path)!r} does not exist (give the path of a .toml file, "
                        "e.g. scenarios/sweeps/coordinators.toml).")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
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
    unknown = [k for k in data if k not in _TABLES]
    if unknown:
        raise SpecError(f"{where}: unknown table(s) {unknown}; a sweep spec has the tables "
                        f"{', '.join('[' + t + ']' for t in _TABLES)}.")
    for table in _TABLES:
        if table in data and not isinstance(data[table], Mapping):
            raise SpecError(f"{where}: [{table}] must be a table (name = value lines under a "
                            f"[{table}] header), not {data[table]!r}.")
    sw = dict(data.get("sweep", {}))
    origin_sw = f"{where} [sweep]"
    bad = [k for k in sw if k not in _SWEEP_KEYS]
    if bad:
        raise SpecError(f"{origin_sw}: unknown key(s) {bad}. Allowed keys: "
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
        if path is not None and (scenario.endswith(".toml") or "/" in scenario):
            p = Path(scenario)
            if not p.is_absolute() and (path.parent / p).is_file():
                scenario = str(path.parent / p)
    replicates = _whole(sw.get("replicates", 1), origin_sw, "replicates", 1, None,
                        _SWEEP_KEYS["replicates"])
    years = _whole(sw.get("years", 3), origin_sw, "years", 1, 50, _SWEEP_KEYS["years"])
    seed = _whole(sw.get("seed", 0), origin_sw, "seed", 0, 2**63 - 1, _SWEEP_KEYS["seed"])
    outcomes = sw.get("outcomes", "all")
    if outcomes == "all" or outcomes is None:
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

    return SweepSpec(name=name, scenario=scenario, replicates=replicates, years=years, seed=seed,
                     outcomes=outcomes, timeseries=timeseries, common_random_numbers=crn,
                     runner=runner, description=description, fixed=fixed, grid=grid,
                     sample=sample, path=path, text=text)


def _sample_spec(table: Mapping, origin: str, claim) -> SampleSpec:
    bad = [k for k in table if k not in _SAMPLE_KEYS]
    if bad:
        raise SpecError(f"{origin}: unknown key(s) {bad}. Allowed keys: method, n, parameters, "
                        "ranges and the method's options (" + "; ".join(
                            f"{m}: {', '.join(o)}" for m, o in _METHOD_OPTIONS.items() if o) + ").")
    method = table.get("method")
    if method not in SAMPLE_METHODS:
        raise _fail(origin, "method", method, "one of " + "; ".join(
            f"{m!r} ({d})" for m, d in SAMPLE_METHODS.items()))
    options = {}
    for key in set(table) - {"method", "n", "parameters", "ranges"}:
        if key not in _METHOD_OPTIONS[method]:
            allowed = ", ".join(_METHOD_OPTIONS[method]) or "none"
            raise SpecError(f"{origin}: option {key!r} does not apply to method {method!r}; "
                            f"its options: {allowed}.")
        kind = _METHOD_OPTIONS[method][key]
        if kind is bool:
            options[key] = _flag(table[key], origin, key)
        else:
            options[key] = _whole(table[key], origin, key, 1, 100, "a whole number in [1, 100]")
    if "n" not in table:
        raise SpecError(f"{origin}: n is missing: the number of samples "
                        f"({SAMPLE_METHODS[method]}).")
    n = _whole(table["n"], origin, "n", 1, 10_000_000, "a whole number >= 1")
    if method in ("sobol", "salib-sobol") and n & (n - 1):
        lo = 1 << (n.bit_length() - 1)
        raise _fail(origin, "n", n, f"a power of 2 such as {lo} or {lo * 2}",
                    f"method {method!r} keeps the balance properties of the Sobol' sequence "
                    "only for powers of 2.")
    if method == "salib-fast":
        m = options.get("M", 4)
        if n <= 4 * m * m:
            raise _fail(origin, "n", n, f"a whole number > 4*M**2 = {4 * m * m}",
                        f"FAST needs more samples than 4*M**2 (M = {m}).")

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
    return spec_from_dict(data, origin=origin)


# ---------------------------------------------------------------------------------------
# The design
# ---------------------------------------------------------------------------------------


def _unit_samples(sample: SampleSpec, seed: int) -> np.ndarray:
    """Samples in the unit hypercube, one row per design point, one column per parameter."""
    d = len(sample.ranges)
    opt = sample.options
    unit = {"num_vars": d, "names": list(sample.ranges), "bounds": [[0.0, 1.0]] * d}
    if sample.method == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d, scramble=opt.get("scramble", True),
                                  rng=np.random.default_rng(seed)).random(sample.n)
    if sample.method == "sobol":
        from scipy.stats import qmc

        return qmc.Sobol(d, scramble=opt.get("scramble", True),
                         rng=np.random.default_rng(seed)).random_base2(int(math.log2(sample.n)))
    if sample.method == "salib-sobol":
        from SALib.sample import sobol

        return sobol.sample(unit, sample.n, calc_second_order=opt.get("second_order", True),
                            seed=seed)
    if sample.method == "salib-morris":
        from SALib.sample import morris

        return morris.sample(unit, sample.n, num_levels=opt.get("levels", 4), seed=seed)
    if sample.method == "salib-fast":
        from SALib.sample import fast_sampler

        return fast_sampler.sample(unit, sample.n, M=opt.get("M", 4), seed=seed)
    raise AssertionError(sample.method)  # pragma: no cover


def _scale(u: float, param: Parameter, lo: float, hi: float) -> float | int:
    if param.kind == "int":
        # equal-width cells for each whole number lo..hi; u = 1 belongs to hi
        return int(min(hi, lo + math.floor(u * (hi - lo + 1))))
    return float(lo + u * (hi - lo))


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
    def build(cls, spec: SweepSpec, scenario: Scenario) -> "Design":
        grid_names = list(spec.grid)
        grid_points = [dict(zip(grid_names, combo))
                       for combo in itertools.product(*spec.grid.values())] or [{}]
        sample_points: list[dict] = [{}]
        problem = None
        if spec.sample is not None:
            names = list(spec.sample.ranges)
            u = _unit_samples(spec.sample, design_seed(spec.seed))
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
            key = _canonical_json(overrides)
            if key in checked:
                continue
            try:
                check_params(overrides, origin="", base=base)
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
        return hashlib.sha256(_canonical_json({
            "points": self.points, "fixed": self.fixed, "base": self.base,
            "seed": self.spec.seed, "replicates": self.spec.replicates,
            "crn": self.spec.common_random_numbers, "years": self.spec.years,
        }).encode()).hexdigest()

    def describe(self) -> str:
        s = self.spec
        parts = []
        if s.grid:
            parts.append("grid " + " x ".join(f"{k}[{len(v)}]" for k, v in s.grid.items()))
        if s.sample:
            parts.append(f"{s.sample.method} sample of {len(self.points) // max(1, _grid_size(s))} "
                         f"points over {', '.join(s.sample.ranges)}")
        what = "; ".join(parts) or "a single design point"
        return (f"{self.n_points} design point(s) ({what}) x {s.replicates} replicate(s) = "
                f"{self.n_runs} runs of {s.years} year(s) on scenario {self.scenario.name!r}")


def _grid_size(spec: SweepSpec) -> int:
    return math.prod(len(v) for v in spec.grid.values()) if spec.grid else 1
