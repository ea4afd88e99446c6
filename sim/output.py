"""Writing a run's results: all files appear together or not at all, and nothing that is
not this tool's own result is ever replaced.

The results are built in a temporary folder beside the output folder (a name only this tool
writes, ``.sim-tmp-...``) and swapped in when complete. An existing output folder is
replaced only if it is a previous result of ``python -m sim run`` (its ``run.json`` and
only the files a run writes) or empty; anything else is refused with
:class:`OutputError`, and nothing in it is touched. Temporary folders left by a killed
process are removed by the next run that writes beside them.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

from .experiments.files import TemporaryFolder, check_location
from .experiments.provenance import versions
from .model import REGISTRY

__all__ = ["RUN_FILES", "OutputError", "folder_name", "is_run_result", "open_run_folder",
           "run_metadata", "versions", "write_run", "write_run_files"]

RUN_FILES = ("summary.json", "run.json", "timeseries.parquet", "timeseries.csv", "figure.png",
             "network.graphml", "events.csv")
_RUN_KEYS = {"scenario", "seed", "years", "versions", "parameters"}


class OutputError(ValueError):
    """An output folder that cannot be used; the message says why and what to do."""


def folder_name(name: str, limit: int = 80) -> str:
    """``name`` as a safe folder name: letters, digits, ``.``, ``_`` and ``-`` only, not
    starting with a dot, at most ``limit`` characters (``"/elsewhere/x"`` gives
    ``"elsewhere_x"``, ``"../../y"`` gives ``"y"``)."""
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", str(name))
    text = re.sub(r"\.{2,}", ".", text).strip("._-")[:limit].strip("._-")
    return text or "scenario"


def is_run_result(path: Path) -> bool:
    """Is ``path`` a folder written by :func:`write_run` (and holding nothing else)?"""
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        return False
    names = {p.name for p in path.iterdir()}
    if "run.json" not in names or not names <= set(RUN_FILES):
        return False
    try:
        meta = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and _RUN_KEYS <= set(meta)


def _replaceable(path: Path) -> bool:
    if path.is_symlink() or not path.is_dir():
        return False
    return not any(path.iterdir()) or is_run_result(path)


def check_run_folder(out: Path, option: str = "--out") -> None:
    """Raise :class:`OutputError` if results cannot go to ``out`` (writes nothing)."""
    shown = str(out)
    if not shown.strip():
        raise OutputError(f"{option} '' is not allowed: give a folder for the results.")
    problem = check_location(Path(out))
    if problem:
        raise OutputError(f"{option} {shown!r}: {problem} Nothing was written.")
    here = Path.cwd().resolve()
    target = Path(out).resolve()
    if target == here or target in here.parents:
        raise OutputError(f"{option} {shown!r} is the current folder or one above it; results "
                          "go into a folder of their own, e.g. --out results/my-run.")
    if Path(out).exists() and not _replaceable(Path(out)):
        others = sorted(p.name for p in Path(out).iterdir() if p.name not in RUN_FILES)
        listed = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5
                                          else "")
        why = (f"it holds {listed}, which 'python -m sim run' did not write" if others
               else "it is not a result of 'python -m sim run' (no valid run.json)")
        raise OutputError(f"{option} {shown!r} exists and {why}. Only a previous run's result "
                          "(or an empty folder) is replaced; nothing was written. Choose "
                          "another --out, or move its contents away.")


def open_run_folder(out: Path, option: str = "--out") -> TemporaryFolder:
    """Check ``out`` and create the temporary folder beside it, before anything is run.

    Returns a :class:`~sim.experiments.files.TemporaryFolder`: write into ``.path``, then
    ``commit()`` (or ``discard()``).
    """
    check_run_folder(out, option)
    folder = TemporaryFolder(Path(out), replaceable=_replaceable)
    try:
        folder.create()
    except OSError as exc:
        raise OutputError(f"{option} {str(out)!r}: cannot create a folder there: "
                          f"{exc.strerror or exc}. Nothing was written.") from None
    return folder


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def run_metadata(result) -> dict:
    return {
        "scenario": result.scenario.name,
        "scenario_file": str(result.scenario.path) if result.scenario.path else None,
        "seed": result.seed,
        "years": result.years,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "parameters": {
            name: {"value": value, "unit": REGISTRY[name].unit, "source": REGISTRY[name].source}
            for name, value in result.params.as_plain().items()
        },
        # levers that change during the run (sim.events): as given, and as applied
        "events": [ev.to_dict() for ev in getattr(result, "events", ())],
        "changes": [ch.to_dict() for ch in getattr(result, "changes", ())],
    }


def write_run_files(result, folder: Path, figure: bool = True) -> None:
    """Write summary, metadata, time series, network and figure into ``folder``."""
    folder = Path(folder)
    summary = {k: _json_safe(v) for k, v in result.summary.items()}
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (folder / "run.json").write_text(json.dumps(run_metadata(result), indent=2) + "\n")
    result.timeseries.to_parquet(folder / "timeseries.parquet", index=False)
    result.timeseries.to_csv(folder / "timeseries.csv", index=False)
    result.model.ties.to_graphml(folder / "network.graphml")
    changes = getattr(result, "changes", ())
    if changes:  # one row per lever changed by an event, in the order applied
        import pandas as pd

        pd.DataFrame([ch.to_dict() for ch in changes]).to_csv(folder / "events.csv",
                                                              index=False)
    if figure:
        import matplotlib.pyplot as plt

        from .plots import run_figure

        fig = run_figure(result)
        try:
            fig.savefig(folder / "figure.png", dpi=110)
        finally:
            plt.close(fig)


def write_run(result, out: Path, figure: bool = True) -> Path:
    """Write summary, time series, figure and network to ``out``, atomically.

    Everything is written to a temporary folder beside ``out`` and moved into place at the
    end; an existing ``out`` is replaced only if it is a previous run's result (or empty),
    and only once the new one is complete. Raises :class:`OutputError` otherwise.
    """
    folder = open_run_folder(Path(out))
    try:
        write_run_files(result, folder.path, figure)
        folder.commit()
    except BaseException:
        folder.discard()
        raise
    return Path(out)
