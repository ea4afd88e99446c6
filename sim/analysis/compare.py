"""Compare scenarios: means with 95 % confidence intervals and paired differences.

Pure functions on pandas DataFrames, used by ``python -m sim compare`` (which runs the
scenarios through the sweep engine) and usable on any table of runs:

* :func:`outcome_table`: for every scenario and outcome the mean over replicates with its
  95 % CI (Student's t), and the *paired* difference to the reference scenario (the first):
  replicate ``r`` of every scenario has the same seed, so the difference is taken run by run
  and its CI comes from the differences (a paired t interval). A difference whose CI
  excludes 0 is marked.
* :func:`timeseries_bands`: the weekly mean of an outcome over replicates with its 95 % CI.
* :func:`term_table`: what happened in each school term of each run (rates over the term
  from the running counts), for :func:`timeseries_bands` with ``week="term_index"``.
* :func:`parameter_differences`: what a scenario sets differently from the reference.
* :func:`markdown_table`: the table as Markdown, ``mean [low, high]`` and the difference.

Outcomes that are NaN in a run (a median with no cases, say) are left out of that run's
mean and pair; ``n`` and ``n_pairs`` say how many runs each number rests on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..model import inert

__all__ = ["KEY_OUTCOMES", "TABLE_COLUMNS", "TERM_OUTCOMES", "mean_ci", "markdown_table",
           "outcome_table", "parameter_differences", "term_table", "timeseries_bands"]

#: The outcomes a planner reads first, by what they are about (the report's sections).
KEY_OUTCOMES: dict[str, list[str]] = {
    "children": ["long_term_incidence", "long_term_absent_share", "absence_over_run",
                 "mean_absence", "resolved_share", "eligible_share", "cross_sector_help_share"],
    "cooperation": ["reports_of_concern", "cases_opened", "feedback_rate", "applications",
                    "km_median_weeks_application_to_plan", "joint_meetings", "consultations",
                    "trust_school_side", "trust_social_side"],
    "staff hours": ["staff_hours", "meeting_hours", "followup_coverage"],
}

#: The columns of :func:`outcome_table`, in order.
TABLE_COLUMNS = ["scenario", "outcome", "n", "mean", "low", "high", "difference",
                 "difference_low", "difference_high", "n_pairs", "excludes_zero"]


def mean_ci(values: Sequence[float] | np.ndarray, level: float = 0.95) -> tuple[int, float,
                                                                                 float, float]:
    """``(n, mean, low, high)`` of the non-NaN ``values``: a t interval for the mean (NaN
    bounds with fewer than two values; zero width when all values are equal)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = len(v)
    if n == 0:
        return 0, math.nan, math.nan, math.nan
    mean = float(v.mean())
    if n < 2:
        return n, mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * v.std(ddof=1) / math.sqrt(n))
    return n, mean, mean - half, mean + half


def outcome_table(runs: pd.DataFrame, outcomes: Sequence[str], *,
                  scenarios: Sequence[str] | None = None, scenario: str = "scenario",
                  pair_by: str = "seed", level: float = 0.95) -> pd.DataFrame:
    """One row per scenario and outcome (columns :data:`TABLE_COLUMNS`).

    ``runs`` has one row per run, a ``scenario`` column, a ``pair_by`` column (the seed:
    runs with the same value are paired across scenarios) and one column per outcome. The
    reference is the first of ``scenarios`` (default: the order of first appearance); its
    own difference is 0 by definition and shown as NaN.
    """
    missing = [c for c in (scenario, pair_by, *outcomes) if c not in runs.columns]
    if missing:
        raise KeyError(f"the runs have no column(s) {missing}")
    order = list(scenarios) if scenarios is not None else list(dict.fromkeys(runs[scenario]))
    if not order:
        raise ValueError("no scenarios to compare")
    by = {name: runs[runs[scenario] == name].set_index(pair_by) for name in order}
    for name, frame in by.items():
        if frame.index.has_duplicates:
            raise ValueError(f"scenario {name!r} has more than one run with the same {pair_by}")
    ref = by[order[0]]
    rows = []
    for name in order:
        frame = by[name]
        for outcome in outcomes:
            n, mean, low, high = mean_ci(pd.to_numeric(frame[outcome], errors="coerce"), level)
            row: dict[str, Any] = {"scenario": name, "outcome": outcome, "n": n, "mean": mean,
                                   "low": low, "high": high}
            if name == order[0]:
                row.update(difference=math.nan, difference_low=math.nan,
                           difference_high=math.nan, n_pairs=0, excludes_zero=False)
            else:
                common = frame.index.intersection(ref.index)
                d = (pd.to_numeric(frame.loc[common, outcome], errors="coerce")
                     - pd.to_numeric(ref.loc[common, outcome], errors="coerce"))
                n_pairs, diff, dlow, dhigh = mean_ci(d.to_numpy(), level)
                excludes = bool(n_pairs >= 2 and (dlow > 0 or dhigh < 0))
                row.update(difference=diff, difference_low=dlow, difference_high=dhigh,
                           n_pairs=n_pairs, excludes_zero=excludes)
            rows.append(row)
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def timeseries_bands(timeseries: pd.DataFrame, outcomes: Sequence[str], *,
                     scenario: str = "scenario", week: str = "week",
                     level: float = 0.95) -> pd.DataFrame:
    """Weekly mean of each outcome over the runs of each scenario, with its 95 % CI.

    ``timeseries`` has one row per run and week (columns ``scenario``, ``week`` and the
    outcomes). Returns columns ``scenario, week, outcome, n, mean, low, high``.
    """
    rows = []
    for (name, wk), group in timeseries.groupby([scenario, week], sort=False):
        for outcome in outcomes:
            n, mean, low, high = mean_ci(pd.to_numeric(group[outcome], errors="coerce"), level)
            rows.append((name, wk, outcome, n, mean, low, high))
    out = pd.DataFrame(rows, columns=["scenario", "week", "outcome", "n", "mean", "low", "high"])
    return out.sort_values(["scenario", "outcome", "week"], kind="stable").reset_index(drop=True)


