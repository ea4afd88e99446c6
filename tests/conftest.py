"""Shared helpers for the tests.

Mechanism tests compare runs over several seeds, paired by seed (the same seed draws the
same initial population), and assert that the 95 % confidence interval of the mean paired
difference lies on the predicted side of zero.
"""

import numpy as np
import pytest
from scipy import stats

import sim

SMALL = dict(n_pupils=400, n_schools=2)


def summaries(seeds, years=1, scenario=None, **overrides):
    return [sim.run(scenario, seed=s, years=years, **overrides).summary for s in range(seeds)]


def paired_ci(a, b, key):
    """Mean of b[key] - a[key] over paired runs, with its 95 % confidence interval."""
    d = np.array([y[key] - x[key] for x, y in zip(a, b)], dtype=float)
    d = d[~np.isnan(d)]
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return d.mean(), d.mean() - half, d.mean() + half


@pytest.fixture(scope="session")
def default_run():
    return sim.run(seed=0, years=1)


@pytest.fixture(scope="session")
def small_run():
    return sim.run(seed=0, years=2, **SMALL)
