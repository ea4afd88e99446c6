"""M12: the steering group, its ambition level and its quorum (003 L1512-1591; 001 L321).

A steering group (in 003's words a management group for cooperation, *ledningsgrupp*) meets
every ``steering_group_interval_weeks`` weeks. Its role is to "skapa förutsättningar,
undanröja hinder och ge legitimitet för arbetet" (create the conditions, remove obstacles
and give the work legitimacy; 003 L1500-1504).

**Quorum.** A meeting has its quorum with probability ``steering_quorum_probability``. A
meeting without it decides nothing: "Det kan ha kommit två av fyra chefer och då kan de inte
ta ett beslut." (001 L321). The obstacles stay until a meeting that has its quorum.

**Ambition level** (003 L1512-1591). Level 1 (a "kaffe och mazarin" group, meeting 1-2
times a half-year) and level 2 (a problem-solving group, ad hoc) remove no obstacles in the
model: their benefit is the managers' acquaintance with each other, and managers are not
agents here; "det är endast på de två högre nivåerna som man kan tala om någon form av
reell ledning av samverkan" (L1586-1590). Level 3, a project steering group, decides on the
project's own resources in the group and back in the line (L1548-1556); level 4, a strategic
management group, also drives the consequences for structure and organisation in the line
(L1557-1566).

**Obstacles, and what removing one does (the form is an assumption, labelled).** The
obstacles the model has are **vacant posts** (resources): work waits while a post is empty
(M8). At a meeting with its quorum the steering group gets every vacancy its level reaches
filled ``steering_refill_weeks`` after the meeting (an acting appointment or a seconded
colleague), if the vacancy would otherwise last longer:

* level 3 and up: the cooperation's own posts, i.e. the coordinators (Orust's steering group
  employs the coordinator, 000 L555-557), the school social workers and, where the staff
  are co-located, the co-located social-services posts (the project's staff, 001 L159:
  the steering group controls the project's resources);
* level 4: also the line's posts the cooperation depends on, i.e. every social-services
  post and the EHT posts of the schools.

**Hours.** The managers present book ``hours_steering_meeting`` each: all
``steering_group_members`` at a meeting with its quorum, half of them at one without ("två av
fyra chefer", 001 L321). Managers are not agents, so the hours go straight to the ledger and
the cost accounting (M13) prices them like a principal's.

Routines (the consent routine, the working group's rhythm) and protected hours are levers
that scenarios and events set; the steering group does not change them in the model (see
docs/ODD.md, sections 7.15 and 7.17).
"""

from __future__ import annotations

from enum import IntEnum

from ..staffing import Post, PostKind


class Ambition(IntEnum):
    """The four ambition levels of a management group for cooperation (003 L1512-1591)."""

    COFFEE_AND_PASTRY = 1  # "kaffe och mazarin": information, acquaintance
    PROBLEM_SOLVING = 2  # ad hoc practical problems, no strategy
    PROJECT_STEERING = 3  # steers the project: reports, decisions in the group and the line
    STRATEGIC = 4  # also structure, steering and organisation; drives implementation


COOPERATION_POSTS = frozenset({PostKind.COORDINATOR, PostKind.SSW})
SOCIAL_POSTS = frozenset({PostKind.INTAKE, PostKind.INVESTIGATOR, PostKind.FAMILY_THERAPIST})


def level_needed(post: Post, colocation: bool) -> int | None:
    """The ambition level a steering group needs to get ``post`` filled sooner (None: never;
    mentors' posts are the school's own business)."""
    if post.kind in COOPERATION_POSTS or (colocation and post.kind in SOCIAL_POSTS):
        return Ambition.PROJECT_STEERING
    if post.kind in SOCIAL_POSTS or post.kind is PostKind.EHT:
        return Ambition.STRATEGIC
    return None


def meets(model) -> bool:
    """The steering group meets this week (measured or warm-up weeks alike)."""
    interval = model.p.steering_group_interval_weeks
    return interval > 0 and model.week % interval == 0


def steer(model) -> None:
    """This week's steering-group meeting, if one is due: with its quorum it removes the
    obstacles its ambition level reaches; without it nothing changes."""
    if not meets(model):
        return
    p = model.p
    model.counters["steering_meetings"] += 1
    quorum = model.rng.random() < p.steering_quorum_probability
    book_hours(model, p.steering_group_members if quorum else p.steering_group_members // 2)
    if not quorum:
        model.counters["steering_meetings_without_quorum"] += 1
        return  # no quorum: no decisions (001 L321)
    model.counters["steering_meetings_with_quorum"] += 1
    start = model.week + p.steering_refill_weeks
    for post, vacant_until in list(model.staffing.vacancies.items()):
        needed = level_needed(post, p.colocation)
        if needed is None or p.management_ambition < needed or vacant_until <= start:
            continue
        model.staffing.vacancies[post] = start
        model.counters["obstacles_removed"] += 1
        model.counters["vacancy_weeks_saved"] += vacant_until - start


def book_hours(model, present: int) -> None:
    """The managers present book ``hours_steering_meeting`` each, half of them school managers
    and half social-services managers (an odd one out is the school's). Managers are not
    agents: their hours go straight to the ledger, priced like a principal's (M13)."""
    hours = model.p.hours_steering_meeting
    social = present // 2
    model.ledger.book("school_manager", "meeting:steering_group", (present - social) * hours)
    model.ledger.book("social_manager", "meeting:steering_group", social * hours)
