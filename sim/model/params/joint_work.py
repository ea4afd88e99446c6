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
    "000 L594-600 (two since spring 2023)",
)
declare(
    "working_group_interval_weeks",
    2,
    "weeks",
    (0, 12),
    "joint",
    "weeks between working-group meetings that decide applications; 0 means no working group",
    "000 L684-685 (weekly in spring, every two weeks in autumn 2022)",
)
declare(
    "consent_routine",
    True,
    "",
    None,
    "joint",
    "a consent form is part of the routine, so consent is asked systematically",
    "000 L697-715",
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
    "assumption: 000 L556-667 (a full-time hub)",
)
declare(
    "hours_application",
    6.0,
    "hours",
    (1.0, 40.0),
    "joint",
    "coordinator's time to prepare one application for the working group, including mapping the "
    "family",
    "assumption: 000 L601-667 (receives applications, maps families)",
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
    "assumption: 000 L758-762",
)
declare(
    "absence_only_traction",
    0.5,
    "factor",
    (0.0, 1.0),
    "joint",
    "acceptance and effect of joint work for absence-only cases, relative to multi-problem ones",
    "000 L1228-1233; size is an assumption",
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
    "effect_joint_plan",
    1.0,
    "logit of support",
    (0.0, 4.0),
    "joint",
    "support from a joint plan of full quality (family meeting plus multi-professional meeting)",
    "assumption: 000 L740-772, L1161-1171 (a shared message has more force)",
)
declare(
    "effect_redirection",
    0.1,
    "logit of support",
    (0.0, 1.0),
    "joint",
    "support from the redirection a rejected application gets",
    "assumption: 000 L770-772",
)
declare(
    "timeliness_weeks",
    12.0,
    "weeks",
    (1.0, 52.0),
    "joint",
    "wait after which a plan has lost about 63 % of its timeliness (quality falls with delay)",
    "assumption: 004 L1864-1947 (communicate in time, principle 3)",
)
