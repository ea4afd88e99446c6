"""Parameters: Costs (M13): prices for the social-investment accounting.

These parameters only *price* a run; none of them changes what happens in the simulation.
They are in their own group, ``costs``, so that sensitivity analysis can vary them (their
ranges are wide) and so that a reader can see at once which numbers are prices.

SEK at about the 2020-2023 price level (the salary figures are from different years and
are not uprated; the ranges cover the difference). Most values are assumptions: the Skåne
manual (003) gives the reasoning of the accounting (costs come first and fall on one budget,
gains come later and fall on others; 003 L904-938, L816-825, L151-156) but no SEK figures.
Where a national statistic gives the number, the source starts with ``external`` and
names the publisher and year (full references in docs/sources.md, section 5).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`).
"""

from .registry import GROUPS, declare

# The group is declared here, next to its parameters, so that the registry module needs no
# edit; it sorts last (GROUPS is insertion-ordered).
GROUPS.setdefault(
    "costs", "Costs (M13): prices for the who-pays-who-gains accounting (they do not change a run)"
)

# ----------------------------------------------------------------- salaries and posts
_SALARY_RANGE = (25_000.0, 70_000.0)

declare(
    "salary_teacher",
    36_200.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a mentor (compulsory-school teacher), full time, before "
    "employer's contributions",
    "external: SCB, 'Hur mycket tjänar en lärare?' (grundskollärare, 2020: 36,200 SEK); "
    "see docs/evidence.md",
)
declare(
    "salary_principal",
    52_700.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a principal (EHT member)",
    "external: SCB, salary structure statistics, municipalities, 2020 (SSYK 1412 Rektorer, "
    "mean 52,700 SEK); see docs/evidence.md",
)
declare(
    "salary_counsellor",
    38_000.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a school counsellor (kurator, EHT member)",
    "assumption: no national mean found; near the social secretaries' 38,800 SEK (SCB 2023, "
    "docs/evidence.md)",
)
declare(
    "salary_school_nurse",
    43_300.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a school nurse (EHT member)",
    "external: SCB figures for 2023 (skolsköterska 43,300 SEK) as reported by a salary "
    "site; see docs/evidence.md",
)
declare(
    "salary_special_educator",
    44_000.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a special educator (specialpedagog, EHT member)",
    "external: SCB figures for 2023 (speciallärare och specialpedagoger 44,000 SEK) as "
    "reported by a salary site; see docs/evidence.md",
)
declare(
    "salary_social_worker",
    38_800.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a social secretary (intake, investigator) and of a school social "
    "worker",
    "external: SCB figures for 2023 (socialsekreterare 38,800 SEK) as reported by a study "
    "guide; see docs/evidence.md",
)
declare(
    "salary_family_therapist",
    37_000.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a family therapist (behandlare) in social services",
    "assumption: close to a social secretary's salary (docs/evidence.md)",
)
declare(
    "salary_coordinator",
    42_000.0,
    "SEK per month",
    _SALARY_RANGE,
    "costs",
    "mean monthly salary of a coordinator (a post funded for cooperation)",
    "assumption: a senior social secretary or teacher; 000 gives no salary",
)
declare(
    "employer_cost_rate",
    0.4453,
    "share of salary",
    (0.3142, 0.55),
    "costs",
    "employer's contributions on top of salary: statutory fees, insurance and pensions "
    "(PO-pålägg)",
    "external: SKR, 'Arbetsgivaravgifter och PO-pålägg', 2023: 31.42 % statutory + 0.13 % "
    "agreement insurance + 12.98 % pensions for municipalities; see docs/evidence.md",
)
declare(
    "annual_working_hours",
    1_700.0,
    "hours per year",
    (1_400.0, 1_900.0),
    "costs",
    "hours a full-time employee works in a year (after holidays and absence); the hourly cost "
    "of a role is 12 x salary x (1 + employer_cost_rate) / annual_working_hours",
    "assumption",
)
declare(
    "consultant_cost_factor",
    2.0,
    "x employee cost",
    (1.2, 3.0),
    "costs",
    "cost of a consultant social worker relative to an employee; applied to the "
    "consultant_share of social-worker hours",
    "external: Akademikern, 30 January 2023: consultants cost 'about double' an employee "
    "(186 municipalities answered); see docs/evidence.md",
    acts_when="consultant_share",
)
declare(
    "coordinator_post_share",
    1.0,
    "full-time equivalents",
    (0.25, 1.0),
    "costs",
    "full-time equivalent of each coordinator post; coordinators and school social workers "
    "are priced as posts (a whole year), other roles by the hours the run books",
    "assumption: 000 L594-600 describes full coordinator posts but not their size",
)
declare(
    "joint_cost_school_share",
    0.5,
    "share",
    (0.0, 1.0),
    "costs",
    "share of the shared costs (coordinator posts, joint-plan costs) paid from the school "
    "budget; the rest is paid by social services",
    "assumption: SKIFO is a joint model of school and individual and family care (000 L13-24)",
)
declare(
    "meeting_overhead_share",
    0.25,
    "share of meeting hours",
    (0.0, 1.0),
    "costs",
    "preparation, travel and documentation per meeting hour, priced at the attendee's hourly "
    "cost",
    "assumption",
)
declare(
    "family_intervention_extra_cost",
    10_000.0,
    "SEK per course",
    (0.0, 150_000.0),
    "costs",
    "cost of a family-intervention course beyond the therapist's booked hours (materials, "
    "travel, supervision, bought-in parts); courses are counted as therapist hours / "
    "(hours_casework x therapy_weeks)",
    "assumption: the upper end is a bought-in course",
)
declare(
    "joint_plan_extra_cost",
    5_000.0,
    "SEK per joint plan",
    (0.0, 30_000.0),
    "costs",
    "cost of a joint plan beyond the booked meeting hours (documentation, participants the "
    "model does not represent)",
    "assumption",
)

