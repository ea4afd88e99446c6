"""The app's page (Solara): levers on the left, the running municipality on the right.

Built on Solara with Mesa's ``ModelController`` (Reset / play / Step) rather than on
``SolaraViz`` itself: SolaraViz's parameter sliders only apply at Reset and it has no
scenario presets, while here a lever moved mid-run takes effect from the next week
(``update_params``) and a preset sets every lever at once.

Run it with ``python -m sim app`` (or ``solara run sim.app.page``).
"""

from __future__ import annotations

import html
import math

import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import force_update, update_counter

from ..model import REPORTERS, ParameterError
from ..scenarios import list_scenarios, load_scenario
from . import figures
from .levers import (
    GROUPS_SHOWN,
    LEVERS,
    N_PUPILS_RANGE,
    THRESHOLD_RANGE,
    THRESHOLD_STEP,
)
from .model import AppModel

TITLE = "School and social services around pupils with problematic absence"
CSS = """
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0 8px 0; }
.kpi { background: #f5f6f8; border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.kpi .value { font-size: 26px; font-weight: 700; color: #222; line-height: 1.2; }
.kpi .label { font-size: 14px; color: #555; }
.lever-help { font-size: 13px; color: #666; margin-top: -2px; }
.lever-title { font-size: 15px; font-weight: 600; margin-top: 6px; }
.lever-title .lever-value { color: #1565c0; }
.pending { color: #b26a00; }
.events { font-size: 14px; border-collapse: collapse; width: 100%; }
.events td { padding: 2px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
.scenario-text { font-size: 13px; color: #555; }
"""


def scenario_parameters(name: str, seed: int = 0, n_pupils: int | None = None) -> dict:
    """The keyword parameters of :class:`AppModel` for scenario ``name``."""
    p = load_scenario(name).params
    out = {"scenario": name, "seed": seed, "n_pupils": n_pupils or p.n_pupils}
    out.update({lever: p[lever] for lever in LEVERS})
    out["ladder_thresholds"] = tuple(p.ladder_thresholds)
    return out


def kpis(model: AppModel) -> str:
    """This week's key numbers as HTML (each with an id the browser test reads)."""
    now = {name: REPORTERS[name](model) for name in (
        "mean_absence", "share_over_10", "long_term_absent_share", "trust_school_side",
        "trust_social_side", "mean_familiarity_cross", "reports_of_concern", "feedback_given",
        "reports_screened", "cases_opened")}
    decided = now["reports_screened"]
    opened = now["cases_opened"] / decided if decided else math.nan

    def pct(v):
        return "–" if isinstance(v, float) and math.isnan(v) else f"{v:.1%}"

    def num(v):
        return "–" if isinstance(v, float) and math.isnan(v) else f"{v:.2f}"

    year = model.year + 1
    items = [
        ("week", f"{model.weeks_measured}", f"school weeks run (year {year}, {model.term})"),
        ("mean-absence", pct(now["mean_absence"]), "mean recorded absence"),
        ("over-10", pct(now["share_over_10"]), "pupils over 10 % absence"),
        ("long-term", pct(now["long_term_absent_share"]), "long-term absent"),
        ("trust-school", num(now["trust_school_side"]), "school's trust in social services"),
        ("trust-social", num(now["trust_social_side"]), "social services' trust in school"),
        ("familiarity", num(now["mean_familiarity_cross"]), "familiarity across sectors"),
        ("reports", f"{now['reports_of_concern']}", "reports of concern so far"),
        ("feedback", f"{now['feedback_given']}", "times the school got feedback"),
        ("opened", pct(opened), "of the reports decided, opened by social services"),
    ]
    cells = "".join(f'<div class="kpi"><div class="value" id="kpi-{key}">{value}</div>'
                    f'<div class="label">{html.escape(label)}</div></div>'
                    for key, value, label in items)
    return f'<div class="kpis">{cells}</div>'


def title_html(label: str, value: str, after: str = "") -> str:
    return (f'{html.escape(label)}: <span class="lever-value">{html.escape(value)}</span>'
            f'{html.escape(after)}')


