"""The conceptual model's patterns (docs/ODD.md, 1.2) over 20 seeds (30 for P9, 40 for P6, 80
for P11's levers one at a time), paired by seed.

These are the slow statistical tests; CI runs them. ``python -m sim validate`` prints the
same effects with their confidence intervals, and more: P10, and the effects that are
reported rather than asserted, because they do not hold or are not claimed (see 1.2 and
7.15). Conditions shared between patterns (the default scenario) run once per seed
(``sim.analysis.patterns.contrast``).
"""

import pytest

from sim.analysis.patterns import (
    CONSULTATION,
    LEVER_SEED_FACTOR,
    LEVERS,
    PATTERNS,
    cooperation_vs_silo,
    lever_alone,
    reaches_child,
)

SEEDS = 20
# P9 rests on coordinator departures, a few per run: its outcomes vary with how many happen.
SEEDS_FOR = {"P9": 30, "P8": 6}  # P8's effects are fixed delays: a few seeds show them

CHECKS = {**PATTERNS, "P11": cooperation_vs_silo}

# (pattern, indices of the effects that must hold); other effects are reported, not asserted.
ASSERTED = {
    # application to plan: the median of plans set, the mean that counts the applications
    # still waiting at the end, and the Kaplan-Meier median (those still waiting censored);
    # concern to joint intervention is reported only: its median counts only the pupils whose
    # plan was set within the run, so a slow route hides its slowest cases (censoring)
    "P1": [1, 2, 3],
    "P2": [0, 1],
    "P3": [0],
    # school-side trust at the era's end and a year later, and what the children's reports
    # lead to: the share intake opens in the era's last year and in the year after it
    "P4": [0, 1, 2, 3],
    "P5": [0],
    "P8": [0, 1],
    # hub-empty weeks, orphaned joint cases, and the delay turnover adds to joint plans on the
    # Kaplan-Meier median (applications still waiting censored); on the median of plans set
    # and on the mean with those still waiting it is reported only: both are biased by the
    # applications still waiting at the end, the first down, the second towards the run's end
    "P9": [0, 1, 4],
    # earlier detection (over P6_SEED_FACTOR times the seeds), on the pupils who reach
    # long-term absence (incidence), the share at the end and pupil-weeks: first-absence calls
    # (all three); a shorter window (incidence and share; its pupil-weeks at p about 0.1 are
    # reported); the field's thresholds 10/15 % against later ones, 15/20 %, under default
    # staffing (all three), with the follow-up demand left unmet growing under default and
    # under cut staffing. Reported only: the thresholds under cut staffing (the trade-off:
    # long-term absence does not move) and a ladder earlier than any field's, 5/10 % against
    # 10/15 % (long-term absence does not fall further; ODD 1.2 and 7.15)
    "P6": [0, 1, 2, 3, 4, 6, 7, 8, 9, 13, 17],
    # full cooperation vs silo: every child outcome (long-term share, pupil-weeks, incidence,
    # mean absence in the last window and over the run lower; resolved share and eligibility
    # not lower), access, and the size per pupil reached within the meta-analytic bound
    "P11": [0, 1, 2, 3, 4, 5, 6, 7, 8],
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


@pytest.mark.slow
@pytest.mark.parametrize("lever", [*LEVERS, CONSULTATION],
                         ids=[*(lever[0] for lever in LEVERS), CONSULTATION[0]])
def test_each_lever_reaches_the_child(lever):
    """P11, one lever at a time: routine feedback, low social-worker turnover, regular
    cross-sector contact (the coordinator's monthly meeting with each EHT) and case
    consultation at the scheduled contacts (the channel of regular contact) each lower the
    absence of pupils whose families have problems (the one outcome fixed for every lever,
    PRIMARY_LEVER_OUTCOME), and the resolved share does not fall. A monthly forum on top of
    the meetings is reported by ``python -m sim validate``, not asserted: it takes the hours of
    every EHT member, which then lack in counsellors' follow-up (docs/ODD.md 7.15)."""
    effects = lever_alone(*lever, seeds=LEVER_SEED_FACTOR * SEEDS, workers=2)
    for e in effects:
        print(e.line())
    best = reaches_child(effects)
    assert best is not None, "; ".join(e.line() for e in effects)
    assert all(e.holds for e in effects if e.claim == "no fall")
