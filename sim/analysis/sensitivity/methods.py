"""Sampling and analysis with SALib's :class:`~SALib.util.problem.ProblemSpec`.

This is the only module that calls SALib's estimators; nothing here re-implements one.

* :func:`problem` - the ProblemSpec of a sensitivity spec (names and continuous bounds).
* :func:`sample` - the sample matrix X, drawn by the ProblemSpec with the sweep engine's design
  seed, so that it is the matrix the sweep runs (checked by :func:`check_design`).
* :func:`analyse` - SALib's ``analyze`` for the method, as tidy tables.
* :func:`convergence` - the same analysis on the first N units of the design (Morris
  trajectories or Saltelli blocks, both valid designs on their own), for N = start, 2*start...
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from SALib import ProblemSpec

from ...experiments.seeds import design_seed
from ...model import REGISTRY
from .spec import SensitivityError, SensitivitySpec

__all__ = ["METRICS", "Indices", "analyse", "check_design", "convergence", "problem", "sample"]

#: the main metric of each method (ranking) and the columns its table has
METRICS = {
    "morris": {"rank_by": "mu_star", "columns": ["mu", "mu_star", "mu_star_conf", "sigma"]},
    "sobol": {"rank_by": "ST", "columns": ["S1", "S1_conf", "ST", "ST_conf"]},
    "fast": {"rank_by": "ST", "columns": ["S1", "S1_conf", "ST", "ST_conf"]},
}


@dataclass
class Indices:
    """What one analysis gives: one row per parameter, and S2 pairs (Sobol, second order)."""

    table: pd.DataFrame | None  # columns: parameter + METRICS[method]["columns"]
    second_order: pd.DataFrame | None = None  # parameter_1, parameter_2, S2, S2_conf
    skipped: str | None = None  # why there is no table (NaN outcomes, no variation)


def problem(spec: SensitivitySpec, output: str | None = None) -> ProblemSpec:
    """The ProblemSpec: the sampled parameters with their (continuous) bounds.

    Whole-number parameters get their bounds as they are; the model receives the whole number
    of the equal-width cell of the sampled value (see :func:`spec.describe_int_rule`).
    """
    d: dict[str, Any] = {"names": list(spec.parameters),
                         "bounds": [[float(v) for v in spec.ranges[p]] for p in spec.parameters]}
    if output is not None:
        d["outputs"] = [output]
    return ProblemSpec(d)


def sample(spec: SensitivitySpec) -> np.ndarray:
    """The sample matrix X (one row per design point) in the order SALib's analysis expects."""
    sp = problem(spec)
    seed = design_seed(spec.seed)
    if spec.method == "morris":
        sp.sample_morris(spec.n, num_levels=spec.levels, seed=seed)
    elif spec.method == "sobol":
        sp.sample_sobol(spec.n, calc_second_order=spec.second_order, seed=seed)
    else:
        sp.sample_fast(spec.n, M=spec.M, seed=seed)
    return np.asarray(sp.samples, dtype=float)


def whole(value: float, lo: int, hi: int) -> int:
    """The whole number the sweep engine gives for continuous ``value`` in [lo, hi]."""
    u = (value - lo) / (hi - lo) if hi > lo else 0.0
    return int(min(hi, lo + math.floor(u * (hi - lo + 1))))


def check_design(spec: SensitivitySpec, X: np.ndarray, points: list[dict]) -> None:
    """Refuse a sweep design that is not the matrix ``X`` (wrong order, seed or sampler).

    Floats must agree to rounding error; whole numbers must be the cell of the continuous
    value (a value exactly on a cell boundary may fall either way).
    """
    if len(points) != len(X):
        raise SensitivityError(
            f"{spec.origin}: the sweep engine made {len(points)} design points, SALib's "
            f"ProblemSpec {len(X)}; the sweep's sampler no longer matches this package.")
    for j, name in enumerate(spec.parameters):
        lo, hi = spec.ranges[name]
        got = np.array([p[name] for p in points], dtype=float)
        if REGISTRY[name].kind == "int":
            u = (X[:, j] - lo) / (hi - lo) * (hi - lo + 1)
            want = np.minimum(hi, lo + np.floor(u))
            edge = np.abs(u - np.round(u)) < 1e-9
            # at a boundary float error can put either side's cell (SALib and the sweep
            # engine scale in different orders)
            ok = (got == want) | (edge & (np.abs(got - lo - np.round(u) + 0.5) == 0.5))
        else:
            ok = np.isclose(got, X[:, j], rtol=1e-12, atol=1e-12 * (hi - lo))
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise SensitivityError(
                f"{spec.origin}: design point {i} of the sweep has {name} = {got[i]!r}, but "
                f"SALib's ProblemSpec sampled {X[i, j]!r}; the sweep engine's sampling (seed "
                "or order) no longer matches this package, so indices would be wrong.")


