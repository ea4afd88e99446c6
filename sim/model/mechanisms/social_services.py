"""M4: the receiving side of a report of concern.

report of concern -> (referral delay) -> intake screening -> investigation opened or not
-> investigation -> family intervention; and, after screening, feedback to the school or
silence (000 L1094-1112, L1598-1604).

* **Referral delay.** A formal referral waits ``intake_delay_weeks`` before intake sees it;
  an informal one (``informal_referral``, a phone call to someone one knows) is settled the
  same week (001 L333: "up to several weeks" against "a couple of days" before the formal
  routine). Co-location alone does not make it faster (001 L169).
* **Opening.** Intake opens an investigation with probability ``open_probability`` for a
  multi-problem pupil, times ``absence_only_open_factor`` for absence alone ("that must be
  the school's problem", 000 L1228-1233), lowered by the investigators' workload and, for a
  consultant, by ``consultant_open_factor`` (000 L1598-1604), and scaled by the screener's
  trust in the reporter's judgement (``open_trust_effect``; competence trust, 003 L2874-2876).
* **Betrayal.** A report about a multi-problem pupil that is not opened is one the school
  found obvious: the reporter's trust in the screener collapses ("Där tappade vi
  förtroendet", 000 L1604), the EHT shares it (``team_share``), and the reporter may shift
  blame back (000 L1351-1359). Missing feedback weighs ``missing_feedback_severity``.
* **Feedback.** Intake reports back with probability ``feedback_probability``, raised by
  consent, a coordinator in post (000 L697-731), a school social worker (004) and the
  screener's familiarity with the reporter (an easy call, 000 L1623-1637), lowered
  for a consultant (``consultant_feedback_factor``, 000 L1598-1607). Missing
  feedback is a betrayal seen from the school (000 L1094-1103, L1116-1127); social services
  do not feel it, which is why the school side's trust falls more (pattern 3).
* **Intervention.** Services are voluntary (000 L1284-1300): the family accepts with its
  consent propensity. A family therapist then works with the family weekly.
"""

from __future__ import annotations

from ..cases import Case, CaseKind, ReportOfConcern, ReportOutcome
from ..network import SOCIAL
from .fit import case_fit, fit_factor
from .guardians import ask_consent


