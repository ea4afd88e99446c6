"""The app's figures: one function per panel, each a matplotlib ``Figure`` built from the
running model (no pyplot, so the app can draw from several threads).

Large fonts and plain-language titles: the app is meant to be shown on a projector.
"""

from __future__ import annotations

import matplotlib as mpl
import networkx as nx
import numpy as np
from matplotlib.figure import Figure

SCHOOL, SOCIAL, JOINT = "#4c72b0", "#dd8452", "#55a868"
SECTOR_COLOURS = {"school": SCHOOL, "social": SOCIAL, "joint": JOINT}
SECTOR_NAMES = {"school": "school staff", "social": "social services", "joint": "coordinators"}
THRESHOLD = "#c44e52"
STYLE = {"font.size": 12, "axes.titlesize": 14, "axes.titleweight": "bold",
         "axes.labelsize": 12, "legend.fontsize": 11, "xtick.labelsize": 11,
         "ytick.labelsize": 11, "axes.spines.top": False, "axes.spines.right": False}
SIZE = (6.4, 3.9)


def _figure(size=SIZE) -> Figure:
    with mpl.rc_context(STYLE):
        return Figure(figsize=size, dpi=100, layout="constrained")


def _styled(draw):
    """Run a drawing function with the app's style (rc settings apply at artist creation)."""
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return draw(*args, **kwargs)
    wrapper.__name__, wrapper.__doc__ = draw.__name__, draw.__doc__
    return wrapper


def _weeks(ax, weeks) -> dict:
    """A week axis that starts at 0 and spans at least 8 weeks; markers while lines are short."""
    last = int(weeks.iloc[-1]) if hasattr(weeks, "iloc") else int(weeks[-1])
    ax.set_xlim(-0.5, max(last, 8) + 0.5)
    return {"marker": "o", "ms": 6} if len(weeks) <= 2 else {}


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=13,
            color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def _changes(ax, model, label: bool = True) -> None:
    """A dashed line where a lever changed (the list is in the sidebar)."""
    for week in sorted({ch.week for ch in getattr(model, "changes", [])}):
        ax.axvline(week, color="#7f7f7f", ls="--", lw=1.2, zorder=0)
        if label:
            lo, hi = ax.get_xlim()
            late = week > lo + 0.75 * (hi - lo)  # label on the side with room
            ax.annotate("lever changed " if late else " lever changed", (week, 1),
                        xycoords=("data", "axes fraction"), va="top",
                        ha="right" if late else "left", fontsize=9, color="#555555")


@_styled
def absence_distribution(model) -> Figure:
    """Histogram of recorded absence over the ladder window, with the ladder's thresholds."""
    fig = _figure()
    ax = fig.subplots()
    rate = model.pupils.window_rate() * 100
    thresholds = [t * 100 for t in model.p.ladder_thresholds]
    top = max(float(np.percentile(rate, 99.5)), thresholds[-1] + 5, 20)
    bins = np.arange(0, top + 2.5, 2.5)
    ax.hist(np.clip(rate, 0, top), bins=bins, color="#8c8c8c", edgecolor="white")
    for i, t in enumerate(thresholds, start=1):
        ax.axvline(t, color=THRESHOLD, ls="--", lw=1.5)
        ax.annotate(f"threshold {i}", (t, 0.98), xycoords=("data", "axes fraction"),
                    rotation=90, va="top", ha="right", color=THRESHOLD, fontsize=10)
    ax.set_yscale("log")
    ax.set_xlabel(f"recorded absence, last {model.p.ladder_window_days} school days (%)")
    ax.set_ylabel("pupils (log scale)")
    ax.set_title("How absent are the pupils now?")
    return fig


