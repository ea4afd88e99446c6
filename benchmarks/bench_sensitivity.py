"""How long the sensitivity specs take: the tiny [fast] run measured, the full run estimated.

    python benchmarks/bench_sensitivity.py        # every spec in scenarios/sensitivity/
    python benchmarks/bench_sensitivity.py --sample-runs 10 --workers 2
    python benchmarks/bench_sensitivity.py scenarios/sensitivity/sobol_twelve.toml --no-fast

For each spec it prints

* the wall time of the whole ``--fast`` analysis (sweeps, analysis, figures) on a process pool,
* the mean time of one run at the spec's full settings, from ``--sample-runs`` design points
  spread over the full sample (run serially here, each with its own seed),
* an **estimate** of the full analysis: its number of runs times that mean, divided by the
  number of workers (assuming perfect parallel efficiency; the sweep benchmark measures the
  real efficiency). Replace the estimate by a measurement when the full run has been made:
  ``sensitivity.json`` in its results directory records the time of every session.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

SPECS = Path(__file__).resolve().parent.parent / "scenarios" / "sensitivity"


def fast_seconds(spec_path: Path, workers: int) -> float:
    from sim.analysis.sensitivity import run_sensitivity

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        run_sensitivity(spec_path, fast=True, out=Path(tmp) / "out", workers=workers,
                        progress=False)
        return time.perf_counter() - t0


def full_estimate(spec_path: Path, sample_runs: int) -> tuple[int, float]:
    """(runs of the full analysis, mean seconds of one run at full settings)."""
    from sim import run
    from sim.analysis.sensitivity import prepare

    plan = prepare(spec_path, out=None)
    total = sum(sw.design.n_runs for sw in plan.sweeps.values())
    design = plan.sweeps[plan.sample_roles[0]].design
    picks = np.linspace(0, design.n_points - 1, sample_runs).round().astype(int)
    times = []
    for i, p in enumerate(picks):
        t0 = time.perf_counter()
        run(design.scenario, seed=i, years=plan.spec.years, **design.overrides(int(p)))
        times.append(time.perf_counter() - t0)
    return total, float(np.mean(times))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("specs", nargs="*", type=Path, help="spec files (default: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sample-runs", type=int, default=6,
                    help="full-size runs timed per spec (default 6)")
    ap.add_argument("--no-fast", action="store_true", help="skip the --fast analyses")
    args = ap.parse_args()
    specs = args.specs or sorted(SPECS.glob("*.toml"))
    print(f"{'spec':28s} {'fast run':>10s} {'full runs':>10s} {'s/run':>7s} "
          f"{'full, est.':>12s}  (workers = {args.workers})")
    for path in specs:
        fast = float("nan")
        if not args.no_fast:
            fast = fast_seconds(path, args.workers)
        total, per_run = full_estimate(path, args.sample_runs)
        est = total * per_run / args.workers
        print(f"{path.stem:28s} {fast:9.1f}s {total:10d} {per_run:7.2f} "
              f"{est / 3600:10.2f} h")


if __name__ == "__main__":
    main()
