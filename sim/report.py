"""The comparison's files: tables, figures and ``report.html`` (``python -m sim compare``).

:func:`write_report` writes into the comparison's folder::

    table.csv        every outcome per scenario: mean, 95 % CI, paired difference to the
                     first scenario with its 95 % CI, whether that CI excludes 0
    table.md         the same as Markdown (mean [low, high]; '*' marks a CI that excludes 0)
    runs.csv         one row per run: scenario, replicate, seed and every outcome
    figures/differences.png   paired differences of the key outcomes, with CIs
    figures/timeseries.png    key outcomes week by week, mean and 95 % CI band over seeds
    terms.csv        one row per run and school term: what happened in the term
                     (:func:`sim.analysis.compare.term_table`)
    figures/terms.png         those term outcomes, mean and 95 % CI over seeds
    report.html      one self-contained page (figures embedded, no external files, no
                     scripts) that says in plain words what each scenario is and what it did

Every file is written whole or not at all (a temporary file moved into place). The page is
rendered with Jinja2, with autoescaping, so text from scenario files cannot inject markup.
"""

from __future__ import annotations

import base64
import io
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .analysis import costs as _costs
from .analysis.compare import (
    KEY_OUTCOMES,
    TERM_OUTCOMES,
    markdown_table,
    outcome_table,
    parameter_differences,
    term_table,
    timeseries_bands,
)
from .experiments.files import atomic_file, atomic_write_text
from .experiments.provenance import versions
from .model import OUTCOMES, REGISTRY

__all__ = ["SERIES", "REPORT_FILES", "write_report"]

#: Weekly outcomes drawn over time (columns of the time series).
SERIES = ["long_term_absent_share", "share_over_10", "mean_absence", "trust_school_side",
          "trust_social_side", "mean_familiarity_cross"]
REPORT_FILES = ("table.csv", "table.md", "runs.csv", "terms.csv", "figures/differences.png",
                "figures/timeseries.png", "figures/terms.png", "report.html")


def _outcomes(runs: pd.DataFrame) -> list[str]:
    """Every outcome of :data:`sim.model.OUTCOMES` that the runs have, numeric."""
    return [o for o in OUTCOMES if o in runs.columns
            and pd.api.types.is_numeric_dtype(runs[o])]


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    finally:
        plt.close(fig)
    return buf.getvalue()


def differences_figure(table: pd.DataFrame) -> bytes:
    """Paired difference to the reference of each key outcome, with its 95 % CI (red: the
    CI excludes 0)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    import numpy as np

    order = list(dict.fromkeys(table["scenario"]))
    ref, others = order[0], order[1:]
    keys = [o for group in KEY_OUTCOMES.values() for o in group if o in set(table["outcome"])]
    cols = 4
    rows = max(1, math.ceil(len(keys) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 0.5 + (0.45 * max(1, len(others))
                                                                   + 1.1) * rows),
                             squeeze=False)
    cells = table.set_index(["scenario", "outcome"])
    for ax, key in zip(axes.flat, keys):
        y = np.arange(len(others))
        if others:
            d = cells.loc[[(s, key) for s in others]]
            mean = d["difference"].to_numpy(float)
            low = d["difference_low"].to_numpy(float)
            high = d["difference_high"].to_numpy(float)
            err = np.vstack([np.nan_to_num(mean - low), np.nan_to_num(high - mean)])
            ax.errorbar(mean, y, xerr=err, fmt="none", ecolor="grey", capsize=4)
            ax.scatter(mean, y, zorder=3,
                       color=["tab:red" if e else "tab:grey" for e in d["excludes_zero"]])
        ax.axvline(0, color="black", lw=1)
        ax.set_yticks(y, others)
        ax.set_ylim(-0.7, max(len(others), 1) - 0.3)
        ax.set_title(key, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))  # labels must not collide
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    height = fig.get_figheight()  # the title a fixed distance from the top, whatever the height
    fig.suptitle(f"Paired difference from {ref!r}: mean and 95 % CI over seeds "
                 "(red: the CI excludes 0)", y=1 - 0.08 / height, va="top")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.32 / height))  # room for the title
    return _png(fig)


def _colours(n: int) -> list:
    """``n`` distinguishable colours: matplotlib's ten, or twenty for more scenarios."""
    import matplotlib

    cmap = matplotlib.colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _legend(fig, axes, used: int) -> None:
    """The scenarios' legend in the first unused panel, else in the first panel."""
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if used < axes.size:
        spare = axes.flat[used]
        spare.set_visible(True)
        spare.set_axis_off()
        spare.legend(handles, labels, loc="center", fontsize=9, frameon=False)
    elif len(labels) <= 6:
        axes.flat[0].legend(fontsize=8)
    else:  # below the figure (the saved image grows to hold it)
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                   ncol=min(len(labels), 5), fontsize=9, frameon=False)


