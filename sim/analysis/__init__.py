"""Analysis: what reads the results of runs and sweeps.

| module | what |
|---|---|
| :mod:`.patterns` | the patterns as paired contrasts (``python -m sim validate``) |
| :mod:`.sensitivity` | sensitivity analysis, robust comparisons (``python -m sim sensitivity``) |

It uses only the model's public surface (:mod:`sim.model`), the sweep engine
(:mod:`sim.experiments`) and scenario files (:mod:`sim.scenarios`).
"""
