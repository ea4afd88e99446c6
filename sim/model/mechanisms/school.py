"""M2, school side: mentors and the student health team carry out the ladder's actions.

Every action takes someone's time. An action whose responsible person is absent (a vacant
post, M8) or out of hours this week waits in the school's queue: queues delay work.

The actions a ladder step can take are registered below with :func:`school_action`
(:data:`SCHOOL_ACTIONS`, the one list that ``ladder_steps`` is checked against); each
function says who carries the action out and what it does, next to its source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .guardians import ask_consent


@dataclass(frozen=True)
class SchoolAction:
    """An action a ladder step can take: its name in ``ladder_steps``, what it is, and the
    function that carries it out for one pupil (True when done, False to wait a week)."""

    name: str
    description: str
    perform: Callable[..., bool]


SCHOOL_ACTIONS: dict[str, SchoolAction] = {}


def school_action(name: str, description: str):
    """Register the decorated function as the school action ``name``."""

    def register(perform: Callable[..., bool]) -> Callable[..., bool]:
        SCHOOL_ACTIONS[name] = SchoolAction(name, description, perform)
        return perform

    return register


class SchoolActions:
    """Each school's queue of ladder actions, worked through in order every week."""

    def __init__(self, model):
        self.model = model
        self.queues: list[list[tuple[int, int, str]]] = [[] for _ in range(model.p.n_schools)]
        self._pending: set[tuple[int, int, str]] = set()

    def queue(self, row: int, action: str) -> None:
        """Queue ``action`` for the pupil, unless the same action is already waiting."""
        item = (row, self.model.pupil_at[row].unique_id, action)
        if item not in self._pending:
            self._pending.add(item)
            self.queues[int(self.model.pupils.school[row])].append(item)

    def carry_out(self) -> None:
        """Work through each school's queue in order, as far as people and hours allow."""
        model = self.model
        for queue in self.queues:
            waiting = []
            for item in queue:
                row, pupil_id, action = item
                if model.pupil_at[row].unique_id == pupil_id and not SCHOOL_ACTIONS[action].perform(
                    model, row
                ):
                    waiting.append(item)  # no one with time this week: wait
                else:
                    self._pending.discard(item)  # done, or the pupil has left school
            queue[:] = waiting


def eht_followup(model) -> None:
    """The counsellor follows each pupil the EHT has taken on, weekly (000 L1004).

    When the counsellor lacks the hours for all of them, each gets a share of the time.
    """
    pp, p = model.pupils, model.p
    followed = pp.eht_followup
    if not followed.any():
        return
    counts = np.bincount(pp.school[followed], minlength=p.n_schools)
    served = np.zeros(p.n_schools)
    for school in np.flatnonzero(counts):
        counsellor = model.staffing.eht_member(school, "counsellor")
        if counsellor is None:
            continue
        need = counts[school] * p.hours_followup
        hours = min(max(counsellor.hours_left, 0.0), need)
        if hours > 0:
            counsellor.spend(hours, "followup")
            served[school] = hours / need
    share = served[pp.school] * followed
    pp.support += p.effect_eht_followup * share
    pp.bond = np.clip(pp.bond + p.bond_gain_contact * share, 0.0, 1.0)


def first_absence_calls(model, recorded_days: np.ndarray) -> None:
    """The principal phones home on a pupil's first recorded absence of the term
    (002 L4770-4778); unrecorded absence goes unnoticed (M3)."""
    pp, p = model.pupils, model.p
    absent = recorded_days.any(axis=1)
    new = absent & ~pp.absent_this_term
    pp.absent_this_term |= absent
    if not p.first_absence_call or not new.any():
        return
    for school in range(p.n_schools):
        principal = model.staffing.eht_member(school, "principal")
        rows = np.flatnonzero(new & (pp.school == school))
        if principal is None or not rows.size:
            continue  # no principal in post: no calls
        principal.spend(p.hours_first_absence_call * len(rows), "first_absence_call")
        pp.support[rows] += p.effect_first_absence_call
        pp.strengthen_bond(rows, p.bond_gain_contact)


# ------------------------------------------------------------------------------ actions
# Each returns True when the action is done (or no longer needed), False to wait a week.


def _with_time(person, hours: float):
    """``person`` if they are in post and have ``hours`` left this week, else None."""
    return person if person is not None and person.can(hours) else None


