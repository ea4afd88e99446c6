"""M5 and M9: joint work led by the coordinator and decided by the working group.

An application made at ladder step 4 with consent (000 L488-492, L697-715) goes to the
coordinator, who prepares it (000 L601-667). The working group decides it at its next
meeting, weekly or fortnightly (000 L684-685). If accepted, a family meeting is booked and,
the week after, a meeting of school and social-services professionals sets up the joint
plan; if rejected, the applicant gets feedback with other suggested measures, a
redirection (000 L745-772).

**The joint plan** is the family meeting plus the meeting of school and social-services
professionals. Its quality is the case's fit (:mod:`.fit`: the participants' trust and
familiarity, their weakest tie, and consent). The plan puts the family first in line for a
family therapist, and the family intervention then works with the plan's fit; a joint plan
adds ``effect_joint_plan_added`` of its own (0 by default: collaboration has not been shown
to beat simpler help as such, Maynard et al. 2012). Cooperation reaches the child through
access (the joint route), timeliness (the working group meets every one or two weeks; the
report route waits for intake and an investigation), fit and continuity.

**The coordinator as hub** (M9, 000 L556-667, L742): each coordinator has limited hours
and a cap on joint cases; with two, they split the pupils by grade band (000 L594-600) and
cover for each other; a vacancy with no colleague is a hub failure, and applications wait.
"""

from __future__ import annotations

import numpy as np

from ..cases import Application
from ..cases import ApplicationStatus as Status
from ..staffing import Post, PostKind
from .fit import case_fit, fit_factor
from .school import need


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

    def coordinator_follows(self) -> np.ndarray:
        """Pupils whose joint plan is set and whose coordinator is in post (a mask)."""
        mask = np.zeros(self.model.pupils.n, dtype=bool)
        for coordinator in self.model.staffing.coordinators():
            for app in coordinator.joint_cases:
                if app.status is Status.PLANNED and self.model.is_in_school(app.pupil):
                    mask[app.pupil.idx] = True
        return mask

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

    def by_need(self, status: Status) -> list[Application]:
        """The applications with ``status``, neediest pupil first (triage, as at school: the
        most absent and those whose absence rises, 002 L2815-2817); assumption: the
        coordinator and the working group take the neediest first when they cannot take all."""
        apps = [a for a in self.applications if a.status is status]
        if len(apps) > 1:
            score = need(self.model.pupils)
            apps.sort(key=lambda a: -score[a.pupil.idx])
        return apps

    def prepare_applications(self) -> None:
        model = self.model
        p = model.p
        for app in self.by_need(Status.SUBMITTED):
            if not model.is_in_school(app.pupil):
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
                model.pupils.relieve(app.pupil.idx, p.effect_redirection, "school")
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
        waiting = self.by_need(Status.ACCEPTED)  # for a coordinator with room, neediest first
        for app in waiting + [a for a in self.applications if a.status is not Status.ACCEPTED]:
            if not model.is_in_school(app.pupil):
                continue
            if app.status is Status.ACCEPTED:
                coordinator = (
                    app.coordinator
                    if app.coordinator in staffing.coordinators()
                    else self.responsible_coordinator(app.pupil)
                )
                if (
                    coordinator is not None
                    and len(coordinator.joint_cases) >= p.coordinator_caseload
                ):
                    # the colleague with room takes it (the pair covers for each other)
                    coordinator = next(
                        (
                            c
                            for c in staffing.coordinators()
                            if len(c.joint_cases) < p.coordinator_caseload
                        ),
                        None,
                    )
                if coordinator is None:
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
        app.quality = case_fit(model, people, row)
        if p.effect_joint_plan_added > 0:
            g = p.effect_joint_plan_added * fit_factor(model, app.quality)
            model.pupils.relieve(row, g, "family")
        app.status = Status.PLANNED
        app.weeks_left = p.therapy_weeks
        model.record("plan_quality", app.quality)
        model.record("weeks_application_to_plan", week - app.week_submitted)
        model.mark_cross_sector(row, "joint plan set")
        model.pupils.school_informed[row] = True  # the school is part of the plan
        app.family_case = model.social_services.offer_therapy_first(app.pupil, app.quality)

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
                    g = p.effect_case_coordination_week * fit_factor(model, app.quality)
                    model.pupils.relieve(app.pupil.idx, g, "family")
                    model.pupils.mark_treated(app.pupil.idx)
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
        """A leaving coordinator's joint cases pass to a colleague, or wait for a successor;
        either way the case changes hands and loses ``handover_fit_loss`` of its fit."""
        colleagues = [c for c in self.model.staffing.coordinators() if c is not coordinator]
        for app in coordinator.joint_cases:
            app.coordinator = colleagues[0] if colleagues else None
            self._hand_over(app)
        if colleagues:
            colleagues[0].joint_cases.extend(coordinator.joint_cases)
        else:
            self.orphaned_cases.extend(coordinator.joint_cases)
        coordinator.joint_cases = []

    def _hand_over(self, app: Application) -> None:
        loss = self.model.p.handover_fit_loss
        if app.quality is not None:
            app.quality *= 1.0 - loss
        if app.family_case is not None and app.family_case.fit is not None:
            app.family_case.fit *= 1.0 - loss
        self.model.counters["case_handovers"] += 1

    def adopt_orphans(self, coordinator) -> None:
        """A new coordinator takes over the joint cases that waited for one."""
        if self.orphaned_cases:
            coordinator.joint_cases.extend(self.orphaned_cases)
            for app in self.orphaned_cases:
                app.coordinator = coordinator
            self.orphaned_cases = []
