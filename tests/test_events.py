"""Events: levers that change at given measured weeks (sim/events.py), from the Python API,
scenario files (with extends) and sweep specs; the generated scenarios/README.md."""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.events import EventError, parse_events
from sim.model import ParameterError, SchoolCooperationModel
from sim.scenarios import load_scenario

SMALL = {"n_pupils": 300, "n_schools": 2}


def test_an_event_at_week_w_is_update_params_before_week_w():
    """The same run by hand: W weeks, update_params, the rest. Identical time series."""
    ev = [{"week": 7, "set": {"n_coordinators": 1, "feedback_probability": 0.8}}]
    r = sim.run(seed=3, years=1, events=ev, **SMALL)
    by_hand = SchoolCooperationModel(r.params, seed=3)
    for _ in range(7):
        by_hand.step()
    by_hand.update_params(n_coordinators=1, feedback_probability=0.8)
    for _ in range(36 - 7):
        by_hand.step()
    pd.testing.assert_frame_equal(r.timeseries, by_hand.timeseries())
    assert [(c.week, c.name, c.old, c.new) for c in r.changes] == [
        (7, "n_coordinators", 2, 1), (7, "feedback_probability", 0.3, 0.8)]
    assert r.model.changes == r.changes  # the model's change log (the app draws it)


def test_the_new_value_shows_from_the_event_week_on():
    r = sim.run(seed=1, years=1, annual_turnover_coordinator=0.0,
                events=[{"week": 12, "set": {"n_coordinators": 1}}], **SMALL)
    posts = r.timeseries.set_index("week")["coordinators_in_post"]
    assert (posts.loc[:11] == 2).all() and (posts.loc[12:] == 1).all()
    plain = sim.run(seed=1, years=1, annual_turnover_coordinator=0.0, **SMALL)
    pd.testing.assert_frame_equal(plain.timeseries.iloc[:12], r.timeseries.iloc[:12])
    assert not plain.timeseries.iloc[12:].equals(r.timeseries.iloc[12:])


@pytest.mark.parametrize("window", [{"from_week": 5, "to_week": 20}, {"week": 5, "weeks": 15}])
def test_a_window_puts_the_previous_value_back(window):
    r = sim.run(seed=2, years=1, events=[
        {"week": 2, "set": {"consultant_share": 0.2}},
        {**window, "set": {"consultant_share": 0.6}, "note": "era"}], **SMALL)
    assert [(c.week, c.old, c.new, c.revert) for c in r.changes] == [
        (2, 0.0, 0.2, False), (5, 0.2, 0.6, False), (20, 0.6, 0.2, True)]
    assert r.model.p.consultant_share == 0.2
    assert r.changes[1].note == "era"


BAD_EVENTS = {
    "outside the run": ([{"week": 36, "set": {"n_coordinators": 1}}],
                        ["events #1", "week = 36 is outside the run", "weeks 0-35"]),
    "window past the end": ([{"from_week": 30, "to_week": 40, "set": {"n_coordinators": 1}}],
                            ["to_week = 40", "must end by week 36"]),
    "unknown lever": ([{"week": 3, "set": {"n_coordinatros": 1}}],
                      ["events #1 set", "did you mean 'n_coordinators'"]),
    "start-up only": ([{"week": 3, "set": {"n_pupils": 400}}],
                      ["n_pupils cannot change during a run"]),
    "wrong type": ([{"week": 3, "set": {"consent_routine": "yes"}}],
                   ["consent_routine = 'yes'", "true or false"]),
    "out of range": ([{"week": 3, "set": {"feedback_probability": 2.0}}],
                     ["feedback_probability = 2.0", "[0.0, 1.0]"]),
    "week not whole": ([{"week": 3.5, "set": {"n_coordinators": 1}}],
                       ["week = 3.5", "whole number"]),
    "negative week": ([{"week": -1, "set": {"n_coordinators": 1}}], ["week = -1"]),
    "empty window": ([{"from_week": 9, "to_week": 9, "set": {"n_coordinators": 1}}],
                     ["to_week = 9", "a week after from_week = 9"]),
    "no end": ([{"from_week": 9, "set": {"n_coordinators": 1}}],
               ["not a valid choice of weeks"]),
    "unknown key": ([{"wek": 9, "set": {"n_coordinators": 1}}], ["'wek'", "did you mean 'week'"]),
    "no set": ([{"week": 9}], ["set is missing"]),
    "empty set": ([{"week": 9, "set": {}}], ["set = {}"]),
    "overlapping windows": ([{"from_week": 2, "to_week": 10, "set": {"consultant_share": 0.5}},
                             {"from_week": 8, "to_week": 12, "set": {"consultant_share": 0.2}}],
                            ["events #2", "overlaps events #1"]),
    "point inside a window": ([{"from_week": 2, "to_week": 10, "set": {"consultant_share": 0.5}},
                               {"week": 10, "set": {"consultant_share": 0.2}}], ["overlaps"]),
    "same week twice": ([{"week": 4, "set": {"consultant_share": 0.5}},
                         {"week": 4, "set": {"consultant_share": 0.2}}], ["overlaps"]),
    "invalid combination": ([{"week": 4, "set": {"n_coordinators": 0}}],
                            ["at week 4", "needs a coordinator"]),
    "not a list": ({"week": 4, "set": {"n_coordinators": 1}}, ["events = ", "list of tables"]),
}


