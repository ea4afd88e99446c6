"""Figures (matplotlib). ``run_figure`` is the figure that ``python -m sim run`` writes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

SECTOR_COLOURS = {"school": "#4c72b0", "social": "#dd8452", "joint": "#55a868"}


def absence_distribution(ax, model) -> None:
    rate = model.pupils.window_rate() * 100
    thresholds = [t * 100 for t in model.p.ladder_thresholds]
    bins = np.arange(0, max(rate.max(), thresholds[-1]) + 2.5, 2.5)
    ax.hist(rate, bins=bins, color="#8c8c8c", edgecolor="white")
    for t in thresholds:
        ax.axvline(t, color="#c44e52", ls="--", lw=1)
    ax.set_yscale("log")
    ax.set_xlabel(f"recorded absence over the last {model.p.ladder_window_days} school days (%)")
    ax.set_ylabel("pupils (log scale)")
    over = (rate > 10).mean()
    ax.set_title(f"Absence at the end: {over:.0%} of pupils above 10 %")


def ladder_over_time(ax, ts, n_steps: int) -> None:
    cols = [f"step_{i}" for i in range(1, n_steps + 1)]
    colours = plt.cm.YlOrRd(np.linspace(0.3, 0.95, n_steps))
    ax.stackplot(
        ts["week"],
        *[ts[c] for c in cols],
        labels=[f"step {i}" for i in range(1, n_steps + 1)],
        colors=colours,
    )
    ax.set_xlabel("school week")
    ax.set_ylabel("pupils on the ladder")
    ax.set_title("Attendance ladder steps over time")
    ax.legend(loc="upper left", fontsize=8, ncol=min(n_steps, 5))


def trust_over_time(ax, ts) -> None:
    ax.plot(
        ts["week"],
        ts["trust_school_side"],
        label="school's trust in social services",
        color=SECTOR_COLOURS["school"],
    )
    ax.plot(
        ts["week"],
        ts["trust_social_side"],
        label="social services' trust in school",
        color=SECTOR_COLOURS["social"],
    )
    ax.plot(
        ts["week"],
        ts["mean_familiarity_cross"],
        label="familiarity (both ways)",
        color="#8c8c8c",
        ls=":",
    )
    ax.set_ylim(0, 1)
    ax.set_xlabel("school week")
    ax.set_ylabel("mean over cross-sector ties")
    ax.set_title("Cross-sector trust and familiarity")
    ax.legend(loc="upper right", fontsize=8)


def network_drawing(ax, model, seed: int = 0) -> None:
    """Professionals with cross-sector ties; ties coloured by mutual trust."""
    g = model.ties.settled()
    sector = model.ties.sector
    und = nx.Graph()
    for a, b, d in g.edges(data=True):
        if sector(a) != sector(b):
            back = g.edges[b, a]["trust"] if g.has_edge(b, a) else d["trust"]
            und.add_edge(a, b, trust=(d["trust"] + back) / 2)
    if und.number_of_edges() == 0:
        ax.text(0.5, 0.5, "no cross-sector ties", ha="center", va="center")
        ax.set_axis_off()
        return
    pos = nx.spring_layout(und, seed=seed, k=1.5 / np.sqrt(und.number_of_nodes()))
    trust = [d["trust"] for _, _, d in und.edges(data=True)]
    edges = nx.draw_networkx_edges(
        und,
        pos,
        ax=ax,
        edge_color=trust,
        edge_cmap=plt.cm.RdYlGn,
        edge_vmin=0,
        edge_vmax=1,
        width=1.2,
        alpha=0.8,
    )
    nx.draw_networkx_nodes(
        und, pos, ax=ax, node_size=30, node_color=[SECTOR_COLOURS[sector(n)] for n in und.nodes]
    )
    ax.set_title("Cross-sector ties at the end, coloured by trust")
    ax.set_axis_off()
    plt.colorbar(edges, ax=ax, fraction=0.04, label="trust")
    for name, colour in SECTOR_COLOURS.items():
        ax.scatter([], [], color=colour, label=name, s=30)
    ax.legend(loc="lower left", fontsize=8, frameon=False)


def _year_lines(ax, ts) -> None:
    for week in ts.loc[ts["year"].diff() > 0, "week"]:
        ax.axvline(week, color="#bbbbbb", lw=0.8, zorder=0)


def run_figure(result):
    """Four panels: absence distribution, ladder steps, cross-sector trust, network."""
    model, ts = result.model, result.timeseries
    fig, axes = plt.subplots(2, 2, figsize=(13, 9.5))
    absence_distribution(axes[0, 0], model)
    ladder_over_time(axes[0, 1], ts, len(model.p.ladder_steps))
    trust_over_time(axes[1, 0], ts)
    network_drawing(axes[1, 1], model, seed=result.seed)
    for ax in (axes[0, 1], axes[1, 0]):
        _year_lines(ax, ts)
    fig.suptitle(
        f"Scenario {result.scenario.name!r}, seed {result.seed}, {result.years} school years",
        fontsize=13,
    )
    fig.tight_layout()
    return fig
