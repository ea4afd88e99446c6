"""Scenario files: named, editable sets of parameter values in TOML.

A scenario file looks like::

    [scenario]
    name = "orust-2022"
    description = "SKIFO Orust in 2022: one coordinator"
    source = "000 L594-600"
    extends = "orust"          # optional: start from another scenario

    [parameters]
    n_coordinators = 1

    [[events]]                 # optional: levers that change during the run
    week = 72                  # measured weeks, 0 = the first week after the warm-up
    set = { n_coordinators = 2 }

Unlisted parameters keep their value from ``extends`` (or the registry default). ``extends``
names another scenario (looked up beside the file first, then in :func:`scenario_dirs`) or
a path, which is relative to the extending file's folder. Every value is checked against the
registry (:mod:`sim.model.params`); errors name the file and key. ``[[events]]`` (see
:mod:`sim.events`) are checked the same way; a file's events come after those of the
scenario it extends. ``years`` in ``[scenario]`` is the run length the scenario is meant
for (``sim.run`` and the command line use it unless told otherwise; default 3).

A scenario file is data: reading it never runs code. Files that are not UTF-8 TOML, larger
than :data:`MAX_FILE_BYTES`, not regular files (folders, pipes, devices) or that extend
each other in a cycle or more than :data:`MAX_EXTENDS` deep are refused with a
:class:`ScenarioError` naming the file.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .events import Event, check_overlaps, parse_events
from .model import ParameterError, Params, check_name, check_params, closest

__all__ = ["DEFAULT_SCENARIO", "MAX_EXTENDS", "MAX_FILE_BYTES", "Scenario", "ScenarioError",
           "list_scenarios", "load_scenario", "read_toml", "scenario_dirs", "short", "tidy"]

DEFAULT_SCENARIO = "orust"
_REPO_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
#: the largest scenario or sweep spec file read (a scenario is a page of text)
MAX_FILE_BYTES = 1 << 20
#: the longest chain of ``extends``
MAX_EXTENDS = 50
_META_KEYS = {"name": "text", "description": "text", "source": "text",
              "extends": "a scenario name or a path to a .toml file",
              "years": "the run length the scenario is meant for, a whole number of school "
                       "years in [1, 50]"}
_TABLES = ("scenario", "parameters", "events")


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
    events: tuple[Event, ...] = ()  # the parents' events first
    years: int | None = None  # the run length the scenario is meant for (None: not said)


def short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, cut to about ``limit`` characters for messages."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 20]}...{text[-8:]} ({len(text):,} characters)"


_LONG = re.compile(r"'[^'\n]{160,}'|\"[^\"\n]{160,}\"|\[[^\[\]\n]{160,}\]|\S{160,}")


def tidy(message: str) -> str:
    """``message`` with every very long quoted value, list or word cut short."""
    def cut(m: re.Match) -> str:
        text = m.group(0)
        return f"{text[:60]}...{text[-12:]} ({len(text):,} characters)"

    return _LONG.sub(cut, message)


def read_toml(path: str | Path, what: str = "scenario file",
              error: type[ParameterError] = ScenarioError) -> tuple[dict, str]:
    """Parse the TOML file ``path``; returns ``(data, text)``.

    Raises ``error`` with a message naming the file for anything that is not a readable,
    regular UTF-8 TOML file of at most :data:`MAX_FILE_BYTES` (TOML syntax errors give
    the line and column).
    """
    path = Path(path)
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise error(f"{what} {shown!r} does not exist.") from None
    except NotADirectoryError:
        raise error(f"{what} {shown!r} does not exist: a part of the path is a file, "
                    "not a folder.") from None
    except (OSError, ValueError) as exc:
        raise error(f"{what} {shown!r} cannot be read: {getattr(exc, 'strerror', None) or exc}.") \
            from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{what} {shown!r} is a folder, not a file; give the path of a .toml file.")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {shown!r} is not a regular file (it is a device, a pipe or a "
                    "socket); give the path of a .toml file.")
    if st.st_size > MAX_FILE_BYTES:
        raise error(f"{what} {shown!r} has {st.st_size:,} bytes; a {what} has at most "
                    f"{MAX_FILE_BYTES:,} bytes.")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(f"{what} {shown!r} cannot be read: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise error(f"{shown}: not a UTF-8 text file (byte {exc.start} is {raw[exc.start]:#04x}); "
                    f"a {what} is TOML text saved as UTF-8.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{shown}: not valid TOML: {exc}.") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        why = ("a number has more than 4300 digits" if "digits" in str(exc)
               else str(exc)[:200])
        raise error(f"{shown}: not usable TOML: {why}.") from None
    except RecursionError:
        raise error(f"{shown}: not usable TOML: values are nested too deeply.") from None
    return data, text


def scenario_dirs() -> list[Path]:
    """Where scenario names are looked up: ./scenarios, then the project's scenarios/."""
    dirs = [Path.cwd() / "scenarios", _REPO_SCENARIOS]
    out: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [x.resolve() for x in out]:
            out.append(d)
    return out


def _scenario_files() -> dict[str, Path]:
    seen: dict[str, Path] = {}
    for d in scenario_dirs():
        for path in sorted(d.glob("*.toml")):
            seen.setdefault(path.stem, path)
    return seen


def list_scenarios(errors: list[str] | None = None) -> list[Scenario]:
    """Every scenario in :func:`scenario_dirs` (the first of each name).

    A file that cannot be loaded raises :class:`ScenarioError`, unless ``errors`` is a list:
    then its message is appended there and the file is skipped.
    """
    out = []
    for path in _scenario_files().values():
        try:
            out.append(load_scenario(path))
        except ParameterError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    return out


