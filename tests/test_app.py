"""The app's model, levers and figures, without a browser (tests/test_app_browser.py drives
the page itself)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.app import figures
from sim.app.levers import LEVERS
from sim.app.model import AppModel
from sim.app.page import kpis, scenario_parameters
from sim.model import REGISTRY, ParameterError, SchoolCooperationModel
from sim.scenarios import list_scenarios

SMALL = {"n_pupils": 300}


def test_constructor_names_every_parameter_the_controls_pass():
    """Mesa's controls re-create the model with type(model)(**parameters) and check the
    signature: every key must be an explicit keyword of AppModel (no **overrides)."""
    from mesa.visualization.solara_viz import _check_model_params

    sig = inspect.signature(AppModel.__init__)
    assert not any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values())
    for sc in list_scenarios():
        params = scenario_parameters(sc.name, n_pupils=300)
        _check_model_params(AppModel.__init__, params)  # raises on a mismatch
        model = AppModel(**params)
        assert model.scenario.name == sc.name
        for name in LEVERS:
            assert model.p[name] == sc.params[name]


def test_levers_are_registry_parameters_with_usable_ranges():
    for lever in LEVERS.values():
        p = REGISTRY[lever.name]
        if p.kind == "bool":
            continue
        assert p.range[0] <= lever.low < lever.top <= p.range[1]
        assert (lever.top - lever.low) / lever.step <= 60, lever.name


def test_a_lever_changed_mid_run_acts_from_the_next_week_like_update_params():
    app = AppModel(seed=4, **SMALL)
    plain = SchoolCooperationModel(app.p, seed=4)
    for _ in range(6):
        app.step()
        plain.step()
    app.change(feedback_probability=0.9, n_coordinators=1)
    assert app.p.feedback_probability != 0.9  # queued, not yet applied
    plain.update_params(feedback_probability=0.9, n_coordinators=1)
    for _ in range(10):
        app.step()
        plain.step()
    pd.testing.assert_frame_equal(app.timeseries(), plain.timeseries())
    assert [(c.week, c.name, c.old, c.new) for c in app.changes] == [
        (6, "feedback_probability", 0.3, 0.9), (6, "n_coordinators", 2, 1)]


def test_a_scenario_s_events_play_in_the_app_as_in_a_run():
    """orust-history's consultant era starts at week 18: the app applies it at that week,
    as sim.run does, and logs it."""
    from sim.events import EventSchedule, run_weeks

    app = AppModel("orust-history", seed=2, **SMALL)
    plain = SchoolCooperationModel(app.p, seed=2)
    for _ in range(20):
        app.step()
    run_weeks(plain, 20, EventSchedule(app.scenario.events))
    pd.testing.assert_frame_equal(app.timeseries(), plain.timeseries())
    assert 18 in {c.week for c in app.changes}
    assert [(c.week, c.name) for c in app.changes] == [(c.week, c.name) for c in plain.changes]


def test_changes_that_are_not_allowed_are_refused_at_once():
    app = AppModel(**SMALL)
    with pytest.raises(ParameterError, match="when a run starts"):
        app.change(n_pupils=500)
    with pytest.raises(ParameterError, match="ascending"):
        app.change(ladder_thresholds=(0.2, 0.1))
    with pytest.raises(ParameterError, match="coordinator"):
        app.change(n_coordinators=0)  # the working group needs one
    assert app.pending == {}
    app.change(working_group_interval_weeks=0)
    app.change(n_coordinators=0)  # now allowed, together with the queued change
    assert app.pending == {"working_group_interval_weeks": 0, "n_coordinators": 0}


def test_pupil_path_follows_the_pupil_in_a_row_week_by_week():
    app = AppModel(seed=2, **SMALL)
    weeks = app.p.weeks_per_year + 5  # across a new school year
    for _ in range(weeks):
        app.step()
    for row in app.notable_pupils(5) + [0]:
        path = app.pupil_path(row)
        pupil = app.pupil_at[row]
        assert path["pupil"] is pupil
        assert path["weeks"] == list(range(weeks - len(path["weeks"]), weeks))
        assert path["steps"][-1] == pupil.ladder_step
        assert path["absence"][-1] == pytest.approx(pupil.recorded_absence, abs=1e-6)
        assert path["events"] == pupil.history
    leavers_rows = [r for r in range(len(app.pupil_at)) if app.pupil_at[r].grade == 0]
    assert leavers_rows, "a new cohort arrived"
    assert len(app.pupil_path(leavers_rows[0])["weeks"]) == 5  # only since they arrived


@pytest.mark.parametrize("weeks", [0, 1, 30])
def test_every_figure_draws_at_any_week(weeks):
    app = AppModel(seed=1, **SMALL)
    for _ in range(weeks):
        app.step()
    if weeks:
        app.change(consultant_share=0.5)
        app.step()
    layout = figures.NetworkLayout()
    row = app.notable_pupils(1)[0]
    drawn = [figures.absence_distribution(app), figures.ladder_steps(app),
             figures.trust_over_time(app), figures.child_outcomes(app),
             figures.network_by_trust(app, layout), figures.pupil_path(app, row)]
    for fig in drawn:
        assert fig.axes and fig.axes[0].get_title() or fig.get_suptitle()
    if weeks:
        # the network keeps its layout from week to week for people who stay
        before = dict(layout.pos)
        app.step()
        figures.network_by_trust(app, layout)
        kept = [n for n in before if n in layout.pos]
        assert kept and all(np.allclose(before[n], layout.pos[n]) for n in kept)


def test_key_numbers_show_this_week():
    app = AppModel(seed=1, **SMALL)
    assert 'id="kpi-week">0<' in kpis(app)
    for _ in range(3):
        app.step()
    html = kpis(app)
    assert 'id="kpi-week">3<' in html
    assert f'id="kpi-mean-absence">{app.timeseries()["mean_absence"].iloc[-1]:.1%}<' in html
    assert 'id="kpi-opened">–<' in kpis(AppModel(seed=1, **SMALL))  # nothing decided yet
    for _ in range(30):
        app.step()
    last = app.timeseries().iloc[-1]
    assert last["reports_screened"] > 0
    share = last["cases_opened"] / last["reports_screened"]
    assert f'id="kpi-opened">{share:.1%}<' in kpis(app)


def test_app_command_help_and_bad_port():
    out = subprocess.run([sys.executable, "-m", "sim", "app", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "--host" in out and "--port" in out and "127.0.0.1" in out
    bad = subprocess.run([sys.executable, "-m", "sim", "app", "--port", "70000"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "--port" in bad.stderr
