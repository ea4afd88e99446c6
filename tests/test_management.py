"""M12 (the steering group) and M8's team restarts: rules that could fail.

Unit tests set up a vacancy or a team's ties by hand and call the rule; the direction test
compares runs paired by seed (tests/conftest.py).
"""

import math

import pytest
from conftest import paired_ci, summaries

from sim.model import SchoolCooperationModel
from sim.model.mechanisms import management, teams
from sim.model.staffing import Post, PostKind

SMALL = dict(n_pupils=200, n_schools=2, warm_up_years=0)


def _model(**kw) -> SchoolCooperationModel:
    return SchoolCooperationModel(seed=3, **{**SMALL, **kw})


def _vacate(model, post: Post) -> int:
    """Empty ``post`` now; returns the week its replacement would start without steering."""
    model.vacate(model.staffing.in_post(post))
    return model.staffing.vacancies[post]


def _meeting_week(model) -> None:
    model.week = model.p.steering_group_interval_weeks * 10  # a week the group meets


COORDINATOR = Post(PostKind.COORDINATOR, 0)
INVESTIGATOR = Post(PostKind.INVESTIGATOR, 0)
COUNSELLOR = Post(PostKind.EHT, 0, "counsellor")


# ------------------------------------------------------------------ the steering group
def test_a_steering_group_without_its_quorum_removes_no_obstacles():
    model = _model(steering_group_interval_weeks=4, management_ambition=4,
                   steering_quorum_probability=0.0)
    _meeting_week(model)
    before = {post: _vacate(model, post) for post in (COORDINATOR, INVESTIGATOR, COUNSELLOR)}
    management.steer(model)
    assert model.counters["steering_meetings"] == 1
    assert model.counters["steering_meetings_without_quorum"] == 1
    assert model.counters["obstacles_removed"] == 0
    assert {post: model.staffing.vacancies[post] for post in before} == before


@pytest.mark.parametrize("quorum, present", [(1.0, 5), (0.0, 2)])
def test_a_meeting_books_the_hours_of_the_managers_present_and_they_are_priced(quorum, present):
    """All members come to a meeting with its quorum, half of them to one without (001
    L321); their hours are booked, split between the sectors, and add to the costs."""
    model = _model(steering_group_interval_weeks=4, steering_quorum_probability=quorum,
                   steering_group_members=5, hours_steering_meeting=3.0)
    _meeting_week(model)
    before = model.ledger.by_role()
    management.steer(model)
    after = model.ledger.by_role()
    school = after.get("school_manager", 0) - before.get("school_manager", 0)
    social = after.get("social_manager", 0) - before.get("social_manager", 0)
    assert (school + social, school - social) == (3.0 * present, 3.0 * (present % 2))
    from sim.model.costs import programme_costs

    args = dict(meeting_hours={}, family_courses=0, joint_plans=0, school_years=1)
    base = programme_costs(model.p, role_hours={}, **args)
    priced = programme_costs(model.p, role_hours={"school_manager": school,
                                                  "social_manager": social}, **args)
    assert priced["municipality_school"] > base["municipality_school"]
    assert (priced["municipality_social_services"] > base["municipality_social_services"]) == (
        social > 0)


def test_with_its_quorum_at_level_4_every_vacancy_it_reaches_is_filled_sooner():
    model = _model(steering_group_interval_weeks=4, management_ambition=4,
                   steering_quorum_probability=1.0, steering_refill_weeks=1)
    _meeting_week(model)
    before = {post: _vacate(model, post) for post in (COORDINATOR, INVESTIGATOR, COUNSELLOR)}
    assert all(start > model.week + 1 for start in before.values())
    management.steer(model)
    assert model.counters["obstacles_removed"] == 3
    assert all(model.staffing.vacancies[post] == model.week + 1 for post in before)
    assert model.counters["vacancy_weeks_saved"] == sum(s - model.week - 1 for s in before.values())
    # the replacements start when the steering group said
    model.week += 1
    assert set(before) <= set(model.staffing.due(model.week))


@pytest.mark.parametrize("ambition,colocation,filled", [
    (1, False, set()),
    (2, False, set()),
    (3, False, {COORDINATOR}),
    (3, True, {COORDINATOR, INVESTIGATOR}),  # co-located social workers are the project's
    (4, False, {COORDINATOR, INVESTIGATOR, COUNSELLOR}),
])
def test_the_ambition_level_decides_which_obstacles_go(ambition, colocation, filled):
    model = _model(steering_group_interval_weeks=4, management_ambition=ambition,
                   colocation=colocation)
    _meeting_week(model)
    before = {post: _vacate(model, post) for post in (COORDINATOR, INVESTIGATOR, COUNSELLOR)}
    management.steer(model)
    moved = {post for post in before if model.staffing.vacancies[post] != before[post]}
    assert moved == filled
    assert model.counters["obstacles_removed"] == len(filled)


