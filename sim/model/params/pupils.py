"""Parameters: Pupils and absence (M1, M3).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "baseline_absence",
    0.142,
    "probability per school day",
    (0.01, 0.30),
    "pupils",
    "the population's mean daily absence probability before any ladder action; the calibration "
    "knob",
    "external (calibration): set so that about 1 in 7 pupils are above 15 % recorded absence "
    "over an autumn term, as in Skolverket's national mapping (autumn 2019); "
    "benchmarks/calibrate.py",
)
declare(
    "risk_sd_child",
    0.75,
    "logit",
    (0.0, 2.5),
    "pupils",
    "spread of child-level risk (health, anxiety, learning difficulties)",
    "assumption: 004 risk-factor table L318-342 gives kinds and rough weight ('stor'/'mindre "
    "betydning'), not sizes",
)
declare(
    "risk_sd_family",
    0.75,
    "logit",
    (0.0, 2.5),
    "pupils",
    "spread of family-level risk (family situation, support at home)",
    "assumption: 004 risk-factor table L344-363; 000 L1176-1184 (a whole family situation)",
)
declare(
    "risk_sd_school",
    0.2,
    "logit",
    (0.0, 1.5),
    "pupils",
    "spread of school-level risk between schools (climate, relations)",
    "assumption: informed by 004 L365-373 (poor teacher-pupil relations, class climate); 002 "
    "L4863, L5073-5075",
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
    "assumption: 000 L1228-1236 distinguishes absence-only from multi-problem cases but "
    "gives no share",
)
declare(
    "absence_feedback",
    1.0,
    "logit per unit recent absence",
    (0.0, 10.0),
    "pupils",
    "how much recent absence raises today's absence probability (absence blocks relationships)",
    "assumption: informed by 002 L934-936, L1933-1934 (direction)",
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
    "assumption: informed by 002 L1933-1934, L4863 (direction)",
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
    "assumption: informed by 002 L934-936 (direction)",
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
    0.04,
    "logit per week",
    (0.0, 1.0),
    "pupils",
    "weekly growth of untreated risk for a pupil above the escalation threshold; leads to "
    "long-term absence (hemmasittare)",
    "assumption: informed by 004 L106-108 (persistent absence can lead to school refusal), "
    "002 L1853-1855 (hemmasittare)",
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
    "assumption: informed by 002 L506-516 (use of the registration system varies widely), "
    "L6551-6555 (no share given)",
)
declare(
    "consent_propensity",
    0.7,
    "probability",
    (0.05, 1.0),
    "pupils",
    "mean probability that guardians sign consent lifting confidentiality when asked",
    "assumption: informed by 000 L697-700 (guardians sign a consent form lifting "
    "confidentiality; no rate given)",
)
declare(
    "reachability_min",
    0.85,
    "probability",
    (0.0, 1.0),
    "pupils",
    "guardians' base chance of answering the school is drawn uniformly from [reachability_min, 1]",
    "assumption: informed by 002 L2819-2825 (guardians easier to reach when children are young)",
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
    "assumption: informed by 002 L2819-2825 (direction)",
)
declare(
    "escalation_recovery",
    0.02,
    "share per week",
    (0.0, 0.2),
    "pupils",
    "weekly fall of escalated risk while the pupil's recent absence is below "
    "escalation_threshold, or in proportion to ongoing help that fits the cause",
    "assumption",
)
declare(
    "treated_escalation_share",
    0.25,
    "share of escalation_rate",
    (0.0, 1.0),
    "pupils",
    "share of the escalation rate that still applies while the pupil is in an ongoing course of "
    "help (1 = help does not slow escalation; the timeliness channel)",
    "assumption: informed by 002 L1718-1722 (help must come early; then pupils returned)",
)
declare(
    "school_help_for_family_cause",
    0.5,
    "share",
    (0.0, 1.0),
    "pupils",
    "how far the school's own follow-up stops the escalation of a multi-problem pupil, whose "
    "absence has a cause at home (1 = as well as help for the family)",
    "assumption: informed by 000 L1228-1236 and L1176-1184 (a whole family situation)",
)
declare(
    "onset_rate",
    0.12,
    "new problems per pupil per school year",
    (0.0, 0.5),
    "pupils",
    "chance per school year that a pupil meets a new problem (a family crisis, bullying, "
    "anxiety) that develops over onset_weeks and raises the pupil's absence: the negative "
    "trajectory that early action can break. Problems accumulate over the school years, which "
    "is why absence rises with grade",
    "external (calibration, with onset_size): set so that absence rises with grade as in "
    "Skolverket's national mapping of autumn 2019 (about 19 % of pupils in grades 7-9 above "
    "15 %, against about 1 in 7 overall); benchmarks/calibrate.py. The form is an assumption "
    "informed by 002 L1689-1691 (early action breaks a negative development)",
)
declare(
    "onset_size",
    0.6,
    "logit",
    (0.0, 3.0),
    "pupils",
    "mean size of a new problem once fully developed, on the logit scale of the daily "
    "absence probability (sizes are drawn from an exponential distribution: most problems are "
    "small, a few are large)",
    "external (calibration, with onset_rate): the rise with grade in Skolverket's national "
    "mapping of autumn 2019 (see onset_rate); the exponential form is an assumption",
)
declare(
    "onset_weeks",
    20,
    "weeks",
    (1, 52),
    "pupils",
    "weeks over which a new problem develops (about half a school year); in a week of "
    "ongoing help that fits its cause it does not grow",
    "assumption: informed by 002 L1689-1691 (a negative development that early action breaks), "
    "002 L1718-1720 (early help, then a return to school)",
)
declare(
    "onset_family_share",
    0.5,
    "share of new problems",
    (0.0, 1.0),
    "pupils",
    "share of new problems that are family crises (the rest are problems of the child or at "
    "school: anxiety, bullying, learning difficulties); a family crisis makes the pupil's "
    "absence come with family problems (multi-problem)",
    "assumption: informed by 004 L318-373 (risk factors in the child, the family and the "
    "school, no shares)",
)
declare(
    "trajectory_break_probability",
    0.3,
    "probability per action",
    (0.0, 1.0),
    "pupils",
    "chance that help reaching a pupil whose new problem is still developing (a call home, a "
    "guardian contact, a meeting, a plan, a week of follow-up, help for the family) stops the "
    "problem from growing further, when the help fits the problem's cause; help that does not "
    "fit (school help for a family crisis, family help for a problem of the child) stops it "
    "with this chance times school_help_for_family_cause. 0: early action breaks nothing",
    "assumption: informed by 002 L1689-1691 (early action breaks a negative development)",
)