def _band_panels(bands: pd.DataFrame, keys: list[str], order: list[str],
                 event_x: dict[str, list[float]], *, title: str, xlabel: str,
                 panel_height: float, marker: str | None = None, ticks=None) -> bytes:
    """One panel per outcome in ``keys``: each scenario's mean over seeds (``bands``, as
    :func:`timeseries_bands` gives them) and its 95 % CI band, with dotted lines at the
    x positions ``event_x`` gives for each scenario's events; ``ticks`` is ``(positions,
    labels)`` for the x axis, or None."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = 3
    rows = max(1, math.ceil(len(keys) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, panel_height * rows),
                             squeeze=False)
    colours = _colours(len(order))
    for ax, key in zip(axes.flat, keys):
        for i, name in enumerate(order):
            c = colours[i % len(colours)]
            b = bands[(bands.scenario == name) & (bands.outcome == key)]
            ax.plot(b["week"], b["mean"], color=c, lw=1.4, marker=marker, ms=3, label=name)
            ax.fill_between(b["week"], b["low"], b["high"], color=c, alpha=0.2, lw=0)
            for x in event_x.get(name, []):
                ax.axvline(x, color=c, ls=":", lw=1)
        ax.set_title(key, fontsize=10)
        if ticks is not None:
            ax.set_xticks(*ticks, fontsize=8)
        ax.set_xlabel(xlabel, fontsize=8 if ticks is not None else None)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    _legend(fig, axes, len(keys))
    fig.suptitle(title)
    fig.tight_layout()
    return _png(fig)


def timeseries_figure(bands: pd.DataFrame, events: dict[str, list[int]],
                      order: list[str] | None = None) -> bytes:
    """Key outcomes week by week: the mean over seeds and its 95 % CI band; dotted lines
    mark the weeks at which a scenario's events change levers."""
    order = order or list(dict.fromkeys(bands["scenario"]))
    keys = [k for k in SERIES if k in set(bands["outcome"])]
    return _band_panels(bands, keys, order, events, panel_height=3.4,
                        xlabel="measured school week",
                        title="Over time: mean over seeds and 95 % CI band (dotted: event weeks)")


def terms_figure(bands: pd.DataFrame, terms: pd.DataFrame, events: dict[str, list[int]],
                 order: list[str] | None = None) -> bytes:
    """What happened term by term (:data:`TERM_OUTCOMES`): the mean over seeds with its
    95 % CI; dotted lines mark the terms in which a scenario's events change levers."""
    order = order or list(dict.fromkeys(bands["scenario"]))
    keys = [k for k in TERM_OUTCOMES if k in set(bands["outcome"])]
    calendar = terms.drop_duplicates("term_index").sort_values("term_index")
    labels = [f"{t[:2]} {y + 1}" for y, t in zip(calendar["year"], calendar["term"])]
    step = max(1, math.ceil(len(labels) / 8))  # at most about 8 tick labels
    event_x = {}  # an event's line goes just before the term it falls in
    for name, t in terms.groupby("scenario"):  # each scenario's own calendar
        starts = t.drop_duplicates("term_index").sort_values("term_index")["first_week"]
        event_x[name] = [max(0, int(starts.searchsorted(week, side="right")) - 1) - 0.5
                         for week in events.get(name, [])]
    return _band_panels(bands, keys, order, event_x, panel_height=3.6, marker="o",
                        ticks=(range(0, len(labels), step), labels[::step]),
                        xlabel="school term (au = autumn, sp = spring; year of the run)",
                        title="Term by term: mean over seeds and 95 % CI (dotted: an event "
                              "changes levers from this term)")