@solara.component
def Panel(name: str, make, model, counter: int):
    """One figure in a card; redrawn when the model steps or is replaced."""
    fig = solara.use_memo(lambda: make(model), [id(model), counter])
    with solara.Card(margin=1, classes=[f"panel-{name}"]):
        solara.FigureMatplotlib(fig, dependencies=[id(model), counter], format="png")


@solara.component
def LeverControl(name: str, value, on_value):
    lever = LEVERS[name]
    with solara.Column(gap="0px", classes=[f"lever-{name}"]):
        solara.HTML(unsafe_innerHTML=title_html(lever.label, lever.show(value)),
                    classes=["lever-title"])
        solara.HTML(unsafe_innerHTML=html.escape(lever.help), classes=["lever-help"])
        if lever.kind == "bool":
            solara.Switch(label="on" if value else "off", value=bool(value), on_value=on_value)
        elif lever.kind == "int":
            solara.SliderInt("", value=int(value), min=int(lever.low), max=int(lever.top),
                             step=int(lever.step), on_value=on_value)
        else:
            solara.SliderFloat("", value=float(value), min=float(lever.low),
                               max=float(lever.top), step=lever.step, on_value=on_value)


@solara.component
def PupilInspector(model: AppModel, counter: int):
    chosen = solara.use_reactive(None)
    notable = model.notable_pupils(30)
    row = chosen.value if chosen.value is not None and chosen.value < len(model.pupil_at) \
        else notable[0]
    labels = [f"pupil {r}" for r in dict.fromkeys([row, *notable])]
    fig = solara.use_memo(lambda: figures.pupil_path(model, row), [id(model), counter, row])
    with solara.Card("Follow one pupil", margin=1, classes=["panel-pupil"]):
        with solara.Row():
            solara.Select("Pupils with the most going on", values=labels,
                          value=f"pupil {row}",
                          on_value=lambda v: chosen.set(int(v.split()[1])))
            solara.InputInt("or pupil number", value=row,
                            on_value=lambda v: chosen.set(v) if v is not None and
                            0 <= v < len(model.pupil_at) else None)
        solara.FigureMatplotlib(fig, dependencies=[id(model), counter, row], format="png")
        events = model.pupil_path(row)["events"][-12:]
        if events:
            wpy = model.p.weeks_per_year
            def when(w: int) -> str:  # negative weeks: the warm-up before the run
                return f"week {w} (year {w // wpy + 1})" if w >= 0 else f"{-w} weeks before"

            rows = "".join(f"<tr><td>{when(w)}</td><td>{html.escape(e)}</td></tr>"
                           for w, e in events)
            solara.HTML(unsafe_innerHTML=f'<table class="events">{rows}</table>',
                        classes=["pupil-events"])
        else:
            solara.Text("Nothing has happened to this pupil beyond the mentor's contact yet.")


