"""Writing a run's results: all files appear together or not at all."""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import tempfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from .model import REGISTRY

RUN_FILES = ("summary.json", "run.json", "timeseries.parquet", "timeseries.csv", "figure.png",
             "network.graphml")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("sim", "mesa", "numpy", "pandas", "pyarrow", "networkx", "matplotlib", "SALib"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


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
        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(),
        "parameters": {
            name: {"value": value, "unit": REGISTRY[name].unit, "source": REGISTRY[name].source}
            for name, value in result.params.as_plain().items()
        },
    }


def write_run(result, out: Path, figure: bool = True) -> Path:
    """Write summary, time series, figure and network to ``out``, atomically.

    Everything is written to a temporary directory beside ``out`` and moved into place at the
    end; an existing ``out`` is replaced only once the new one is complete.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        summary = {k: _json_safe(v) for k, v in result.summary.items()}
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (tmp / "run.json").write_text(json.dumps(run_metadata(result), indent=2) + "\n")
        result.timeseries.to_parquet(tmp / "timeseries.parquet", index=False)
        result.timeseries.to_csv(tmp / "timeseries.csv", index=False)
        result.model.ties.to_graphml(tmp / "network.graphml")
        if figure:
            from .plots import run_figure

            fig = run_figure(result)
            fig.savefig(tmp / "figure.png", dpi=110)
            import matplotlib.pyplot as plt

            plt.close(fig)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
