"""M5 and M9: joint work led by the coordinator and decided by the working group.

An application made at ladder step 4 with consent (000 L488-492, L697-715) goes to the
coordinator, who prepares it (000 L601-667). The working group decides it at its next
meeting, weekly or fortnightly (000 L684-685). If accepted, a family meeting is booked and,
the week after, a meeting of school and social-services professionals sets up the joint
plan; if rejected, the applicant gets feedback with other suggested measures, a
redirection (000 L745-772).

**Plan quality** (000 L1161-1171: the same message from both agencies has more force;
004 L1864-1947, relational coordination) is the product of
* the participants' mean trust and familiarity, ``w * trust + (1 - w) * familiarity`` with
  ``w = plan_trust_weight``, times ``(1 - c) + c * consent`` with ``c = plan_consent_weight``,
* timeliness: ``exp(-weeks since the application / timeliness_weeks)``.
The plan's support is ``effect_joint_plan * quality``, times ``absence_only_traction`` for
an absence-only pupil (000 L1228-1233), and the family is put first in line for a family
therapist.

**The coordinator as hub** (M9, 000 L556-667, L742): each coordinator has limited hours
and a cap on joint cases; with two, they split the pupils by grade band (000 L594-600) and
cover for each other; a vacancy with no colleague is a hub failure, and applications wait.
"""

from __future__ import annotations

import math

from ..agents import Case


def responsible_coordinator(model, pupil):
    """The coordinator for the pupil's grade band, or a colleague covering a vacancy."""
    in_post = model.coordinators()
    if not in_post:
        return None
    grade = pupil.grade
    for c in in_post:
        if grade in c.grades:
            return c
    return in_post[0]  # the colleague covers the vacant band


def work(model) -> None:
    prepare_applications(model)
    if (model.has_working_group and model.coordinators()
            and model.week % model.p.working_group_interval_weeks == 0):
        working_group_meeting(model)  # led by a coordinator: none in post, no meeting
    hold_joint_meetings(model)
    follow_joint_cases(model)


def prepare_applications(model) -> None:
    p = model.p
    for app in model.applications:
        if app.status != "submitted" or not model.is_in_school(app.pupil):
            continue
        coordinator = responsible_coordinator(model, app.pupil)
        if coordinator is None or not coordinator.can(p.hours_application):
            continue
        coordinator.spend(p.hours_application, "application")
        app.status = "prepared"
        app.coordinator = coordinator


def working_group_members(model) -> list:
    """Coordinators, two principals, a senior social worker and a head of support (000 L673-676)."""
    posts = ["eht/0/principal", f"eht/{min(1, model.p.n_schools - 1)}/principal",
             "investigator/0", "family_therapist/0"]
    people = model.coordinators() + [model.staff(post) for post in posts]
    return [a for a in dict.fromkeys(people) if a is not None]


def working_group_meeting(model) -> None:
    p, rng = model.p, model.rng
    model.meet(working_group_members(model), "meeting:working_group", p.hours_meeting)
    model.counters["working_group_meetings"] += 1
    for app in model.applications:
        if app.status != "prepared" or not model.is_in_school(app.pupil):
            continue
        multi = app.pupil.multi_problem
        accept = p.accept_probability * (1.0 if multi else p.absence_only_traction)
        app.week_decided = model.week
        accepted = rng.random() < accept
        model.count_uptake(app.pupil.idx, accepted)
        if accepted:
            app.status = "accepted"
            app.pupil.note("application accepted by the working group")
        else:
            app.status = "rejected"
            model.counters["rejections"] += 1
            model.pupils.support[app.pupil.idx] += p.effect_redirection
            app.pupil.note("application rejected: redirection")
            if app.coordinator is not None and model.ties.present(app.coordinator.unique_id,
                                                                     app.applicant):
                model.ties.feedback(app.coordinator.unique_id, app.applicant)
            app.pupil.application = None


def hold_joint_meetings(model) -> None:
    """Family meeting, then the multi-professional meeting that sets the joint plan."""
    p, week = model.p, model.week
    for app in model.applications:
        if not model.is_in_school(app.pupil):
            continue
        if app.status == "accepted":
            coordinator = app.coordinator if app.coordinator in model.coordinators() else \
                responsible_coordinator(model, app.pupil)
            if coordinator is None or len(coordinator.joint_cases) >= p.coordinator_caseload:
                continue  # waits for a coordinator with room
            app.coordinator = coordinator
            coordinator.joint_cases.append(app)
            people = [coordinator, model.staff(f"eht/{app.pupil.school}/counsellor"),
                      model.pick_family_therapist()]
            meeting(model, app, people, "meeting:family")
            app.status = "family_meeting"
            app.family_meeting_week = week
        elif (app.status == "family_meeting" and week > app.family_meeting_week
              and app.coordinator in model.coordinators()):  # no plan without the hub
            row = app.pupil.idx
            school = app.pupil.school
            people = [app.coordinator, model.mentor_of(row),
                      model.staff(f"eht/{school}/counsellor"),
                      model.staff(f"eht/{school}/special_educator"),
                      model.pick_family_therapist(), model.school_social_worker_of(row)]
            people = meeting(model, app, people, "meeting:joint")
            ids = [a.unique_id for a in people]
            trust, familiarity = model.ties.mean_between(ids)
            consent = float(model.pupils.consent[row])
            w, c = p.plan_trust_weight, p.plan_consent_weight
            relational = (w * trust + (1 - w) * familiarity) * ((1 - c) + c * consent)
            timeliness = math.exp(-(week - app.week_submitted) / p.timeliness_weeks)
            app.quality = relational * timeliness
            traction = 1.0 if app.pupil.multi_problem else p.absence_only_traction
            model.pupils.support[row] += p.effect_joint_plan * app.quality * traction
            app.status = "planned"
            app.weeks_left = p.therapy_weeks
            model.record("plan_quality", app.quality)
            model.record("weeks_application_to_plan", week - app.week_submitted)
            model.mark_cross_sector(row, "joint plan set")
            if not model.pupils.therapy[row] and not any(c.pupil is app.pupil
                                                         for c in model.therapy_queue):
                model.therapy_queue.insert(0, Case(app.pupil, "therapy", p.therapy_weeks))


def meeting(model, app, people, kind) -> list:
    people = model.meet(people, kind, model.p.hours_meeting)
    model.counters["joint_meetings"] += 1
    app.pupil.note(kind.split(":")[1] + " meeting")
    return people


def follow_joint_cases(model) -> None:
    p = model.p
    for coordinator in model.coordinators():
        still = []
        for app in coordinator.joint_cases:
            if not model.is_in_school(app.pupil):
                continue
            if app.status == "planned" and coordinator.can(p.hours_joint_case):
                coordinator.spend(p.hours_joint_case, "joint_case")
                app.weeks_left -= 1
                if app.weeks_left <= 0:
                    app.status = "closed"
                    app.pupil.application = None
                    continue
            still.append(app)
        coordinator.joint_cases = still
    model.applications = [a for a in model.applications
                          if a.status not in ("rejected", "closed") and model.is_in_school(a.pupil)]


def orphan_cases(model, coordinator) -> None:
    """A leaving coordinator's joint cases pass to a colleague, or wait for a successor."""
    colleagues = [c for c in model.coordinators() if c is not coordinator]
    for app in coordinator.joint_cases:
        app.coordinator = colleagues[0] if colleagues else None
    if colleagues:
        colleagues[0].joint_cases.extend(coordinator.joint_cases)
    else:
        model.orphaned_joint_cases.extend(coordinator.joint_cases)
    coordinator.joint_cases = []
