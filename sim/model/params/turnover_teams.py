"""Parameters: team restarts (M8), in the turnover group.

A small cross-sector team restarts its formation when one member leaves; a team one or two
members larger loses part of it (:mod:`sim.model.mechanisms.teams`). The default
``team_restart_size`` of 0 switches the rule off.

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`).
"""

from .registry import declare

declare(
    "team_restart_size",
    0,
    "members",
    (0, 10),
    "turnover",
    "a cross-sector team (the working group; a school's EHT with its school social worker) "
    "of at most this many members restarts its formation when one leaves; one or two "
    "members more lose team_partial_loss of it; 0 means no team restarts",
    "assumption: 0 keeps team formation out of the model; 003 L2651-2653 gives 3 ('Ett "
    "team bestående av tre personer får i princip alltid genomlöpa en omstart'; four, better "
    "five, is robust)",
)
declare(
    "team_partial_loss",
    0.5,
    "share of the formation",
    (0.0, 1.0),
    "turnover",
    "share of a team's formation (trust and familiarity its remaining members built with "
    "each other) lost when a member leaves a team one or two members larger than "
    "team_restart_size",
    "assumption: informed by 003 L2652-2653 (four or five members is robust: the loss is "
    "partial)",
)
