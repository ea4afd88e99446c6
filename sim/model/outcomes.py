"""What a run reports: the outcomes of ``summary.json`` and the weekly time series.

Both are contracts: keep the names stable. Each measure has one definition here; the
weekly time series (:data:`REPORTERS`, read by Mesa's ``DataCollector``) and the summary
(:func:`summarise`) use the same functions.

"The last window" is the ladder window (``ladder_window_days``) at the end of the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from scipy import stats

from .cases import ApplicationStatus
from .pupils import DAYS_PER_WEEK
from .staffing import EHT_ROLES, SOCIAL_ROLES

OUTCOMES: dict[str, str] = {
    # Issue "Model foundation"
    "mean_absence": "mean recorded absence over the last window, all pupils",
    "share_over_10": "share of pupils with recorded absence > 10 % in the last window",
    "long_term_absent_share": (
        "share of pupils with true absence above long_term_threshold over the last "
        "long_term_window_days (100 school days by default)"
    ),
    "median_weeks_to_intervention": (
        "median weeks from first crossing the first threshold to the first action beyond the "
        "mentor's contact (episodes that got one)"
    ),
    "resolved_share": (
        "share of pupils who crossed the first threshold and later stayed below it for "
        "resolved_weeks weeks"
    ),
    "eligible_share": "share of grade-9 leavers eligible for upper secondary",
    "reports_of_concern": "reports of concern filed",
    # Issue "Cross-sector cooperation"
    "feedback_rate": "share of screened reports of concern that got feedback to the school",
    "mean_trust_cross": "mean trust over school <-> social-services ties, both directions",
    "trust_school_side": "mean trust of school staff in social-services staff",
    "trust_social_side": "mean trust of social-services staff in school staff",
    "mean_familiarity_cross": (
        "mean familiarity over all pairs of an EHT member and a social worker, both directions (a "
        "pair with no tie counts 0)"
    ),
    "applications": "applications to joint work",
    "cases_opened": "investigations opened by social services",
    "joint_meetings": "family and multi-professional meetings in joint work",
    "consultations": (
        "pupils the EHTs brought to case consultations at scheduled cross-sector contacts "
        "(ODD 7.8)"
    ),
    "staff_hours": "total staff hours on absence work, meetings and casework",
    # Further outcomes
    "true_absence": "mean true absence over the last window (what registration does not show)",
    "absence_over_run": (
        "mean true absence over every school day measured, all pupils (the whole run, not one "
        "window: the steadiest measure of how much school children miss)"
    ),
    "absence_over_run_multi_problem": (
        "mean true absence over every school day measured of pupils whose families have "
        "problems (multi-problem pupils, as they were that week): the children cross-sector "
        "cooperation is for"
    ),
    "mean_absence_at_intervention": (
        "mean recorded absence when the first action beyond the mentor came"
    ),
    "median_weeks_to_joint_intervention": (
        "median weeks from first crossing the first threshold to the first cross-sector "
        "intervention (joint plan or family intervention)"
    ),
    "median_referral_weeks": "median weeks from a report of concern to intake's decision",
    "ppr_assessments": "assessments by the educational-psychology service (PPR) of referred pupils",
    "mean_ppr_wait_weeks": "mean weeks from a referral to PPR to its assessment (NaN if none)",
    "median_weeks_application_to_plan": "median weeks from an application to the joint plan",
    "mean_weeks_application_to_plan_incl_waiting": (
        "mean weeks from an application to the joint plan, counting the applications still "
        "waiting for a plan at the end with their wait so far (a lower bound that, unlike the "
        "median of plans set, keeps the slowest cases)"
    ),
    "km_median_weeks_application_to_plan": (
        "median weeks from an application to the joint plan, estimated with the Kaplan-Meier "
        "method: applications still waiting at the end count as censored at their wait so "
        "far, so a slow route does not hide its slowest cases (NaN when more than half still "
        "wait)"
    ),
    "mean_plan_quality": "mean quality of joint plans (0-1)",
    "share_5_to_10_year": (
        "share of pupils with recorded absence in (5 %, 10 %] over the last school year "
        "(calibration, 004 L1344-1350)"
    ),
    "share_over_10_year": (
        "share of pupils with recorded absence > 10 % over the last school year (calibration, 004 "
        "L1344-1350)"
    ),
    "share_over_15_autumn": (
        "share of pupils with recorded absence > 15 % over the last finished autumn term "
        "(calibration: Skolverket's national mapping, autumn 2019, about 1 in 7)"
    ),
    "share_over_15_autumn_grades_7_9": (
        "the same among pupils in grades 7-9 (calibration: the same mapping by grade, about "
        "19,000, 22,000 and 26,000 pupils in grades 7, 8 and 9, roughly 19 %)"
    ),
    "pupils_crossed": "pupils who crossed the first threshold at least once",
    "leavers": "grade-9 leavers",
    "rejections": "applications rejected by the working group (redirections)",
    "working_group_meetings": "working-group meetings held",
    "betrayals": "perceived betrayals (no feedback, obvious case not opened)",
    "feedback_balance": (
        "feedback the school received minus reports of concern screened (negative: the school "
        "hears back less than it reports)"
    ),
    "traction_multi_problem": (
        "share of reports and applications about multi-problem pupils that social services or the "
        "working group took up (opened, accepted)"
    ),
    "traction_absence_only": (
        "share of reports and applications about absence-only pupils that social services or the "
        "working group took up (opened, accepted)"
    ),
    "departures": "staff who left",
    "weeks_without_coordinator": (
        "weeks in which a system with coordinators had none in post (hub failure)"
    ),
    "orphaned_case_weeks": (
        "weeks that open joint cases spent with no coordinator (summed over cases)"
    ),
    "meeting_hours": "staff hours in meetings",
    # Issue "Cooperation must reach the child": outcomes a planner reads about children
    "long_term_incidence": (
        "share of pupils who became long-term absent (true absence above "
        "long_term_threshold over long_term_window_days) at any time during the run, of those "
        "who were not at the start (entrants included)"
    ),
    "long_term_weeks_per_1000": (
        "pupil-weeks above the long-term threshold per 1,000 pupils per school year"
    ),
    "cross_sector_help_share": (
        "share of pupils over the first threshold (at any time in the run) who received "
        "cross-sector help: a family intervention or a joint plan"
    ),
    "reports_per_1000_pupils_year": "reports of concern per 1,000 pupils per school year",
    "followup_hours_needed": (
        "counsellor hours that weekly follow-up of every pupil the EHT follows would need "
        "(pupils whose joint case a coordinator follows are the coordinator's)"
    ),
    "followup_hours_given": "counsellor hours of follow-up given (neediest pupils first)",
    "followup_coverage": "followup_hours_given / followup_hours_needed (1 = no unmet demand)",
    "mean_action_wait_weeks": (
        "mean weeks a ladder action (contact, meeting, plan, application, report) waited for "
        "someone with time"
    ),
    "action_weeks_waited": "ladder actions still waiting at the end of a week, summed over weeks",
}
ROLES = ("mentor", *EHT_ROLES, *SOCIAL_ROLES, "school_social_worker", "coordinator")
OUTCOMES.update({f"hours_{r}": f"staff hours of {r.replace('_', ' ')}s" for r in ROLES})

# Issue "Social-investment accounting": priced costs per sector and the future costs of the
# run's child outcomes (sim/model/costs.py; the prices are the registry's "costs" group).
from .costs import COST_OUTCOMES, priced_costs  # noqa: E402

OUTCOMES.update(COST_OUTCOMES)

# Issue 10 (M12 and M8): the steering group (mechanisms/management.py) and team restarts
# (mechanisms/teams.py). All zero (the share NaN) in a system without them.
MANAGEMENT_OUTCOMES: dict[str, str] = {
    "steering_meetings": "steering-group meetings held",
    "steering_quorum_share": (
        "share of steering-group meetings that had their quorum (could decide, 001 L321)"
    ),
    "obstacles_removed": (
        "obstacles a steering group removed: vacant posts it had filled sooner (M12)"
    ),
    "vacancy_weeks_saved": "weeks of vacancy that the steering group's decisions saved",
    "steering_hours": (
        "managers' hours in steering-group meetings (booked, and priced in the municipality's "
        "costs, M13)"
    ),
    "team_restarts": "times a small cross-sector team restarted its formation (003 L2652)",
    "team_partial_losses": "times a team of 4-5 lost part of its formation when one left",
}
OUTCOMES.update(MANAGEMENT_OUTCOMES)


def management_outcomes(model) -> dict:
    """The outcomes of :data:`MANAGEMENT_OUTCOMES` for a run."""
    c = model.counters
    return {
        "steering_meetings": c["steering_meetings"],
        "steering_quorum_share": _share(c["steering_meetings_with_quorum"], c["steering_meetings"]),
        "obstacles_removed": c["obstacles_removed"],
        "vacancy_weeks_saved": c["vacancy_weeks_saved"],
        "steering_hours": model.ledger.by_activity().get("meeting:steering_group", 0.0),
        "team_restarts": c["team_restarts"],
        "team_partial_losses": c["team_partial_losses"],
    }


#: Where an application still waits for its joint plan.
_WAITING = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.PREPARED,
                      ApplicationStatus.ACCEPTED, ApplicationStatus.FAMILY_MEETING})


def waiting_for_plan(model) -> list[int]:
    """Weeks each application still waiting for a joint plan has waited so far (pupils who
    have left school are not counted)."""
    return [model.week - app.week_submitted for app in model.joint_work.applications
            if app.status in _WAITING and model.is_in_school(app.pupil)]


def km_median(done, waiting) -> float:
    """The Kaplan-Meier median of waits: ``done`` are the completed waits, ``waiting`` the
    waits still running at the end (right-censored). NaN without any completed wait, or when
    the survival curve never falls to one half (more than half still wait)."""
    if not len(done):
        return math.nan
    survival = stats.ecdf(stats.CensoredData(uncensored=np.asarray(done, dtype=float),
                                             right=np.asarray(waiting, dtype=float))).sf
    half = np.flatnonzero(survival.probabilities <= 0.5)
    return float(survival.quantiles[half[0]]) if half.size else math.nan


def _median(values) -> float:
    return float(np.median(values)) if len(values) else math.nan


def _mean(values) -> float:
    return float(np.mean(values)) if len(values) else math.nan


def _share(part, whole) -> float:
    return part / whole if whole else math.nan


# ------------------------------------------------------------------ absence measures
def mean_absence(model) -> float:
    return float(model.pupils.window_rate().mean())


def true_absence(model) -> float:
    return float(model.pupils.window_rate(recorded=False).mean())


def share_over_10(model) -> float:
    return float((model.pupils.window_rate() > 0.10).mean())


def long_term_absent_share(model) -> float:
    """Pupils long-term absent now (judged on a full window, as for the incidence)."""
    return float(model.pupils.long_term_now(model.p.long_term_threshold).mean())


# ------------------------------------------------------------------ the weekly time series
def week(model) -> int:
    return model.weeks_measured


def year(model) -> int:
    return model.year


def term(model) -> str:
    return model.term


# Mesa's DataCollector calls plain functions and ``functools.partial`` objects with the
# model; partials of module-level functions also keep the model picklable.
def cross_stat(model, name: str) -> float:
    """This week's cross-sector network measure ``name`` (measured once a week)."""
    return model.cross_stats[name]


