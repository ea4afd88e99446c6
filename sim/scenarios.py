"""Scenario files: named, editable sets of parameter values in TOML.

A scenario file looks like::

    [scenario]
    name = "orust-2022"
    description = "SKIFO Orust in 2022: one coordinator"
    source = "000 L594-600"
    extends = "orust"          # optional: start from another scenario

    [parameters]
    n_coordinators = 1

Unlisted parameters keep their value from ``extends`` (or the registry default). Every
value is checked against the registry (:mod:`sim.model.params`); errors name the file and key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import ParameterError, Params, check_params

__all__ = ["DEFAULT_SCENARIO", "Scenario", "ScenarioError", "list_scenarios", "load_scenario",
           "scenario_dirs"]

DEFAULT_SCENARIO = "orust"
_REPO_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(ParameterError):
    """A scenario that cannot be found or read."""


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    source: str
    path: Path | None
    overrides: dict = field(default_factory=dict)  # all values set by the file and its parents
    params: Params = field(default_factory=lambda: check_params())


def scenario_dirs() -> list[Path]:
    """Where scenario names are looked up: ./scenarios, then the project's scenarios/."""
    dirs = [Path.cwd() / "scenarios", _REPO_SCENARIOS]
    out: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [x.resolve() for x in out]:
            out.append(d)
    return out


def list_scenarios() -> list[Scenario]:
    seen: dict[str, Scenario] = {}
    for d in scenario_dirs():
        for path in sorted(d.glob("*.toml")):
            if path.stem not in seen:
                seen[path.stem] = load_scenario(path)
    return list(seen.values())


def _find(name: str | Path) -> Path:
    p = Path(name)
    if p.suffix == ".toml" or p.exists():
        if p.is_file():
            return p
        raise ScenarioError(f"scenario file {str(p)!r} does not exist.")
    for d in scenario_dirs():
        candidate = d / f"{name}.toml"
        if candidate.is_file():
            return candidate
    names = sorted({q.stem for d in scenario_dirs() for q in d.glob("*.toml")})
    import difflib

    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ScenarioError(f"unknown scenario {str(name)!r}.{hint} Known scenarios: "
                        f"{', '.join(names) or '(none found)'}; or give a path to a .toml file.")


def load_scenario(name: str | Path | None = None, _chain: tuple = ()) -> Scenario:
    """Load a scenario by name (looked up in :func:`scenario_dirs`) or by path.

    ``None`` gives the default scenario; if no scenario files can be found at all (the
    package installed without the project tree), it falls back to the registry defaults,
    which are the default scenario's values.
    """
    if name is None:
        try:
            return load_scenario(DEFAULT_SCENARIO)
        except ScenarioError:
            return Scenario(DEFAULT_SCENARIO, "registry defaults", "sim.model.params", None, {}, check_params())
    path = _find(name)
    if path.resolve() in _chain:
        raise ScenarioError(f"{path}: 'extends' forms a cycle: "
                            + " -> ".join(str(p) for p in (*_chain, path.resolve())))
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"scenario", "parameters"}
    if unknown:
        raise ScenarioError(f"{path}: unknown table(s) {sorted(unknown)}; a scenario file has "
                            "only [scenario] and [parameters].")
    meta = data.get("scenario", {})
    allowed_meta = {"name", "description", "source", "extends"}
    if set(meta) - allowed_meta:
        raise ScenarioError(f"{path}: unknown key(s) {sorted(set(meta) - allowed_meta)} in "
                            f"[scenario]; allowed: {sorted(allowed_meta)}.")
    own = data.get("parameters", {})
    if not isinstance(own, dict):
        raise ScenarioError(f"{path}: [parameters] must be a table of name = value.")
    parent_overrides: dict = {}
    if "extends" in meta:
        parent = load_scenario(meta["extends"], (*_chain, path.resolve()))
        parent_overrides = parent.overrides
    overrides = {**parent_overrides, **own}
    params = check_params(overrides, origin=f"{path} [parameters]")
    return Scenario(
        name=str(meta.get("name", path.stem)),
        description=str(meta.get("description", "")),
        source=str(meta.get("source", "")),
        path=path,
        overrides=overrides,
        params=params,
    )
