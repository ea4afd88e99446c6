"""Pupils' absence, vectorised (M1, M3).

All pupils' daily attendance is drawn at once with numpy; there is no Python loop over
pupils in the weekly hot path. Each pupil is one row of the arrays below.

**M1, the daily absence probability** (002 L934-936, L1933-1934; 004 risk factors L318-373)::

    logit p = intercept
            + risk_child + risk_school - school_relief    # latent, heterogeneous causes ...
            + risk_family - family_relief                 # ... less what help removed for good
            + escalation                                  # untreated risk that grew
            + absence_feedback * (recent - baseline)      # absence blocks relationships
            - bond_effect * (bond - bond_initial)         # bonds to adults protect
            - support                                     # help that is still fading

``intercept`` is solved at the start so that the population's mean probability equals
``baseline_absence`` (the calibration knob). Untreated risk escalates for pupils whose
recent absence is above ``escalation_threshold``, damped by the support they get: this is
how absence becomes long-term ("hemmasittare", 002 L1080-1084). Risk escalates while a case
waits: a pupil in an ongoing course of help that fits the cause escalates at only
``treated_escalation_share`` of the rate (002 L1718-1722: help must come early, and then
pupils return). The school's own follow-up fits a family cause only partly
(``school_help_for_family_cause``): for a multi-problem pupil the spiral is stopped by help
for the family. Once the school knows that social services work with the family (feedback
on its report, or a joint plan: ``school_informed``), its help fits better
(``informed_school_help_fit``, :meth:`PupilPopulation.school_fit_for_family`). Escalated
risk falls back slowly (``escalation_recovery``) while the pupil gets help or is below the
threshold again.

**New problems develop** (:meth:`PupilPopulation.develop_problems`): each school year a
pupil meets a new problem with probability ``onset_rate`` (a family crisis with probability
``onset_family_share``, else a problem of the child or at school). Its size, drawn from an
exponential distribution with mean ``onset_size`` (logit), is added to the family's or the
child's risk over ``onset_weeks`` weeks, except in weeks of ongoing help that fits it (the
trajectory pauses). Help that reaches the pupil while the problem still develops stops it
with probability ``trajectory_break_probability`` (times ``school_help_for_family_cause``
when the help does not fit the cause): early action breaks a negative development (002
L1689-1691). Problems accumulate over the school years, so absence rises with grade; at the
start every pupil carries the problems of the grades already done (the run starts in a
steady state). A family crisis makes the pupil multi-problem.

**Interventions act on causes** (:meth:`PupilPopulation.relieve`). An intervention with
effect size g (Hedges' g on attendance, as meta-analyses report it) lowers the logit of the
pupil's absence probability by Δ = g * pi / sqrt(3), the standard conversion of a
standardised mean difference to a log odds ratio. A share ``effect_lasting_share`` of Δ
lowers the cause the intervention works on for good (the family's risk for family
interventions, the child's and school's risk for school actions), but never below zero:
help cannot remove a cause the pupil does not have, so a family intervention does little
for a pupil whose absence has no family cause. The rest is support, which fades
(``support_decay``): partial relapse. Escalation is not relieved: help that comes late
meets a larger problem (the timeliness channel).

**M3, recording**: each absent day is recorded with probability
``registration_compliance`` (002 L506-516). The ladder only sees recorded absence, so
better registration makes absence look higher at first (002 L6551-6555).
"""

from __future__ import annotations

import numpy as np

DAYS_PER_WEEK = 5
N_GRADES = 10  # F (0) to 9
# A standardised mean difference g is a shift of g * pi / sqrt(3) in log odds when the outcome
# is a logistic latent variable (Hasselblad & Hedges 1995; Chinn 2000; Borenstein et al.
# 2009, ch. 7), which is how the model represents a pupil's daily absence propensity.
LOGIT_PER_EFFECT_SIZE = float(np.pi / np.sqrt(3.0))


