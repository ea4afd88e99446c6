"""Social-investment accounting: who pays, who gains, the investment hump, the break-even year.

The Skåne manual argues that cooperation costs come first and fall on one budget, while the
gains come later and fall on others (003 L904-938 "investeringspuckel", L816-825 "den enes
bröd blir den andres död", L151-156 "Svarte-Petter"). This module turns a scenario and a
reference scenario, run over the same seeds, into that picture:

1. **costs**: the scenario's programme costs minus the reference's, per sector and year
   (``cost_*_sek_year`` of the run summaries: priced staff hours, posts, interventions);
2. **avoided costs**: the reference's child outcomes minus the scenario's (leavers without
   eligibility, new cases of long-term absence, per year), times the future costs one such
   outcome brings to each sector, year by year (the registry's ``costs`` group);
3. **the hump**: the cumulative discounted net cost (costs minus avoided costs) per sector,
   year by year up to the horizon, with a confidence interval over seeds;
4. **the break-even year**: the first year from which the cumulative net cost stays at or
   below zero.

The simulated years stand for the programme's steady state: its yearly costs and effects
are the runs' means per school year, repeated for ``programme_years`` (default: the whole
horizon, i.e. the cooperation continues). Each programme year's outcomes bring their
future costs in the years after it.

Everything here is a pure function of run summaries (DataFrames or lists of dicts, one row
per seed, paired by seed) and a parameter mapping; keyword-only options. It is a thinking
tool for who pays and who gains, not a budget forecast (docs/costs.md).

Entry points: :func:`who_pays_who_gains` (the table, e.g. for ``python -m sim compare``),
:func:`cost_timeline`, :func:`hump`, :func:`break_even_years`, :func:`cost_per_outcome`,
:func:`p10_costs_before_gains` (pattern 10).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

# The pure pricing functions of the model's cost module (the summary uses the same ones).
from ..model import PROGRAMME_SECTORS, SECTORS, future_cost_streams
from .compare import mean_ci

__all__ = [
    "GROUP_LABELS",
    "GROUPS_OF_SECTORS",
    "LIFETIME_YEARS",
    "break_even_year",
    "break_even_years",
    "cost_per_outcome",
    "cost_timeline",
    "hump",
    "p10_costs_before_gains",
    "who_pays_who_gains",
]

#: The horizon that counts as "lifetime" (a leaver's exclusion costs end within it).
LIFETIME_YEARS = 60

_COST_KEY = {"municipality_school": "cost_school_sek_year",
             "municipality_social_services": "cost_social_services_sek_year"}
_COUNT_KEY = {"ineligible": "ineligible_leavers_per_year", "long_term": "long_term_new_per_year"}

#: Rows of the accounting: each sector, then the budgets they add up to.
GROUPS_OF_SECTORS: dict[str, tuple[str, ...]] = {
    **{s: (s,) for s in SECTORS},
    "municipality": tuple(s for s, (payer, _) in SECTORS.items() if payer == "municipality"),
    "region": tuple(s for s, (payer, _) in SECTORS.items() if payer == "region"),
    "state": tuple(s for s, (payer, _) in SECTORS.items() if payer == "state"),
    "public_sector": tuple(s for s, (payer, _) in SECTORS.items() if payer != "production"),
    "society": tuple(SECTORS),
}
GROUP_LABELS: dict[str, str] = {
    **{s: label for s, (_, label) in SECTORS.items()},
    "municipality": "Municipality (all)",
    "region": "Region (all)",
    "state": "State (all)",
    "public_sector": "Public sector (all but lost production)",
    "society": "Society (all)",
}


# ------------------------------------------------------------------ inputs
def _frame(rows, what: str) -> pd.DataFrame:
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    needed = [*_COST_KEY.values(), *_COUNT_KEY.values()]
    missing = [k for k in needed if k not in df.columns]
    if missing:
        raise ValueError(f"{what}: the run summaries lack {', '.join(missing)}; they come "
                         "from summary.json of this model version (sim.model.OUTCOMES)")
    if len(df) == 0:
        raise ValueError(f"{what}: no runs")
    return df.reset_index(drop=True)


def _paired(scenario, reference) -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = _frame(scenario, "scenario"), _frame(reference, "reference")
    if len(a) != len(b):
        raise ValueError(f"scenario has {len(a)} runs and reference {len(b)}; the accounting "
                         "pairs them seed by seed, so give the same seeds to both")
    if "seed" in a.columns and "seed" in b.columns:
        a, b = a.sort_values("seed").reset_index(drop=True), b.sort_values("seed").reset_index(
            drop=True)
        if not np.array_equal(a["seed"].to_numpy(), b["seed"].to_numpy()):
            raise ValueError("scenario and reference were not run with the same seeds; the "
                             "accounting pairs them seed by seed")
    return a, b


def _check_options(horizon: Any, programme_years: Any, discount_rate: Any) -> None:
    for name, v, lo in (("horizon", horizon, 1), ("programme_years", programme_years, 0)):
        if v is None and name == "programme_years":
            continue
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not lo <= v <= 200:
            raise ValueError(f"{name} = {v!r} is not allowed: a whole number of years in "
                             f"[{lo}, 200]")
    if isinstance(discount_rate, bool) or not isinstance(discount_rate, (int, float)) or not (
            0.0 <= discount_rate < 1.0):
        raise ValueError(f"discount_rate = {discount_rate!r} is not allowed: a number in [0, 1)")


# ------------------------------------------------------------------ the timeline
def cost_timeline(
    scenario: pd.DataFrame | Sequence[Mapping],
    reference: pd.DataFrame | Sequence[Mapping],
    *,
    params: Mapping[str, Any],
    horizon: int | None = None,
    discount_rate: float | None = None,
    programme_years: int | None = None,
) -> pd.DataFrame:
    """Year-by-year accounting of ``scenario`` against ``reference``, per seed and row.

    ``scenario`` and ``reference`` are run summaries, one row per seed (paired by the
    ``seed`` column when both have one, else by position). ``params`` holds the ``costs``
    parameters (e.g. the scenario's :class:`~sim.model.Params`); ``horizon`` (default
    ``cost_horizon_years``) is the number of years counted, ``discount_rate`` (default
    ``cost_discount_rate``) weights year t by ``1 / (1 + rate)^(t - 1)``, and
    ``programme_years`` (default: the horizon) is how long the scenario's programme runs.

    Returns one row per (seed, year, sector) with ``cost`` (extra programme cost),
    ``avoided`` (future costs avoided), ``net = cost - avoided`` (all undiscounted SEK),
    ``weight`` (the year's discount factor), ``net_pv = net * weight`` and ``cum_net_pv``
    (cumulative, the hump). ``sector`` runs over
    :data:`GROUPS_OF_SECTORS`: the seven sectors and their sums (municipality, region, state,
    public sector, society).
    """
    horizon = int(params["cost_horizon_years"]) if horizon is None else horizon
    rate = float(params["cost_discount_rate"]) if discount_rate is None else discount_rate
    _check_options(horizon, programme_years, rate)
    prog = horizon if programme_years is None else programme_years
    a, b = _paired(scenario, reference)
    n = len(a)
    seeds = a["seed"].to_numpy() if "seed" in a.columns else np.arange(n)
    sectors = list(SECTORS)
    years = np.arange(1, horizon + 1)
    running = (years <= prog).astype(float)  # the programme runs in these years
    cost = np.zeros((n, horizon, len(sectors)))
    avoided = np.zeros_like(cost)
    for j, s in enumerate(sectors):
        if s in PROGRAMME_SECTORS:
            d = a[_COST_KEY[s]].to_numpy(float) - b[_COST_KEY[s]].to_numpy(float)
            cost[:, :, j] = d[:, None] * running[None, :]
    streams = future_cost_streams(params)
    for outcome, key in _COUNT_KEY.items():
        fewer = b[key].to_numpy(float) - a[key].to_numpy(float)  # outcomes avoided per year
        for j, s in enumerate(sectors):
            # year t collects stream[t - y] from every programme year y <= t
            per_unit = np.convolve(running, streams[outcome][s])[:horizon]
            avoided[:, :, j] += fewer[:, None] * per_unit[None, :]
    weight = (1.0 + rate) ** -(years - 1.0)
    frames = []
    for group, members in GROUPS_OF_SECTORS.items():
        idx = [sectors.index(s) for s in members]
        c, v = cost[:, :, idx].sum(axis=2), avoided[:, :, idx].sum(axis=2)
        net = c - v
        cum = np.cumsum(net * weight[None, :], axis=1)
        frames.append(pd.DataFrame({
            "seed": np.repeat(seeds, horizon),
            "year": np.tile(years, n),
            "sector": group,
            "cost": c.ravel(),
            "avoided": v.ravel(),
            "net": net.ravel(),
            "weight": np.tile(weight, n),
            "net_pv": (net * weight[None, :]).ravel(),
            "cum_net_pv": cum.ravel(),
        }))
    return pd.concat(frames, ignore_index=True)


def _mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """``(mean, low, high)`` of :func:`sim.analysis.compare.mean_ci`."""
    return mean_ci(values, level)[1:]


def hump(timeline: pd.DataFrame, *, level: float = 0.95) -> pd.DataFrame:
    """The investment hump: the mean cumulative discounted net cost per sector and year,
    with its ``level`` confidence interval over seeds (columns mean, low, high, n)."""
    rows = []
    for (sector, year), g in timeline.groupby(["sector", "year"], sort=False):
        m, lo, hi = _mean_ci(g["cum_net_pv"], level)
        rows.append({"sector": sector, "year": int(year), "mean": m, "low": lo, "high": hi,
                     "n": int(g["cum_net_pv"].notna().sum())})
    return pd.DataFrame(rows)


def break_even_year(cumulative: Sequence[float]) -> float:
    """The first year (1-based) from which ``cumulative`` net cost stays at or below zero up to
    the horizon; NaN if it is still above zero at the horizon. A row that never has a net cost
    breaks even in year 1."""
    cum = np.asarray(cumulative, dtype=float)
    if len(cum) == 0 or np.isnan(cum).any() or cum[-1] > 0:
        return math.nan
    above = np.nonzero(cum > 0)[0]
    return float(above[-1] + 2) if len(above) else 1.0


def break_even_years(timeline: pd.DataFrame) -> pd.DataFrame:
    """The break-even year per seed and sector (NaN: not within the horizon)."""
    rows = []
    for (sector, seed), g in timeline.groupby(["sector", "seed"], sort=False):
        rows.append({"sector": sector, "seed": seed,
                     "break_even_year": break_even_year(g.sort_values("year")["cum_net_pv"])})
    return pd.DataFrame(rows)


def _table(timeline: pd.DataFrame, *, level: float) -> pd.DataFrame:
    h = hump(timeline, level=level)
    be = break_even_years(timeline)
    horizon = int(timeline["year"].max())
    rows = []
    for sector in GROUPS_OF_SECTORS:
        t = timeline[timeline["sector"] == sector]
        year1 = t[t["year"] == 1]
        per_seed = t.assign(cost_pv=t["cost"] * t["weight"],
                            avoided_pv=t["avoided"] * t["weight"]).groupby("seed")
        cost_pv, avoided_pv = per_seed["cost_pv"].sum(), per_seed["avoided_pv"].sum()
        curve = h[h["sector"] == sector].sort_values("year")
        seeds_be = be[be["sector"] == sector]["break_even_year"]
        row = {"sector": sector, "label": GROUP_LABELS[sector], "horizon": horizon}
        for name, values in (("year1_net_cost", year1["net"]), ("cost_pv", cost_pv),
                             ("avoided_pv", avoided_pv), ("net_pv", cost_pv - avoided_pv)):
            m, lo, hi = _mean_ci(values, level)
            row.update({name: m, f"{name}_low": lo, f"{name}_high": hi})
        row["peak_net_cost_pv"] = float(curve["mean"].max())
        row["break_even_year"] = break_even_year(curve["mean"])
        # the CI of the break-even year from the hump's band: the optimistic (low) edge
        # breaks even first, the pessimistic (high) edge last
        row["break_even_year_low"] = break_even_year(curve["low"])
        row["break_even_year_high"] = break_even_year(curve["high"])
        row["share_of_seeds_breaking_even"] = float(seeds_be.notna().mean())
        rows.append(row)
    return pd.DataFrame(rows)


def who_pays_who_gains(
    scenario: pd.DataFrame | Sequence[Mapping],
    reference: pd.DataFrame | Sequence[Mapping],
    *,
    params: Mapping[str, Any],
    horizon: int | None = None,
    discount_rate: float | None = None,
    programme_years: int | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """The "who pays, who gains" table of ``scenario`` against ``reference``.

    Takes the same inputs as :func:`cost_timeline` (run summaries paired by seed, e.g. the
    rows ``python -m sim compare`` or a sweep produced for each scenario). One row per
    sector and per budget (:data:`GROUPS_OF_SECTORS`), with means and ``level`` confidence
    intervals over seeds (``_low``, ``_high``):

    * ``year1_net_cost``: extra cost minus avoided cost in year 1 (SEK; a one-year budget);
    * ``cost_pv``, ``avoided_pv``, ``net_pv``: discounted sums over the horizon (SEK);
    * ``peak_net_cost_pv``: the top of the mean hump (SEK);
    * ``break_even_year`` of the mean hump (NaN: not within the horizon), with
      ``break_even_year_low`` / ``_high`` from the edges of the hump's confidence band;
    * ``share_of_seeds_breaking_even`` within the horizon.
    """
    tl = cost_timeline(scenario, reference, params=params, horizon=horizon,
                       discount_rate=discount_rate, programme_years=programme_years)
    return _table(tl, level=level)


def cost_per_outcome(
    scenario: pd.DataFrame | Sequence[Mapping],
    reference: pd.DataFrame | Sequence[Mapping],
    *,
    level: float = 0.95,
) -> pd.DataFrame:
    """Extra programme cost per school year divided by the extra pupils helped, the leavers
    made eligible and the long-term absence cases avoided per school year (SEK per pupil).
    The ratio is of the means over seeds; ``change`` is the mean paired change in the
    outcome with its confidence interval (a ratio whose change straddles zero is shown but
    means little)."""
    a, b = _paired(scenario, reference)
    dcost = a["cost_total_sek_year"].to_numpy(float) - b["cost_total_sek_year"].to_numpy(float)
    m_cost = _mean_ci(dcost, level)
    rows = []
    for what, key, sign in (
        ("per additional pupil with cross-sector help", "helped_per_year", 1.0),
        ("per additional eligible leaver", "ineligible_leavers_per_year", -1.0),
        ("per long-term absence case avoided", "long_term_new_per_year", -1.0),
    ):
        change = sign * (a[key].to_numpy(float) - b[key].to_numpy(float))
        m, lo, hi = _mean_ci(change, level)
        rows.append({"measure": f"extra cost {what}", "extra_cost_sek_year": m_cost[0],
                     "change_per_year": m, "change_low": lo, "change_high": hi,
                     "sek_per_pupil": m_cost[0] / m if m > 0 else math.nan})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ pattern 10
def p10_costs_before_gains(seeds: int = 20, workers: int | None = None, *,
                           reference: Mapping[str, Any] | None = None,
                           scenario: Mapping[str, Any] | None = None, years: int = 3):
    """P10: costs come before gains; the break-even year is later than a one-year budget
    (003 L904-923).

    Runs ``scenario`` (overrides of the default scenario; default: none, i.e. SKIFO Orust)
    and ``reference`` (default: the silo of pattern 11) over the same seeds and returns
    :class:`sim.analysis.patterns.Effect` objects, as the other patterns do:

    1. the municipality's net cost in year 1 is above zero (costs come first, on one budget);
    2. society's net cost in year 1 is above zero (a one-year budget shows a loss);
    3. over a lifetime horizon society's cumulative discounted net cost falls below zero
       (the gains come later): the effect is minus the cumulative net cost at that horizon.
    """
    from ..model import defaults
    from .patterns import SILO, contrast, paired_effect

    ref = dict(SILO if reference is None else reference)
    a, b = contrast(ref, dict(scenario or {}), seeds, years=years, workers=workers)
    params = defaults()
    tl = cost_timeline(pd.DataFrame(b).assign(seed=range(seeds)),
                       pd.DataFrame(a).assign(seed=range(seeds)),
                       params=params, horizon=LIFETIME_YEARS)

    def at(sector, year):
        t = tl[(tl["sector"] == sector) & (tl["year"] == year)].sort_values("seed")
        return t["cum_net_pv"].to_numpy()

    muni1, soc1, soc_life = at("municipality", 1), at("society", 1), at("society",
                                                                       LIFETIME_YEARS)
    zero = np.zeros(seeds)
    return [
        paired_effect("P10", "costs come first: the municipality's net cost in year 1 is "
                      "above zero (SEK)", "municipality net cost year 1", muni1, zero, muni1),
        paired_effect("P10", "a one-year budget shows a loss: society's net cost in year 1 "
                      "is above zero (SEK)", "society net cost year 1", soc1, zero, soc1),
        paired_effect("P10", f"gains come later: society's cumulative discounted net cost "
                      f"after {LIFETIME_YEARS} years is below zero (effect = minus it, SEK)",
                      "society net gain lifetime", -soc_life, zero, soc_life),
    ]
