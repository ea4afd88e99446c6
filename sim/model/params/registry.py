"""The registry machinery: what a parameter is, how values are checked, and the rules
that tie several parameters together. The declarations themselves are in the sibling
modules, one per part of the model (:mod:`sim.model.params`).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "GROUPS",
    "Parameter",
    "ParameterError",
    "Params",
    "REGISTRY",
    "check_name",
    "check_params",
    "closest",
    "declare",
    "defaults",
    "markdown_table",
]


class ParameterError(ValueError):
    """A parameter name or value that the registry does not accept.

    The message names where the value came from (a file, ``--set`` or a keyword), the key,
    the value and what is allowed.
    """


GROUPS: dict[str, str] = {
    "population": "Population and calendar",
    "pupils": "Pupils and absence (M1, M3)",
    "ladder": "Attendance ladder (M2)",
    "school": "School-side actions and capacity",
    "social": "Social services: reports of concern (M4)",
    "joint": "Joint work and the coordinator (M5, M9)",
    "interventions": "Intervention effects and the channels to the child",
    "network": "Trust and familiarity (M6, M7)",
    "contacts": "Scheduled contacts, co-location and school social workers (M6, M7, M10, M11)",
    "turnover": "Turnover and consultants (M8)",
    "outcomes": "Outcomes",
}


@dataclass(frozen=True)
class Parameter:
    """One model parameter with its provenance.

    ``range`` is the plausible range ``(low, high)``: values outside it are refused, and
    sensitivity analysis samples inside it. For list parameters it bounds every element.
    """

    name: str
    default: Any
    unit: str
    range: tuple[float, float] | None
    kind: str  # "float", "int", "bool", "list[float]", "list[int]", "steps"
    group: str
    description: str
    source: str
    choices: Mapping[str, Any] | None = None  # for kind "steps": the actions a step may take
    #: the lever this parameter needs to act at all (``"colocation"``: only with
    #: co-location); with that lever off (false or 0) the parameter changes nothing
    acts_when: str | None = None

    @property
    def provenance(self) -> str:
        """``"sourced"`` (a cited line gives the value), ``"assumption"`` (no line gives it,
        perhaps one informs it) or ``"external"`` (a national statistic or a meta-analysis,
        docs/evidence.md)."""
        low = self.source.lower()
        if low.startswith("assumption"):
            return "assumption"
        if low.startswith("external"):
            return "external"
        return "sourced"

    @property
    def is_assumption(self) -> bool:
        return self.provenance == "assumption"

    @property
    def sampleable(self) -> bool:
        """True for scalar numbers a sweep or sensitivity analysis can vary continuously."""
        return self.kind in ("float", "int") and self.range is not None

    def check(self, value: Any, origin: str = "value") -> Any:
        """Return ``value`` converted to this parameter's kind, or raise ParameterError."""
        where = f"{origin}: " if origin else ""
        allowed = self.allowed()

        def fail(why: str) -> ParameterError:
            return ParameterError(
                f"{where}{self.name} = {value!r} is not allowed: {why}. Allowed: {allowed}."
            )

        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise fail("expected true or false")
        if self.kind in ("float", "int"):
            return self._check_number(value, fail)
        if self.kind in ("list[float]", "list[int]"):
            if not isinstance(value, (list, tuple)) or len(value) == 0:
                raise fail("expected a non-empty list")
            elem = Parameter(
                self.name,
                None,
                self.unit,
                self.range,
                self.kind[5:-1],
                self.group,
                self.description,
                self.source,
            )
            return tuple(elem._check_number(v, fail) for v in value)
        if self.kind == "steps":
            if not isinstance(value, (list, tuple)) or len(value) == 0:
                raise fail("expected a non-empty list of steps, each a list of action names")
            steps = []
            for i, step in enumerate(value, start=1):
                if isinstance(step, str):
                    step = [step]
                if not isinstance(step, (list, tuple)) or not all(isinstance(a, str) for a in step):
                    raise fail(f"step {i} must be a list of action names")
                for action in step:
                    if action not in self.choices:
                        hint = closest(action, self.choices)
                        raise fail(f"step {i} has unknown action {action!r}{hint}")
                steps.append(tuple(step))
            return tuple(steps)
        raise AssertionError(f"unknown kind {self.kind}")  # pragma: no cover

    def _check_number(self, value: Any, fail) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail(f"expected a {'whole ' if self.kind == 'int' else ''}number")
        if self.kind == "int":
            if isinstance(value, float):
                if not value.is_integer():
                    raise fail("expected a whole number")
                value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise fail("expected a finite number")
        if self.range is not None:
            lo, hi = self.range
            if not lo <= value <= hi:
                raise fail(f"outside the plausible range [{lo}, {hi}]")
        return value

    def allowed(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind == "steps":
            return "a list of steps, each a list of actions from " + ", ".join(self.choices)
        rng = f" in [{self.range[0]}, {self.range[1]}]" if self.range else ""
        if self.kind.startswith("list"):
            return f"a list of {'whole ' if self.kind == 'list[int]' else ''}numbers{rng}"
        return f"a {'whole ' if self.kind == 'int' else ''}number{rng} ({self.unit})"


def closest(name: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the option closest to ``name``, or an empty string."""
    match = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else ""


REGISTRY: dict[str, Parameter] = {}  # filled by the declaration modules, in GROUPS order


def declare(name, default, unit, rng, group, description, source, kind=None, choices=None,
            acts_when=None) -> None:
    """Add one parameter to :data:`REGISTRY` (called by the declaration modules).
    ``acts_when`` names the lever it needs to act at all (see :func:`inert`)."""
    if kind is None:
        kind = {bool: "bool", int: "int", float: "float"}[type(default)]
    if name in REGISTRY:
        raise ValueError(f"parameter {name!r} is declared twice")
    if group not in GROUPS:
        raise ValueError(f"parameter {name!r}: unknown group {group!r}")
    REGISTRY[name] = Parameter(name, default, unit, rng, kind, group, description, source, choices,
                               acts_when)


def inert(name: str, values: Mapping[str, Any], changes: Iterable[Mapping] = ()) -> bool:
    """True when parameter ``name`` changes nothing in a run that starts with ``values`` and
    whose events make ``changes`` (each a mapping of levers to values): the lever it needs
    (``acts_when``) is off (false or 0) in ``values`` and no change turns it on."""
    lever = REGISTRY[name].acts_when
    if lever is None:
        return False
    return not values.get(lever) and not any(c.get(lever) for c in changes)


@dataclass(frozen=True)
class Params(Mapping):
    """A validated, immutable set of parameter values; read as ``p.name`` or ``p["name"]``."""

    values: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every value is also a plain instance attribute, so that ``p.name`` (read often in
        # the model's weekly work) is an ordinary attribute read, not a call of __getattr__.
        # Params is immutable: a change of levers (update_params, an event) makes a new one.
        cls, own = type(self), self.__dict__
        for name, value in self.values.items():
            if isinstance(name, str) and name not in own and not hasattr(cls, name):
                object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __reduce__(self):
        return (Params, (dict(self.values),))

    def as_plain(self) -> dict:
        """Values as JSON/TOML-friendly Python objects (tuples become lists)."""

        def plain(v):
            if isinstance(v, tuple):
                return [plain(x) for x in v]
            return v

        return {k: plain(v) for k, v in self.values.items()}

    def replace(self, origin: str = "keyword", **changes) -> Params:
        return check_params({**self.values, **changes}, origin=origin)


def defaults() -> Params:
    return Params({name: p.default for name, p in REGISTRY.items()})


def check_name(name: str, origin: str = "") -> Parameter:
    """Return the registered parameter ``name`` or raise with the closest valid name."""
    try:
        return REGISTRY[name]
    except KeyError:
        where = f"{origin}: " if origin else ""
        raise ParameterError(
            f"{where}unknown parameter {name!r}{closest(name, REGISTRY)}. "
            f"Run 'python -m sim params' to list all {len(REGISTRY)} parameters."
        ) from None


def check_params(
    overrides: Mapping[str, Any] | None = None,
    *,
    origin: str = "",
    base: Mapping[str, Any] | None = None,
) -> Params:
    """Check ``overrides`` against the registry and return a complete :class:`Params`.

    ``base`` supplies values for names not in ``overrides`` (default: the registry
    defaults). ``origin`` names where the values came from, for error messages.
    """
    values = dict(base) if base is not None else {n: p.default for n, p in REGISTRY.items()}
    for name, value in (overrides or {}).items():
        values[name] = check_name(name, origin).check(value, origin)
    _check_combinations(values, origin)
    return Params(values)


def _check_combinations(v: dict, origin: str) -> None:
    where = f"{origin}: " if origin else ""

    def fail(msg: str) -> None:
        raise ParameterError(where + msg)

    th = v["ladder_thresholds"]
    if any(b <= a for a, b in zip(th, th[1:])):
        fail(f"ladder_thresholds = {list(th)} must be strictly ascending.")
    steps, idx = v["ladder_steps"], v["ladder_step_thresholds"]
    if len(steps) != len(idx):
        fail(
            f"ladder_steps has {len(steps)} steps but ladder_step_thresholds = {list(idx)} "
            f"has {len(idx)} entries; give one threshold index per step."
        )
    if any(i >= len(th) for i in idx):
        fail(
            f"ladder_step_thresholds = {list(idx)} refers to a threshold that does not exist; "
            f"ladder_thresholds has {len(th)} entries, so allowed indices are 0-{len(th) - 1}."
        )
    if any(b < a for a, b in zip(idx, idx[1:])):
        fail(f"ladder_step_thresholds = {list(idx)} must not decrease from one step to the next.")
    if v["working_group_interval_weeks"] > 0 and v["n_coordinators"] == 0:
        fail(
            f"working_group_interval_weeks = {v['working_group_interval_weeks']} needs a "
            f"coordinator "
            "to lead the working group, but n_coordinators = 0. Set n_coordinators to 1 or 2, "
            "or working_group_interval_weeks = 0 (no working group)."
        )
    if v["autumn_weeks"] >= v["weeks_per_year"]:
        fail(
            f"autumn_weeks = {v['autumn_weeks']} must be less than weeks_per_year = "
            f"{v['weeks_per_year']} so that there is a spring term."
        )
    if v["ladder_window_days"] > 5 * v["weeks_per_year"]:
        fail(
            f"ladder_window_days = {v['ladder_window_days']} is longer than a school year "
            f"({5 * v['weeks_per_year']} school days)."
        )
    if v["n_pupils"] < 10 * v["n_schools"]:
        fail(
            f"n_pupils = {v['n_pupils']} is too few for n_schools = {v['n_schools']}: "
            "every school needs at least one pupil in each of its ten grades (F-9)."
        )


def markdown_table(group_by: bool = True) -> str:
    """The parameter table of ``docs/ODD.md``, generated from the registry."""

    def fmt(v):
        if isinstance(v, tuple):
            return "[" + ", ".join(fmt(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    lines = []
    for group, title in GROUPS.items():
        params = [p for p in REGISTRY.values() if p.group == group]
        if not params:
            continue
        lines += [
            f"#### {title}",
            "",
            "| name | default | unit | range | description | source |",
            "|---|---|---|---|---|---|",
        ]
        for p in params:
            rng = f"{fmt(p.range[0])}–{fmt(p.range[1])}" if p.range else "—"
            if p.kind == "steps":
                default = "; ".join(f"{i}: " + " + ".join(s) for i, s in enumerate(p.default, 1))
            else:
                default = fmt(p.default)
            desc = p.description.replace("|", "/")
            if p.acts_when:
                desc += f" (no effect while `{p.acts_when}` is off or 0)"
            lines.append(
                f"| `{p.name}` | {default} | {p.unit or '—'} | {rng} | {desc} | {p.source} |"
            )
        lines.append("")
    return "\n".join(lines)
