"""Events: levers that change at given weeks of a run (a history, a pause, a new post).

An event sets one or more levers (registry parameters) from a week on, for good or for a
while. In a scenario file (or a sweep spec) events are an array of tables::

    [[events]]                  # from week 72 on, two coordinators
    week = 72
    set = { n_coordinators = 2 }
    note = "second coordinator (000 L594-600)"

    [[events]]                  # weeks 20-59 consultant-heavy; week 60 back to before
    from_week = 20
    to_week = 60
    set = { consultant_share = 0.5 }

    [[events]]                  # for 30 weeks from week 27, no intake visits (a pandemic)
    week = 27
    weeks = 30
    set = { intake_eht_interval_weeks = 0 }

In Python the same tables are dicts: ``sim.run("orust", events=[{"week": 72, "set":
{"n_coordinators": 2}}])``.

**Weeks** count the *measured* school weeks of a run: week 0 is the first week after the
model's warm-up (``SchoolCooperationModel.weeks_measured``), the first row of the time
series. An event at week ``W`` takes effect before week ``W`` is simulated, so week ``W``
is the first week with the new values (as a lever changed in the app). A window
(``from_week``/``to_week``, or ``week`` with ``weeks = N``) sets the values at its start and
puts back, at ``to_week``, the values the levers had just before it started. A run of ``Y``
school years has weeks ``0 .. Y * weeks_per_year - 1``; an event must start inside them and
a window end at the latest at the end of the run.

Events are applied through :meth:`SchoolCooperationModel.update_params`, so they obey the
same rules as any change in the middle of a run: start-up-only parameters
(``SchoolCooperationModel.FIXED_AT_START``) are refused, values are checked by the
registry, and every combination of values reached along the way must be valid. Two events
may not set the same lever at overlapping times (which value would hold?). Every change
actually applied is logged as a :class:`LeverChange`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import ParameterError, Params, SchoolCooperationModel, check_name, check_params, closest

__all__ = ["EVENT_KEYS", "Event", "EventError", "EventSchedule", "LeverChange", "check_events",
           "check_overlaps", "parse_events", "run_weeks"]

#: The keys of an event table and what each takes.
EVENT_KEYS = {
    "week": "the first week with the new values (a whole number >= 0; measured weeks, "
            "0 = the first week after the warm-up)",
    "from_week": "the first week of a window (a whole number >= 0)",
    "to_week": "the week the values go back (a whole number > from_week)",
    "weeks": "how many weeks the values hold (a whole number >= 1), with week or from_week",
    "set": "a table of lever = value, e.g. set = { n_coordinators = 2 }",
    "note": "text: what the event stands for and its source",
}
_FORMS = ("week = W; week = W with weeks = N; from_week = A with to_week = B (or weeks = N)")


class EventError(ParameterError):
    """An event that cannot be used; the message names where, the key, the value and what
    is allowed."""


@dataclass(frozen=True)
class Event:
    """Levers set from week ``start`` on; with ``end``, put back at week ``end``."""

    start: int
    changes: Mapping[str, Any]
    end: int | None = None
    note: str = ""
    origin: str = field(default="", compare=False)

    def to_dict(self) -> dict:
        """The event as a table of plain data (the scenario-file form)."""
        out: dict[str, Any] = ({"week": self.start} if self.end is None
                               else {"from_week": self.start, "to_week": self.end})
        out["set"] = {k: _plain(v) for k, v in self.changes.items()}
        if self.note:
            out["note"] = self.note
        return out

    def when(self) -> str:
        return (f"from week {self.start}" if self.end is None
                else f"weeks {self.start}-{self.end - 1}, back at week {self.end}")

    def describe(self) -> str:
        """One line: when, what, and the note."""
        what = ", ".join(f"{k} = {_plain(v)}" for k, v in self.changes.items())
        note = f" ({self.note})" if self.note else ""
        return f"{self.when()}: {what}{note}"


@dataclass(frozen=True)
class LeverChange:
    """One lever changed by an event during a run."""

    week: int  # the first measured week simulated with the new value
    name: str
    old: Any
    new: Any
    note: str = ""
    revert: bool = False  # the end of a window: the value before it comes back

    def to_dict(self) -> dict:
        return {"week": self.week, "name": self.name, "old": _plain(self.old),
                "new": _plain(self.new), "revert": self.revert, "note": self.note}


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 20]}...{text[-8:]}"


def _fail(origin: str, key: str, value: Any, allowed: str, why: str = "") -> EventError:
    why = f" {why}" if why else ""
    return EventError(f"{origin}: {key} = {_short(value)} is not allowed:{why} "
                      f"Allowed: {allowed}.")


def _week(table: Mapping, key: str, origin: str, low: int) -> int:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(origin, key, value, EVENT_KEYS[key], "expected a whole number.")
    if value < low:
        raise _fail(origin, key, value, EVENT_KEYS[key], "out of range.")
    return value


def parse_event(table: Any, origin: str) -> Event:
    """One event from its table (a dict), checked on its own; raises :class:`EventError`."""
    if isinstance(table, Event):
        return table
    if not isinstance(table, Mapping):
        raise EventError(f"{origin}: {_short(table)} is not an event: an event is a table "
                         f"such as {{ week = 72, set = {{ n_coordinators = 2 }} }}. Forms: "
                         f"{_FORMS}.")
    for key in table:
        if key not in EVENT_KEYS:
            raise EventError(f"{origin}: unknown key {_short(key)}{closest(str(key), EVENT_KEYS)}. "
                             "Allowed keys: "
                             + "; ".join(f"{k} ({v})" for k, v in EVENT_KEYS.items()) + ".")
    has = {k for k in ("week", "from_week", "to_week", "weeks") if k in table}
    if has not in ({"week"}, {"week", "weeks"}, {"from_week", "to_week"},
                   {"from_week", "weeks"}):
        given = ", ".join(sorted(has)) or "no week"
        raise EventError(f"{origin}: {given} is not a valid choice of weeks. Give one of: "
                         f"{_FORMS}. Weeks count measured school weeks from 0 (the first "
                         "week after the warm-up).")
    start = _week(table, "week" if "week" in has else "from_week", origin, 0)
    end = None
    if "to_week" in has:
        end = _week(table, "to_week", origin, 0)
        if end <= start:
            raise _fail(origin, "to_week", end, f"a week after from_week = {start}",
                        "the window would be empty or end before it starts.")
    elif "weeks" in has:
        end = start + _week(table, "weeks", origin, 1)
    note = table.get("note", "")
    if not isinstance(note, str):
        raise _fail(origin, "note", note, EVENT_KEYS["note"])
    if "set" not in table:
        raise EventError(f"{origin}: set is missing: {EVENT_KEYS['set']}.")
    levers = table["set"]
    if not isinstance(levers, Mapping) or not levers:
        raise _fail(origin, "set", levers, EVENT_KEYS["set"],
                    "expected a non-empty table of lever = value.")
    changes: dict[str, Any] = {}
    fixed = SchoolCooperationModel.FIXED_AT_START
    for name, value in levers.items():
        where = f"{origin} set"
        if not isinstance(name, str):
            raise _fail(where, "lever", name, "a parameter name (python -m sim params)")
        param = check_name(name, where)  # unknown names: "did you mean ..."
        if name in fixed:
            raise EventError(f"{where}: {name} cannot change during a run: it shapes the "
                             "population at the start. Set it in [parameters] instead. Levers "
                             f"that cannot change: {', '.join(sorted(fixed))}.")
        changes[name] = param.check(value, where)
    return Event(start=start, end=end, changes=changes, note=note, origin=origin)


def parse_events(raw: Any, origin: str = "events") -> tuple[Event, ...]:
    """Events from a list of tables (or :class:`Event` objects), each checked, and checked
    together for overlaps (:func:`check_overlaps`). Raises :class:`EventError`."""
    if raw is None:
        return ()
    if isinstance(raw, (Mapping, str, bytes)) or not isinstance(raw, Iterable):
        raise EventError(f"{origin} = {_short(raw)} is not allowed: events are a list of "
                         "tables ([[events]] in a file), each such as { week = 72, set = { "
                         "n_coordinators = 2 } }.")
    events = tuple(parse_event(t, f"{origin} #{i + 1}") for i, t in enumerate(raw))
    check_overlaps(events)
    return events


def check_overlaps(events: Iterable[Event]) -> None:
    """Refuse two events that set the same lever at overlapping times.

    Windows may touch (one ends at week W, the next starts at W). A change for good may not
    fall inside a window on the same lever, at its start or at its end; two changes for good
    of the same lever must be at different weeks.
    """
    by_lever: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        for name in ev.changes:
            by_lever[name].append(ev)
    for name, evs in by_lever.items():
        for i, a in enumerate(evs):
            for b in evs[i + 1:]:
                if _clash(a, b):
                    raise EventError(
                        f"{b.origin}: sets {name} {b.when()}, which overlaps {a.origin} "
                        f"({a.when()}). Two events may not set the same lever at the same "
                        "time; windows may touch (one ending at week W, the next starting "
                        "at W).")


def _clash(a: Event, b: Event) -> bool:
    if a.end is None and b.end is None:
        return a.start == b.start
    if a.end is not None and b.end is not None:
        return a.start < b.end and b.start < a.end
    window, point = (a, b) if a.end is not None else (b, a)
    return window.start <= point.start <= window.end


def check_events(events: Iterable[Event], params: Params, years: int,
                 origin: str = "") -> None:
    """Refuse events outside a run of ``years`` school years, and any combination of values
    along the way that the registry refuses (e.g. a working group without a coordinator)."""
    events = tuple(events)
    if not events:
        return
    total = years * params.weeks_per_year
    last = f"weeks 0-{total - 1}"
    for ev in events:
        key = "week" if ev.end is None else "from_week"
        if ev.start >= total:
            raise EventError(
                f"{ev.origin}: {key} = {ev.start} is outside the run: a run of {years} school "
                f"year(s) of {params.weeks_per_year} weeks has measured {last} (weeks count "
                "from the first week after the warm-up). Run longer (at least "
                f"{ev.start // params.weeks_per_year + 1} years) or move the event.")
        if ev.end is not None and ev.end > total:
            raise EventError(
                f"{ev.origin}: to_week = {ev.end} is after the end of the run ({years} school "
                f"year(s), {last}); the window must end by week {total}. Run longer (at least "
                f"{-(-ev.end // params.weeks_per_year)} years) or end the window earlier.")
    schedule = EventSchedule(events)
    values = dict(params.values)
    for week in schedule.weeks:
        due = schedule.due(week, values)
        if not due:
            continue
        where = "; ".join(sorted({ch[2].origin for ch in due}))
        try:
            values = dict(check_params({name: new for name, new, _, _ in due},
                                       origin=f"{where} (at week {week})", base=values).values)
        except ParameterError as exc:
            prefix = f"{origin}: " if origin else ""
            raise EventError(f"{prefix}{exc}") from None


class EventSchedule:
    """The events of one run, in week order; applies those due to a model and logs them."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self.events = tuple(events)
        self.changes: list[LeverChange] = []
        self._at: dict[int, list[tuple[int, Event, bool]]] = defaultdict(list)
        for i, ev in enumerate(self.events):
            if ev.end is not None:
                self._at[ev.end].append((i, ev, True))
            self._at[ev.start].append((i, ev, False))
        for entries in self._at.values():  # windows that end go back first, then starts
            entries.sort(key=lambda e: (not e[2], e[0]))
        self._saved: dict[int, dict[str, Any]] = {}

    @property
    def weeks(self) -> list[int]:
        return sorted(self._at)

    def due(self, week: int, values: Mapping[str, Any]) -> list[tuple[str, Any, Event, bool]]:
        """The changes at ``week`` as ``(lever, value, event, revert)``; ``values`` are the
        levers' values now (a window remembers them to put them back)."""
        now = dict(values)
        out: dict[str, tuple[str, Any, Event, bool]] = {}  # a lever changed twice: the last
        for i, ev, revert in self._at.get(week, ()):
            if revert:
                saved = self._saved.pop(i, {})
                items = [(name, saved[name]) for name in ev.changes if name in saved]
            else:
                if ev.end is not None:  # what to put back: the value after this week's ends
                    self._saved[i] = {name: now[name] for name in ev.changes}
                items = list(ev.changes.items())
            for name, value in items:
                now[name] = value
                out.pop(name, None)
                out[name] = (name, value, ev, revert)
        return list(out.values())

    def apply(self, model: SchoolCooperationModel) -> list[LeverChange]:
        """Apply the changes due at the model's current measured week (before it is
        simulated); returns them (also appended to :attr:`changes`)."""
        week = model.weeks_measured
        due = self.due(week, model.p.values)
        if not due:
            return []
        old = {name: model.p[name] for name, *_ in due}
        model.update_params(**{name: value for name, value, _, _ in due})
        done = [LeverChange(week, name, old[name], model.p[name], ev.note, revert)
                for name, _, ev, revert in due if old[name] != model.p[name]]
        self.changes += done
        return done


def run_weeks(model: SchoolCooperationModel, weeks: int,
              schedule: EventSchedule | None = None) -> None:
    """Simulate ``weeks`` measured weeks, applying ``schedule``'s events as they fall due;
    the model's change log (``model.changes``) lists every change applied."""
    if schedule is not None:
        if not hasattr(model, "changes"):
            model.changes = schedule.changes
    for _ in range(weeks):
        if schedule is not None:
            schedule.apply(model)
        model.step()