@solara.component
def Page():
    scenarios = solara.use_memo(lambda: [s.name for s in list_scenarios()], [])
    start = solara.use_memo(lambda: scenario_parameters("orust"), [])
    parameters = solara.use_reactive(start)  # what the next Reset uses
    model = solara.use_reactive(solara.use_memo(lambda: AppModel(**start), []))
    play_interval = solara.use_reactive(150)
    weeks_per_click = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    message = solara.use_reactive(None)
    layout = solara.use_memo(figures.NetworkLayout, [id(model.value)])
    counter = update_counter.get()
    m: AppModel = model.value

    def choose_scenario(name):
        new = scenario_parameters(name, seed=parameters.value["seed"],
                                  n_pupils=parameters.value["n_pupils"])
        parameters.value = new
        model.value = AppModel(**new)
        message.value = None
        force_update()

    def set_start(name, value):
        parameters.value = {**parameters.value, name: value}
        message.value = f"{name.replace('_', ' ')} applies when you press Reset."

    def set_lever(name, value):
        try:
            m.change(**{name: value})
        except ParameterError as exc:
            message.value = str(exc)
            return
        parameters.value = {**parameters.value, name: value}
        message.value = None

    def set_threshold(i, value):
        new = list(parameters.value["ladder_thresholds"])
        new[i] = round(value, 3)
        set_lever("ladder_thresholds", tuple(new))

    solara.Style(CSS)
    solara.Title("sim: school and social services")
    with solara.AppBar():
        solara.AppBarTitle(TITLE)

    with solara.Sidebar():
        with solara.Card("Run", margin=1):
            solara.Select("Scenario", values=scenarios, value=parameters.value["scenario"],
                          on_value=choose_scenario)
            solara.HTML(unsafe_innerHTML=html.escape(m.scenario.description),
                        classes=["scenario-text"])
            lo, hi, step = N_PUPILS_RANGE
            with solara.Column(gap="0px", classes=["lever-n_pupils"]):
                solara.HTML(unsafe_innerHTML=title_html("Pupils", f"{parameters.value['n_pupils']}",
                                                        " (applies at Reset)"),
                            classes=["lever-title"])
                solara.SliderInt("", value=parameters.value["n_pupils"], min=lo, max=hi,
                                 step=step, on_value=lambda v: set_start("n_pupils", v))
            solara.InputInt("Seed", value=parameters.value["seed"],
                            on_value=lambda v: set_start("seed", v) if v is not None and v >= 0
                            else None)
            ModelController(model, model_parameters=parameters, play_interval=play_interval,
                            render_interval=weeks_per_click, use_threads=use_threads)
            with solara.Column(gap="0px", classes=["lever-weeks-per-step"]):
                solara.HTML(unsafe_innerHTML=title_html("Weeks per step or frame",
                                                        f"{weeks_per_click.value}"),
                            classes=["lever-title"])
                solara.SliderInt("", value=weeks_per_click, min=1, max=12)
        if message.value:
            solara.Warning(message.value, classes=["app-message"])
        for group, names in GROUPS_SHOWN.items():
            with solara.Card(group, subtitle="changes apply from the next week", margin=1):
                for name in names:
                    LeverControl(name, parameters.value[name],
                                 on_value=lambda v, name=name: set_lever(name, v))
        with solara.Card("Attendance ladder", subtitle="changes apply from the next week",
                         margin=1):
            lo, hi = THRESHOLD_RANGE
            for i, t in enumerate(parameters.value["ladder_thresholds"]):
                with solara.Column(gap="0px", classes=[f"lever-threshold-{i + 1}"]):
                    solara.HTML(unsafe_innerHTML=title_html(f"Threshold {i + 1}", f"{t:.0%}",
                                                            " absence"), classes=["lever-title"])
                    solara.SliderFloat("", value=float(t), min=lo, max=hi, step=THRESHOLD_STEP,
                                       on_value=lambda v, i=i: set_threshold(i, v))
            solara.HTML(unsafe_innerHTML=html.escape(
                "Share of school days missed over the last "
                f"{m.p.ladder_window_days} days at which the school steps up its response."),
                classes=["lever-help"])
        pending = m.pending
        if pending or m.changes:
            with solara.Card("Changes in this run", margin=1, classes=["changes"]):
                for ch in m.changes:
                    solara.HTML(unsafe_innerHTML=html.escape(
                        f"week {ch.week}: {ch.name.replace('_', ' ')} {ch.old} → {ch.new}"))
                for name, value in pending.items():
                    solara.HTML(unsafe_innerHTML=html.escape(
                        f"from week {m.weeks_measured}: {name.replace('_', ' ')} → {value}"),
                        classes=["pending"])

    solara.HTML(unsafe_innerHTML=kpis(m), classes=["kpi-row"])
    with solara.Columns([1, 1]):
        with solara.Column():
            Panel("outcomes", figures.child_outcomes, m, counter)
            Panel("ladder", figures.ladder_steps, m, counter)
            Panel("network", lambda mm: figures.network_by_trust(mm, layout), m, counter)
        with solara.Column():
            Panel("absence", figures.absence_distribution, m, counter)
            Panel("trust", figures.trust_over_time, m, counter)
            PupilInspector(m, counter)
