"""Counting staff time, so that a cost model can price it (conceptual model M13)."""

from __future__ import annotations

from collections import defaultdict


class HoursLedger:
    """Hours booked by role and activity. Meeting activities start with ``meeting:``."""

    def __init__(self):
        self.hours: dict[tuple[str, str], float] = defaultdict(float)

    def book(self, role: str, activity: str, hours: float) -> None:
        self.hours[(role, activity)] += hours

    def total(self) -> float:
        return float(sum(self.hours.values()))

    def by_role(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for (role, _), h in self.hours.items():
            out[role] += h
        return dict(out)

    def meeting_hours(self) -> float:
        return float(sum(h for (_, act), h in self.hours.items() if act.startswith("meeting:")))

    def by_activity(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for (_, act), h in self.hours.items():
            out[act] += h
        return dict(out)
