"""Which assumptions matter: global sensitivity analysis and robust comparisons (SALib).

``python -m sim sensitivity SPEC.toml`` (see :mod:`.cli`) and, from Python::

    from sim.analysis.sensitivity import run_sensitivity
    res = run_sensitivity("scenarios/sensitivity/morris_assumptions.toml", fast=True)
    res.indices["long_term_absent_share"].head(10)   # ranked, flagged against seed noise
    res.noise                                        # noise share per outcome

    # does a second coordinator help across the assumption space?
    res = run_sensitivity("scenarios/sensitivity/second_coordinator.toml", fast=True)
    res.comparison[["outcome", "share_better", "share_better_low", "share_better_high"]]

| module | what |
|---|---|
| :mod:`.spec` | the TOML spec, checked up front (errors name file, key, value, what is allowed) |
| :mod:`.methods` | SALib's ProblemSpec: the sample and the analysis (no estimator of our own) |
| :mod:`.noise` | seed noise: the noise share and the rule that flags indices within it |
| :mod:`.compare` | robust comparison of two scenarios; PRIM scenario discovery (EMA workbench) |
| :mod:`.pipeline` | prepare / execute (the sweep engine) / analyse, and :func:`run_sensitivity` |
| :mod:`.report` | tidy CSV tables, figures, ``summary.md`` |
| :mod:`.checks` | SALib's Ishigami function as a runner: known answers for the pipeline |
| :mod:`.cli` | the ``sensitivity`` sub-command |
"""

from .checks import IshigamiRunner, ishigami_indices
from .methods import METRICS, sample
from .methods import analyse as analyse_indices
from .noise import NOISE_RULE, morris_floor
from .pipeline import (
    Plan,
    SensitivityFailed,
    SensitivityResult,
    analyse,
    execute,
    prepare,
    run_sensitivity,
)
from .spec import (
    METHODS,
    SensitivityError,
    SensitivitySpec,
    load_sensitivity_spec,
    sensitivity_spec_from_dict,
)

__all__ = [
    "METHODS",
    "METRICS",
    "NOISE_RULE",
    "IshigamiRunner",
    "Plan",
    "SensitivityError",
    "SensitivityFailed",
    "SensitivityResult",
    "SensitivitySpec",
    "analyse",
    "analyse_indices",
    "execute",
    "ishigami_indices",
    "load_sensitivity_spec",
    "morris_floor",
    "prepare",
    "run_sensitivity",
    "sample",
    "sensitivity_spec_from_dict",
]
