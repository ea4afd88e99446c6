"""M1 and M3: the vectorised absence of pupils."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model import SchoolCooperationModel
from sim.model import check_params as validate
from sim.model.pupils import N_GRADES, PupilPopulation


def population(seed=0, **kw):
    return PupilPopulation(validate(kw), np.random.default_rng(seed))


def test_intercept_gives_the_baseline_mean_probability():
    for base in (0.03, 0.093, 0.2):
        pp = population(baseline_absence=base)
        assert abs(pp.absence_probability().mean() - base) < 1e-6


def test_recorded_is_true_absence_times_compliance():
    pp = population(registration_compliance=0.6, n_pupils=4000)
    for _ in range(20):
        pp.attend_week(0.6)
    true, rec = pp.window_true.sum(), pp.window_recorded.sum()
    assert rec <= true
    assert abs(rec / true - 0.6) < 0.02
    assert np.all(pp.window_recorded <= pp.window_true)  # only true absence is recorded


def test_full_compliance_records_everything():
    pp = population()
    for _ in range(5):
        pp.attend_week(1.0)
    assert np.array_equal(pp.window_recorded, pp.window_true)


def test_absence_feeds_on_itself_and_bonds_protect():
    pp = population(n_pupils=2000)
    base = pp.absence_probability().copy()
    pp.recent[:] = 0.5
    assert np.all(pp.absence_probability() > base)
    pp.recent[:] = pp.p.baseline_absence
    pp.bond[:] = 1.0
    assert np.all(pp.absence_probability() <= base + 1e-12)


def test_support_lowers_and_untreated_risk_escalates():
    pp = population(n_pupils=1000)
    pp.recent[:] = 0.8
    before = pp.escalation.copy()
    pp.support[:500] = 3.0
    pp.update_risk()
    grown = pp.escalation - before
    assert np.all(grown[500:] > grown[:500])  # support damps escalation
    assert np.all(grown[500:] > 0)


def test_reachability_falls_with_grade():
    pp = population(n_pupils=3000)
    by_grade = [pp.reachability()[pp.grade == g].mean() for g in range(N_GRADES)]
    assert by_grade[0] > by_grade[-1]


def test_heterogeneity_makes_a_skewed_distribution(default_run):
    rate = default_run.model.pupils.window_rate()
    assert np.median(rate) < rate.mean()  # right skew, like real schools
    assert (rate == 0).mean() < 0.5


@settings(max_examples=15, deadline=None)
@given(
    base=st.floats(0.01, 0.3),
    sd=st.floats(0.0, 2.5),
    fb=st.floats(0.0, 10.0),
    comp=st.floats(0.1, 1.0),
    seed=st.integers(0, 2**31),
)
def test_probabilities_stay_in_unit_interval(base, sd, fb, comp, seed):
    m = SchoolCooperationModel(
        seed=seed,
        n_pupils=200,
        n_schools=2,
        baseline_absence=base,
        risk_sd_child=sd,
        risk_sd_family=sd,
        absence_feedback=fb,
        registration_compliance=comp,
        weeks_per_year=20,
        autumn_weeks=10,
        ladder_window_days=20,
    )
    for _ in range(25):
        m.step()
        prob = m.pupils.absence_probability()
        assert np.all((prob >= 0) & (prob <= 1))
        rate = m.pupils.window_rate()
        assert np.all((rate >= 0) & (rate <= 1))
        assert np.all((m.pupils.bond >= 0) & (m.pupils.bond <= 1))


@settings(max_examples=10, deadline=None)
@given(n=st.integers(100, 700), schools=st.integers(1, 5), seed=st.integers(0, 2**31))
def test_no_pupil_is_lost_at_rollover(n, schools, seed):
    if n < 10 * schools:
        return
    m = SchoolCooperationModel(
        seed=seed,
        n_pupils=n,
        n_schools=schools,
        weeks_per_year=20,
        autumn_weeks=10,
        ladder_window_days=20,
        warm_up_years=0,
    )
    grades_before = np.bincount(m.pupils.grade, minlength=N_GRADES)
    ids_before = {p.unique_id for p in m.pupil_at}
    for _ in range(2 * 20 + 1):  # two rollovers
        m.step()
    from sim.model.agents import Pupil

    pupils = list(m.agents_by_type[Pupil])
    assert len(pupils) == n == len(m.pupil_at)
    assert all(m.pupil_at[p.idx] is p for p in pupils)
    # leavers = the two grade-9 classes, replaced one for one by preschool entrants
    leavers = m.counters["leavers"]
    assert leavers == m.counters["new_pupils"]
    assert leavers == grades_before[9] + grades_before[8]
    assert len(ids_before & {p.unique_id for p in pupils}) == n - leavers
    # cohorts move up a grade per year; the entrants take the leavers' cohort sizes
    assert np.array_equal(
        np.bincount(m.pupils.grade, minlength=N_GRADES), np.roll(grades_before, 2)
    )
