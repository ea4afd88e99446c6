"""Parameters: Social services: reports of concern (M4).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "n_intake_workers",
    2,
    "workers",
    (1, 20),
    "social",
    "social workers at intake (mottagning), who screen reports of concern",
    "assumption: 000 L726-731 names the unit, not its size",
)
declare(
    "n_investigators",
    4,
    "workers",
    (1, 50),
    "social",
    "investigators (utredare) who investigate opened cases",
    "assumption: 000 L828-834 interviewed two case officers",
)
declare(
    "n_family_therapists",
    3,
    "workers",
    (1, 50),
    "social",
    "family therapists (familjebehandlare) who carry out interventions",
    "assumption: 000 L828-834 interviewed two treatment workers",
)
declare(
    "social_hours",
    30.0,
    "hours per week",
    (5.0, 40.0),
    "social",
    "hours each social worker has each week for casework",
    "assumption",
)
declare(
    "hours_screening",
    3.0,
    "hours",
    (0.5, 20.0),
    "social",
    "intake's time to screen one report of concern",
    "assumption",
)
declare(
    "intake_delay_weeks",
    2,
    "weeks",
    (0, 12),
    "social",
    "weeks a formal referral waits before intake can screen it (none with informal_referral)",
    "assumption: informed by 001 L333 (formal route took 'up to several weeks'; a phone call "
    "a couple of days)",
)
declare(
    "open_probability",
    0.55,
    "probability",
    (0.05, 1.0),
    "social",
    "probability that intake opens an investigation on a report about a multi-problem pupil, with "
    "no workload",
    "assumption: informed by 000 L1602-1604 (cases not opened on obvious reports); cf. "
    "Socialstyrelsen 2019 (38 % opened)",
)
declare(
    "absence_only_open_factor",
    0.5,
    "factor",
    (0.0, 1.0),
    "social",
    "how much less often an investigation opens for an absence-only pupil",
    "assumption: informed by 000 L1228-1236 ('Det där måste vara skolans problem')",
)
declare(
    "workload_sensitivity",
    0.5,
    "factor",
    (0.0, 1.0),
    "social",
    "how much a full investigator caseload lowers the probability of opening",
    "assumption: conceptual model M4 (workload)",
)
declare(
    "investigator_caseload",
    12,
    "cases",
    (1, 60),
    "social",
    "open investigations one investigator can carry",
    "assumption",
)
declare(
    "investigation_weeks",
    12,
    "weeks",
    (2, 30),
    "social",
    "length of an investigation",
    "assumption: within the four-month legal limit, Socialtjänstlagen (2001:453) 11 kap. 2 § "
    "(about 17 weeks); see docs/evidence.md",
)
declare(
    "therapist_caseload",
    10,
    "cases",
    (1, 60),
    "social",
    "families one family therapist can work with at once",
    "assumption",
)
declare(
    "therapy_weeks", 16, "weeks", (2, 60), "social", "length of a family intervention", "assumption"
)
declare(
    "hours_casework",
    2.0,
    "hours per case per week",
    (0.25, 10.0),
    "social",
    "weekly time an investigator or therapist spends on each open case",
    "assumption",
)
declare(
    "feedback_probability",
    0.3,
    "probability",
    (0.0, 1.0),
    "social",
    "base probability that social services reports back to the school after a report of concern",
    "assumption: informed by 000 L1094-1112 (schools ticked the feedback box and got no "
    "answer; direction only)",
)
declare(
    "feedback_familiarity_bonus",
    0.15,
    "probability per unit familiarity",
    (0.0, 1.0),
    "social",
    "added feedback probability the better the screener knows the reporter ('getting a face': an "
    "easy call)",
    "assumption: informed by 000 L1482-1530, L1623-1631",
)
declare(
    "open_trust_effect",
    0.5,
    "factor per unit trust",
    (0.0, 2.0),
    "social",
    "how much the screener's trust in the reporter's judgement raises the chance of opening: x (1 "
    "+ effect x (trust - trust_initial))",
    "assumption: informed by 003 L2876 (competence trust); 000 L1598-1604 (divergent judgements)",
)
declare(
    "hours_feedback",
    0.5,
    "hours",
    (0.05, 4.0),
    "social",
    "intake's time to report back to the school",
    "assumption",
)
declare(
    "feedback_consent_bonus",
    0.25,
    "probability",
    (0.0, 1.0),
    "social",
    "added feedback probability when guardians have signed consent",
    "assumption: informed by 000 L697-715 (consent lets professionals talk 'in a new way')",
)
declare(
    "feedback_coordinator_bonus",
    0.25,
    "probability",
    (0.0, 1.0),
    "social",
    "added feedback probability when a coordinator is in post (invited to intake's first meeting)",
    "assumption: informed by 000 L726-728 (coordinator invited to intake's first meeting), "
    "L742-743, L1147-1149 (informs the EHT)",
)
declare(
    "informal_referral",
    False,
    "",
    None,
    "social",
    "referrals go informally, by a phone call to someone one knows, and are settled the same "
    "week, instead of through the formal intake (intake_delay_weeks)",
    "000 L726-728, L774 (Orust's reports go to intake, 'mottaget'); informal route: 001 L333 "
    "(a call started it in a couple of days)",
)
declare(
    "unopened_report_to_joint_work",
    1.0,
    "probability",
    (0.0, 1.0),
    "social",
    "chance that a report about a multi-problem family which intake does not open goes on to "
    "joint work (the coordinator at intake's first meeting offers it; the guardians' consent "
    "is asked), where there is a working group and a coordinator in post; 0 = never",
    "assumption: informed by 000 L726-728 (routine: a coordinator is invited to intake's first "
    "meeting with the guardians after a report) and L745-772 (the joint route)",
)
