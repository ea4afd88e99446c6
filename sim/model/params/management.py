"""Parameters: Management and the steering group (M12).

A steering group (management group for cooperation) meets every
``steering_group_interval_weeks`` weeks; a meeting that has its quorum removes the obstacles
its ambition level reaches (:mod:`sim.model.mechanisms.management`). With no steering group
(interval 0, the default) nothing in a run changes.

Each declaration gives the default, unit, plausible range, group, description and
source (see :mod:`sim.model.params`).
"""

from .registry import GROUPS, declare

# The group is declared here, next to its parameters, so that the registry module needs no
# edit. It goes just before "costs", which stays last (prices, not mechanisms).
if "management" not in GROUPS:
    _items = list(GROUPS.items())
    _at = next((i for i, (key, _) in enumerate(_items) if key == "costs"), len(_items))
    _items.insert(_at, ("management", "Management and the steering group (M12)"))
    GROUPS.clear()
    GROUPS.update(_items)
    del _items, _at

declare(
    "steering_group_interval_weeks",
    0,
    "weeks",
    (0, 52),
    "management",
    "weeks between meetings of the steering group (management group) for cooperation; "
    "0 means no steering group in the model",
    "assumption: 0, Orust's steering group (000 L542-557) is not studied (000 L786-790); "
    "informed by 003 L1520-1574 (level 1 meets 1-2 times a half-year, levels 3-4 at least "
    "monthly) and 001 L159, L321",
)
declare(
    "management_ambition",
    3,
    "level (1-4)",
    (1, 4),
    "management",
    "the steering group's ambition level: 1 coffee-and-pastry group, 2 problem-solving "
    "group, 3 project steering group, 4 strategic management group; only levels 3-4 remove "
    "obstacles (3: the cooperation's own posts; 4: also the line's posts)",
    "assumption: 3, a project steering group that employs the coordinator, as Orust's (000 "
    "L555-557); the four levels: 003 L1512-1591 (only the two upper ones lead cooperation "
    "in reality, L1586-1590)",
)
declare(
    "steering_quorum_probability",
    1.0,
    "probability",
    (0.0, 1.0),
    "management",
    "chance that a steering-group meeting has its quorum (enough managers with a mandate "
    "present to decide); a meeting without it decides nothing",
    "assumption: informed by 001 L321 ('two of four managers' came and could not decide); "
    "003 L1599-1612 (the same managers with a mandate, over time)",
)
declare(
    "steering_refill_weeks",
    1,
    "weeks",
    (0, 52),
    "management",
    "weeks from a steering group's decision to fill a vacant post to the day someone starts "
    "in it (an acting appointment or a seconded colleague)",
    "assumption: informed by 003 L1500-1504 (the management group creates the conditions and "
    "removes obstacles) and 000 L555-557 (the steering group employs the coordinator)",
)
declare(
    "steering_group_members",
    4,
    "managers",
    (2, 12),
    "management",
    "managers in the steering group, half from school, half from social services; their "
    "meeting hours are booked and priced (at salary_principal); without a quorum only half "
    "of them come",
    "assumption: informed by 001 L321 ('two of four managers' came: Sundsvall's group had "
    "four); half from each sector",
)
declare(
    "hours_steering_meeting",
    2.0,
    "hours per member",
    (0.5, 8.0),
    "management",
    "length of a steering-group meeting",
    "assumption",
)
