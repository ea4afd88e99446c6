"""Property-based fuzzing of everything a user types or writes: ``--set`` values, scenario
files and sweep specs (issue 9).

Whatever the input, the command either succeeds (exit 0) or refuses it with exit code 2 and
one clear message (one ``error:`` line, no traceback), and it never writes a file outside the
chosen output folder. Inputs mix plausible values (registry names, values in and out of
range, scenario names) with wrong types, typos, random text and random bytes.

The examples are derandomised, so the default suite is fast and repeatable; set
``SIM_FUZZ_EXAMPLES=2000`` (examples per test) and ``SIM_FUZZ_RANDOM=1`` to search further.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.model import REGISTRY

N = int(os.environ.get("SIM_FUZZ_EXAMPLES", "0") or 0)
FUZZ = settings(deadline=None, derandomize=not os.environ.get("SIM_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None)

#: every run is small (100 pupils, one school, one year), so an accepted input runs fast
SMALL = ["--years", "1", "--set", "n_pupils=100", "--set", "n_schools=1", "--no-figure",
         "--quiet"]
NAMES = [n for n in REGISTRY if n not in ("n_pupils",)]  # n_pupils would make runs slow


# ----------------------------------------------------------------------- TOML from values


def toml_string(text: str) -> str:
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    if key and all(c.isalnum() or c in "_-" for c in key) and key.isascii():
        return key
    return toml_string(key)


def toml(value) -> str:
    """``value`` as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def document(tables: dict) -> str:
    lines = []
    for name, table in tables.items():
        if isinstance(table, dict):
            lines.append(f"[{toml_key(name)}]")
            lines += [f"{toml_key(k)} = {toml(v)}" for k, v in table.items()]
        else:
            lines.insert(0, f"{toml_key(name)} = {toml(table)}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------- strategies

scalars = st.one_of(
    st.integers(-10, 100), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.text(max_size=12), st.sampled_from(["orust", "lhs", "all", ""]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=2)),
    max_leaves=6)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@st.composite
def parameter_value(draw, name: str, clean: bool = False):
    """A value for parameter ``name``: mostly in its range, sometimes anything (``clean``:
    always in its range, though the combination may still be refused)."""
    p = REGISTRY[name]
    default = st.just(p.default if not isinstance(p.default, tuple) else
                      [list(x) if isinstance(x, tuple) else x for x in p.default])
    valid = [default]
    if p.kind == "bool":
        valid = [st.booleans()]
    if p.range is not None and p.kind in ("int", "float"):
        lo, hi = p.range
        valid += [st.integers(int(lo), int(hi)) if p.kind == "int" else
                  st.floats(lo, hi, allow_nan=False)]
    bad = [values]
    if p.range is not None and p.kind in ("int", "float"):
        bad += [st.sampled_from([p.range[0] - 1, p.range[1] + 1, p.range[1] * 1e9])]
    if clean:
        return draw(st.one_of(*valid))
    # three in four values are valid, so that many inputs also run
    return draw(st.one_of(*valid, *valid, *valid, *bad) if len(valid) > 1 else
                st.one_of(valid[0], valid[0], valid[0], *bad))


def typo(name: str) -> st.SearchStrategy[str]:
    return st.integers(0, max(0, len(name) - 1)).map(lambda i: name[:i] + name[i + 1:])


param_names = st.one_of(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from(NAMES),
                        st.sampled_from(NAMES).flatmap(typo), words)


@st.composite
def assignment(draw) -> str:
    """One ``--set`` argument."""
    name = draw(param_names)
    kind = draw(st.sampled_from(["value", "value", "value", "text", "no-equals", "huge"]))
    if kind == "no-equals":
        return name
    if kind == "text":
        return f"{name}={draw(words)}"
    if kind == "huge":
        return f"{name}={draw(st.sampled_from(['1' * 4400, '[' * 500, 'x' * 100_000]))}"
    value = draw(parameter_value(name)) if name in REGISTRY else draw(values)
    return f"{name}={toml(value)}"


@st.composite
def parameters_table(draw, clean: bool = False) -> dict:
    names = draw(st.lists(st.sampled_from(NAMES) if clean else param_names, max_size=4,
                          unique=True))
    return {n: (draw(parameter_value(n, clean)) if n in REGISTRY else draw(values))
            for n in names}


META_KEYS = ["name", "description", "source", "extends", "extend", "nmae"]
EXTENDS = ["orust", "orust-2022", "orsut", "", "base.toml", "self.toml", "missing.toml",
           "../outside.toml", "/dev/zero", ".", "sub/"]


