"""Pattern-oriented validation: the conceptual model's qualitative patterns as statistical checks.

Each pattern compares two (or four) conditions run with the same seeds: the same seed
draws the same initial population, so the comparison is paired (common random numbers).
The effect is the mean paired difference, reported with a 95 % confidence interval and a
one-sided paired t-test in the direction the pattern predicts.

``python -m sim validate`` prints the table; the test suite asserts on it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Effect:
    pattern: str
    description: str
    outcome: str
    mean: float  # mean paired difference, in the direction the pattern predicts (> 0 holds)
    low: float
    high: float
    p_value: float  # one-sided paired t-test
    n: int
    a: float  # mean of the reference condition
    b: float  # mean of the contrasting condition
    claim: str = "direction"  # "direction": the CI is above 0; "no fall": it is not below 0

    @property
    def holds(self) -> bool:
        return self.low > 0 if self.claim == "direction" else self.high >= 0

    def line(self) -> str:
        # Three significant digits of the effect's size, and the CI to the same decimals, so
        # that a lever's effect of a few hundredths of a point of absence is not printed 0.
        size = max(abs(self.mean), abs(self.low), abs(self.high))
        d = max(3, 2 - math.floor(math.log10(size))) if size > 1e-9 else 3
        return (
            f"{self.pattern:4s} {self.outcome:40s} {self.a:9.{d}f} -> {self.b:9.{d}f}  "
            f"effect {self.mean:+.{d}f} [95% CI {self.low:+.{d}f}, {self.high:+.{d}f}] "
            f"p={self.p_value:.2g} n={self.n}  {self.description}"
        )


def paired_effect(pattern, description, outcome, diffs, a, b, claim="direction") -> Effect:
    d = np.asarray(diffs, dtype=float)
    d = d[~np.isnan(d)]
    n = len(d)
    mean = float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    half = float(stats.t.ppf(0.975, n - 1) * se) if n > 1 else math.nan
    if se == 0:
        p = 0.0 if mean > 0 else 1.0
    else:
        p = float(stats.t.sf(mean / se, n - 1))
    return Effect(
        pattern,
        description,
        outcome,
        mean,
        mean - half,
        mean + half,
        p,
        n,
        float(np.nanmean(a)),
        float(np.nanmean(b)),
        claim,
    )


# --------------------------------------------------------------------------- running
def _summary(job) -> dict:
    from ..api import run

    scenario, seed, years, overrides = job
    result = run(scenario, seed=seed, years=years, **overrides)
    return {**result.summary, "n_pupils": result.model.p.n_pupils}


def _era_trust(job) -> list[float]:
    """Pattern 4: trust_school_side at each year end, then the share of the reports of
    concern screened in each year that intake opened, with or without a consultant era."""
    from ..model import SchoolCooperationModel

    seed, era_years, after_years, era = job
    kwargs = dict(consultant_share=1.0, annual_turnover_social=0.45) if era else {}
    model = SchoolCooperationModel(seed=seed, **kwargs)
    model.run_years(era_years)
    if era:
        model.update_params(consultant_share=0.0, annual_turnover_social=0.1)
    model.run_years(after_years)
    ts = model.timeseries()
    w = model.p.weeks_per_year
    years = range(1, era_years + after_years + 1)
    ends = [y * w - 1 for y in years]
    screened = np.diff(ts.reports_screened.iloc[ends].to_numpy(dtype=float), prepend=0.0)
    opened = np.diff(ts.cases_opened.iloc[ends].to_numpy(dtype=float), prepend=0.0)
    share = np.divide(opened, screened, out=np.full(len(ends), np.nan), where=screened > 0)
    return [float(ts.trust_school_side.iloc[i]) for i in ends] + [float(x) for x in share]


def _map(fn: Callable, jobs: list, workers: int | None):
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) <= 1:
        return [fn(j) for j in jobs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(fn, jobs, chunksize=max(1, len(jobs) // (4 * workers))))


#: Summaries already run in this process, by condition: patterns share their reference
#: condition (the default scenario), which then runs once per seed, not once per pattern.
_RUNS: dict[tuple, dict] = {}


def _condition_key(scenario, seed: int, years: int, overrides: dict) -> tuple:
    """The same condition gives the same key: on the default scenario (the registry's
    defaults), an override that sets a parameter to its default is no override."""
    if scenario is None:
        from ..model import defaults

        d = defaults()
        overrides = {k: v for k, v in overrides.items()
                     if not (k in d and _same(d[k], v))}
    return (scenario, seed, years, json.dumps(overrides, sort_keys=True, default=str))


def _same(x, y) -> bool:
    if isinstance(x, bool) or isinstance(y, bool):
        return x is y
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(_same(u, v) for u, v in zip(x, y))
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return float(x) == float(y)
    return x == y


def contrast(a: dict, b: dict, seeds: int, years: int = 3, scenario=None, workers=None):
    """Summaries of conditions ``a`` and ``b`` over the same seeds (a condition already run
    in this process with the same seed is not run again)."""
    jobs = [(scenario, s, years, a) for s in range(seeds)] + [
        (scenario, s, years, b) for s in range(seeds)
    ]
    keys = [_condition_key(*job) for job in jobs]
    todo = {k: job for k, job in zip(keys, jobs) if k not in _RUNS}
    _RUNS.update(zip(todo, _map(_summary, list(todo.values()), workers)))
    out = [_RUNS[k] for k in keys]
    return out[:seeds], out[seeds:]


def _col(rows, key):
    return np.array([r[key] for r in rows], dtype=float)


# --------------------------------------------------------------------------- patterns
def pattern_1(seeds=20, workers=None) -> list[Effect]:
    a, b = contrast({"n_coordinators": 2}, {"n_coordinators": 1}, seeds, workers=workers)
    return [
        paired_effect(
            "P1",
            "one coordinator instead of two: longer from concern to joint intervention",
            k,
            _col(b, k) - _col(a, k),
            _col(a, k),
            _col(b, k),
        )
        for k in ("median_weeks_to_joint_intervention", "median_weeks_application_to_plan",
                  "mean_weeks_application_to_plan_incl_waiting",
                  "km_median_weeks_application_to_plan")
    ]


def pattern_2(seeds=20, workers=None) -> list[Effect]:
    a, b = contrast(
        {"forum_interval_weeks": 0}, {"forum_interval_weeks": 4}, seeds, workers=workers
    )
    return [
        paired_effect(
            "P2",
            "a monthly cross-sector forum: higher trust and familiarity",
            k,
            _col(b, k) - _col(a, k),
            _col(a, k),
            _col(b, k),
        )
        for k in ("mean_trust_cross", "mean_familiarity_cross")
    ]


def pattern_3(seeds=20, workers=None) -> list[Effect]:
    no_fb = {
        "feedback_probability": 0.0,
        "feedback_consent_bonus": 0.0,
        "feedback_coordinator_bonus": 0.0,
        "ssw_feedback_bonus": 0.0,
    }
    a, b = contrast({"feedback_probability": 1.0}, no_fb, seeds, workers=workers)
    drop_school = _col(a, "trust_school_side") - _col(b, "trust_school_side")
    drop_social = _col(a, "trust_social_side") - _col(b, "trust_social_side")
    return [
        paired_effect(
            "P3",
            "no feedback: the school side's trust falls more than the social side's",
            "trust drop school - trust drop social",
            drop_school - drop_social,
            drop_social,
            drop_school,
        )
    ]


def pattern_4(seeds=20, workers=None, era_years=2, after_years=2) -> list[Effect]:
    jobs = [(s, era_years, after_years, False) for s in range(seeds)] + [
        (s, era_years, after_years, True) for s in range(seeds)
    ]
    out = np.array(_map(_era_trust, jobs, workers))
    ctrl, era = out[:seeds], out[seeds:]
    e, r = era_years - 1, era_years  # year-end indices: end of era, one year later
    n = era_years + after_years  # then the shares opened, year by year
    return [
        paired_effect(
            "P4",
            "consultant era (all consultants, 45 % turnover): school-side trust collapses",
            "trust_school_side at end of era",
            ctrl[:, e] - era[:, e],
            ctrl[:, e],
            era[:, e],
        ),
        paired_effect(
            "P4",
            "one year after the era ended, trust has still not recovered",
            "trust_school_side one year later",
            ctrl[:, r] - era[:, r],
            ctrl[:, r],
            era[:, r],
        ),
        paired_effect(
            "P4",
            "what the children's reports lead to: in the era's last year intake opens a "
            "smaller share of the school's reports of concern",
            "share of reports opened, last year of the era",
            ctrl[:, n + e] - era[:, n + e],
            ctrl[:, n + e],
            era[:, n + e],
        ),
        paired_effect(
            "P4",
            "... and in the year after it, with no consultants left, still a smaller share",
            "share of reports opened, the year after the era",
            ctrl[:, n + r] - era[:, n + r],
            ctrl[:, n + r],
            era[:, n + r],
        ),
    ]


def pattern_5(seeds=20, workers=None) -> list[Effect]:
    rows = _map(_summary, [(None, s, 3, {}) for s in range(seeds)], workers)
    multi, only = _col(rows, "traction_multi_problem"), _col(rows, "traction_absence_only")
    return [
        paired_effect(
            "P5",
            "absence-only cases get less cross-sector traction than multi-problem cases",
            "traction multi-problem - absence-only",
            multi - only,
            only,
            multi,
        )
    ]


def pattern_8(seeds=20, workers=None) -> list[Effect]:
    """Referral handling: an informal phone referral is settled in days, the formal intake
    takes weeks (001 L333); sitting under one roof alone is not faster (001 L169). The first
    effect holds by construction (``intake_delay_weeks``)."""
    a, b = contrast({"informal_referral": False}, {"informal_referral": True}, seeds,
                    workers=workers)
    k = "median_referral_weeks"
    informal = paired_effect("P8", "informal referral shortens referral handling "
                             "(by construction)", k, _col(a, k) - _col(b, k), _col(a, k),
                             _col(b, k))
    c, d = contrast({"colocation": False}, {"colocation": True}, seeds, workers=workers)
    colocated = paired_effect("P8", "co-location alone: referral handling not longer", k,
                              _col(c, k) - _col(d, k), _col(c, k), _col(d, k), claim="no fall")
    return [informal, colocated]


#: No cooperation structures (a silo) and full cooperation, for pattern 11.
SILO = {"n_coordinators": 0, "working_group_interval_weeks": 0, "feedback_probability": 0.1,
        "forum_interval_weeks": 0, "annual_turnover_social": 0.5, "consent_routine": False,
        "coordinator_eht_interval_weeks": 0}
FULL = {"n_coordinators": 2, "working_group_interval_weeks": 1, "feedback_probability": 0.9,
        "forum_interval_weeks": 4, "annual_turnover_social": 0.05, "consent_routine": True}

LOWER_IS_BETTER = ("long_term_absent_share", "long_term_weeks_per_1000", "long_term_incidence",
                   "mean_absence", "absence_over_run")
HIGHER_IS_BETTER = ("resolved_share", "eligible_share")


def _child_effects(pattern, what, a, b, asserted_lower=LOWER_IS_BETTER,
                   no_fall=HIGHER_IS_BETTER) -> list[Effect]:
    """Effects of condition b against a on the child outcomes, each signed so that > 0 is
    better for children."""
    out = [paired_effect(pattern, f"{what}: lower", k, _col(a, k) - _col(b, k), _col(a, k),
                         _col(b, k)) for k in asserted_lower]
    out += [paired_effect(pattern, f"{what}: not lower", k, _col(b, k) - _col(a, k),
                          _col(a, k), _col(b, k), claim="no fall") for k in no_fall]
    return out


def cooperation_vs_silo(seeds=20, workers=None) -> list[Effect]:
    """P11, the whole: full cooperation against a silo, on the child outcomes and access."""
    a, b = contrast(SILO, FULL, seeds, workers=workers)
    effects = _child_effects("P11", "full cooperation vs silo", a, b)
    k = "cross_sector_help_share"
    effects.append(paired_effect("P11", "full cooperation vs silo: more pupils over the "
                                 "threshold get cross-sector help (access)", k,
                                 _col(b, k) - _col(a, k), _col(a, k), _col(b, k)))
    effects.append(magnitude_within_bound("P11", "full cooperation vs silo", a, b))
    return effects


#: The largest effect the meta-analyses allow for one pupil: the upper end of the 95 % CI
#: of psychosocial treatments of school refusal, g = 0.54 (0.22-0.86) (ODD 7.13).
G_BOUND = 0.86


def absence_bound(p0) -> np.ndarray:
    """The fall in a pupil's absence (share of days) if help with g = :data:`G_BOUND`
    reached a pupil at absence ``p0`` at once and lasted in full (ODD 7.13's conversion)."""
    from ..model import LOGIT_PER_EFFECT_SIZE

    p0 = np.clip(np.asarray(p0, dtype=float), 1e-6, 1 - 1e-6)
    logit = np.log(p0 / (1 - p0)) - G_BOUND * LOGIT_PER_EFFECT_SIZE
    return p0 - 1.0 / (1.0 + np.exp(-logit))


def magnitude_within_bound(pattern, what, a, b) -> Effect:
    """The fall in mean absence per pupil whom condition ``b`` reaches with cross-sector
    help and ``a`` does not, against the most the evidence allows for one pupil
    (:func:`absence_bound` at the mean absence of pupils when help came). The effect is the
    bound minus the model's size, per seed: it holds when the CI is above 0. Mean absence
    is over the last window, while the pupils reached are counted over the whole run, so the
    model's size per pupil is an average over pupils reached early and late."""
    def reached(rows):
        return _col(rows, "cross_sector_help_share") * _col(rows, "pupils_crossed")

    extra = reached(b) - reached(a)
    pupils = np.array([r.get("n_pupils", np.nan) for r in b], dtype=float)
    fall = (_col(a, "mean_absence") - _col(b, "mean_absence")) * pupils
    per_pupil = np.where(extra > 0, fall / np.where(extra > 0, extra, 1.0), np.nan)
    bound = absence_bound(_col(b, "mean_absence_at_intervention"))
    return paired_effect(pattern, f"{what}: fall in absence per pupil reached within the "
                         f"bound (g = {G_BOUND}, once, lasting)",
                         "bound - fall in absence per pupil reached", bound - per_pupil,
                         bound, per_pupil)


#: P11's levers one at a time: (what, low condition, high condition).
LEVERS = (
    ("feedback 0.9 vs 0.1", {"feedback_probability": 0.1}, {"feedback_probability": 0.9}),
    ("social-worker turnover 0.05 vs 0.5", {"annual_turnover_social": 0.5},
     {"annual_turnover_social": 0.05}),
    # regular cross-sector contact: one coordinator's monthly meeting with each school's EHT
    # (000 L733-734), the default's, against none
    ("monthly coordinator-EHT meetings vs none", {"coordinator_eht_interval_weeks": 0},
     {"coordinator_eht_interval_weeks": 4}),
)

#: More regular contact on top of the meetings: a monthly forum of every EHT member and social
#: worker (reported, not asserted: it takes the hours of everyone in both teams).
FORUM = ("a monthly forum on top of the meetings vs none", {"forum_interval_weeks": 0},
         {"forum_interval_weeks": 4})


#: The child outcomes a single lever is judged on: absence over the whole run (all pupils, and
#: the pupils whose families have problems: the most precise measures) and long-term absence.
LEVER_OUTCOMES = ("absence_over_run", "absence_over_run_multi_problem", "long_term_absent_share")


def lever_alone(what: str, low: dict, high: dict, seeds=20, workers=None) -> list[Effect]:
    """One cooperation lever, low against high, on the child outcomes of
    :data:`LEVER_OUTCOMES` (lower), the resolved share (not lower; higher) and access."""
    a, b = contrast(low, high, seeds, workers=workers)
    effects = _child_effects("P11", what, a, b, asserted_lower=LEVER_OUTCOMES,
                             no_fall=("resolved_share",))
    for k in ("resolved_share", "cross_sector_help_share"):
        effects.append(paired_effect("P11", f"{what}: higher", k, _col(b, k) - _col(a, k),
                                     _col(a, k), _col(b, k)))
    return effects


#: The child outcome each lever is judged on, fixed before looking (one outcome, so no
#: correction for several chances is needed): absence over the run of the pupils whose
#: families have problems. Every channel these levers work through (feedback and advice that
#: make the school's help fit a family cause, reports and joint work, the continuity of
#: family cases) acts on a family cause, so that is where a lever's effect shows first.
PRIMARY_LEVER_OUTCOME = "absence_over_run_multi_problem"

#: Case consultation at the scheduled contacts (ODD 7.8) on its own: the channel through
#: which regular contact reaches the child, with the contacts themselves unchanged.
CONSULTATION = ("case consultation, 2 pupils vs none per contact",
                {"consultation_cases_per_contact": 0}, {"consultation_cases_per_contact": 2})

#: One lever's effect on children is a fraction of the whole's (a few hundredths of a point of
#: absence): P11's levers run over this many times the seeds of the rest.
LEVER_SEED_FACTOR = 4


def reaches_child(effects: list[Effect], alpha: float = 0.025) -> Effect | None:
    """Of one lever's effects (:func:`lever_alone`), the one on
    :data:`PRIMARY_LEVER_OUTCOME` if the lever lowers it (one-sided p below ``alpha``), else
    None."""
    primary = next(e for e in effects
                   if e.outcome == PRIMARY_LEVER_OUTCOME and e.claim == "direction")
    return primary if primary.holds and primary.p_value < alpha else None


def pattern_11(seeds=20, workers=None) -> list[Effect]:
    """Cooperation reaches the child: full cooperation against a silo, and three levers
    one at a time (feedback, social-worker turnover, regular cross-sector contact), the
    case consultation through which regular contact reaches children, and a forum on top of
    the meetings (reported), over :data:`LEVER_SEED_FACTOR` times the seeds."""
    effects = cooperation_vs_silo(seeds, workers)
    for what, low, high in (*LEVERS, CONSULTATION, FORUM):
        effects += lever_alone(what, low, high, LEVER_SEED_FACTOR * seeds, workers)
    return effects


#: P6's outcomes, as the conceptual model words the pattern ("fewer pupils *reaching*
#: long-term absence"): the share who became long-term absent at any time (incidence) and the
#: share who are at the end; pupil-weeks are reported with them.
P6_OUTCOMES = ("long_term_incidence", "long_term_absent_share", "long_term_weeks_per_1000")

#: Earlier detection moves long-term absence by a tenth of a point or two: P6 runs over this
#: many times the seeds of the rest.
P6_SEED_FACTOR = 2

#: The field's ladders start at 10 % (Orust 10/15 %, 000 L471-491; Aalborg 10/15/20 %,
#: 004 L654-688; Gothenburg 10 %, 002 L1701-1705): P6's thresholds contrast is the field's
#: ladder against a later one, and, reported, against an earlier one than any field ladder.
LATER_THRESHOLDS = {"ladder_thresholds": [0.15, 0.20]}
FIELD_THRESHOLDS = {"ladder_thresholds": [0.10, 0.15]}
EARLIER_THRESHOLDS = {"ladder_thresholds": [0.05, 0.10]}
CUT_STAFFING = {"eht_hours": 3.0, "mentor_hours": 1.0}


def _lower(pattern, what, a, b, outcomes) -> list[Effect]:
    """Effects of condition ``b`` against ``a`` on ``outcomes``, each predicted lower."""
    return [paired_effect(pattern, what, k, _col(a, k) - _col(b, k), _col(a, k), _col(b, k))
            for k in outcomes]


def first_absence_calls(seeds=20, workers=None) -> list[Effect]:
    """P6, earliest detection: the principal's call at a first absence of the term."""
    a, b = contrast({"first_absence_call": False}, {"first_absence_call": True}, seeds,
                    workers=workers)
    return _lower("P6", "first-absence calls: lower", a, b, P6_OUTCOMES)


def shorter_window(seeds=20, workers=None) -> list[Effect]:
    """P6, a shorter ladder window: 40 school days (8 weeks) instead of the default 100, so
    that rising absence reaches the thresholds sooner. Long-term absence is judged on a
    window of its own (``long_term_window_days``), so the measure does not move with the
    lever."""
    a, b = contrast({}, {"ladder_window_days": 40}, seeds, workers=workers)
    return _lower("P6", "ladder window 40 vs 100 school days: lower", a, b, P6_OUTCOMES)


def earlier_thresholds(seeds=20, workers=None) -> list[Effect]:
    """P6, lower thresholds: the field's ladder (10/15 %) against a later one (15/20 %),
    under default staffing and under cut staffing (the trade-off: more pupils to follow with
    the same hours), each with the follow-up demand left unmet; then an earlier ladder than
    any field's (5/10 %) against the field's, under default staffing."""
    effects = []
    for staffing, extra in (("default staffing", {}), ("cut staffing", CUT_STAFFING)):
        a, b = contrast({**extra, **LATER_THRESHOLDS}, {**extra, **FIELD_THRESHOLDS}, seeds,
                        workers=workers)
        what = f"thresholds 10/15 % vs 15/20 %, {staffing}"
        effects += _lower("P6", f"{what}: lower", a, b, P6_OUTCOMES)
        effects += _lower("P6", f"{what}: unmet follow-up demand grows", a, b,
                          ("followup_coverage",))
    a, b = contrast(FIELD_THRESHOLDS, EARLIER_THRESHOLDS, seeds, workers=workers)
    what = "thresholds 5/10 % vs 10/15 %, default staffing"
    return (effects + _lower("P6", f"{what}: lower", a, b, P6_OUTCOMES)
            + _lower("P6", f"{what}: unmet follow-up demand grows", a, b, ("followup_coverage",)))


def pattern_6(seeds=20, workers=None) -> list[Effect]:
    """Earlier detection against long-term absence: first-absence calls, a shorter window and
    lower thresholds (under default and cut staffing, with the unmet demand they bring), over
    :data:`P6_SEED_FACTOR` times the seeds."""
    n = P6_SEED_FACTOR * seeds
    return (first_absence_calls(n, workers) + shorter_window(n, workers)
            + earlier_thresholds(n, workers))


def pattern_9(seeds=20, workers=None) -> list[Effect]:
    churn = {"annual_turnover_coordinator": 0.5, "vacancy_weeks_coordinator": 16}
    jobs = []
    for n in (1, 2):
        for turnover in (False, True):
            jobs.append(
                {
                    "n_coordinators": n,
                    **(churn if turnover else {"annual_turnover_coordinator": 0.0}),
                }
            )
    runs = [
        contrast(jobs[0], jobs[1], seeds, workers=workers),
        contrast(jobs[2], jobs[3], seeds, workers=workers),
    ]
    (one_calm, one_churn), (two_calm, two_churn) = runs
    k = "weeks_without_coordinator"
    hub = paired_effect(
        "P9",
        "with coordinator turnover, two coordinators leave the hub empty for fewer weeks",
        k,
        _col(one_churn, k) - _col(two_churn, k),
        _col(one_churn, k),
        _col(two_churn, k),
    )
    def continuity(k, measure):
        hit_one = _col(one_churn, k) - _col(one_calm, k)
        hit_two = _col(two_churn, k) - _col(two_calm, k)
        return paired_effect(
            "P9",
            f"turnover delays joint plans less with two coordinators (continuity; {measure})",
            "delay from turnover: one - two coordinators",
            hit_one - hit_two,
            hit_two,
            hit_one,
        )

    cont = continuity("median_weeks_application_to_plan", "median of plans set")
    cont_all = continuity("mean_weeks_application_to_plan_incl_waiting",
                          "mean with those still waiting")
    cont_km = continuity("km_median_weeks_application_to_plan", "Kaplan-Meier median")
    k = "orphaned_case_weeks"
    orphans = paired_effect(
        "P9",
        "with coordinator turnover, joint cases are left without a coordinator less with two",
        k,
        _col(one_churn, k) - _col(two_churn, k),
        _col(one_churn, k),
        _col(two_churn, k),
    )
    return [hub, orphans, cont, cont_all, cont_km]


def pattern_10(seeds=20, workers=None) -> list[Effect]:
    """P10, costs before gains (the accounting is in :mod:`sim.analysis.costs`)."""
    from .costs import p10_costs_before_gains

    return p10_costs_before_gains(seeds=seeds, workers=workers)


PATTERNS: dict[str, Callable[..., list[Effect]]] = {
    "P1": pattern_1,
    "P2": pattern_2,
    "P3": pattern_3,
    "P4": pattern_4,
    "P5": pattern_5,
    "P6": pattern_6,
    "P8": pattern_8,
    "P9": pattern_9,
    "P10": pattern_10,
    "P11": pattern_11,
}


def validate_patterns(names=None, seeds=20, workers=None) -> list[Effect]:
    out = []
    for name in names or PATTERNS:
        out += PATTERNS[name](seeds=seeds, workers=workers)
    return out
