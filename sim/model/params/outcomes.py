"""Parameters: Outcome definitions.

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "eligibility_intercept",
    2.6,
    "logit",
    (-2.0, 6.0),
    "outcomes",
    "log-odds that a grade-9 leaver with no absence is eligible for upper secondary",
    "assumption: anchored on 002 L3784-3796 (85-90 % eligible)",
)
declare(
    "eligibility_absence_slope",
    8.0,
    "logit per unit absence",
    (0.0, 30.0),
    "outcomes",
    "how much cumulative absence lowers the log-odds of eligibility",
    "assumption: 004 L415-416, L428-430 (absence goes with not starting youth education)",
)
declare(
    "long_term_threshold",
    0.5,
    "fraction of school days",
    (0.2, 0.95),
    "outcomes",
    "recorded absence over the last window above which a pupil counts as long-term absent",
    "assumption: the issue's definition",
)
