"""``python -m sim costs SCENARIO [--reference silo] ...``: who pays, who gains, the hump.

Runs SCENARIO and the reference through the sweep engine with the same seeds (replicate r
of both gets the same seed), then writes to ``--out`` (default
``results/costs-<scenario>-vs-<reference>``):

* ``who_pays_who_gains.csv`` / ``.md``: per sector and budget, the year-1 net cost, the
  discounted costs, avoided costs and net over the horizon, the break-even year, with 95 %
  confidence intervals over seeds (:func:`sim.analysis.costs.who_pays_who_gains`);
* ``break_even_by_seed.csv``, ``hump.csv`` (the mean cumulative net cost per year with its
  band), ``cost_per_outcome.csv``;
* ``hump.png``: the investment hump per budget;
* ``runs/scenario`` and ``runs/reference``: the two sweeps' stores (a second call with the
  same options resumes them instead of running again).

Exit codes: 0 done; 1 runs failed; 2 usage error (nothing run); 130 interrupted.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..experiments.cli import add_executor_options, whole_number
from . import costs

__all__ = ["add_costs_parser", "costs_command", "plot_hump"]

#: The budgets the figure shows (the seven sectors are in the table).
FIGURE_ROWS = ("municipality_school", "municipality_social_services", "municipality",
               "region", "state", "society")




def add_costs_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``costs`` sub-command to ``subparsers``."""
    p = subparsers.add_parser(
        "costs", help="who pays, who gains: the investment hump and break-even years of a "
                      "scenario against a reference",
        description="Social-investment accounting (docs/costs.md): run SCENARIO and the "
                    "reference with paired seeds, price the work per sector and credit the "
                    "future costs its better child outcomes avoid to the sector that would "
                    "bear them. A thinking tool for who pays and who gains, not a budget "
                    "forecast.")
    p.add_argument("scenario", help="scenario name or path to a .toml file")
    p.add_argument("--reference", default="silo",
                   help="the scenario to compare with (default: silo)")
    p.add_argument("--replicates", type=whole_number("--replicates", 2, 1000), default=5,
                   help="seeds per scenario (default 5)")
    p.add_argument("--years", type=whole_number("--years", 1, 50), default=3,
                   help="simulated school years per run (default 3)")
    p.add_argument("--horizon", type=whole_number("--horizon", 1, 200), default=None,
                   help="years the accounting counts (default: cost_horizon_years, 8; 60 "
                        "covers a leaver's lifetime exclusion costs)")
    p.add_argument("--programme-years", type=whole_number("--programme-years", 0, 200),
                   default=None, help="years the programme runs (default: the whole horizon)")
    p.add_argument("--seed", type=whole_number("--seed", 0, 10**9), default=0,
                   help="sweep seed: both scenarios' runs derive their seeds from it")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter in both scenarios, e.g. a price: "
                        "--set exclusion_cost_lifetime=5")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="output folder (default results/costs-SCENARIO-vs-REFERENCE)")
    add_executor_options(p)
    p.add_argument("--no-figure", action="store_true", help="skip hump.png")
    p.set_defaults(func=costs_command)  # sim.cli replaces it to parse --set first
    return p


def _name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(text).stem if text.endswith(".toml") else text)


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file, then a rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _msek(v: float) -> str:
    return "n/a" if v is None or math.isnan(v) else f"{v / 1e6:+.2f}"


def _year(v: float, horizon: int) -> str:
    return f"> {horizon}" if math.isnan(v) else f"{int(v)}"


