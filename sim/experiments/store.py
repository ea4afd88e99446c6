"""Store and read back sweep results.

A results store is a directory (``results/<name>/`` by default)::

    manifest.json            spec, design summary, versions, git commit, sessions, times
    spec.toml                the spec file's text, as given (when read from a file)
    design.parquet           one row per design point: point_id and the varied parameters
    runs/part-SSS-NNNNNN.parquet        run-level rows (session SSS, part NNNNNN)
    runs/checksums.sha256               SHA-256 of every part
    timeseries/part-SSS-NNNNNN.parquet  weekly rows with run_id (only with timeseries = true)
    timeseries/checksums.sha256

Each part is written to a temporary file in the same directory (named
``.sim-tmp-...``, a name only this tool writes) and moved into place with :func:`os.replace`,
so a part is either complete or absent, whatever kills the process. Every part's SHA-256 is
recorded in ``checksums.sha256`` beside it (the format of ``sha256sum``; the line is written
before the part appears), and every Parquet file also has page checksums (CRC-32); both are
verified whenever a part is read, so a part whose bytes changed on disk is never read as if
it were good. A
time-series part is written before the run part of the same name; a time-series part without
its run part (a kill between the two) is an orphan and is removed when the store is opened
for a resume. Left-over temporary files of this tool are removed then as well (nothing else
in the folder is touched). Parts are not flushed to disk one by one (that would cost more
than a small run); a part that a power failure leaves unreadable, or whose checksums fail,
is set aside (``*.corrupt``) on resume and its runs run again. The manifest, the
design and merged parts are flushed.

A sweep holds an exclusive lock on its folder (:class:`~sim.experiments.files.FolderLock`,
the file ``.sim-lock``) while it runs, so two sweeps never write into one store; the
operating system releases the lock of a killed process.

A run can appear in more than one part: a failed run is retried when a sweep is resumed.
:meth:`ResultStore.read_runs` keeps one row per run: its successful row if there is one, else
its latest failure. So the table read back never has duplicate run ids.

When a session completes with at least :attr:`ResultStore.COMPACT_MIN_PARTS` parts,
:meth:`ResultStore.compact` merges them into one (many small files are slow to read and
unwelcome on cluster file systems; a few are not worth the time).
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model import REGISTRY
from .design import Design, plain
from .files import FolderLock, atomic_file, atomic_write_text, clean_temporaries
from .runner import RunRecord

__all__ = ["MemoryStore", "ResultStore", "StoreError", "load_manifest", "load_results",
           "load_timeseries", "records_table"]

MANIFEST = "manifest.json"
#: per folder of parts: one ``<sha256>  <part name>`` line per part, as ``sha256sum`` writes
CHECKSUMS = "checksums.sha256"
_PART_RE = re.compile(r"^part-(\d{3,})-(\d{6,})\.parquet$")


class StoreError(ValueError):
    """A results directory that cannot be used as asked."""


# ---------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------


def _param_type(name: str) -> pa.DataType:
    kind = REGISTRY[name].kind
    return {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}.get(kind, pa.string())


def _param_value(name: str, value: Any) -> Any:
    if REGISTRY[name].kind in ("int", "float", "bool"):
        return value
    return json.dumps(plain(value))


def records_table(records: Sequence[RunRecord], design: Design,
                  outcome_order: Sequence[str] | None = None) -> pa.Table:
    """Run-level rows for ``records``: ids, seed, parameters, outcomes, status and timing."""
    plans = [design.run(r.run_id) for r in records]
    cols: dict[str, pa.Array] = {
        "run_id": pa.array([p.run_id for p in plans], pa.int64()),
        "point_id": pa.array([p.point_id for p in plans], pa.int64()),
        "replicate": pa.array([p.replicate for p in plans], pa.int64()),
        "seed": pa.array([p.seed for p in plans], pa.int64()),
    }
    for name in design.columns():
        values = [_param_value(name, design.overrides(p.point_id)[name]) for p in plans]
        cols[name] = pa.array(values, _param_type(name))
    names: list[str] = list(outcome_order or [])
    for r in records:
        names += [k for k in r.outcomes if k not in names]
    for name in names:
        values = [r.outcomes.get(name) for r in records]
        textual = any(isinstance(v, str) for v in values)
        cols[name] = pa.array([None if v is None else (str(v) if textual else v) for v in values],
                              pa.string() if textual else pa.float64())
    cols["status"] = pa.array([r.status for r in records], pa.string())
    cols["error"] = pa.array([r.error for r in records], pa.string())
    cols["traceback"] = pa.array([r.traceback for r in records], pa.string())
    cols["elapsed_s"] = pa.array([r.elapsed_s for r in records], pa.float64())
    return pa.table(cols)


def timeseries_table(records: Sequence[RunRecord]) -> pa.Table | None:
    frames = []
    for r in records:
        if r.timeseries is not None and r.status == "ok":
            ts = r.timeseries.copy()
            ts.insert(0, "run_id", r.run_id)
            frames.append(ts)
    if not frames:
        return None
    return pa.Table.from_pandas(pd.concat(frames, ignore_index=True), preserve_index=False)


def _dedupe(tables: list[pa.Table]) -> pa.Table:
    """Run-level tables (in the order they were written) as one table, one row per run id,
    sorted by run id: a run's successful row if it has one, else its latest failure."""
    table = pa.concat_tables(tables, promote_options="permissive")
    run_id = table.column("run_id").to_numpy()
    ok = np.asarray(table.column("status").to_pylist(), dtype=object) == "ok"
    idx = np.lexsort((np.arange(len(run_id)), ok, run_id))
    ids = run_id[idx]
    last = np.r_[ids[1:] != ids[:-1], True] if len(ids) else np.zeros(0, bool)
    return table.take(pa.array(idx[last]))


