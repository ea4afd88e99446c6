import math

import pytest

from sim.model import REGISTRY, ParameterError, defaults, markdown_table
from sim.model import check_params as validate
from sim.model.mechanisms.school import SCHOOL_ACTIONS as ACTIONS


def test_every_parameter_has_provenance():
    for p in REGISTRY.values():
        assert p.unit is not None and p.description, p.name
        assert p.source.startswith(("assumption", "external")) or any(
            p.source.startswith(seed) for seed in ("000", "001", "002", "003", "004")
        ), p.name
        if p.range is not None:
            lo, hi = p.range
            values = p.default if isinstance(p.default, tuple) else (p.default,)
            assert all(lo <= v <= hi for v in values), p.name


def test_defaults_validate():
    assert validate().values == defaults().values


def test_issue_contract_names_exist():
    for name in (
        "n_pupils",
        "n_schools",
        "weeks_per_year",
        "baseline_absence",
        "ladder_thresholds",
        "ladder_window_days",
        "registration_compliance",
        "n_coordinators",
        "working_group_interval_weeks",
        "consent_routine",
        "feedback_probability",
        "forum_interval_weeks",
        "annual_turnover_school",
        "annual_turnover_social",
        "consultant_share",
        "colocation",
        "school_social_workers",
    ):
        assert name in REGISTRY


def test_unknown_name_suggests_closest():
    with pytest.raises(
        ParameterError, match=r"unknown parameter 'n_coordinator'.*'n_coordinators'"
    ):
        validate({"n_coordinator": 1}, origin="test")


@pytest.mark.parametrize(
    "name,value,fragment",
    [
        ("baseline_absence", 1.5, "outside the plausible range"),
        ("baseline_absence", "high", "expected a number"),
        ("n_coordinators", 1.5, "whole number"),
        ("n_coordinators", True, "whole number"),
        ("colocation", 1, "true or false"),
        ("ladder_thresholds", [], "non-empty list"),
        ("ladder_thresholds", [0.1, 2.0], "outside the plausible range"),
        ("ladder_steps", [["contact_guardian"]], "did you mean 'contact_guardians'"),
        ("baseline_absence", math.nan, "finite"),
    ],
)
def test_bad_values_are_refused_with_name_value_and_allowed(name, value, fragment):
    with pytest.raises(ParameterError) as exc:
        validate({name: value}, origin="file.toml [parameters]")
    msg = str(exc.value)
    assert "file.toml [parameters]" in msg and name in msg and "Allowed" in msg
    assert fragment in msg


@pytest.mark.parametrize(
    "overrides,fragment",
    [
        ({"working_group_interval_weeks": 2, "n_coordinators": 0}, "needs a coordinator"),
        ({"ladder_thresholds": [0.15, 0.10]}, "strictly ascending"),
        ({"ladder_step_thresholds": [0, 1, 1, 1]}, "one threshold index per step"),
        ({"ladder_step_thresholds": [0, 1, 2, 2, 2]}, "does not exist"),
        ({"autumn_weeks": 20, "weeks_per_year": 20}, "spring term"),
        ({"n_pupils": 50, "n_schools": 6}, "too few"),
    ],
)
def test_nonsense_combinations_are_refused(overrides, fragment):
    with pytest.raises(ParameterError, match=fragment):
        validate(overrides)


def test_int_given_as_whole_float_is_accepted_and_converted():
    p = validate({"n_coordinators": 1.0})
    assert p.n_coordinators == 1 and isinstance(p.n_coordinators, int)


def test_markdown_table_lists_every_parameter():
    table = markdown_table()
    for name in REGISTRY:
        assert f"`{name}`" in table


def test_ladder_actions_all_have_sources():
    for name, action in ACTIONS.items():
        assert "L" in action.description, name
        assert callable(action.perform), name


def test_provenance_labels_agree_with_the_source_text():
    """A value is sourced only if a cited line gives it; otherwise the source says
    'assumption' (perhaps informed by a line) or 'external' (docs/evidence.md)."""
    import re

    for p in REGISTRY.values():
        s = p.source
        assert p.provenance in ("sourced", "assumption", "external"), p.name
        assert p.is_assumption == s.startswith("assumption"), p.name
        if p.provenance == "sourced":
            assert re.search(r"\b00[0-4] L\d+", s), f"{p.name}: a sourced value cites no line: {s}"
            for word in ("assumption", "digest", "[I]", "size is", "suggest"):
                assert word not in s, f"{p.name}: '{word}' in a source that claims the value: {s}"
        if p.provenance == "external":
            assert "docs/evidence.md" in s or re.search(r"(19|20)\d\d", s), p.name


def test_every_numeric_parameter_has_a_range_for_sensitivity_analysis():
    for p in REGISTRY.values():
        if p.kind in ("float", "int"):
            assert p.range is not None and p.range[0] <= p.default <= p.range[1], p.name


INERT = [p for p in REGISTRY.values() if p.acts_when]


def test_acts_when_names_a_switch():
    """``acts_when`` names a declared lever that can be off (false or 0)."""
    assert INERT
    for p in INERT:
        lever = REGISTRY[p.acts_when]
        assert lever.kind in ("bool", "int", "float"), p.name
        assert lever.range is None or lever.range[0] == 0 or lever.kind == "bool", p.name


@pytest.mark.parametrize("param", INERT, ids=[p.name for p in INERT])
def test_a_parameter_changes_nothing_while_its_lever_is_off(param):
    """The registry's claim is the model's behaviour: with the lever off, the parameter at
    the other end of its range leaves a run exactly as it was (the compare report leaves such
    parameters out of "what it sets differently")."""
    from conftest import SMALL, other_end

    import sim

    off = {param.acts_when: False if REGISTRY[param.acts_when].kind == "bool" else 0}
    if param.acts_when == "n_coordinators":
        off["working_group_interval_weeks"] = 0  # no working group without a coordinator
    a = sim.run(seed=3, years=1, **SMALL, **off).summary
    b = sim.run(seed=3, years=1, **SMALL, **off, **other_end(param)).summary
    assert a == pytest.approx(b, nan_ok=True)


def test_inert_sees_events():
    """A lever that an event turns on makes its parameters count (orust-history's
    consultant era)."""
    from sim.model import inert
    from sim.scenarios import load_scenario

    history = load_scenario("orust-history")
    values = history.params.as_plain()
    assert values["consultant_share"] == 0
    assert inert("consultant_open_factor", values)
    assert not inert("consultant_open_factor", values, [ev.changes for ev in history.events])
    assert not inert("feedback_probability", values)
