"""Parameters: Joint work and the coordinator (M5, M9).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "n_coordinators",
    2,
    "coordinators",
    (0, 2),
    "joint",
    "coordinators; with two they split the pupils by grade band (F-6 and 7-9)",
    "000 L594-600 (two since spring 2023: preschool class-grade 6 and högstadiet)",
)
declare(
    "working_group_interval_weeks",
    2,
    "weeks",
    (0, 12),
    "joint",
    "weeks between working-group meetings that decide applications; 0 means no working group",
    "000 L683-685 (every other week in autumn 2022; about weekly in spring 2022)",
)
declare(
    "consent_routine",
    True,
    "",
    None,
    "joint",
    "a consent form is part of the routine, so consent is asked systematically",
    "000 L697-715 (a consent form is part of Orust's new routines)",
)
declare(
    "consent_without_routine_factor",
    0.5,
    "factor",
    (0.0, 1.0),
    "joint",
    "how much less often consent is obtained without a consent routine",
    "assumption",
)
declare(
    "coordinator_hours",
    35.0,
    "hours per week",
    (5.0, 40.0),
    "joint",
    "each coordinator's weekly hours",
    "assumption: 000 L21-24, L555-557 (the coordinator is the hub, 'en tjänst'; hours not stated)",
)
declare(
    "hours_application",
    6.0,
    "hours",
    (1.0, 40.0),
    "joint",
    "coordinator's time to prepare one application for the working group, including mapping the "
    "family",
    "assumption: 000 L633-639, L659-662 (receives applications, maps families)",
)
declare(
    "coordinator_caseload",
    15,
    "cases",
    (1, 100),
    "joint",
    "joint cases one coordinator can follow at once",
    "assumption",
)
declare(
    "hours_joint_case",
    1.5,
    "hours per case per week",
    (0.1, 10.0),
    "joint",
    "coordinator's weekly time for each open joint case",
    "assumption",
)
declare(
    "accept_probability",
    0.85,
    "probability",
    (0.1, 1.0),
    "joint",
    "probability that the working group accepts an application about a multi-problem pupil",
    "assumption: 000 L758-772 (the group decides whether to open a case)",
)
declare(
    "absence_only_traction",
    0.5,
    "factor",
    (0.0, 1.0),
    "joint",
    "acceptance and effect of joint work for absence-only cases, relative to multi-problem ones",
    "assumption: informed by 000 L1228-1236",
)
declare(
    "plan_trust_weight",
    0.5,
    "weight",
    (0.0, 1.0),
    "joint",
    "weight of trust against familiarity in a joint plan's quality (relational coordination: "
    "shared knowledge and respect)",
    "assumption: 004 L1864-1947",
)
declare(
    "plan_consent_weight",
    0.4,
    "weight",
    (0.0, 1.0),
    "joint",
    "share of a joint plan's quality that depends on consent (lifting confidentiality)",
    "assumption: 000 L697-715",
)
declare(
    "joint_work_from_grade",
    0,
    "grade (0 = preschool class)",
    (0, 9),
    "joint",
    "the youngest grade that joint work covers; pupils below it get no application. Orust "
    "served grades 4-9 until spring 2023, then also the younger children",
    "000 L13-14 (grades 4-9 at first), L594-600 (from preschool class since spring 2023)",
)