def _mentor_spends(model, row: int, activity: str):
    """The pupil's mentor, if in post with time for a contact, having spent it; else None."""
    mentor = _with_time(model.staffing.mentor_of(row), model.p.hours_contact)
    if mentor is not None:
        mentor.spend(model.p.hours_contact, activity)
    return mentor


@school_action(
    "contact_guardians",
    "mentor contacts the guardians, repeated monthly while the step holds (000 L474-476)",
)
def contact_guardians(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    if _mentor_spends(model, row, "guardian_contact") is None:
        return False
    pp.last_contact_week[row] = model.week
    model.counters["guardian_contacts"] += 1
    if model.rng.random() < pp.reachability(row):
        pp.support[row] += p.effect_contact_guardians
        pp.strengthen_bond(row, p.bond_gain_contact)
    return True


@school_action(
    "inform_eht",
    "mentor talks with the pupil and informs the student health team, which starts to follow the "
    "pupil (000 L478-480)",
)
def inform_eht(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    if _mentor_spends(model, row, "pupil_talk") is None:
        return False
    pp.strengthen_bond(row, p.bond_gain_contact)
    pp.eht_followup[row] = True
    model.mark_acted(row, "EHT informed and following")
    model.school_social_work.assign(row)
    return True


@school_action(
    "guardian_meeting",
    "meeting of pupil, guardians, mentor and EHT; consent to lift confidentiality is asked (000 "
    "L482-486)",
)
def guardian_meeting(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    school = int(pp.school[row])
    counsellor = _with_time(model.staffing.eht_member(school, "counsellor"), p.hours_meeting)
    if counsellor is None:
        return False
    model.meet(
        [model.staffing.mentor_of(row), counsellor, model.staffing.eht_member(school, "principal")],
        "meeting:guardian",
        p.hours_meeting,
    )
    model.counters["guardian_meetings"] += 1
    ask_consent(model, row)
    pp.support[row] += p.effect_guardian_meeting
    model.mark_acted(row, "guardian meeting")
    return True


@school_action(
    "action_plan",
    "the EHT writes an action plan (åtgärdsplan) with support in school (000 L488-492)",
)
def action_plan(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    school = int(pp.school[row])
    writer = _with_time(
        model.staffing.eht_member(school, "special_educator")
        or model.staffing.eht_member(school, "counsellor"),
        p.hours_action_plan,
    )
    if writer is None:
        return False
    writer.spend(p.hours_action_plan, "action_plan")
    pp.support[row] += p.effect_action_plan
    pp.plan_written[row] = True
    pp.special_support[row] = model.rng.random() < p.special_support_share
    model.counters["action_plans"] += 1
    model.mark_acted(row, "action plan")
    return True


@school_action(
    "application",
    "application to joint work (SKIFO), decided by the working group; follows an action plan that "
    "found a need of special support, and needs consent (000 L488-492, L745-772)",
)
def application(model, row: int) -> bool:
    p = model.p
    pupil = model.pupil_at[row]
    if not model.joint_work.has_working_group or pupil.application is not None:
        return True  # no joint work in this system, or one is already under way
    if model.first_step_with("action_plan") is not None:
        if not model.pupils.plan_written[row]:
            return False  # the application follows the action plan (000 L488-490)
        if not model.pupils.special_support[row]:
            return True  # the plan found no need of special support: no application
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    if not ask_consent(model, row):
        pupil.note("no consent: no application")
        return True
    writer.spend(p.hours_report, "application")
    model.joint_work.submit(pupil, writer)
    model.mark_acted(row, "application to joint work")
    return True


@school_action(
    "report_of_concern", "report of concern (orosanmälan) to social services (000 L498-500)"
)
def report_of_concern(model, row: int, only_if_needed: bool = False) -> bool:
    p, pp = model.p, model.pupils
    pupil = model.pupil_at[row]
    if only_if_needed and not pp.multi_problem[row]:
        return True
    if (pupil.report is not None and pupil.report.with_social_services) or pp.therapy[row]:
        return True  # social services already have the pupil
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    writer.spend(p.hours_report, "report_of_concern")
    model.social_services.file_report(pupil, writer)
    model.mark_acted(row, "report of concern")
    return True


@school_action(
    "report_of_concern_if_needed",
    "report of concern only for multi-problem pupils ('vid behov', 000 L485-486, L493-494)",
)
def report_of_concern_if_needed(model, row: int) -> bool:
    return report_of_concern(model, row, only_if_needed=True)
