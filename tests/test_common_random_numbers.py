"""Common random numbers (docs/ODD.md 4.9): the pupils' own chance does not depend on what
services do, so paired runs under different cooperation meet the same pupils and problems."""

import numpy as np

from sim.model import SchoolCooperationModel

SMALL = {"n_pupils": 300, "n_schools": 2, "warm_up_years": 0}
SILO = {"n_coordinators": 0, "working_group_interval_weeks": 0, "feedback_probability": 0.1,
        "consent_routine": False, "annual_turnover_social": 0.5}
FULL = {"n_coordinators": 2, "working_group_interval_weeks": 1, "feedback_probability": 0.9,
        "consent_routine": True, "annual_turnover_social": 0.05, "forum_interval_weeks": 4}


def _model(seed, **overrides):
    return SchoolCooperationModel(seed=seed, **SMALL, **overrides)


def test_same_seed_same_pupils_whatever_the_cooperation_or_the_ladder():
    # different systems, and a different ladder window (a different burn-in length)
    a = _model(5, **SILO)
    b = _model(5, **FULL, ladder_window_days=40)
    for name in ("risk_child", "risk_family", "risk_school", "bond_home", "consent_p",
                 "reach0", "multi_problem"):
        assert np.array_equal(getattr(a.pupils, name), getattr(b.pupils, name)), name
    c = _model(6, **SILO)
    assert not np.array_equal(a.pupils.risk_family, c.pupils.risk_family)


def test_problems_arrive_in_the_same_weeks_under_different_cooperation():
    # With help unable to break a developing problem, when problems begin and how big they
    # are depends on the pupils' own stream only: identical in both systems.
    arrivals = []
    for overrides in (SILO, FULL):
        m = _model(3, trajectory_break_probability=0.0, **overrides)
        seen = []
        for _ in range(30):
            before = m.pupils.onset_left.copy()
            m.step()
            new = np.flatnonzero(m.pupils.onset_left > before)
            seen.append((new.tolist(), m.pupils.onset_step[new].round(12).tolist(),
                         m.pupils.onset_family[new].tolist()))
        arrivals.append(seen)
    assert arrivals[0] == arrivals[1]
    assert sum(len(w[0]) for w in arrivals[0]) > 0  # problems did begin


def test_what_services_do_still_differs():
    a, b = _model(2, **SILO), _model(2, **FULL)
    for _ in range(40):
        a.step()
        b.step()
    assert a.counters["applications"] == 0 < b.counters["applications"]
    # the same pupils, treated differently: their absence is no longer the same
    assert not np.array_equal(a.pupils.cum_absent, b.pupils.cum_absent)
