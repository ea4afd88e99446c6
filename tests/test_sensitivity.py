"""Sensitivity analysis (python -m sim sensitivity): known answers, the noise rule, spec errors,
tiny end-to-end runs of the shipped specs, the robust comparison and resume.

The known answers run the whole pipeline (ProblemSpec sample, sweep engine, point means,
SALib analysis) on SALib's Ishigami function behind a runner, so they check the sampling
order and the analysis code that the model's analyses use.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis.sensitivity import (
    IshigamiRunner,
    SensitivityError,
    SensitivityFailed,
    ishigami_indices,
    load_sensitivity_spec,
    prepare,
    run_sensitivity,
)
from sim.analysis.sensitivity.methods import check_design, sample, whole
from sim.cli import main
from sim.experiments import SweepInterrupted, load_manifest, load_results
from sim.model import OUTCOMES, REGISTRY

SPECS = Path(__file__).resolve().parent.parent / "scenarios" / "sensitivity"
CHILD = ["long_term_absent_share", "resolved_share", "eligible_share", "mean_absence"]


def float_parameters(k: int) -> list[str]:
    """``k`` sampleable float parameters of the registry (the Ishigami runner's inputs)."""
    names = [p.name for p in REGISTRY.values() if p.kind == "float" and p.sampleable]
    assert len(names) >= k
    return names[:k]


def ishigami_spec(method: str, n: int, names: list[str], **extra) -> dict:
    return {"sensitivity": {"method": method, "n": n, "parameters": names, "noise_runs": 0,
                            "seed": 5, **extra},
            "outcomes": {"ishigami": "none"}}


# ---------------------------------------------------------------------------------------
# Known answers: Ishigami
# ---------------------------------------------------------------------------------------


def test_sobol_recovers_ishigami_indices():
    names = float_parameters(3)
    res = run_sensitivity(ishigami_spec("sobol", 1024, names, second_order=True,
                                        convergence_start=64, resamples=200),
                          runner=IshigamiRunner(names), out=None, executor="serial",
                          progress=False, convergence=True)
    truth = ishigami_indices()
    t = res.indices["ishigami"].set_index("parameter").loc[names]
    assert np.abs(t["S1"].to_numpy() - truth["S1"]).max() < 0.05
    assert np.abs(t["ST"].to_numpy() - truth["ST"]).max() < 0.05
    assert (t["S1_conf"] > 0).all() and (t["ST_conf"] > 0).all()
    s2 = res.second_order["ishigami"].set_index(["parameter_1", "parameter_2"])["S2"]
    assert abs(s2[(names[0], names[2])] - truth["ST"][2]) < 0.08  # S13 = ST3
    assert abs(s2[(names[0], names[1])]) < 0.08 and abs(s2[(names[1], names[2])]) < 0.08
    # convergence: the same sample's first N blocks; intervals narrow as N grows
    conv = res.convergence["ishigami"]
    assert sorted(conv["n"].unique()) == [64, 128, 256, 512, 1024]
    width = conv.groupby("n")["ST_conf"].mean()
    assert width[1024] < width[64] / 2


def test_morris_ranks_ishigami_x1_and_x2_above_x3():
    names = float_parameters(3)
    res = run_sensitivity(ishigami_spec("morris", 50, names), runner=IshigamiRunner(names),
                          out=None, executor="serial", progress=False)
    mu = res.indices["ishigami"].set_index("parameter")["mu_star"]
    assert mu[names[0]] > mu[names[2]] and mu[names[1]] > mu[names[2]]


def test_fast_recovers_ishigami_first_order():
    names = float_parameters(3)
    res = run_sensitivity(ishigami_spec("fast", 300, names, resamples=100),
                          runner=IshigamiRunner(names), out=None, executor="serial",
                          progress=False)
    t = res.indices["ishigami"].set_index("parameter").loc[names]
    assert np.abs(t["S1"].to_numpy() - ishigami_indices()["S1"]).max() < 0.05


# ---------------------------------------------------------------------------------------
# The noise rule, on Ishigami with seed noise and a dummy parameter
# ---------------------------------------------------------------------------------------


def test_noise_share_and_sobol_flags():
    names = float_parameters(4)  # the fourth has no effect on Ishigami
    sd = 1.5
    true_share = sd**2 / (ishigami_indices()["variance"] + sd**2)
    res = run_sensitivity(ishigami_spec("sobol", 256, names, noise_runs=100, resamples=200),
                          runner=IshigamiRunner(names, noise_sd=sd), out=None,
                          executor="serial", progress=False)
    share = res.noise.set_index("outcome").loc["ishigami", "noise_share"]
    assert abs(share - true_share) < 0.05
    t = res.indices["ishigami"].set_index("parameter")
    # seed noise enters every ST: the dummy's ST is about the noise share, and flagged
    assert abs(t.loc[names[3], "ST"] - share) < 0.06
    assert not t.loc[names[3], "ST_above_noise"]
    assert t.loc[names[0], "ST_above_noise"] and t.loc[names[1], "ST_above_noise"]
    assert not t.loc[names[2], "S1_above_noise"]  # x3 has no first-order effect


def test_morris_noise_floor_matches_a_parameter_without_effect():
    names = float_parameters(4)
    res = run_sensitivity(ishigami_spec("morris", 80, names, noise_runs=100),
                          runner=IshigamiRunner(names, noise_sd=1.5), out=None,
                          executor="serial", progress=False)
    floor = res.noise.set_index("outcome").loc["ishigami", "floor"]
    t = res.indices["ishigami"].set_index("parameter")
    assert 0.75 < t.loc[names[3], "mu_star"] / floor < 1.25  # the formula's expectation
    assert not t.loc[names[3], "mu_star_above_noise"]
    assert t.loc[names[:3], "mu_star_above_noise"].all()


# ---------------------------------------------------------------------------------------
# Whole numbers and the sample order
# ---------------------------------------------------------------------------------------


def test_whole_numbers_are_equally_likely_cells():
    u = np.linspace(0, 1, 10_001)
    values = [whole(x, 0, 3) for x in 0 + u * 3]
    counts = np.bincount(values)
    assert list(np.nonzero(counts)[0]) == [0, 1, 2, 3]
    assert counts.max() - counts.min() <= 2
    assert whole(3.0, 0, 3) == 3 and whole(0.0, 0, 3) == 0


def test_design_is_checked_against_the_problemspec_sample():
    spec = load_sensitivity_spec(SPECS / "morris_assumptions.toml", fast=True)
    plan = prepare(spec, out=None)
    design = plan.sweeps["main"].design
    assert any(REGISTRY[p].kind == "int" for p in spec.parameters)
    check_design(spec, sample(spec), design.points)  # the same matrix
    shuffled = design.points[1:] + design.points[:1]
    with pytest.raises(SensitivityError, match="no longer matches"):
        check_design(spec, sample(spec), shuffled)


def test_any_outcome_of_the_model_can_be_analysed():
    outcome = next(o for o in reversed(list(OUTCOMES)) if o not in CHILD)
    spec = {"sensitivity": {"method": "sobol", "n": 2, "parameters": ["trust_gain",
                                                                      "trust_loss"],
                            "years": 1, "noise_runs": 2, "resamples": 20},
            "outcomes": {outcome: "none", "mean_absence": "lower"},
            "fixed": {"n_pupils": 100, "n_schools": 1}}
    res = run_sensitivity(spec, out=None, executor="serial", progress=False)
    assert set(res.indices) | set(res.skipped) == {outcome, "mean_absence"}
    assert len(res.points) == 2 * (2 + 2)


# ---------------------------------------------------------------------------------------
# Usage errors: exit 2, a message naming file, key, value and what is allowed; no files
# ---------------------------------------------------------------------------------------

BASE = """
[sensitivity]
method = "sobol"
n = 4
parameters = ["trust_gain", "trust_loss"]
years = 1

[outcomes]
mean_absence = "lower"
"""

LIST_OUTCOMES = [('[outcomes]\nmean_absence = "lower"', ""),
                 ("years = 1", 'years = 1\noutcomes = ["mean_absence"]')]
ERRORS = {  # id: (edits of BASE, extra arguments, what the message must say)
    "unknown-key": ([("years = 1", 'years = 1\ncolour = "red"')], [],
                    ["unknown key(s) ['colour']", "Allowed keys"]),
    "bad-method": ([('"sobol"', '"sobl"')], [], ["method = 'sobl'", "'morris'", "'fast'"]),
    "n-not-power-of-2": ([("n = 4", "n = 6")], [], ["n = 6", "a power of 2 such as 4 or 8"]),
    "unknown-parameter": ([('"trust_gain",', '"trust_gian",')], [],
                          ["trust_gian", "did you mean 'trust_gain'"]),
    "unknown-table": ([("[outcomes]", "[outcomes2]")], [], ["unknown table(s) ['outcomes2']"]),
    "range-order": ([("years = 1", "years = 1\n[ranges]\ntrust_gain = [0.2, 0.1]")], [],
                    ["[ranges]", "trust_gain", "low < high"]),
    "range-outside": ([("years = 1", "years = 1\n[ranges]\ntrust_gain = [0.0, 0.1]")], [],
                      ["[ranges]", "trust_gain = 0.0", "plausible range"]),
    "option-of-other-method": ([("years = 1", "years = 1\nlevels = 4")], [],
                               ["levels applies to method 'morris'"]),
    "bad-selection": ([('["trust_gain", "trust_loss"]', '"assumption"')], [],
                      ["parameters = 'assumption'", '"assumptions"']),
    "exclude-with-list": ([("years = 1", 'years = 1\nexclude = ["trust_gain"]')], [],
                          ["exclude applies only with parameters"]),
    "not-sampleable": ([('"trust_loss"]', '"trust_loss", "consent_routine"]')], [],
                       ["consent_routine cannot be sampled"]),
    "unknown-outcome": ([("mean_absence =", "mean_absense =")], [],
                        ["unknown outcome 'mean_absense'", "did you mean 'mean_absence'"]),
    "bad-direction": ([('"lower"', '"smaller"')], [],
                      ["mean_absence = 'smaller'", '"lower" or "higher" or "none"']),
    "fast-missing": ([], ["--fast"], ["--fast needs a [fast] table"]),
    "convergence-fast": ([('method = "sobol"\nn = 4', 'method = "fast"\nn = 65')],
                         ["--convergence"], ["--convergence needs method"]),
    "compare-without-directions": (LIST_OUTCOMES, ["--compare", "orust-2022", "orust"],
                                   ["must know which direction", "[outcomes] table"]),
    "compare-unknown-scenario": ([], ["--compare", "orust-2022", "nowhere"],
                                 ["[compare] b = 'nowhere'", "unknown scenario"]),
    "compare-same": ([], ["--compare", "orust", "orust"], ["the same parameter values"]),
    "compare-sampled-difference": ([('"trust_loss"]', '"trust_loss", "n_coordinators"]')],
                                   ["--compare", "orust-2022", "orust"],
                                   ["n_coordinators", "distinguish(es) scenario A from B"]),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_usage_errors_exit_2_and_write_nothing(tmp_path, capsys, case):
    edits, args, expected = ERRORS[case]
    text = BASE
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert str(path) in err or case == "compare-unknown-scenario"
    for e in expected:
        assert e in err, (e, err)
    assert not out.exists()


def test_missing_spec_file_exits_2(tmp_path, capsys):
    assert main(["sensitivity", str(tmp_path / "nope.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# The shipped specs, end to end with their [fast] tables
# ---------------------------------------------------------------------------------------


def _check_outputs(out: Path, spec, method_cols: list[str]) -> None:
    assert (out / "summary.md").is_file() and (out / "sensitivity.json").is_file()
    meta = json.loads((out / "sensitivity.json").read_text())
    noise = pd.read_csv(out / "noise.csv")
    assert list(noise["outcome"]) == list(spec.outcomes)
    assert (noise["base_runs"] == spec.noise_runs).all()
    analysed = [o for o in spec.outcomes if o not in meta["skipped"]]
    assert analysed, "no outcome could be analysed"
    for o in analysed:
        t = pd.read_csv(out / f"indices_{o}.csv")
        assert sorted(t["parameter"]) == sorted(spec.parameters)
        assert list(t["rank"]) == list(range(1, spec.d + 1))
        for c in method_cols:
            assert t[c].notna().all()
        rank_by = method_cols[0] if method_cols[0] == "mu_star" else "ST"
        assert t[rank_by].is_monotonic_decreasing
        assert (out / "figures" / f"indices_{o}.png").stat().st_size > 10_000
    summary = (out / "summary.md").read_text()
    for o in spec.outcomes:
        assert f"`{o}`" in summary


def test_morris_assumptions_fast_end_to_end(tmp_path, capsys):
    out = tmp_path / "morris"
    spec = load_sensitivity_spec(SPECS / "morris_assumptions.toml", fast=True)
    assert spec.selection == "assumptions" and spec.d > 40
    assert all(REGISTRY[p].is_assumption for p in spec.parameters)
    assert "long_term_threshold" not in spec.parameters
    assert main(["sensitivity", str(SPECS / "morris_assumptions.toml"), "--fast", "--out",
                 str(out), "--workers", "2", "--no-progress"]) == 0
    _check_outputs(out, spec, ["mu_star", "mu_star_conf", "sigma"])
    runs = load_results(out)
    assert len(runs) == spec.n_points() and (runs["status"] == "ok").all()
    assert len(load_results(out / "noise")) == spec.noise_runs


def test_sobol_twelve_fast_end_to_end_with_convergence_and_resume(tmp_path, capsys):
    out = tmp_path / "sobol"
    spec_path = SPECS / "sobol_twelve.toml"
    spec = load_sensitivity_spec(spec_path, fast=True)
    assert spec.d == 12
    # --dry-run writes nothing
    assert main(["sensitivity", str(spec_path), "--fast", "--out", str(out), "--dry-run"]) == 0
    assert "to run: 60 of 60 runs" in capsys.readouterr().out
    assert not out.exists()
    args = ["sensitivity", str(spec_path), "--fast", "--out", str(out), "--convergence",
            "--workers", "2", "--no-progress"]
    assert main(args) == 0
    _check_outputs(out, spec, ["ST", "ST_conf", "S1", "S1_conf"])
    conv = pd.read_csv(next(out.glob("convergence_*.csv")))
    assert sorted(conv["n"].unique()) == [2, 4]
    first = {p.name: p.read_bytes() for p in out.glob("indices_*.csv")}
    # the directory holds an analysis: refused without --resume, nothing changed
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err
    # --resume: nothing left to run; the analysis is made again, identically
    assert main([*args, "--resume"]) == 0
    assert {p.name: p.read_bytes() for p in out.glob("indices_*.csv")} == first
    meta = json.loads((out / "sensitivity.json").read_text())
    assert all(s["ran"] == 0 for s in meta["sweeps"])
    # resuming with another spec is refused
    assert main(["sensitivity", str(SPECS / "morris_assumptions.toml"), "--fast", "--out",
                 str(out), "--resume"]) == 2
    assert "differs" in capsys.readouterr().err


def test_second_coordinator_fast_comparison(tmp_path, capsys):
    out = tmp_path / "compare"
    spec = load_sensitivity_spec(SPECS / "second_coordinator.toml", fast=True)
    assert (spec.compare.a, spec.compare.b) == ("orust-2022", "orust")
    assert main(["sensitivity", str(SPECS / "second_coordinator.toml"), "--fast", "--out",
                 str(out), "--workers", "2", "--no-progress"]) == 0
    a, b = load_results(out / "a"), load_results(out / "b")
    assert (a["seed"].to_numpy() == b["seed"].to_numpy()).all()  # paired
    base = {k: load_manifest(out / k)["base_scenario"]["parameters"] for k in ("a", "b")}
    assert base["a"]["n_coordinators"] == 1 and base["b"]["n_coordinators"] == 2
    comp = pd.read_csv(out / "comparison.csv").set_index("outcome")
    assert list(comp.index) == list(spec.outcomes)
    assert list(comp["better_when"]) == [spec.outcomes[o] for o in comp.index]
    total = comp["share_better"] + comp["share_worse"] + comp["share_equal"]
    assert np.allclose(total, 1.0)
    assert (comp["share_better_low"] <= comp["share_better"] + 1e-12).all()
    assert (comp["share_better"] <= comp["share_better_high"] + 1e-12).all()
    # the shares are those of the stored runs: B - A per point, direction from the spec
    pts = pd.read_csv(out / "points.csv")
    for o, direction in spec.outcomes.items():
        d = b.groupby("point_id")[o].mean() - a.groupby("point_id")[o].mean()
        assert np.allclose(pts[o].to_numpy(), d.to_numpy(), equal_nan=True)
        sign = 1 if direction == "higher" else -1
        assert math.isclose(comp.loc[o, "share_better"], float((sign * d > 0).mean()),
                            abs_tol=1e-6)  # the CSV keeps 6 decimals
    _check_outputs(out, spec, ["ST", "ST_conf", "S1", "S1_conf"])
    summary = (out / "summary.md").read_text()
    assert "`n_coordinators` 1 → 2" in summary
    assert "of the sampled assumption space" in summary


def test_compare_on_the_command_line_with_another_spec(tmp_path):
    """--compare A B works with a spec that has no [compare] table (paired, tiny)."""
    spec = tmp_path / "tiny.toml"
    spec.write_text(BASE.replace("n = 4", "n = 2\nnoise_runs = 2\nresamples = 20")
                    + "[fixed]\nn_pupils = 100\nn_schools = 1\n")
    out = tmp_path / "cmp"
    assert main(["sensitivity", "--compare", "orust-2022", "orust", str(spec), "--out",
                 str(out), "--workers", "1", "--no-progress"]) == 0
    comp = pd.read_csv(out / "comparison.csv")
    assert list(comp["outcome"]) == ["mean_absence"]
    assert "orust vs orust-2022" in (out / "summary.md").read_text()


# ---------------------------------------------------------------------------------------
# Resume after an interruption: the same indices as an uninterrupted analysis
# ---------------------------------------------------------------------------------------


class StoppingIshigami(IshigamiRunner):
    """Raises KeyboardInterrupt (as Ctrl-C would) after ``stop_after`` runs in this process."""

    stop_after: int | None = None
    calls = 0

    def __call__(self, *args, **kwargs):
        cls = type(self)
        if cls.stop_after is not None:
            cls.calls += 1
            if cls.calls > cls.stop_after:
                raise KeyboardInterrupt
        return super().__call__(*args, **kwargs)


def test_interrupted_analysis_resumes_to_the_same_result(tmp_path):
    names = float_parameters(3)
    spec = ishigami_spec("sobol", 32, names, noise_runs=5, replicates=2)
    runner = StoppingIshigami(names, noise_sd=0.5)
    kw = {"runner": runner, "executor": "serial", "progress": False, "figures": False}
    StoppingIshigami.stop_after = None
    ref = run_sensitivity(spec, out=tmp_path / "ref", **kw)

    StoppingIshigami.stop_after, StoppingIshigami.calls = 70, 0
    with pytest.raises(SweepInterrupted):
        run_sensitivity(spec, out=tmp_path / "cut", **kw)
    done = load_results(tmp_path / "cut")
    assert 0 < len(done) < 32 * 5 * 2
    assert not (tmp_path / "cut" / "summary.md").exists()

    StoppingIshigami.stop_after = None
    with pytest.raises(SensitivityError, match="--resume"):
        run_sensitivity(spec, out=tmp_path / "cut", **kw)
    res = run_sensitivity(spec, out=tmp_path / "cut", resume=True, **kw)
    assert res.reports[0].resumed == len(done)
    pd.testing.assert_frame_equal(res.indices["ishigami"], ref.indices["ishigami"])
    pd.testing.assert_frame_equal(res.noise, ref.noise)


# ---------------------------------------------------------------------------------------
# Scenario discovery (PRIM, optional extra)
# ---------------------------------------------------------------------------------------


def test_prim_finds_the_region_where_b_is_not_better():
    pytest.importorskip("ema_workbench")
    from sim.analysis.sensitivity.compare import discover

    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((400, 3)), columns=["a", "b", "c"])
    not_better = (x["a"] > 0.7).to_numpy() & (x["b"] < 0.4).to_numpy()
    d = discover(x, ~not_better, threshold=0.8)
    assert d["target"] == "b_not_better"
    box = d["box"].set_index("parameter")
    assert set(box.index) == {"a", "b"}
    assert abs(box.loc["a", "low"] - 0.7) < 0.05 and abs(box.loc["b", "high"] - 0.4) < 0.05
    assert d["density"] >= 0.8 and d["coverage"] > 0.8


class FailingIshigami(IshigamiRunner):
    """Fails at points where the first parameter is in the top tenth of its range."""

    failing = True

    def __call__(self, scenario=None, *, seed=0, years=1, **overrides):
        lo, hi = self.ranges[self.names[0]]
        if type(self).failing and overrides.get(self.names[0], lo) > lo + 0.9 * (hi - lo):
            raise RuntimeError("a run that fails")
        return super().__call__(scenario, seed=seed, years=years, **overrides)


def test_failed_runs_stop_the_analysis_and_resume_retries_them(tmp_path):
    names = float_parameters(3)
    spec = ishigami_spec("sobol", 16, names, noise_runs=3)
    kw = {"runner": FailingIshigami(names), "executor": "serial", "progress": False,
          "figures": False, "out": tmp_path / "x"}
    FailingIshigami.failing = True
    with pytest.raises(SensitivityFailed, match="failed.*RuntimeError: a run that fails"):
        run_sensitivity(spec, **kw)
    assert not (tmp_path / "x" / "summary.md").exists()
    FailingIshigami.failing = False
    res = run_sensitivity(spec, resume=True, **kw)
    main_sweep = res.reports[0]
    assert 0 < main_sweep.ran < main_sweep.total  # only the failed runs ran again
    assert main_sweep.ran + main_sweep.resumed == main_sweep.total
    assert (tmp_path / "x" / "summary.md").exists()


def test_assumptions_leave_out_what_has_no_effect_in_the_scenario():
    """With parameters = "assumptions", parameters whose lever is off in the base scenario
    (co-location on orust) are left out and named; a sampled lever keeps its parameters
    (consultant_share is sampled, so the consultants' parameters stay)."""
    spec = load_sensitivity_spec(SPECS / "morris_assumptions.toml", fast=True)
    assert "house_meeting_interval_weeks" in spec.inert_here
    assert "house_meeting_interval_weeks" not in spec.parameters
    assert {"consultant_share", "consultant_open_factor"} <= set(spec.parameters)
    assert not any(REGISTRY[p].group == "costs" for p in spec.parameters)
