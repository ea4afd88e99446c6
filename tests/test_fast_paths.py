"""The shortcuts the weekly work takes for speed agree with what they stand for.

Each shortcut keeps a copy of something (a mask mirroring the pupils' case records, the
parameter values as attributes, the cached absence window); these tests check that the
copy still says what the original says after a run in which they change.
"""

import numpy as np
import pytest

import sim
from sim.model import SchoolCooperationModel, check_params
from sim.model.agents import Pupil


@pytest.fixture(scope="module")
def colocated_model():
    # joint work, reports of concern and cohorts leaving school all happen in two years
    return sim.run("colocated", seed=3, years=2).model


def test_case_record_masks_mirror_the_pupils_records(colocated_model):
    m = colocated_model
    reports = np.array([p.report is not None for p in m.pupil_at])
    applications = np.array([p.application is not None for p in m.pupil_at])
    assert reports.any() and applications.any()  # the check is not vacuous
    assert np.array_equal(m.pupils.has_report, reports)
    assert np.array_equal(m.pupils.has_application, applications)


def test_a_record_set_on_a_pupil_who_has_left_leaves_the_row_alone():
    m = SchoolCooperationModel(seed=0, n_pupils=300, n_schools=1)
    leaver = m.pupil_at[5]
    row = leaver.idx
    m.pupil_at[row] = Pupil(m, row)  # what a new school year does for a grade-9 leaver
    leaver.application = object()  # e.g. a joint case closed after the pupil left
    leaver.report = object()
    assert not m.pupils.has_application[row] and not m.pupils.has_report[row]
    m.pupil_at[row].application = object()
    m.pupil_at[row].report = object()
    assert m.pupils.has_application[row] and m.pupils.has_report[row]
    m.pupil_at[row].application = None
    assert not m.pupils.has_application[row]


def test_parameter_attributes_follow_update_params():
    m = SchoolCooperationModel(seed=1, n_pupils=300, n_schools=1)
    assert m.p.feedback_probability == m.p["feedback_probability"]
    new = 1.0 - m.p.feedback_probability / 2
    m.update_params(feedback_probability=new)
    assert m.p.feedback_probability == new == m.p["feedback_probability"]
    p = check_params({"n_coordinators": 2})
    assert all(getattr(p, name) == value for name, value in p.items())


def test_window_rates_are_the_window_now():
    """The running counts behind window_rate equal the window's row sums, week after week
    and across a new school year (new pupils start with an empty window)."""
    m = SchoolCooperationModel(seed=2, n_pupils=300, n_schools=1)
    pp = m.pupils
    for _ in range(m.p.weeks_per_year + 2):
        m.step()
        days = np.maximum(pp.days_seen, 1)
        assert np.array_equal(pp.window_rate(), pp.window_recorded.sum(axis=1) / days)
        assert np.array_equal(pp.window_rate(False), pp.window_true.sum(axis=1) / days)
    assert pp.generation.max() > 0  # a cohort has come in


def test_a_long_term_window_of_its_own_holds_the_last_true_days():
    """A long-term window shorter than the ladder's keeps a ring of its own: its running
    counts are its row sums, and they are the true absent days of the ladder window's last
    long_term_window_days, week after week and across a new school year. A window as long
    as the ladder's is the ladder's true window itself."""
    m = SchoolCooperationModel(seed=2, n_pupils=300, n_schools=1, long_term_window_days=20)
    pp, lw, w = m.pupils, 20, m.p.ladder_window_days
    for _ in range(m.p.weeks_per_year + 2):
        m.step()
        assert np.array_equal(pp._lt_days, pp.lt_window.sum(axis=1))
        last = (pp._cursor - 1 - np.arange(lw)) % w  # the ladder ring's last lw days
        assert np.array_equal(pp._lt_days, pp.window_true[:, last].sum(axis=1))
        assert np.array_equal(pp.lt_days_seen, np.minimum(pp.days_seen, lw))
    assert pp.generation.max() > 0
    same = SchoolCooperationModel(seed=2, n_pupils=300, n_schools=1).pupils
    assert same.lt_window.size == 0  # the default (100 = the ladder's 100) shares its ring


def test_a_weeks_absence_share_is_the_mean_of_its_days():
    rng = np.random.default_rng(0)
    absent = rng.random((1000, 5)) < 0.3
    assert np.array_equal(absent.sum(axis=1) / 5, absent.mean(axis=1))
