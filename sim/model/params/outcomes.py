"""Parameters: Outcome definitions.

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "eligibility_intercept",
    3.4,
    "logit",
    (-2.0, 6.0),
    "outcomes",
    "log-odds that a grade-9 leaver with no absence is eligible for upper secondary",
    "external (calibration): set so that about 85 % of grade-9 leavers are eligible, as "
    "Skolverket reports for 2022 (85.0 %) and 2023 (85.2 %); benchmarks/calibrate.py",
)
declare(
    "eligibility_absence_slope",
    8.0,
    "logit per unit absence",
    (0.0, 30.0),
    "outcomes",
    "how much cumulative absence lowers the log-odds of eligibility",
    "assumption: 004 L415-416, L428-430 (48 % of non-starters had over 10 % absence in grade 9)",
)
declare(
    "long_term_threshold",
    0.5,
    "fraction of school days",
    (0.2, 0.95),
    "outcomes",
    "true absence over the last long_term_window_days above which a pupil counts as "
    "long-term absent",
    "assumption: the issue's definition",
)
declare(
    "long_term_window_days",
    100,
    "school days",
    (20, 200),
    "outcomes",
    "window of true absence over which long-term absence is judged (a child outcome, "
    "independent of the ladder's window and of registration)",
    "assumption: 100 school days (about half a year) as the ladder's default window, on "
    "which long-term absence was judged until December 2026; the national counts use 'a "
    "month or more' (20 days; Skolinspektionen 2016, Skolverket 2010; docs/evidence.md)",
)