#: The columns of :func:`term_table` beyond the run and term keys, and what each means.
TERM_OUTCOMES: dict[str, str] = {
    "trust_school_side": "school-side trust in social services, mean over the term's weeks",
    "reports_opened_share": "share of the reports of concern screened in the term that "
                            "intake opened as an investigation",
    "pupils_newly_helped": "pupils who got their first cross-sector help (a family "
                           "intervention or a joint plan) in the term",
    "long_term_new": "pupils who became long-term absent for the first time in the term",
    "true_absence": "true absence, mean over the term's weeks",
}

#: running counts of the time series (cumulative from the first measured week)
_COUNTS = ("reports_screened", "cases_opened", "pupils_helped_cross_sector", "long_term_new")


def term_table(timeseries: pd.DataFrame, *, run: Sequence[str] = ("scenario", "seed"),
               week: str = "week") -> pd.DataFrame:
    """One row per run and school term: :data:`TERM_OUTCOMES`.

    ``timeseries`` has one row per run and measured week, with the columns ``run``,
    ``week``, ``year``, ``term`` and those :data:`TERM_OUTCOMES` are computed from (the
    running counts ``reports_screened``, ``cases_opened``, ``pupils_helped_cross_sector`` and
    ``long_term_new``, and the weekly ``trust_school_side`` and ``true_absence``). A term's
    count is the running count at its last week minus that at the previous term's last
    week (0 before the first). ``term_index`` numbers the terms from 0; ``first_week`` is a
    term's first measured week. A term in which no report was screened has NaN as its
    ``reports_opened_share``.
    """
    keys = list(run)
    rows = []
    for key, ts in timeseries.groupby(keys, sort=False):
        ts = ts.sort_values(week)
        index = (ts[["year", "term"]] != ts[["year", "term"]].shift()).any(axis=1).cumsum() - 1
        grouped = ts.groupby(index.to_numpy(), sort=True)
        last = grouped[list(_COUNTS)].last()
        done = last.diff().fillna(last)  # what happened within each term
        means = grouped[["trust_school_side", "true_absence"]].mean()
        screened = done["reports_screened"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            opened = np.where(screened > 0, done["cases_opened"] / screened, np.nan)
        part = pd.DataFrame({
            "term_index": last.index.to_numpy(),
            "first_week": grouped[week].first().to_numpy(),
            "year": grouped["year"].first().to_numpy(),
            "term": grouped["term"].first().to_numpy(),
            "trust_school_side": means["trust_school_side"].to_numpy(),
            "reports_opened_share": opened,
            "pupils_newly_helped": done["pupils_helped_cross_sector"].to_numpy(),
            "long_term_new": done["long_term_new"].to_numpy(),
            "true_absence": means["true_absence"].to_numpy(),
        })
        for i, (name, value) in enumerate(zip(keys, key)):  # a list groups by tuples
            part.insert(i, name, value)
        rows.append(part)
    columns = [*keys, "term_index", "first_week", "year", "term", *TERM_OUTCOMES]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


def parameter_differences(reference: Mapping[str, Any], other: Mapping[str, Any], *,
                          reference_changes: Sequence[Mapping] = (),
                          other_changes: Sequence[Mapping] = ()) -> dict[str, tuple[Any, Any]]:
    """``{name: (reference value, other value)}`` for every parameter that differs, except
    those that change nothing in either scenario (``inert``: a house-meeting interval
    without co-location). ``*_changes`` are what each scenario's events set."""
    return {k: (reference.get(k), other.get(k)) for k in other
            if _plain(reference.get(k)) != _plain(other.get(k))
            and not (inert(k, reference, reference_changes) and inert(k, other, other_changes))}


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value


def _num(x: float, digits: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def _cell(mean: float, low: float, high: float, digits: int) -> str:
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return _num(mean, digits)
    return f"{_num(mean, digits)} [{_num(low, digits)}, {_num(high, digits)}]"


def markdown_table(table: pd.DataFrame, outcomes: Sequence[str] | None = None,
                   digits: int = 3) -> str:
    """The outcome table as Markdown: one row per outcome, per scenario ``mean [95 % CI]``,
    and for every scenario after the first its paired difference ``Δ`` with CI (``*``: the
    CI excludes 0)."""
    order = list(dict.fromkeys(table["scenario"]))
    outcomes = list(outcomes) if outcomes is not None else list(dict.fromkeys(table["outcome"]))
    ref = order[0]
    head = ["outcome", *order, *[f"Δ {s} − {ref}" for s in order[1:]]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    cells = table.set_index(["scenario", "outcome"])
    for outcome in outcomes:
        row = [f"`{outcome}`"]
        for name in order:
            r = cells.loc[(name, outcome)]
            row.append(_cell(r["mean"], r["low"], r["high"], digits))
        for name in order[1:]:
            r = cells.loc[(name, outcome)]
            text = _cell(r["difference"], r["difference_low"], r["difference_high"], digits)
            row.append(text + (" *" if r["excludes_zero"] else ""))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
