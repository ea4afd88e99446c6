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
    "effect_contact_guardians",
    0.05,
    "logit of support",
    (0.0, 2.0),
    "school",
    "support from one mentor contact with the guardians",
    "002 L1705-1708 (parents respond positively); size is an assumption",
)
declare(
    "effect_eht_followup",
    0.01,
    "logit of support per week",
    (0.0, 1.0),
    "school",
    "weekly support while the EHT (counsellor) follows the pupil",
    "000 L1004 (counsellor sees the pupil weekly); size is an assumption",
)
declare(
    "effect_guardian_meeting",
    0.15,
    "logit of support",
    (0.0, 2.0),
    "school",
    "support from a meeting of pupil, guardians, mentor and EHT",
    "assumption: 000 L482-486",
)
declare(
    "special_support_share",
    0.5,
    "probability",
    (0.0, 1.0),
    "school",
    "chance that an action plan shows the pupil needs special support, which is what leads to an "
    "application to joint work",
    "000 L488-490 ('Om det visar sig att eleven är i behov av särskilt stöd ...'); size is an "
    "assumption",
)
declare(
    "effect_action_plan",
    0.25,
    "logit of support",
    (0.0, 3.0),
    "school",
    "support from an action plan with adjustments in school",
    "assumption: 000 L488-492",
)
declare(
    "effect_first_absence_call",
    0.05,
    "logit of support",
    (0.0, 1.0),
    "school",
    "support from the principal's call home at the first absence",
    "assumption: 002 L4770-4778",
)
declare(
    "bond_gain_contact",
    0.05,
    "bond per contact",
    (0.0, 0.5),
    "school",
    "bond a pupil gains from a contact with an adult (mentor, counsellor, school social worker)",
    "002 L4863 (pupils come because of their teachers); size is an assumption",
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
    "assumption",
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
    0.75,
    "hours per pupil per week",
    (0.1, 4.0),
    "school",
    "counsellor's weekly time for each pupil the EHT follows",
    "assumption: 000 L1004",
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
