"""Experiments: parameter sweeps over the model, in three separate layers.

* **define** - :mod:`~sim.experiments.spec`: a sweep spec (TOML or Python) names a base
  scenario, the parameters to vary (a grid, or samples from ``scipy.stats.qmc`` / SALib),
  fixed overrides, replicates, years, a sweep seed and the outcomes to keep. It expands to a
  :class:`~sim.experiments.spec.Design`; every run's seed derives from the sweep seed and
  the run id (:mod:`~sim.experiments.seeds`).
* **execute** - :mod:`~sim.experiments.executors`: serial, a local process pool (default) or
  Dask distributed, behind one interface; the results do not depend on which.
* **store and read** - :mod:`~sim.experiments.store`: ``results/<name>/`` with a manifest
  (spec, versions, git commit, times) and atomic Parquet parts, so an interrupted sweep can
  be resumed (:func:`run_sweep` with ``resume=True``, ``python -m sim sweep --resume``).

Quick start::

    from sim.experiments import run_sweep, load_results
    df = run_sweep({"n_coordinators": [1, 2], "n_pupils": 300}, iterations=3, years=1)
    df.groupby("n_coordinators")["share_over_10"].mean()

    # from a spec file, stored and resumable:
    run_sweep(spec="scenarios/sweeps/coordinators.toml", out="results/coordinators")
    load_results("results/coordinators")

As with Mesa's ``batch_run``, a *script* that runs a sweep on worker processes must start
it under ``if __name__ == "__main__":`` (the workers import the main module); notebooks
and ``python -m sim sweep`` need nothing special.
"""

from .design import MAX_RUNS, Design
from .executors import DaskExecutor, Executor, PoolExecutor, SerialExecutor, make_executor
from .seeds import run_seed
from .signals import SweepInterrupted
from .spec import SpecError, SweepSpec, load_spec, spec_from_dict, spec_from_parameters
from .store import load_manifest, load_results, load_timeseries
from .sweep import (
                    SweepFailed,
                    SweepReport,
                    SweepStorageError,
                    SweepUsageError,
                    execute_sweep,
                    prepare_sweep,
                    run_sweep,
)

__all__ = [
    "MAX_RUNS",
    "DaskExecutor",
    "Design",
    "Executor",
    "PoolExecutor",
    "SerialExecutor",
    "SpecError",
    "SweepFailed",
    "SweepInterrupted",
    "SweepReport",
    "SweepSpec",
    "SweepStorageError",
    "SweepUsageError",
    "execute_sweep",
    "load_manifest",
    "load_results",
    "load_spec",
    "load_timeseries",
    "make_executor",
    "prepare_sweep",
    "run_seed",
    "run_sweep",
    "spec_from_dict",
    "spec_from_parameters",
]
