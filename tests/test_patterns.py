"""The conceptual model's patterns (docs/ODD.md, 1.2) over 20 seeds (40 for P9), paired by
seed.

These are the slow statistical tests; CI runs them. ``python -m sim validate`` prints the
same effects with their confidence intervals, and more: P6 and P10, and all of P11 (each
cooperation lever one at a time), which are reported there and in docs/ODD.md rather than
asserted, because they do not hold at 20 seeds (see 1.2).
"""

import pytest

from sim.analysis.patterns import PATTERNS, cooperation_vs_silo

SEEDS = 20
# P9 rests on coordinator departures, a few per run: its outcomes vary with how many happen.
SEEDS_FOR = {"P9": 40, "P8": 6}  # P8's effects are fixed delays: a few seeds show them

CHECKS = {**PATTERNS, "P11": cooperation_vs_silo}

# (pattern, indices of the effects that must hold); other effects are reported, not asserted.
ASSERTED = {
    # application to plan; concern to joint intervention is reported only: its median counts
    # only the pupils whose plan was set within the run, so a slow route hides its slowest
    # cases (censoring)
    "P1": [1],
    "P2": [0, 1],
    "P3": [0],
    "P4": [0, 1],
    "P5": [0],
    "P8": [0, 1],
    # hub-empty weeks and orphaned joint cases; the delay turnover adds is reported only (with
    # one coordinator the joint route is already so full that turnover adds little to it)
    "P9": [0, 1],
    # full cooperation vs silo: resolved share and eligibility not lower; more pupils get
    # cross-sector help. The child outcomes that should fall (long-term share, pupil-weeks,
    # incidence, mean absence) are reported, not asserted: since the school's joint triage
    # their effects are within seed noise at 20 seeds (docs/ODD.md, the pattern table in
    # 7.14). P6 (earlier detection) is reported only, for the same reason.
    "P11": [4, 5, 6],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ASSERTED))
def test_pattern_holds(name):
    effects = CHECKS[name](seeds=SEEDS_FOR.get(name, SEEDS), workers=2)
    for e in effects:
        print(e.line())
    for i in ASSERTED[name]:
        e = effects[i]
        # "direction": the 95 % CI of the paired effect excludes zero (one-sided p < 0.025);
        # "no fall": the CI is not entirely below zero
        if e.claim == "direction":
            assert e.holds and e.p_value < 0.025, e.line()
        else:
            assert e.holds, e.line()
