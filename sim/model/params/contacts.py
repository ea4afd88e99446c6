"""Parameters: Scheduled contacts, co-location and school social workers (M6, M7, M10, M11).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "coordinator_eht_interval_weeks",
    4,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between a coordinator's meetings with each EHT; 0 means none",
    "000 L733-734 (ONE of the coordinators meets every EHT once a month)",
    acts_when="n_coordinators",
)
declare(
    "intake_eht_interval_weeks",
    18,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between intake's visits to each EHT; 0 means none",
    "000 L730-731 (once a term, 18 weeks); earlier every sixth week (000 L1583-1585)",
)
declare(
    "forum_interval_weeks",
    0,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between regular cross-sector forums of all EHT members and social workers; 0 means none",
    "assumption: none in Orust; informed by 000 L1417-1478 (regular meetings help); 003 "
    "L1748-1752 (3-8 week intervals)",
)
declare(
    "forum_with_parents",
    False,
    "",
    None,
    "contacts",
    "the guardians of the pupils the EHTs bring to the cross-sector forum take part (Aalborg's "
    "Trivselsforum): they are asked for consent, and the meeting helps as a meeting with the "
    "guardians does (effect_guardian_meeting, on the family's risk)",
    "assumption: false, none in Orust; 004 L2130-2134, L2171-2174 (parents take part in "
    "Trivselsforum; whose parents, and the effect, are assumptions)",
    acts_when="forum_interval_weeks",
)
declare(
    "training_days_per_year",
    1,
    "days per year",
    (0, 6),
    "contacts",
    "joint training days for EHTs and social services: meetings without a case",
    "assumption: informed by 000 L570-575 (two joint training days 'so far' since the 2021 "
    "start: about one a year)",
)
declare(
    "hours_scheduled_contact",
    1.0,
    "hours per participant",
    (0.25, 8.0),
    "contacts",
    "length of a scheduled contact: coordinator-EHT, intake-EHT, Samrum, house meeting",
    "assumption",
)
declare(
    "hours_forum",
    2.0,
    "hours per participant",
    (0.25, 8.0),
    "contacts",
    "length of a cross-sector forum",
    "assumption: informed by 003 L1748-1752 (operative meetings of 2-3 h)",
)
declare(
    "hours_training_day",
    6.0,
    "hours per participant",
    (1.0, 10.0),
    "contacts",
    "length of a joint training day",
    "assumption: informed by 000 L1483-1485 (the joint day in spring 2021 was a half-day)",
)
declare(
    "hours_informal_contact",
    0.25,
    "hours per participant",
    (0.05, 2.0),
    "contacts",
    "length of an informal contact between co-located staff",
    "assumption",
    acts_when="colocation",
)
declare(
    "colocation",
    False,
    "",
    None,
    "contacts",
    "school and social-services staff share premises: informal face-to-face contact and house "
    "meetings (referral speed is informal_referral's)",
    "000 L730-731, L1583-1584 (intake 'åker ut' to the EHTs: separate premises); mechanism "
    "001 L251, L273, L333",
)
declare(
    "colocated_contact_probability",
    0.3,
    "probability per week",
    (0.0, 1.0),
    "contacts",
    "chance each week that a co-located counsellor and a social worker meet informally",
    "assumption: informed by 001 L273 (questions settled face to face)",
    acts_when="colocation",
)
declare(
    "house_meeting_interval_weeks",
    4,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between house meetings of all co-located staff; 0 means none (they stopped in 001)",
    "assumption: informed by 001 L313 (regular house meetings, frequency not given; they "
    "have stopped)",
    acts_when="colocation",
)
declare(
    "school_social_workers",
    0,
    "workers",
    (0, 50),
    "contacts",
    "school social workers without authority, each serving several schools",
    "assumption: 0, none in Orust; 004 L556-560 (seven posts in Aalborg), L2093-2094 (one "
    "covers six schools)",
)
declare(
    "ssw_consent_bonus",
    0.2,
    "probability",
    (0.0, 1.0),
    "contacts",
    "added consent probability when a school social worker works with the family",
    "assumption: informed by 004 L2847-2851, L2853-2881 (parents trust the one without authority)",
    acts_when="school_social_workers",
)
declare(
    "ssw_feedback_bonus",
    0.2,
    "probability",
    (0.0, 1.0),
    "contacts",
    "added feedback probability when a school social worker brokers between school and social "
    "services",
    "assumption: informed by 004 L623-631 (SSW coordinates school and Familiegruppe, passes "
    "on information)",
    acts_when="school_social_workers",
)
declare(
    "ssw_caseload",
    15,
    "pupils",
    (1, 60),
    "contacts",
    "pupils one school social worker can work with at once",
    "assumption",
    acts_when="school_social_workers",
)
declare(
    "samrum_interval_weeks",
    4,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between Samrum meetings of the EHT with the school social worker; 0 means none",
    "assumption: informed by 004 L2140-2167, L674-676 (Samrum exists; frequency not given)",
    acts_when="school_social_workers",
)
declare(
    "network_meeting_case_time_share",
    0.25,
    "share of the hours",
    (0.0, 1.0),
    "contacts",
    "share of the hours of meetings without a case (forums, training days, scheduled contacts, "
    "house meetings) that comes out of the weekly hours for absence cases; all of them are "
    "booked as staff hours",
    "assumption",
)
declare(
    "liaison_interval_weeks",
    0,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between a liaison social worker's visits to each school's EHT meeting, where the "
    "worker explains roles and the duty to report; 0 means none",
    "assumption: none in Orust; informed by 002 L1734-1740 ('regelbundet' at EHT meetings), "
    "L1752-1764",
)
declare(
    "consultation_cases_per_contact",
    2,
    "pupils per EHT and contact",
    (0, 6),
    "contacts",
    "pupils whose families have problems that a school's EHT can bring for consultation to a "
    "scheduled cross-sector contact (each brought with probability = the counsellor's trust in "
    "the visitor's sector); a consulted pupil's school help then fits the family cause as after "
    "feedback; 0 = contacts reach no child",
    "assumption: informed by 004 L2132-2152 (Trivselsforum and Samrum discuss pupils and hand "
    "out tasks), 000 L1443-1446, L1464-1478 (secrecy eased, 'kortare vägar')",
)
declare(
    "consultation_report_share",
    0.5,
    "share of the pupils consulted",
    (0.0, 1.0),
    "contacts",
    "share of the pupils brought for consultation whom the school then reports to social "
    "services (the ladder's 'if needed' report, queued at once); 0 = advice only",
    "assumption: informed by 002 L1734-1764 (the liaison social worker explains the duty to "
    "report at EHT meetings) and 000 L1464-1473 ('Nu behöver vi nog tänka ihop här')",
)
declare(
    "consultation_help_fit",
    0.25,
    "share of the gap",
    (0.0, 1.0),
    "contacts",
    "share of the gap between school_help_for_family_cause and 1 that closes for a pupil the "
    "EHT has brought to a case consultation: advice on reaching the family situation, without "
    "knowing whether social services work with the family (feedback closes "
    "informed_school_help_fit of it); 0 = advice changes nothing",
    "assumption: informed by 004 L2132-2134 (Trivselsforum: several professions together "
    "understand a child's problem) and 002 L1752-1764 (seeing together which measures are best "
    "for the pupil); half of informed_school_help_fit by default",
)