def count(model, name: str) -> int:
    """The running count ``name`` of the model's counters."""
    return model.counters[name]


def on_step(model, step: int) -> int:
    """Pupils on ladder step ``step`` this week."""
    return int((model.pupils.step == step).sum())


def eht_followed(model) -> int:
    return int(model.pupils.eht_followup.sum())


def in_therapy(model) -> int:
    return int(model.pupils.therapy.sum())


def intake_queue(model) -> int:
    return len(model.social_services.intake_queue)


def applications_open(model) -> int:
    return len(model.joint_work.applications)


def vacancies(model) -> int:
    return len(model.staffing.vacancies)


def coordinators_in_post(model) -> int:
    return model.staffing.coordinators_in_post()


def staff_hours(model) -> float:
    return model.ledger.total()


#: The weekly time series: one column per name (a contract, like :data:`OUTCOMES`). The
#: model adds ``step_1`` ... ``step_k``, one per ladder step (:func:`reporters`).
REPORTERS: dict[str, Callable[[Any], Any]] = {
    "week": week,
    "year": year,
    "term": term,
    "mean_absence": mean_absence,
    "true_absence": true_absence,
    "share_over_10": share_over_10,
    "long_term_absent_share": long_term_absent_share,
    **{
        name: partial(cross_stat, name=name)
        for name in (
            "trust_school_side",
            "trust_social_side",
            "mean_trust_cross",
            "mean_familiarity_cross",
            "cross_ties",
        )
    },
    **{
        name: partial(count, name=name)
        for name in (
            "reports_of_concern",
            "reports_screened",
            "applications",
            "cases_opened",
            "pupils_helped_cross_sector",
            "long_term_new",
            "joint_meetings",
            "feedback_given",
        )
    },
    "eht_followed": eht_followed,
    "in_therapy": in_therapy,
    "intake_queue": intake_queue,
    "applications_open": applications_open,
    "vacancies": vacancies,
    "coordinators_in_post": coordinators_in_post,
    "staff_hours": staff_hours,
}


