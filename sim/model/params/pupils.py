"""Parameters: Pupils and absence (M1, M3).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "baseline_absence",
    0.093,
    "probability per school day",
    (0.01, 0.30),
    "pupils",
    "the population's mean daily absence probability before any ladder action; the calibration "
    "knob",
    "004 L1344-1350 (calibrated so the absence distribution resembles Aalborg's study schools, "
    "chosen for high absence, L1339-1354)",
)
declare(
    "risk_sd_child",
    0.75,
    "logit",
    (0.0, 2.5),
    "pupils",
    "spread of child-level risk (health, anxiety, learning difficulties)",
    "assumption: 004 risk-factor table L318-373 gives kinds, not sizes",
)
declare(
    "risk_sd_family",
    0.75,
    "logit",
    (0.0, 2.5),
    "pupils",
    "spread of family-level risk (family situation, support at home)",
    "assumption: 004 risk-factor table L318-373; 000 L1176-1184 (a whole family situation)",
)
declare(
    "risk_sd_school",
    0.2,
    "logit",
    (0.0, 1.5),
    "pupils",
    "spread of school-level risk between schools (climate, relations)",
    "assumption: 002 L4863, L5073-5075 (relations and climate)",
)
declare(
    "bond_sd",
    0.15,
    "bond (0-1)",
    (0.0, 0.5),
    "pupils",
    "spread of pupils' own bond level around bond_initial",
    "assumption",
)
declare(
    "multi_problem_share",
    0.3,
    "share of pupils",
    (0.0, 1.0),
    "pupils",
    "share of pupils whose absence comes with family problems (multi-problem); the pupils with "
    "the highest family risk",
    "assumption: 000 L1228-1233 distinguishes absence-only from multi-problem cases but gives no "
    "share",
)
declare(
    "absence_feedback",
    1.0,
    "logit per unit recent absence",
    (0.0, 10.0),
    "pupils",
    "how much recent absence raises today's absence probability (absence blocks relationships)",
    "002 L934-936, L1933-1934 (direction); size is an assumption",
)
declare(
    "recent_absence_weeks",
    4.0,
    "weeks",
    (1.0, 20.0),
    "pupils",
    "time scale of the pupil's memory of recent absence (exponential average)",
    "assumption",
)
declare(
    "bond_effect",
    1.5,
    "logit per unit bond",
    (0.0, 5.0),
    "pupils",
    "how much bonds to adults at school lower the absence probability",
    "002 L1933-1934, L4863 (direction); size is an assumption",
)
declare(
    "bond_initial",
    0.5,
    "bond (0-1)",
    (0.0, 1.0),
    "pupils",
    "mean initial bond between a pupil and the adults at school",
    "assumption",
)
declare(
    "bond_erosion",
    0.02,
    "bond per week at full absence",
    (0.0, 0.5),
    "pupils",
    "how fast absence wears down bonds to adults ('absence blocks relationships')",
    "002 L934-936 (direction); size is an assumption",
)
declare(
    "bond_recovery",
    0.05,
    "share of the gap per week",
    (0.0, 0.5),
    "pupils",
    "how fast a pupil's bond returns to its own level (contacts and support lift it above)",
    "assumption",
)
declare(
    "escalation_rate",
    0.015,
    "logit per week",
    (0.0, 1.0),
    "pupils",
    "weekly growth of untreated risk for a pupil above the escalation threshold; leads to "
    "long-term absence (hemmasittare)",
    "002 L1080-1084 (hemmasittare); 000 L1351-1359; size is an assumption",
)
declare(
    "escalation_threshold",
    0.3,
    "absence share",
    (0.05, 0.8),
    "pupils",
    "recent absence above which untreated risk escalates",
    "assumption",
)
declare(
    "escalation_cap",
    6.0,
    "logit",
    (0.0, 10.0),
    "pupils",
    "the most untreated risk can grow",
    "assumption",
)
declare(
    "support_decay",
    0.05,
    "share per week",
    (0.0, 0.5),
    "pupils",
    "weekly fading of the support a pupil has received from interventions",
    "assumption",
)
declare(
    "registration_compliance",
    0.9,
    "share of true absence",
    (0.1, 1.0),
    "pupils",
    "share of true absence that gets recorded in the school's system (M3)",
    "002 L506-516 (registration varies widely), L6551-6555",
)
declare(
    "consent_propensity",
    0.7,
    "probability",
    (0.05, 1.0),
    "pupils",
    "mean probability that guardians sign consent lifting confidentiality when asked",
    "assumption: 000 digest suggests 0.5-0.95; 000 L697-715",
)
declare(
    "reachability_min",
    0.85,
    "probability",
    (0.0, 1.0),
    "pupils",
    "guardians' base chance of answering the school is drawn uniformly from [reachability_min, 1]",
    "assumption: 002 L2819-2825",
)
declare(
    "consent_concentration",
    8.0,
    "beta concentration",
    (0.5, 100.0),
    "pupils",
    "how alike guardians are in consent propensity (higher: closer to consent_propensity)",
    "assumption",
)
declare(
    "reachability_grade_slope",
    0.04,
    "probability per grade",
    (0.0, 0.1),
    "pupils",
    "how much harder guardians are to reach per grade (contact with home falls with age)",
    "002 L2819-2825 (direction); size is an assumption",
)
