"""Defining experiments: sweep specs, their validation, designs and seeds."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.experiments.seeds import design_seed, run_seed, run_seeds
from sim.experiments.spec import SpecError, load_spec, spec_from_dict, spec_from_parameters
from sim.model import REGISTRY

sys.path.insert(0, str(Path(__file__).parent / "sweep_fixtures"))

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "spec.toml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


# ----------------------------------------------------------------------- seeds


def test_run_seed_is_the_spawned_seed_sequence():
    spawned = np.random.SeedSequence(42).spawn(5)
    expected = [int(s.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for s in spawned]
    assert run_seeds(42, 5) == expected


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63 - 1), n=st.integers(2, 30))
def test_run_seeds_do_not_depend_on_order_and_differ(seed, n):
    order = list(range(n))
    np.random.default_rng(seed % 1000).shuffle(order)
    shuffled = {i: run_seed(seed, i) for i in order}
    assert [shuffled[i] for i in range(n)] == run_seeds(seed, n)
    assert len(set(shuffled.values())) == n
    assert all(0 <= s < 2**63 for s in shuffled.values())


def test_design_seed_differs_from_run_seeds():
    assert design_seed(5) not in run_seeds(5, 1000)
    with pytest.raises(ValueError):
        run_seed(-1, 0)


# ----------------------------------------------------------------------- grid


def test_grid_is_the_product_in_spec_order(tmp_path):
    spec = load_spec(write(tmp_path, """
[sweep]
name = "g"
replicates = 3
years = 1
seed = 9
[fixed]
n_pupils = 300
[grid]
n_coordinators = [1, 2]
feedback_probability = [0.1, 0.5, 0.9]
"""))
    design = spec.design()
    assert design.n_points == 6 and design.n_runs == 18
    assert design.points[0] == {"n_coordinators": 1, "feedback_probability": 0.1}
    assert design.points[1] == {"n_coordinators": 1, "feedback_probability": 0.5}
    assert design.points[5] == {"n_coordinators": 2, "feedback_probability": 0.9}
    # run ids go replicate by replicate; seeds come from the sweep seed and the run id
    plan = design.run(7)
    assert (plan.point_id, plan.replicate, plan.seed) == (1, 1, run_seed(9, 7))
    assert design.overrides(1) == {"n_pupils": 300, "n_coordinators": 1,
                                   "feedback_probability": 0.5}
    assert design.columns() == ["n_coordinators", "feedback_probability", "n_pupils"]


def test_common_random_numbers_share_seeds_within_a_replicate():
    spec = spec_from_parameters({"n_coordinators": [1, 2]}, replicates=2, seed=3,
                                common_random_numbers=True)
    d = spec.design()
    seeds = [d.run(i).seed for i in range(d.n_runs)]
    assert seeds[0] == seeds[1] != seeds[2] == seeds[3]


def test_list_parameters_on_a_grid(tmp_path):
    spec = load_spec(write(tmp_path, """
[grid]
ladder_thresholds = [[0.1, 0.15], [0.05, 0.1]]
"""))
    assert spec.name == "spec"  # the file's name
    d = spec.design()
    assert [p["ladder_thresholds"] for p in d.points] == [(0.1, 0.15), (0.05, 0.1)]


def test_batch_run_style_input_separates_fixed_and_grid():
    spec = spec_from_parameters({"n_pupils": 300, "n_coordinators": range(1, 3),
                                 "ladder_thresholds": [0.1, 0.2],
                                 "colocation": [True, False]})
    assert spec.fixed == {"n_pupils": 300, "ladder_thresholds": (0.1, 0.2)}
    assert spec.grid == {"n_coordinators": (1, 2), "colocation": (True, False)}
    assert spec.design().n_points == 4


# ----------------------------------------------------------------------- samples


@pytest.mark.parametrize("method,n,extra,points", [
    ("lhs", 20, "", 20),
    ("sobol", 16, "", 16),
    ("salib-sobol", 8, "", 8 * (2 * 3 + 2)),
    ("salib-sobol", 8, "second_order = false", 8 * (3 + 2)),
    ("salib-morris", 4, "levels = 4", 4 * (3 + 1)),
    ("salib-fast", 70, "", 70 * 3),
])
def test_samples_stay_in_range_and_are_reproducible(tmp_path, method, n, extra, points):
    text = f"""
