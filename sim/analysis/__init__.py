"""Analysis: what reads the results of runs and sweeps.

| module | what |
|---|---|
| :mod:`.patterns` | the qualitative patterns of the conceptual model as paired statistical contrasts (``python -m sim validate``) |
| :mod:`.sensitivity` | global sensitivity analysis with SALib and robust comparisons of scenarios (``python -m sim sensitivity``) |

It uses only the model's public surface (:mod:`sim.model`), the sweep engine
(:mod:`sim.experiments`) and scenario files (:mod:`sim.scenarios`).
"""