@pytest.mark.parametrize("case", list(BAD_EVENTS))
def test_bad_events_are_refused_before_the_run(case):
    events, needles = BAD_EVENTS[case]
    with pytest.raises(ParameterError) as exc:
        sim.run(years=1, events=events, **SMALL)
    for needle in needles:
        assert needle in str(exc.value), (needle, str(exc.value))


def test_touching_windows_are_allowed():
    r = sim.run(years=1, events=[
        {"from_week": 2, "to_week": 6, "set": {"consultant_share": 0.5}},
        {"from_week": 6, "to_week": 9, "set": {"consultant_share": 0.3}}], **SMALL)
    assert [(c.week, c.new) for c in r.changes] == [(2, 0.5), (6, 0.3), (9, 0.0)]


def test_scenario_events_follow_the_parents_and_overlaps_across_files_are_refused(tmp_path):
    (tmp_path / "base.toml").write_text(
        "[parameters]\nn_pupils = 300\nn_schools = 2\n"
        "[[events]]\nweek = 4\nset = { n_coordinators = 1 }\n")
    (tmp_path / "child.toml").write_text(
        "[scenario]\nextends = 'base.toml'\nyears = 2\n"
        "[[events]]\nweek = 40\nset = { n_coordinators = 2 }\nnote = 'back to two'\n")
    child = load_scenario(tmp_path / "child.toml")
    assert [e.start for e in child.events] == [4, 40] and child.years == 2
    r = sim.run(child, seed=0)
    assert r.years == 2 and [(c.week, c.new) for c in r.changes] == [(4, 1), (40, 2)]
    (tmp_path / "clash.toml").write_text(
        "[scenario]\nextends = 'base.toml'\n"
        "[[events]]\nfrom_week = 2\nto_week = 8\nset = { n_coordinators = 1 }\n")
    with pytest.raises(EventError, match="clash.toml .*overlaps .*base.toml"):
        load_scenario(tmp_path / "clash.toml")


def test_orust_history_replays_the_history_and_ends_as_orust():
    history, orust = load_scenario("orust-history"), load_scenario("orust")
    assert history.years == 6 and all(ev.note for ev in history.events)
    r = sim.run(history, seed=0, **SMALL)
    assert r.params.n_coordinators == 0 and r.params.consultant_share == 0.0
    end = {k: v for k, v in r.model.p.values.items() if k not in SMALL}
    assert end == {k: v for k, v in orust.params.values.items() if k not in SMALL}
    weeks = {(c.week, c.name): c.new for c in r.changes}
    assert weeks[(18, "consultant_share")] == 1.0 and weeks[(90, "consultant_share")] == 0.0
    assert weeks[(90, "n_coordinators")] == 1 and weeks[(162, "n_coordinators")] == 2
    posts = r.timeseries.set_index("week")["coordinators_in_post"]
    assert posts.loc[:89].max() == 0 and posts.loc[175:].max() >= 1


def test_silo_has_every_cooperation_lever_off():
    p = load_scenario("silo").params
    assert p.n_coordinators == 0 and not p.consent_routine and not p.colocation
    for lever in ("working_group_interval_weeks", "coordinator_eht_interval_weeks",
                  "intake_eht_interval_weeks", "forum_interval_weeks", "liaison_interval_weeks",
                  "house_meeting_interval_weeks", "samrum_interval_weeks",
                  "school_social_workers", "training_days_per_year"):
        assert p[lever] == 0, lever
    assert not any("application" in step for step in p.ladder_steps)
    r = sim.run("silo", seed=0, years=1, **SMALL)
    assert r.summary["applications"] == 0 and r.summary["joint_meetings"] == 0


