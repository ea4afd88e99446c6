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
    "000 L733-734 (monthly)",
)
declare(
    "intake_eht_interval_weeks",
    18,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between intake's visits to each EHT; 0 means none",
    "000 L730 (once a term); earlier every sixth week (000 L1583-1585)",
)
declare(
    "forum_interval_weeks",
    0,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between regular cross-sector forums of all EHT members and social workers; 0 means none",
    "000 L1417-1478 (regular physical meetings); 004 L2132-2138 (Trivselsforum)",
)
declare(
    "training_days_per_year",
    1,
    "days per year",
    (0, 6),
    "contacts",
    "joint training days for EHTs and social services: meetings without a case",
    "000 L572 (two joint training days so far), L1577-1588",
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
    "assumption: 003 L1748-1771 (operative meetings of 2-3 h)",
)
declare(
    "hours_training_day",
    6.0,
    "hours per participant",
    (1.0, 10.0),
    "contacts",
    "length of a joint training day",
    "assumption",
)
declare(
    "hours_informal_contact",
    0.25,
    "hours per participant",
    (0.05, 2.0),
    "contacts",
    "length of an informal contact between co-located staff",
    "assumption",
)
declare(
    "colocation",
    False,
    "",
    None,
    "contacts",
    "school and social-services staff share premises: same-day referral and informal face-to-face "
    "contact",
    "001 L251, L273, L333",
)
declare(
    "colocated_contact_probability",
    0.3,
    "probability per week",
    (0.0, 1.0),
    "contacts",
    "chance each week that a co-located counsellor and a social worker meet informally",
    "001 L273 (questions settled face to face); size is an assumption",
)
declare(
    "house_meeting_interval_weeks",
    4,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between house meetings of all co-located staff; 0 means none (they stopped in 001)",
    "001 L313",
)
declare(
    "school_social_workers",
    0,
    "workers",
    (0, 50),
    "contacts",
    "school social workers without authority, each serving several schools",
    "004 L544-643, L884-888, L2094 (one covers six schools)",
)
declare(
    "ssw_consent_bonus",
    0.2,
    "probability",
    (0.0, 1.0),
    "contacts",
    "added consent probability when a school social worker works with the family",
    "004 L2847, L2867-2877 (parents trust the one without authority); size is an assumption",
)
declare(
    "ssw_feedback_bonus",
    0.2,
    "probability",
    (0.0, 1.0),
    "contacts",
    "added feedback probability when a school social worker brokers between school and social "
    "services",
    "004 L2094-2098; size is an assumption",
)
declare(
    "effect_ssw_support",
    0.02,
    "logit of support per week",
    (0.0, 1.0),
    "contacts",
    "weekly support from a school social worker's work with a pupil's parents",
    "004 L2889-2897 (weekly praise); size is an assumption",
)
declare(
    "ssw_caseload",
    15,
    "pupils",
    (1, 60),
    "contacts",
    "pupils one school social worker can work with at once",
    "assumption",
)
declare(
    "samrum_interval_weeks",
    4,
    "weeks",
    (0, 52),
    "contacts",
    "weeks between Samrum meetings of the EHT with the school social worker; 0 means none",
    "004 L2140-2167 (frequency not given: assumption)",
)
