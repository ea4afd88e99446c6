"""Seed noise: how much of an outcome's variance the dice make, and which indices stand out.

The model is stochastic: an outcome at sample point x with seed s is f(x) + e(x, s). Each point
is run R times and the mean is analysed, so its noise variance is sigma**2 / R.

**The estimate.** ``noise_runs`` runs at the base point (the scenario's values, or the centres
of the ranges), with different seeds, give sigma**2 (their sample variance). With R >= 2 the
replicates at every sample point give a second estimate, pooled over the whole sample (the
mean of the within-point variances). The larger of the two is used: noise at the base point
need not represent the whole space, and the larger one is the cautious choice.

**The noise share** of an outcome is eta = (sigma**2 / R) / Var(Y), where Var(Y) is the
variance of the analysed (averaged) outcome over the sample points.

**The rule.** An index stands out above the noise when the lower end of its confidence
interval exceeds the noise floor:

* Sobol' / FAST (S1, ST, S2): ``index - conf > eta``. With independent seeds at every point,
  seed noise adds eta to every parameter's ST estimate (it enters f(A) and f(AB_i) alike),
  and an S1 below eta explains less variance than the dice alone.
* Morris: ``mu_star - mu_star_conf > 2 * sigma / (delta * sqrt(pi * R))``: the expected
  absolute elementary effect of a parameter with no effect at all, whose two runs differ only
  by noise ((e1 - e2) / delta with e ~ N(0, sigma**2 / R); delta = levels / (2 (levels - 1)),
  the step SALib divides by).

With common random numbers the noise of neighbouring points is correlated, so both floors
are upper bounds: the rule is then cautious (it may call an index noise that is not).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["NOISE_RULE", "flag", "morris_floor", "noise_table", "pooled_within"]

NOISE_RULE = ("an index stands out above seed noise when the lower end of its confidence "
              "interval exceeds the noise floor: the noise share eta = (sigma^2/R)/Var(Y) for "
              "Sobol'/FAST indices, and 2*sigma/(delta*sqrt(pi*R)) for Morris mu*")


def morris_floor(sigma: float, replicates: int, levels: int) -> float:
    """Expected mu* of a parameter without effect (see the module docstring)."""
    delta = levels / (2.0 * (levels - 1))
    return 2.0 * sigma / (delta * math.sqrt(math.pi * replicates))


def pooled_within(values: pd.DataFrame, column: str) -> float:
    """Mean over points of the variance across replicates (``point_id`` groups); NaN if R < 2."""
    g = values.groupby("point_id")[column]
    if g.size().min() < 2:
        return math.nan
    v = g.var(ddof=1).to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if len(v) else math.nan


def noise_table(base: Mapping[str, np.ndarray], Y: Mapping[str, np.ndarray],
                within: Mapping[str, float], *, replicates: int, method: str,
                levels: int) -> pd.DataFrame:
    """One row per outcome: the base-point runs, sigma, the noise share and the floors.

    ``base``: outcome -> values of the base-point runs (empty: no estimate); ``Y``: outcome ->
    the analysed values (point means); ``within``: outcome -> pooled within-point variance.
    """
    rows = []
    for outcome, y in Y.items():
        b = np.asarray(base.get(outcome, []), dtype=float)
        b = b[np.isfinite(b)]
        var_base = float(np.var(b, ddof=1)) if len(b) >= 2 else math.nan
        var_within = float(within.get(outcome, math.nan))
        candidates = [v for v in (var_base, var_within) if math.isfinite(v)]
        var_noise = max(candidates) if candidates else math.nan
        y = np.asarray(y, dtype=float)
        y = y[np.isfinite(y)]
        var_total = float(np.var(y, ddof=1)) if len(y) >= 2 else math.nan
        share = (var_noise / replicates / var_total
                 if math.isfinite(var_noise) and var_total and math.isfinite(var_total)
                 else math.nan)
        sigma = math.sqrt(var_noise) if math.isfinite(var_noise) else math.nan
        rows.append({
            "outcome": outcome,
            "base_runs": len(b),
            "base_mean": float(b.mean()) if len(b) else math.nan,
            "base_sd": math.sqrt(var_base) if math.isfinite(var_base) else math.nan,
            "within_sd": math.sqrt(var_within) if math.isfinite(var_within) else math.nan,
            "noise_sd": sigma,
            "replicates": replicates,
            "variance_analysed": var_total,
            "noise_share": min(1.0, share) if math.isfinite(share) else math.nan,
            "floor": (morris_floor(sigma, replicates, levels) if method == "morris"
                      else (min(1.0, share) if math.isfinite(share) else math.nan)),
        })
    return pd.DataFrame(rows)


def flag(table: pd.DataFrame, method: str, floor: float) -> pd.DataFrame:
    """Add ``noise_floor`` and ``<index>_above_noise`` columns (NA without a noise estimate)."""
    t = table.copy()
    t["noise_floor"] = floor
    pairs = ([("mu_star", "mu_star_conf")] if method == "morris"
             else [("S1", "S1_conf"), ("ST", "ST_conf")])
    if "S2" in t.columns:
        pairs = [("S2", "S2_conf")]
    for idx, conf in pairs:
        if math.isfinite(floor):
            t[f"{idx}_above_noise"] = (t[idx] - t[conf]) > floor
        else:
            t[f"{idx}_above_noise"] = pd.array([pd.NA] * len(t), dtype="boolean")
    return t
