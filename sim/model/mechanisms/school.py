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

from ..network import JOINT, SOCIAL
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


def need(pupils) -> np.ndarray:
    """Triage: who comes first. The most absent first, and among equally absent pupils those
    whose absence has risen since their last ladder step (002 L2815-2817: the EHT comes in
    when needed; its cases are mostly the long-running ones)."""
    rate = pupils.window_rate()
    return rate + np.maximum(rate - pupils.rate_at_step, 0.0)


def followup_need(model) -> np.ndarray:
    """Who needs the counsellor's weekly follow-up this week (a mask): pupils the EHT has
    taken on (from the guardian meeting or the action plan, 000 L502) whose recorded absence
    is still at or above the threshold of their current ladder step. A pupil whose absence
    has fallen below it needs no weekly session this week (the weekly screen still watches).
    A pupil whose joint case a coordinator follows week by week is the coordinator's (000
    L601-667). Assumption: informed by 002 L2815-2817 (the EHT comes in when needed)."""
    pp, p = model.pupils, model.p
    thresholds = np.asarray(p.ladder_thresholds)[np.asarray(p.ladder_step_thresholds)]
    level = thresholds[np.clip(pp.step.astype(np.int64) - 1, 0, len(thresholds) - 1)]
    return (
        pp.eht_followup
        & (pp.window_rate() >= level)
        & ~model.joint_work.coordinator_follows()
    )


class SchoolActions:
    """Each school's work for pupils with problematic absence: the queue of ladder actions
    and the counsellor's weekly follow-up, worked through together in order of need.

    Triage is joint: a ladder action for a pupil whose absence is low waits while the
    counsellor follows a pupil whose absence is high or rising (002 L2815-2817). Nobody
    works in strict order of arrival, and nobody's time goes first to the newest case."""

    def __init__(self, model):
        self.model = model
        # (row, pupil id, action, week queued), per school
        self.queues: list[list[tuple[int, int, str, int]]] = [[] for _ in range(model.p.n_schools)]
        self._pending: set[tuple[int, int, str]] = set()

    def queue(self, row: int, action: str) -> None:
        """Queue ``action`` for the pupil, unless the same action is already waiting."""
        key = (row, self.model.pupil_at[row].unique_id, action)
        if key not in self._pending:
            self._pending.add(key)
            self.queues[int(self.model.pupils.school[row])].append((*key, self.model.week))

    def carry_out(self) -> None:
        """Work through each school's ladder actions and follow-up sessions, neediest pupil
        first, as far as people and hours allow. What waits is unmet demand:
        ``action_weeks_waited`` and ``followup_weeks_unserved`` count it."""
        model = self.model
        pp = model.pupils
        priority = need(pp)
        due = np.flatnonzero(followup_need(model))
        due_school = pp.school[due]
        served: list[int] = []
        for school, queue in enumerate(self.queues):
            followups = due[due_school == school]
            # One list of the week's tasks: (-need, kind, order, task). Stable: a pupil's own
            # actions keep their order (the plan before the application); at equal need a
            # ladder action comes before a follow-up session.
            tasks = [(-priority[item[0]], 0, i, item) for i, item in enumerate(queue)]
            tasks += [(-priority[row], 1, i, row) for i, row in enumerate(followups)]
            tasks.sort(key=lambda t: t[:3])
            counsellor = model.staffing.eht_member(school, "counsellor")
            waiting = []
            for _, kind, _, task in tasks:
                if kind == 1:
                    if counsellor is not None and counsellor.can(model.p.hours_followup):
                        counsellor.spend(model.p.hours_followup, "followup")
                        served.append(int(task))
                    continue
                row, pupil_id, action, queued = task
                if model.pupil_at[row].unique_id != pupil_id:
                    self._pending.discard(task[:3])  # the pupil has left school
                elif SCHOOL_ACTIONS[action].perform(model, row):
                    self._pending.discard(task[:3])
                    model.record("action_wait_weeks", model.week - queued)
                else:
                    waiting.append(task)  # no one with time this week: wait
            model.counters["action_weeks_waited"] += len(waiting)
            queue[:] = waiting
        self._follow_up(len(due), np.asarray(served, dtype=np.int64))

    def _follow_up(self, n_due: int, served: np.ndarray) -> None:
        """A week of follow-up for the pupils the counsellor saw: they are in an ongoing
        course of help (which slows escalation, M1) and their bond grows; in the first
        ``followup_course_weeks`` weeks of the episode each week is also help with effect
        ``effect_eht_followup_week`` (000 L1004: weekly talks)."""
        model = self.model
        pp, p = model.pupils, model.p
        model.counters["followup_hours_needed"] += n_due * p.hours_followup
        model.counters["followup_hours_given"] += len(served) * p.hours_followup
        model.counters["followup_weeks_unserved"] += n_due - len(served)
        if not served.size:
            return
        in_course = served[pp.followup_weeks[served] < p.followup_course_weeks]
        pp.relieve(in_course, p.effect_eht_followup_week, "school")
        pp.followup_weeks[served] += 1
        fits = np.where(pp.multi_problem[served], p.school_help_for_family_cause, 1.0)
        pp.mark_treated(served, fits)
        pp.strengthen_bond(served, p.bond_gain_contact)


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
        pp.relieve(rows, p.effect_first_absence_call, "school")
        pp.strengthen_bond(rows, p.bond_gain_contact)


