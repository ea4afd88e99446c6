from pathlib import Path

import pytest

import sim
from sim.model import ParameterError
from sim.scenarios import ScenarioError, list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent


def test_all_scenario_files_load_and_run_briefly():
    names = {s.name for s in list_scenarios()}
    assert {"orust", "orust-2022", "orust-pre-skifo", "aalborg", "gothenburg", "colocated",
            "turnover-shock"} <= names
    for sc in list_scenarios():
        assert sc.description and sc.source, sc.name
        r = sim.run(sc, seed=1, years=1, n_pupils=300, n_schools=3)
        assert 0 <= r.summary["mean_absence"] <= 1


def test_default_scenario_equals_registry_defaults():
    from sim.model import defaults

    assert load_scenario(None).params.values == defaults().values


def test_extends_inherits_and_overrides():
    sc = load_scenario("orust-2022")
    assert sc.params.n_coordinators == 1
    assert sc.params.working_group_interval_weeks == load_scenario("orust").params.working_group_interval_weeks


def test_bad_value_names_file_and_key(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('[scenario]\nname = "mine"\n[parameters]\nfeedback_probability = 1.7\n')
    with pytest.raises(ParameterError) as exc:
        load_scenario(f)
    assert str(f) in str(exc.value) and "feedback_probability" in str(exc.value)
    assert "1.7" in str(exc.value)


@pytest.mark.parametrize("text,fragment", [
    ("[scenario\nname=1", "not valid TOML"),
    ("[scenario]\nname='x'\n[params]\nn_pupils=3\n", "unknown table"),
    ("[scenario]\nnmae='x'\n", "unknown key"),
])
def test_malformed_files(tmp_path, text, fragment):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ScenarioError, match=fragment):
        load_scenario(f)


def test_unknown_scenario_suggests(tmp_path):
    with pytest.raises(ScenarioError, match="did you mean 'orust'|Did you mean 'orust'"):
        load_scenario("orsut")


def test_extends_cycle_is_refused(tmp_path, monkeypatch):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.toml").write_text('[scenario]\nextends = "b"\n')
    (tmp_path / "scenarios" / "b.toml").write_text('[scenario]\nextends = "a"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario("a")
