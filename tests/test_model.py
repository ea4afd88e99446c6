import numpy as np
import pandas as pd
import pytest

import sim
from sim.model import OUTCOMES, ParameterError, SchoolCooperationModel
from sim.model.agents import Coordinator, EHTMember, Mentor, Pupil, SocialWorker
from sim.model.staffing import PostKind


def test_run_api_returns_summary_timeseries_model(small_run):
    r = small_run
    assert set(OUTCOMES) == set(r.summary)
    assert isinstance(r.timeseries, pd.DataFrame)
    assert len(r.timeseries) == 2 * r.params.weeks_per_year
    assert isinstance(r.model, SchoolCooperationModel)
    for k in (
        "mean_absence",
        "share_over_10",
        "long_term_absent_share",
        "resolved_share",
        "eligible_share",
        "feedback_rate",
        "mean_trust_cross",
        "trust_school_side",
        "trust_social_side",
        "mean_familiarity_cross",
    ):
        v = r.summary[k]
        assert np.isnan(v) or 0 <= v <= 1, k


def test_same_seed_identical_different_seed_different():
    a = sim.run(seed=5, years=1, n_pupils=300, n_schools=2)
    b = sim.run(seed=5, years=1, n_pupils=300, n_schools=2)
    c = sim.run(seed=6, years=1, n_pupils=300, n_schools=2)
    assert a.summary == b.summary or all(
        (x == y) or (np.isnan(x) and np.isnan(y))
        for x, y in zip(a.summary.values(), b.summary.values())
    )
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    assert a.summary["mean_absence"] != c.summary["mean_absence"]
    assert not a.timeseries.equals(c.timeseries)


def test_mesa3_api_agents_and_agentsets(small_run):
    m = small_run.model
    by_type = m.agents_by_type
    assert len(by_type[Pupil]) == m.p.n_pupils
    assert len(by_type[EHTMember]) == 4 * m.p.n_schools - len(
        [k for k in m.staffing.vacancies if k.kind is PostKind.EHT]
    )
    vacant_mentors = [k for k in m.staffing.vacancies if k.kind is PostKind.MENTOR]
    assert len(by_type[Mentor]) + len(vacant_mentors) == m.pupils.n_classes
    assert SocialWorker in by_type and Coordinator in by_type
    high = m.agents.select(lambda a: isinstance(a, Pupil) and a.recorded_absence > 0.10)
    assert 0 < len(high) < m.p.n_pupils
    assert m.datacollector.get_model_vars_dataframe().shape[0] == 2 * m.p.weeks_per_year


def test_batch_run_style_construction():
    m = SchoolCooperationModel(seed=1, years=1, n_pupils=200, n_schools=2)
    while m.running:
        m.step()
    assert m.weeks_measured == m.p.weeks_per_year
    assert m.counters["leavers"] > 0


def test_update_params_mid_run():
    m = SchoolCooperationModel(seed=1, n_pupils=300, n_schools=2, n_coordinators=1)
    m.run_years(1)
    m.update_params(n_coordinators=2, n_investigators=6)
    posts = [post.kind for post in m.staffing.posts]  # some may be vacant (turnover)
    assert posts.count(PostKind.COORDINATOR) == 2 and posts.count(PostKind.INVESTIGATOR) == 6
    assert {g for c in m.staffing.coordinators() for g in c.grades} == set(range(10))
    m.update_params(n_coordinators=0, working_group_interval_weeks=0)
    assert m.staffing.coordinators() == []
    m.run_years(1)
    with pytest.raises(ParameterError, match="only be set when the model is created"):
        m.update_params(n_pupils=100)
    with pytest.raises(ParameterError, match="needs a coordinator"):
        m.update_params(working_group_interval_weeks=2)


def test_pupil_history_and_cases_are_inspectable(default_run):
    events = [e for p in default_run.model.pupil_at for _, e in p.history]
    assert "report of concern filed" in events
    assert "application to joint work" in events
    assert "joint plan set" in events


def test_counts_add_up(default_run):
    m, s = default_run.model, default_run.summary
    c = m.counters
    # reports filed in the warm-up may be screened after measurement starts
    assert c["cases_opened"] <= c["reports_screened"]
    assert c["feedback_given"] <= len(m.records["referral_weeks"]) == c["reports_screened"]
    assert c["pupils_resolved"] <= c["pupils_crossed"] <= m.p.n_pupils + c["new_pupils"]
    assert c["eligible"] <= c["leavers"]
    assert s["staff_hours"] == pytest.approx(sum(v for k, v in s.items() if k.startswith("hours_")))
    assert s["meeting_hours"] <= s["staff_hours"]
    steps = default_run.timeseries[[f"step_{i}" for i in range(1, 6)]].sum(axis=1)
    assert (steps <= m.p.n_pupils).all()


def test_run_rejects_bad_arguments():
    with pytest.raises(ValueError, match="years"):
        sim.run(years=0)
    with pytest.raises(ParameterError, match="did you mean"):
        sim.run(n_coordinatorz=1)


def test_summary_network_outcomes_match_the_last_week(small_run):
    last = small_run.timeseries.iloc[-1]
    for key in (
        "mean_trust_cross",
        "trust_school_side",
        "trust_social_side",
        "mean_familiarity_cross",
    ):
        assert small_run.summary[key] == last[key]


def test_a_finished_model_is_freed_and_ids_still_count_per_model():
    """Mesa 3.3 keeps every model in a class-level dict of id counters (mesa issue 3179), so
    a sweep worker grew with every run. Our agents count ids per model, holding it weakly."""
    import gc
    import weakref

    r = sim.run(seed=3, years=1, n_pupils=120, n_schools=2)
    ids = [a.unique_id for a in r.model.agents]
    assert min(ids) == 1 and len(set(ids)) == len(ids)  # counted 1, 2, ... within the model
    gone = weakref.ref(r.model)
    del r
    gc.collect()
    assert gone() is None, "the model stays in memory after its run"
    again = SchoolCooperationModel(seed=3, n_pupils=120, n_schools=2)
    assert min(a.unique_id for a in again.agents) == 1  # a new model counts from 1 again