@_styled
def ladder_steps(model) -> Figure:
    """Pupils on each step of the attendance ladder, week by week (stacked)."""
    fig = _figure()
    ax = fig.subplots()
    ts = model.timeseries()
    n = len(model.p.ladder_steps)
    if ts.empty:
        _empty(ax, "press Step or Play")
    else:
        colours = mpl.colormaps["YlOrRd"](np.linspace(0.3, 0.95, n))
        counts = [ts[f"step_{i}"] for i in range(1, n + 1)]
        labels = [f"step {i}" for i in range(1, n + 1)]
        if len(ts) <= 2:  # too short for an area: stacked bars
            bottom = np.zeros(len(ts))
            for c, label, colour in zip(counts, labels, colours):
                ax.bar(ts["week"], c, bottom=bottom, width=0.8, color=colour, label=label)
                bottom += c.to_numpy()
        else:
            ax.stackplot(ts["week"], *counts, labels=labels, colors=colours)
        _weeks(ax, ts["week"])
        ax.legend(loc="upper left", ncol=min(n, 5), fontsize=10, frameon=False)
        ax.set_ylim(0, ts[[f"step_{i}" for i in range(1, n + 1)]].sum(axis=1).max() * 1.3 + 1)
        _changes(ax, model)
    ax.set_xlabel("school week")
    ax.set_ylabel("pupils")
    ax.set_title("Pupils on each step of the attendance ladder")
    return fig


@_styled
def trust_over_time(model) -> Figure:
    """Cross-sector trust (both directions) and familiarity, week by week."""
    fig = _figure()
    ax = fig.subplots()
    ts = model.timeseries()
    if ts.empty:
        _empty(ax, "press Step or Play")
    else:
        mark = _weeks(ax, ts["week"])
        ax.plot(ts["week"], ts["trust_school_side"], color=SCHOOL, lw=2.2,
                label="school's trust in social services", **mark)
        ax.plot(ts["week"], ts["trust_social_side"], color=SOCIAL, lw=2.2,
                label="social services' trust in school", **mark)
        ax.plot(ts["week"], ts["mean_familiarity_cross"], color="#555555", lw=2, ls=":",
                label="familiarity (knowing each other's roles)", **mark)
        ax.legend(loc="upper left", fontsize=10, frameon=False)
        _changes(ax, model)
    ax.set_ylim(0, 1.22)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("school week")
    ax.set_ylabel("mean over cross-sector ties (0-1)")
    ax.set_title("Trust and familiarity between the sectors")
    return fig


@_styled
def child_outcomes(model) -> Figure:
    """Mean recorded absence, share over 10 % and long-term absent share, week by week."""
    fig = _figure((6.4, 5.0))
    axes = fig.subplots(3, 1, sharex=True)
    ts = model.timeseries()
    series = (("mean_absence", "mean recorded absence", "#4c4c4c"),
              ("share_over_10", "pupils over 10 % absence", THRESHOLD),
              ("long_term_absent_share",
               f"long-term absent (over {model.p.long_term_threshold:.0%})", "#8172b3"))
    for ax, (col, label, colour) in zip(axes, series):
        if ts.empty:
            _empty(ax, "press Step or Play" if col == "mean_absence" else "")
        else:
            ax.plot(ts["week"], ts[col] * 100, color=colour, lw=2.2, **_weeks(ax, ts["week"]))
            ax.set_ylim(0, max(float(ts[col].max()) * 100 * 1.25, 0.5))
            _changes(ax, model, label=col == "mean_absence")
        ax.set_ylabel("%")
        ax.set_title(label, loc="left", fontsize=12, color=colour)
    axes[-1].set_xlabel("school week")
    fig.suptitle("The children: absence over time", fontsize=14, fontweight="bold")
    return fig


