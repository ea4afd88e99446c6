"""The model: one municipality's schools and social services, week by week.

One step is one school week of five school days (DESIGN.md, Time). A school year has
``weeks_per_year`` weeks, an autumn and a spring term. At the start of each new year grade
9 leaves with an outcome (eligible for upper secondary or not), everyone moves up a grade,
and a new cohort enters the preschool class.

The rules live in :mod:`.mechanisms` (one module per mechanism, each citing its source)
and in :mod:`.pupils` (absence, M1 and M3) and :mod:`.network` (trust, M6 and M7).
This module wires them together and keeps the organisations: posts, queues and counters.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import mesa
import numpy as np
import pandas as pd

from .agents import (
    EHT_ROLES,
    SOCIAL_ROLES,
    Application,
    Coordinator,
    EHTMember,
    Mentor,
    Professional,
    Pupil,
    ReportOfConcern,
    SchoolSocialWorker,
    SocialWorker,
)
from .ledger import HoursLedger
from .mechanisms import contacts, joint_work, ladder, school, social_services, turnover
from .network import CooperationNetwork
from .outcomes import reporters
from .params import ParameterError, Params, check_params
from .pupils import DAYS_PER_WEEK, PupilPopulation


class SchoolCooperationModel(mesa.Model):
    """School and social-services cooperation around pupils with problematic absence.

    Parameters are the names in :mod:`sim.model.params`; pass a validated ``params`` or keyword
    overrides (``SchoolCooperationModel(n_coordinators=1, seed=3)``), which makes the class
    usable with ``mesa.batch_run``. With ``years`` the model stops (``running = False``)
    after that many school years.
    """

    def __init__(self, params: Params | None = None, seed: int | None = None,
                 years: int | None = None, **overrides):
        super().__init__(seed=seed)
        if params is None:
            params = check_params(overrides, origin="model keyword")
        elif overrides:
            params = check_params(overrides, origin="model keyword", base=params.values)
        self.p = params
        self.years = years
        self.week = 0
        self.counters: Counter = Counter()
        self.records: dict[str, list] = defaultdict(list)
        self.ledger = HoursLedger()
        self.ties = CooperationNetwork(params, lambda: self.week)  # the rules of M6, M7

        self.pupils = PupilPopulation(params, self.rng)
        self.pupil_at: list[Pupil] = [Pupil(self, i) for i in range(params.n_pupils)]

        self.posts: dict[str, Professional | None] = {}
        self.vacancies: dict[str, int] = {}
        self.school_queues: list[list] = [[] for _ in range(params.n_schools)]
        self.pending_actions: set = set()
        self._roster: list[Professional] | None = None
        self.intake_queue: list[ReportOfConcern] = []
        self.investigation_queue: list = []
        self.therapy_queue: list = []
        self.applications: list[Application] = []
        self.orphaned_joint_cases: list[Application] = []
        self._hire_staff()
        self._first_acquaintance()

        self.training_weeks = self._training_weeks()
        self._graduated_at: int | None = None
        self._last_year_rate: np.ndarray | None = None
        self._burn_in()
        self._already_on_the_ladder()

        self.cross_stats = self.ties.cross_stats()  # re-measured at the end of every week
        self.datacollector = mesa.DataCollector(model_reporters=reporters(len(params.ladder_steps)))
        self.running = True

    # ================================================================== the week
    def step(self) -> None:
        """One school week, in the order of DESIGN.md's weekly events."""
        self.start_week()                       # calendar: new year, new term, hours
        recorded = self.pupils.attend_week(self.p.registration_compliance)  # M1, M3
        school.first_absence_calls(self, recorded)                          # M2 (002)
        ladder.screen(self)                                                 # M2
        school.carry_out_actions(self)                                      # M2
        school.eht_followup(self)                                           # M2
        self.school_social_work()                                           # M11
        social_services.work(self)                                          # M4
        joint_work.work(self)                                               # M5, M9
        contacts.hold(self)                                                 # M6, M7, M10
        self.pupils.update_risk()                                           # M1
        turnover.staff_turnover(self)                                       # M8
        self.observe()
        self.datacollector.collect(self)
        self.week += 1
        if self.years is not None and self.week >= self.years * self.p.weeks_per_year:
            self.graduate_final_class()
            self.running = False

    def run_years(self, years: int) -> None:
        for _ in range(years * self.p.weeks_per_year):
            self.step()
        self.graduate_final_class()

    @property
    def network(self):
        """The networkx DiGraph over all professionals, every tie up to date.

        Nodes carry ``role``, ``sector``, ``school``, ``consultant`` and ``start_week``; a tie
        a -> b carries a's ``trust`` in b, ``familiarity``, ``sent``, ``received`` and
        ``last_contact`` (see :mod:`sim.model.network`). The rules that change it are
        ``model.ties``.
        """
        return self.ties.settled()

    # ================================================================== changing levers
    FIXED_AT_START = frozenset({
        "n_pupils", "n_schools", "class_size", "weeks_per_year", "autumn_weeks",
        "ladder_window_days", "baseline_absence", "risk_sd_child", "risk_sd_family",
        "risk_sd_school", "multi_problem_share", "bond_initial", "bond_sd", "consent_propensity",
        "consent_concentration", "reachability_min", "initial_familiarity"})
    STAFF_COUNTS = {"n_intake_workers": "intake", "n_investigators": "investigator",
                    "n_family_therapists": "family_therapist", "school_social_workers": "ssw",
                    "n_coordinators": "coordinator"}

    def update_params(self, **changes) -> None:
        """Change levers in the middle of a run, e.g. a second coordinator in year 2.

        Values are validated by the registry. Staff counts hire new people (with no ties)
        or close the last posts. Parameters that shape the population at the start
        (:attr:`FIXED_AT_START`) cannot change.
        """
        fixed = sorted(set(changes) & self.FIXED_AT_START)
        if fixed:
            raise ParameterError(f"update_params: {', '.join(fixed)} can only be set when the "
                                 "model is created; they shape the population at the start.")
        old = self.p
        self.p = check_params(changes, origin="update_params", base=old.values)
        self.ties.p = self.p
        self.pupils.p = self.p
        for name, kind in self.STAFF_COUNTS.items():
            if self.p[name] != old[name]:
                self._resize_posts(kind, old[name], self.p[name])
        if self.p.training_days_per_year != old.training_days_per_year:
            self.training_weeks = self._training_weeks()

    def _training_weeks(self) -> set[int]:
        """Weeks of the year with a joint training day, spread evenly."""
        w, d = self.p.weeks_per_year, self.p.training_days_per_year
        return {int((k + 0.5) * w / d) for k in range(d)}

    def _resize_posts(self, kind: str, old: int, new: int) -> None:
        for i in range(new, old):  # close the last posts
            post = f"{kind}/{i}"
            if self.posts.get(post) is not None:
                self.vacate(self.posts[post])
            self.posts.pop(post, None)
            self.vacancies.pop(post, None)
            self._roster = None
        for i in range(old, new):
            self.fill(f"{kind}/{i}")
        if kind == "coordinator":
            for c in self.coordinators():
                c.grades = self._coordinator_grades(int(c.post.split("/")[1]))
        if kind == "ssw":
            for a in self.school_social_workers():
                a.schools = self._ssw_schools(int(a.post.split("/")[1]))

    def _coordinator_grades(self, i: int) -> tuple[int, ...]:
        """With two coordinators: preschool class to grade 6, and grades 7-9 (000 L598-600)."""
        return tuple(range(10)) if self.p.n_coordinators == 1 else (tuple(range(7)), (7, 8, 9))[i]

    def _ssw_schools(self, i: int) -> tuple[int, ...]:
        n, schools = self.p.school_social_workers, self.p.n_schools
        return tuple(range(i, schools, n)) or (i % schools,)

    # ================================================================== calendar
    @property
    def last_year_rate(self) -> np.ndarray:
        """Each pupil's recorded absence over the last finished school year (the year so far
        before the first one ends)."""
        if self._last_year_rate is None:
            return self.pupils.year_recorded / max(self.pupils.year_days, 1)
        return self._last_year_rate

    @property
    def week_in_year(self) -> int:
        return self.week % self.p.weeks_per_year

    @property
    def year(self) -> int:
        return self.week // self.p.weeks_per_year

    @property
    def term(self) -> str:
        return "autumn" if self.week_in_year < self.p.autumn_weeks else "spring"

    def start_week(self) -> None:
        if self.week > 0 and self.week_in_year == 0:
            self.new_school_year()
        if self.week_in_year in (0, self.p.autumn_weeks):
            self.pupils.absent_this_term[:] = False
        for agent in self.professionals():
            agent.new_week()

    def _burn_in(self) -> None:
        """Fill the absence window before week 0 so the ladder starts from a settled state."""
        for _ in range(math.ceil(self.p.ladder_window_days / DAYS_PER_WEEK)):
            self.pupils.attend_week(self.p.registration_compliance)
        self.pupils.year_recorded[:] = 0
        self.pupils.year_days = 0

    def _already_on_the_ladder(self) -> None:
        """Pupils whose absence is already above thresholds at the start are on the ladder.

        They are placed at the step their absence implies (at most the step of the highest
        threshold met), reached some time in the last review period, without firing that
        step's actions again. Their episodes began before the run, so they do not count in
        the time-to-intervention outcomes. This avoids a start-up burst of actions.
        """
        pp, p = self.pupils, self.p
        rate = pp.window_rate()
        step_threshold = np.asarray(p.ladder_thresholds)[np.asarray(p.ladder_step_thresholds)]
        # The step a pupil is on: the first steps whose thresholds are met, one per threshold.
        met = rate[:, None] >= step_threshold[None, :]
        first_of_threshold = np.r_[True, np.diff(p.ladder_step_thresholds) > 0]
        pp.step[:] = (met & first_of_threshold[None, :]).sum(axis=1)
        on = pp.step > 0
        pp.step_week[on] = -self.rng.integers(0, p.ladder_review_weeks, on.sum())
        pp.last_contact_week[on] = pp.step_week[on]
        pp.rate_at_step[on] = rate[on]
        pp.ever_crossed[on] = True
        self.counters["pupils_crossed"] += int(on.sum())
        pp.eht_followup[:] = pp.step >= (self.first_step_with("inform_eht") or 10**6)

    def new_school_year(self) -> None:
        """Grade 9 leaves with an outcome; everyone moves up; a new cohort enters."""
        pp = self.pupils
        self._last_year_rate = pp.year_recorded / max(pp.year_days, 1)
        leavers = np.flatnonzero(pp.grade == 9)
        if self._graduated_at != self.week:
            self.graduate(leavers)
        pp.grade[pp.grade < 9] += 1
        for row in leavers:
            self.release_school_social_worker(int(row))
            self.pupil_at[row].remove()
            self.pupil_at[row] = Pupil(self, int(row))
        pp.new_cohort(leavers)
        pp.year_recorded[:] = 0
        pp.year_days = 0
        self.counters["new_pupils"] += len(leavers)

    def graduate(self, rows: np.ndarray) -> None:
        """Eligibility for upper secondary falls with cumulative absence (assumption, see params)."""
        pp, p = self.pupils, self.p
        share = pp.cum_absent[rows] / np.maximum(pp.cum_days[rows], 1)
        prob = 1.0 / (1.0 + np.exp(-(p.eligibility_intercept - p.eligibility_absence_slope * share)))
        eligible = self.rng.random(len(rows)) < prob
        self.counters["leavers"] += len(rows)
        self.counters["eligible"] += int(eligible.sum())

    def graduate_final_class(self) -> None:
        """At the end of a run the last grade-9 class leaves too (counted once)."""
        if self.week_in_year == 0 and self._graduated_at != self.week:
            self._last_year_rate = self.pupils.year_recorded / max(self.pupils.year_days, 1)
            self.graduate(np.flatnonzero(self.pupils.grade == 9))
            self._graduated_at = self.week

    # ================================================================== staff and posts
    def _hire_staff(self) -> None:
        p, pp = self.p, self.pupils
        for klass in range(pp.n_classes):
            self.posts[f"mentor/{klass}"] = None
        for s in range(p.n_schools):
            for role in EHT_ROLES:
                self.posts[f"eht/{s}/{role}"] = None
        for role, n in zip(SOCIAL_ROLES, (p.n_intake_workers, p.n_investigators,
                                          p.n_family_therapists)):
            for i in range(n):
                self.posts[f"{role}/{i}"] = None
        for i in range(p.school_social_workers):
            self.posts[f"ssw/{i}"] = None
        for i in range(p.n_coordinators):
            self.posts[f"coordinator/{i}"] = None
        self.class_school = np.zeros(pp.n_classes, dtype=np.int32)
        self.class_school[pp.klass] = pp.school
        for post in self.posts:
            self.fill(post)

    def fill(self, post: str) -> Professional:
        """A new person takes ``post``: no ties yet (000 L1609-1618)."""
        kind, *rest = post.split("/")
        p = self.p
        if kind == "mentor":
            klass = int(rest[0])
            agent = Mentor(self, post, int(self.class_school[klass]), klass)
        elif kind == "eht":
            agent = EHTMember(self, post, int(rest[0]), rest[1])
        elif kind in SOCIAL_ROLES:
            agent = SocialWorker(self, post, kind, consultant=bool(self.rng.random() < p.consultant_share))
        elif kind == "ssw":
            agent = SchoolSocialWorker(self, post, self._ssw_schools(int(rest[0])))
        elif kind == "coordinator":
            agent = Coordinator(self, post, self._coordinator_grades(int(rest[0])))
        else:  # pragma: no cover
            raise ValueError(post)
        self.posts[post] = agent
        self._roster = None
        self.vacancies.pop(post, None)
        self.ties.add(agent)
        agent.new_week()
        if isinstance(agent, Coordinator) and self.orphaned_joint_cases:
            agent.joint_cases.extend(self.orphaned_joint_cases)
            for app in self.orphaned_joint_cases:
                app.coordinator = agent
            self.orphaned_joint_cases = []
        return agent

    def vacate(self, agent: Professional) -> None:
        """``agent`` leaves; the post is vacant for some weeks (M8)."""
        self.posts[agent.post] = None
        self._roster = None
        self.vacancies[agent.post] = self.week + turnover.vacancy_weeks(self, agent.post)
        self.counters["departures"] += 1
        self.counters[f"departures_{agent.sector}"] += 1
        if isinstance(agent, SocialWorker):
            social_services.requeue(self, agent)
        elif isinstance(agent, Coordinator):
            joint_work.orphan_cases(self, agent)
        elif isinstance(agent, SchoolSocialWorker):
            self.pupils.ssw_followup[list(agent.families)] = False
        self.ties.remove(agent)
        agent.remove()

    def _first_acquaintance(self) -> None:
        """At the start, each EHT knows intake a little (intake visits each term, 000 L730)."""
        for s in range(self.p.n_schools):
            for member in self.eht(s):
                for worker in self.social_workers("intake"):
                    for a, b in ((member, worker), (worker, member)):
                        self.ties.tie(a.unique_id, b.unique_id)["familiarity"] = \
                            self.p.initial_familiarity

    def meet(self, people, activity: str, hours: float) -> list[Professional]:
        """A face-to-face meeting: each person present (vacant posts are None) books
        ``hours`` of ``activity``, and the network records the contact (M6, M7)."""
        people = [a for a in dict.fromkeys(people) if a is not None]
        for person in people:
            person.spend(hours, activity)
        self.ties.contact([a.unique_id for a in people])
        return people

    def staff(self, post: str) -> Professional | None:
        return self.posts.get(post)

    def professionals(self) -> list[Professional]:
        """Everyone in post (cached; posts change only in fill and vacate)."""
        if self._roster is None:
            self._roster = [a for a in self.posts.values() if a is not None]
            self._by_role: dict[str, list] = defaultdict(list)
            for a in self._roster:
                self._by_role[a.role].append(a)
                self._by_role[a.sector].append(a)
        return self._roster

    def _role(self, key: str) -> list:
        self.professionals()
        return self._by_role.get(key, [])

    def eht(self, school_id: int) -> list[EHTMember]:
        return [a for r in EHT_ROLES if (a := self.posts[f"eht/{school_id}/{r}"]) is not None]

    def social_workers(self, role: str | None = None) -> list[SocialWorker]:
        """Social workers in post (intake, investigators, family therapists), or one role."""
        if role is not None:
            return list(self._role(role))
        return [a for r in SOCIAL_ROLES for a in self._role(r)]

    def school_social_workers(self) -> list[SchoolSocialWorker]:
        return list(self._role("school_social_worker"))

    def coordinators(self) -> list[Coordinator]:
        return sorted(self._role("coordinator"), key=lambda c: c.post)

    def coordinators_in_post(self) -> int:
        return len(self.coordinators())

    @property
    def has_working_group(self) -> bool:
        """The system has a working group (it meets only when a coordinator is in post)."""
        return self.p.working_group_interval_weeks > 0 and self.p.n_coordinators > 0

    def mentor_of(self, row: int) -> Mentor | None:
        return self.posts[f"mentor/{self.pupils.klass[row]}"]

    def report_writer(self, row: int) -> EHTMember | None:
        s = int(self.pupils.school[row])
        return self.staff(f"eht/{s}/counsellor") or self.staff(f"eht/{s}/principal")

    def pick_family_therapist(self) -> SocialWorker | None:
        workers = self.social_workers("family_therapist")
        return min(workers, key=lambda w: len(w.cases)) if workers else None

    # ================================================================== pupils' cases
    def is_in_school(self, pupil: Pupil) -> bool:
        return self.pupil_at[pupil.idx] is pupil

    def queue_school_action(self, row: int, action: str) -> None:
        """Queue ``action`` for the pupil, unless the same action is already waiting."""
        item = (row, self.pupil_at[row].unique_id, action)
        if item not in self.pending_actions:
            self.pending_actions.add(item)
            self.school_queues[int(self.pupils.school[row])].append(item)

    def first_step_with(self, action: str) -> int | None:
        for i, step in enumerate(self.p.ladder_steps, start=1):
            if action in step:
                return i
        return None

    def mark_acted(self, row: int, what: str) -> None:
        """An action beyond the mentor's contact; the first one in an episode is timed."""
        if self._first_in_episode(row, self.pupils.acted, "weeks_to_intervention", what):
            self.record("absence_at_intervention", float(self.pupils.window_rate()[row]))

    def mark_cross_sector(self, row: int, what: str) -> None:
        """A cross-sector intervention (joint plan or family intervention); the first is timed."""
        self._first_in_episode(row, self.pupils.joint_done, "weeks_to_joint_intervention", what)

    def _first_in_episode(self, row: int, done: np.ndarray, record: str, what: str) -> bool:
        self.pupil_at[row].note(what)
        start = int(self.pupils.episode_start[row])
        if done[row] or start < 0:
            return False
        done[row] = True
        self.record(record, self.week - start)
        return True

    def count_uptake(self, row: int, taken_up: bool) -> None:
        """A report screened or an application decided: did the other side take the case up?"""
        kind = "multi_problem" if self.pupils.multi_problem[row] else "absence_only"
        self.counters[f"decided_{kind}"] += 1
        self.counters[f"taken_up_{kind}"] += int(taken_up)

    def ask_consent(self, row: int) -> bool:
        """Guardians sign consent lifting confidentiality (000 L697-715); asked once."""
        pp, p = self.pupils, self.p
        if pp.consent[row] or pp.consent_asked[row]:
            return bool(pp.consent[row])
        pp.consent_asked[row] = True
        prob = pp.consent_p[row] * (1.0 if p.consent_routine else p.consent_without_routine_factor)
        prob += p.ssw_consent_bonus * bool(pp.ssw_followup[row])
        pp.consent[row] = self.rng.random() < min(prob, 1.0)
        self.counters["consents"] += int(pp.consent[row])
        return bool(pp.consent[row])

    def file_report(self, pupil: Pupil, writer: EHTMember) -> None:
        # A school social worker helps write the notification (004 L544-643).
        if not self.pupils.ssw_followup[pupil.idx]:
            self.assign_school_social_worker(pupil.idx)
        report = ReportOfConcern(pupil, writer.unique_id, self.week, self.week)
        pupil.report = report
        self.counters["reports_of_concern"] += 1
        social_services.receive(self, report)
        pupil.note("report of concern filed")

    def submit_application(self, pupil: Pupil, writer: EHTMember) -> None:
        app = Application(pupil, writer.unique_id, self.week)
        pupil.application = app
        self.applications.append(app)
        self.counters["applications"] += 1
        pupil.note("application to joint work")

    # ================================================================== M11
    def school_social_worker_of(self, row: int) -> SchoolSocialWorker | None:
        if not self.pupils.ssw_followup[row]:
            return None
        for ssw in self.school_social_workers():
            if row in ssw.families:
                return ssw
        return None

    def assign_school_social_worker(self, row: int) -> None:
        """A school social worker takes on the family when the EHT does (004 L666-678)."""
        s = int(self.pupils.school[row])
        for ssw in self.school_social_workers():
            if s in ssw.schools and len(ssw.families) < self.p.ssw_caseload:
                ssw.families.add(row)
                self.pupils.ssw_followup[row] = True
                self.pupil_at[row].note("school social worker works with the family")
                return

    def release_school_social_worker(self, row: int) -> None:
        if self.pupils.ssw_followup[row]:
            self.pupils.ssw_followup[row] = False
            for ssw in self.school_social_workers():
                ssw.families.discard(row)

    def school_social_work(self) -> None:
        """Weekly advice to parents, e.g. praise as absence falls (004 L2834-2897)."""
        p = self.p
        for ssw in self.school_social_workers():
            for row in sorted(ssw.families):
                if not ssw.can(p.hours_followup):
                    break
                ssw.spend(p.hours_followup, "family_advice")
                self.pupils.support[row] += p.effect_ssw_support

    # ================================================================== measuring
    def record(self, name: str, value) -> None:
        self.records[name].append(value)

    def observe(self) -> None:
        """This week's measurements that the reporters and the summary read."""
        if self.p.n_coordinators > 0 and self.coordinators_in_post() == 0:
            self.counters["weeks_without_coordinator"] += 1
        self.counters["orphaned_case_weeks"] += len(self.orphaned_joint_cases)
        self.cross_stats = self.ties.weekly_measure()

    def timeseries(self) -> pd.DataFrame:
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)


