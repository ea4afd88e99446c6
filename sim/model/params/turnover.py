"""Parameters: Turnover and consultants (M8).

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`)."""

from .registry import declare

declare(
    "annual_turnover_school",
    0.1,
    "share per year",
    (0.0, 0.8),
    "turnover",
    "annual probability that a mentor or EHT member leaves",
    "assumption: 002 L4129-4133 (principal turnover slows work)",
)
declare(
    "annual_turnover_social",
    0.3,
    "share per year",
    (0.0, 0.8),
    "turnover",
    "annual probability that a social worker leaves",
    "external: SCB data for Akademikerförbundet SSR: about 30 % of municipal social workers "
    "left their post within a year (2016-17); see docs/evidence.md",
)
declare(
    "annual_turnover_coordinator",
    0.1,
    "share per year",
    (0.0, 0.8),
    "turnover",
    "annual probability that a coordinator leaves",
    "assumption",
)
declare(
    "vacancy_weeks_school",
    4,
    "weeks",
    (0, 52),
    "turnover",
    "weeks a school post stays empty before a replacement starts",
    "assumption",
)
declare(
    "vacancy_weeks_social",
    8,
    "weeks",
    (0, 52),
    "turnover",
    "weeks a social-services post stays empty before a replacement starts",
    "assumption",
)
declare(
    "vacancy_weeks_coordinator",
    12,
    "weeks",
    (0, 52),
    "turnover",
    "weeks a coordinator post stays empty (a hub failure when it is the only one)",
    "assumption: 000 L555-557 (the coordinator has a key role)",
)
declare(
    "consultant_share",
    0.0,
    "share of posts",
    (0.0, 1.0),
    "turnover",
    "share of social-worker posts filled by consultants when a post is filled",
    "assumption: 0 now; 000 L1598-1607 (social services relied mainly on consultants 'a "
    "while ago')",
)
declare(
    "consultant_tenure_weeks",
    20,
    "weeks",
    (2, 104),
    "turnover",
    "mean tenure of a consultant",
    "assumption: 000 L1598-1607",
    acts_when="consultant_share",
)
declare(
    "consultant_feedback_factor",
    0.5,
    "factor",
    (0.0, 1.0),
    "turnover",
    "how much less often a consultant reports back to the school",
    "assumption: 000 L1598-1607 (hard to cooperate in the consultant era)",
    acts_when="consultant_share",
)
declare(
    "consultant_open_factor",
    0.6,
    "factor",
    (0.0, 1.0),
    "turnover",
    "how much less often a consultant opens an investigation",
    "assumption: informed by 000 L1598-1604 (divergent legal judgement)",
    acts_when="consultant_share",
)
