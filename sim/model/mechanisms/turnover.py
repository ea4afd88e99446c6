"""M8: staff turnover, vacancies and consultants.

Each professional leaves in a given week with the weekly hazard that matches the annual
turnover of their sector: ``1 - (1 - annual) ** (1 / weeks_per_year)``. A consultant's
hazard is ``1 / consultant_tenure_weeks`` instead (they stay briefly, 000 L1598-1607). The
post then stays vacant for ``vacancy_weeks_<sector>`` weeks; a vacant post does no work, so
its queue waits. The replacement is a new agent with no ties in the network: continuity
and personal acquaintance are lost (000 L1609-1618: "hög personalomsättning och det har
gjort det svårt att ha kontinuitet"). A social-services post is filled by a consultant with
probability ``consultant_share``.

A coordinator vacancy with no colleague is a hub failure; with two coordinators the other
one covers (003 L2651-2653: a small team restarts when one leaves; double the role). A
small cross-sector team restarts its formation when a member leaves (:mod:`.teams`).
"""

from __future__ import annotations

import numpy as np

from ..agents import Coordinator, SchoolSocialWorker, SocialWorker
from ..staffing import Post, PostKind
from . import teams


def weekly_hazard(annual: float, weeks_per_year: int) -> float:
    return 1.0 - (1.0 - annual) ** (1.0 / weeks_per_year)


def hazard_of(model, agent) -> float:
    p = model.p
    if agent.consultant:
        return 1.0 / p.consultant_tenure_weeks
    if isinstance(agent, Coordinator):
        annual = p.annual_turnover_coordinator
    elif isinstance(agent, (SocialWorker, SchoolSocialWorker)):
        annual = p.annual_turnover_social
    else:
        annual = p.annual_turnover_school
    return weekly_hazard(annual, p.weeks_per_year)


def _hazards(model, staff) -> list[float]:
    """:func:`hazard_of` for each of ``staff``: it depends only on the agent's class and
    whether it is a consultant, so each distinct hazard is computed once."""
    by_kind: dict[tuple[type, bool], float] = {}
    out = []
    for agent in staff:
        kind = (type(agent), bool(agent.consultant))
        h = by_kind.get(kind)
        if h is None:
            h = by_kind[kind] = hazard_of(model, agent)
        out.append(h)
    return out


def vacancy_weeks(model, post: Post) -> int:
    p = model.p
    if post.kind is PostKind.COORDINATOR:
        return p.vacancy_weeks_coordinator
    if post.kind.sector_is_social:
        return p.vacancy_weeks_social
    return p.vacancy_weeks_school


def staff_turnover(model) -> None:
    staff = model.staffing.professionals()
    hazards = np.array(_hazards(model, staff))
    leaving = np.flatnonzero(model.rng.random(len(staff)) < hazards)
    for i in leaving:
        teams.member_leaves(model, staff[i])  # a small team restarts (003 L2651-2653)
        model.vacate(staff[i])
    for post in model.staffing.due(model.week):
        model.fill(post)
