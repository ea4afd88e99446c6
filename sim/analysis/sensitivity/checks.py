"""Known answers for the pipeline: SALib's Ishigami function behind a runner.

:class:`IshigamiRunner` has :func:`sim.run`'s signature, so the whole pipeline (ProblemSpec
sample, sweep engine, point means, SALib analysis, noise rule) can run on a function whose
Sobol' indices are known analytically::

    from sim.analysis.sensitivity import IshigamiRunner, run_sensitivity
    names = ["multi_problem_share", "bond_initial", "reachability_min"]  # any float parameters
    spec = {"sensitivity": {"method": "sobol", "n": 1024, "parameters": names,
                            "runner": "ishigami:run", "noise_runs": 0},
            "outcomes": {"ishigami": "none"}}
    run_sensitivity(spec, runner=IshigamiRunner(names), out=None)

The sweep engine accepts only registry parameter names, so the runner maps each named
parameter linearly from its sampled range onto Ishigami's [-pi, pi] (Sobol' indices do not
change under such maps; Morris' mu* is measured in steps of the unit range either way).
Parameters beyond the first three are dummies: they have no effect, which lets tests check the
noise rule. ``noise_sd`` adds Gaussian noise drawn from the run's seed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from SALib.test_functions import Ishigami

from ...model import REGISTRY

__all__ = ["IshigamiRunner", "ishigami_indices"]


class IshigamiRunner:
    """A picklable runner: ``runner(scenario, *, seed, years, **overrides) -> {"ishigami": y}``."""

    outcomes = ("ishigami",)

    def __init__(self, names: Sequence[str], noise_sd: float = 0.0,
                 ranges: dict[str, tuple[float, float]] | None = None) -> None:
        if len(names) < 3:
            raise ValueError("IshigamiRunner needs at least three parameter names")
        self.names = tuple(names)
        self.noise_sd = float(noise_sd)
        self.ranges = {n: tuple((ranges or {}).get(n, REGISTRY[n].range)) for n in self.names}

    def __repr__(self) -> str:  # stable: it is stored in the sweep's manifest
        return f"IshigamiRunner(names={list(self.names)}, noise_sd={self.noise_sd})"

    def __call__(self, scenario=None, *, seed: int = 0, years: int = 1, **overrides) -> dict:
        x = []
        for n in self.names[:3]:
            lo, hi = self.ranges[n]
            if n in overrides:
                value = overrides[n]
            else:  # the base point: the scenario's value
                value = scenario.params[n] if scenario is not None else REGISTRY[n].default
            u = (float(value) - lo) / (hi - lo)
            x.append(-math.pi + 2 * math.pi * u)
        y = float(Ishigami.evaluate(np.array([x]))[0])
        if self.noise_sd:
            y += float(np.random.default_rng(seed).normal(0.0, self.noise_sd))
        return {"ishigami": y}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, np.ndarray]:
    """Analytic first-order and total Sobol' indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {"S1": np.array([v1, v2, 0.0]) / v, "ST": np.array([v1 + v13, v2, v13]) / v,
            "variance": v}
