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

from ..cases import Application
from ..cases import ApplicationStatus as Status
from ..staffing import Post, PostKind


class JointWork:
    """Applications to joint work, the working group and the coordinators' joint cases."""

    def __init__(self, model):
        self.model = model
        self.applications: list[Application] = []
        self.orphaned_cases: list[Application] = []  # joint cases waiting for a coordinator

    @property
    def has_working_group(self) -> bool:
        """The system has a working group (it meets only when a coordinator is in post)."""
        return self.model.p.working_group_interval_weeks > 0 and self.model.p.n_coordinators > 0

    def submit(self, pupil, writer) -> None:
        """The school applies for joint work for ``pupil``; ``writer`` wrote the application."""
        model = self.model
        app = Application(pupil, writer.unique_id, model.week)
        pupil.application = app
        self.applications.append(app)
        model.counters["applications"] += 1
        pupil.note("application to joint work")

    def responsible_coordinator(self, pupil):
        """The coordinator for the pupil's grade band, or a colleague covering a vacancy."""
        in_post = self.model.staffing.coordinators()
        if not in_post:
            return None
        grade = pupil.grade
        for c in in_post:
            if grade in c.grades:
                return c
        return in_post[0]  # the colleague covers the vacant band

    # ------------------------------------------------------------ the week
    def work(self) -> None:
        model = self.model
        self.prepare_applications()
        if (
            self.has_working_group
            and model.staffing.coordinators()
            and model.week % model.p.working_group_interval_weeks == 0
        ):
            self.working_group_meeting()  # led by a coordinator: none in post, no meeting
        self.hold_joint_meetings()
        self.follow_joint_cases()

    def prepare_applications(self) -> None:
        model = self.model
        p = model.p
        for app in self.applications:
            if app.status is not Status.SUBMITTED or not model.is_in_school(app.pupil):
                continue
            coordinator = self.responsible_coordinator(app.pupil)
            if coordinator is None or not coordinator.can(p.hours_application):
                continue
            coordinator.spend(p.hours_application, "application")
            app.status = Status.PREPARED
            app.coordinator = coordinator

    def working_group_members(self) -> list:
        """Coordinators, two principals, a senior social worker and a head of support
        (000 L673-676)."""
        staffing, n_schools = self.model.staffing, self.model.p.n_schools
        people = staffing.coordinators() + [
            staffing.eht_member(0, "principal"),
            staffing.eht_member(min(1, n_schools - 1), "principal"),
            staffing.in_post(Post(PostKind.INVESTIGATOR, 0)),  # a senior social worker
            staffing.in_post(Post(PostKind.FAMILY_THERAPIST, 0)),  # a head of support
        ]
        return [a for a in dict.fromkeys(people) if a is not None]

    def working_group_meeting(self) -> None:
        model = self.model
        p, rng = model.p, model.rng
        model.meet(self.working_group_members(), "meeting:working_group", p.hours_meeting)
        model.counters["working_group_meetings"] += 1
        for app in self.applications:
            if app.status is not Status.PREPARED or not model.is_in_school(app.pupil):
                continue
            multi = app.pupil.multi_problem
            accept = p.accept_probability * (1.0 if multi else p.absence_only_traction)
            app.week_decided = model.week
            accepted = rng.random() < accept
            model.count_uptake(app.pupil.idx, accepted)
            if accepted:
                app.status = Status.ACCEPTED
                app.pupil.note("application accepted by the working group")
            else:
                app.status = Status.REJECTED
                model.counters["rejections"] += 1
                model.pupils.support[app.pupil.idx] += p.effect_redirection
                app.pupil.note("application rejected: redirection")
                if app.coordinator is not None and model.ties.present(
                    app.coordinator.unique_id, app.applicant
                ):
                    model.ties.feedback(app.coordinator.unique_id, app.applicant)
                app.pupil.application = None

    def hold_joint_meetings(self) -> None:
        """Family meeting, then the multi-professional meeting that sets the joint plan."""
        model = self.model
        p, week, staffing = model.p, model.week, model.staffing
        for app in self.applications:
            if not model.is_in_school(app.pupil):
                continue
            if app.status is Status.ACCEPTED:
                coordinator = (
                    app.coordinator
                    if app.coordinator in staffing.coordinators()
                    else self.responsible_coordinator(app.pupil)
                )
                if coordinator is None or len(coordinator.joint_cases) >= p.coordinator_caseload:
                    continue  # waits for a coordinator with room
                app.coordinator = coordinator
                coordinator.joint_cases.append(app)
                people = [
                    coordinator,
                    staffing.eht_member(app.pupil.school, "counsellor"),
                    staffing.family_therapist_with_fewest_cases(),
                ]
                self._meeting(app, people, "meeting:family")
                app.status = Status.FAMILY_MEETING
                app.family_meeting_week = week
            elif (
                app.status is Status.FAMILY_MEETING
                and week > app.family_meeting_week
                and app.coordinator in staffing.coordinators()
            ):  # no plan without the hub
                self.set_joint_plan(app)

    def set_joint_plan(self, app: Application) -> None:
        model = self.model
        p, week, staffing = model.p, model.week, model.staffing
        row = app.pupil.idx
        school = app.pupil.school
        people = [
            app.coordinator,
            staffing.mentor_of(row),
            staffing.eht_member(school, "counsellor"),
            staffing.eht_member(school, "special_educator"),
            staffing.family_therapist_with_fewest_cases(),
            model.school_social_work.worker_of(row),
        ]
        people = self._meeting(app, people, "meeting:joint")
        ids = [a.unique_id for a in people]
        trust, familiarity = model.ties.mean_between(ids)
        consent = float(model.pupils.consent[row])
        w, c = p.plan_trust_weight, p.plan_consent_weight
        app.quality = plan_quality(
            trust,
            familiarity,
            consent,
            week - app.week_submitted,
            trust_weight=w,
            consent_weight=c,
            timeliness_weeks=p.timeliness_weeks,
        )
        traction = 1.0 if app.pupil.multi_problem else p.absence_only_traction
        model.pupils.support[row] += p.effect_joint_plan * app.quality * traction
        app.status = Status.PLANNED
        app.weeks_left = p.therapy_weeks
        model.record("plan_quality", app.quality)
        model.record("weeks_application_to_plan", week - app.week_submitted)
        model.mark_cross_sector(row, "joint plan set")
        model.social_services.offer_therapy_first(app.pupil)

    def _meeting(self, app: Application, people, kind: str) -> list:
        people = self.model.meet(people, kind, self.model.p.hours_meeting)
        self.model.counters["joint_meetings"] += 1
        app.pupil.note(kind.split(":")[1] + " meeting")
        return people

    def follow_joint_cases(self) -> None:
        model = self.model
        p = model.p
        for coordinator in model.staffing.coordinators():
            still = []
            for app in coordinator.joint_cases:
                if not model.is_in_school(app.pupil):
                    continue
                if app.status is Status.PLANNED and coordinator.can(p.hours_joint_case):
                    coordinator.spend(p.hours_joint_case, "joint_case")
                    app.weeks_left -= 1
                    if app.weeks_left <= 0:
                        app.status = Status.CLOSED
                        app.pupil.application = None
                        continue
                still.append(app)
            coordinator.joint_cases = still
        self.applications[:] = [
            a
            for a in self.applications
            if a.status not in (Status.REJECTED, Status.CLOSED) and model.is_in_school(a.pupil)
        ]

    # ------------------------------------------------------------ turnover (M9)
    def orphan_cases(self, coordinator) -> None:
        """A leaving coordinator's joint cases pass to a colleague, or wait for a successor."""
        colleagues = [c for c in self.model.staffing.coordinators() if c is not coordinator]
        for app in coordinator.joint_cases:
            app.coordinator = colleagues[0] if colleagues else None
        if colleagues:
            colleagues[0].joint_cases.extend(coordinator.joint_cases)
        else:
            self.orphaned_cases.extend(coordinator.joint_cases)
        coordinator.joint_cases = []

    def adopt_orphans(self, coordinator) -> None:
        """A new coordinator takes over the joint cases that waited for one."""
        if self.orphaned_cases:
            coordinator.joint_cases.extend(self.orphaned_cases)
            for app in self.orphaned_cases:
                app.coordinator = coordinator
            self.orphaned_cases = []


def plan_quality(
    trust: float,
    familiarity: float,
    consent: float,
    weeks_waited: int,
    *,
    trust_weight: float,
    consent_weight: float,
    timeliness_weeks: float,
) -> float:
    """A joint plan's quality in [0, 1]: relational coordination times timeliness.

    ``(w * trust + (1 - w) * familiarity) * ((1 - c) + c * consent)
    * exp(-weeks_waited / timeliness_weeks)``.
    """
    w, c = trust_weight, consent_weight
    relational = (w * trust + (1 - w) * familiarity) * ((1 - c) + c * consent)
    return relational * math.exp(-weeks_waited / timeliness_weeks)
