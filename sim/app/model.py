"""The model as the app drives it: explicit keyword parameters, queued lever changes,
and a week-by-week record of every pupil for the pupil inspector.

Mesa's ``ModelController`` (and ``SolaraViz``) re-create a model on Reset with
``type(model)(**parameters)`` and check the constructor's signature against the
parameters, so :class:`AppModel` names each of them explicitly instead of taking
``**overrides``. It is a thin subclass: the rules are the model's own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..api import resolve
from ..events import EventSchedule
from ..model import ParameterError, SchoolCooperationModel, check_params


@dataclass(frozen=True)
class LeverChange:
    week: int  # the first week simulated with the new value
    name: str
    old: object
    new: object


class AppModel(SchoolCooperationModel):
    """A run of ``scenario`` with the app's levers; ``None`` keeps the scenario's value.

    Lever changes made while the model runs (:meth:`change`) are checked at once and take
    effect from the next simulated week (through ``update_params``), also while the model
    is playing in another thread.
    """

    def __init__(self, scenario: str = "orust", seed: int = 0, n_pupils: int | None = None,
                 n_coordinators: int | None = None,
                 working_group_interval_weeks: int | None = None,
                 consent_routine: bool | None = None,
                 feedback_probability: float | None = None,
                 forum_interval_weeks: int | None = None,
                 consultation_cases_per_contact: int | None = None,
                 annual_turnover_social: float | None = None,
                 consultant_share: float | None = None,
                 school_social_workers: int | None = None,
                 ladder_thresholds: tuple[float, ...] | None = None):
        given = {
            "n_pupils": n_pupils, "n_coordinators": n_coordinators,
            "working_group_interval_weeks": working_group_interval_weeks,
            "consent_routine": consent_routine, "feedback_probability": feedback_probability,
            "forum_interval_weeks": forum_interval_weeks,
            "consultation_cases_per_contact": consultation_cases_per_contact,
            "annual_turnover_social": annual_turnover_social,
            "consultant_share": consultant_share, "school_social_workers": school_social_workers,
            "ladder_thresholds": ladder_thresholds,
        }
        overrides = {k: v for k, v in given.items() if v is not None}
        self.scenario, params = resolve(scenario, overrides, origin="app")
        super().__init__(params, seed=seed)
        self.seed_used = seed
        self.changes: list[LeverChange] = []
        # The scenario's own events (a history such as orust-history) play as the run goes.
        self._events = EventSchedule(self.scenario.events)
        self._pending: dict = {}
        self._lock = threading.Lock()
        # One row per simulated week, aligned with the DataCollector's rows.
        self.step_track: list[np.ndarray] = []
        self.absence_track: list[np.ndarray] = []
        self.pupil_track: list[np.ndarray] = []

    # ------------------------------------------------------------------ levers
    def change(self, **changes) -> None:
        """Queue lever changes for the next week; raises ParameterError if not allowed."""
        fixed = sorted(set(changes) & self.FIXED_AT_START)
        if fixed:
            raise ParameterError(f"{', '.join(fixed)} can only be set when a run starts "
                                 "(press Reset).")
        with self._lock:
            check_params({**self._pending, **changes}, origin="app", base=self.p.values)
            self._pending.update(changes)

    @property
    def pending(self) -> dict:
        with self._lock:
            return dict(self._pending)

    def step(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        if pending:
            old = {k: self.p[k] for k in pending}
            self.update_params(**pending)
            self.changes += [LeverChange(self.weeks_measured, k, old[k], self.p[k])
                             for k in pending if old[k] != self.p[k]]
        self.changes += [LeverChange(c.week, c.name, c.old, c.new)
                         for c in self._events.apply(self)]
        super().step()
        pp = self.pupils
        self.step_track.append(pp.step.astype(np.int8))
        self.absence_track.append(pp.window_rate().astype(np.float32))
        self.pupil_track.append(np.fromiter((p.unique_id for p in self.pupil_at), dtype=np.int64,
                                            count=len(self.pupil_at)))

    # ------------------------------------------------------------------ pupils
    def pupil_path(self, row: int) -> dict:
        """The current pupil in ``row``: weeks, recorded absence, ladder step, events."""
        pupil = self.pupil_at[row]
        weeks, absence, steps = [], [], []
        for week in range(len(self.pupil_track) - 1, -1, -1):  # back to when they arrived
            if self.pupil_track[week][row] != pupil.unique_id:
                break
            weeks.append(week)
            absence.append(float(self.absence_track[week][row]))
            steps.append(int(self.step_track[week][row]))
        return {"pupil": pupil, "weeks": weeks[::-1], "absence": absence[::-1],
                "steps": steps[::-1], "events": list(pupil.history)}

    def notable_pupils(self, k: int = 40) -> list[int]:
        """Rows of pupils worth following: the most events first, then the highest step."""
        pp = self.pupils
        score = [(len(p.history), int(pp.step[p.idx]), -p.idx) for p in self.pupil_at]
        order = sorted(range(len(score)), key=lambda i: score[i], reverse=True)
        return order[:k]