# ------------------------------------------------------------------------------ the page
_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scenario comparison: {{ names | join(", ") }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 75em;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
th { background: #f3f3f3; } td.name, th.name { text-align: left; }
.sig { background: #fde8e6; font-weight: 600; }
.note { color: #555; font-size: 0.92em; }
img { max-width: 100%; border: 1px solid #eee; }
.scenario { border-left: 4px solid #888; padding-left: 1em; margin: 1em 0; }
code { background: #f4f4f4; padding: 0 0.2em; }
.wide { overflow-x: auto; }  /* many scenarios: the table scrolls, the page does not */
</style>
</head>
<body>
<h1>What would change for the children? {{ names | join(" vs ") }}</h1>
<p>This page compares {{ names | length }} scenario(s) of how schools and social services
cooperate around pupils with problematic school absence. Each scenario was simulated
{{ replicates }} times ({{ replicates }} different random histories, seeds paired across
scenarios) for {{ years }} measured school year(s) after a warm-up year.
The first scenario, <b>{{ ref }}</b>, is the reference: every other scenario is compared
with it run by run (the same seed draws the same pupils in every scenario).</p>
<p class="note">Numbers are means over the runs with a 95 % confidence interval in brackets.
A difference is <span class="sig">highlighted</span> when its 95 % interval does not include 0:
with these runs, the direction of the difference is clear. A difference that is not
highlighted may still be real; more replicates (<code>--replicates</code>) narrow the intervals.
The model compares systems under stated assumptions; it does not forecast a municipality.
Written {{ written }}{% if overrides %}; every scenario with {{ overrides }}{% endif %}.</p>

<h2>The scenarios</h2>
{% for sc in scenarios %}
<div class="scenario">
<h3>{{ sc.name }}{% if loop.first %} (reference){% endif %}</h3>
<p>{{ sc.description or "(no description)" }}</p>
{% if sc.source %}<p class="note">Sources: {{ sc.source }}</p>{% endif %}
{% if not loop.first %}
{% if sc.differences %}
<p>What it sets differently from {{ ref }}:</p>
<div class="wide">
<table><tr><th class="name">parameter</th><th>{{ ref }}</th><th>{{ sc.name }}</th>
<th class="name">unit</th></tr>
{% for d in sc.differences %}<tr><td class="name"><code>{{ d.name }}</code></td>
<td>{{ d.ref }}</td><td>{{ d.value }}</td><td class="name">{{ d.unit }}</td></tr>{% endfor %}
</table>
</div>
{% else %}<p>It sets no parameter differently from {{ ref }} at the start.</p>{% endif %}
{% endif %}
{% if sc.events %}
<p>Levers that change during the run (weeks count measured school weeks from 0):</p>
<ul>{% for e, new in sc.events %}<li>{% if new %}<strong>not in {{ ref }}:</strong>
{% endif %}{{ e }}</li>{% endfor %}</ul>
{% endif %}
</div>
{% endfor %}

{% for group in groups %}
<h2>What it did to {{ group.title }}</h2>
{% if group.sentences %}<ul>{% for s in group.sentences %}<li>{{ s }}</li>{% endfor %}</ul>
{% elif others %}<p>No difference from {{ ref }} here whose 95 % interval excludes 0.</p>{% endif %}
<div class="wide">
<table>
<tr><th class="name">outcome</th>{% for n in names %}<th>{{ n }}</th>{% endfor %}
{% for n in others %}<th>difference {{ n }} − {{ ref }}</th>{% endfor %}</tr>
{% for row in group.rows %}<tr><td class="name"><code>{{ row.outcome }}</code><br>
<span class="note">{{ row.meaning }}</span></td>
{% for c in row.means %}<td>{{ c }}</td>{% endfor %}
{% for c in row.diffs %}<td{% if c.sig %} class="sig"{% endif %}>{{ c.text }}</td>{% endfor %}
</tr>{% endfor %}
</table>
</div>
{% endfor %}

{% if cost_rows %}
<h2>Who pays, who gains</h2>
<p>The hours and posts each scenario adds, priced per budget, against the future costs its
child outcomes avoid (fewer leavers without eligibility, fewer long-term absence cases),
credited to the budget that would bear them; discounted over {{ cost_rows[0].horizon }}
years, in million SEK, against {{ ref }} (positive: a net cost). A thinking tool for who pays
and who gains, not a budget forecast: most prices are assumptions with wide ranges
(<code>python -m sim params --group costs</code>; <code>python -m sim costs</code> draws the
investment hump).</p>
<div class="wide">
<table><tr><th class="name">scenario</th><th class="name">budget</th>
<th>net cost in year 1</th><th>net over the horizon</th><th class="name">break-even</th>
<th>runs breaking even</th></tr>
{% for r in cost_rows %}<tr><td class="name">{{ r.scenario }}</td>
<td class="name">{{ r.budget }}</td>
<td>{{ r.year1 }}</td><td>{{ r.net }}</td><td class="name">{{ r.break_even }}</td>
<td>{{ r.seeds }}</td></tr>{% endfor %}
</table>
</div>
{% endif %}

<h2>Figures</h2>
{% if others %}
<p>Paired differences from {{ ref }} (red: the 95 % interval excludes 0).</p>
<img alt="paired differences of the key outcomes" src="data:image/png;base64,{{ differences_png }}">
{% endif %}
<p>Over time: the mean over runs and its 95 % band. Dotted lines mark the weeks at which
a scenario's events change levers.</p>
<img alt="key outcomes over time" src="data:image/png;base64,{{ timeseries_png }}">
<p>Term by term: what happened within each school term (<code>terms.csv</code> has it run
by run). Two of these show what the school's worries led to for children: the share of its
reports of concern that social services opened as an investigation, and the pupils who got
cross-sector help for the first time. Trust moves both, through intake's decisions and the
school's reports. The mean over runs and its 95 % interval; dotted lines mark the term in
which a scenario's events change levers.</p>
<ul class="note">{% for k, v in term_words.items() %}
<li><code>{{ k }}</code>: {{ v }}</li>{% endfor %}</ul>
<img alt="what happened term by term" src="data:image/png;base64,{{ terms_png }}">

<h2>Every outcome</h2>
<p class="note">All outcomes of the model, as in <code>table.csv</code>
(n = runs with a value).</p>
<div class="wide">
<table>
<tr><th class="name">outcome</th>{% for n in names %}<th>{{ n }}</th>{% endfor %}
{% for n in others %}<th>difference {{ n }} − {{ ref }}</th>{% endfor %}</tr>
{% for row in all_rows %}<tr><td class="name"><code>{{ row.outcome }}</code></td>
{% for c in row.means %}<td>{{ c }}</td>{% endfor %}
{% for c in row.diffs %}<td{% if c.sig %} class="sig"{% endif %}>{{ c.text }}</td>{% endfor %}
</tr>{% endfor %}
</table>
</div>

<h2>How this was made</h2>
<p class="note">Runs: {{ replicates }} per scenario, {{ years }} measured school year(s), sweep
seed {{ seed }}; run seeds derive from it, so the same command gives the same numbers.
Confidence intervals are Student's t intervals over runs; differences are paired by seed.
Model version {{ version }}. The runs are stored beside this page (<code>runs/</code>,
<code>runs.csv</code>, <code>table.csv</code>).</p>
</body>
</html>
"""

_GROUP_TITLES = {"children": "children", "cooperation": "cooperation",
                 "staff hours": "staff hours"}


def _fmt(x: Any, digits: int = 3, scale: float | None = None) -> str:
    """A number for the page: whole numbers from 100 on, one decimal from 10 on, else
    ``digits`` decimals. ``scale`` picks the style from another number (a CI's widest end),
    so that a mean and its interval read alike."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if isinstance(x, float):
        size = abs(x) if scale is None else scale
        if size >= 100:  # hours, weeks, counts: whole numbers read best
            return f"{x:,.0f}"
        if size >= 10:
            return f"{x:.1f}"
        return f"{x:.{digits}f}"
    return str(x)


def _ci(mean: float, low: float, high: float) -> str:
    if isinstance(mean, float) and math.isnan(mean):
        return "n/a"
    if isinstance(low, float) and math.isnan(low):
        return _fmt(mean)
    scale = max(abs(float(mean)), abs(float(low)), abs(float(high)))
    return f"{_fmt(mean, scale=scale)} [{_fmt(low, scale=scale)}, {_fmt(high, scale=scale)}]"


def _rows(table: pd.DataFrame, outcomes: list[str], names: list[str]) -> list[dict]:
    cells = table.set_index(["scenario", "outcome"])
    rows = []
    for o in outcomes:
        means = [_ci(*cells.loc[(n, o), ["mean", "low", "high"]]) for n in names]
        diffs = []
        for n in names[1:]:
            r = cells.loc[(n, o)]
            diffs.append({"text": _ci(r["difference"], r["difference_low"],
                                      r["difference_high"]), "sig": bool(r["excludes_zero"])})
        rows.append({"outcome": o, "meaning": OUTCOMES.get(o, ""), "means": means,
                     "diffs": diffs})
    return rows


#: The key outcomes in a planner's words. Other outcomes use their name and description.
PLAIN: dict[str, str] = {
    "long_term_incidence": "pupils who became long-term absent at some time in the run",
    "long_term_absent_share": "pupils long-term absent at the end",
    "absence_over_run": "absence over the whole run, all pupils",
    "mean_absence": "recorded absence at the end",
    "resolved_share": "pupils over the threshold whose absence went back down",
    "eligible_share": "leavers eligible for upper secondary",
    "cross_sector_help_share": "pupils over the threshold who got help from both sectors",
    "followup_coverage": "counsellor follow-up given, of what the pupils needed",
    "feedback_rate": "reports of concern the school got feedback on",
    "applications": "applications to joint work",
    "km_median_weeks_application_to_plan": "weeks from an application to the joint plan "
                                           "(median, counting those still waiting)",
    "joint_meetings": "joint meetings",
    "consultations": "pupils discussed at cross-sector contacts",
    "reports_of_concern": "reports of concern",
    "trust_school_side": "school staff's trust in the other sector (0-1)",
    "trust_social_side": "social services staff's trust in the other sector (0-1)",
    "staff_hours": "staff hours",
    "meeting_hours": "staff hours in meetings",
}
#: Of those, the shares: shown in per cent, their differences in percentage points.
SHARES = frozenset({"long_term_incidence", "long_term_absent_share", "absence_over_run",
                    "mean_absence", "resolved_share", "eligible_share",
                    "cross_sector_help_share", "followup_coverage", "feedback_rate"})


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _sentences(table: pd.DataFrame, outcomes: list[str], names: list[str]) -> list[str]:
    """One line per scenario: each outcome whose difference from the reference has a 95 %
    interval that excludes 0, in plain words (shares in per cent, their differences in
    percentage points)."""
    cells = table.set_index(["scenario", "outcome"])
    out = []
    for n in names[1:]:
        parts = []
        for o in outcomes:
            r = cells.loc[(n, o)]
            if not r["excludes_zero"]:
                continue
            ref = cells.loc[(names[0], o)]
            label = PLAIN.get(o, f"{o} ({OUTCOMES.get(o, o).split(',')[0]})")
            word = "higher" if r["difference"] > 0 else "lower"
            lo, hi = sorted((abs(r["difference_low"]), abs(r["difference_high"])))
            if o in SHARES:
                level, size = _pct, (lambda x: f"{100 * x:.1f}")
                word = f"percentage points {word}"
            else:
                level = size = _fmt
            parts.append(f"{label}: {level(r['mean'])} against {level(ref['mean'])}, "
                         f"{size(abs(r['difference']))} {word} (95 % CI {size(lo)} to "
                         f"{size(hi)})")
        if parts:
            out.append(f"{n}, against {names[0]}: " + "; ".join(parts) + ".")
    return out


def _value(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return _fmt(v) if isinstance(v, float) else str(v)


def cost_tables(comparison) -> pd.DataFrame:
    """Who pays, who gains: every scenario against the first, per budget (the social-
    investment accounting of :mod:`sim.analysis.costs`, priced with each scenario's own cost
    parameters, over ``cost_horizon_years``). Empty when the runs carry no cost outcomes."""
    runs, names = comparison.runs, comparison.names
    if "cost_total_sek_year" not in runs.columns or len(names) < 2:
        return pd.DataFrame()
    ref = runs[runs["scenario"] == names[0]]
    parts = []
    for sc in comparison.scenarios[1:]:
        t = _costs.who_pays_who_gains(runs[runs["scenario"] == sc.name], ref, params=sc.params)
        parts.append(t.assign(scenario=sc.name))
    return pd.concat(parts, ignore_index=True)


_BUDGETS = ("municipality", "region", "state", "society")


def _msek(mean: float, low: float, high: float) -> str:
    return _ci(mean / 1e6, low / 1e6, high / 1e6)


def _cost_rows(costs: pd.DataFrame) -> list[dict]:
    rows = []
    for _, r in costs[costs["sector"].isin(_BUDGETS)].iterrows():
        be = r["break_even_year"]
        rows.append({
            "scenario": r["scenario"], "budget": r["label"],
            "year1": _msek(r["year1_net_cost"], r["year1_net_cost_low"],
                           r["year1_net_cost_high"]),
            "net": _msek(r["net_pv"], r["net_pv_low"], r["net_pv_high"]),
            "break_even": "not within the horizon" if math.isnan(be) else f"year {be:.0f}",
            "seeds": f"{100 * r['share_of_seeds_breaking_even']:.0f} %",
            "horizon": int(r["horizon"]),
        })
    return rows


def render_html(comparison, table: pd.DataFrame, differences_png: bytes,
                timeseries_png: bytes, costs: pd.DataFrame | None = None,
                terms_png: bytes = b"") -> str:
    """The report page as text (see the module docstring)."""
    from jinja2 import Environment

    names = comparison.names
    reference = comparison.scenarios[0]
    ref_params = reference.params.as_plain()
    ref_changes = [ev.changes for ev in reference.events]
    ref_events = {ev.describe() for ev in reference.events}
    scenarios = []
    for sc in comparison.scenarios:
        diffs = parameter_differences(ref_params, sc.params.as_plain(),
                                      reference_changes=ref_changes,
                                      other_changes=[ev.changes for ev in sc.events])
        scenarios.append({
            "name": sc.name, "description": sc.description, "source": sc.source,
            "differences": [{"name": k, "ref": _value(a), "value": _value(b),
                             "unit": REGISTRY[k].unit} for k, (a, b) in diffs.items()],
            "events": [(ev.describe(), sc is not reference and ev.describe() not in ref_events)
                       for ev in sc.events],
        })
    present = set(table["outcome"])
    groups = []
    for key, outcomes in KEY_OUTCOMES.items():
        outcomes = [o for o in outcomes if o in present]
        groups.append({"title": _GROUP_TITLES[key], "rows": _rows(table, outcomes, names),
                       "sentences": _sentences(table, outcomes, names)})
    overrides = ", ".join(f"{k} = {_value(v)}" for k, v in comparison.overrides.items())
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_TEMPLATE).render(
        names=names, ref=names[0], others=names[1:], scenarios=scenarios, groups=groups,
        all_rows=_rows(table, list(dict.fromkeys(table["outcome"])), names),
        replicates=comparison.replicates, years=comparison.years, seed=comparison.seed,
        overrides=overrides, written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=versions().get("sim", "?"),
        cost_rows=_cost_rows(costs) if costs is not None and len(costs) else [],
        differences_png=base64.b64encode(differences_png).decode("ascii"),
        timeseries_png=base64.b64encode(timeseries_png).decode("ascii"),
        terms_png=base64.b64encode(terms_png).decode("ascii"), term_words=TERM_OUTCOMES)


def write_report(comparison) -> pd.DataFrame:
    """Write the tables, figures and report of a finished comparison into its folder;
    returns the outcome table."""
    out = Path(comparison.out)
    runs, names = comparison.runs, comparison.names
    outcomes = _outcomes(runs)
    table = outcome_table(runs, outcomes, scenarios=names)
    bands = timeseries_bands(comparison.timeseries,
                             [s for s in SERIES if s in comparison.timeseries.columns])
    events = {sc.name: sorted({w for ev in sc.events
                               for w in (ev.start, ev.end) if w is not None})
              for sc in comparison.scenarios}
    terms = term_table(comparison.timeseries, run=("scenario", "seed"))
    term_bands = timeseries_bands(terms, list(TERM_OUTCOMES), week="term_index")
    diff_png = differences_figure(table)
    ts_png = timeseries_figure(bands, events, names)
    terms_png = terms_figure(term_bands, terms, events, names)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "table.csv", table.to_csv(index=False))
    atomic_write_text(out / "table.md", markdown_table(table) + "\n")
    keep = ["scenario", "replicate", "seed", *outcomes]
    atomic_write_text(out / "runs.csv", runs[keep].to_csv(index=False))
    atomic_write_text(out / "terms.csv", terms.to_csv(index=False))
    for name, data in (("differences.png", diff_png), ("timeseries.png", ts_png),
                       ("terms.png", terms_png)):
        with atomic_file(out / "figures" / name) as fh:
            fh.write(data)
    costs = cost_tables(comparison)
    if len(costs):
        atomic_write_text(out / "costs.csv", costs.to_csv(index=False))
    atomic_write_text(out / "report.html",
                      render_html(comparison, table, diff_png, ts_png, costs, terms_png))
    return table