def _combine(tables: list[pa.Table], column_order: Sequence[str] = ()) -> pd.DataFrame:
    """One row per run id from run-level tables in the order they were written."""
    if not tables:
        return pd.DataFrame(columns=["run_id", "point_id", "replicate", "seed", "status"])
    df = _dedupe(tables).to_pandas()
    if column_order:
        known = [c for c in column_order if c in df.columns]
        tail = ["status", "error", "traceback", "elapsed_s"]
        middle = [c for c in df.columns if c not in known and c not in tail]
        df = df[[*known, *middle, *[c for c in tail if c in df.columns]]]
    return df


# ---------------------------------------------------------------------------------------
# Stores
# ---------------------------------------------------------------------------------------


class MemoryStore:
    """Keeps parts in memory (``run_sweep(out=None)``); reads back exactly like a directory."""

    path = None

    def __init__(self) -> None:
        self._runs: list[pa.Table] = []
        self._ts: list[pa.Table] = []
        self.manifest: dict = {}
        self.column_order: list[str] = []

    def write_part(self, runs: pa.Table, timeseries: pa.Table | None = None) -> str:
        # the same Parquet round trip as on disk, so both stores give identical frames
        self._runs.append(_roundtrip(runs))
        if timeseries is not None:
            self._ts.append(_roundtrip(timeseries))
        return f"memory-{len(self._runs)}"

    def finished_run_ids(self) -> set[int]:
        return {int(r) for t in self._runs
                for r, s in zip(t.column("run_id").to_pylist(), t.column("status").to_pylist())
                if s == "ok"}

    def read_runs(self) -> pd.DataFrame:
        return _combine(self._runs, self.column_order)

    def read_timeseries(self) -> pd.DataFrame | None:
        if not self._ts:
            return None
        return pa.concat_tables(self._ts, promote_options="permissive").to_pandas() \
            .sort_values(["run_id"], kind="stable").reset_index(drop=True)

    def write_manifest(self, manifest: dict) -> None:
        self.manifest = manifest


def _roundtrip(table: pa.Table) -> pa.Table:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return pq.read_table(pa.BufferReader(sink.getvalue()))