def reporters(n_steps: int) -> dict[str, Callable[[Any], Any]]:
    """:data:`REPORTERS` plus the pupils on each of the ladder's ``n_steps`` steps."""
    return {**REPORTERS, **{f"step_{i}": partial(on_step, step=i) for i in range(1, n_steps + 1)}}


# ------------------------------------------------------------------ the summary
def school_years(model) -> float:
    """School years measured so far (after the warm-up)."""
    return model.weeks_measured / model.p.weeks_per_year


def summarise(model) -> dict:
    """All outcomes of :data:`OUTCOMES` for a finished (or running) model."""
    c, rec = model.counters, model.records
    year_rate = model.last_year_rate
    # Trust and familiarity as observed at the end of the last week: the time series' last row.
    net = model.cross_stats
    by_role = model.ledger.by_role()
    waiting = waiting_for_plan(model)
    out = {
        "mean_absence": mean_absence(model),
        "share_over_10": share_over_10(model),
        "long_term_absent_share": long_term_absent_share(model),
        "median_weeks_to_intervention": _median(rec["weeks_to_intervention"]),
        "resolved_share": _share(c["pupils_resolved"], c["pupils_crossed"]),
        "eligible_share": _share(c["eligible"], c["leavers"]),
        "reports_of_concern": c["reports_of_concern"],
        "feedback_rate": _share(c["feedback_given"], c["reports_screened"]),
        "mean_trust_cross": net["mean_trust_cross"],
        "trust_school_side": net["trust_school_side"],
        "trust_social_side": net["trust_social_side"],
        "mean_familiarity_cross": net["mean_familiarity_cross"],
        "applications": c["applications"],
        "cases_opened": c["cases_opened"],
        "joint_meetings": c["joint_meetings"],
        "consultations": c["consultations"],
        "staff_hours": staff_hours(model),
        "true_absence": true_absence(model),
        "absence_over_run": _share(
            c["absent_days"], DAYS_PER_WEEK * model.p.n_pupils * model.weeks_measured
        ),
        "absence_over_run_multi_problem": _share(
            c["absent_days_multi_problem"], c["pupil_days_multi_problem"]
        ),
        "mean_absence_at_intervention": _mean(rec["absence_at_intervention"]),
        "median_weeks_to_joint_intervention": _median(rec["weeks_to_joint_intervention"]),
        "median_referral_weeks": _median(rec["referral_weeks"]),
        "ppr_assessments": c["ppr_assessments"],
        "mean_ppr_wait_weeks": _mean(rec["ppr_wait_weeks"]),
        "median_weeks_application_to_plan": _median(rec["weeks_application_to_plan"]),
        "mean_weeks_application_to_plan_incl_waiting": _mean(
            list(rec["weeks_application_to_plan"]) + waiting
        ),
        "km_median_weeks_application_to_plan": km_median(rec["weeks_application_to_plan"],
                                                          waiting),
        "mean_plan_quality": _mean(rec["plan_quality"]),
        "share_5_to_10_year": float(((year_rate > 0.05) & (year_rate <= 0.10)).mean()),
        "share_over_10_year": float((year_rate > 0.10).mean()),
        "share_over_15_autumn": model.autumn_over_15,
        "share_over_15_autumn_grades_7_9": model.autumn_over_15_upper,
        "pupils_crossed": c["pupils_crossed"],
        "leavers": c["leavers"],
        "rejections": c["rejections"],
        "working_group_meetings": c["working_group_meetings"],
        "betrayals": model.ties.betrayals,
        "feedback_balance": c["feedback_given"] - c["reports_screened"],
        "traction_multi_problem": _share(c["taken_up_multi_problem"], c["decided_multi_problem"]),
        "traction_absence_only": _share(c["taken_up_absence_only"], c["decided_absence_only"]),
        "departures": c["departures"],
        "weeks_without_coordinator": c["weeks_without_coordinator"],
        "orphaned_case_weeks": c["orphaned_case_weeks"],
        "meeting_hours": model.ledger.meeting_hours(),
        "long_term_incidence": _share(
            c["long_term_new"], model.p.n_pupils - c["long_term_at_start"] + c["new_pupils"]
        ),
        "long_term_weeks_per_1000": _share(
            1000.0 * c["long_term_pupil_weeks"], model.p.n_pupils * school_years(model)
        ),
        "cross_sector_help_share": _share(c["pupils_helped_cross_sector"], c["pupils_crossed"]),
        "reports_per_1000_pupils_year": _share(
            1000.0 * c["reports_of_concern"], model.p.n_pupils * school_years(model)
        ),
        "followup_hours_needed": float(c["followup_hours_needed"]),
        "followup_hours_given": float(c["followup_hours_given"]),
        "followup_coverage": _share(c["followup_hours_given"], c["followup_hours_needed"]),
        "mean_action_wait_weeks": _mean(rec["action_wait_weeks"]),
        "action_weeks_waited": c["action_weeks_waited"],
    }
    out.update({f"hours_{r}": float(by_role.get(r, 0.0)) for r in ROLES})
    out.update(priced_costs(model))  # issue "Social-investment accounting"
    out.update(management_outcomes(model))  # issue 10: M12 and team restarts
    assert set(out) == set(OUTCOMES), set(out) ^ set(OUTCOMES)
    return out