def _enter_week(ring: np.ndarray, cursor: int, week: np.ndarray, total: np.ndarray) -> int:
    """Put a week's five school days ``week`` (n, 5) into the ring of days ``ring`` (n, w, w
    at least 5) at ``cursor``, taking the days that leave it off its row sums ``total`` (the
    caller adds the week's, counted once for every ring); returns the next cursor."""
    w = ring.shape[1]
    cols = ((cursor + np.arange(DAYS_PER_WEEK)) % w).tolist()  # distinct: w >= 5
    for c in cols:  # the days leaving the window
        total -= ring[:, c]
    ring[:, cols] = week
    return (cursor + DAYS_PER_WEEK) % w


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class PupilPopulation:
    """Per-pupil state as arrays, one row per pupil slot.

    Slots are stable: a grade-9 leaver's slot is taken by a new pupil in the preschool class
    of the same school and the same class group, so class and school never change.
    """

    def __init__(self, params, rng: np.random.Generator):
        self.p = params
        # Two kinds of chance. ``rng`` (the model's) decides what services do, and whatever
        # depends on it, such as whether help breaks a developing problem. The pupils' own
        # world (traits, new problems, the days they are away, eligibility) draws from streams
        # of its own, a fixed number of draws a week, so that two runs with the same seed
        # under different cooperation meet the same pupils with the same problems and the
        # same luck: common random numbers, which make paired contrasts far more precise
        # without changing any distribution.
        self.rng = rng
        self.world, self._burn_in_world = rng.spawn(2)
        rng = self.world
        n = params.n_pupils
        self.n = n

        # Structure: pupils spread evenly over schools and grades; classes of class_size.
        slot = np.arange(n)
        self.school = (slot % params.n_schools).astype(np.int32)
        self.grade = ((slot // params.n_schools) % N_GRADES).astype(np.int8)
        group = self.school * N_GRADES + self.grade  # school-grade cohort
        self.klass = np.empty(n, dtype=np.int32)
        next_class = 0
        for g in range(params.n_schools * N_GRADES):
            members = np.flatnonzero(group == g)
            k = max(1, int(np.ceil(len(members) / params.class_size)))
            self.klass[members] = next_class + (np.arange(len(members)) % k)
            next_class += k
        self.n_classes = next_class
        self.school_effect = rng.normal(0.0, params.risk_sd_school, params.n_schools)

        # Latent risk, bonds and guardians.
        self.risk_child = np.empty(n)
        self.risk_family = np.empty(n)
        self.risk_school = np.empty(n)
        self.multi_problem = np.zeros(n, dtype=bool)
        self.bond = np.empty(n)
        self.bond_home = np.empty(n)  # the bond a pupil returns to without absence or support
        self.consent_p = np.empty(n)
        self.reach0 = np.empty(n)
        self._draw_new(slot)
        self._past_onsets(slot)
        self.intercept = self._solve_intercept()

        # Dynamic state.
        self.onset_left = np.zeros(n, dtype=np.int32)  # weeks a new problem still develops
        self.onset_step = np.zeros(n)  # its growth per week (logit)
        self.onset_family = np.zeros(n, dtype=bool)  # a family problem (else child/school)
        self.escalation = np.zeros(n)
        self.support = np.zeros(n)
        self.treatment = np.zeros(n)  # this week's ongoing help, 0-1 by fit to the cause
        self.followup_weeks = np.zeros(n, dtype=np.int32)  # weeks of EHT follow-up, this episode
        self.family_relief = np.zeros(n)  # lasting reduction of risk_family by help
        self.school_relief = np.zeros(n)  # lasting reduction of risk_child + risk_school
        self.recent = np.full(n, params.baseline_absence)
        w = params.ladder_window_days
        self.window_true = np.zeros((n, w), dtype=np.int8)
        self.window_recorded = np.zeros((n, w), dtype=np.int8)
        self._cursor = 0
        # Absent days in each pupil's window (true and recorded): the row sums of the two
        # windows, kept up to date as days enter and leave (whole numbers: exact).
        self._window_days_true = np.zeros(n, dtype=np.int64)
        self._window_days_recorded = np.zeros(n, dtype=np.int64)
        self.days_seen = np.zeros(n, dtype=np.int32)  # school days in the window so far
        # Long-term absence is a child outcome: true absent days over a fixed window of its
        # own (long_term_window_days), whatever the school's ladder window and registration.
        # A window as long as the ladder's is the ladder's true window (the same days, kept
        # once); only a window of another length needs a ring of its own.
        self._lt_own = params.long_term_window_days != w
        lw = params.long_term_window_days if self._lt_own else 0
        self.lt_window = np.zeros((n, lw), dtype=np.int8)
        self._lt_cursor = 0
        self._lt_days = np.zeros(n if self._lt_own else 0, dtype=np.int64)  # days in lt_window
        self.lt_days_seen = np.zeros(n if self._lt_own else 0, dtype=np.int32)
        self.cum_absent = np.zeros(n)  # true absent days since the pupil started
        self.cum_days = np.zeros(n)
        self.year_recorded = np.zeros(n)  # recorded absent days this school year
        self.year_days = 0
        self.term_recorded = np.zeros(n)  # recorded absent days this term
        self.term_days = 0
        self.absent_this_term = np.zeros(n, dtype=bool)
        self._window_rate: np.ndarray | None = None  # cached recorded rate, reset each week
        self.days_absent_this_week = np.zeros(n, dtype=np.int64)  # true absent days

        # Ladder and case state (M2), written by the mechanisms.
        self.step = np.zeros(n, dtype=np.int8)
        self.step_week = np.zeros(n, dtype=np.int32)  # week the current step was reached
        self.rate_at_step = np.zeros(n)  # recorded absence when the current step was reached
        self.last_contact_week = np.full(n, -10_000, dtype=np.int32)
        self.below_weeks = np.zeros(n, dtype=np.int32)
        self.episode_start = np.full(n, -1, dtype=np.int32)  # first crossing, this episode
        self.acted = np.zeros(n, dtype=bool)  # action beyond the mentor in this episode
        self.joint_done = np.zeros(n, dtype=bool)  # cross-sector intervention this episode
        self.ever_crossed = np.zeros(n, dtype=bool)
        self.ever_resolved = np.zeros(n, dtype=bool)
        self.eht_followup = np.zeros(n, dtype=bool)
        self.ssw_followup = np.zeros(n, dtype=bool)
        self.therapy = np.zeros(n, dtype=bool)
        self.consent = np.zeros(n, dtype=bool)
        self.consent_asked = np.zeros(n, dtype=bool)
        self.plan_written = np.zeros(n, dtype=bool)  # an action plan exists
        self.special_support = np.zeros(n, dtype=bool)  # ... and found a need of special support
        self.long_term = np.zeros(n, dtype=bool)  # above long_term_threshold at the last look
        self.ever_long_term = np.zeros(n, dtype=bool)  # ... at any time since the pupil came
        self.helped_cross_sector = np.zeros(n, dtype=bool)  # family intervention or joint plan
        # The school knows that social services work with the family: feedback on a report,
        # or a joint plan (the school's help then fits a family cause better).
        self.school_informed = np.zeros(n, dtype=bool)
        # The school has had advice on the pupil at a case consultation (ODD 7.8).
        self.school_advised = np.zeros(n, dtype=bool)
        # The pupil in the row has a report of concern / an application to joint work (kept
        # by the Pupil agent's ``report`` and ``application``).
        self.has_report = np.zeros(n, dtype=bool)
        self.has_application = np.zeros(n, dtype=bool)
        # Which pupil holds the slot: +1 each time a new pupil takes it (queued work for a
        # pupil who has left is recognised by its old generation).
        self.generation = np.zeros(n, dtype=np.int64)

    # ------------------------------------------------------------------ population
    def _draw_new(self, rows: np.ndarray) -> None:
        """Draw fresh latent traits for ``rows`` (at the start, or a new cohort)."""
        p, rng, k = self.p, self.world, len(rows)
        self.risk_child[rows] = rng.normal(0.0, p.risk_sd_child, k)
        fam = rng.normal(0.0, p.risk_sd_family, k)
        self.risk_family[rows] = fam
        self.risk_school[rows] = self.school_effect[self.school[rows]]
        # Multi-problem pupils: those whose family risk is in the top multi_problem_share.
        share = p.multi_problem_share
        if share <= 0.0:
            self.multi_problem[rows] = False
        elif share >= 1.0:
            self.multi_problem[rows] = True
        else:
            self.multi_problem[rows] = fam >= np.quantile(fam, 1.0 - share)
        self.bond_home[rows] = np.clip(rng.normal(p.bond_initial, p.bond_sd, k), 0.0, 1.0)
        self.bond[rows] = self.bond_home[rows]
        cp = p.consent_propensity
        c = p.consent_concentration
        self.consent_p[rows] = rng.beta(c * cp + 0.5, c * (1 - cp) + 0.5, k)
        self.reach0[rows] = rng.uniform(p.reachability_min, 1.0, k)

    def _past_onsets(self, rows: np.ndarray) -> None:
        """Problems that began before the run, fully developed: a pupil in grade g has met
        on average onset_rate * g of them (the run starts in a steady state)."""
        p, rng = self.p, self.world
        if p.onset_rate <= 0 or p.onset_size <= 0:
            return
        counts = rng.poisson(p.onset_rate * self.grade[rows].astype(float))
        # The sum of k exponential sizes is Gamma(k, onset_size).
        total = np.where(counts > 0, rng.gamma(np.maximum(counts, 1), p.onset_size), 0.0)
        family = rng.random(len(rows)) < p.onset_family_share
        self.risk_family[rows[family]] += total[family]
        self.risk_child[rows[~family]] += total[~family]
        self.multi_problem[rows[family & (counts > 0)]] = True

    def develop_problems(self) -> None:
        """New problems begin; developing ones grow, except in a week of help (M1).

        One uniform draw per pupil and week decides whether a problem begins (below
        onset_rate / weeks_per_year), and, rescaled, its kind and its size (inverse
        transform of the exponential): the same draws whatever services do."""
        p = self.p
        u = self.world.random(self.n)
        q = p.onset_rate / p.weeks_per_year
        if q <= 0 or p.onset_size <= 0:
            new = np.empty(0, dtype=np.int64)
        else:
            new = np.flatnonzero((self.onset_left == 0) & (u < q))
        if new.size:
            v = u[new] / q  # uniform on [0, 1) given that a problem begins
            share = p.onset_family_share
            family = v < share
            w = np.where(family, v / max(share, 1e-300), (v - share) / max(1.0 - share, 1e-300))
            self.onset_left[new] = p.onset_weeks
            self.onset_step[new] = -p.onset_size * np.log1p(-np.minimum(w, 1.0 - 1e-12)) / (
                p.onset_weeks
            )
            self.onset_family[new] = family
            # A family crisis: from now on the pupil's absence comes with family problems.
            self.multi_problem[new[family]] = True
        rows = np.flatnonzero(self.onset_left > 0)
        if not rows.size:
            return
        grow = self.onset_step[rows] * (1.0 - self.treatment[rows])
        fam = self.onset_family[rows]
        self.risk_family[rows[fam]] += grow[fam]
        self.risk_child[rows[~fam]] += grow[~fam]
        self.onset_left[rows] -= 1

    def _static_logit(self) -> np.ndarray:
        return (
            self.risk_child
            + self.risk_family
            + self.risk_school
            - self.p.bond_effect * (self.bond - self.p.bond_initial)
        )

    def _solve_intercept(self) -> float:
        """The intercept that makes the mean daily probability equal baseline_absence."""
        target, base = self.p.baseline_absence, self._static_logit()
        lo, hi = -15.0, 5.0
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if _sigmoid(mid + base).mean() < target:
                lo = mid
            else:
                hi = mid
        return 0.5 * (lo + hi)

    def new_cohort(self, rows: np.ndarray) -> None:
        """Grade-9 leavers' slots are taken by new pupils in the preschool class."""
        self._draw_new(rows)
        self.generation[rows] += 1
        self.grade[rows] = 0
        for arr, value in (
            (self.escalation, 0.0),
            (self.support, 0.0),
            (self.family_relief, 0.0),
            (self.school_relief, 0.0),
            (self.cum_absent, 0.0),
            (self.rate_at_step, 0.0),
            (self.cum_days, 0.0),
            (self.year_recorded, 0.0),
        ):
            arr[rows] = value
        self.recent[rows] = self.p.baseline_absence
        self.window_true[rows] = 0
        self.window_recorded[rows] = 0
        self._window_days_true[rows] = 0
        self._window_days_recorded[rows] = 0
        self.days_seen[rows] = 0
        self._window_rate = None
        if self._lt_own:
            self.lt_window[rows] = 0
            self._lt_days[rows] = 0
            self.lt_days_seen[rows] = 0
        for arr in (self.step, self.below_weeks):
            arr[rows] = 0
        self.episode_start[rows] = -1
        self.treatment[rows] = 0.0
        self.school_informed[rows] = False
        self.school_advised[rows] = False
        self.followup_weeks[rows] = 0
        self.onset_left[rows] = 0
        self.last_contact_week[rows] = -10_000
        for arr in (
            self.acted,
            self.joint_done,
            self.ever_crossed,
            self.ever_resolved,
            self.eht_followup,
            self.ssw_followup,
            self.therapy,
            self.consent,
            self.consent_asked,
            self.plan_written,
            self.special_support,
            self.absent_this_term,
            self.long_term,
            self.ever_long_term,
            self.helped_cross_sector,
            self.has_report,
            self.has_application,
        ):
            arr[rows] = False

    # ------------------------------------------------------------------ M1 and M3
    def _logit(self, rows=slice(None)) -> np.ndarray:
        p = self.p
        return (
            self.intercept
            + self.risk_child[rows]
            + self.risk_school[rows]
            - self.school_relief[rows]
            + self.risk_family[rows]
            - self.family_relief[rows]
            - p.bond_effect * (self.bond[rows] - p.bond_initial)
            + self.escalation[rows]
            + p.absence_feedback * (self.recent[rows] - p.baseline_absence)
            - self.support[rows]
        )

    def absence_probability(self, rows=slice(None)) -> np.ndarray:
        return _sigmoid(self._logit(rows))

    def relieve(self, rows, effect_size, cause: str) -> np.ndarray:
        """Help with effect size ``effect_size`` (Hedges' g, a scalar or one per row) reaches
        ``rows``; it acts on ``cause``: ``"family"`` or ``"school"`` (child and school).

        The relief on the logit scale of the daily absence probability is g * pi / sqrt(3)
        (:data:`LOGIT_PER_EFFECT_SIZE`); it is split into a lasting part that lowers the
        cause, never below zero, and a fading part (support). Returns the relief per row.
        """
        p = self.p
        if (
            isinstance(rows, int | np.integer)
            and isinstance(effect_size, float | int | np.floating | np.integer)
        ) or (np.ndim(rows) == 0 and np.ndim(effect_size) == 0):
            return np.array([self._relieve_one(int(rows), float(effect_size), cause)])
        rows = np.atleast_1d(rows)
        g = np.broadcast_to(np.asarray(effect_size, dtype=float), rows.shape)
        relief = np.maximum(g, 0.0) * LOGIT_PER_EFFECT_SIZE
        lasting = p.effect_lasting_share * relief
        if cause == "family":
            room = np.maximum(self.risk_family[rows] - self.family_relief[rows], 0.0)
            lasting = np.minimum(lasting, room)
            np.add.at(self.family_relief, rows, lasting)
        elif cause == "school":
            room = np.maximum(
                self.risk_child[rows] + self.risk_school[rows] - self.school_relief[rows], 0.0
            )
            lasting = np.minimum(lasting, room)
            np.add.at(self.school_relief, rows, lasting)
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown cause {cause!r}")
        np.add.at(self.support, rows, relief - lasting)
        self._break_trajectories(rows[g > 0], cause)
        return relief

    def _break_trajectories(self, rows: np.ndarray, cause: str) -> None:
        """Help that reaches a pupil whose new problem is still developing stops it with
        probability ``trajectory_break_probability`` times the fit of the help to the problem:
        1 when the help works on the problem's cause (school help for a problem of the child,
        help for the family for a family crisis), ``school_help_for_family_cause`` otherwise.
        Early action breaks a negative development (002 L1689-1691)."""
        p = self.p
        if p.trajectory_break_probability <= 0 or not rows.size:
            return
        rows = rows[self.onset_left[rows] > 0]
        if not rows.size:
            return
        fits = self.onset_family[rows] == (cause == "family")
        chance = p.trajectory_break_probability * np.where(
            fits, 1.0, self.school_fit_for_family(rows)
        )
        self.onset_left[rows[self.rng.random(rows.size) < chance]] = 0

    def school_fit_for_family(self, rows) -> np.ndarray:
        """How well the school's own help fits a family cause, per row:
        ``school_help_for_family_cause``, and for a pupil whose school knows that social
        services work with the family (``school_informed``) a share
        ``informed_school_help_fit`` of the rest of the way to 1. Without word from social
        situation (000 L1104-1127; knowing that an investigation is under way can be enough).
        Advice at a case consultation (``school_advised``) closes a share
        ``consultation_help_fit`` of the gap instead, if that is more."""
        p = self.p
        f = p.school_help_for_family_cause
        gain = np.maximum(
            p.informed_school_help_fit * self.school_informed[rows],
            p.consultation_help_fit * self.school_advised[rows],
        )
        return f + (1.0 - f) * gain

    def _relieve_one(self, row: int, g: float, cause: str) -> float:
        """:meth:`relieve` for one pupil, in plain floats (the same arithmetic)."""
        relief = max(g, 0.0) * LOGIT_PER_EFFECT_SIZE
        lasting = self.p.effect_lasting_share * relief
        if cause == "family":
            room = max(float(self.risk_family[row] - self.family_relief[row]), 0.0)
            lasting = min(lasting, room)
            self.family_relief[row] += lasting
        elif cause == "school":
            room = max(
                float(self.risk_child[row] + self.risk_school[row] - self.school_relief[row]), 0.0
            )
            lasting = min(lasting, room)
            self.school_relief[row] += lasting
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown cause {cause!r}")
        self.support[row] += relief - lasting
        if g > 0 and self.onset_left[row] > 0:
            self._break_trajectories(np.array([row]), cause)
        return relief

    def attend_week(self, registration_compliance: float, burn_in: bool = False) -> np.ndarray:
        """Five school days for every pupil at once; returns the recorded absent days (n, 5).
        ``burn_in``: the days that fill the window before the run, drawn from a stream of
        their own (the window's length may differ between paired runs)."""
        world = self._burn_in_world if burn_in else self.world
        prob = self.absence_probability()
        absent = world.random((self.n, DAYS_PER_WEEK)) < prob[:, None]
        recorded = absent & (world.random((self.n, DAYS_PER_WEEK)) < registration_compliance)
        cursor = self._cursor
        self._cursor = _enter_week(self.window_true, cursor, absent, self._window_days_true)
        _enter_week(self.window_recorded, cursor, recorded, self._window_days_recorded)
        self.days_seen = np.minimum(self.days_seen + DAYS_PER_WEEK, self.window_true.shape[1])
        self._window_rate = None
        if self._lt_own:
            self._lt_cursor = _enter_week(self.lt_window, self._lt_cursor, absent, self._lt_days)
            self.lt_days_seen = np.minimum(self.lt_days_seen + DAYS_PER_WEEK,
                                           self.lt_window.shape[1])

        days = absent.sum(axis=1)
        self.days_absent_this_week = days
        share = days / DAYS_PER_WEEK  # = absent.mean(axis=1), exactly
        self._window_days_true += days
        if self._lt_own:
            self._lt_days += days
        self.cum_absent += days
        self.cum_days += DAYS_PER_WEEK
        days_recorded = recorded.sum(axis=1)
        self._window_days_recorded += days_recorded
        self.year_recorded += days_recorded
        self.year_days += DAYS_PER_WEEK
        self.term_recorded += days_recorded
        self.term_days += DAYS_PER_WEEK
        alpha = 1.0 / self.p.recent_absence_weeks
        self.recent += alpha * (share - self.recent)
        return recorded

    def update_risk(self) -> None:
        """Weekly slow dynamics: new problems develop, bonds follow absence, untreated risk
        escalates (M1)."""
        p = self.p
        self.develop_problems()
        # Absence wears bonds down; they recover towards the pupil's own level.
        self.bond += p.bond_recovery * (self.bond_home - self.bond) - p.bond_erosion * self.recent
        np.clip(self.bond, 0.0, 1.0, out=self.bond)
        over = np.clip(
            (self.recent - p.escalation_threshold) / (1.0 - p.escalation_threshold), 0.0, None
        )
        # Risk escalates while nothing is done; a pupil in an ongoing course of help
        # (this week) escalates at only treated_escalation_share of the rate and,
        # like a pupil back below the threshold, slowly recovers.
        t = self.treatment
        rate = p.escalation_rate * (1.0 - (1.0 - p.treated_escalation_share) * t)
        grow = rate * over * np.exp(-self.support)
        recover = p.escalation_recovery * self.escalation * np.where(over > 0, t, 1.0)
        self.escalation = np.minimum(self.escalation + grow - recover, p.escalation_cap)
        self.support *= 1.0 - p.support_decay
        self.treatment[:] = 0.0

    def mark_treated(self, rows, strength=1.0) -> None:
        """``rows`` are in an ongoing course of help this week (follow-up, family
        intervention, case coordination, a school social worker's advice). ``strength`` in
        [0, 1] says how well that help fits the cause of the pupil's absence (1: it does)."""
        rows = np.atleast_1d(rows)
        self.treatment[rows] = np.maximum(self.treatment[rows], strength)

    # ------------------------------------------------------------------ measures
    def window_rate(self, recorded: bool = True) -> np.ndarray:
        """Absence share over the ladder window (recorded by default).

        A new pupil's window holds only the days since the pupil started school.
        """
        if recorded:
            if self._window_rate is None:  # cached until the window changes
                self._window_rate = self._window_days_recorded / np.maximum(self.days_seen, 1)
            return self._window_rate
        return self._window_days_true / np.maximum(self.days_seen, 1)

    def long_term_now(self, threshold: float) -> np.ndarray:
        """Pupils long-term absent now: true absence above ``threshold`` over a full
        ``long_term_window_days`` window (a child outcome: it does not depend on how the
        school records absence or on its ladder window)."""
        if self._lt_own:
            days, seen, width = self._lt_days, self.lt_days_seen, self.lt_window.shape[1]
        else:
            days, seen, width = self._window_days_true, self.days_seen, self.window_true.shape[1]
        return (days / np.maximum(seen, 1) > threshold) & (seen >= width)

    def screenable(self) -> np.ndarray:
        """Pupils with enough school days in the window to be screened."""
        return self.days_seen >= min(self.window_true.shape[1], self.p.min_screen_days)

    def reachability(self, rows=slice(None)):
        """Chance that guardians answer when the school calls; falls with age (002 L2819-2825)."""
        if np.ndim(rows) == 0 and not isinstance(rows, slice):
            r = float(self.reach0[rows]) - self.p.reachability_grade_slope * int(self.grade[rows])
            return min(max(r, 0.0), 1.0)
        return np.clip(
            self.reach0[rows] - self.p.reachability_grade_slope * self.grade[rows], 0.0, 1.0
        )

    def strengthen_bond(self, rows, amount) -> None:
        if np.ndim(rows) == 0:  # one pupil: plain floats are much faster than numpy here
            self.bond[rows] = min(max(float(self.bond[rows]) + amount, 0.0), 1.0)
            return
        rows = np.atleast_1d(rows)
        self.bond[rows] = np.clip(self.bond[rows] + amount, 0.0, 1.0)
