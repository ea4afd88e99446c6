"""A small, fast, deterministic stand-in for ``sim.run`` used by the sweep tests.

It has ``sim.run``'s signature and answers with outcomes that depend on the seed and on a
few parameters, so tests can check that each run got its own seed and parameters. Some
parameter values make it misbehave on purpose:

* ``class_size = 13``: raises ``RuntimeError`` (a failing run)
* ``class_size = 9``: the process dies (``os._exit``), as if killed or out of memory

``SWEEP_TOY_DELAY`` (seconds, environment) makes every run sleep, for interruption tests.
"""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import numpy as np
import pandas as pd

OUTCOMES = ["score", "noise", "count", "nan_sometimes"]


def run(scenario=None, *, seed: int = 0, years: int = 1, **overrides):
    delay = float(os.environ.get("SWEEP_TOY_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    class_size = overrides.get("class_size", 25)
    if class_size == 13:
        raise RuntimeError("toy failure for class_size 13")
    if class_size == 9:
        time.sleep(0.3)
        os._exit(3)
    rng = np.random.default_rng(seed)
    fb = overrides.get("feedback_probability", 0.3)
    nc = overrides.get("n_coordinators", 2)
    noise = float(rng.random())
    summary = {
        "score": fb * 10 + nc + years + noise,
        "noise": noise,
        "count": int(rng.integers(0, 1000)),
        "nan_sometimes": float("nan") if noise < 0.3 else noise,
    }
    weeks = 4 * years
    ts = pd.DataFrame({"week": np.arange(weeks), "value": rng.random(weeks) + fb})
    return SimpleNamespace(summary=summary, timeseries=ts)


run.outcomes = OUTCOMES


def run_plain(scenario=None, *, seed: int = 0, years: int = 1, **overrides):
    """Returns the summary dict itself (no ``.summary``), and declares no outcomes."""
    return dict(run(scenario, seed=seed, years=years, **overrides).summary)