def _find(name: Any, base: Path | None = None, origin: str = "scenario") -> Path:
    """The file of scenario ``name``: a path (relative to ``base`` if given) or a name."""
    if isinstance(name, Path):
        name = str(name)
    if not isinstance(name, str):
        raise ScenarioError(f"{origin} = {short(name)} is not allowed: give a scenario name "
                            "(see 'python -m sim scenarios') or a path to a .toml file.")
    if not name.strip():
        raise ScenarioError(f"{origin} = {name!r} is not allowed: the name is empty; give a "
                            "scenario name (see 'python -m sim scenarios') or a path to a "
                            ".toml file.")
    if "\0" in name:
        raise ScenarioError(f"{origin} = {short(name)} is not allowed: it contains a NUL "
                            "character.")
    p = Path(name)
    if base is not None and not p.is_absolute():
        p = base / p
    pathlike = name.endswith(".toml") or "/" in name or os.sep in name
    if pathlike or os.path.lexists(p):
        return p
    if base is not None and (base / f"{name}.toml").is_file():
        return base / f"{name}.toml"
    for d in scenario_dirs():
        candidate = d / f"{name}.toml"
        if candidate.is_file():
            return candidate
    names = sorted(_scenario_files())
    raise ScenarioError(f"{origin}: unknown scenario {short(name)}{closest(name, names)}. Known "
                        f"scenarios: {', '.join(names) or '(none found)'}; or give a path to a "
                        ".toml file.")


def _tables(path: Path, data: dict) -> tuple[dict, dict, tuple[Event, ...]]:
    """The ``[scenario]``, ``[parameters]`` and ``[[events]]`` tables of ``data``, checked."""
    if not data:
        raise ScenarioError(f"{path}: the file is empty. A scenario file has a [scenario] table "
                            "(name, description, source, extends) and a [parameters] table of "
                            "name = value lines.")
    for key in data:
        if key not in _TABLES:
            raise ScenarioError(f"{path}: unknown table [{key}]{closest(key, _TABLES)}; a "
                                "scenario file has only [scenario], [parameters] and "
                                "[[events]].")
    for key in _TABLES[:2]:
        if key in data and not isinstance(data[key], Mapping):
            raise ScenarioError(f"{path}: {key} = {short(data[key])} is not allowed: [{key}] is "
                                f"a table: a [{key}] line followed by name = value lines.")
    meta = data.get("scenario", {})
    for key, value in meta.items():
        if key not in _META_KEYS:
            raise ScenarioError(f"{path} [scenario]: unknown key {key!r}"
                                f"{closest(key, _META_KEYS)}; allowed: "
                                f"{', '.join(_META_KEYS)}.")
        if key == "years":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
                raise ScenarioError(f"{path} [scenario]: years = {short(value)} is not "
                                    f"allowed: expected {_META_KEYS[key]}.")
        elif not isinstance(value, str):
            raise ScenarioError(f"{path} [scenario]: {key} = {short(value)} is not allowed: "
                                f"expected {_META_KEYS[key]} in quotes.")
    if "name" in meta and not meta["name"].strip():
        raise ScenarioError(f"{path} [scenario]: name = '' is not allowed: give the scenario a "
                            "name, or leave the key out to use the file's name.")
    own = dict(data.get("parameters", {}))
    for key, value in own.items():
        check_name(key, f"{path} [parameters]").check(value, f"{path} [parameters]")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise ScenarioError(f"{path}: events = {short(events)} is not allowed: events are an "
                            "array of tables, each under an [[events]] line (week = ..., "
                            "set = { lever = value }).")
    return meta, own, parse_events(events, f"{path} [[events]]")


def load_scenario(name: str | Path | None = None) -> Scenario:
    """Load a scenario by name (looked up in :func:`scenario_dirs`) or by path.

    ``None`` gives the default scenario; if no scenario files can be found at all (the
    package installed without the project tree), it falls back to the registry defaults,
    which are the default scenario's values.
    """
    if name is None:
        try:
            return load_scenario(DEFAULT_SCENARIO)
        except ScenarioError:
            return Scenario(DEFAULT_SCENARIO, "registry defaults", "sim.model.params", None, {},
                            check_params())
    first = path = _find(name)
    chain: list[tuple[Path, dict, dict, tuple[Event, ...]]] = []
    while True:
        seen = [p.resolve() for p, *_ in chain]
        if path.resolve() in seen:
            raise ScenarioError(f"{chain[-1][0]} [scenario] extends: the scenarios extend each "
                                "other in a cycle: "
                                + " -> ".join(str(p) for p, *_ in chain) + f" -> {path}")
        if len(chain) >= MAX_EXTENDS:
            raise ScenarioError(f"{first}: 'extends' goes more than {MAX_EXTENDS} files deep "
                                f"(at {path}); shorten the chain.")
        try:
            data, _ = read_toml(path, "scenario file")
        except ScenarioError as exc:
            if not chain:
                raise
            raise ScenarioError(f"{chain[-1][0]} [scenario] extends = "
                                f"{short(chain[-1][1]['extends'])}: {exc}") from None
        meta, own, events = _tables(path, data)
        chain.append((path, meta, own, events))
        if "extends" not in meta:
            break
        path = _find(meta["extends"], base=path.parent,
                     origin=f"{path} [scenario] extends")
    overrides: dict = {}
    events: tuple[Event, ...] = ()
    years = None
    for _, meta, own, evs in reversed(chain):
        overrides.update(own)
        events += evs
        years = meta.get("years", years)
    params = check_params(overrides, origin=f"{first} [parameters]")
    check_overlaps(events)
    meta = chain[0][1]
    return Scenario(
        name=meta.get("name", first.stem),
        description=meta.get("description", ""),
        source=meta.get("source", ""),
        path=first,
        overrides=overrides,
        params=params,
        events=events,
        years=years,
    )
