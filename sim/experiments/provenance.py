"""Provenance of a sweep: package versions, the git commit, the machine, timestamps."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

__all__ = ["PACKAGES", "git_info", "now", "versions"]

#: distributions whose versions every manifest records (absent ones are recorded as null)
PACKAGES = ("sim", "mesa", "numpy", "pandas", "pyarrow", "networkx", "matplotlib", "SALib",
            "scipy", "dask", "distributed", "tqdm")


def now() -> str:
    """The current time, ISO 8601 with time zone."""
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def versions() -> dict[str, str | None]:
    """Versions of Python and of :data:`PACKAGES` (``None`` where not installed)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    if out.get("sim") is None:
        try:
            import sim

            out["sim"] = getattr(sim, "__version__", None)
        except ImportError:  # pragma: no cover
            pass
    return out


def git_info(path: str | Path | None = None) -> dict | None:
    """The commit (and whether the work tree had changes) of the repository holding ``path``
    (default: the ``sim`` package). ``None`` when git or the repository is not there."""
    if path is None:
        path = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True,
                                text=True, timeout=10, check=False)
        if commit.returncode != 0:
            return None
        status = subprocess.run(["git", "-C", str(path), "status", "--porcelain",
                                 "--untracked-files=no"], capture_output=True, text=True,
                                timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.stdout.strip(),
            "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None}


def host() -> dict:
    return {"hostname": socket.gethostname(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "pid": os.getpid(), "argv": list(sys.argv)}