def test_no_steering_group_no_meeting_and_no_random_draw():
    model = _model()  # steering_group_interval_weeks = 0 (the default)
    _vacate(model, COORDINATOR)
    state = model.rng.bit_generator.state
    management.steer(model)
    assert model.rng.bit_generator.state == state  # default runs are unchanged
    assert model.counters["steering_meetings"] == 0


def test_a_quorate_strategic_group_shortens_hub_failures():
    """One coordinator who often leaves, long vacancies: a level-4 group that has its quorum
    leaves the system fewer weeks without a coordinator than one that never has it."""
    kw = dict(n_pupils=300, n_schools=2, years=2, n_coordinators=1,
              annual_turnover_coordinator=0.6, vacancy_weeks_coordinator=20,
              steering_group_interval_weeks=4, management_ambition=4)
    none = summaries(12, steering_quorum_probability=0.0, **kw)
    full = summaries(12, steering_quorum_probability=1.0, **kw)
    assert all(s["obstacles_removed"] == 0 and s["steering_meetings"] > 0 for s in none)
    assert all(s["steering_quorum_share"] == 1.0 for s in full)
    mean, low, high = paired_ci(none, full, "weeks_without_coordinator")
    assert high < 0, (mean, low, high)


# ------------------------------------------------------------------ team restarts
@pytest.mark.parametrize("size,restart,partial,loss", [
    (3, 3, 0.5, 1.0), (2, 3, 0.5, 1.0), (4, 3, 0.5, 0.5), (5, 3, 0.5, 0.5), (6, 3, 0.5, 0.0),
    (3, 0, 0.5, 0.0), (1, 3, 0.5, 0.0),
])
def test_loss_by_team_size(size, restart, partial, loss):
    assert teams.loss_for(size, restart, partial) == loss


def _samrum_team(**kw):
    """A school's EHT (4) with its school social worker: a team of 5, every tie between them
    built up to trust 0.9 and familiarity 0.8."""
    model = _model(school_social_workers=1, **kw)
    team = model.staffing.eht(0) + model.staffing.school_social_work_staff()
    assert len(team) == 5
    for a in team:
        for b in team:
            if a is not b:
                tie = model.ties.tie(a.unique_id, b.unique_id)
                tie["trust"], tie["familiarity"] = 0.9, 0.8
    return model, team


def _ties_among(model, people):
    ids = [a.unique_id for a in people]
    return [model.ties.tie(a, b) for a in ids for b in ids if a != b]


@pytest.mark.parametrize("restart,expected_trust", [
    (0, 0.9),  # off: nothing happens
    (2, 0.9),  # a team of 5 is more than two above 2: robust
    (3, None),  # 5 = 3 + 2: partial loss
    (5, None),  # 5 <= 5: restart
])
def test_a_team_member_leaving(restart, expected_trust):
    model, team = _samrum_team(team_restart_size=restart, team_partial_loss=0.5)
    p = model.p
    leaver, rest = team[1], [a for a in team if a is not team[1]]
    teams.member_leaves(model, leaver)
    ties = _ties_among(model, rest)
    if restart == 5:  # back to where ties start
        assert all(math.isclose(t["trust"], p.trust_initial) for t in ties)
        assert all(math.isclose(t["familiarity"], p.initial_familiarity) for t in ties)
        assert model.counters["team_restarts"] == 1
    elif restart == 3:  # half of what was built
        half = p.trust_initial + 0.5 * (0.9 - p.trust_initial)
        assert all(math.isclose(t["trust"], half, rel_tol=1e-3) for t in ties)
        assert model.counters["team_partial_losses"] == 1
    else:
        assert all(math.isclose(t["trust"], expected_trust, rel_tol=1e-3) for t in ties)
        assert model.counters["team_restarts"] + model.counters["team_partial_losses"] == 0


def test_distrust_is_not_reset_by_a_restart():
    model, team = _samrum_team(team_restart_size=5)
    a, b = team[0].unique_id, team[2].unique_id
    model.ties.tie(a, b)["trust"] = 0.1
    teams.member_leaves(model, team[1])
    assert math.isclose(model.ties.tie(a, b)["trust"], 0.1, rel_tol=1e-3)


def test_the_working_group_is_a_team():
    model = _model(n_coordinators=1, working_group_interval_weeks=2, n_schools=2)
    members = model.joint_work.working_group_members()
    coordinator = model.staffing.in_post(COORDINATOR)
    assert teams.teams_of(model, coordinator) == [members]
    mentor = model.staffing.mentor_of_class(0)
    assert teams.teams_of(model, mentor) == []