class ResultStore:
    """A results directory (see the module docstring for its layout)."""

    #: :meth:`compact` leaves fewer parts than this alone (``force=True`` merges any)
    COMPACT_MIN_PARTS = 100
    #: rows of the run parts this object wrote that it keeps in memory for :meth:`read_runs`
    CACHE_ROWS = 100_000

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.runs_dir = self.path / "runs"
        self.ts_dir = self.path / "timeseries"
        self.session = 0
        self._seq = 0
        self.column_order: list[str] = []
        # run parts written by this object, kept to read back without opening them again
        self._written: dict[str, pa.Table] = {}
        self._written_rows = 0

    # -- state -----------------------------------------------------------------------
    def exists(self) -> bool:
        """True if the directory already holds a sweep (a manifest or any run part)."""
        return (self.path / MANIFEST).is_file() or any(self.part_files())

    def part_files(self, kind: str = "runs") -> list[Path]:
        folder = self.runs_dir if kind == "runs" else self.ts_dir
        if not folder.is_dir():
            return []
        parts = [(tuple(map(int, m.groups())), p) for p in folder.iterdir()
                 if (m := _PART_RE.match(p.name))]
        return [p for _, p in sorted(parts)]

    def read_manifest(self) -> dict:
        try:
            return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.path} holds no sweep ({MANIFEST} is missing).") from None
        except json.JSONDecodeError as exc:
            raise StoreError(f"{self.path / MANIFEST} is not valid JSON: {exc}") from None

    def finished_run_ids(self) -> set[int]:
        """Ids of runs with a successful row in some (readable) part."""
        done: set[int] = set()
        for t in _read_parts(self.part_files(), columns=["run_id", "status"]):
            done.update(int(r) for r, s in zip(t.column("run_id").to_pylist(),
                                               t.column("status").to_pylist()) if s == "ok")
        return done

    # -- writing ---------------------------------------------------------------------
    def prepare(self, session: int) -> None:
        """Create the folders, clean up after a kill and start numbering parts of ``session``."""
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.session = session
        self._seq = 0
        for folder in (self.path, self.runs_dir, self.ts_dir):
            if folder.is_dir():  # the lock is ours: every temporary file here is stale
                clean_temporaries(folder, all_of_this_host=True)
        sums = {self.runs_dir: _checksums(self.runs_dir), self.ts_dir: _checksums(self.ts_dir)}
        broken = {p.name for p in [*self.part_files(), *self.part_files("timeseries")]
                  if not _readable(p, sums[p.parent])}  # cut short, or bytes changed
        for name in sorted(broken):  # set aside with its partner: its runs run again
            for folder in (self.runs_dir, self.ts_dir):
                if (folder / name).exists():
                    (folder / name).replace(folder / (name + ".corrupt"))
            warnings.warn(f"part {name} of {self.path} is not a readable Parquet file or its "
                          f"checksums fail; it is set aside as {name}.corrupt and its runs "
                          "will run again", stacklevel=2)
        run_names = {p.name for p in self.part_files()}
        for p in self.part_files("timeseries"):
            if p.name not in run_names:
                p.unlink()
        # never reuse a part name of this session (a session number is used once, but be safe)
        prefix = f"part-{session:03d}-"
        used = [int(_PART_RE.match(p.name).group(2)) for p in self.part_files()
                if p.name.startswith(prefix)]
        self._seq = max(used, default=0)

    def write_part(self, runs: pa.Table, timeseries: pa.Table | None = None) -> str:
        """Write one part atomically (time series first); returns the part's file name."""
        self._seq += 1
        name = f"part-{self.session:03d}-{self._seq:06d}.parquet"
        if timeseries is not None:
            self.ts_dir.mkdir(parents=True, exist_ok=True)
            _atomic_parquet(timeseries, self.ts_dir / name)
        _atomic_parquet(runs, self.runs_dir / name)
        if self._written_rows + runs.num_rows <= self.CACHE_ROWS:
            self._written[name] = runs
            self._written_rows += runs.num_rows
        return name

    def compact(self, force: bool = False) -> str | None:
        """Merge all parts into one part (and one time-series part); returns its name, or
        None if there were fewer than :attr:`COMPACT_MIN_PARTS` parts (or one, with ``force``).

        The merged part is written (atomically) before the old parts are removed, and it
        sorts after them, so a kill at any point leaves a store that reads back the same.
        """
        runs = self.part_files()
        if len(runs) <= 1 or (len(runs) < self.COMPACT_MIN_PARTS and not force):
            return None
        names = {p.name for p in runs}
        ts_parts = [p for p in self.part_files("timeseries") if p.name in names]
        # a name that sorts after every existing part, whoever numbered them
        last = max(tuple(map(int, _PART_RE.match(p.name).groups())) for p in runs)
        self.session = max(self.session, last[0])
        self._seq = max(self._seq, last[1] if last[0] == self.session else 0) + 1
        name = f"part-{self.session:03d}-{self._seq:06d}.parquet"
        assert name not in names
        tables = _read_parts(runs)
        if len(tables) < len(runs):  # a damaged part: leave it to be set aside on resume
            return None
        if ts_parts:
            _atomic_concat(ts_parts, self.ts_dir / name)
        _atomic_parquet(_dedupe(tables), self.runs_dir / name,
                        durable=True)  # on disk before the parts it replaces are removed
        for p in runs:
            p.unlink(missing_ok=True)
            (self.ts_dir / p.name).unlink(missing_ok=True)
        for folder in (self.runs_dir, self.ts_dir):
            _prune_checksums(folder)
        return name

    def write_manifest(self, manifest: dict) -> None:
        atomic_write_text(self.path / MANIFEST, json.dumps(manifest, indent=2, default=str) + "\n")

    def write_design(self, design: Design) -> None:
        cols = {"point_id": pa.array(range(design.n_points), pa.int64())}
        for name in design.parameters:
            cols[name] = pa.array([_param_value(name, p[name]) for p in design.points],
                                  _param_type(name))
        _atomic_parquet(pa.table(cols), self.path / "design.parquet", durable=True,
                        record=False)

    def write_text(self, name: str, text: str) -> None:
        atomic_write_text(self.path / name, text)

    def lock(self, **info) -> FolderLock:
        """The store's lock (not yet acquired); ``info`` is written into the lock file."""
        return FolderLock(self.path, info)

    # -- reading ---------------------------------------------------------------------
    def read_runs(self) -> pd.DataFrame:
        order = self.column_order or _manifest_columns(self)
        tables = []
        for p in self.part_files():
            t = self._written.get(p.name)
            if t is None:
                t = _read_part(p)
            if t is not None:
                tables.append(t)
        return _combine(tables, order)

    def read_timeseries(self, run_ids: Iterable[int] | None = None) -> pd.DataFrame | None:
        runs = {p.name for p in self.part_files()}
        parts = [p for p in self.part_files("timeseries") if p.name in runs]
        if not parts:
            return None
        filters = [("run_id", "in", list(map(int, run_ids)))] if run_ids is not None else None
        tables = _read_parts(parts, filters=filters)
        df = pa.concat_tables(tables, promote_options="permissive").to_pandas()
        # a run retried after a failure has one set of rows; drop repeats defensively
        keys = ["run_id", "week"] if "week" in df.columns else None
        if keys:
            df = df.drop_duplicates(keys, keep="last")
        return df.sort_values("run_id", kind="stable").reset_index(drop=True)