def school_trusts(model, writer, sector: str = SOCIAL) -> float:
    """How the writer's trust in ``sector`` changes what the school does: a factor
    ``1 + school_trust_report_effect * (trust - trust_initial)``, at least 0. A school that
    trusts social services shares what it sees; mistrust makes it hold back (003
    L2949-2981: where there is mistrust, formal obstacles such as secrecy are pushed
    forward)."""
    trust = model.ties.view_of_sector(writer.unique_id, sector)
    return max(0.0, 1.0 + model.p.school_trust_report_effect * (trust - model.p.trust_initial))


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
        pp.relieve(row, p.effect_contact_guardians, "school")
        pp.strengthen_bond(row, p.bond_gain_contact)
    return True


@school_action(
    "inform_eht",
    "mentor talks with the pupil and tells the student health team that step 2 is done "
    "(000 L478-480)",
)
def inform_eht(model, row: int) -> bool:
    p, pp = model.p, model.pupils
    if _mentor_spends(model, row, "pupil_talk") is None:
        return False
    pp.strengthen_bond(row, p.bond_gain_contact)
    model.mark_acted(row, "EHT informed")
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
    pp.relieve(row, p.effect_guardian_meeting, "school")
    pp.eht_followup[row] = True  # steps 3-5 are the mentor's and the EHT's together (000 L502)
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
    pp.relieve(row, p.effect_action_plan, "school")
    pp.eht_followup[row] = True
    pp.plan_written[row] = True
    # The plan finds a need of special support more often the higher the absence: at the
    # first threshold with special_support_share, at twice it with 1 - (1 - share)^2, ...
    ratio = float(pp.window_rate()[row]) / p.ladder_thresholds[0]
    pp.special_support[row] = model.rng.random() < 1.0 - (1.0 - p.special_support_share) ** ratio
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
    if pupil.grade < p.joint_work_from_grade:
        return True  # joint work does not cover this grade
    if model.first_step_with("action_plan") is not None:
        if not model.pupils.plan_written[row]:
            return False  # the application follows the action plan (000 L488-490)
        if not model.pupils.special_support[row]:
            return True  # the plan found no need of special support: no application
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    if model.rng.random() >= school_trusts(model, writer, JOINT):
        pupil.note("the school held back an application (mistrust)")
        return True
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
        return True  # no concern about the home: absence alone is the school's to handle
    if (pupil.report is not None and pupil.report.with_social_services) or pp.therapy[row]:
        return True  # social services already have the pupil
    writer = _with_time(model.staffing.report_writer(row), p.hours_report)
    if writer is None:
        return False
    if only_if_needed:  # 'vid behov': the school must see the need, and be willing to say so
        chance = p.report_if_needed_probability * school_trusts(model, writer, SOCIAL)
        if model.rng.random() >= chance:
            pupil.note("no report of concern this time")
            return True
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