def test_run_writes_the_event_log(tmp_path, capsys):
    from sim.cli import main

    f = tmp_path / "ev.toml"
    f.write_text("[parameters]\nn_pupils = 300\nn_schools = 2\n"
                 "[[events]]\nweek = 5\nset = { feedback_probability = 0.9 }\nnote = 'n'\n")
    assert main(["run", str(f), "--years", "1", "--no-figure", "--out", str(tmp_path / "o")]) == 0
    log = pd.read_csv(tmp_path / "o" / "events.csv")
    assert log[["week", "name", "old", "new"]].values.tolist() == [
        [5, "feedback_probability", 0.3, 0.9]]
    import json

    meta = json.loads((tmp_path / "o" / "run.json").read_text())
    assert meta["events"] == [{"week": 5, "set": {"feedback_probability": 0.9}, "note": "n"}]
    assert "week    5: feedback_probability 0.300 -> 0.900" in capsys.readouterr().out


def test_sweep_spec_events_and_serial_equals_pool(tmp_path):
    from sim.experiments import load_spec, run_sweep

    spec = tmp_path / "s.toml"
    spec.write_text("[sweep]\nname = 's'\nreplicates = 2\nyears = 1\nseed = 5\n"
                    "outcomes = ['share_over_10', 'trust_school_side']\n"
                    "[fixed]\nn_pupils = 300\nn_schools = 2\n"
                    "[grid]\nfeedback_probability = [0.2, 0.6]\n"
                    "[[events]]\nfrom_week = 4\nto_week = 20\nset = { consultant_share = 0.8 }\n")
    loaded = load_spec(spec)
    assert loaded.to_dict()["events"][0]["to_week"] == 20
    assert loaded.design().scenario.events[0].start == 4
    serial = run_sweep(spec=spec, executor="serial", progress=False)
    pool = run_sweep(spec=spec, executor="pool", workers=2, progress=False)
    cols = ["run_id", "seed", "share_over_10", "trust_school_side"]
    pd.testing.assert_frame_equal(serial[cols], pool[cols])
    without = run_sweep(spec=str(spec).replace("s.toml", "s.toml"), executor="serial",
                        progress=False)
    assert (without["status"] == "ok").all()
    # the same from Python: events= gives the same runs as the spec's [[events]]
    api = run_sweep({"n_pupils": 300, "n_schools": 2, "feedback_probability": [0.2, 0.6]},
                    replicates=2, years=1, seed=5, executor="serial", progress=False,
                    outcomes=["share_over_10", "trust_school_side"],
                    events=[{"from_week": 4, "to_week": 20, "set": {"consultant_share": 0.8}}])
    pd.testing.assert_frame_equal(serial[cols], api[cols])


def test_a_spec_event_on_a_grid_lever_or_outside_the_years_is_refused(tmp_path):
    from sim.experiments import SweepUsageError, run_sweep

    with pytest.raises(SweepUsageError, match="also in \\[grid\\]"):
        run_sweep({"n_pupils": 300, "n_coordinators": [1, 2]}, years=1, progress=False,
                  events=[{"week": 3, "set": {"n_coordinators": 1}}])
    with pytest.raises(SweepUsageError, match="outside the run"):
        run_sweep({"n_pupils": 300}, years=1, progress=False,
                  events=[{"week": 50, "set": {"n_coordinators": 1}}])


def test_parse_events_round_trips():
    events = parse_events([{"week": 3, "set": {"ladder_thresholds": [0.1, 0.2]}, "note": "x"},
                           {"from_week": 1, "to_week": 4, "set": {"consultant_share": 0.1}}])
    assert parse_events([e.to_dict() for e in events]) == events


def test_scenarios_readme_is_up_to_date():
    from sim import docs

    assert docs.stale_readme() == [], "run `python -m sim.docs` and commit scenarios/README.md"
    text = docs.SCENARIO_README.read_text(encoding="utf-8")
    for path in docs.SCENARIOS_DIR.glob("*.toml"):
        assert f"]({path.name})" in text
    assert "| [`orust-history`](orust-history.toml) |" in text and "| 6 | 9 |" in text
