"""Behaviour guard: every scenario reproduces its stored golden summary and time series.

A change that alters the model on purpose regenerates the references with
``python tests/golden/regenerate.py``; the new numbers are then visible in the diff.
"""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
import regenerate  # noqa: E402

CASES = [(name, seed) for name in regenerate.scenario_names() for seed in regenerate.SEEDS]


def test_every_scenario_has_references():
    stored = {p.name for p in regenerate.HERE.glob("*.json")}
    expected = {regenerate.path_for(name, seed).name for name, seed in CASES}
    assert stored == expected, (
        "golden references out of step with scenarios/: run python tests/golden/regenerate.py"
    )


@pytest.mark.parametrize("name,seed", CASES)
def test_scenario_matches_golden_reference(name, seed):
    stored = json.loads(regenerate.path_for(name, seed).read_text())
    now = json.loads(json.dumps(regenerate.reference(name, seed)))
    assert now["summary"] == stored["summary"], [
        (k, stored["summary"].get(k), now["summary"].get(k))
        for k in set(now["summary"]) | set(stored["summary"])
        if now["summary"].get(k) != stored["summary"].get(k)
    ][:10]
    assert now["timeseries"].keys() == stored["timeseries"].keys()
    for col, values in stored["timeseries"].items():
        assert now["timeseries"][col] == values, f"time series column {col!r} differs"
