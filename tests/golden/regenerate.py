"""Golden references: every scenario's summary and weekly time series, two seeds, 2 years.

``tests/test_golden.py`` checks that the model still produces exactly these numbers, so a
restructuring that should not change behaviour cannot change it unnoticed. A change that
alters the model *on purpose* regenerates them with::

    python tests/golden/regenerate.py

and the new numbers show up in the diff of ``tests/golden/``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = (0, 1)
YEARS = 2


def _plain(v):
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if hasattr(v, "item"):  # numpy scalar
        return _plain(v.item())
    return v


def reference(scenario_name: str, seed: int) -> dict:
    """The numbers one scenario and seed produce now, as plain JSON values."""
    import sim
    from sim.scenarios import load_scenario

    # a scenario that replays a history runs for its own years (its events need them)
    years = max(YEARS, load_scenario(scenario_name).years or 0)
    result = sim.run(scenario_name, seed=seed, years=years)
    ts = result.timeseries
    return {
        "scenario": scenario_name,
        "seed": seed,
        "years": years,
        "summary": {k: _plain(v) for k, v in result.summary.items()},
        "timeseries": {c: [_plain(v) for v in ts[c].tolist()] for c in ts.columns},
    }


def path_for(scenario_name: str, seed: int) -> Path:
    return HERE / f"{scenario_name}-seed{seed}.json"


def scenario_names() -> list[str]:
    from sim.scenarios import list_scenarios

    return [sc.name for sc in list_scenarios()]


def main() -> int:
    for old in HERE.glob("*.json"):
        old.unlink()
    for name in scenario_names():
        for seed in SEEDS:
            path_for(name, seed).write_text(json.dumps(reference(name, seed), indent=1) + "\n")
            print(f"wrote {path_for(name, seed).relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