@st.composite
def scenario_text(draw) -> bytes:
    """A scenario file's bytes: mostly structured TOML, sometimes damaged or random."""
    kind = draw(st.sampled_from(["clean"] * 4 + ["toml"] * 4 + ["damaged", "bytes", "utf16"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "clean":  # plausible files: names and values that the registry knows
        meta = {k: draw(st.sampled_from(["x", "Göteborg 2023", "/elsewhere/x", "../../y"]))
                for k in draw(st.lists(st.sampled_from(["name", "description", "source"]),
                                       max_size=3, unique=True))}
        if draw(st.booleans()):
            meta["extends"] = draw(st.sampled_from(["orust", "orust-2022", "base.toml"]))
        return document({"scenario": meta,
                         "parameters": draw(parameters_table(clean=True))}).encode()
    meta = {}
    for key in draw(st.lists(st.sampled_from(META_KEYS), max_size=3, unique=True)):
        if key == "extends":
            meta[key] = draw(st.one_of(st.sampled_from(EXTENDS), st.sampled_from(EXTENDS),
                                       words, values))
        else:
            meta[key] = draw(st.one_of(words, words, words, values, st.sampled_from(
                ["/elsewhere/x", "../../y", "..", "a/b", "x" * 300])))
    tables: dict = {}
    if meta or draw(st.booleans()):
        tables["scenario"] = meta
    if draw(st.booleans()):
        tables["parameters"] = draw(parameters_table())
    if draw(st.integers(0, 14)) == 0:
        tables[draw(st.sampled_from(["params", "scenario", "x"]))] = draw(values)
    text = document(tables)
    if kind == "damaged" and text:
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + draw(st.sampled_from(["=", "[", "\"", "\n", "\\", "\x00", ""])) + \
            text[i + 1:]
    return text.encode("utf-16" if kind == "utf16" else "utf-8", errors="surrogatepass")


SWEEP_KEYS = ["name", "description", "scenario", "replicates", "years", "seed", "outcomes",
              "timeseries", "common_random_numbers", "runner", "replicate"]
METHODS = ["lhs", "sobol", "salib-sobol", "salib-morris", "salib-fast", "halton", ""]


@st.composite
def spec_text(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    if draw(st.integers(0, 2)) == 0:  # plausible specs: small, with known names and values
        tables = {"sweep": {"years": 1, "seed": draw(st.integers(0, 2**63 - 1))},
                  "fixed": {"n_pupils": 100, "n_schools": 1}}
        grid = draw(st.dictionaries(st.sampled_from(NAMES), st.just(None), max_size=2))
        if grid:
            tables["grid"] = {n: draw(st.lists(parameter_value(n, clean=True), min_size=1,
                                               max_size=2)) for n in grid}
        if draw(st.booleans()):
            tables["sample"] = {"method": draw(st.sampled_from(METHODS[:3])), "n": 1,
                                "parameters": ["trust_gain"]}
        return document(tables).encode()
    sweep = {}
    plausible = {"name": st.sampled_from(["s", "a b", "../up", "x" * 200]),
                 "scenario": st.sampled_from(["orust", "base.toml", "self.toml", "nope",
                                              "/dev/zero"]),
                 "replicates": st.sampled_from([1, 2, 0, 10**13]),
                 "years": st.sampled_from([1, 0, 51]),
                 "seed": st.sampled_from([0, 7, 2**64, -1]),
                 "outcomes": st.sampled_from(["all", ["share_over_10"], ["shar_over_10"], []]),
                 "runner": st.sampled_from(["sim:run", "evil:run", "x"])}
    for key in draw(st.lists(st.sampled_from(SWEEP_KEYS), max_size=4, unique=True)):
        good = plausible.get(key, st.booleans())
        sweep[key] = draw(st.one_of(good, good, good, values))
    tables: dict = {"sweep": sweep}
    small = {"n_pupils": 100, "n_schools": 1} if draw(st.booleans()) else {}
    if small or draw(st.booleans()):
        tables["fixed"] = {**small, **draw(parameters_table())}
    if draw(st.booleans()):
        names = draw(st.lists(param_names, max_size=3, unique=True))
        tables["grid"] = {n: draw(st.one_of(
            st.lists(parameter_value(n) if n in REGISTRY else values, max_size=4), values))
            for n in names}
    if draw(st.booleans()):
        sample = {"method": draw(st.one_of(st.sampled_from(METHODS), st.sampled_from(METHODS),
                                           values)),
                  "n": draw(st.one_of(st.sampled_from([1, 2, 4, 8, 33, 10**8]),
                                      st.sampled_from([1, 2]), values))}
        if draw(st.booleans()):
            sample["parameters"] = draw(st.one_of(
                st.lists(st.sampled_from(["trust_gain", "class_size", "colocation"]),
                         max_size=3), values))
        if draw(st.booleans()):
            sample["ranges"] = draw(st.one_of(
                st.dictionaries(st.sampled_from(["trust_loss", "n_coordinators"]),
                                st.one_of(st.lists(scalars, max_size=3), values), max_size=2),
                values))
        for opt in draw(st.lists(st.sampled_from(["scramble", "second_order", "levels", "M",
                                                  "seed"]), max_size=2, unique=True)):
            sample[opt] = draw(values)
        tables["sample"] = sample
    if draw(st.integers(0, 9)) == 0:
        tables["grids"] = draw(values)
    return document(tables).encode()


# ----------------------------------------------------------------------- the harness


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


def invoke(argv: list[str], work: Path) -> tuple[int, str]:
    """``python -m sim ARGV`` in this process, in folder ``work``: (exit code, stderr)."""
    err, out = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old)
    return code, err.getvalue()


def check(code: int, err: str, before: dict, work: Path, allowed: tuple[str, ...]) -> None:
    """Exit 0, or exit 2 with one message; no file outside the ``allowed`` folders."""
    event(f"exit {code}")
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err, err
    if code == 2:
        assert err.strip(), "an error without a message"
        lines = [ln for ln in err.splitlines() if "error:" in ln]
        assert len(lines) == 1, err
    after = snapshot(work)
    changed = {k for k in set(before) | set(after) if before.get(k, "-") != after.get(k, "-")}
    stray = [k for k in changed if not any(k == a or k.startswith(a + "/") for a in allowed)]
    assert not stray, (stray, err)
    if code != 0:
        assert not changed, (changed, err)  # a refused input writes nothing


def workspace() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="sim-fuzz-")


def write_neighbours(work: Path) -> None:
    """Files a fuzzed scenario may refer to."""
    (work / "base.toml").write_text("[scenario]\nname = 'base'\n[parameters]\n"
                                    "n_coordinators = 1\n")
    (work / "self.toml").write_text("[scenario]\nextends = 'self.toml'\n")
    (work / "sub").mkdir()


# ----------------------------------------------------------------------- the properties


@settings(FUZZ, max_examples=N or 100)
@given(sets=st.lists(assignment(), min_size=1, max_size=2))
def test_any_set_value_runs_or_is_refused_cleanly(sets):
    with workspace() as tmp:
        work = Path(tmp)
        before = snapshot(work)
        argv = ["run", *SMALL, "--out", "out"]
        for text in sets:
            argv += ["--set", text]
        code, err = invoke(argv, work)
        check(code, err, before, work, ("out",))
        if code == 0:
            assert (work / "out" / "summary.json").is_file()


@settings(FUZZ, max_examples=N or 100)
@given(content=scenario_text(), default_out=st.booleans())
def test_any_scenario_file_runs_or_is_refused_cleanly(content, default_out):
    with workspace() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        write_neighbours(work)
        (work / "my.toml").write_bytes(content)
        before = snapshot(Path(tmp))
        argv = ["run", "my.toml", *SMALL] + ([] if default_out else ["--out", "out"])
        code, err = invoke(argv, work)
        # whatever the scenario's name, results stay in the chosen or the default folder
        check(code, err, before, Path(tmp), ("work/results",) if default_out else ("work/out",))
        if code == 0:
            results = work / "results" if default_out else work
            assert len([p for p in results.rglob("summary.json")]) == 1


@settings(FUZZ, max_examples=N or 150)
@given(content=spec_text())
def test_any_sweep_spec_is_checked_or_refused_cleanly(content):
    with workspace() as tmp:
        work = Path(tmp)
        write_neighbours(work)
        (work / "spec.toml").write_bytes(content)
        (work / "evil.py").write_text("open('PWNED', 'w')\n")
        before = snapshot(work)
        code, err = invoke(["sweep", "spec.toml", "--dry-run"], work)
        check(code, err, before, work, ())  # a dry run writes nothing at all
        if code != 0:
            return
        # small enough to run here: it runs, or is refused, writing only into --out
        from sim.experiments import load_spec

        spec = load_spec(work / "spec.toml")
        if spec.years > 1 or spec.size().runs > 3 or \
                max([spec.fixed.get("n_pupils", 1500),
                     *spec.grid.get("n_pupils", ())]) > 400:
            event("dry run only")
            return
        code, err = invoke(["sweep", "spec.toml", "--workers", "1", "--out", "o",
                            "--no-progress"], work)
        event(f"ran: exit {code}")
        assert code in (0, 1, 2), err  # 1: some runs failed, recorded in the store
        assert "Traceback" not in err
        stray = [k for k in set(snapshot(work)) - set(before)
                 if not (k == "o" or k.startswith("o/"))]
        assert not stray, stray
    assert not (work / "PWNED").exists()
