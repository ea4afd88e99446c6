"""Parameters: School-side actions and capacity (M2).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "hours_first_absence_call",
    0.25,
    "hours",
    (0.05, 2.0),
    "school",
    "principal's time for one call home at a first absence",
    "assumption",
)
declare(
    "special_support_share",
    0.5,
    "probability",
    (0.0, 1.0),
    "school",
    "chance that an action plan shows the pupil needs special support (which leads to an "
    "application to joint work) for a pupil at the first threshold; higher with more absence: "
    "1 - (1 - share)^(absence / first threshold)",
    "assumption: informed by 000 L489-491 ('Om det visar sig att eleven är i behov av "
    "särskilt stöd ...')",
)
declare(
    "bond_gain_contact",
    0.05,
    "bond per contact",
    (0.0, 0.5),
    "school",
    "bond a pupil gains from a contact with an adult (mentor, counsellor, school social worker)",
    "assumption: informed by 002 L4863 (pupils come because of their teachers)",
)
declare(
    "mentor_hours",
    2.0,
    "hours per week",
    (0.0, 10.0),
    "school",
    "hours a mentor has each week for absence work",
    "assumption",
)
declare(
    "eht_hours",
    8.0,
    "hours per week",
    (0.0, 40.0),
    "school",
    "hours each EHT member has each week for absence cases",
    "assumption: informed by SKR 2022 (about 350-420 pupils per counsellor FTE, "
    "docs/evidence.md): a school of 250 pupils has about 0.6-0.7 FTE, 24-29 hours a week, of "
    "which 8 hours is about 30 % for absence cases",
)
declare(
    "hours_contact",
    0.5,
    "hours",
    (0.1, 4.0),
    "school",
    "time for one mentor contact with guardians",
    "assumption",
)
declare(
    "hours_followup",
    0.5,
    "hours per pupil per week",
    (0.1, 4.0),
    "school",
    "counsellor's weekly time for each pupil the EHT follows (a half-hour talk)",
    "assumption: informed by 000 L1002-1004 (counsellor sees the pupil once a week)",
)
declare(
    "hours_meeting",
    1.5,
    "hours per participant",
    (0.25, 8.0),
    "school",
    "length of a case meeting (guardian meeting, family meeting, joint meeting)",
    "assumption",
)
declare(
    "hours_action_plan",
    3.0,
    "hours",
    (0.5, 20.0),
    "school",
    "special educator's time to write an action plan",
    "assumption",
)
declare(
    "hours_report",
    1.0,
    "hours",
    (0.25, 8.0),
    "school",
    "counsellor's time to write a report of concern or an application",
    "assumption",
)
declare(
    "report_if_needed_probability",
    0.2,
    "probability",
    (0.0, 1.0),
    "school",
    "chance that the school, at a ladder step that reports 'if needed', sees a concern about "
    "the home situation of a multi-problem pupil and reports it (before the trust effect)",
    "assumption: informed by 000 L485, L493 ('Vid behov görs en orosanmälan', steps 3 and 4)",
)
declare(
    "followup_course_weeks",
    16,
    "weeks",
    (1, 52),
    "school",
    "weeks of the counsellor's weekly follow-up in an episode that bring relief "
    "(effect_eht_followup_week each); later weeks keep the pupil in care (which slows "
    "escalation) without more relief",
    "assumption",
)
declare(
    "transition_grades",
    (7,),
    "grades",
    (1, 9),
    "school",
    "grades that begin a new school stage (a transition: new school or new adults); pupils "
    "entering them lose transition_bond_loss of their bond to school",
    "assumption: informed by 002 L3155-3162 (transitions are risk zones for leaving school); "
    "grade 7, the start of lower secondary, is the usual school change",
    kind="list[int]",
)
declare(
    "transition_bond_loss",
    0.1,
    "bond (0-1)",
    (0.0, 0.5),
    "school",
    "bond to school a pupil loses on entering a transition grade (new adults, a new class); "
    "it recovers as any bond does; 0 = transitions are no risk",
    "assumption: informed by 002 L3155-3162",
)
declare(
    "ppr_assessments_per_week",
    0.0,
    "assessments per week",
    (0.0, 5.0),
    "school",
    "assessments the educational-psychology service (PPR) completes per week for pupils "
    "referred by the ladder's refer_ppr action, in order of referral (the wait is emergent); "
    "0 = no PPR, and no referral is made (Sweden: the EHT has its own psychologist)",
    "assumption: 0, no PPR in Sweden; 004 L680-688 (the referral at Aalborg's step 3) gives no "
    "capacity",
)
