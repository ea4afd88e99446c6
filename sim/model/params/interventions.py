"""Parameters: intervention effects, anchored in meta-analyses, and the channels by which
cooperation reaches the child (access, timeliness, fit, continuity, school-side trust).

Effects are standardised mean differences (Hedges' g) on attendance, as meta-analyses
report them. An effect g lowers the logit of a pupil's daily absence probability by
g * pi / sqrt(3) (:meth:`sim.model.pupils.PupilPopulation.relieve`; docs/ODD.md explains
the conversion). Anchors: docs/evidence.md.
"""

from .registry import declare

declare(
    "effect_lasting_share",
    0.5,
    "share of an effect",
    (0.0, 1.0),
    "interventions",
    "share of an intervention's effect that lasts (it lowers the risk it acts on); the rest is "
    "support that fades at support_decay (partial relapse)",
    "assumption: meta-analyses report post-test effects; follow-ups are few and smaller",
)
declare(
    "effect_family_intervention",
    0.25,
    "effect size g (whole course)",
    (0.0, 0.86),
    "interventions",
    "effect on attendance of a full course of family intervention (familjebehandling) at full "
    "fit; acts on the family's risk, delivered week by week over therapy_weeks",
    "external: Eklund et al. 2022, between-group g = 0.25 (0.14-0.36); upper end Maynard et "
    "al. 2015 (school refusal, g = 0.54)",
)
declare(
    "effect_action_plan",
    0.15,
    "effect size g",
    (0.0, 0.5),
    "interventions",
    "effect of an action plan's adjustments in school; acts on the child's and school's risk",
    "assumption: informed by Eklund et al. 2022 (by intervention type g = 0.09-0.26); 000 L487-492",
)
declare(
    "effect_eht_followup_week",
    0.01,
    "effect size g per week",
    (0.0, 0.05),
    "interventions",
    "effect of one week of the counsellor's follow-up (a 16-week course sums to 16 times this); "
    "acts on the child's and school's risk and strengthens the bond",
    "assumption: informed by Eklund et al. 2022 (g = 0.09-0.26 by type); 000 L1002-1004 (weekly)",
)
declare(
    "effect_guardian_meeting",
    0.05,
    "effect size g",
    (0.0, 0.3),
    "interventions",
    "effect of a meeting of pupil, guardians, mentor and EHT",
    "assumption: informed by Eklund et al. 2022 (family-school partnerships small, CI "
    "includes 0); 000 L482-485",
)
declare(
    "effect_contact_guardians",
    0.02,
    "effect size g",
    (0.0, 0.2),
    "interventions",
    "effect of one mentor contact with guardians who can be reached",
    "assumption: informed by 002 L1705-1708 (parents respond positively)",
)
declare(
    "effect_first_absence_call",
    0.01,
    "effect size g",
    (0.0, 0.1),
    "interventions",
    "effect of the principal's call home at a first absence of the term",
    "assumption: informed by 002 L4770-4778",
)
declare(
    "effect_ssw_advice_week",
    0.01,
    "effect size g per week",
    (0.0, 0.05),
    "interventions",
    "effect of one week of a school social worker's advice to the parents; acts on the family's "
    "risk",
    "assumption: informed by 004 L2889-2897 (weekly praise)",
)
declare(
    "effect_redirection",
    0.02,
    "effect size g",
    (0.0, 0.2),
    "interventions",
    "effect of the redirection (other suggested measures) that a rejected application gets",
    "assumption: informed by 000 L769-772",
)
declare(
    "effect_joint_plan_added",
    0.0,
    "effect size g",
    (0.0, 0.3),
    "interventions",
    "added effect of a joint plan over the same interventions delivered by each sector alone; "
    "0 = collaboration adds nothing by itself (it still changes access, timing, fit, continuity)",
    "external: Maynard et al. 2012 found no larger effects for collaborative or multimodal "
    "programmes; see docs/evidence.md",
)
declare(
    "fit_weight",
    0.5,
    "weight",
    (0.0, 1.0),
    "interventions",
    "how much a cross-sector intervention's effect depends on its fit: g x ((1 - w) + w x fit); "
    "0 = fit does not matter",
    "assumption: informed by 004 L1864-1947 (relational coordination) and 003 L2899-2913",
)
declare(
    "fit_weakest_link_weight",
    0.5,
    "weight",
    (0.0, 1.0),
    "interventions",
    "weight of the weakest tie against the mean tie in a case's relational coordination "
    "('the chain breaks at its weakest link')",
    "assumption: informed by 003 L2899-2913",
)
declare(
    "handover_fit_loss",
    0.3,
    "share of fit",
    (0.0, 1.0),
    "interventions",
    "share of a case's fit lost when its social worker or coordinator leaves and someone new "
    "takes it over (continuity)",
    "assumption: informed by 000 L1609-1618 (turnover makes continuity hard)",
)
declare(
    "handover_restart_share",
    0.5,
    "share of the course",
    (0.0, 1.0),
    "interventions",
    "share of the weeks already done that a new social worker must redo when a case changes hands",
    "assumption: informed by 000 L1609-1618",
)
declare(
    "school_trust_report_effect",
    1.0,
    "probability per unit trust",
    (0.0, 3.0),
    "interventions",
    "how much the writer's trust in social services changes the chance that the school files "
    "a report or an application it sees a need for: x (1 + effect x (trust - trust_initial))",
    "assumption: informed by 003 L2949-2981 (mistrust makes secrecy an obstacle) and 000 "
    "L1094-1127 (reports that vanish)",
)
declare(
    "informed_school_help_fit",
    0.5,
    "share of the gap",
    (0.0, 1.0),
    "interventions",
    "share of the gap between school_help_for_family_cause and 1 that closes when the school "
    "knows social services work with the family (feedback on its report, or a joint plan): its "
    "own follow-up then fits the family cause better; 0 = knowing changes nothing",
    "assumption: informed by 000 L1104-1127 (without feedback the school cannot reach the "
    "family situation; knowing an investigation is under way can be enough)",
)
declare(
    "school_trust_information_effect",
    0.5,
    "factor per unit trust",
    (0.0, 2.0),
    "interventions",
    "how much the writer's trust in social services makes a report better founded (information "
    "shared): intake's opening chance x (1 + effect x (trust - trust_initial))",
    "assumption: informed by 003 L2949-2981 and 002 L1752-1764 (knowing each other's mandate)",
)
declare(
    "effect_case_coordination_week",
    0.01,
    "effect size g per week",
    (0.0, 0.05),
    "interventions",
    "effect of one week of the coordinator's hands-on work on a joint case (mapping the family, "
    "handling conflicts, weaving the measures together); acts on the family's risk",
    "assumption: informed by 000 L641-667 (the coordinator's daily tasks: mapping families, "
    "conflict handling)",
)
declare(
    "effect_ppr_assessment",
    0.2,
    "effect size g",
    (0.0, 0.54),
    "interventions",
    "effect of the educational-psychology service's (PPR's) assessment of a referred pupil and "
    "its advice to the school; acts on the child's and school's risk",
    "assumption: informed by Maynard et al. 2015 (psychosocial treatment of school refusal, "
    "g = 0.54, an upper bound: PPR assesses and advises, it does not treat) and Eklund et al. "
    "2022 (g = 0.09-0.26 by type); 004 L680-688",
    acts_when="ppr_assessments_per_week",
)
