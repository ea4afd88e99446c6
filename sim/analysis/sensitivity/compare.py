"""Robust comparison: in how much of the assumption space is scenario B better than A?

For every sample point the sweep ran A and B with the same seeds (paired), R times. The
difference D = mean(B) - mean(A) per point is analysed like any outcome (its Sobol'/Morris
indices say which assumptions the decision hinges on), and summarised here:

* ``share_better``: the share of sample points at which B is better than A in the outcome's
  direction (``lower`` or ``higher`` in the spec); ``share_worse`` and ``share_equal`` the
  rest. Every row of the SALib designs is uniformly distributed over the ranges, so this
  estimates the share of the (box-shaped, uniform) assumption space.
* ``share_clearly_better`` / ``share_clearly_worse``: points at which D lies beyond the seed
  noise of a paired difference of R runs (z * sigma_D / sqrt(R), sigma_D from the paired
  base-point runs): the rest could go either way.
* confidence intervals by a cluster bootstrap (:func:`scipy.stats.bootstrap`, percentile
  method) over the design's independent units: Morris trajectories, Saltelli blocks.

Scenario discovery (:func:`discover`) uses PRIM from EMA workbench (optional extra
``discovery``) to describe the region where B is not better (or, if B is better in less than
half of the space, where it is).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .spec import DIRECTIONS

__all__ = ["discover", "discovery_available", "summarise_difference"]


def _bootstrap(values: tuple[np.ndarray, ...], statistic, confidence: float, seed: int
               ) -> tuple[float, float]:
    if len(values[0]) < 2:
        return math.nan, math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.bootstrap(values, statistic, paired=True, vectorized=False,
                              confidence_level=confidence, n_resamples=999,
                              method="percentile", rng=np.random.default_rng(seed))
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def summarise_difference(outcome: str, direction: str, D: np.ndarray, clusters: np.ndarray, *,
                         noise_sd: float, replicates: int, confidence: float, seed: int
                         ) -> dict[str, Any]:
    """One row of the comparison table for ``outcome`` (D = B - A per sample point)."""
    D = np.asarray(D, dtype=float)
    ok = np.isfinite(D)
    sign = DIRECTIONS[direction]
    row: dict[str, Any] = {"outcome": outcome, "better_when": direction,
                           "points": int(ok.sum()), "points_undefined": int((~ok).sum()),
                           "mean_difference": float(D[ok].mean()) if ok.any() else math.nan}
    ids = np.unique(clusters[ok])
    idx = np.searchsorted(ids, clusters[ok])
    sums = np.bincount(idx, weights=D[ok], minlength=len(ids))
    counts = np.bincount(idx, minlength=len(ids)).astype(float)
    lo, hi = _bootstrap((sums, counts), lambda s, c: s.sum() / c.sum(), confidence, seed)
    row["mean_difference_low"], row["mean_difference_high"] = lo, hi
    if sign == 0:
        return row
    z = stats.norm.ppf(0.5 + confidence / 2)
    margin = z * noise_sd / math.sqrt(replicates) if math.isfinite(noise_sd) else math.nan
    s = sign * D[ok]
    better = np.bincount(idx, weights=(s > 0).astype(float), minlength=len(ids))
    row["share_better"] = float((s > 0).mean()) if len(s) else math.nan
    lo, hi = _bootstrap((better, counts), lambda b, c: b.sum() / c.sum(), confidence, seed)
    row["share_better_low"], row["share_better_high"] = lo, hi
    row["share_worse"] = float((s < 0).mean()) if len(s) else math.nan
    row["share_equal"] = float((s == 0).mean()) if len(s) else math.nan
    row["noise_margin"] = margin
    if math.isfinite(margin):
        row["share_clearly_better"] = float((s > margin).mean()) if len(s) else math.nan
        row["share_clearly_worse"] = float((s < -margin).mean()) if len(s) else math.nan
    else:
        row["share_clearly_better"] = row["share_clearly_worse"] = math.nan
    return row


def discovery_available() -> bool:
    """True if EMA workbench (the ``discovery`` extra) can be imported."""
    try:
        _prim()
    except ImportError:
        return False
    return True


def _prim():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    return prim


def discover(X: pd.DataFrame, better: np.ndarray, *, threshold: float) -> dict[str, Any]:
    """PRIM (EMA workbench) on the sample: a box of the assumption space with a high density
    of the points of interest.

    The points of interest are those where B is *not* better (where the planner's conclusion
    fails) when B is better in at least half of the sample, else those where B is better.
    From the peeling trajectory the box with the highest coverage among those whose density
    reaches ``threshold`` is chosen. Returns the target, the box's statistics and its limits
    (restricted parameters only), or a ``note`` saying why there is none.
    """
    prim = _prim()
    better = np.asarray(better, dtype=bool)
    share = float(better.mean()) if len(better) else math.nan
    target = "b_not_better" if share >= 0.5 else "b_better"
    y = ~better if target == "b_not_better" else better
    out: dict[str, Any] = {"target": target, "points_of_interest": int(y.sum()),
                           "points": len(y)}
    if y.sum() < 2 or y.all():
        out["note"] = (f"{int(y.sum())} of {len(y)} points are of interest: nothing to "
                       "separate")
        return out
    x = X.reset_index(drop=True).copy()
    for c in x.columns:  # PRIM treats int columns as discrete, floats as real
        x[c] = x[c].astype(float)
    import logging

    logging.getLogger("EMA").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = prim.Prim(x, y.astype(int), threshold=threshold)
        box = p.find_box()
    if box is None:
        out["note"] = "PRIM found no box"
        return out
    traj = box.peeling_trajectory.reset_index(drop=True)
    ok = traj[traj["density"] >= threshold]
    if ok.empty:
        out["note"] = (f"no box reaches density {threshold:.2f} (the best has "
                       f"{traj['density'].max():.2f})")
        out["trajectory"] = traj
        return out
    i = int(ok["coverage"].idxmax())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box.select(i)
    lims = box.box_lims[i]
    init = p.box_init
    rows = []
    for name in x.columns:
        lo, hi = float(lims.loc[0, name]), float(lims.loc[1, name])
        flo, fhi = float(init.loc[0, name]), float(init.loc[1, name])
        if lo > flo or hi < fhi:
            rows.append({"parameter": name, "low": lo, "high": hi, "range_low": flo,
                         "range_high": fhi})
    out.update({"coverage": float(traj.loc[i, "coverage"]),
                "density": float(traj.loc[i, "density"]),
                "mass": float(traj.loc[i, "mass"]), "box": pd.DataFrame(rows),
                "trajectory": traj})
    return out
