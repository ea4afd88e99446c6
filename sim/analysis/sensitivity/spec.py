"""Sensitivity specs: a TOML file (examples in ``scenarios/sensitivity/``), checked up front.

A spec looks like this (every key is explained in ``docs/sensitivity.md``)::

    [sensitivity]
    name = "sobol-twelve"          # results go to results/<name>/ (default: the file's name)
    description = "..."
    scenario = "orust"             # base scenario: a name from scenarios/ or a path
    method = "sobol"               # morris | sobol | fast
    n = 256                        # morris: trajectories; sobol: base samples (a power of 2);
                                   # fast: samples per parameter (> 4*M**2)
    second_order = false           # sobol: also S2 (n*(2d+2) points instead of n*(d+2))
    levels = 4                     # morris: grid levels
    M = 4                          # fast: interference factor
    replicates = 2                 # R: runs per sample point, averaged before the analysis
    common_random_numbers = false  # true: replicate r has the same seed at every point
    years = 3
    seed = 2025
    parameters = "assumptions"     # or a list of registry names
    include = ["trust_gain"]       # with "assumptions": add these
    exclude = ["long_term_threshold"]   # with "assumptions": leave these out
    exclude_groups = ["population"]     # with "assumptions": leave these groups out
    noise_runs = 20                # runs at the base point to estimate seed noise (0: none)
    noise_point = "scenario"       # the base point: the scenario's values, or "center" of ranges
    confidence = 0.95              # of every confidence interval
    resamples = 1000               # bootstrap resamples of SALib's analyze functions
    convergence_start = 64         # --convergence: first N (then 2N, 4N, ... up to n)
    top = 10                       # rows in the summary's tables

    [outcomes]                     # the outcomes to analyse, and which direction is better
    long_term_absent_share = "lower"
    resolved_share = "higher"
    mean_absence = "none"          # no direction: analysed, but not judged in comparisons

    [ranges]                       # narrower ranges than the registry's (within them)
    effect_family_intervention = [0.1, 0.5]

    [fixed]                        # values every run shares
    n_pupils = 1500

    [compare]                      # robust comparison (or --compare A B on the command line)
    a = "orust-2022"
    b = "orust"
    discovery = true               # PRIM boxes (EMA workbench) where B is / is not better
    discovery_threshold = 0.8

    [fast]                         # --fast: a tiny version that CI runs
    n = 2
    years = 1
    [fast.fixed]
    n_pupils = 200

Outcomes may also be given as a list (``outcomes = [...]`` in ``[sensitivity]``); a robust
comparison then refuses to start, since it must know which direction is better.
Outcome names are checked against the runner's outcomes (for ``sim.run``:
``sim.model.OUTCOMES``), so new outcomes of the model can be analysed without code changes.

Every error is a :class:`SensitivityError` that names the file, the key, the value and what
is allowed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...model import GROUPS, OUTCOMES, REGISTRY, ParameterError, check_name, closest, inert

__all__ = ["DIRECTIONS", "METHODS", "Comparison", "SensitivityError", "SensitivitySpec",
           "load_sensitivity_spec", "sensitivity_spec_from_dict"]


class SensitivityError(ParameterError):
    """A sensitivity spec or request that cannot be used; the message says where and why."""


#: methods, what ``n`` means for each and how many design points it gives
METHODS: dict[str, str] = {
    "morris": "Morris elementary effects (SALib): n trajectories, n*(d+1) points",
    "sobol": "Sobol' indices with Saltelli's scheme (SALib): n base samples, a power of 2, "
             "n*(d+2) points (n*(2d+2) with second_order = true)",
    "fast": "extended FAST (SALib): n samples per parameter, n > 4*M**2, n*d points",
}
#: the sweep engine's sampler for each method
SWEEP_METHOD = {"morris": "salib-morris", "sobol": "salib-sobol", "fast": "salib-fast"}
#: which direction of an outcome is better
DIRECTIONS = {"lower": -1, "higher": 1, "none": 0}

_KEYS = {
    "name": "a short name of letters, digits, '.', '_' and '-'",
    "description": "text",
    "scenario": "a scenario name or a path to a scenario .toml file",
    "method": "one of " + ", ".join(repr(m) for m in METHODS),
    "n": "a whole number (see method)",
    "levels": "morris: an even whole number of grid levels in [2, 20]",
    "second_order": "sobol: true or false",
    "M": "fast: a whole number in [1, 20]",
    "replicates": "a whole number >= 1 (runs per sample point, averaged)",
    "common_random_numbers": "true or false",
    "years": "a whole number of school years in [1, 50]",
    "seed": "a whole number >= 0",
    "parameters": "\"assumptions\" or a list of parameter names",
    "include": "with parameters = \"assumptions\": a list of parameter names to add",
    "exclude": "with parameters = \"assumptions\": a list of parameter names to leave out",
    "exclude_groups": "with parameters = \"assumptions\": a list of groups to leave out ("
                      + ", ".join(GROUPS) + ")",
    "outcomes": "a list of outcome names (or an [outcomes] table with directions)",
    "noise_runs": "0 (no noise estimate) or a whole number in [2, 10000]",
    "noise_point": "\"scenario\" (the scenario's values) or \"center\" (centres of the ranges)",
    "confidence": "a number in (0.5, 1), e.g. 0.95",
    "resamples": "a whole number of bootstrap resamples in [10, 100000]",
    "convergence_start": "a whole number >= 2 (the first N of --convergence)",
    "top": "a whole number in [1, 1000] (rows in the summary's tables)",
    "runner": "'module:function', a callable with sim.run's signature",
}
_TABLES = ("sensitivity", "outcomes", "ranges", "fixed", "compare", "fast")
_COMPARE_KEYS = {
    "a": "the reference scenario A (a name or a path)",
    "b": "the alternative scenario B (a name or a path)",
    "discovery": "true or false (PRIM boxes, needs the 'discovery' extra)",
    "discovery_threshold": "a number in (0, 1]: the density a PRIM box must reach",
}
_FAST_KEYS = set(_KEYS) - {"name", "description", "scenario", "method", "runner", "outcomes",
                           "parameters", "include", "exclude", "exclude_groups"}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DEFAULT_RUNNER = "sim:run"


@dataclass(frozen=True)
class Comparison:
    """Scenarios A and B of a robust comparison (B - A is analysed)."""

    a: str
    b: str
    discovery: bool = True
    discovery_threshold: float = 0.8


@dataclass(frozen=True)
class SensitivitySpec:
    """A validated sensitivity spec (see the module docstring for the TOML form)."""

    name: str
    method: str
    n: int
    parameters: tuple[str, ...]
    ranges: dict[str, tuple[float, float]]  # for every parameter, in order
    outcomes: dict[str, str]  # name -> "lower" | "higher" | "none"
    description: str = ""
    scenario: str | None = None
    levels: int = 4
    second_order: bool = False
    M: int = 4
    replicates: int = 1
    common_random_numbers: bool = False
    years: int = 3
    seed: int = 0
    fixed: dict[str, Any] = field(default_factory=dict)
    noise_runs: int = 20
    noise_point: str = "scenario"
    confidence: float = 0.95
    resamples: int = 1000
    convergence_start: int | None = None
    top: int = 10
    runner: str = DEFAULT_RUNNER
    compare: Comparison | None = None
    directions_given: bool = True  # False when outcomes came as a list
    selection: str = "list"  # "assumptions" or "list"
    held_fixed: tuple[str, ...] = ()  # assumptions left out because [fixed] sets them
    inert_here: tuple[str, ...] = ()  # assumptions left out: no effect in the base scenario
    fast: bool = False
    fast_table: dict | None = None
    path: Path | None = None
    text: str | None = None

    @property
    def origin(self) -> str:
        return str(self.path) if self.path is not None else "sensitivity spec"

    @property
    def d(self) -> int:
        return len(self.parameters)

    def n_points(self, n: int | None = None) -> int:
        """Design points of this method for ``n`` (default: the spec's n)."""
        n = self.n if n is None else n
        d = self.d
        if self.method == "morris":
            return n * (d + 1)
        if self.method == "sobol":
            return n * (2 * d + 2 if self.second_order else d + 2)
        return n * d

    def block(self) -> int:
        """Rows of one independent unit of the design: a Morris trajectory, a Saltelli block."""
        if self.method == "morris":
            return self.d + 1
        if self.method == "sobol":
            return 2 * self.d + 2 if self.second_order else self.d + 2
        return 1

    def convergence_sizes(self) -> list[int]:
        """N of ``--convergence``: start, 2*start, ... below n, then n."""
        start = self.convergence_start or (64 if self.method == "sobol" else 8)
        start = min(start, self.n)
        sizes, k = [], start
        while k < self.n:
            sizes.append(k)
            k *= 2
        return [*sizes, self.n]

    def to_dict(self) -> dict:
        return {
            "name": self.name, "description": self.description, "scenario": self.scenario,
            "method": self.method, "n": self.n, "levels": self.levels,
            "second_order": self.second_order, "M": self.M, "replicates": self.replicates,
            "common_random_numbers": self.common_random_numbers, "years": self.years,
            "seed": self.seed, "parameters": list(self.parameters),
            "ranges": {k: list(v) for k, v in self.ranges.items()},
            "outcomes": dict(self.outcomes), "fixed": _plain(self.fixed),
            "noise_runs": self.noise_runs, "noise_point": self.noise_point,
            "confidence": self.confidence, "resamples": self.resamples,
            "convergence_start": self.convergence_start, "top": self.top,
            "runner": self.runner, "selection": self.selection,
            "held_fixed": list(self.held_fixed), "inert_here": list(self.inert_here),
            "fast": self.fast,
            "compare": None if self.compare is None else vars(self.compare).copy(),
        }

    def with_compare(self, a: str, b: str) -> SensitivitySpec:
        """The same spec comparing ``a`` and ``b`` (``--compare A B``)."""
        old = self.compare or Comparison(a, b)
        return replace(self, compare=Comparison(a, b, old.discovery, old.discovery_threshold))


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _fail(origin: str, key: str, value: Any, allowed: str, why: str = "") -> SensitivityError:
    why = f" {why}" if why else ""
    return SensitivityError(f"{origin}: {key} = {value!r} is not allowed:{why} "
                            f"Allowed: {allowed}.")


def _whole(table: Mapping, key: str, default: Any, origin: str, lo: int, hi: int | None) -> Any:
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise _fail(origin, key, value, _KEYS[key], "expected a whole number.")
    if value < lo or (hi is not None and value > hi):
        raise _fail(origin, key, value, _KEYS[key], "out of range.")
    return value


def _flag(table: Mapping, key: str, default: bool, origin: str, allowed: str = "true or false"
          ) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise _fail(origin, key, value, allowed)
    return value


def _names(table: Mapping, key: str, origin: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(
            isinstance(x, str) for x in value):
        raise _fail(origin, key, value, _KEYS[key])
    dup = sorted({x for x in value if list(value).count(x) > 1})
    if dup:
        raise _fail(origin, key, list(value), _KEYS[key], f"{dup} appear(s) more than once.")
    return list(value)


def _scenario_path(value: str, path: Path | None) -> str:
    if path is not None and (value.endswith(".toml") or "/" in value):
        p = Path(value)
        if not p.is_absolute() and (path.parent / p).is_file():
            return str(path.parent / p)
    return value


def load_sensitivity_spec(path: str | Path, *, fast: bool = False) -> SensitivitySpec:
    """Read and check a sensitivity spec file; ``fast`` applies its ``[fast]`` table."""
    path = Path(path)
    if not path.is_file():
        raise SensitivityError(
            f"sensitivity spec {str(path)!r} does not exist (give the path of a .toml file, "
            "e.g. scenarios/sensitivity/morris_assumptions.toml).")
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SensitivityError(f"{path}: not valid TOML: {exc}") from None
    return sensitivity_spec_from_dict(data, path=path, text=text, fast=fast)


def sensitivity_spec_from_dict(data: Mapping[str, Any], *, path: Path | None = None,
                               text: str | None = None, origin: str | None = None,
                               fast: bool = False, default_name: str | None = None,
                               outcome_names: Sequence[str] | None = None) -> SensitivitySpec:
    """Check a sensitivity spec given as a dict (the parsed TOML).

    ``outcome_names`` are the valid outcomes (default: ``sim.model.OUTCOMES`` for the default
    runner, unchecked for other runners).
    """
    try:
        return _from_dict(data, path=path, text=text, origin=origin, fast=fast,
                          default_name=default_name, outcome_names=outcome_names)
    except SensitivityError:
        raise
    except ParameterError as exc:  # from the registry: names origin, key and value already
        raise SensitivityError(str(exc)) from None


def _from_dict(data, *, path, text, origin, fast, default_name, outcome_names) -> SensitivitySpec:
    where = origin or (str(path) if path is not None else "sensitivity spec")
    if not isinstance(data, Mapping):
        raise SensitivityError(f"{where}: expected tables, got {type(data).__name__}.")
    unknown = [k for k in data if k not in _TABLES]
    if unknown:
        raise SensitivityError(
            f"{where}: unknown table(s) {unknown}{closest(unknown[0], _TABLES)}; a sensitivity "
            f"spec has the tables {', '.join('[' + t + ']' for t in _TABLES)}.")
    for table in _TABLES:
        if table in data and not isinstance(data[table], Mapping):
            raise SensitivityError(f"{where}: {table} must be a table ([{table}]), not "
                                   f"{data[table]!r}.")
    if "sensitivity" not in data:
        raise SensitivityError(f"{where}: the [sensitivity] table is missing; it names the "
                               "method, n, the parameters and more (see docs/sensitivity.md).")
    s = dict(data["sensitivity"])
    o = f"{where} [sensitivity]"
    bad = [k for k in s if k not in _KEYS]
    if bad:
        raise SensitivityError(f"{o}: unknown key(s) {bad}{closest(bad[0], _KEYS)}. Allowed "
                               "keys: " + "; ".join(f"{k} ({v})" for k, v in _KEYS.items()) + ".")

    fast_table = dict(data["fast"]) if "fast" in data else None
    fixed_fast: dict = {}
    if fast:
        if fast_table is None:
            raise SensitivityError(f"{where}: --fast needs a [fast] table (smaller n, years, "
                                   "replicates and [fast.fixed] values for a quick check).")
        of = f"{where} [fast]"
        bad = [k for k in fast_table if k not in _FAST_KEYS and k != "fixed"]
        if bad:
            raise SensitivityError(f"{of}: unknown key(s) {bad}. Allowed: "
                                   f"{', '.join(sorted(_FAST_KEYS))} and a [fast.fixed] table.")
        fixed_fast = fast_table.get("fixed", {})
        if not isinstance(fixed_fast, Mapping):
            raise SensitivityError(f"{of}: fixed must be a table ([fast.fixed]).")
        s.update({k: v for k, v in fast_table.items() if k != "fixed"})
        o = f"{where} [sensitivity] with [fast]"

    name = s.get("name", default_name or (path.stem if path is not None else None))
    if name is None:
        raise SensitivityError(f"{o}: name is missing: {_KEYS['name']}; results go to "
                               "results/<name>/.")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise _fail(o, "name", name, _KEYS["name"])
    if fast:
        name = f"{name}-fast"
    description = s.get("description", "")
    if not isinstance(description, str):
        raise _fail(o, "description", description, "text")
    scenario = s.get("scenario")
    if scenario is not None:
        if not isinstance(scenario, str) or not scenario:
            raise _fail(o, "scenario", scenario, _KEYS["scenario"])
        scenario = _scenario_path(scenario, path)

    method = s.get("method")
    if method not in METHODS:
        raise _fail(o, "method", method, "; ".join(f"{m!r} ({d})" for m, d in METHODS.items()))
    options = {"levels": "morris", "second_order": "sobol", "M": "fast"}
    for key, owner in options.items():
        if key in s and method != owner:
            raise SensitivityError(f"{o}: {key} applies to method {owner!r}, not {method!r}.")
    levels = _whole(s, "levels", 4, o, 2, 20)
    if levels % 2:
        raise _fail(o, "levels", levels, _KEYS["levels"], "Morris needs an even number of "
                    "levels (so that every step is half the grid).")
    second_order = _flag(s, "second_order", False, o)
    M = _whole(s, "M", 4, o, 1, 20)
    if "n" not in s:
        raise SensitivityError(f"{o}: n is missing: {METHODS[method]}.")
    n = _whole(s, "n", None, o, 2, 10_000_000)
    if method == "sobol" and n & (n - 1):
        lo = 1 << (n.bit_length() - 1)
        raise _fail(o, "n", n, f"a power of 2 such as {lo} or {lo * 2}",
                    "Saltelli's scheme keeps the balance of the Sobol' sequence only for powers "
                    "of 2.")
    if method == "fast" and n <= 4 * M * M:
        raise _fail(o, "n", n, f"a whole number > 4*M**2 = {4 * M * M}",
                    f"FAST needs more samples than 4*M**2 (M = {M}).")
    replicates = _whole(s, "replicates", 1, o, 1, 100_000)
    crn = _flag(s, "common_random_numbers", False, o)
    years = _whole(s, "years", 3, o, 1, 50)
    seed = _whole(s, "seed", 0, o, 0, 2**63 - 1)
    noise_runs = _whole(s, "noise_runs", 20, o, 0, 10_000)
    if noise_runs == 1:
        raise _fail(o, "noise_runs", 1, _KEYS["noise_runs"], "a variance needs two runs.")
    noise_point = s.get("noise_point", "scenario")
    if noise_point not in ("scenario", "center"):
        raise _fail(o, "noise_point", noise_point, _KEYS["noise_point"])
    confidence = s.get("confidence", 0.95)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not (
            0.5 < confidence < 1):
        raise _fail(o, "confidence", confidence, _KEYS["confidence"])
    resamples = _whole(s, "resamples", 1000, o, 10, 100_000)
    convergence_start = _whole(s, "convergence_start", None, o, 2, 10_000_000)
    top = _whole(s, "top", 10, o, 1, 1000)
    runner = s.get("runner", DEFAULT_RUNNER)
    if not isinstance(runner, str) or not re.match(r"^[\w.]+:\S+$", runner):
        raise _fail(o, "runner", runner, _KEYS["runner"])

    # ---- fixed values
    fixed: dict[str, Any] = {}
    for table, origin_t in ((data.get("fixed", {}), f"{where} [fixed]"),
                            (fixed_fast, f"{where} [fast.fixed]")):
        for pname, value in table.items():
            fixed[pname] = check_name(pname, origin_t).check(value, origin_t)

    # ---- parameters
    selection = s.get("parameters")
    held_fixed: list[str] = []
    inert_here: list[str] = []
    if selection is None:
        raise SensitivityError(f"{o}: parameters is missing: {_KEYS['parameters']}.")
    if selection == "assumptions":
        groups = _names(s, "exclude_groups", o)
        for g in groups:
            if g not in GROUPS:
                raise _fail(o, "exclude_groups", groups, _KEYS["exclude_groups"],
                            f"unknown group {g!r}{closest(g, GROUPS)}.")
        exclude = _names(s, "exclude", o)
        include = _names(s, "include", o)
        pool = [p.name for p in REGISTRY.values() if p.is_assumption and p.sampleable]
        for pname in exclude:
            check_name(pname, f"{o} exclude")
            if pname not in pool:
                raise _fail(o, "exclude", exclude, "names of sampleable assumption parameters",
                            f"{pname!r} is not one (python -m sim params shows each "
                            "parameter's source).")
        names = [p for p in pool if REGISTRY[p].group not in groups and p not in exclude]
        for pname in include:
            param = check_name(pname, f"{o} include")
            if pname in names:
                raise _fail(o, "include", include, "names not already selected",
                            f"{pname!r} is already an assumption parameter.")
            if not param.sampleable:
                raise SensitivityError(f"{o}: include: {pname} cannot be sampled: only numbers "
                                       "with a range can (put it in [fixed] instead).")
            names.append(pname)
        held_fixed = [p for p in names if p in fixed]
        names = [p for p in names if p not in fixed]
        inert_here = _inert(names, scenario, fixed)
        names = [p for p in names if p not in inert_here]
        kind = "assumptions"
    elif isinstance(selection, (list, tuple)) and all(isinstance(x, str) for x in selection):
        for key in ("include", "exclude", "exclude_groups"):
            if key in s:
                raise SensitivityError(f"{o}: {key} applies only with parameters = "
                                       f"\"assumptions\"; with a list, list what you want.")
        names = _names(s, "parameters", o)
        for pname in names:
            param = check_name(pname, f"{o} parameters")
            if not param.sampleable:
                why = ("it has no numeric range" if param.kind in ("float", "int")
                       else f"it is of kind {param.kind!r}")
                raise SensitivityError(f"{o}: parameters: {pname} cannot be sampled: {why}. "
                                       "Only numbers with a range can; put it in [fixed].")
            if pname in fixed:
                raise SensitivityError(f"{o}: parameters: {pname} is also in [fixed]; a "
                                       "parameter is either sampled or fixed.")
        kind = "list"
    else:
        raise _fail(o, "parameters", selection, _KEYS["parameters"])
    if len(names) < 2:
        raise _fail(o, "parameters", selection, _KEYS["parameters"],
                    f"it selects {len(names)} parameter(s); sensitivity analysis needs at "
                    "least 2.")

    # ---- ranges
    ranges = {p: tuple(REGISTRY[p].range) for p in names}
    given = data.get("ranges", {})
    orng = f"{where} [ranges]"
    for pname, rng in given.items():
        param = check_name(pname, orng)
        if pname not in ranges:
            raise SensitivityError(f"{orng}: {pname} is not among the sampled parameters; "
                                   "[ranges] narrows the range of a sampled parameter (add it "
                                   "to parameters, or to include with \"assumptions\").")
        if isinstance(rng, (str, bytes)) or not isinstance(rng, (list, tuple)) or len(rng) != 2:
            raise _fail(orng, pname, rng, f"[low, high] within the registry range "
                                          f"[{param.range[0]}, {param.range[1]}]")
        lo, hi = (param.check(v, orng) for v in rng)
        if not lo < hi:
            raise _fail(orng, pname, list(rng), f"[low, high] with low < high within "
                                                f"[{param.range[0]}, {param.range[1]}]")
        ranges[pname] = (lo, hi)

    # ---- outcomes
    outcomes = _outcomes(data, s, where, o, runner, outcome_names)
    directions_given = "outcomes" in data

    # ---- compare
    compare = None
    if "compare" in data:
        c = dict(data["compare"])
        oc = f"{where} [compare]"
        bad = [k for k in c if k not in _COMPARE_KEYS]
        if bad:
            raise SensitivityError(f"{oc}: unknown key(s) {bad}. Allowed keys: " + "; ".join(
                f"{k} ({v})" for k, v in _COMPARE_KEYS.items()) + ".")
        for key in ("a", "b"):
            if not isinstance(c.get(key), str) or not c.get(key):
                raise _fail(oc, key, c.get(key), _COMPARE_KEYS[key])
        discovery = _flag(c, "discovery", True, oc)
        thr = c.get("discovery_threshold", 0.8)
        if isinstance(thr, bool) or not isinstance(thr, (int, float)) or not 0 < thr <= 1:
            raise _fail(oc, "discovery_threshold", thr, _COMPARE_KEYS["discovery_threshold"])
        compare = Comparison(_scenario_path(c["a"], path), _scenario_path(c["b"], path),
                             discovery, float(thr))

    return SensitivitySpec(
        name=name, method=method, n=n, parameters=tuple(names), ranges=ranges,
        outcomes=outcomes, description=description, scenario=scenario, levels=levels,
        second_order=second_order, M=M, replicates=replicates, common_random_numbers=crn,
        years=years, seed=seed, fixed=fixed, noise_runs=noise_runs, noise_point=noise_point,
        confidence=float(confidence), resamples=resamples, convergence_start=convergence_start,
        top=top, runner=runner, compare=compare, directions_given=directions_given,
        selection=kind, held_fixed=tuple(held_fixed), inert_here=tuple(inert_here),
        fast=fast, fast_table=fast_table,
        path=path, text=text)


def _inert(names: list[str], scenario: str | None, fixed: dict) -> list[str]:
    """Of ``names``, those that change nothing in the base scenario (``acts_when``): the lever
    they need is off there, with [fixed] applied, no event of the scenario turns it on, and
    it is not sampled itself (sampling a house-meeting interval without co-location only adds
    a dimension whose index is 0)."""
    from ...api import resolve

    sc, params = resolve(scenario)
    values = {**params.values, **fixed}
    changes = [ev.changes for ev in sc.events]
    return [p for p in names
            if REGISTRY[p].acts_when not in names and inert(p, values, changes)]


def _outcomes(data, s, where, o, runner, outcome_names) -> dict[str, str]:
    if "outcomes" in data and "outcomes" in s:
        raise SensitivityError(f"{where}: outcomes are given twice (outcomes = [...] in "
                               "[sensitivity] and an [outcomes] table); keep one.")
    if "outcomes" in data:
        table = data["outcomes"]
        oo = f"{where} [outcomes]"
        out = {}
        for name, direction in table.items():
            if direction not in DIRECTIONS:
                raise _fail(oo, name, direction, " or ".join(f'"{d}"' for d in DIRECTIONS),
                            "the direction in which the outcome is better.")
            out[name] = direction
    elif "outcomes" in s:
        names = _names(s, "outcomes", o)
        out = {name: "none" for name in names}
        oo = f"{o} outcomes"
    else:
        raise SensitivityError(f"{where}: no outcomes: give an [outcomes] table (name = "
                               "\"lower\" | \"higher\" | \"none\", the direction that is "
                               "better) or outcomes = [...] in [sensitivity].")
    if not out:
        raise SensitivityError(f"{oo}: no outcomes given.")
    valid = outcome_names
    if valid is None and runner == DEFAULT_RUNNER:
        valid = list(OUTCOMES)
    if valid is not None:
        for name in out:
            if name not in valid:
                raise SensitivityError(
                    f"{oo}: unknown outcome {name!r}{closest(name, valid)}. Valid outcomes: "
                    f"{', '.join(valid)}.")
    return out


def describe_int_rule() -> str:
    """How whole-number parameters are sampled (for docs and summaries)."""
    return ("whole-number parameters: SALib samples a continuous value u in [0, 1]; the model "
            "gets the whole number of the equal-width cell, low + floor(u*(high-low+1)) (u = 1 "
            "gives high), so every whole number in the range is equally likely. The analysis "
            "uses the continuous value, so its index measures the effect of moving across the "
            "range in those steps.")