def analyse(spec: SensitivitySpec, X: np.ndarray, Y: np.ndarray, output: str = "Y",
            seed: int | None = None) -> Indices:
    """SALib's analysis of ``Y`` (one value per row of ``X``) for the spec's method."""
    Y = np.asarray(Y, dtype=float)
    if np.isnan(Y).any():
        k = int(np.isnan(Y).sum())
        return Indices(None, skipped=f"undefined (NaN) at {k} of {len(Y)} sample points, e.g. "
                                     "no pupil the outcome counts; SALib needs a value at every "
                                     "point")
    if np.nanstd(Y) == 0:
        return Indices(None, skipped=f"the same value ({Y[0]:.6g}) at every sample point: no "
                                     "variance to apportion")
    sp = problem(spec, output)
    sp.set_samples(np.asarray(X, dtype=float))
    sp.set_results(Y)
    seed = spec.seed if seed is None else seed
    common = {"num_resamples": spec.resamples, "conf_level": spec.confidence, "seed": seed}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        # SALib warns that FAST's bootstrap intervals are indicative; the summary says so
        warnings.filterwarnings("ignore", message="FAST confidence intervals")
        if spec.method == "morris":
            sp.analyze_morris(num_levels=spec.levels, **common)
        elif spec.method == "sobol":
            sp.analyze_sobol(calc_second_order=spec.second_order, **common)
        else:
            sp.analyze_fast(M=spec.M, **common)
    res = sp.analysis
    cols = METRICS[spec.method]["columns"]
    table = pd.DataFrame({"parameter": list(spec.parameters),
                          **{c: np.asarray(res[c], dtype=float) for c in cols}})
    second = None
    if spec.method == "sobol" and spec.second_order:
        rows = []
        names = list(spec.parameters)
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                rows.append({"parameter_1": names[i], "parameter_2": names[j],
                             "S2": float(res["S2"][i, j]), "S2_conf": float(res["S2_conf"][i, j])})
        second = pd.DataFrame(rows)
    return Indices(table, second)


def convergence(spec: SensitivitySpec, X: np.ndarray, Y: np.ndarray, output: str = "Y",
                seed: int | None = None) -> pd.DataFrame:
    """Indices on the first N units of the design for each N of the spec's convergence sizes.

    Morris trajectories and Saltelli blocks are each valid designs, and the samplers give the
    first N of them for any larger n, so no extra runs are needed. FAST has no such prefix.
    """
    if spec.method == "fast":
        raise SensitivityError(f"{spec.origin}: --convergence needs method 'morris' or 'sobol'; "
                               "a FAST sample has no smaller FAST sample inside it.")
    block = spec.block()
    frames = []
    for n in spec.convergence_sizes():
        rows = n * block
        ind = analyse(spec, X[:rows], Y[:rows], output, seed)
        if ind.table is None:
            continue
        t = ind.table.copy()
        t.insert(0, "n", n)
        t.insert(1, "points", rows)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=["n", "points", "parameter", *METRICS[spec.method]["columns"]])
    return pd.concat(frames, ignore_index=True)


def stable_from(conv: pd.DataFrame, rank_by: str, top: int) -> int | None:
    """The smallest N from which the top-``top`` set by ``rank_by`` equals the final one."""
    if conv.empty:
        return None
    sizes = sorted(conv["n"].unique())
    tops = {n: set(conv[conv["n"] == n].nlargest(top, rank_by)["parameter"]) for n in sizes}
    final = tops[sizes[-1]]
    stable = sizes[-1]
    for n in reversed(sizes):
        if tops[n] != final:
            break
        stable = n
    return int(stable)
