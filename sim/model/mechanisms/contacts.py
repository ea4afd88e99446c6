"""M6, M7, M10, M11: scheduled contacts that build trust and familiarity.

Regular physical meetings give understanding of each other's mandates and lower the
threshold between the sectors: "När man träffas kontinuerligt skapas respekt och
förståelse." (000 L1455; L1417-1478). Meetings without a case count too (000 L1577-1588).
Each contact is a :meth:`CooperationNetwork.contact`, whose gain shrinks with meeting size
(small forums build more, 000 L1534-1560).

Each contact, who meets, the parameter that sets how often, and the source:

* coordinator meets each EHT: one of the coordinators (in turn) + the school's EHT;
  ``coordinator_eht_interval_weeks`` (4); 000 L733-734
* liaison social worker at the EHT meeting: an intake worker (in turn) + the school's EHT;
  ``liaison_interval_weeks`` (0 = none); 002 L1734-1764
* intake visits each EHT: intake workers + the school's EHT; ``intake_eht_interval_weeks``
  (18, once a term); 000 L730, L1583-1585
* cross-sector forum: all EHT members and social workers; ``forum_interval_weeks``
  (0 = none); 000 L1417-1478; 004 L2132-2138. With ``forum_with_parents`` (Aalborg's
  Trivselsforum, 004 L2130-2134, L2171-2174) the guardians of the pupils discussed take part
* joint training day: EHTs, social workers, coordinators; ``training_days_per_year``;
  000 L572, L1577-1588
* co-located informal contact: a counsellor and a social worker;
  ``colocated_contact_probability``, weekly; 001 L251, L273
* house meeting: all co-located staff; ``house_meeting_interval_weeks``; 001 L313
* Samrum: school social worker + the school's EHT; ``samrum_interval_weeks``; 004 L2140-2167

Only ``network_meeting_case_time_share`` of a contact's hours come out of the hours the
staff have for cases; all of them are booked (for the cost accounting).

At every contact between a school's EHT and the other side, except intake's termly visit
(it presents intake's work, 000 L730-731) and the training day (a day "without a case", 000
L1577-1581), the EHT can bring its cases for consultation
(:mod:`.consultation`): this is how regular contact reaches the child.

Schools are visited in turn (school ``s`` in weeks where ``(week + s) % interval == 0``),
so a monthly round spreads over the month.
"""

from __future__ import annotations

import numpy as np

from .consultation import consult
from .guardians import ask_consent


def _due(week: int, interval: int, offset: int = 0) -> bool:
    """A contact every ``interval`` weeks (0: never), school ``offset`` in its own week."""
    return interval > 0 and (week + offset) % interval == 0


def training_weeks(weeks_per_year: int, days_per_year: int) -> set[int]:
    """Weeks of the year with a joint training day, spread evenly."""
    return {int((k + 0.5) * weeks_per_year / days_per_year) for k in range(days_per_year)}


def hold(model) -> None:
    p, week = model.p, model.week
    staffing = model.staffing
    eht = {s: staffing.eht(s) for s in range(p.n_schools)}

    coordinators = staffing.coordinators()
    intake = staffing.social_workers("intake")
    for s, members in eht.items():
        if coordinators and _due(week, p.coordinator_eht_interval_weeks, s):
            # One of the coordinators meets each EHT once a month (000 L733-734): they take
            # turns, round by round.
            turn = (week + s) // p.coordinator_eht_interval_weeks
            one = coordinators[turn % len(coordinators)]
            if _meet(model, [one, *members], "meeting:coordinator_eht", p.hours_scheduled_contact):
                consult(model, s, one)
        if _due(week, p.intake_eht_interval_weeks, s):
            # Intake presents its work (000 L730-731): no cases are brought.
            _meet(model, [*intake, *members], "meeting:intake_eht", p.hours_scheduled_contact)
        if intake and _due(week, p.liaison_interval_weeks, s):
            # A liaison social worker at the EHT meeting explains roles and the duty to
            # report (002 L1734-1764); intake workers take turns.
            turn = (week + s) // p.liaison_interval_weeks
            liaison = intake[turn % len(intake)]
            if _meet(model, [liaison, *members], "meeting:liaison", p.hours_scheduled_contact):
                consult(model, s, liaison)

    social_workers = staffing.social_workers()
    everyone_cross = [a for m in eht.values() for a in m] + social_workers
    if _due(week, p.forum_interval_weeks):
        if _meet(model, everyone_cross, "meeting:forum", p.hours_forum):
            brought = _consult_in_turn(model, eht, social_workers)
            if p.forum_with_parents:
                _parents_at_the_forum(model, brought)
    if model.week_in_year in training_weeks(p.weeks_per_year, p.training_days_per_year):
        _meet(
            model,
            everyone_cross + staffing.coordinators(),
            "meeting:training_day",
            p.hours_training_day,
        )

    if p.colocation:
        for s in eht:
            counsellor = staffing.eht_member(s, "counsellor")
            if (
                counsellor is not None
                and social_workers
                and model.rng.random() < p.colocated_contact_probability
            ):
                other = social_workers[int(model.rng.integers(len(social_workers)))]
                if _meet(
                    model, [counsellor, other], "informal_contact", p.hours_informal_contact
                ):
                    consult(model, s, other)
        if _due(week, p.house_meeting_interval_weeks) and _meet(
            model, everyone_cross + staffing.coordinators(), "meeting:house",
            p.hours_scheduled_contact,
        ):
            _consult_in_turn(model, eht, social_workers)

    for ssw in staffing.school_social_work_staff():
        for s in ssw.schools:
            if _due(week, p.samrum_interval_weeks, s):
                if _meet(model, [ssw, *eht[s]], "meeting:samrum", p.hours_scheduled_contact):
                    consult(model, s, ssw)


def _consult_in_turn(model, eht, social) -> np.ndarray:
    """At a meeting of all (a forum, a house meeting), each school's EHT brings its cases to
    one of the social workers: school ``s`` to social worker ``s`` mod their number. Returns
    the rows of the pupils consulted."""
    brought = [consult(model, s, social[s % len(social)]) for s in eht] if social else []
    return np.concatenate(brought) if brought else np.empty(0, dtype=np.int64)


def _parents_at_the_forum(model, rows: np.ndarray) -> None:
    """Aalborg's Trivselsforum has parents at the table (004 L2130-2134, L2171-2174): the
    guardians of each pupil discussed take part (an assumption: the sources do not say whose
    parents), are asked for consent, and the meeting helps as a meeting with the guardians
    does, on the family's risk (``effect_guardian_meeting``; an assumption)."""
    if not rows.size:
        return
    for row in rows.tolist():
        ask_consent(model, row)
    model.pupils.relieve(rows, model.p.effect_guardian_meeting, "family")
    model.counters["forum_parent_meetings"] += int(rows.size)


def _meet(model, people, activity: str, hours: float) -> bool:
    """A contact, held only when at least two people are in post (True when held). Only
    ``network_meeting_case_time_share`` of its hours come out of the hours for cases."""
    if len({a for a in people if a is not None}) < 2:
        return False
    model.meet(people, activity, hours, model.p.network_meeting_case_time_share)
    model.counters["scheduled_contacts"] += 1
    return True
