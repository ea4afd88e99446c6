"""Pricing a run (conceptual model M13): who pays for the work, and what its outcomes cost later.

Two kinds of money, both in SEK and both per school year of the run:

* **programme costs**: the staff hours the run booked (:mod:`.ledger`) priced per role,
  coordinators and school social workers as whole posts, the consultant premium, meeting
  overheads and intervention costs. Only the municipality's school and social services
  employ anyone in the model, so only those two sectors have programme costs.
* **future costs** of the run's child outcomes: a leaver without eligibility for upper
  secondary (an extra school year, and a higher risk of long-term exclusion whose cost falls
  on the municipality, the region, the state and lost production) and a new case of
  long-term absence (school, social services and health-care costs in the year it starts).

The parameters are the ``costs`` group of the registry (:mod:`.params.costs`); none of them
changes what happens in a run. The functions below except :func:`priced_costs` are pure
functions of a parameter mapping, so that the analysis layer can build the year-by-year
accounting (``sim.analysis.costs``) from the same streams the summary uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .staffing import EHT_ROLES, SOCIAL_ROLES

__all__ = [
    "COST_OUTCOMES",
    "LEAVING_AGE",
    "PROGRAMME_SECTORS",
    "ROLE_SALARY",
    "SECTORS",
    "annual_post_cost",
    "future_cost_streams",
    "hourly_cost",
    "present_value",
    "priced_costs",
    "programme_costs",
]

#: Who bears a cost: sector key -> (the budget it belongs to, a label for tables and figures).
SECTORS: dict[str, tuple[str, str]] = {
    "municipality_school": ("municipality", "Municipality: school"),
    "municipality_social_services": ("municipality", "Municipality: social services"),
    "municipality_income_support": ("municipality", "Municipality: income support"),
    "region_health_care": ("region", "Region: health care"),
    "state_social_insurance": ("state", "State: social insurance"),
    "state_employment_service": ("state", "State: employment service"),
    "society_lost_production": ("production", "Society: lost production"),
}
#: The sectors that employ the model's staff (the only ones with programme costs).
PROGRAMME_SECTORS = ("municipality_school", "municipality_social_services")

#: The salary parameter of each role in the hours ledger.
ROLE_SALARY: dict[str, str] = {
    "mentor": "salary_teacher",
    "principal": "salary_principal",
    "counsellor": "salary_counsellor",
    "nurse": "salary_school_nurse",
    "special_educator": "salary_special_educator",
    "intake": "salary_social_worker",
    "investigator": "salary_social_worker",
    "family_therapist": "salary_family_therapist",
    "school_social_worker": "salary_social_worker",
    "coordinator": "salary_coordinator",
    # the steering group's managers (M12), not agents: priced like a principal (assumption)
    "school_manager": "salary_principal",
    "social_manager": "salary_principal",
}
SCHOOL_ROLES = ("mentor", *EHT_ROLES, "school_manager")
#: Roles priced as posts (a whole year each), not by booked hours.
POST_ROLES = ("coordinator", "school_social_worker")
#: Age at the end of grade 9 (Swedish pupils turn 16 in the year they leave).
LEAVING_AGE = 16

_short = {"municipality_school": "school", "municipality_social_services": "social_services"}
COST_OUTCOMES: dict[str, str] = {
    **{
        f"cost_{_short[s]}_sek_year": (
            f"{SECTORS[s][1]}: priced cost of the run's absence work per school year (SEK): "
            "booked staff hours by role, coordinator and school-social-worker posts, consultant "
            "premium, meeting overheads, intervention costs (the costs parameter group)"
        )
        for s in PROGRAMME_SECTORS
    },
    "cost_total_sek_year": "cost_school_sek_year + cost_social_services_sek_year",
    "ineligible_leavers_per_year": "grade-9 leavers without eligibility per school year",
    "long_term_new_per_year": "new cases of long-term absence per school year",
    "helped_per_year": "pupils who received cross-sector help per school year",
    **{
        f"future_cost_{s}_sek_year": (
            f"{SECTORS[s][1]}: present value (cost_discount_rate, at the year the outcome "
            "happens) of the future costs of one school year's ineligible leavers and new "
            "long-term absence cases (SEK)"
        )
        for s in SECTORS
    },
    "future_cost_total_sek_year": "sum of the future_cost_*_sek_year outcomes (SEK)",
}


# ------------------------------------------------------------------ prices
def annual_post_cost(p: Mapping[str, Any], role: str) -> float:
    """A full-time year of ``role`` with employer's contributions (SEK)."""
    return 12.0 * float(p[ROLE_SALARY[role]]) * (1.0 + float(p["employer_cost_rate"]))


def hourly_cost(p: Mapping[str, Any], role: str) -> float:
    """An hour of ``role`` with employer's contributions (SEK); social secretaries and
    family therapists include the consultant premium on the ``consultant_share`` of posts."""
    cost = annual_post_cost(p, role) / float(p["annual_working_hours"])
    if role in SOCIAL_ROLES:
        cost *= 1.0 + float(p["consultant_share"]) * (float(p["consultant_cost_factor"]) - 1.0)
    return cost


