"""Social-investment accounting (issue 12): prices, identities, directions, the hump, P10."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis import costs
from sim.analysis.patterns import SILO
from sim.model import OUTCOMES, REGISTRY, defaults

P = defaults()
SECTORS = [s for s in costs.GROUPS_OF_SECTORS if costs.GROUPS_OF_SECTORS[s] == (s,)]


def summary(cost_school=0.0, cost_social=0.0, ineligible=10.0, long_term=5.0, helped=10.0,
            seed=0):
    """A synthetic run summary with only what the accounting reads."""
    return {"seed": seed, "cost_school_sek_year": cost_school,
            "cost_social_services_sek_year": cost_social,
            "cost_total_sek_year": cost_school + cost_social,
            "ineligible_leavers_per_year": ineligible, "long_term_new_per_year": long_term,
            "helped_per_year": helped}


# ------------------------------------------------------------------ the registry
def test_cost_parameters_are_a_group_of_their_own_with_ranges_and_sources():
    group = [p for p in REGISTRY.values() if p.group == "costs"]
    assert len(group) >= 25
    for p in group:
        assert p.range is not None and p.range[0] <= p.default <= p.range[1], p.name
        assert p.provenance in ("sourced", "assumption", "external"), p.name
    assert REGISTRY["exclusion_cost_lifetime"].provenance == "external"
    # the shares of the exclusion cost cannot add up to more than the whole
    hi = sum(REGISTRY[n].range[1] for n in ("exclusion_share_municipality",
                                             "exclusion_share_region", "exclusion_share_state"))
    assert hi <= 1.0


def test_prices_do_not_change_the_simulation():
    a = sim.run(seed=3, years=1, n_pupils=300, n_schools=2)
    b = sim.run(seed=3, years=1, n_pupils=300, n_schools=2, salary_teacher=60_000.0,
                exclusion_cost_lifetime=20.0, cost_discount_rate=0.0)
    priced = {k for k in OUTCOMES if "cost" in k}
    same = {k: v for k, v in a.summary.items() if k not in priced}
    assert same == {k: v for k, v in b.summary.items() if k not in priced}
    assert b.summary["cost_school_sek_year"] > a.summary["cost_school_sek_year"]
    assert b.summary["future_cost_total_sek_year"] > a.summary["future_cost_total_sek_year"]


def test_summary_costs_add_up():
    s = sim.run(seed=1, years=1, n_pupils=300, n_schools=2).summary
    assert s["cost_total_sek_year"] == pytest.approx(
        s["cost_school_sek_year"] + s["cost_social_services_sek_year"])
    assert s["future_cost_total_sek_year"] == pytest.approx(
        sum(s[f"future_cost_{k}_sek_year"] for k in SECTORS))
    assert all(k in s for k in OUTCOMES)


def test_more_coordinator_posts_raise_year_one_municipal_cost():
    one = sim.run(seed=2, years=1, n_pupils=300, n_schools=2, n_coordinators=1).summary
    two = sim.run(seed=2, years=1, n_pupils=300, n_schools=2, n_coordinators=2).summary
    tl = costs.cost_timeline([two], [one], params=P, horizon=1)
    year1 = tl[(tl["sector"] == "municipality") & (tl["year"] == 1)]["cost"].iloc[0]
    post = 12 * P["salary_coordinator"] * (1 + P["employer_cost_rate"])
    assert year1 > 0.5 * post  # at least the posts' cost shows (hours may shift a little)


# ------------------------------------------------------------------ identities
def test_sectors_sum_to_the_budgets_and_to_society():
    rng = np.random.default_rng(0)
    a = [summary(*rng.uniform(1e6, 3e6, 2), *rng.uniform(0, 20, 3), seed=i) for i in range(4)]
    b = [summary(*rng.uniform(1e6, 3e6, 2), *rng.uniform(0, 20, 3), seed=i) for i in range(4)]
    tl = costs.cost_timeline(a, b, params=P, horizon=30)
    wide = tl.pivot_table(index=["seed", "year"], columns="sector", values="net")
    for group, members in costs.GROUPS_OF_SECTORS.items():
        assert np.allclose(wide[group], wide[list(members)].sum(axis=1)), group
    assert np.allclose(wide["society"], wide[SECTORS].sum(axis=1))


def test_discounting_against_a_hand_computed_case():
    # 1 MSEK extra school cost a year for 3 years; no change in outcomes; 10 % discount
    a, b = [summary(cost_school=1e6)], [summary()]
    tl = costs.cost_timeline(a, b, params=P, horizon=3, discount_rate=0.10)
    cum = tl[tl["sector"] == "municipality_school"].sort_values("year")["cum_net_pv"].to_numpy()
    assert cum == pytest.approx([1e6, 1e6 + 1e6 / 1.1, 1e6 + 1e6 / 1.1 + 1e6 / 1.21])


def test_avoided_costs_arrive_when_the_streams_say():
    # one ineligible leaver fewer per year, a one-year programme, no discount
    p = P.replace(exclusion_start_age=20, exclusion_years=10, exclusion_risk_ineligible=0.5,
                  exclusion_cost_lifetime=10.0, exclusion_share_municipality=0.3,
                  exclusion_share_region=0.1, exclusion_share_state=0.2)
    tl = costs.cost_timeline([summary(ineligible=9)], [summary(ineligible=10)], params=p,
                             horizon=20, discount_rate=0.0, programme_years=1)
    soc = tl[tl["sector"] == "society"].set_index("year")["avoided"]
    assert soc[1] == 0  # the leaver leaves at the end of year 1
    assert soc[2] == pytest.approx(p["ineligible_school_cost"])  # the extra school year
    assert soc[3:5].eq(0).all()  # ages 17-19: nothing yet
    assert soc[6] == pytest.approx(0.5 * 10e6 / 10)  # from age 20: risk x cost / years
    assert soc[16] == 0  # after exclusion_years
    assert soc.sum() == pytest.approx(p["ineligible_school_cost"] + 0.5 * 10e6)
    lost = tl[tl["sector"] == "society_lost_production"].set_index("year")["avoided"]
    assert lost[6] == pytest.approx(0.5 * 10e6 / 10 * (1 - 0.3 - 0.1 - 0.2))


def test_the_summary_future_cost_is_the_discounted_stream():
    from sim.model.costs import future_cost_streams, present_value

    streams = future_cost_streams(P)
    pv = present_value(streams["ineligible"]["society_lost_production"], 0.035)
    t = streams["ineligible"]["society_lost_production"]
    assert pv == pytest.approx(sum(v / 1.035 ** k for k, v in enumerate(t)))


# ------------------------------------------------------------------ directions
def test_better_child_outcomes_avoid_more_future_cost():
    ref = [summary(ineligible=20, long_term=6, seed=i) for i in range(3)]
    good = [summary(cost_school=1e6, ineligible=15, long_term=4, seed=i) for i in range(3)]
    better = [summary(cost_school=1e6, ineligible=10, long_term=2, seed=i) for i in range(3)]
    t_good = costs.who_pays_who_gains(good, ref, params=P, horizon=60).set_index("sector")
    t_better = costs.who_pays_who_gains(better, ref, params=P, horizon=60).set_index("sector")
    for sector in ("society", "municipality", "state", "region"):
        assert t_better.loc[sector, "avoided_pv"] > t_good.loc[sector, "avoided_pv"] > 0
    be_good, be_better = (t.loc["society", "break_even_year"] for t in (t_good, t_better))
    assert be_better <= be_good


def test_hump_and_break_even_of_a_synthetic_investment():
    # costs 2 MSEK a year for 5 years, 8 ineligible leavers fewer a year: a hump that turns
    a = [summary(cost_school=2e6, ineligible=12, seed=i) for i in range(3)]
    b = [summary(ineligible=20, seed=i) for i in range(3)]
    tab = costs.who_pays_who_gains(a, b, params=P, horizon=40, programme_years=5)
    soc = tab.set_index("sector").loc["society"]
    assert soc["year1_net_cost"] > 0
    assert 1 < soc["break_even_year"] <= 40
    state = tab.set_index("sector").loc["state"]
    assert state["peak_net_cost_pv"] <= 0  # the state never pays, it only gains
    assert costs.break_even_year([3.0, 1.0, -1.0, 0.5, -2.0]) == 5
    assert math.isnan(costs.break_even_year([1.0, 2.0]))
    assert costs.break_even_year([0.0, -1.0]) == 1


def test_bad_inputs_are_refused_with_what_is_allowed():
    with pytest.raises(ValueError, match="same seeds"):
        costs.cost_timeline([summary(seed=1)], [summary(seed=2)], params=P)
    with pytest.raises(ValueError, match="horizon"):
        costs.cost_timeline([summary()], [summary()], params=P, horizon=0)
    with pytest.raises(ValueError, match="lack"):
        costs.cost_timeline([{"seed": 0}], [summary()], params=P)


# ------------------------------------------------------------------ a real paired run
def test_a_real_paired_run_gives_a_consistent_table():
    a = [dict(sim.run(seed=s, years=1, n_pupils=400, n_schools=2).summary, seed=s)
         for s in range(2)]
    b = [dict(sim.run(seed=s, years=1, n_pupils=400, n_schools=2, **SILO).summary, seed=s)
         for s in range(2)]
    tab = costs.who_pays_who_gains(a, b, params=P, horizon=8).set_index("sector")
    # the coordinators, working group and meetings cost the municipality more in year 1
    assert tab.loc["municipality", "year1_net_cost"] > 0
    assert tab.loc["society", "year1_net_cost"] == pytest.approx(
        sum(tab.loc[s, "year1_net_cost"] for s in SECTORS))
    per = costs.cost_per_outcome(a, b)
    assert (per["extra_cost_sek_year"] > 0).all()


@pytest.mark.slow
def test_hump_of_full_cooperation_against_the_silo_with_a_ci_over_seeds():
    """Costs come first for the municipality (CI above zero in year 1); the hump is then a
    rising cumulative net cost over the manual's 4-8 year horizon."""
    from sim.analysis.patterns import FULL

    seeds = 5
    a = [dict(sim.run(seed=s, years=2, **FULL).summary, seed=s) for s in range(seeds)]
    b = [dict(sim.run(seed=s, years=2, **SILO).summary, seed=s) for s in range(seeds)]
    tl = costs.cost_timeline(a, b, params=P, horizon=8)
    h = costs.hump(tl).set_index(["sector", "year"])
    assert h.loc[("municipality", 1), "low"] > 0
    assert h.loc[("municipality", 8), "mean"] > h.loc[("municipality", 1), "mean"]


