"""Print how long one model run takes: the default municipality (1,500 pupils, 6 schools)
for 3 school years, and a larger one. Target (issue "Model foundation"): well under 1 s.

    python benchmarks/bench_model.py
"""

import platform
import statistics
import time
import tracemalloc

from sim.model import SchoolCooperationModel


def time_run(repeats=5, years=3, **kw):
    times = []
    for seed in range(repeats):
        t0 = time.perf_counter()
        SchoolCooperationModel(seed=seed, **kw).run_years(years)
        times.append(time.perf_counter() - t0)
    return times


def main():
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python "
        f"{platform.python_version()}"
    )
    for label, kw in (
        ("1,500 pupils, 6 schools, 3 years", {}),
        ("15,000 pupils, 60 schools, 3 years", dict(n_pupils=15_000, n_schools=60)),
    ):
        times = time_run(repeats=5 if not kw else 2, **kw)
        print(
            f"{label:38s} median {statistics.median(times):.3f} s  (min {min(times):.3f}, max "
            f"{max(times):.3f})"
        )
    tracemalloc.start()
    SchoolCooperationModel(seed=0).run_years(3)
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak Python memory, default run: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
