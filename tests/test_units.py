"""Fast unit tests of pure pieces that the multi-seed tests only reach indirectly."""

import math
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model import SchoolCooperationModel
from sim.model.mechanisms.contacts import _due, training_weeks
from sim.model.mechanisms.joint_work import plan_quality
from sim.model.mechanisms.turnover import weekly_hazard
from sim.model.staffing import Post, PostKind


@given(st.floats(0.0, 0.99), st.integers(1, 60))
def test_weekly_hazard_compounds_to_the_annual_rate(annual, weeks):
    h = weekly_hazard(annual, weeks)
    assert 0.0 <= h <= annual + 1e-12
    assert math.isclose(1 - (1 - h) ** weeks, annual, rel_tol=1e-9, abs_tol=1e-12)


def test_weekly_hazard_edges():
    assert weekly_hazard(0.0, 36) == 0.0
    assert weekly_hazard(1.0, 36) == 1.0


@given(st.integers(1, 52), st.integers(0, 200), st.integers(0, 51))
def test_due_once_per_interval_for_each_school(interval, start, offset):
    weeks = [w for w in range(start, start + interval) if _due(w, interval, offset)]
    assert len(weeks) == 1  # exactly once in any window of `interval` consecutive weeks


def test_due_never_with_interval_zero():
    assert not any(_due(w, 0, s) for w in range(100) for s in range(5))


def test_training_weeks_spread_over_the_year():
    assert training_weeks(36, 0) == set()
    assert training_weeks(36, 1) == {18}
    assert training_weeks(36, 2) == {9, 27}
    assert len(training_weeks(36, 6)) == 6


def test_plan_quality_formula():
    kw = dict(trust_weight=0.5, consent_weight=0.4, timeliness_weeks=12.0)
    assert plan_quality(1.0, 1.0, 1.0, 0, **kw) == pytest.approx(1.0)
    # no consent keeps only the share of quality that does not depend on it
    assert plan_quality(1.0, 1.0, 0.0, 0, **kw) == pytest.approx(0.6)
    # trust and familiarity weighted by trust_weight
    assert plan_quality(1.0, 0.0, 1.0, 0, **kw) == pytest.approx(0.5)
    # one time constant of waiting leaves 1/e of the timeliness
    assert plan_quality(1.0, 1.0, 1.0, 12, **kw) == pytest.approx(math.exp(-1))


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.integers(0, 200))
def test_plan_quality_is_a_share_and_falls_with_waiting(t, f, c, weeks):
    kw = dict(trust_weight=0.5, consent_weight=0.4, timeliness_weeks=12.0)
    q = plan_quality(t, f, c, weeks, **kw)
    assert 0.0 <= q <= 1.0
    assert plan_quality(t, f, c, weeks + 1, **kw) <= q


def test_post_names():
    assert str(Post(PostKind.EHT, 3, "counsellor")) == "eht/3/counsellor"
    assert str(Post(PostKind.COORDINATOR, 1)) == "coordinator/1"
    assert Post(PostKind.COORDINATOR, 0) < Post(PostKind.COORDINATOR, 1)


def test_model_pickles_and_continues_identically():
    m = SchoolCooperationModel(seed=4, n_pupils=300, n_schools=2)
    for _ in range(6):
        m.step()
    copy = pickle.loads(pickle.dumps(m))
    for _ in range(4):
        m.step()
        copy.step()
    assert m.timeseries().equals(copy.timeseries())
    assert np.array_equal(m.pupils.window_rate(), copy.pupils.window_rate())