def markdown(table: pd.DataFrame, *, scenario: str, reference: str, n: int, years: int,
             horizon: int, rate: float, programme_years: int) -> str:
    """The who-pays-who-gains table as Markdown (MSEK, 95 % CIs)."""
    lines = [
        f"# Who pays, who gains: {scenario} against {reference}",
        "",
        f"{n} paired seeds, {years} simulated school years each; horizon {horizon} years, "
        f"programme running {programme_years} years, discount rate {rate:.1%}. MSEK, "
        "mean [95 % CI over seeds]; positive = a net cost to that budget, negative = a net "
        "gain. A thinking tool for who pays and who gains, not a budget forecast "
        "(docs/costs.md).",
        "",
        "| budget | net cost year 1 | costs over horizon (PV) | avoided costs (PV) | "
        "net over horizon (PV) | break-even year [CI] | seeds breaking even |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        be = _year(r.break_even_year, horizon)
        band = (f" [{_year(r.break_even_year_low, horizon)}, "
                f"{_year(r.break_even_year_high, horizon)}]")
        if r.peak_net_cost_pv <= 0:
            be, band = "never a net cost", ""
        lines.append(
            f"| {r.label} | {_msek(r.year1_net_cost)} [{_msek(r.year1_net_cost_low)}, "
            f"{_msek(r.year1_net_cost_high)}] | {_msek(r.cost_pv)} | {_msek(r.avoided_pv)} | "
            f"{_msek(r.net_pv)} [{_msek(r.net_pv_low)}, {_msek(r.net_pv_high)}] | {be}{band} | "
            f"{r.share_of_seeds_breaking_even:.0%} |")
    lines += ["", "Break-even year: the first year from which the cumulative discounted net "
              f"cost stays at or below zero ('> {horizon}': not within the horizon); its CI "
              "comes from the edges of the hump's 95 % band (hump.csv). 'Avoided costs' "
              "below zero mean the scenario's child outcomes were worse than the reference's."]
    return "\n".join(lines) + "\n"


def plot_hump(h: pd.DataFrame, path: Path, *, title: str, rows=FIGURE_ROWS) -> None:
    """The investment hump: cumulative discounted net cost per budget over the years, with
    the 95 % band over seeds, in MSEK."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5.5), dpi=120)
    for sector in rows:
        d = h[h["sector"] == sector].sort_values("year")
        line, = ax.plot(d["year"], d["mean"] / 1e6, marker="o", ms=3,
                        lw=2.5 if sector == "society" else 1.6,
                        label=costs.GROUP_LABELS[sector])
        ax.fill_between(d["year"], d["low"] / 1e6, d["high"] / 1e6, color=line.get_color(),
                        alpha=0.15, lw=0)
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(1, color="grey", ls=":", lw=1)
    ax.annotate("one-year budget", xy=(1, 1), xycoords=("data", "axes fraction"),
                xytext=(4, -14), textcoords="offset points", color="grey", fontsize=9)
    ax.set_xlabel("year of the programme")
    ax.set_ylabel("cumulative net cost, discounted (MSEK)\n> 0: pays more than it saves")
    ax.set_title(title, fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best", title="budget (band: 95 % CI over seeds)",
              title_fontsize=8)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp)
    plt.close(fig)
    os.replace(tmp, path)


def costs_command(args, *, overrides: dict | None = None) -> int:
    """Run the ``costs`` command; ``overrides`` are the parsed ``--set`` values (the command
    line parses them, :func:`sim.cli.cmd_costs`). Usage errors raise ``ParameterError``."""
    from ..api import resolve
    from ..experiments import SweepFailed, SweepUsageError, run_sweep
    from ..model import ParameterError as UsageError
    from ..scenarios import ScenarioError

    overrides = dict(overrides or {})
    try:
        sc, params = resolve(args.scenario, overrides, origin="--set")
        ref, _ = resolve(args.reference, overrides, origin="--set")
    except ScenarioError as exc:
        hint = ""
        if args.reference == "silo":
            hint = (" (the default reference is 'silo'; give --reference NAME or a path to a "
                    ".toml file)")
        raise UsageError(f"{exc}{hint}") from None
    horizon = args.horizon or int(params["cost_horizon_years"])
    prog = horizon if args.programme_years is None else args.programme_years
    rate = float(params["cost_discount_rate"])
    out = Path(args.out) if args.out else Path("results") / (
        f"costs-{_name(args.scenario)}-vs-{_name(args.reference)}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    rows = {}
    for role, name in (("scenario", args.scenario), ("reference", args.reference)):
        store = out / "runs" / role
        try:
            rows[role] = run_sweep(
                dict(overrides), scenario=name, replicates=args.replicates, years=args.years,
                seed=args.seed, name=f"costs-{role}", out=store, resume=store.exists(),
                workers=args.workers, scheduler=args.scheduler, dask_local=args.dask_local,
                fail_fast=True)
        except SweepUsageError as exc:
            raise UsageError(f"{exc} (the stored runs in {store} are for other options: "
                             "use another --out)") from None
        except SweepFailed as exc:
            print(f"error: a run failed: {exc}", file=sys.stderr)
            return 1
    a, b = rows["scenario"], rows["reference"]
    tl = costs.cost_timeline(a, b, params=params, horizon=horizon, programme_years=prog)
    table = costs._table(tl, level=0.95)
    h = costs.hump(tl)
    be = costs.break_even_years(tl)
    per = costs.cost_per_outcome(a, b)
    md = markdown(table, scenario=sc.name, reference=ref.name, n=len(a), years=args.years,
                  horizon=horizon, rate=rate, programme_years=prog)
    _write(out / "who_pays_who_gains.csv", table.to_csv(index=False))
    _write(out / "who_pays_who_gains.md", md)
    _write(out / "hump.csv", h.to_csv(index=False))
    _write(out / "break_even_by_seed.csv", be.to_csv(index=False))
    _write(out / "cost_per_outcome.csv", per.to_csv(index=False))
    if not args.no_figure:
        plot_hump(h, out / "hump.png", title=f"Investment hump: {sc.name} against {ref.name} "
                  f"({len(a)} seeds, {args.years} simulated years, {rate:.1%} discount)")
    print(md)
    for r in per.itertuples():
        v = "n/a (no improvement)" if math.isnan(r.sek_per_pupil) else \
            f"{r.sek_per_pupil / 1e3:,.0f} kSEK"
        print(f"  {r.measure}: {v} (change {r.change_per_year:+.2f} per year "
              f"[{r.change_low:+.2f}, {r.change_high:+.2f}])")
    print(f"Wrote {out}/: " + ", ".join(sorted(p.name for p in out.iterdir())))
    return 0
