"""Writing files so that nothing is half-written and nothing of the user's is touched.

* :func:`atomic_file` / :func:`atomic_write_text` - one file, written beside its target and
  renamed into place (complete or absent, whatever kills the process).
* :func:`atomic_folder` - a whole folder of results (``python -m sim run``), built beside
  its target and swapped in at the end.
* Temporary files and folders have names only this tool writes
  (``.sim-tmp-<host>-<pid>-<random>-<name>``); clean-up removes only such names, and only
  those whose process is gone.
* :class:`FolderLock` - an exclusive lock on a folder (``fcntl.flock``), released by the
  operating system when its process dies, so a lock left by a killed process is never in the
  way; the lock file says who holds it.
* :func:`disk_full` - is an ``OSError`` a full disk or quota?
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Self

__all__ = [
    "TMP_PREFIX",
    "FolderLock",
    "LockedError",
    "TemporaryFolder",
    "atomic_file",
    "atomic_folder",
    "atomic_write_text",
    "check_location",
    "clean_temporaries",
    "describe_holder",
    "disk_full",
    "file_mode",
    "folder_mode",
    "is_temporary",
    "pid_alive",
]

#: every temporary name this tool writes starts with this
TMP_PREFIX = ".sim-tmp-"
_TMP_RE = re.compile(r"^\.sim-tmp-([0-9a-f]{6})-(\d+)-[a-z0-9_]{8}-")


@functools.lru_cache(maxsize=1)
def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def _tmp_prefix() -> str:
    return f"{TMP_PREFIX}{_host_tag()}-{os.getpid()}-"


def is_temporary(name: str) -> bool:
    """Is ``name`` a temporary file or folder name written by this tool?"""
    return _TMP_RE.match(name) is not None


def pid_alive(pid: int) -> bool:
    """Is process ``pid`` running on this machine (a zombie is not)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - exists, another user's
        return True
    except OverflowError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):  # no /proc (macOS): kill(pid, 0) has to do
        return True


