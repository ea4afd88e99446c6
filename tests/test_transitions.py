"""Transitions between school stages (docs/ODD.md 7.11): the move into a transition grade
is a risk zone, through the bond to school."""

import numpy as np

from sim.analysis.patterns import _col, contrast, paired_effect
from sim.model import SchoolCooperationModel

SMALL = {"n_pupils": 400, "n_schools": 2, "warm_up_years": 0}


def _bond_change_at_new_year(**overrides):
    m = SchoolCooperationModel(seed=4, **SMALL, **overrides)
    pp = m.pupils
    before = pp.bond.copy()
    grade_before = pp.grade.copy()
    m.new_school_year()
    return m, before, grade_before


def test_entering_grade_7_costs_bond_and_nothing_else_changes():
    m, before, grade_before = _bond_change_at_new_year(transition_bond_loss=0.2)
    pp = m.pupils
    entering = np.flatnonzero(grade_before == 6)
    others = np.flatnonzero((grade_before < 6) | (grade_before == 7) | (grade_before == 8))
    expected = np.clip(before[entering] - 0.2, 0.0, 1.0)
    assert np.allclose(pp.bond[entering], expected)
    assert np.array_equal(pp.bond[others], before[others])
    assert m.counters["transitions"] == entering.size


def test_other_transition_grades_and_no_loss():
    m, before, grade_before = _bond_change_at_new_year(transition_grades=[4, 7],
                                                       transition_bond_loss=0.1)
    moved = np.flatnonzero(np.isin(grade_before, [3, 6]))
    assert m.counters["transitions"] == moved.size
    assert (m.pupils.bond[moved] <= before[moved]).all()
    m, before, grade_before = _bond_change_at_new_year(transition_bond_loss=0.0)
    kept = np.flatnonzero(grade_before < 9)
    assert np.array_equal(m.pupils.bond[kept], before[kept])


def test_the_risk_zone_raises_absence_in_grades_7_to_9():
    """Paired over 10 seeds (common random numbers): a bond loss of 0.3 at grade 7 raises
    the share of pupils in grades 7-9 above 15 % in the autumn."""
    a, b = contrast({"transition_bond_loss": 0.0, "n_pupils": 600, "n_schools": 2},
                    {"transition_bond_loss": 0.3, "n_pupils": 600, "n_schools": 2},
                    seeds=10, years=1, workers=2)
    k = "share_over_15_autumn_grades_7_9"
    e = paired_effect("T", "risk zone", k, _col(b, k) - _col(a, k), _col(a, k), _col(b, k))
    assert e.holds and e.p_value < 0.025, e.line()