# ----------------------------------------------------------------- future costs per pupil
declare(
    "ineligible_school_cost",
    129_300.0,
    "SEK per ineligible leaver",
    (0.0, 400_000.0),
    "costs",
    "extra upper-secondary cost of a leaver without eligibility (an introductory programme "
    "before a national one), paid by the municipality's school budget the year after leaving",
    "external: SCB, 'Kostnader för utbildningsväsendet 2021': total cost per upper-secondary "
    "pupil 129,300 SEK (2021), taken as one extra year; see docs/evidence.md",
)
declare(
    "exclusion_risk_ineligible",
    0.3,
    "probability",
    (0.05, 0.6),
    "costs",
    "how much more likely a leaver without eligibility is to end up in long-term exclusion "
    "(no work, no studies) than an eligible leaver",
    "assumption: 003 L90-93 (of the 25 % who do not finish upper secondary in 3 years, half "
    "finish later, the rest start towards exclusion at 20)",
)
declare(
    "exclusion_cost_lifetime",
    12.0,
    "MSEK per person",
    (5.0, 20.0),
    "costs",
    "lifetime cost to society of one person in long-term exclusion from age 20 to retirement: "
    "welfare costs plus lost production (undiscounted)",
    "external: Nilsson & Wadeskog, 'Är du lönsam lille vän?' (10-15 MSEK per person; year "
    "not stated in the copy we read; unverified); see docs/evidence.md",
)
declare(
    "exclusion_share_municipality",
    0.33,
    "share",
    (0.15, 0.45),
    "costs",
    "share of the exclusion cost that falls on the municipality (income support, social "
    "services)",
    "assumption: 'about one third', a secondary summary of Nilsson & Wadeskog that we could "
    "not verify",
)
declare(
    "exclusion_share_region",
    0.07,
    "share",
    (0.02, 0.15),
    "costs",
    "share of the exclusion cost that falls on the region (health care)",
    "assumption",
)
declare(
    "exclusion_share_state",
    0.15,
    "share",
    (0.05, 0.3),
    "costs",
    "share of the exclusion cost that falls on the state (social insurance, employment "
    "service); the rest of the cost (1 minus the three shares) is lost production",
    "assumption",
)
declare(
    "income_support_share",
    0.6,
    "share of the municipal part",
    (0.3, 0.9),
    "costs",
    "part of the municipality's exclusion cost that is income support (the rest is social "
    "services)",
    "assumption",
)
declare(
    "social_insurance_share",
    0.6,
    "share of the state part",
    (0.3, 0.9),
    "costs",
    "part of the state's exclusion cost that is social insurance (the rest is the employment "
    "service)",
    "assumption",
)
declare(
    "exclusion_start_age",
    20,
    "years of age",
    (18, 25),
    "costs",
    "age at which the cost of exclusion starts (leavers are 16 at the end of grade 9)",
    "003 L90-93 (the rest start towards exclusion 'at 20')",
)
declare(
    "exclusion_years",
    45,
    "years",
    (5, 47),
    "costs",
    "years over which the lifetime exclusion cost is spread evenly (age 20 to retirement)",
    "assumption: Nilsson & Wadeskog count from age 20 to retirement (docs/evidence.md)",
)
declare(
    "long_term_cost_school",
    100_000.0,
    "SEK per case",
    (0.0, 400_000.0),
    "costs",
    "school costs of a new case of long-term absence beyond the hours the model books "
    "(special support, home tuition, adapted schooling), in the year it starts",
    "assumption",
)
declare(
    "long_term_cost_social",
    50_000.0,
    "SEK per case",
    (0.0, 300_000.0),
    "costs",
    "social-services costs of a new case of long-term absence beyond booked hours (placements, "
    "bought-in support), in the year it starts",
    "assumption",
)
declare(
    "long_term_cost_health",
    30_000.0,
    "SEK per case",
    (0.0, 200_000.0),
    "costs",
    "region (child and adolescent psychiatry) costs of a new case of long-term absence, in the "
    "year it starts",
    "assumption",
)

# ----------------------------------------------------------------- time
declare(
    "cost_discount_rate",
    0.035,
    "per year",
    (0.0, 0.07),
    "costs",
    "real discount rate for future costs; year t of the accounting is weighted "
    "1 / (1 + rate)^(t - 1)",
    "assumption: a common Swedish rate for social cost-benefit analysis (docs/evidence.md)",
)
declare(
    "cost_horizon_years",
    8,
    "years",
    (1, 60),
    "costs",
    "years the accounting counts by default (python -m sim costs --horizon); the manual "
    "evaluates cooperation over 4-8 years rather than a one-year budget",
    "003 L918-924 ('ett tidsperspektiv i intervallet 4 - 8 år')",
)