def programme_costs(
    p: Mapping[str, Any],
    *,
    role_hours: Mapping[str, float],
    meeting_hours: Mapping[str, float],
    family_courses: float,
    joint_plans: float,
    school_years: float,
) -> dict[str, float]:
    """Programme costs per sector per school year (SEK).

    ``role_hours`` and ``meeting_hours`` are the hours booked over the run by role (all
    activities, and meetings only); ``family_courses`` and ``joint_plans`` are counts over
    the run. Coordinators and school social workers are priced as posts (``n_coordinators``
    x ``coordinator_post_share``, ``school_social_workers``), not by their hours.
    """
    if school_years <= 0:
        raise ValueError(f"school_years = {school_years!r} must be positive")
    out = dict.fromkeys(PROGRAMME_SECTORS, 0.0)
    for role, hours in role_hours.items():
        if role in POST_ROLES or role not in ROLE_SALARY:
            continue
        sector = "municipality_school" if role in SCHOOL_ROLES else "municipality_social_services"
        overhead = float(p["meeting_overhead_share"]) * float(meeting_hours.get(role, 0.0))
        out[sector] += (float(hours) + overhead) * hourly_cost(p, role) / school_years
    share = float(p["joint_cost_school_share"])
    shared = (
        int(p["n_coordinators"]) * float(p["coordinator_post_share"])
        * annual_post_cost(p, "coordinator")
        + float(joint_plans) * float(p["joint_plan_extra_cost"]) / school_years
    )
    out["municipality_school"] += share * shared
    out["municipality_social_services"] += (1.0 - share) * shared
    out["municipality_social_services"] += (
        int(p["school_social_workers"]) * annual_post_cost(p, "school_social_worker")
        + float(family_courses) * float(p["family_intervention_extra_cost"]) / school_years
    )
    return out


def future_cost_streams(p: Mapping[str, Any]) -> dict[str, dict[str, np.ndarray]]:
    """Undiscounted future costs of one unit of each outcome, per sector, by year.

    ``streams[outcome][sector][k]`` is the cost in the k-th year after the outcome's year
    (k = 0: the year itself). Outcomes: ``"ineligible"`` (a leaver without eligibility, who
    leaves at the end of year 0) and ``"long_term"`` (a new case of long-term absence).
    """
    start = int(p["exclusion_start_age"]) - LEAVING_AGE + 1  # first year of exclusion costs
    years = int(p["exclusion_years"])
    n = start + years
    zero = {s: np.zeros(n) for s in SECTORS}
    ineligible = {s: v.copy() for s, v in zero.items()}
    ineligible["municipality_school"][1] = float(p["ineligible_school_cost"])
    per_year = (
        float(p["exclusion_risk_ineligible"]) * float(p["exclusion_cost_lifetime"]) * 1e6 / years
    )
    muni, region, state = (
        float(p["exclusion_share_municipality"]),
        float(p["exclusion_share_region"]),
        float(p["exclusion_share_state"]),
    )
    income, insurance = float(p["income_support_share"]), float(p["social_insurance_share"])
    shares = {
        "municipality_income_support": muni * income,
        "municipality_social_services": muni * (1.0 - income),
        "region_health_care": region,
        "state_social_insurance": state * insurance,
        "state_employment_service": state * (1.0 - insurance),
        "society_lost_production": 1.0 - muni - region - state,
    }
    for sector, share in shares.items():
        ineligible[sector][start:] += per_year * share
    long_term = {s: v.copy() for s, v in zero.items()}
    long_term["municipality_school"][0] = float(p["long_term_cost_school"])
    long_term["municipality_social_services"][0] = float(p["long_term_cost_social"])
    long_term["region_health_care"][0] = float(p["long_term_cost_health"])
    return {"ineligible": ineligible, "long_term": long_term}


def present_value(stream: np.ndarray, rate: float) -> float:
    """Present value at year 0 of ``stream[k]`` paid in year k."""
    k = np.arange(len(stream))
    return float(np.sum(np.asarray(stream, dtype=float) / (1.0 + rate) ** k))


# ------------------------------------------------------------------ a finished run
def priced_costs(model) -> dict[str, float]:
    """The :data:`COST_OUTCOMES` of a finished (or running) model."""
    p, c = model.p, model.counters
    years = model.weeks_measured / p.weeks_per_year
    role_hours: dict[str, float] = {}
    meeting_hours: dict[str, float] = {}
    therapy_hours = 0.0
    for (role, activity), hours in model.ledger.hours.items():
        role_hours[role] = role_hours.get(role, 0.0) + hours
        if str(activity).startswith("meeting:"):
            meeting_hours[role] = meeting_hours.get(role, 0.0) + hours
        if role == "family_therapist" and str(activity) == "therapy":
            therapy_hours += hours
    if years <= 0:
        nan = float("nan")
        return dict.fromkeys(COST_OUTCOMES, nan)
    courses = therapy_hours / (float(p.hours_casework) * float(p.therapy_weeks))
    prog = programme_costs(
        p,
        role_hours=role_hours,
        meeting_hours=meeting_hours,
        family_courses=courses,
        joint_plans=len(model.records["plan_quality"]),
        school_years=years,
    )
    out = {f"cost_{_short[s]}_sek_year": v for s, v in prog.items()}
    out["cost_total_sek_year"] = sum(prog.values())
    counts = {
        "ineligible": (c["leavers"] - c["eligible"]) / years,
        "long_term": c["long_term_new"] / years,
    }
    out["ineligible_leavers_per_year"] = counts["ineligible"]
    out["long_term_new_per_year"] = counts["long_term"]
    out["helped_per_year"] = c["pupils_helped_cross_sector"] / years
    rate = float(p.cost_discount_rate)
    streams = future_cost_streams(p)
    for s in SECTORS:
        out[f"future_cost_{s}_sek_year"] = sum(
            counts[o] * present_value(streams[o][s], rate) for o in streams
        )
    out["future_cost_total_sek_year"] = sum(out[f"future_cost_{s}_sek_year"] for s in SECTORS)
    return {k: float(v) for k, v in out.items()}