class _Hashing:
    """A write-only file that passes bytes on to ``fh`` and hashes them (SHA-256)."""

    def __init__(self, fh) -> None:
        self.fh, self.hash, self.closed = fh, hashlib.sha256(), False

    def write(self, data) -> int:
        self.hash.update(data)
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()

    def tell(self) -> int:
        return self.fh.tell()

    def writable(self) -> bool:
        return True

    def close(self) -> None:  # the underlying file is closed by atomic_file
        self.closed = True


def _checksums(folder: Path) -> dict[str, str]:
    """Part name -> recorded SHA-256 (the last line for a name wins)."""
    try:
        text = (folder / CHECKSUMS).read_text(encoding="ascii", errors="replace")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name:
            out[name] = digest
    return out


def _record_checksum(target: Path, digest: str) -> None:
    with open(target.parent / CHECKSUMS, "a", encoding="ascii") as fh:
        fh.write(f"{digest}  {target.name}\n")


def _prune_checksums(folder: Path) -> None:
    """Keep only the lines of parts that exist (after a compaction)."""
    sums = _checksums(folder)
    if not sums:
        return
    keep = {n: d for n, d in sums.items() if (folder / n).exists()}
    atomic_write_text(folder / CHECKSUMS, "".join(f"{d}  {n}\n" for n, d in sorted(keep.items())))


class _Damaged(Exception):
    pass


def _verified(path: Path, sums: dict[str, str] | None = None) -> pa.BufferReader:
    """The bytes of part ``path``, checked against its recorded SHA-256 (if recorded)."""
    data = path.read_bytes()
    expected = (sums if sums is not None else _checksums(path.parent)).get(path.name)
    if expected is not None and hashlib.sha256(data).hexdigest() != expected:
        raise _Damaged(f"its SHA-256 differs from the one in {CHECKSUMS}")
    return pa.BufferReader(data)