[sweep]
seed = 5
[sample]
method = "{method}"
n = {n}
{extra}
parameters = ["trust_gain", "ladder_review_weeks"]
[sample.ranges]
trust_loss = [0.2, 0.3]
"""
    spec = load_spec(write(tmp_path, text))
    d1, d2 = spec.design(), load_spec(write(tmp_path, text, "again.toml")).design()
    assert d1.n_points == points
    assert d1.points == d2.points
    lo, hi = REGISTRY["trust_gain"].range
    assert all(lo <= p["trust_gain"] <= hi for p in d1.points)
    assert all(0.2 <= p["trust_loss"] <= 0.3 for p in d1.points)
    weeks = [p["ladder_review_weeks"] for p in d1.points]
    assert all(isinstance(w, int) for w in weeks)
    assert min(weeks) >= REGISTRY["ladder_review_weeks"].range[0]
    assert max(weeks) <= REGISTRY["ladder_review_weeks"].range[1]
    assert d1.salib_problem["names"] == ["trust_gain", "ladder_review_weeks", "trust_loss"]
    assert d1.salib_problem["bounds"][2] == [0.2, 0.3]


def test_lhs_covers_each_stratum_once():
    spec = spec_from_dict({"sample": {"method": "lhs", "n": 10,
                                      "ranges": {"bond_erosion": [0.0, 0.1]}}}, default_name="x")
    values = sorted(p["bond_erosion"] for p in spec.design().points)
    assert [math.floor(v / 0.01) for v in values] == list(range(10))


def test_another_seed_gives_another_sample():
    a = spec_from_dict({"sweep": {"seed": 1}, "sample": {"method": "lhs", "n": 5,
                                                         "parameters": ["trust_gain"]}},
                       default_name="x")
    b = spec_from_dict({"sweep": {"seed": 2}, "sample": {"method": "lhs", "n": 5,
                                                         "parameters": ["trust_gain"]}},
                       default_name="x")
    assert a.design().points != b.design().points


def test_grid_times_sample():
    spec = spec_from_dict({"grid": {"n_coordinators": [1, 2]},
                           "sample": {"method": "lhs", "n": 3, "parameters": ["trust_gain"]}},
                          default_name="x")
    d = spec.design()
    assert d.n_points == 6
    assert [p["n_coordinators"] for p in d.points] == [1, 1, 1, 2, 2, 2]
    assert [p["trust_gain"] for p in d.points[:3]] == [p["trust_gain"] for p in d.points[3:]]


# ----------------------------------------------------------------------- errors


@pytest.mark.parametrize("body,needles", [
    ("[grid]\nn_coordinatorz = [1, 2]", ["[grid]", "n_coordinatorz", "n_coordinators"]),
    ("[grid]\nfeedback_probability = [0.5, 1.5]",
     ["[grid]", "feedback_probability = 1.5", "Allowed", "[0.0, 1.0]"]),
    ("[grid]\nn_coordinators = 2", ["[grid]", "n_coordinators = 2", "non-empty list"]),
    ("[fixed]\nn_pupils = \"many\"", ["[fixed]", "n_pupils = 'many'", "whole number"]),
    ("[sweep]\nreplicates = 0", ["[sweep]", "replicates = 0", "whole number >= 1"]),
    ("[sweep]\nyears = 2.5", ["[sweep]", "years = 2.5", "[1, 50]"]),
    ("[sweep]\nseeds = 3", ["[sweep]", "seeds", "Allowed keys", "seed"]),
    ("[sweep]\noutcomes = 3", ["[sweep]", "outcomes = 3", "list of outcome names"]),
    ("[sweep]\nname = \"a b\"", ["[sweep]", "name = 'a b'", "letters"]),
    ("[sweep]\nscenario = \"nowhere\"", ["scenario = 'nowhere'", "unknown scenario"]),
    ("[grids]\nx = 1", ["unknown table", "grids", "[grid]"]),
    ("[fixed]\nn_pupils = 300\n[grid]\nn_pupils = [300, 400]",
     ["n_pupils", "both [fixed] and [grid]"]),
    ("[sample]\nmethod = \"halton\"\nn = 4\nparameters = [\"trust_gain\"]",
     ["[sample]", "method = 'halton'", "lhs", "salib-sobol"]),
    ("[sample]\nmethod = \"sobol\"\nn = 10\nparameters = [\"trust_gain\"]",
     ["[sample]", "n = 10", "power of 2", "8 or 16"]),
    ("[sample]\nmethod = \"lhs\"\nn = 4\nparameters = [\"colocation\"]",
     ["[sample]", "colocation cannot be sampled", "bool", "[grid]"]),
    ("[sample]\nmethod = \"lhs\"\nn = 4\n[sample.ranges]\ntrust_gain = [0.2, 0.1]",
     ["[sample.ranges]", "trust_gain", "low < high"]),
    ("[sample]\nmethod = \"lhs\"\nn = 4\n[sample.ranges]\ntrust_gain = [0.0, 0.9]",
     ["[sample.ranges]", "trust_gain = 0.0", "[0.001, 0.3]"]),
    ("[sample]\nmethod = \"lhs\"\nn = 4\nlevels = 3\nparameters = [\"trust_gain\"]",
     ["[sample]", "levels", "does not apply", "lhs"]),
    ("[sample]\nmethod = \"lhs\"\nn = 4", ["[sample]", "no parameters to sample"]),
    ("[grid\n", ["not valid TOML"]),
])
def test_bad_specs_are_refused_naming_file_key_and_value(tmp_path, body, needles):
    path = write(tmp_path, body)
    with pytest.raises(SpecError) as err:
        load_spec(path).design()
    msg = str(err.value)
    assert str(path) in msg
    for needle in needles:
        assert needle in msg, (needle, msg)


def test_combination_rules_are_checked_per_design_point(tmp_path):
    path = write(tmp_path, "[grid]\nn_coordinators = [1, 0]\n")
    with pytest.raises(SpecError) as err:
        load_spec(path).design()
    msg = str(err.value)
    assert str(path) in msg and "design point 1" in msg and "n_coordinators = 0" in msg
    assert "working_group_interval_weeks" in msg


def test_unknown_outcomes_list_the_valid_ones(tmp_path):
    spec = load_spec(write(tmp_path, '[sweep]\noutcomes = ["score", "scor", "bogus"]'))
    with pytest.raises(SpecError) as err:
        spec.check_outcomes(["score", "noise", "count"])
    msg = str(err.value)
    assert "'scor' (did you mean 'score'?)" in msg and "'bogus'" in msg
    assert "Valid outcomes: score, noise, count" in msg
    spec.check_outcomes(None)  # a runner that cannot say: checked later, per run


def test_missing_spec_file(tmp_path):
    with pytest.raises(SpecError, match="does not exist"):
        load_spec(tmp_path / "nope.toml")


def test_spec_differences_name_the_changed_keys(tmp_path):
    a = load_spec(write(tmp_path, "[sweep]\nseed = 1\n[grid]\nn_coordinators = [1, 2]", "a.toml"))
    b = load_spec(write(tmp_path, "[sweep]\nseed = 2\n[grid]\nn_coordinators = [1, 2]", "a.toml"))
    assert a.differences(a.to_dict()) == []
    diffs = b.differences(a.to_dict())
    assert diffs == ["seed: stored 1, given 2"]


def test_fingerprint_changes_with_what_decides_the_runs():
    base = spec_from_parameters({"n_coordinators": [1, 2]}, seed=1).design().fingerprint()
    assert base == spec_from_parameters({"n_coordinators": [1, 2]}, seed=1).design().fingerprint()
    assert base != spec_from_parameters({"n_coordinators": [1, 2]}, seed=2).design().fingerprint()
    assert base != spec_from_parameters({"n_coordinators": [2, 1]}, seed=1).design().fingerprint()


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios" / "sweeps").glob("*.toml")),
                         ids=lambda p: p.name)
def test_example_specs_are_valid(path):
    spec = load_spec(path)
    design = spec.design()
    assert design.n_runs >= 10
    assert spec.description


def test_there_are_documented_example_specs():
    examples = sorted((ROOT / "scenarios" / "sweeps").glob("*.toml"))
    assert len(examples) >= 2
    methods = set()
    for p in examples:
        spec = load_spec(p)
        methods.add("grid" if spec.grid else spec.sample.method)
        assert p.read_text().lstrip().startswith("#")  # a comment says what it is for
    assert "grid" in methods and len(methods) >= 2


_SCALARS = ["trust_gain", "trust_loss", "feedback_probability", "consent_propensity",
            "class_size", "ladder_review_weeks"]


@st.composite
def grids(draw):
    names = draw(st.lists(st.sampled_from(_SCALARS), min_size=1, max_size=3, unique=True))
    grid = {}
    for name in names:
        lo, hi = REGISTRY[name].range
        if REGISTRY[name].kind == "int":
            values = st.integers(int(lo), int(hi))
        else:
            values = st.floats(lo, hi, allow_nan=False)
        grid[name] = draw(st.lists(values, min_size=1, max_size=4, unique=True))
    return grid


@settings(max_examples=40, deadline=None)
@given(grid=grids(), replicates=st.integers(1, 3), seed=st.integers(0, 2**32))
def test_any_valid_grid_expands_to_its_product(grid, replicates, seed):
    spec = spec_from_dict({"sweep": {"replicates": replicates, "seed": seed}, "grid": grid},
                          default_name="prop")
    d = spec.design()
    assert d.n_points == math.prod(len(v) for v in grid.values())
    assert d.n_runs == d.n_points * replicates
    # every combination once, in the order of the lists
    combos = [tuple(p[k] for k in grid) for p in d.points]
    assert len(set(combos)) == len(combos)
    assert combos[0] == tuple(v[0] for v in grid.values())
    assert combos[-1] == tuple(v[-1] for v in grid.values())
    plans = d.runs()
    assert [p.run_id for p in plans] == list(range(d.n_runs))
    assert {(p.point_id, p.replicate) for p in plans} == {
        (i, r) for i in range(d.n_points) for r in range(replicates)}
    assert len({p.seed for p in plans}) == d.n_runs


# ----------------------------------------------------------------------- samplers and sizes


@pytest.mark.parametrize("method,options", [
    ("lhs", {}), ("sobol", {}), ("salib-sobol", {}), ("salib-sobol", {"second_order": False}),
    ("salib-morris", {"levels": 6}), ("salib-fast", {"M": 2}),
])
@pytest.mark.parametrize("d", [1, 3])
def test_each_sampler_knows_its_size_without_sampling(method, options, d):
    from sim.experiments.samplers import SAMPLERS

    n = 32 if method != "salib-fast" else 33
    sampler = SAMPLERS[method](n, options)
    sampler.check()
    names = [f"x{i}" for i in range(d)]
    assert sampler.sample(d, names, seed=1).shape == (sampler.size(d), d)


def test_dry_run_and_size_limit_never_build_an_oversized_design(tmp_path, monkeypatch, capsys):
    from sim.experiments import samplers
    from sim.experiments.cli import main

    def no_sampling(*a, **k):
        raise AssertionError("the design was built")

    monkeypatch.setattr(samplers.LatinHypercube, "sample", no_sampling)
    floats = [p for p in REGISTRY.values() if p.kind == "float" and p.sampleable][:10]
    grid = "\n".join(
        f"{p.name} = {[p.range[0] + (p.range[1] - p.range[0]) * i / 10 for i in range(10)]}"
        for p in floats)
    cases = {
        "reps.toml": ("[sweep]\nreplicates = 1000000000000\n[grid]\nn_coordinators = [1]\n",
                      "1,000,000,000,000 runs"),
        "grid.toml": ("[grid]\n" + grid + "\n", "10,000,000,000 runs"),
        "lhs.toml": ("[sample]\nmethod = 'lhs'\nn = 10000000\nparameters = ['trust_gain']\n",
                     "10,000,000 runs"),
    }
    for name, (text, size) in cases.items():
        spec = write(tmp_path, text, name)
        assert main([str(spec), "--dry-run"]) == 2
        err = capsys.readouterr().err
        assert size in err and "limit of 1,000,000 runs" in err and "--max-runs" in err, err
        assert load_spec(spec).size().runs == int(size.split()[0].replace(",", ""))
    # the limit can be raised explicitly; the size is then shown without building
    monkeypatch.undo()
    spec = write(tmp_path, "[sweep]\nreplicates = 2000\n[grid]\nn_coordinators = [1, 2]\n"
                           "[fixed]\nn_pupils = 300\n", "big.toml")
    assert main([str(spec), "--dry-run", "--max-runs", "1000"]) == 2
    assert "4,000 runs, more than the limit of 1,000 runs" in capsys.readouterr().err
    assert main([str(spec), "--dry-run", "--max-runs", "5000"]) == 0
    assert "4000 runs" in capsys.readouterr().out


@pytest.mark.parametrize("body,needles", [
    ("[sample]\nmethod = [\"lhs\"]\nn = 4\nparameters = [\"trust_gain\"]",
     ["[sample]", "method = ['lhs']", "one method name"]),
    ("[sample]\nmethod = \"lsh\"\nn = 4\nparameters = [\"trust_gain\"]",
     ["method = 'lsh'", "did you mean 'lhs'"]),
    ("[sweep]\nseed = 18446744073709551616", ["seed = 18446744073709551616", "2**63 - 1"]),
    ("[sweep]\nreplicates = " + "9" * 5000, ["more than 4300 digits"]),
    ("[sweep]\nrepliates = 2", ["unknown key 'repliates'", "did you mean 'replicates'"]),
    ("[sweep]\nscenario = 5", ["scenario = 5", "scenario name"]),
    ("[sweep]\nscenario = []", ["scenario = []", "scenario name"]),
    ("sweep = 5", ["[sweep] must be a table"]),
    ("", ["the spec is empty"]),
    ("[sweep]\nrunner = 5", ["runner = 5"]),
    ("[sweep]\ndescription = {a = 1}", ["description = {'a': 1}", "text"]),
])
def test_more_bad_specs(tmp_path, body, needles):
    spec = write(tmp_path, body, "bad.toml")
    with pytest.raises(SpecError) as exc:
        load_spec(spec).design()
    for needle in needles:
        assert needle in str(exc.value), (needle, str(exc.value))
    assert "bad.toml" in str(exc.value)


@pytest.mark.parametrize("content,needle", [
    (b"\xff\xfe[\x00s\x00", "not a UTF-8 text file"),
    (bytes(range(256)), "not a UTF-8 text file"),
])
def test_binary_specs_are_refused(tmp_path, content, needle):
    p = tmp_path / "bin.toml"
    p.write_bytes(content)
    with pytest.raises(SpecError, match=needle):
        load_spec(p)
    with pytest.raises(SpecError, match="is a folder"):
        load_spec(tmp_path)


def test_a_spec_scenario_path_is_relative_to_the_spec(tmp_path, monkeypatch):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "base.toml").write_text("[parameters]\nn_coordinators = 1\n")
    (tmp_path / "specs" / "s.toml").write_text("[sweep]\nscenario = 'base.toml'\n"
                                               "[grid]\nclass_size = [20, 25]\n")
    (tmp_path / "base.toml").write_text("[parameters]\nn_coordinators = 0\n"
                                        "working_group_interval_weeks = 0\n")
    monkeypatch.chdir(tmp_path)
    d = load_spec("specs/s.toml").design()
    assert d.scenario.params.n_coordinators == 1
    (tmp_path / "specs" / "base.toml").unlink()
    with pytest.raises(SpecError, match="specs/base.toml"):
        load_spec("specs/s.toml").design()


def test_spec_differences_name_the_changed_leaves():
    from sim.experiments.spec import _diff

    out: list[str] = []
    stored = {"seed": 1, "sample": {"n": 20, "ranges": [["a", [0, 1]], ["b", [0, 2]]]}}
    given = {"seed": 1, "sample": {"n": 20, "ranges": [["a", [0, 1]], ["b", [0, 3]],
                                                      ["c", [1, 2]]]}}
    _diff("", stored, given, out)
    assert out == ["sample.ranges.b: stored [0, 2], given [0, 3]",
                   "sample.ranges.c: added [1, 2]"]
    out = []
    _diff("", {"x": "y" * 200}, {}, out)
    assert out == ['x: removed (was "' + "y" * 76 + '...)']