class SocialServices:
    """Intake, investigators and family therapists, with their queues (M4)."""

    def __init__(self, model):
        self.model = model
        self.intake_queue: list[ReportOfConcern] = []
        self.investigation_queue: list[Case] = []
        self.therapy_queue: list[Case] = []

    # ------------------------------------------------------------ a report arrives
    def file_report(self, pupil, writer) -> None:
        """The school files a report of concern about ``pupil``, written by ``writer``."""
        model = self.model
        # A school social worker helps write the notification (004 L544-643).
        if not model.pupils.ssw_followup[pupil.idx]:
            model.school_social_work.assign(pupil.idx)
        report = ReportOfConcern(pupil, writer.unique_id, model.week, model.week)
        report.writer_trust = model.ties.view_of_sector(writer.unique_id, SOCIAL)
        pupil.report = report
        model.counters["reports_of_concern"] += 1
        # A phone call to someone one knows is settled in days; the formal intake takes
        # weeks (001 L333). Sitting under one roof alone does not make it faster (001 L169).
        delay = 0 if model.p.informal_referral else model.p.intake_delay_weeks
        report.ready_week = report.week_filed + delay
        self.intake_queue.append(report)
        pupil.note("report of concern filed")

    def has_family(self, pupil) -> bool:
        """The family is in a therapist's care, or waiting for one."""
        return bool(self.model.pupils.therapy[pupil.idx]) or any(
            c.pupil is pupil for c in self.therapy_queue
        )

    def offer_therapy_first(self, pupil, fit: float) -> Case | None:
        """A joint plan puts the family first in line for a family therapist; the plan's fit
        carries over to the intervention. Returns the case (None if the family already has
        one: it then gets the plan's fit if that is better)."""
        for case in self.therapy_queue + [
            c for w in self.model.staffing.social_workers("family_therapist") for c in w.cases
        ]:
            if case.pupil is pupil:
                case.fit = max(case.fit or 0.0, fit)
                return case
        case = Case(pupil, CaseKind.THERAPY, self.model.p.therapy_weeks, fit=fit)
        self.therapy_queue.insert(0, case)
        return case

    # ------------------------------------------------------------ the week
    def work(self) -> None:
        p = self.model.p
        self.screen_reports()
        self.progress_cases("investigator")
        self.assign_cases(
            CaseKind.INVESTIGATION,
            self.investigation_queue,
            "investigator",
            p.investigator_caseload,
        )
        self.progress_cases("family_therapist")
        self.assign_cases(
            CaseKind.THERAPY, self.therapy_queue, "family_therapist", p.therapist_caseload
        )

    def screen_reports(self) -> None:
        model = self.model
        p, week = model.p, model.week
        waiting = []
        nobody_free = False  # once no screener has time, none will this week (hours only fall)
        for report in self.intake_queue:
            if not model.is_in_school(report.pupil):
                continue
            screener = None
            if report.ready_week <= week and not nobody_free:
                screener = self._free_worker("intake", p.hours_screening)
                nobody_free = screener is None
            if screener is None:
                waiting.append(report)
                continue
            screener.spend(p.hours_screening, "screening")
            self.decide(report, screener)
        self.intake_queue[:] = waiting

    def decide(self, report, screener) -> None:
        model = self.model
        p, pp, rng, net = model.p, model.pupils, model.rng, model.ties
        row = report.pupil.idx
        # The school contact the decision concerns: the reporter, or whoever now writes for
        # the pupil's school if the reporter has left.
        reporter = report.reporter if net.present(report.reporter) else None
        if reporter is None and (writer := model.staffing.report_writer(row)) is not None:
            reporter = writer.unique_id
        me = screener.unique_id
        if reporter is not None:
            net.send(reporter, me)  # the report reaches this screener
        multi = bool(pp.multi_problem[row])
        prob = p.open_probability * (1.0 if multi else p.absence_only_open_factor)
        prob *= 1.0 - p.workload_sensitivity * self.investigator_load()
        if screener.consultant:
            prob *= p.consultant_open_factor
        if reporter is not None:  # competence trust in the reporter's judgement
            trust = net.tie(me, reporter)["trust"]
            prob *= max(0.0, 1.0 + p.open_trust_effect * (trust - p.trust_initial))
        # A school that trusts social services writes a better-founded report: it shares
        # what it knows (003 L2949-2981).
        prob *= max(
            0.0, 1.0 + p.school_trust_information_effect * (report.writer_trust - p.trust_initial)
        )
        opened = rng.random() < min(prob, 1.0)
        model.count_uptake(row, opened)
        report.week_decided = model.week
        report.outcome = ReportOutcome.OPENED if opened else ReportOutcome.NOT_OPENED
        model.counters["reports_screened"] += 1
        model.record("referral_weeks", model.week - report.week_filed)
        if opened:
            model.counters["cases_opened"] += 1
            self.investigation_queue.append(
                Case(report.pupil, CaseKind.INVESTIGATION, p.investigation_weeks)
            )
            report.pupil.note("investigation opened")
        else:
            report.pupil.note("report not opened")
            if multi and not self.to_joint_work(report) and reporter is not None:
                self.school_feels_betrayed(reporter, screener, 1.0)
                net.blame(reporter, me, rng)

        fb = p.feedback_probability
        fb += p.feedback_consent_bonus * pp.consent[row]
        fb += p.feedback_coordinator_bonus * (model.staffing.coordinators_in_post() > 0)
        fb += p.ssw_feedback_bonus * bool(pp.ssw_followup[row])
        if reporter is not None:  # an easy call to someone you know (000 L1623-1637)
            fb += p.feedback_familiarity_bonus * net.tie(me, reporter)["familiarity"]
        if screener.consultant:
            fb *= p.consultant_feedback_factor
        report.feedback = rng.random() < min(fb, 1.0)
        if reporter is None:
            return
        if report.feedback:
            pp.school_informed[row] = True  # the school can now reach the family situation
            model.counters["feedback_given"] += 1
            net.feedback(me, reporter)
            net.contact([me, reporter], kind="feedback")
            screener.spend(p.hours_feedback, "feedback")
        else:
            self.school_feels_betrayed(reporter, screener, p.missing_feedback_severity)

    def to_joint_work(self, report) -> bool:
        """A report about a multi-problem family that intake does not open goes on to joint
        work where there is a joint route: the coordinator, invited to intake's first meeting
        with the guardians (000 L726-728), offers the family joint work, and with the
        guardians' consent an application goes to the working group (000 L745-772), with
        probability ``unopened_report_to_joint_work``. Then something happens for the family,
        and the school does not feel the report was dropped. True if the family goes on (or
        already has an application)."""
        model, p = self.model, self.model.p
        pupil = report.pupil
        jw = model.joint_work
        if not jw.has_working_group or model.staffing.coordinators_in_post() == 0:
            return False
        if pupil.application is not None:
            return True
        if pupil.grade < p.joint_work_from_grade or p.unopened_report_to_joint_work <= 0:
            return False
        writer = model.staffing.report_writer(pupil.idx)
        if writer is None or model.rng.random() >= p.unopened_report_to_joint_work:
            return False
        if not ask_consent(model, pupil.idx):
            pupil.note("no consent: no joint work after the report")
            return False
        jw.submit(pupil, writer)
        model.counters["reports_to_joint_work"] += 1
        return True

    def school_feels_betrayed(self, reporter, screener, severity: float) -> None:
        """The reporter, and at ``team_share`` their EHT colleagues, lose trust in the screener."""
        model = self.model
        net = model.ties
        net.betrayal(reporter, screener.unique_id, severity)
        school = net.school_of(reporter)
        if model.p.team_share > 0 and school >= 0:
            for member in model.staffing.eht(school):
                if member.unique_id != reporter:
                    net.betrayal(
                        member.unique_id, screener.unique_id, severity * model.p.team_share
                    )

    def investigator_load(self) -> float:
        workers = self.model.staffing.social_workers("investigator")
        capacity = len(workers) * self.model.p.investigator_caseload
        if capacity == 0:
            return 1.0
        return min(1.0, sum(len(w.cases) for w in workers) / capacity)

    def assign_cases(self, kind: CaseKind, queue: list[Case], role: str, cap: int) -> None:
        model = self.model
        waiting = []
        for case in queue:
            if not model.is_in_school(case.pupil):
                continue
            free = [w for w in model.staffing.social_workers(role) if len(w.cases) < cap]
            if not free:
                waiting.append(case)
                continue
            worker = min(free, key=lambda w: len(w.cases))
            case.worker = worker
            worker.cases.append(case)
            if kind is CaseKind.THERAPY:
                row = case.pupil.idx
                if case.fit is None:  # after a report: the school's writer and the therapist
                    case.fit = case_fit(model, [model.staffing.report_writer(row), worker], row)
                model.pupils.therapy[row] = True
                model.mark_cross_sector(row, "family intervention starts")
        queue[:] = waiting

    def progress_cases(self, role: str) -> None:
        model = self.model
        p, pp = model.p, model.pupils
        for worker in model.staffing.social_workers(role):
            still = []
            for case in worker.cases:
                if not model.is_in_school(case.pupil):
                    continue
                if worker.can(p.hours_casework):
                    worker.spend(p.hours_casework, case.kind)
                    case.weeks_left -= 1
                    if case.kind is CaseKind.THERAPY:  # one week of the course, on the family
                        g = p.effect_family_intervention / p.therapy_weeks
                        pp.relieve(case.pupil.idx, g * fit_factor(model, case.fit), "family")
                        pp.mark_treated(case.pupil.idx)
                if case.weeks_left > 0:
                    still.append(case)
                else:
                    self.finish(case)
            worker.cases = still

    def finish(self, case: Case) -> None:
        model = self.model
        p, pp = model.p, model.pupils
        row = case.pupil.idx
        if case.kind is CaseKind.INVESTIGATION:
            accept = pp.consent_p[row] + p.ssw_consent_bonus * bool(pp.ssw_followup[row])
            if self.has_family(case.pupil):
                pass  # a joint plan has already put the family in line for a therapist
            elif model.rng.random() < min(accept, 1.0):
                self.therapy_queue.append(Case(case.pupil, CaseKind.THERAPY, p.therapy_weeks))
                case.pupil.note("family accepts a family intervention")
            else:
                case.pupil.note("family declined voluntary measures")
            if case.pupil.report is not None:
                case.pupil.report.outcome = ReportOutcome.INVESTIGATED
        else:
            pp.therapy[row] = False
            case.pupil.note("family intervention ends")

    def requeue(self, worker) -> None:
        """A leaving social worker's cases go back to the queue and wait for a successor, who
        must redo part of the work (``handover_restart_share`` of the weeks done) and starts
        with less fit (``handover_fit_loss``): continuity (000 L1609-1618)."""
        p = self.model.p
        for case in worker.cases:
            full = p.investigation_weeks if case.kind is CaseKind.INVESTIGATION else p.therapy_weeks
            done = max(full - case.weeks_left, 0)
            case.weeks_left += round(p.handover_restart_share * done)
            if case.fit is not None:
                case.fit *= 1.0 - p.handover_fit_loss
            case.handovers += 1
            self.model.counters["case_handovers"] += 1
            case.worker = None
            queue = (
                self.investigation_queue
                if case.kind is CaseKind.INVESTIGATION
                else self.therapy_queue
            )
            queue.insert(0, case)
        worker.cases = []

    def _free_worker(self, role: str, hours: float):
        free = [w for w in self.model.staffing.social_workers(role) if w.can(hours)]
        return max(free, key=lambda w: w.hours_left) if free else None
