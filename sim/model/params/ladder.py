"""Parameters: The attendance ladder (M2).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from ..mechanisms.school import SCHOOL_ACTIONS
from .registry import declare

declare(
    "ladder_thresholds",
    (0.10, 0.15),
    "fraction of school days",
    (0.005, 0.9),
    "ladder",
    "recorded-absence thresholds of the ladder, ascending",
    "000 L475-478 (10 %, 15 %); 004 L658, L668, L682 use 10/15/20 %",
    kind="list[float]",
)
declare(
    "ladder_window_days",
    100,
    "school days",
    (5, 200),
    "ladder",
    "window over which recorded absence is measured against the thresholds",
    "004 L658, L668, L682 (the last 100 school days); 000 states no window; 002 L1701-1705 "
    "screened four weeks (20)",
)
declare(
    "ladder_review_weeks",
    4,
    "weeks",
    (1, 20),
    "ladder",
    "how long a step must hold before absence that 'persists' moves the pupil to the next step; "
    "also the interval of repeated guardian contact",
    "assumption: 000 L475-476 repeats guardian contact monthly (4 weeks); how long a step "
    "must hold is not stated",
)
declare(
    "ladder_steps",
    (
        ("contact_guardians",),
        ("inform_eht",),
        ("guardian_meeting", "report_of_concern_if_needed"),
        ("action_plan", "application", "report_of_concern_if_needed"),
        ("report_of_concern",),
    ),
    "actions",
    None,
    "ladder",
    "the actions taken at each ladder step",
    "000 L471-503 (Orust's five steps)",
    kind="steps",
    choices=SCHOOL_ACTIONS,
)
declare(
    "ladder_step_thresholds",
    (0, 1, 1, 1, 1),
    "index into ladder_thresholds",
    (0, 9),
    "ladder",
    "which threshold each step requires (0 = the first threshold)",
    "000 L475-496 (step 1 at 10 %, steps 2-3 at 15 %; steps 4-5 'frånvaro kvarstår', read as "
    "still 15 %)",
    kind="list[int]",
)
declare(
    "min_screen_days",
    10,
    "school days",
    (1, 100),
    "ladder",
    "school days a new pupil must have in the window before the ladder screens them",
    "assumption",
)
declare(
    "resolved_weeks",
    4,
    "weeks",
    (1, 20),
    "ladder",
    "weeks below the first threshold after which a pupil's ladder case counts as resolved and "
    "closes",
    "assumption: the issue's definition of resolved",
)
declare(
    "first_absence_call",
    False,
    "",
    None,
    "ladder",
    "the principal phones home on a pupil's first absence of the term",
    "assumption: off in Orust, whose ladder starts with the mentor at 10 % (000 L475-476); "
    "the practice: 002 L4770-4778, L2833-2839",
)
