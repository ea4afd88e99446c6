"""Shared helpers for the tests.

Mechanism tests compare runs over several seeds, paired by seed (the same seed draws the
same initial population), and assert that the 95 % confidence interval of the mean paired
difference lies on the predicted side of zero.
"""

import pytest

import sim
from sim.analysis.compare import mean_ci

SMALL = dict(n_pupils=400, n_schools=2)


def summaries(seeds, years=1, scenario=None, **overrides):
    return [sim.run(scenario, seed=s, years=years, **overrides).summary for s in range(seeds)]


def other_end(param):
    """``{name: value}`` setting registry parameter ``param`` to an end of its range other
    than its default: the upper end, unless the default is there (a switch: the other
    setting)."""
    if param.kind == "bool":
        return {param.name: not param.default}
    lo, hi = param.range
    value = hi if param.default != hi else lo
    return {param.name: int(value) if param.kind == "int" else value}


def paired_ci(a, b, key):
    """Mean of b[key] - a[key] over paired runs (NaN pairs left out), with its 95 %
    confidence interval (:func:`sim.analysis.compare.mean_ci`)."""
    _, mean, low, high = mean_ci([y[key] - x[key] for x, y in zip(a, b)])
    return mean, low, high


@pytest.fixture(scope="session")
def default_run():
    return sim.run(seed=0, years=1)


@pytest.fixture(scope="session")
def small_run():
    return sim.run(seed=0, years=2, **SMALL)
