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

**The floor** uses the upper confidence bound of sigma**2 (chi-square, one-sided, at the
spec's confidence level; ``noise_runs - 1`` degrees of freedom for the base point, the number
of points times R - 1 for the pooled estimate), so that a noise estimate that came out low by
chance does not promote noise to signal. More ``noise_runs`` make the floor tighter (with 20
runs the upper bound is about 1.9 times the estimate, with 100 about 1.3 times).

**The rule.** An index stands out above the noise when the lower end of its confidence
interval exceeds the floor:

* Sobol' / FAST (S1, ST, S2): ``index - conf > eta_upper``. With independent seeds at every
  point, seed noise adds eta to every parameter's ST estimate (it enters f(A) and f(AB_i)
  alike), and an S1 below eta explains less variance than the dice alone.
* Morris: ``mu_star - mu_star_conf > 2 * sigma_upper / (delta * sqrt(pi * R))``: the expected
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
from scipy import stats

__all__ = ["NOISE_RULE", "flag", "morris_floor", "noise_table", "pooled_within",
           "upper_variance"]

NOISE_RULE = ("an index stands out above seed noise when the lower end of its confidence "
              "interval exceeds the noise floor: the noise share eta = (sigma^2/R)/Var(Y) for "
              "Sobol'/FAST indices, and 2*sigma/(delta*sqrt(pi*R)) for Morris mu*, both with "
              "sigma^2 at the upper end of its confidence interval")


def morris_floor(sigma: float, replicates: int, levels: int) -> float:
    """Expected mu* of a parameter without effect (see the module docstring)."""
    delta = levels / (2.0 * (levels - 1))
    return 2.0 * sigma / (delta * math.sqrt(math.pi * replicates))


def pooled_within(values: pd.DataFrame, column: str) -> tuple[float, int]:
    """Mean over points of the variance across replicates (``point_id`` groups), and its
    degrees of freedom; (NaN, 0) if R < 2."""
    g = values.groupby("point_id")[column]
    if g.size().min() < 2:
        return math.nan, 0
    v = g.var(ddof=1)
    n = g.count()
    ok = np.isfinite(v.to_numpy(dtype=float))
    if not ok.any():
        return math.nan, 0
    return float(v[ok].mean()), int((n[ok] - 1).sum())


def upper_variance(var: float, dof: int, confidence: float) -> float:
    """One-sided upper confidence bound of a variance estimated with ``dof`` degrees of
    freedom (chi-square; :func:`scipy.stats.chi2`)."""
    if not math.isfinite(var) or dof < 1:
        return math.nan
    return var * dof / float(stats.chi2.ppf(1 - confidence, dof))


def noise_table(base: Mapping[str, np.ndarray], Y: Mapping[str, np.ndarray],
                within: Mapping[str, tuple[float, int]], *, replicates: int, method: str,
                levels: int, confidence: float = 0.95) -> pd.DataFrame:
    """One row per outcome: the base-point runs, sigma, the noise share and the floor.

    ``base``: outcome -> values of the base-point runs (empty: no estimate); ``Y``: outcome ->
    the analysed values (point means); ``within``: outcome -> (pooled within-point variance,
    its degrees of freedom).
    """
    rows = []
    for outcome, y in Y.items():
        b = np.asarray(base.get(outcome, []), dtype=float)
        b = b[np.isfinite(b)]
        var_base = float(np.var(b, ddof=1)) if len(b) >= 2 else math.nan
        var_within, dof_within = within.get(outcome, (math.nan, 0))
        estimates = [(upper_variance(v, dof, confidence), v) for v, dof in
                     ((var_base, len(b) - 1), (var_within, dof_within)) if math.isfinite(v)]
        var_upper, var_noise = max(estimates) if estimates else (math.nan, math.nan)
        y = np.asarray(y, dtype=float)
        y = y[np.isfinite(y)]
        var_total = float(np.var(y, ddof=1)) if len(y) >= 2 else math.nan

        def share(v: float, total: float = var_total) -> float:
            if not (math.isfinite(v) and math.isfinite(total) and total > 0):
                return math.nan
            return min(1.0, v / replicates / total)

        sigma_up = math.sqrt(var_upper) if math.isfinite(var_upper) else math.nan
        rows.append({
            "outcome": outcome,
            "base_runs": len(b),
            "base_mean": float(b.mean()) if len(b) else math.nan,
            "base_sd": math.sqrt(var_base) if math.isfinite(var_base) else math.nan,
            "within_sd": math.sqrt(var_within) if math.isfinite(var_within) else math.nan,
            "noise_sd": math.sqrt(var_noise) if math.isfinite(var_noise) else math.nan,
            "noise_sd_upper": sigma_up,
            "replicates": replicates,
            "variance_analysed": var_total,
            "noise_share": share(var_noise),
            "noise_share_upper": share(var_upper),
            "floor": (morris_floor(sigma_up, replicates, levels) if method == "morris"
                      else share(var_upper)),
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
