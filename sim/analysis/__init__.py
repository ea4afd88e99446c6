"""Analysis: what reads the results of runs and sweeps.

| module | what |
|---|---|
| :mod:`.patterns` | the patterns as paired contrasts (``python -m sim validate``) |

It uses only the model's public surface (:mod:`sim.model`).
"""
