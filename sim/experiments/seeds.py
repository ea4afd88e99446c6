"""Seeds for the runs of a sweep.

Every run's seed is a pure function of the sweep seed and the run's index, so it does not
depend on the order in which runs are executed, on the executor or on the number of
workers. A resumed sweep therefore gives each remaining run the seed it would have had in an
uninterrupted sweep.

The derivation follows NumPy's recommendation for independent parallel streams: a
:class:`numpy.random.SeedSequence` with the sweep seed as entropy and the run index as its
``spawn_key`` (the same sequence ``SeedSequence(sweep_seed).spawn(n)[run_index]`` gives).
The 64-bit state word it generates is cut to 63 bits so that it fits a signed Parquet column.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DESIGN_STREAM", "design_seed", "run_seed", "run_seeds"]

#: ``spawn_key`` of the stream that draws the design's samples (LHS, Sobol, SALib). It is
#: two words long, so it can never equal a run's one-word key.
DESIGN_STREAM = (0xDE5, 0x16)


def _check_seed(sweep_seed: int) -> int:
    if (isinstance(sweep_seed, bool) or not isinstance(sweep_seed, (int, np.integer))
            or sweep_seed < 0):
        raise ValueError(f"seed = {sweep_seed!r} is not allowed: a whole number >= 0.")
    return int(sweep_seed)


def run_seed(sweep_seed: int, run_index: int) -> int:
    """The seed of run ``run_index`` of a sweep with seed ``sweep_seed`` (0 <= seed < 2**63)."""
    sweep_seed = _check_seed(sweep_seed)
    if isinstance(run_index, bool) or int(run_index) != run_index or run_index < 0:
        raise ValueError(f"run index {run_index!r} must be a whole number >= 0.")
    ss = np.random.SeedSequence(sweep_seed, spawn_key=(int(run_index),))
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def run_seeds(sweep_seed: int, n: int) -> list[int]:
    """Seeds of runs ``0 .. n-1``; the same as ``[run_seed(sweep_seed, i) for i in range(n)]``."""
    return [run_seed(sweep_seed, i) for i in range(n)]


def design_seed(sweep_seed: int) -> int:
    """Seed of the random number generator that draws the design's samples."""
    ss = np.random.SeedSequence(_check_seed(sweep_seed), spawn_key=DESIGN_STREAM)
    return int(ss.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
