"""Print the default scenario's absence distribution against the calibration anchor.

Aalborg's two study schools (004 L1344-1350): 32.6 % / 30.4 % of pupils at 5.01-10 %
absence, 18.7 % / 20.1 % above 10 %. The model's figures are over the last school year of
a 3-year run, mean and 95 % CI over seeds.

    python benchmarks/calibrate.py [SEEDS]
"""

import sys

import numpy as np
from scipy import stats

import sim

KEYS = {
    "share_5_to_10_year": "pupils at 5-10 % absence (target 30.4-32.6 %)",
    "share_over_10_year": "pupils above 10 % absence (target 18.7-20.1 %)",
    "mean_absence": "mean recorded absence, last 100 days",
    "long_term_absent_share": "pupils above 50 % absence, last 100 days",
    "eligible_share": "grade-9 leavers eligible (anchor 85-90 %, 002 L3784-3796)",
}


def main(seeds: int = 10) -> None:
    rows = [sim.run(seed=s).summary for s in range(seeds)]
    for key, label in KEYS.items():
        v = np.array([r[key] for r in rows])
        half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
        print(f"{label:58s} {100 * v.mean():6.1f} % ± {100 * half:.1f}")
    print(f"({seeds} seeds, default scenario, 3 school years)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