def clean_temporaries(folder: Path, all_of_this_host: bool = False) -> list[Path]:
    """Remove this tool's temporary files and folders in ``folder`` whose process is gone
    (``all_of_this_host``: every one written on this machine except this process's own,
    for a folder whose lock we hold). Nothing else is touched. Returns what was removed."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = _TMP_RE.match(p.name)
        if m is None or m.group(1) != _host_tag():
            continue
        pid = int(m.group(2))
        if pid == os.getpid() or (not all_of_this_host and pid_alive(pid)):
            continue
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """Permissions of an ordinary new file under the current umask (mkstemp gives 0600)."""
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """Permissions of an ordinary new folder under the current umask (mkdtemp gives 0700)."""
    return 0o777 & ~_umask()


def check_location(path: Path) -> str | None:
    """Why a results folder cannot be at ``path`` (None if it can), without writing.

    The folder may exist (and must be a folder) or not yet; the nearest existing folder
    above it must be a folder this process may write into.
    """
    text = str(path)
    if not text.strip():
        return "the path is empty; give a folder for the results."
    if "\0" in text:
        return "the path contains a NUL character."
    p = Path(os.path.abspath(path))
    if os.path.lexists(p) and not p.is_dir():
        return "exists and is not a folder."
    for folder in [p, *p.parents]:
        if not os.path.lexists(folder):
            continue
        if not folder.is_dir():
            return f"{folder} is a file, not a folder, so nothing can be created under it."
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"cannot write into {folder} (permission denied)."
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return f"{folder} is on a read-only file system."
        except (OSError, AttributeError):
            pass
        return None
    return None  # pragma: no cover - the root always exists


def disk_full(exc: BaseException) -> bool:
    """Is ``exc`` an ``OSError`` for a full disk or an exceeded quota?"""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def fsync_folder(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(target: Path, mode: str = "wb", durable: bool = True) -> Iterator[IO[Any]]:
    """Yield a temporary file beside ``target``; on success rename it into place.

    The rename makes the write atomic for any process kill. ``durable`` also flushes the file
    and the folder to disk (for files whose loss in a power cut would lose data that exists
    nowhere else). On any error the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(), suffix=f"-{target.name}",
                               dir=target.parent)
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, file_mode())
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
        if durable:
            fsync_folder(target.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(target: Path, text: str, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically (see :func:`atomic_file`)."""
    with atomic_file(target, mode="w", durable=durable) as fh:
        fh.write(text)


def make_temporary_folder(parent: Path, name: str) -> Path:
    """A new, empty temporary folder in ``parent`` (which must exist), with ordinary
    permissions."""
    tmp = Path(tempfile.mkdtemp(prefix=_tmp_prefix(), suffix=f"-{name}", dir=parent))
    with contextlib.suppress(OSError):
        os.chmod(tmp, folder_mode())
    return tmp


class TemporaryFolder:
    """A folder built beside ``target`` and swapped in when complete.

    :meth:`create` makes the temporary folder (and ``target``'s parents) and removes
    temporary folders that a killed process left there; :meth:`commit` replaces ``target``
    with it, :meth:`discard` removes it. An existing ``target`` is replaced only if
    ``replaceable(target)`` is true (by default: an empty folder); it is moved aside first
    and removed once the new folder is in place, so ``target`` is always either the old or
    the new folder. As a context manager it creates, then commits on success or discards on
    any error.
    """

    def __init__(self, target: Path, replaceable=None) -> None:
        self.target = Path(target)
        self.replaceable = replaceable or (
            lambda p: p.is_dir() and not p.is_symlink() and not any(p.iterdir()))
        self.path: Path | None = None

    def create(self) -> Path:
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        clean_temporaries(parent)
        self.path = make_temporary_folder(parent, self.target.name)
        return self.path

    def commit(self) -> Path:
        target, parent = self.target, self.target.parent
        old = None
        if os.path.lexists(target):
            if not self.replaceable(target):
                raise FileExistsError(errno.EEXIST, "exists and is not this tool's result",
                                      str(target))
            old = parent / f"{_tmp_prefix()}{secrets.token_hex(4)}-old-{target.name}"
            os.replace(target, old)
        os.replace(self.path, target)
        self.path = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def discard(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None

    def __enter__(self) -> Path:
        return self.create()

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.commit()
            except BaseException:
                self.discard()
                raise
        else:
            self.discard()


def atomic_folder(target: Path, replaceable=None) -> TemporaryFolder:
    """``with atomic_folder(target) as tmp:`` write into ``tmp``; see :class:`TemporaryFolder`."""
    return TemporaryFolder(target, replaceable)


# ---------------------------------------------------------------------------------------
# Locks
# ---------------------------------------------------------------------------------------


class LockedError(RuntimeError):
    """The folder is locked by another process; ``holder`` says which (may be empty)."""

    def __init__(self, path: Path, holder: dict) -> None:
        self.path, self.holder = path, holder
        super().__init__(f"{path} is locked by {describe_holder(holder)}")


def describe_holder(holder: dict) -> str:
    if not holder:
        return "another process"
    what = holder.get("what") or "a process"
    bits = [f"process {holder.get('pid')}"]
    if holder.get("host"):
        bits.append(f"on {holder['host']}")
    if holder.get("started"):
        bits.append(f"since {holder['started']}")
    cmd = holder.get("command")
    return f"{what} ({' '.join(bits)}" + (f": {cmd}" if cmd else "") + ")"


class FolderLock:
    """An exclusive, non-blocking lock on ``folder`` (``fcntl.flock`` on a lock file).

    ``acquire()`` raises :class:`LockedError` naming the holder if another process (or
    another lock object in this process) holds it. The operating system releases the lock
    when its process ends, however it ends; :attr:`previous` then holds what the last holder
    wrote, so a caller can tell that a session ended without closing (``stale``).
    """

    NAME = ".sim-lock"

    def __init__(self, folder: Path, info: dict | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / self.NAME
        self.info = dict(info or {})
        self.previous: dict = {}
        self._fd: int | None = None

    @property
    def stale(self) -> bool:
        """Did a previous holder end without releasing the lock file's record?"""
        return bool(self.previous)

    def read_holder(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def held_by_other(self) -> dict | None:
        """The holder's record if another process holds the lock now, else None.
        Writes nothing (the lock file is opened read-only, if it exists)."""
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return self.read_holder() or {"pid": "?"}
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def acquire(self) -> FolderLock:
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, file_mode())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise LockedError(self.folder, self.read_holder()) from None
        self._fd = fd
        self.previous = self.read_holder()  # left by a process that did not release it
        record = {"pid": os.getpid(), "host": socket.gethostname(), **self.info}
        data = (json.dumps(record) + "\n").encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:  # e.g. a full disk: the lock holds all the same
            pass
        return self

    def release(self) -> None:
        import fcntl

        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)  # a clean end: nothing stale for the next holder
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