class NetworkLayout:
    """Positions of professionals that stay put from week to week (new people are placed
    near whom they know, leavers vanish), so the picture does not jump."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.pos: dict = {}

    def __call__(self, graph: nx.Graph) -> dict:
        known = {n: p for n, p in self.pos.items() if n in graph}
        fixed = list(known) if len(known) >= 0.8 * graph.number_of_nodes() and known else None
        k = 1.6 / np.sqrt(max(graph.number_of_nodes(), 1))
        self.pos = nx.spring_layout(graph, pos=known or None, fixed=fixed, seed=self.seed, k=k,
                                    iterations=50 if fixed is None else 30)
        return self.pos


def cross_sector_graph(network: nx.DiGraph) -> nx.Graph:
    """Undirected ties between people of different sectors, with their mean trust."""
    und = nx.Graph()
    for a, b, d in network.edges(data=True):
        if network.nodes[a]["sector"] != network.nodes[b]["sector"]:
            back = network.edges[b, a]["trust"] if network.has_edge(b, a) else d["trust"]
            und.add_edge(a, b, trust=(d["trust"] + back) / 2)
    for n in und.nodes:
        und.nodes[n]["sector"] = network.nodes[n]["sector"]
    return und


@_styled
def network_by_trust(model, layout: NetworkLayout | None = None) -> Figure:
    """Professionals with cross-sector ties; ties coloured by trust (red low, green high)."""
    fig = _figure((6.4, 5.0))
    ax = fig.subplots()
    und = cross_sector_graph(model.network)
    ax.set_title("Cross-sector ties, coloured by trust")
    if und.number_of_edges() == 0:
        _empty(ax, "no cross-sector ties yet")
        return fig
    pos = (layout or NetworkLayout())(und)
    trust = [d["trust"] for _, _, d in und.edges(data=True)]
    cmap = mpl.colormaps["RdYlGn"]
    edges = nx.draw_networkx_edges(und, pos, ax=ax, edge_color=trust, edge_cmap=cmap,
                                   edge_vmin=0, edge_vmax=1, width=1.4, alpha=0.85)
    nx.draw_networkx_nodes(und, pos, ax=ax, node_size=45, linewidths=0.5, edgecolors="white",
                           node_color=[SECTOR_COLOURS[und.nodes[n]["sector"]] for n in und])
    ax.set_axis_off()
    fig.colorbar(edges, ax=ax, fraction=0.04, pad=0.01, label="trust (0-1)")
    for sector, colour in SECTOR_COLOURS.items():
        ax.scatter([], [], color=colour, s=45, label=SECTOR_NAMES[sector])
    ax.legend(loc="lower left", fontsize=10, frameon=False, ncol=3,
              bbox_to_anchor=(0, -0.08))
    return fig


@_styled
def pupil_path(model, row: int) -> Figure:
    """One pupil's recorded absence and ladder step week by week, with what happened."""
    path = model.pupil_path(row)
    fig = _figure((6.4, 4.6))
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(2, 1))
    pupil = path["pupil"]
    top.set_title(f"Pupil {row}: grade {pupil.grade}, school {pupil.school}"
                  + (", problems at home too" if pupil.multi_problem else ""), fontsize=13)
    if not path["weeks"]:
        _empty(top, "press Step or Play")
        _empty(bottom, "")
        return fig
    weeks = np.asarray(path["weeks"])
    top.plot(weeks, np.asarray(path["absence"]) * 100, color="#4c4c4c", lw=2.2,
             **_weeks(top, weeks))
    for t in model.p.ladder_thresholds:
        top.axhline(t * 100, color=THRESHOLD, ls="--", lw=1.2)
    events = [(w, e) for w, e in path["events"] if w >= weeks[0]]
    ymax = max(max(path["absence"]) * 100 * 1.2, model.p.ladder_thresholds[-1] * 100 * 1.3)
    for w, _ in events:
        top.axvline(w, color=JOINT, lw=1, alpha=0.5)
    top.set_ylim(0, ymax)
    top.set_ylabel("absence (%)")
    bottom.step(weeks, path["steps"], where="post", color=THRESHOLD, lw=2.2)
    n = len(model.p.ladder_steps)
    bottom.set_ylim(-0.3, n + 0.3)
    bottom.set_yticks(range(n + 1))
    bottom.set_ylabel("ladder step")
    bottom.set_xlabel("school week (green lines: something happened, see the list)")
    return fig
