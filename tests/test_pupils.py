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


# --------------------------------------------------------------- new problems (M1)
def _upper_minus_lower(pp):
    p = pp.absence_probability()
    return p[pp.grade >= 7].mean() - p[(pp.grade >= 1) & (pp.grade <= 3)].mean()


def test_new_problems_make_absence_rise_with_grade():
    # Paired seeds: the same population with and without the problems of past grades.
    with_onset = [_upper_minus_lower(population(s, n_pupils=3000)) for s in range(5)]
    without = [_upper_minus_lower(population(s, n_pupils=3000, onset_rate=0.0))
               for s in range(5)]
    assert min(a - b for a, b in zip(with_onset, without)) > 0.01
    assert abs(np.mean(without)) < 0.01  # without new problems, no rise with grade


def test_a_developing_problem_grows_except_in_weeks_of_fitting_help():
    pp = population(n_pupils=200, onset_rate=0.0, trajectory_break_probability=0.0)
    rows = np.arange(100)
    pp.onset_left[rows], pp.onset_step[rows], pp.onset_family[rows] = 5, 0.2, False
    before = pp.risk_child.copy()
    pp.mark_treated(rows[:50], 1.0)  # half are in a course of help that fits
    pp.update_risk()
    grown = pp.risk_child - before
    assert np.allclose(grown[:50], 0.0) and np.allclose(grown[50:100], 0.2)
    assert np.all(pp.onset_left[rows] == 4)


def test_help_breaks_a_developing_problem_when_it_fits_its_cause():
    kw = dict(n_pupils=2000, onset_rate=0.0, trajectory_break_probability=1.0,
              school_help_for_family_cause=0.0)
    pp = population(**kw)
    child, family = np.arange(0, 500), np.arange(500, 1000)
    pp.onset_left[:1000], pp.onset_step[:1000] = 10, 0.1
    pp.onset_family[family] = True
    pp.relieve(np.arange(1000), 0.1, "school")
    assert np.all(pp.onset_left[child] == 0)  # school help stops a problem of the child
    assert np.all(pp.onset_left[family] == 10)  # ... but not a family crisis (fit 0 here)
    pp.relieve(family, 0.1, "family")
    assert np.all(pp.onset_left[family] == 0)
    # No help (g = 0) breaks nothing, and with probability 0 nothing breaks.
    pp2 = population(**{**kw, "trajectory_break_probability": 0.0})
    pp2.onset_left[:10] = 10
    pp2.relieve(np.arange(10), 0.5, "school")
    assert np.all(pp2.onset_left[:10] == 10)
    pp.onset_left[:10] = 10
    pp.relieve(np.arange(10), 0.0, "school")
    assert np.all(pp.onset_left[:10] == 10)
    # One pupil at a time (the scalar path) follows the same rule.
    pp.onset_left[3] = 10
    pp.relieve(3, 0.1, "school")
    assert pp.onset_left[3] == 0


def test_a_family_crisis_makes_the_pupil_multi_problem():
    pp = population(n_pupils=5000, onset_rate=0.5, onset_family_share=1.0,
                    multi_problem_share=0.0)
    assert pp.multi_problem[pp.grade == 0].sum() == 0  # no past problems in grade F
    assert pp.multi_problem[pp.grade == 9].mean() > 0.9  # most have had a crisis by grade 9
    before = pp.multi_problem.sum()
    for _ in range(20):
        pp.update_risk()
    assert pp.multi_problem.sum() > before
