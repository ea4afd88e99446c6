"""Fast unit tests of pure pieces that the multi-seed tests only reach indirectly."""

import math
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model import SchoolCooperationModel
from sim.model.mechanisms.contacts import _due, training_weeks
from sim.model.mechanisms.fit import case_fit, fit_factor
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


def _fit_model(**kw):
    return SchoolCooperationModel(seed=2, n_pupils=300, n_schools=2, warm_up_years=0, **kw)


def test_case_fit_formula():
    m = _fit_model(plan_trust_weight=0.5, plan_consent_weight=0.4, fit_weakest_link_weight=0.5)
    a, b = m.staffing.eht(0)[:2]
    for x, y in ((a, b), (b, a)):
        d = m.ties.tie(x.unique_id, y.unique_id)
        d["trust"], d["familiarity"] = 1.0, 1.0
    row = 0
    m.pupils.consent[row] = True
    assert case_fit(m, [a, b], row) == pytest.approx(1.0)
    m.pupils.consent[row] = False  # only the share of fit that does not need consent is left
    assert case_fit(m, [a, b], row) == pytest.approx(0.6)
    m.pupils.consent[row] = True
    m.ties.tie(b.unique_id, a.unique_id)["trust"] = 0.0  # one weak tie: mean and weakest link
    tie_ab, tie_ba = 1.0, 0.5 * 0.0 + 0.5 * 1.0
    expected = 0.5 * (tie_ab + tie_ba) / 2 + 0.5 * min(tie_ab, tie_ba)
    assert case_fit(m, [a, b], row) == pytest.approx(expected)


def test_fit_factor_range():
    m = _fit_model(fit_weight=0.5)
    assert fit_factor(m, 0.0) == pytest.approx(0.5)
    assert fit_factor(m, 1.0) == pytest.approx(1.0)
    m0 = _fit_model(fit_weight=0.0)
    assert fit_factor(m0, 0.0) == fit_factor(m0, 1.0) == 1.0  # fit does not matter


def test_effect_size_relief_and_its_split():
    m = _fit_model(effect_lasting_share=0.5)
    pp = m.pupils
    row = int(np.argmax(pp.risk_family))  # a pupil with a family cause to work on
    before = pp._logit([row])[0]
    relief = pp.relieve(row, 0.25, "family")[0]
    assert relief == pytest.approx(0.25 * math.pi / math.sqrt(3))
    assert pp._logit([row])[0] == pytest.approx(before - relief)
    assert pp.family_relief[row] == pytest.approx(relief / 2)  # the lasting half
    # no family cause: nothing lasting, all of it fades
    row2 = int(np.argmin(pp.risk_family))
    support_before = pp.support[row2]
    pp.relieve(row2, 0.25, "family")
    assert pp.family_relief[row2] == 0.0
    assert pp.support[row2] - support_before == pytest.approx(0.25 * math.pi / math.sqrt(3))


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


def test_kaplan_meier_median_counts_the_waits_still_running():
    """Completed waits 1, 2, 3 and two still waiting at 10: the median of the completed waits
    is 2, but with the waiting ones the survival curve is 1 - 1/5, 1 - 2/5, 1 - 3/5 at 1, 2,
    3 weeks, so it falls to one half at 3. More than half still waiting: undefined."""
    from sim.model.outcomes import km_median

    assert km_median([1, 2, 3], []) == 2
    assert km_median([1, 2, 3], [10, 10]) == 3
    assert math.isnan(km_median([1], [10, 10, 10]))
    assert math.isnan(km_median([], [4]))
    # S(2) = 2/3; the wait censored at 3 leaves one at risk, so S(5) = 0
    assert km_median([2, 5], [3]) == 5


@given(st.lists(st.integers(0, 60), min_size=1, max_size=40))
def test_kaplan_meier_median_without_censoring_is_the_lower_median(waits):
    """With nothing censored, the Kaplan-Meier median is an order statistic of the waits,
    between the lower and the upper median."""
    from sim.model.outcomes import km_median

    w = sorted(waits)
    m = km_median(waits, [])
    assert w[(len(w) - 1) // 2] <= m <= w[len(w) // 2]
