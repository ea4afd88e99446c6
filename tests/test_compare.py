"""Comparing scenarios: the pure table functions (sim/analysis/compare.py) and
``python -m sim compare`` on the sweep engine (files, report.html, resume, refusals)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from sim.analysis.compare import (
    TABLE_COLUMNS,
    TERM_OUTCOMES,
    markdown_table,
    mean_ci,
    outcome_table,
    term_table,
)
from sim.cli import main

SMALL = ["--years", "1", "--set", "n_pupils=300", "--set", "n_schools=2", "--quiet"]


def _runs():
    rng = np.random.default_rng(0)
    base = rng.normal(10, 2, 6)
    return pd.DataFrame({
        "scenario": ["a"] * 6 + ["b"] * 6,
        "seed": list(range(6)) * 2,
        "x": [*base, *(base + 1.0 + rng.normal(0, 0.01, 6))],  # b = a + 1, paired
        "y": [*base, *(base + [0.01, -0.01, 0.02, -0.02, 0.005, -0.005])],  # mean difference 0
        "z": [np.nan] * 12,
    })


def test_outcome_table_pairs_by_seed():
    t = outcome_table(_runs(), ["x", "y", "z"])
    assert list(t.columns) == TABLE_COLUMNS and len(t) == 6
    bx = t[(t.scenario == "b") & (t.outcome == "x")].iloc[0]
    # the paired CI is narrow (differences vary by 0.01), unlike the unpaired spread (sd 2)
    assert bx.difference == pytest.approx(1.0, abs=0.02) and bx.excludes_zero
    assert bx.difference_high - bx.difference_low < 0.1 < bx.high - bx.low
    by = t[(t.scenario == "b") & (t.outcome == "y")].iloc[0]
    assert not by.excludes_zero and by.difference_low < 0 < by.difference_high
    ref = t[t.scenario == "a"]
    assert ref.difference.isna().all() and not ref.excludes_zero.any()
    z = t[t.outcome == "z"]
    assert (z.n == 0).all() and z["mean"].isna().all()
    md = markdown_table(t)
    assert md.splitlines()[0] == "| outcome | a | b | Δ b − a |"
    assert "| `z` | n/a | n/a | n/a |" in md and re.search(r"\| `x` .* \*", md)


def test_mean_ci_is_the_t_interval():
    n, m, lo, hi = mean_ci([1.0, 2.0, 3.0, np.nan])
    assert (n, m) == (3, 2.0) and hi - m == pytest.approx(4.303 * 1 / 3**0.5, rel=1e-3)
    assert np.isnan(mean_ci([5.0])[2]) and mean_ci([])[0] == 0


def test_outcome_table_refuses_two_runs_with_one_seed():
    runs = _runs()
    runs.loc[1, "seed"] = 0
    with pytest.raises(ValueError, match="same seed"):
        outcome_table(runs, ["x"])


def test_term_table_takes_each_terms_counts_from_the_running_counts():
    """Two runs of 6 weeks, 3 weeks a term; counts are cumulative from week 0."""
    weeks = list(range(6))
    run = {
        "week": weeks, "year": [0] * 6, "term": ["autumn"] * 3 + ["spring"] * 3,
        "trust_school_side": [0.5, 0.4, 0.3, 0.2, 0.2, 0.2],
        "true_absence": [0.1] * 6,
        "reports_screened": [2, 4, 4, 4, 4, 4],   # 4 in autumn, none in spring
        "cases_opened": [1, 1, 3, 3, 3, 3],       # 3 of 4 opened
        "pupils_helped_cross_sector": [0, 1, 1, 1, 3, 6],
        "long_term_new": [0, 0, 0, 1, 1, 1],
    }
    ts = pd.concat([pd.DataFrame(run).assign(scenario="a", seed=s) for s in (0, 1)])
    t = term_table(ts.sample(frac=1, random_state=0))  # row order must not matter
    assert list(t.columns[:6]) == ["scenario", "seed", "term_index", "first_week", "year", "term"]
    one = t[t.seed == 0].set_index("term_index")
    assert one.first_week.tolist() == [0, 3] and one.term.tolist() == ["autumn", "spring"]
    assert one.reports_opened_share[0] == pytest.approx(0.75)
    assert np.isnan(one.reports_opened_share[1])  # nothing screened: no share
    assert one.pupils_newly_helped.tolist() == [1, 5]
    assert one.long_term_new.tolist() == [0, 1]
    assert one.trust_school_side.tolist() == pytest.approx([0.4, 0.2])
    assert len(t) == 4

def test_compare_writes_tables_figures_and_a_self_contained_report(tmp_path, capsys):
    out = tmp_path / "c"
    assert main(["compare", "silo", "orust", "--replicates", "2", "--workers", "1",
                 "--out", str(out), *SMALL]) == 0
    printed = capsys.readouterr().out
    assert "| outcome | silo | orust | Δ orust − silo |" in printed
    table = pd.read_csv(out / "table.csv")
    assert list(table.columns) == TABLE_COLUMNS
    assert set(table.scenario) == {"silo", "orust"} and "long_term_incidence" in set(table.outcome)
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 4 and runs.groupby("replicate").seed.nunique().eq(1).all()
    apps = table[(table.scenario == "orust") & (table.outcome == "applications")].iloc[0]
    paired = (runs[runs.scenario == "orust"].set_index("seed").applications
              - runs[runs.scenario == "silo"].set_index("seed").applications).mean()
    assert apps.difference == pytest.approx(paired)
    for f in ("table.md", "figures/differences.png", "figures/timeseries.png",
              "figures/terms.png", "compare.json"):
        assert (out / f).is_file(), f
    terms = pd.read_csv(out / "terms.csv")  # one school year: two terms per run
    assert len(terms) == 2 * len(runs) and set(TERM_OUTCOMES) <= set(terms.columns)
    helped = terms.groupby(["scenario", "seed"]).pupils_newly_helped.sum()  # a 1-year run
    assert (helped == runs.set_index(["scenario", "seed"]).helped_per_year
            .reindex(helped.index)).all()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert re.findall(r'(?:src|href)="([^"]*)"', html) and all(
        s.startswith("data:image/png;base64,") for s in re.findall(r'(?:src|href)="([^"]*)"',
                                                                    html))
    for words in ("What it did to children", "What it did to cooperation",
                  "What it did to staff hours", "coordinator", "n_coordinators",
                  "Who pays, who gains", "Municipality (all)", "Society (all)"):
        assert words in html
    # who pays, who gains: orust against silo per budget, priced from the runs' hours
    costs = pd.read_csv(out / "costs.csv")
    assert set(costs.scenario) == {"orust"}
    year1 = costs.set_index("sector").year1_net_cost
    assert year1["municipality"] > 0  # the coordinators and meetings are paid in year 1
    assert year1["society"] == pytest.approx(year1[["municipality", "region", "state"]].sum()
                                             + year1.get("society_lost_production", 0.0))
    # the same command again is refused; with --resume nothing reruns and the report is rewritten
    assert main(["compare", "silo", "orust", "--replicates", "2", "--out", str(out),
                 *SMALL]) == 2
    assert "--resume" in capsys.readouterr().err
    mtime = (out / "runs" / "01-silo" / "manifest.json").stat().st_mtime_ns
    assert main(["compare", "silo", "orust", "--replicates", "2", "--workers", "1",
                 "--out", str(out), "--resume", *SMALL]) == 0
    assert (out / "runs" / "01-silo" / "manifest.json").stat().st_mtime_ns == mtime
    assert json.loads((out / "compare.json").read_text())["scenarios"] == ["silo", "orust"]
    # resuming with other options is refused
    assert main(["compare", "silo", "orust", "--replicates", "3", "--out", str(out),
                 "--resume", *SMALL]) == 2
    assert "replicates: stored 2, given 3" in capsys.readouterr().err


def test_compare_shows_events_and_runs_long_enough(tmp_path, capsys):
    sc = tmp_path / "later.toml"
    sc.write_text("[scenario]\nname = 'later'\ndescription = 'a coordinator fewer'\n"
                  "years = 4\n[[events]]\nweek = 110\nset = { n_coordinators = 1 }\n"
                  "note = 'one coordinator leaves'\n")
    out = tmp_path / "c"
    assert main(["compare", "orust", str(sc), "--replicates", "2", "--workers", "1",
                 "--out", str(out), "--set", "n_pupils=300", "--set", "n_schools=2",
                 "--quiet"]) == 0
    # the longest run asked for: 4 years (a scenario without years counts as 3)
    assert "4 school year(s)" in capsys.readouterr().out
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "from week 110: n_coordinators = 1 (one coordinator leaves)" in html
    # --years too short for the events: refused, nothing written
    out2 = tmp_path / "c2"
    assert main(["compare", "orust", str(sc), "--out", str(out2), *SMALL]) == 2
    assert "week = 110 is outside the run" in capsys.readouterr().err
    assert not out2.exists()


@pytest.mark.parametrize("args,needle", [
    (["orust", "orsut"], "did you mean 'orust'"),
    (["orust", "orust"], "given twice"),
    (["orust", "silo", "--set", "n_pupils=1"], "n_pupils = 1"),
    (["orust", "silo", "--replicates", "1"], "--replicates"),
])
def test_bad_compare_input_exits_2_and_writes_nothing(tmp_path, monkeypatch, capsys, args,
                                                      needle):
    monkeypatch.chdir(tmp_path)
    code = None
    try:
        code = main(["compare", *args, "--years", "1"])
    except SystemExit as exc:  # argparse refuses bad option values itself
        code = exc.code
    assert code == 2
    assert needle in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_compare_refuses_a_folder_that_is_not_a_comparison(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep me")
    assert main(["compare", "orust", "silo", "--out", str(tmp_path), *SMALL]) == 2
    assert "not a comparison's folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_report_leaves_out_parameters_that_change_nothing():
    """Against the silo, Orust before SKIFO keeps the registry's house-meeting and Samrum
    intervals, but it has neither co-location nor school social workers: they are not
    differences a planner should read about; its consultants and turnover are."""
    from sim.analysis.compare import parameter_differences
    from sim.scenarios import load_scenario

    silo, pre = load_scenario("silo"), load_scenario("orust-pre-skifo")
    a, b = silo.params.as_plain(), pre.params.as_plain()
    assert a["house_meeting_interval_weeks"] != b["house_meeting_interval_weeks"]
    diffs = parameter_differences(a, b)
    assert "house_meeting_interval_weeks" not in diffs and "samrum_interval_weeks" not in diffs
    assert {"consultant_share", "annual_turnover_social", "feedback_probability"} <= set(diffs)