def test_p10_returns_effects_like_the_other_patterns():
    from sim.analysis.patterns import Effect

    effects = costs.p10_costs_before_gains(seeds=2, workers=1, years=1,
                                           scenario={"n_pupils": 300, "n_schools": 2},
                                           reference={**SILO, "n_pupils": 300,
                                                      "n_schools": 2})
    assert len(effects) == 3 and all(isinstance(e, Effect) for e in effects)
    assert {e.pattern for e in effects} == {"P10"}
    assert effects[0].mean > 0  # the municipality pays in year 1


def test_cli_writes_the_table_and_figure(tmp_path):
    from sim.cli import main

    ref = tmp_path / "silo.toml"
    ref.write_text('[scenario]\nname = "silo-test"\nextends = "orust"\n[parameters]\n'
                   + "".join(f"{k} = {str(v).lower()}\n" for k, v in SILO.items()),
                   encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["costs", "orust", "--reference", str(ref), "--replicates", "2", "--years", "1",
               "--workers", "1", "--set", "n_pupils=300", "--set", "n_schools=2",
               "--out", str(out)])
    assert rc == 0
    for f in ("who_pays_who_gains.csv", "who_pays_who_gains.md", "hump.csv", "hump.png",
              "break_even_by_seed.csv", "cost_per_outcome.csv"):
        assert (out / f).is_file(), f
    tab = pd.read_csv(out / "who_pays_who_gains.csv")
    assert set(tab["sector"]) == set(costs.GROUPS_OF_SECTORS)
    assert main(["costs", "orust", "--reference", "no-such-scenario", "--out",
                 str(tmp_path / "x")]) == 2


def test_prices_do_not_change_a_run():
    """The costs group prices a run afterwards: at the other end of its range, every price
    leaves every outcome but the cost outcomes exactly as it was (so the Morris screening of
    child outcomes leaves the group out)."""
    from conftest import SMALL, other_end

    import sim
    from sim.model import REGISTRY
    from sim.model.costs import COST_OUTCOMES

    def run_outcomes(**overrides):
        summary = sim.run(seed=3, years=1, **SMALL, **overrides).summary
        return {k: v for k, v in summary.items() if k not in COST_OUTCOMES}

    base = run_outcomes()
    prices = [p for p in REGISTRY.values() if p.group == "costs" and p.range is not None]
    assert len(prices) > 10
    for p in prices:
        assert run_outcomes(**other_end(p)) == pytest.approx(base, nan_ok=True), p.name
