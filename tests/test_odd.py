"""docs/ODD.md stays in step with the code: generated tables, parameters, modules, scenarios."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim import docs
from sim.model import OUTCOMES, REGISTRY, Parameter

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "docs" / "ODD.md"
FIX = "run `python -m sim.docs` to regenerate the tables in docs/ODD.md, then commit it"


@pytest.fixture(scope="module")
def text() -> str:
    assert ODD.is_file(), f"{ODD} is missing"
    return ODD.read_text(encoding="utf-8")


def mentioned(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


# ------------------------------------------------------------------ the real document
def test_default_path_is_the_repository_doc():
    assert docs.DEFAULT_PATH == ODD


def test_generated_blocks_match_the_registry_and_outcomes(text):
    for block in docs.BLOCKS:
        assert text.count(block.begin) == 1 and text.count(block.end) == 1, (
            f"docs/ODD.md needs exactly one {block.begin!r} and one {block.end!r} line"
        )
        inside = text.split(block.begin + "\n", 1)[1].split("\n" + block.end, 1)[0]
        assert inside == block.render(), f"the {block.name} in docs/ODD.md is out of date: {FIX}"


def test_parameter_table_is_the_registry_markdown_table(text):
    from sim.model import markdown_table

    assert markdown_table().strip() in text, f"parameter table out of date: {FIX}"


def test_outcome_table_lists_every_outcome(text):
    inside = text.split(docs.BLOCKS[1].begin, 1)[1].split(docs.BLOCKS[1].end, 1)[0]
    missing = [name for name in OUTCOMES if f"| `{name}` |" not in inside]
    assert not missing, f"outcomes missing from the outcome table: {missing}; {FIX}"


def test_every_parameter_appears_in_the_doc(text):
    missing = [name for name in REGISTRY if not mentioned(name, text)]
    assert not missing, f"parameters missing from docs/ODD.md: {missing}; {FIX}"


def test_every_parameter_is_described_in_the_prose(text):
    prose = docs.outside_blocks(text)
    missing = [name for name in REGISTRY if not mentioned(name, prose)]
    assert not missing, (
        f"parameters only in the generated table, never described: {missing}; "
        "say in section 7 of docs/ODD.md what each one does"
    )


def test_every_mechanism_module_appears_in_the_doc(text):
    modules = sorted(
        p.name
        for p in (ROOT / "sim" / "model" / "mechanisms").glob("*.py")
        if p.name != "__init__.py"
    )
    assert modules, "no mechanism modules found"
    missing = [m for m in modules if f"mechanisms/{m}" not in text]
    assert not missing, f"mechanism modules not described in docs/ODD.md: {missing}"


def test_every_scenario_file_is_mentioned(text):
    files = sorted(p.name for p in (ROOT / "scenarios").glob("*.toml"))
    assert files, "no scenario files found"
    missing = [f for f in files if not mentioned(f, text)]
    assert not missing, f"scenario files not mentioned in docs/ODD.md (section 6): {missing}"


def test_check_finds_nothing_wrong():
    assert docs.check() == [], f"docs.check() found problems: {docs.check()}; {FIX}"


def test_odd_sections_in_protocol_order(text):
    headings = [h.strip() for h in re.findall(r"^## (.+)$", text, flags=re.MULTILINE)]
    expected = [
        "1 Purpose and patterns",
        "2 Entities, state variables and scales",
        "3 Process overview and scheduling",
        "4 Design concepts",
        "5 Initialization",
        "6 Input data",
        "7 Submodels",
    ]
    assert headings == expected


# ------------------------------------------------------------------ the checker can fail
@pytest.fixture
def copy(tmp_path, text) -> Path:
    """A copy of docs/ODD.md with its tables regenerated (so these tests do not depend on it)."""
    path = tmp_path / "ODD.md"
    path.write_text(text, encoding="utf-8")
    docs.refresh(path)
    return path


def test_an_edited_table_is_found_and_refreshed(copy):
    name = next(iter(REGISTRY))
    text = copy.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
    copy.write_text(text.replace(row, row.replace(f"| `{name}` |", f"| `{name}` | 999 |", 1)))
    problems = docs.check(copy)
    assert any(
        "parameter table is out of date" in p and "python -m sim.docs" in p for p in problems
    ), problems
    assert docs.main(["--check", str(copy)]) == 1
    assert docs.refresh(copy) is True
    assert docs.stale_blocks(copy.read_text(encoding="utf-8")) == []
    assert docs.refresh(copy) is False
    assert copy.read_text(encoding="utf-8") == text


def test_a_new_parameter_makes_the_doc_stale(copy, monkeypatch):
    new = Parameter(
        "zz_new_lever",
        1.0,
        "factor",
        (0.0, 2.0),
        "float",
        "joint",
        "a lever added after the doc was written",
        "assumption",
    )
    monkeypatch.setitem(REGISTRY, new.name, new)
    problems = docs.check(copy)
    assert any("parameter table is out of date" in p for p in problems), problems
    assert any("zz_new_lever" in p for p in problems if "not described" in p), problems
    docs.refresh(copy)
    refreshed = copy.read_text(encoding="utf-8")
    assert "`zz_new_lever`" in refreshed
    # The table is current now, but the prose still does not describe the new lever.
    assert [p for p in docs.check(copy) if "zz_new_lever" in p]


def test_a_new_outcome_makes_the_doc_stale(copy, monkeypatch):
    monkeypatch.setitem(OUTCOMES, "zz_new_outcome", "an outcome added after the doc was written")
    assert any("outcome table is out of date" in p for p in docs.check(copy))
    assert docs.refresh(copy) is True
    assert "| `zz_new_outcome` | an outcome added after the doc was written |" in copy.read_text()
    assert docs.stale_blocks(copy.read_text(encoding="utf-8")) == []


def test_missing_markers_are_reported_not_guessed(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace(docs.BLOCKS[0].end + "\n", ""), encoding="utf-8")
    assert any("exactly one" in p for p in docs.check(copy))
    with pytest.raises(docs.DocError):
        docs.refresh(copy)
    assert docs.main([str(copy)]) == 1


def test_a_missing_document_is_a_problem(tmp_path):
    assert docs.check(tmp_path / "nope.md") == [f"{tmp_path / 'nope.md'} does not exist"]
    assert docs.main(["--check", str(tmp_path / "nope.md")]) == 1


def test_unmentioned_scenario_and_module_are_found(copy, monkeypatch, tmp_path):
    scen = tmp_path / "scenarios"
    scen.mkdir()
    (scen / "orust.toml").write_text("")
    (scen / "zz-new-system.toml").write_text("")
    mech = tmp_path / "mechanisms"
    mech.mkdir()
    (mech / "__init__.py").write_text("")
    (mech / "ladder.py").write_text("")
    (mech / "zz_steering.py").write_text("")
    monkeypatch.setattr(docs, "SCENARIOS_DIR", scen)
    monkeypatch.setattr(docs, "MECHANISMS_DIR", mech)
    problems = docs.undocumented(copy.read_text(encoding="utf-8"))
    assert any("zz-new-system.toml" in p and "orust.toml" not in p for p in problems), problems
    assert any("mechanisms/zz_steering.py" in p and "ladder.py" not in p for p in problems), (
        problems
    )
