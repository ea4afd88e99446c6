"""Outputs of an analysis: tidy CSV tables, figures and a short Markdown summary.

Files (in ``results/<name>/``, beside the sweep's manifest)::

    summary.md                      what was run, the noise, the top parameters per outcome
    sensitivity.json                the resolved spec, parameters, noise rule, timings, files
    parameters.csv                  the sampled parameters: group, kind, range, base value
    noise.csv                       per outcome: base-point runs, noise SD, noise share, floor
    indices_<outcome>.csv           one row per parameter, ranked (Morris: mu, mu_star,
                                    mu_star_conf, sigma; Sobol'/FAST: S1, S1_conf, ST, ST_conf),
                                    with noise_floor and <index>_above_noise
    second_order_<outcome>.csv      Sobol' S2 pairs (second_order = true)
    convergence_<outcome>.csv       --convergence: the indices at each N
    points.csv                      every sample point: parameter values and analysed outcomes
    comparison.csv                  robust comparison: share of the space where B is better...
    discovery_<outcome>.csv         robust comparison: the PRIM box (restricted parameters)
    figures/indices_<outcome>.png   Sobol' bars with CIs, or Morris mu* bars and mu*-sigma plane
    figures/convergence_<outcome>.png
    figures/difference_<outcome>.png

Every file is written to a temporary name and moved into place, so none is ever half written.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .methods import METRICS, stable_from
from .noise import NOISE_RULE
from .spec import describe_int_rule

__all__ = ["summary_markdown", "write_outputs"]


def _atomic(target: Path, write: Callable[[Path], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _csv(df: pd.DataFrame, target: Path) -> Path:
    return _atomic(target, lambda p: df.to_csv(p, index=False, float_format="%.6g"))


def _text(text: str, target: Path) -> Path:
    return _atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


def _fig(fig, target: Path) -> Path:
    import matplotlib.pyplot as plt

    def save(p: Path) -> None:
        fig.savefig(p, dpi=120, bbox_inches="tight", format="png")

    try:
        return _atomic(target, save)
    finally:
        plt.close(fig)


def _fmt(v, digits: int = 3) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (float, np.floating)):
        return f"{v:.{digits}g}" if abs(v) < 1e-3 and v != 0 else f"{v:.{digits}f}"
    return str(v)


def _share(v) -> str:
    return _pct(v) if v is not None and math.isfinite(v) and v >= 0.01 else _fmt(v)


def _pct(v) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{100 * v:.0f} %"


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _title(result, outcome: str) -> str:
    s = result.spec
    what = (f"{outcome}: {s.compare.b} − {s.compare.a}" if result.mode == "compare" else outcome)
    return f"{what}\n{s.method}, n = {s.n}, {s.d} parameters, R = {s.replicates}"


def figure_sobol(result, outcome: str, limit: int = 25):
    plt = _plt()
    t = result.indices[outcome].head(limit).iloc[::-1]
    floor = float(t["noise_floor"].iloc[0]) if len(t) else math.nan
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.32 * len(t)))
    y = np.arange(len(t))
    ax.barh(y + 0.18, t["ST"], height=0.36, xerr=t["ST_conf"], color="#4c72b0",
            ecolor="#333333", capsize=2, label="total order ST")
    ax.barh(y - 0.18, t["S1"], height=0.36, xerr=t["S1_conf"], color="#dd8452",
            ecolor="#333333", capsize=2, label="first order S1")
    ax.set_yticks(y, t["parameter"], fontsize=8)
    if math.isfinite(floor):
        ax.axvline(floor, color="#c44e52", ls="--", lw=1,
                   label=f"noise floor (seed-noise share, upper) {floor:.3f}")
        for lab, above in zip(ax.get_yticklabels(), t["ST_above_noise"]):
            if above is False or above is np.False_:
                lab.set_color("#999999")
    ax.axvline(0, color="black", lw=0.5)
    vals = np.r_[t["S1"].to_numpy(float), t["ST"].to_numpy(float)]
    vals = vals[np.isfinite(vals)]
    if len(vals):  # wild intervals (small n) are cut at the frame rather than hide the bars
        hi = max(1.05, 1.2 * vals.max()) if vals.max() > 0.5 else max(0.1, 1.5 * vals.max())
        lo = min(-0.05, 1.2 * vals.min())
        ax.set_xlim(lo, hi)
    ax.set_xlabel("Sobol' index (bars: 95 % CI)" if result.spec.confidence == 0.95
                  else f"Sobol' index (bars: {result.spec.confidence:.0%} CI)")
    if math.isfinite(floor):
        _grey_note(ax)
    ax.set_title(_title(result, outcome), fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    if len(result.indices[outcome]) > limit:
        ax.text(1.0, -0.08, f"top {limit} of {len(result.indices[outcome])} by ST",
                transform=ax.transAxes, ha="right", va="top", fontsize=7)
    return fig


def figure_morris(result, outcome: str, limit: int = 25, labels: int = 12):
    plt = _plt()
    full = result.indices[outcome]
    t = full.head(limit).iloc[::-1]
    floor = float(full["noise_floor"].iloc[0]) if len(full) else math.nan
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, max(4.5, 1.2 + 0.3 * len(t))),
                                   gridspec_kw={"width_ratios": [1, 1.2]})
    y = np.arange(len(t))
    ax1.barh(y, t["mu_star"], xerr=t["mu_star_conf"], color="#4c72b0", ecolor="#333333",
             capsize=2)
    ax1.set_yticks(y, t["parameter"], fontsize=8)
    if math.isfinite(floor):
        ax1.axvline(floor, color="#c44e52", ls="--", lw=1, label=f"noise floor {floor:.3g}")
        ax1.legend(fontsize=8, loc="lower right")
        for lab, above in zip(ax1.get_yticklabels(), t["mu_star_above_noise"]):
            if above is False or above is np.False_:
                lab.set_color("#999999")
    ax1.set_xlabel("mu* (mean |elementary effect|, bars: CI)")
    if math.isfinite(floor):
        _grey_note(ax1)
    ax1.set_title(f"top {len(t)} of {len(full)} by mu*", fontsize=9)

    ax2.scatter(full["mu_star"], full["sigma"], s=14, color="#4c72b0", alpha=0.7)
    lim = max(float(full["mu_star"].max()), float(full["sigma"].max()), 1e-12) * 1.1
    _labels(ax2, full.head(labels), lim)
    ax2.plot([0, lim], [0, lim], color="#999999", lw=0.8, ls=":", label="sigma = mu*")
    if math.isfinite(floor):
        ax2.axvline(floor, color="#c44e52", ls="--", lw=1, label="noise floor")
    ax2.set_xlim(0, lim)
    ax2.set_ylim(0, lim)
    ax2.set_xlabel("mu* (overall influence)")
    ax2.set_ylabel("sigma (interactions / non-linearity)")
    ax2.legend(fontsize=8, loc="upper left")
    ax2.set_title(f"mu*-sigma plane (top {min(labels, len(full))} labelled)", fontsize=9)
    fig.suptitle(_title(result, outcome), fontsize=10)
    fig.tight_layout()
    return fig


def _labels(ax, rows: pd.DataFrame, lim: float) -> None:
    """Label points with parameter names, nudging labels apart vertically (no overlaps)."""
    gap = 0.035 * lim
    placed: list[tuple[float, float]] = []
    for _, r in rows.sort_values("sigma").iterrows():
        x, y = float(r["mu_star"]), float(r["sigma"])
        ty = y
        for px, py in placed:
            if abs(px - x) < 0.3 * lim and abs(py - ty) < gap:
                ty = py + gap
        placed.append((x, ty))
        moved = abs(ty - y) > 1e-12
        ax.annotate(r["parameter"], (x, y), xytext=(x + 0.01 * lim, ty), fontsize=7,
                    va="center", arrowprops={"arrowstyle": "-", "lw": 0.4, "color": "#999999"}
                    if moved else None)


def _grey_note(ax) -> None:
    ax.set_xlabel(ax.get_xlabel() + "; grey names: within seed noise")


def figure_convergence(result, outcome: str, lines: int = 8):
    plt = _plt()
    conv = result.convergence[outcome]
    s = result.spec
    idx = METRICS[s.method]["rank_by"]
    conf = f"{idx}_conf"
    final = conv[conv["n"] == conv["n"].max()].nlargest(lines, idx)["parameter"].tolist()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for p in final:
        d = conv[conv["parameter"] == p].sort_values("n")
        ax1.plot(d["n"], d[idx], marker="o", ms=3, label=p)
        ax1.fill_between(d["n"], d[idx] - d[conf], d[idx] + d[conf], alpha=0.12)
    ax1.set_xscale("log", base=2)
    ax1.set_xlabel("N (" + ("trajectories" if s.method == "morris" else "base samples") + ")")
    ax1.set_ylabel(f"{idx} (band: CI)")
    ax1.legend(fontsize=7)
    ax1.set_title(f"{idx} of the top {len(final)} at the largest N", fontsize=9)
    width = conv.groupby("n")[conf].agg(["mean", "max"]).reset_index()
    ax2.plot(width["n"], width["mean"], marker="o", label=f"mean {conf}")
    ax2.plot(width["n"], width["max"], marker="s", label=f"largest {conf}")
    if len(width) and width["mean"].iloc[0] > 0:
        n0, w0 = width["n"].iloc[0], width["mean"].iloc[0]
        ax2.plot(width["n"], w0 * np.sqrt(n0 / width["n"]), ls=":", color="#999999",
                 label="1/sqrt(N)")
    ax2.set_xscale("log", base=2)
    ax2.set_yscale("log")
    ax2.set_xlabel("N")
    ax2.set_ylabel("CI half-width")
    ax2.legend(fontsize=8)
    ax2.set_title("confidence interval half-widths", fontsize=9)
    fig.suptitle(_title(result, outcome), fontsize=10)
    fig.tight_layout()
    return fig


def figure_difference(result, outcome: str):
    plt = _plt()
    s = result.spec
    d = result.points[outcome].to_numpy(dtype=float)
    d = d[np.isfinite(d)]
    row = result.comparison.set_index("outcome").loc[outcome]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(d, bins=min(40, max(5, len(d) // 5)), color="#8c8c8c", edgecolor="white")
    ax.axvline(0, color="black", lw=1)
    direction = s.outcomes[outcome]
    if direction != "none":
        lo, hi = ax.get_xlim()
        better = (lo, 0) if direction == "lower" else (0, hi)
        ax.axvspan(*better, color="#55a868", alpha=0.12, label=f"{s.compare.b} better")
        margin = float(row.get("noise_margin", math.nan))
        if math.isfinite(margin) and margin > 0:
            ax.axvspan(-margin, margin, facecolor="none", edgecolor="#c44e52", hatch="//",
                       lw=0, alpha=0.4, label="within seed noise")
        ax.set_xlim(lo, hi)
        share = row.get("share_better", math.nan)
        ax.set_title(f"{outcome} ({direction} is better): {s.compare.b} better than "
                     f"{s.compare.a}\nin {_pct(share)} of {len(d)} sampled assumption sets",
                     fontsize=10)
        ax.legend(fontsize=8)
    else:
        ax.set_title(f"{outcome}: {s.compare.b} − {s.compare.a}", fontsize=10)
    ax.set_xlabel(f"difference {s.compare.b} − {s.compare.a} (mean of {s.replicates} paired "
                  "run(s) per point)")
    ax.set_ylabel("sample points")
    return fig


# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------


def _hinges(result, outcome: str, k: int = 2) -> str:
    t = result.indices.get(outcome)
    if t is None:
        return f"its indices could not be computed ({result.skipped.get(outcome, '?')})"
    idx = METRICS[result.spec.method]["rank_by"]
    col = f"{idx}_above_noise"
    above = t[t[col].fillna(True).astype(bool)] if col in t else t
    if above.empty:
        return "no assumption stands out above the seed noise"
    parts = [f"`{r['parameter']}` ({idx} {_fmt(r[idx])} ± {_fmt(r[f'{idx}_conf'])})"
             for _, r in above.head(k).iterrows()]
    return "the difference hinges mostly on " + " and ".join(parts)


def summary_markdown(result) -> str:
    s = result.spec
    idx = METRICS[s.method]["rank_by"]
    L = []
    if result.mode == "compare":
        L.append(f"# Robust comparison: {s.compare.b} vs {s.compare.a}")
    else:
        L.append(f"# Sensitivity analysis: {s.name}")
    if s.description:
        L += ["", s.description]
    L += ["", "| setting | value |", "|---|---|",
          f"| spec | `{s.path}`{' with [fast]' if s.fast else ''} |" if s.path else
          "| spec | (given from Python) |",
          f"| method | {s.method} (SALib), n = {s.n}"
          + (f", levels = {s.levels}" if s.method == "morris" else "")
          + (f", second order = {str(s.second_order).lower()}" if s.method == "sobol" else "")
          + " |",
          f"| parameters | {s.d} ("
          + ("every sampleable assumption" if s.selection == "assumptions" else "listed")
          + (f"; held fixed: {', '.join(s.held_fixed)}" if s.held_fixed else "")
          + (f"; left out, no effect in this scenario: {', '.join(s.inert_here)}"
             if s.inert_here else "") + ") |",
          f"| sample points | {s.n_points()} x {s.replicates} replicate(s)"
          + (", common random numbers" if s.common_random_numbers else ", independent seeds")
          + " |",
          f"| base-point runs (noise) | {s.noise_runs} at "
          + ("the scenario's values" if s.noise_point == "scenario" else "the centre of the ranges")
          + " |",
          f"| scenario | {s.scenario or 'orust (default)'} |" if result.mode != "compare" else
          f"| scenarios | A = {s.compare.a}, B = {s.compare.b} (paired seeds) |",
          f"| years per run | {s.years} |",
          f"| fixed | {', '.join(f'{k} = {v}' for k, v in s.fixed.items()) or '—'} |",
          f"| seed | {s.seed} |"]
    runs = sum(r.total for r in result.reports)
    if result.reports:
        ran = sum(r.ran for r in result.reports)
        secs = sum(r.seconds for r in result.reports)
        L.append(f"| runs | {runs} ({ran} ran in this session in {secs:.1f} s) |")
    if math.isfinite(result.seconds):
        L.append(f"| wall time of this session | {result.seconds:.1f} s |")
    if result.mode == "compare" and result.differences:
        L += ["", f"B = `{s.compare.b}` differs from A = `{s.compare.a}` in: "
              + "; ".join(f"`{k}` {a!r} → {b!r}" for k, (a, b) in result.differences.items())
              + "."]

    if result.mode == "compare" and result.comparison is not None:
        L += ["", "## Is B better than A across the assumption space?", "",
              (f"| outcome | better when | share of space where B is better "
              f"({s.confidence:.0%} CI) | clearly better | clearly worse | mean B − A "
              f"({s.confidence:.0%} CI) | mean A | mean B |"),
              "|---|---|---|---|---|---|---|---|"]
        for _, r in result.comparison.iterrows():
            if r["better_when"] == "none":
                share = cb = cw = "—"
            else:
                share = (f"{_pct(r['share_better'])} ({_pct(r['share_better_low'])}–"
                         f"{_pct(r['share_better_high'])})")
                cb, cw = _pct(r["share_clearly_better"]), _pct(r["share_clearly_worse"])
            L.append(f"| `{r['outcome']}` | {r['better_when']} | {share} | {cb} | {cw} | "
                     f"{_fmt(r['mean_difference'])} ({_fmt(r['mean_difference_low'])} to "
                     f"{_fmt(r['mean_difference_high'])}) | {_fmt(r['mean_a'])} | "
                     f"{_fmt(r['mean_b'])} |")
        L += ["", ("\"Clearly\": the difference at a point lies beyond the seed noise of a paired "
              f"difference of {s.replicates} run(s) (z·σ_D/√R); the rest could go either way."),
              ""]
        for _, r in result.comparison.iterrows():
            if r["better_when"] == "none":
                continue
            L.append(f"* `{s.compare.b}` is better than `{s.compare.a}` on `{r['outcome']}` "
                     f"({r['better_when']} is better) in {_pct(r['share_better'])} of the "
                     f"sampled assumption space ({s.confidence:.0%} CI "
                     f"{_pct(r['share_better_low'])}–{_pct(r['share_better_high'])}); "
                     + _hinges(result, r["outcome"]) + ".")

    L += ["", "## Seed noise", "",
          (f"Rule: {NOISE_RULE}. σ is estimated from the base-point runs and, with R ≥ 2, "
           "from the replicates at every point (the one with the larger upper bound is "
           "used); η is the share of the analysed variance that seed noise alone makes. "
           "See docs/sensitivity.md."), "",
          "| outcome | base mean | noise SD σ | noise share η | η, upper bound | floor |",
          "|---|---|---|---|---|---|"]
    for _, r in result.noise.iterrows():
        L.append(f"| `{r['outcome']}` | {_fmt(r['base_mean'])} | {_fmt(r['noise_sd'])} | "
                 f"{_share(r['noise_share'])} | {_share(r['noise_share_upper'])} | "
                 f"{_fmt(r['floor'])} |")

    for o in s.outcomes:
        title = (f"{o}: {s.compare.b} − {s.compare.a}" if result.mode == "compare" else o)
        L += ["", f"## {title} ({s.outcomes[o]} is better)" if s.outcomes[o] != "none"
              else f"## {title}"]
        if o not in result.indices:
            L += ["", f"Not analysed: {result.skipped.get(o, '?')}."]
            continue
        t = result.indices[o]
        cols = METRICS[s.method]["columns"]
        flag_cols = [c for c in t.columns if c.endswith("_above_noise")]
        n_out = int((~t[f"{idx}_above_noise"].fillna(True).astype(bool)).sum())
        L += ["", f"Top {min(s.top, len(t))} of {s.d} by {idx}"
              + (f"; {n_out} of {s.d} do not stand out above seed noise."
                 if t[f"{idx}_above_noise"].notna().all() else "; no noise estimate.")
              + f" Figure: `figures/indices_{o}.png`; all rows: `indices_{o}.csv`.", "",
              "| rank | parameter | " + " | ".join(cols) + " | above noise |",
              "|---|---|" + "---|" * len(cols) + "---|"]
        for _, r in t.head(s.top).iterrows():
            flags = ", ".join(f"{c.split('_above')[0]}: {_fmt(r[c]) if pd.notna(r[c]) else 'n/a'}"
                              for c in flag_cols)
            L.append(f"| {r['rank']} | `{r['parameter']}` | "
                     + " | ".join(_fmt(r[c]) for c in cols) + f" | {flags} |")
        if o in result.convergence and not result.convergence[o].empty:
            st = stable_from(result.convergence[o], idx, s.top)
            sizes = ", ".join(map(str, sorted(result.convergence[o]["n"].unique())))
            L += ["", (f"Convergence: N = {sizes}; "
                  f"the top {s.top} by {idx} is the same set from N = {st} on "
                  f"(`convergence_{o}.csv`, `figures/convergence_{o}.png`).")]
        if o in result.discovery:
            L += ["", _discovery_text(result, o)]

    L += ["", "## Notes", "",
          (f"* Indices from SALib's `{s.method}` analysis with {s.resamples} bootstrap resamples; "
          f"intervals are {s.confidence:.0%} confidence intervals."),
          f"* {describe_int_rule().capitalize()}",
          *([("* FAST: SALib's bootstrap intervals for FAST are known to be unreliable "
             "(SALib issue 649); treat S1_conf/ST_conf and the noise flags as indicative.")]
            if s.method == "fast" else []),
          ("* Each sample point's outcome is the mean of its replicates (NaN replicates are "
          "left out of the mean)."),
          ("* The runs are stored as a sweep (`sim.experiments.load_results(DIR)`); "
          "`--resume` continues an interrupted analysis.")]
    return "\n".join(L) + "\n"


def _discovery_text(result, o: str) -> str:
    d = result.discovery[o]
    s = result.spec
    what = {"b_not_better": f"where `{s.compare.b}` is *not* better",
            "b_better": f"where `{s.compare.b}` is better"}.get(d.get("target"), "?")
    if "box" not in d:
        return f"Scenario discovery (PRIM): {d.get('note', 'no box')}."
    box = d["box"]
    lims = "; ".join(f"`{r['parameter']}` in [{_fmt(r['low'])}, {_fmt(r['high'])}]"
                     for _, r in box.iterrows()) or "no restriction"
    return (f"Scenario discovery (PRIM, EMA workbench), {what}: {lims}. The box holds "
            f"{_pct(d['coverage'])} of those points (coverage) and {_pct(d['density'])} of "
            f"the points in it are such points (density), {_pct(d['mass'])} of the sample "
            f"(`discovery_{o}.csv`).")


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def write_outputs(result, figures: bool = True) -> list[Path]:
    """Write every output of ``result`` to ``result.out``; returns the files written."""
    out = Path(result.out)
    s = result.spec
    files = [_csv(result.parameters, out / "parameters.csv"),
             _csv(result.noise, out / "noise.csv"),
             _csv(result.points, out / "points.csv")]
    for o, t in result.indices.items():
        files.append(_csv(t, out / f"indices_{o}.csv"))
        if figures:
            fig = figure_morris(result, o) if s.method == "morris" else figure_sobol(result, o)
            files.append(_fig(fig, out / "figures" / f"indices_{o}.png"))
    for o, t in result.second_order.items():
        files.append(_csv(t, out / f"second_order_{o}.csv"))
    for o, t in result.convergence.items():
        files.append(_csv(t, out / f"convergence_{o}.csv"))
        if figures and not t.empty:
            files.append(_fig(figure_convergence(result, o), out / "figures" /
                              f"convergence_{o}.png"))
    if result.comparison is not None:
        files.append(_csv(result.comparison, out / "comparison.csv"))
        if figures:
            for o in s.outcomes:
                files.append(_fig(figure_difference(result, o), out / "figures" /
                                  f"difference_{o}.png"))
    for o, d in result.discovery.items():
        if "box" in d:
            box = d["box"].copy()
            for k in ("target", "coverage", "density", "mass"):
                box[k] = d[k]
            files.append(_csv(box, out / f"discovery_{o}.csv"))
    summary = summary_markdown(result)
    files.append(_text(summary, out / "summary.md"))
    meta = {
        "spec": s.to_dict(), "spec_path": str(s.path) if s.path else None,
        "mode": result.mode, "noise_rule": NOISE_RULE, "int_rule": describe_int_rule(),
        "skipped": result.skipped, "seconds": result.seconds,
        "differences": {k: [_json(a), _json(b)] for k, (a, b) in result.differences.items()},
        "sweeps": [{"name": r.name, "status": r.status, "runs": r.total, "ran": r.ran,
                    "seconds": r.seconds, "out": str(r.out) if r.out else None}
                   for r in result.reports],
        "files": sorted(str(f.relative_to(out)) for f in files),
    }
    files.append(_text(json.dumps(meta, indent=2, default=str) + "\n", out / "sensitivity.json"))
    if s.text is not None:
        files.append(_text(s.text, out / "sensitivity-spec.toml"))
    return files


def _json(v):
    if isinstance(v, tuple):
        return [_json(x) for x in v]
    return v