def _readable(path: Path, sums: dict[str, str] | None = None) -> bool:
    """Is the part whole: its SHA-256 as recorded, every page checksum right, readable?"""
    try:
        pq.ParquetFile(_verified(path, sums), page_checksum_verification=True).read()
        return True
    except (OSError, pa.ArrowException, ValueError, _Damaged):
        return False


def _read_part(path: Path, filters=None, sums: dict[str, str] | None = None,
               **kw) -> pa.Table | None:
    """One part (checksums verified), or None (with a warning) if it cannot be read."""
    try:
        source = _verified(path, sums)
        if filters is None:
            return pq.ParquetFile(source, page_checksum_verification=True).read(**kw)
        return pq.read_table(source, filters=filters, page_checksum_verification=True, **kw)
    except (OSError, pa.ArrowException, ValueError, _Damaged) as exc:
        warnings.warn(f"skipping {path}: not a readable Parquet file, or its checksums fail "
                      f"({exc}); resume the sweep to run its runs again", stacklevel=3)
        return None


def _read_parts(parts: Sequence[Path], **kw) -> list[pa.Table]:
    """Read parts, skipping (with a warning) any that cannot be read."""
    sums: dict[Path, dict[str, str]] = {}
    out = []
    for p in parts:
        if p.parent not in sums:
            sums[p.parent] = _checksums(p.parent)
        t = _read_part(p, sums=sums[p.parent], **kw)
        if t is not None:
            out.append(t)
    return out


def _manifest_columns(store: ResultStore) -> list[str]:
    try:
        return list(store.read_manifest().get("columns", []))
    except StoreError:
        return []


def _atomic_parquet(table: pa.Table, target: Path, durable: bool = False,
                    record: bool = True) -> None:
    """Write ``table`` to ``target`` atomically, with page checksums, and (``record``) its
    SHA-256 in the folder's checksum file before it appears (see
    :func:`~sim.experiments.files.atomic_file`)."""
    with atomic_file(target, durable=durable) as fh:
        sink = _Hashing(fh)
        pq.write_table(table, sink, write_page_checksum=True)
        if record:
            _record_checksum(target, sink.hash.hexdigest())


def _atomic_concat(parts: Sequence[Path], target: Path) -> None:
    """Concatenate Parquet files into ``target`` one at a time (little memory), durably."""
    schema = pa.unify_schemas([pq.read_schema(p) for p in parts], promote_options="permissive")
    with atomic_file(target) as fh:
        sink = _Hashing(fh)
        with pq.ParquetWriter(sink, schema, write_page_checksum=True) as writer:
            for p in parts:
                t = pq.read_table(_verified(p), page_checksum_verification=True)
                for field in schema:
                    if field.name not in t.column_names:
                        t = t.append_column(field, pa.nulls(len(t), field.type))
                writer.write_table(t.select(schema.names).cast(schema))
        _record_checksum(target, sink.hash.hexdigest())


# ---------------------------------------------------------------------------------------
# Reading a store back
# ---------------------------------------------------------------------------------------


def load_results(path: str | Path, *, include_failed: bool = True) -> pd.DataFrame:
    """Read a results directory back as one DataFrame, one row per run, sorted by run id.

    Columns: ``run_id, point_id, replicate, seed``, the parameters (varied, then fixed),
    the outcomes, then ``status`` ("ok"/"failed"), ``error``, ``traceback`` and
    ``elapsed_s`` (wall time of the run; the only column that differs between two runs of the
    same sweep). Numeric outcomes are float64 (counts too; a failed run's are NaN);
    list-valued parameters are JSON text. ``include_failed=False`` keeps only successful
    runs.
    """
    store = ResultStore(path)
    if not store.exists():
        raise StoreError(f"{path} holds no sweep results (no {MANIFEST} and no runs/ parts).")
    df = store.read_runs()
    if not include_failed and len(df):
        df = df[df["status"] == "ok"].reset_index(drop=True)
    return df


def load_timeseries(path: str | Path, run_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """The weekly time series of a store (``timeseries = true``), with a ``run_id`` column."""
    df = ResultStore(path).read_timeseries(run_ids)
    if df is None:
        raise StoreError(f"{path} holds no time series (the sweep had timeseries = false, or no "
                         "run has finished).")
    return df


def load_manifest(path: str | Path) -> dict:
    """The manifest of a results directory."""
    return ResultStore(path).read_manifest()
