"""The model: one municipality's schools and social services, week by week.

One step is one school week of five school days (the conceptual model's time scale). A
school year has ``weeks_per_year`` weeks, an autumn and a spring term. At the start of each
new year grade 9 leaves with an outcome (eligible for upper secondary or not), everyone
moves up a grade, and a new cohort enters the preschool class.

The rules live in :mod:`.mechanisms` (one module per mechanism, each citing its source)
and in :mod:`.pupils` (absence, M1 and M3) and :mod:`.network` (trust, M6 and M7). Each
mechanism that keeps state (queues, case lists) owns it; :mod:`.staffing` keeps the posts.
This module wires them together: the calendar, the week's order of events, and the
counters and records that the outcomes are computed from.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import mesa
import numpy as np
import pandas as pd

from .agents import (
    Coordinator,
    EHTMember,
    Mentor,
    Professional,
    Pupil,
    SchoolSocialWorker,
    SocialWorker,
    start_weeks,
)
from .ledger import HoursLedger
from .mechanisms import contacts, ladder, management, school, turnover
from .mechanisms.joint_work import JointWork
from .mechanisms.ppr import EducationalPsychology
from .mechanisms.school import SchoolActions
from .mechanisms.school_social_work import SchoolSocialWork
from .mechanisms.social_services import SocialServices
from .network import CooperationNetwork
from .outcomes import reporters
from .params import ParameterError, Params, check_params
from .pupils import DAYS_PER_WEEK, PupilPopulation
from .staffing import STAFF_COUNTS, Post, PostKind, Staffing


class SchoolCooperationModel(mesa.Model):
    """School and social-services cooperation around pupils with problematic absence.

    Parameters are the names in :mod:`sim.model.params`; pass a checked ``params`` or keyword
    overrides (``SchoolCooperationModel(n_coordinators=1, seed=3)``), which makes the class
    usable with ``mesa.batch_run``. With ``years`` the model stops (``running = False``)
    after that many school years.
    """

    def __init__(
        self,
        params: Params | None = None,
        seed: int | None = None,
        years: int | None = None,
        **overrides,
    ):
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
        self.ties = CooperationNetwork(params, self.current_week)  # the rules of M6, M7

        self.pupils = PupilPopulation(params, self.rng)
        self.pupil_at: list[Pupil] = [Pupil(self, i) for i in range(params.n_pupils)]

        self.school_actions = SchoolActions(self)  # M2
        self.social_services = SocialServices(self)  # M4
        self.joint_work = JointWork(self)  # M5, M9
        self.school_social_work = SchoolSocialWork(self)  # M11
        self.ppr = EducationalPsychology(self)  # PPR (004)
        self.staffing = Staffing(self)  # M8
        self.class_school = np.zeros(self.pupils.n_classes, dtype=np.int32)
        self.class_school[self.pupils.klass] = self.pupils.school
        self.staffing.open_posts()
        self._first_acquaintance()

        self._graduated_at: int | None = None
        self._last_year_rate: np.ndarray | None = None
        self.autumn_over_15 = math.nan  # share above 15 % over the last finished autumn term
        self.autumn_over_15_upper = math.nan  # ... among pupils in grades 7-9
        self._burn_in()
        self._already_on_the_ladder()

        # Warm-up: the whole system runs warm_up_years before measuring starts, so that the
        # ladder, the network, staff and escalated risk start from a settled state.
        self.measured_from = params.warm_up_years * params.weeks_per_year
        self.cross_stats = self.ties.cross_stats()  # re-measured at the end of every week
        self.running = True
        while self.week < self.measured_from:
            self._run_week()  # not step(): a subclass's step() is for the measured weeks
        self._start_measuring()

    # ================================================================== the week
    def step(self) -> None:
        """One school week (see :meth:`_run_week`)."""
        self._run_week()

    def _run_week(self) -> None:
        """One school week, in the order of the conceptual model's weekly events (docs/ODD.md,
        section 3)."""
        self.start_week()  # calendar: new year, new term, hours
        recorded = self.pupils.attend_week(self.p.registration_compliance)  # M1, M3
        school.first_absence_calls(self, recorded)  # M2 (002)
        ladder.screen(self)  # M2
        self.school_actions.carry_out()  # M2: ladder actions and follow-up, by need
        self.school_social_work.work()  # M11
        self.ppr.work()  # the educational-psychology service, PPR (004)
        self.social_services.work()  # M4
        self.joint_work.work()  # M5, M9
        contacts.hold(self)  # M6, M7, M10
        management.steer(self)  # M12: the steering group removes obstacles (if it has one)
        self.pupils.update_risk()  # M1
        turnover.staff_turnover(self)  # M8
        if self.week >= self.measured_from:
            self.observe()
            self.datacollector.collect(self)
        else:  # warm-up: the network is measured (sector reputations) but nothing is recorded
            self.cross_stats = self.ties.weekly_measure()
        self.week += 1
        if self.years is not None and self.weeks_measured >= self.years * self.p.weeks_per_year:
            self.graduate_final_class()
            self.running = False

    def _start_measuring(self) -> None:
        """Measurement starts now: counters, records and hours from here on. Pupils on the
        ladder now count as having crossed; their episodes began before, so they do not
        count in the time-to-intervention outcomes; long-term absence now is not a new case."""
        pp = self.pupils
        self.graduate_final_class()  # the warm-up's grade 9 leaves before measuring starts
        self.counters.clear()
        self.records.clear()
        self.ledger = HoursLedger()
        self.ties.betrayals = self.ties.blames = self.ties.contacts = 0
        on = pp.step > 0
        pp.ever_crossed[:] = on
        pp.ever_resolved[:] = False
        pp.helped_cross_sector[:] = False
        pp.episode_start[on] = -1
        self.counters["pupils_crossed"] = int(on.sum())
        self.watch_long_term_absence(at_start=True)
        self.cross_stats = self.ties.weekly_measure()
        self.datacollector = mesa.DataCollector(model_reporters=reporters(len(self.p.ladder_steps)))

    @property
    def weeks_measured(self) -> int:
        """School weeks since measurement started (after the warm-up)."""
        return self.week - self.measured_from

    def run_years(self, years: int) -> None:
        for _ in range(years * self.p.weeks_per_year):
            self.step()
        self.graduate_final_class()

    def current_week(self) -> int:
        return self.week

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
    FIXED_AT_START = frozenset(
        {
            "n_pupils",
            "n_schools",
            "class_size",
            "weeks_per_year",
            "autumn_weeks",
            "ladder_window_days",
            "long_term_window_days",
            "warm_up_years",
            "baseline_absence",
            "risk_sd_child",
            "risk_sd_family",
            "risk_sd_school",
            "multi_problem_share",
            "bond_initial",
            "bond_sd",
            "consent_propensity",
            "consent_concentration",
            "reachability_min",
            "initial_familiarity",
        }
    )

    def update_params(self, **changes) -> None:
        """Change levers in the middle of a run, e.g. a second coordinator in year 2.

        Values are checked by the registry. Staff counts hire new people (with no ties)
        or close the last posts. Parameters that shape the population at the start
        (:attr:`FIXED_AT_START`) cannot change.
        """
        fixed = sorted(set(changes) & self.FIXED_AT_START)
        if fixed:
            raise ParameterError(
                f"update_params: {', '.join(fixed)} can only be set when the "
                "model is created; they shape the population at the start."
            )
        old = self.p
        self.p = check_params(changes, origin="update_params", base=old.values)
        self.ties.p = self.p
        self.pupils.p = self.p
        for lever, kind in STAFF_COUNTS.items():
            if self.p[lever] != old[lever]:
                self._resize_posts(kind, old[lever], self.p[lever])

    def _resize_posts(self, kind: PostKind, old: int, new: int) -> None:
        for i in range(new, old):  # close the last posts
            post = Post(kind, i)
            if (agent := self.staffing.in_post(post)) is not None:
                self.vacate(agent)
            self.staffing.close(post)
        for i in range(old, new):
            self.fill(Post(kind, i))
        if kind is PostKind.COORDINATOR:
            for c in self.staffing.coordinators():
                c.grades = self._coordinator_grades(c.post.index)
        if kind is PostKind.SSW:
            for a in self.staffing.school_social_work_staff():
                a.schools = SchoolSocialWork.schools_of(
                    a.post.index, self.p.school_social_workers, self.p.n_schools
                )

    def _coordinator_grades(self, i: int) -> tuple[int, ...]:
        """The grades coordinator ``i`` serves: all that joint work covers, or with two
        coordinators the preschool class to grade 6 and grades 7-9 (000 L598-600)."""
        first = self.p.joint_work_from_grade
        if self.p.n_coordinators == 1:
            return tuple(range(first, 10))
        return (tuple(range(first, 7)), tuple(range(max(first, 7), 10)))[i]

    # ================================================================== calendar
    @property
    def week_in_year(self) -> int:
        return self.week % self.p.weeks_per_year

    @property
    def year(self) -> int:
        """The school year of the measured run (0 = the first after the warm-up)."""
        return self.weeks_measured // self.p.weeks_per_year

    @property
    def term(self) -> str:
        return "autumn" if self.week_in_year < self.p.autumn_weeks else "spring"

    @property
    def last_year_rate(self) -> np.ndarray:
        """Each pupil's recorded absence over the last finished school year (the year so far
        before the first one ends)."""
        if self._last_year_rate is None:
            return self.pupils.year_recorded / max(self.pupils.year_days, 1)
        return self._last_year_rate

    def start_week(self) -> None:
        if self.week > 0 and self.week_in_year == 0:
            self.new_school_year()
        if self.week_in_year in (0, self.p.autumn_weeks):
            pp = self.pupils
            if self.week_in_year == self.p.autumn_weeks:  # the autumn term has ended
                rate = pp.term_recorded / max(pp.term_days, 1)
                self.autumn_over_15 = float((rate > 0.15).mean())
                upper = pp.grade >= 7
                self.autumn_over_15_upper = float((rate[upper] > 0.15).mean())
            pp.absent_this_term[:] = False
            pp.term_recorded[:] = 0
            pp.term_days = 0
        start_weeks(self.staffing.professionals(), self.p)

    def _burn_in(self) -> None:
        """Fill the absence window before week 0 so the ladder starts from a settled state."""
        for _ in range(math.ceil(self.p.ladder_window_days / DAYS_PER_WEEK)):
            self.pupils.attend_week(self.p.registration_compliance, burn_in=True)
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
        step_threshold = ladder.step_thresholds(p)
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
        eht_steps = [self.first_step_with(a) for a in ("guardian_meeting", "action_plan")]
        pp.eht_followup[:] = pp.step >= min((s for s in eht_steps if s), default=10**6)

    def new_school_year(self) -> None:
        """Grade 9 leaves with an outcome; everyone moves up; a new cohort enters."""
        pp = self.pupils
        self._last_year_rate = pp.year_recorded / max(pp.year_days, 1)
        leavers = np.flatnonzero(pp.grade == 9)
        if self._graduated_at != self.week:
            self.graduate(leavers)
        pp.grade[pp.grade < 9] += 1
        for row in leavers:
            self.school_social_work.release(int(row))
            self.pupil_at[row].remove()
            self.pupil_at[row] = Pupil(self, int(row))
        pp.new_cohort(leavers)
        stage = np.isin(pp.grade, np.asarray(self.p.transition_grades)) & (pp.grade > 0)
        school.new_school_stage(self, np.flatnonzero(stage))  # transitions (002)
        pp.year_recorded[:] = 0
        pp.year_days = 0
        self.counters["new_pupils"] += len(leavers)

    def graduate(self, rows: np.ndarray) -> None:
        """Eligibility for upper secondary falls with cumulative absence (an assumption; see
        the outcome parameters)."""
        pp, p = self.pupils, self.p
        share = pp.cum_absent[rows] / np.maximum(pp.cum_days[rows], 1)
        prob = 1.0 / (
            1.0 + np.exp(-(p.eligibility_intercept - p.eligibility_absence_slope * share))
        )
        eligible = pp.world.random(len(rows)) < prob  # the pupils' own luck (common numbers)
        self.counters["leavers"] += len(rows)
        self.counters["eligible"] += int(eligible.sum())

    def graduate_final_class(self) -> None:
        """At the end of a run the last grade-9 class leaves too (counted once)."""
        if self.week_in_year == 0 and self._graduated_at != self.week:
            self._last_year_rate = self.pupils.year_recorded / max(self.pupils.year_days, 1)
            self.graduate(np.flatnonzero(self.pupils.grade == 9))
            self._graduated_at = self.week

    # ================================================================== people in posts
    def fill(self, post: Post) -> Professional:
        """A new person takes ``post``: no ties yet (000 L1609-1618)."""
        p = self.p
        if post.kind is PostKind.MENTOR:
            agent = Mentor(self, post, int(self.class_school[post.index]), post.index)
        elif post.kind is PostKind.EHT:
            agent = EHTMember(self, post, post.index, post.role)
        elif post.kind is PostKind.SSW:
            agent = SchoolSocialWorker(
                self,
                post,
                SchoolSocialWork.schools_of(post.index, p.school_social_workers, p.n_schools),
            )
        elif post.kind is PostKind.COORDINATOR:
            agent = Coordinator(self, post, self._coordinator_grades(post.index))
        else:
            agent = SocialWorker(
                self, post, str(post.kind), consultant=bool(self.rng.random() < p.consultant_share)
            )
        self.staffing.seat(agent)
        self.ties.add(agent)
        agent.new_week()
        if isinstance(agent, Coordinator):
            self.joint_work.adopt_orphans(agent)
        return agent

    def vacate(self, agent: Professional) -> None:
        """``agent`` leaves; the post is vacant for some weeks (M8)."""
        self.staffing.unseat(agent, self.week + turnover.vacancy_weeks(self, agent.post))
        self.counters["departures"] += 1
        self.counters[f"departures_{agent.sector}"] += 1
        if isinstance(agent, SocialWorker):
            self.social_services.requeue(agent)
        elif isinstance(agent, Coordinator):
            self.joint_work.orphan_cases(agent)
        elif isinstance(agent, SchoolSocialWorker):
            self.school_social_work.release_all(agent)
        self.ties.remove(agent)
        agent.remove()

    def _first_acquaintance(self) -> None:
        """At the start, each EHT knows intake a little (intake visits each term, 000 L730)."""
        for s in range(self.p.n_schools):
            for member in self.staffing.eht(s):
                for worker in self.staffing.social_workers("intake"):
                    for a, b in ((member, worker), (worker, member)):
                        self.ties.tie(a.unique_id, b.unique_id)["familiarity"] = (
                            self.p.initial_familiarity
                        )

    def meet(
        self, people, activity: str, hours: float, case_time_share: float = 1.0
    ) -> list[Professional]:
        """A face-to-face meeting: each person present (vacant posts are None) books
        ``hours`` of ``activity``, and the network records the contact (M6, M7)."""
        people = [a for a in dict.fromkeys(people) if a is not None]
        for person in people:
            person.spend(hours, activity, case_time_share)
        self.ties.contact([a.unique_id for a in people])
        return people

    # ================================================================== pupils' cases
    def is_in_school(self, pupil: Pupil) -> bool:
        return self.pupil_at[pupil.idx] is pupil

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
        if not self.pupils.helped_cross_sector[row]:
            self.pupils.helped_cross_sector[row] = True
            self.counters["pupils_helped_cross_sector"] += 1
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

    # ================================================================== measuring
    def record(self, name: str, value) -> None:
        self.records[name].append(value)

    def watch_long_term_absence(self, at_start: bool = False) -> None:
        """Who is above ``long_term_threshold`` now (pupils with enough days to judge); count
        new cases (incidence) and pupil-weeks. Pupils long-term absent when the run starts
        are not new cases."""
        pp = self.pupils
        pp.long_term[:] = pp.long_term_now(self.p.long_term_threshold)
        if at_start:
            pp.ever_long_term[:] = pp.long_term
            self.counters["long_term_at_start"] += int(pp.long_term.sum())
            return
        self.counters["long_term_new"] += int((pp.long_term & ~pp.ever_long_term).sum())
        pp.ever_long_term |= pp.long_term
        self.counters["long_term_pupil_weeks"] += int(pp.long_term.sum())

    def observe(self) -> None:
        """This week's measurements that the reporters and the summary read."""
        self.watch_long_term_absence()
        pp = self.pupils
        days, multi = pp.days_absent_this_week, pp.multi_problem
        self.counters["absent_days"] += int(days.sum())
        self.counters["absent_days_multi_problem"] += int(days[multi].sum())
        self.counters["pupil_days_multi_problem"] += DAYS_PER_WEEK * int(multi.sum())
        if self.p.n_coordinators > 0 and self.staffing.coordinators_in_post() == 0:
            self.counters["weeks_without_coordinator"] += 1
        self.counters["orphaned_case_weeks"] += len(self.joint_work.orphaned_cases)
        self.cross_stats = self.ties.weekly_measure()

    def timeseries(self) -> pd.DataFrame:
        return self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
