"""Execute runs: in this process, in a local process pool or on a Dask cluster.

All executors share one interface (:class:`Executor`): ``start()``, then
``imap_unordered(fn, items)``, which yields lists of :class:`Completed` as work finishes (in
any order; a list holds what finished at about the same time, so it can be stored as one
part), then ``close(kill=...)``. Results do not depend on the executor: every run carries its
own seed (:mod:`sim.experiments.seeds`) and the store sorts by run id.

* :class:`SerialExecutor` - one run after another in this process; simplest to debug.
* :class:`PoolExecutor` - a local :class:`concurrent.futures.ProcessPoolExecutor` (the
  default, one worker per core). On Linux, when this process has no other thread, the
  workers are forked from it at the start (they begin with everything it has imported, and
  forking is safe without threads); otherwise they come from a ``forkserver`` that has
  imported the model once, which is safe whatever threads this process has.
  A worker that dies (killed, out of memory) breaks the pool; the pool is restarted and the
  runs that were in flight are tried again one at a time, so only the run that kills its
  worker is recorded as failed.
* :class:`DaskExecutor` - a Dask ``distributed`` cluster: an existing scheduler
  (``--scheduler tls://host:8786``) or a ``LocalCluster`` started here
  (``--dask-local N``). The local cluster listens on 127.0.0.1 only and speaks TLS with
  throw-away certificates (``Security.temporary()``), so no other user of the machine can
  send it work; it opens no dashboard unless asked. See ``docs/cluster.md`` for securing a
  real cluster.

At most ``max_in_flight`` runs (default: twice the number of workers) are submitted at a
time, so an interrupted sweep loses at most those runs.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from .files import pid_alive
from .signals import deferred

__all__ = ["Completed", "DaskExecutor", "Executor", "ExecutorError", "PoolExecutor",
           "SerialExecutor", "make_executor"]

log = logging.getLogger(__name__)


class ExecutorError(RuntimeError):
    """An executor that cannot be started as asked (e.g. Dask missing or unreachable)."""


@dataclass
class Completed:
    """One finished item: ``value`` is what ``fn`` returned, or ``error`` what went wrong
    outside ``fn`` (a worker that died, a cancelled task)."""

    item: Any
    value: Any = None
    error: BaseException | None = None


class Executor(ABC):
    """Runs ``fn(item)`` for many items and hands back results as they finish."""

    #: short name shown in the manifest and the final report
    name = "executor"

    def __init__(self) -> None:
        self.workers = 1

    def start(self) -> Executor:
        return self

    @abstractmethod
    def imap_unordered(self, fn: Callable, items: Iterable, *,
                       max_in_flight: int | None = None) -> Iterator[list[Completed]]:
        """Yield lists of finished items until every item has been yielded once."""

    def close(self, kill: bool = False) -> None:  # noqa: B027 - an optional hook
        """Release workers; ``kill=True`` stops runs in progress at once."""

    def describe(self) -> dict:
        return {"executor": self.name, "workers": self.workers}

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)


class SerialExecutor(Executor):
    """Runs every item in this process, in order."""

    name = "serial"

    def imap_unordered(self, fn, items, *, max_in_flight=None):
        for item in items:
            yield [Completed(item, fn(item))]


def _worker_init(sys_path: list[str], main_pid: int) -> None:
    """Pool worker setup: the parent's import path; Ctrl-C (which a terminal sends to the
    whole process group) is left to the sweep's process, which stores what has finished and
    then stops the workers. A worker exits when that process is gone (:func:`_watch`)."""
    for p in reversed(sys_path):
        if p not in sys.path:
            sys.path.insert(0, p)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch(main_pid)


def _watch(main_pid: int, interval: float = 1.0) -> None:
    """Exit when the sweep's process is gone (killed with ``kill -9``, say).

    A pool worker waits for work on a pipe that its sibling workers hold open too, and a
    fork server lives as long as its workers, so without this a worker would wait forever.
    On Linux the kernel also kills a worker whose parent dies.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if not pid_alive(main_pid):  # pragma: no cover - gone already
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if not pid_alive(main_pid):
                os._exit(1)

    threading.Thread(target=watch, name="sim-sweep-watch", daemon=True).start()


def _default_start_method() -> str:
    """``fork`` on Linux while this process has a single thread (forking a process with
    threads can copy a lock some thread holds); else ``forkserver``, else ``spawn``."""
    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class PoolExecutor(Executor):
    """A local process pool (``concurrent.futures.ProcessPoolExecutor``).

    ``start_method`` is chosen when the pool starts: ``"fork"`` on Linux while this process
    has one thread (all workers are forked at once, before any other thread starts), else
    ``"forkserver"`` where available (Linux, macOS), else ``"spawn"``. The argument or the
    environment variable ``SIM_SWEEP_START_METHOD`` sets it instead. Results do not depend
    on it: every run carries its own seed.
    """

    name = "pool"
    #: modules the fork server imports once, so that every worker starts with them loaded
    PRELOAD: ClassVar[list[str]] = ["sim.experiments.runner", "sim.model"]

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        super().__init__()
        self.workers = int(workers or os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError(f"workers = {workers!r}: need at least 1")
        self._chosen = start_method or os.environ.get("SIM_SWEEP_START_METHOD")
        self.start_method = self._chosen or _default_start_method()
        self._pool: cf.ProcessPoolExecutor | None = None

    def describe(self) -> dict:
        return {**super().describe(), "start_method": self.start_method}

    def start(self) -> PoolExecutor:
        if self._pool is None:
            self.start_method = self._chosen or _default_start_method()
            ctx = mp.get_context(self.start_method)
            if self.start_method == "forkserver":
                ctx.set_forkserver_preload(self.PRELOAD)
            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx,
                                                initializer=_worker_init,
                                                initargs=(list(sys.path), os.getpid()))
            if self.start_method == "fork":
                # The first task forks every worker at once, now, while there is one thread.
                self._pool.submit(os.getpid).result()
        return self

    def imap_unordered(self, fn, items, *, max_in_flight=None):
        """See :meth:`Executor.imap_unordered`.

        A worker that dies breaks the pool, and every run in flight fails with it. The pool
        is then restarted and those runs are tried again one at a time, so that a run that
        kills its worker is found and recorded as failed, and the others finish.
        """
        self.start()
        limit = max(1, max_in_flight or 2 * self.workers)
        it = iter(items)
        pending: dict[cf.Future, Any] = {}
        suspects: list[Any] = []  # in flight when the pool broke: retried one at a time
        started_ok = False

        def fill() -> None:
            # a submit may start a worker process: not to be cut short by Ctrl-C, or the
            # pool would lose track of the process
            with deferred():
                if suspects:
                    if not pending:
                        item = suspects.pop(0)
                        pending[self._pool.submit(fn, item)] = item
                    return
                while len(pending) < limit:
                    item = next(it, _END)
                    if item is _END:
                        return
                    pending[self._pool.submit(fn, item)] = item

        try:
            fill()
            while pending:
                done, _ = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
                batch: list[Completed] = []
                broken: list[tuple[Any, BaseException]] = []
                for fut in done:
                    item = pending.pop(fut)
                    try:
                        batch.append(Completed(item, fut.result()))
                        started_ok = True
                    except cf.process.BrokenProcessPool as exc:
                        broken.append((item, exc))
                    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                        batch.append(Completed(item, error=exc))
                if broken:
                    # the pool is unusable: every other future fails the same way
                    for fut in list(pending):
                        item = pending.pop(fut)
                        try:
                            exc = fut.exception(timeout=10) or RuntimeError("worker died")
                        except Exception as e:  # noqa: BLE001 - cancelled or timed out
                            exc = e
                        broken.append((item, exc))
                    if not started_ok:
                        raise ExecutorError(
                            "the worker processes of the pool died before finishing any run "
                            f"({broken[0][1]}). If this is a script, start the sweep under "
                            "'if __name__ == \"__main__\":' (workers import the main module); "
                            "see the errors above for other causes.")
                    log.warning("a pool worker died (%s); restarting the pool", broken[0][1])
                    with deferred():
                        self.close(kill=True)
                        self.start()
                    if len(broken) == 1:  # it ran alone: it is the one that killed its worker
                        item, exc = broken[0]
                        batch.append(Completed(item, error=RuntimeError(
                            f"a worker process died while running this item: {exc}")))
                    else:
                        suspects.extend(item for item, _ in broken)
                if batch:
                    yield batch
                fill()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):  # already gone
                    proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()


class DaskExecutor(Executor):
    """Runs on a Dask ``distributed`` cluster.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``); or
    ``local_workers``: start a ``LocalCluster`` with that many single-threaded worker
    processes here (closed again by :meth:`close`). The code and environment must be the same
    on every worker (see ``docs/cluster.md``).
    """

    name = "dask"
    #: seconds to wait for a scheduler to answer
    CONNECT_TIMEOUT = 30.0

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None,
                 connect_timeout: float | None = None, security: Any = None,
                 dashboard: str | bool | None = None) -> None:
        super().__init__()
        if (scheduler is None) == (local_workers is None):
            raise ValueError("give either scheduler (an address) or local_workers (a number)")
        if local_workers is not None and local_workers < 1:
            raise ValueError(f"local_workers = {local_workers!r}: need at least 1")
        if scheduler is not None:
            check_scheduler_address(scheduler)
        self.scheduler = scheduler
        self.local_workers = local_workers
        self.connect_timeout = connect_timeout or self.CONNECT_TIMEOUT
        #: a ``distributed.security.Security`` for the connection to ``scheduler`` (default:
        #: Dask's configuration, ``distributed.comm.tls.*``)
        self.security = security
        #: the local cluster's dashboard: False/None (none), True (127.0.0.1:8787) or an
        #: address
        self.dashboard = dashboard
        self.workers = local_workers or 0
        self.client = None
        self.cluster = None

    def describe(self) -> dict:
        d = {**super().describe(), "scheduler": self.scheduler or "LocalCluster"}
        if self.cluster is not None:
            d["protocol"] = "tls"
        return d

    @property
    def dashboard_link(self) -> str | None:
        """The local cluster's dashboard address, if one was asked for."""
        if self.cluster is None or not self.dashboard:
            return None
        return getattr(self.cluster, "dashboard_link", None)

    def start(self) -> DaskExecutor:
        if self.client is not None:
            return self
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError("the Dask executor needs dask.distributed: install the 'dask' "
                                f"extra of this project (pip install -e '.[dask]'): {exc}") \
                from None
        try:
            if self.scheduler is not None:
                kw = {"security": self.security} if self.security is not None else {}
                self.client = Client(self.scheduler, timeout=self.connect_timeout, **kw)
            else:
                security = _temporary_security()
                if self.dashboard:
                    address = "127.0.0.1:8787" if self.dashboard is True else self.dashboard
                    http = {"dashboard": True, "dashboard_address": address}
                    routes = {}
                else:  # no dashboard, and no HTTP routes on the port the scheduler must open
                    http = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
                    routes = {"distributed.scheduler.http.routes": []}
                with dask.config.set(routes):
                    self.cluster = LocalCluster(
                        n_workers=self.local_workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", protocol="tls://", security=security,
                        dashboard_address=None, worker_dashboard_address=None,
                        scheduler_kwargs=http, silence_logs=logging.ERROR)
                self.client = Client(self.cluster, security=security)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = f"the Dask scheduler {self.scheduler!r}" if self.scheduler else \
                "a local Dask cluster"
            raise ExecutorError(f"cannot reach {where}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        return self

    def imap_unordered(self, fn, items, *, max_in_flight=None):
        from distributed import as_completed

        self.start()
        it = iter(items)
        pending: dict[Any, Any] = {}
        ac = as_completed()

        def limit() -> int:
            if max_in_flight:
                return max_in_flight
            # an adaptive cluster may grow or shrink: ask each time
            return 2 * max(1, sum(self.client.nthreads().values()))

        def fill() -> None:
            n = limit()
            while len(pending) < n:
                item = next(it, _END)
                if item is _END:
                    return
                with deferred():
                    fut = self.client.submit(fn, item, pure=False)
                    pending[fut.key] = (fut, item)
                    ac.add(fut)

        try:
            fill()
            while pending:
                batch = []
                for fut in ac.next_batch(block=True):
                    _, item = pending.pop(fut.key)
                    if fut.status == "finished":
                        batch.append(Completed(item, fut.result()))
                    else:
                        try:
                            exc = fut.exception()
                        except Exception as e:  # noqa: BLE001 - cancelled futures raise
                            exc = e
                        batch.append(Completed(item, error=exc or RuntimeError(fut.status)))
                    fut.release()
                if batch:
                    yield batch
                fill()
        finally:
            if pending and self.client is not None:
                with contextlib.suppress(Exception):  # the client may be gone already
                    self.client.cancel([f for f, _ in pending.values()])

    def close(self, kill: bool = False) -> None:
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        for obj in (client, cluster):
            if obj is not None:
                try:
                    obj.close()
                except Exception:
                    log.debug("closing %r failed", obj, exc_info=True)


_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss", "inproc")


def check_scheduler_address(address: Any) -> str:
    """``address`` if it looks like a Dask scheduler address (``[scheme://]host:port``),
    else ``ValueError`` naming the option and what is allowed."""
    import re

    allowed = ("an address such as tls://10.0.0.5:8786 or tcp://host:8786 (scheme "
               f"{', '.join(_SCHEMES)}; host; port 1-65535)")
    text = address if isinstance(address, str) else repr(address)
    shown = text if len(text) <= 80 else text[:60] + f"... ({len(text):,} characters)"
    m = re.fullmatch(r"(?:([a-z]+)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})", text)
    if (not isinstance(address, str) or m is None or (m.group(1) or "tcp") not in _SCHEMES
            or not 1 <= int(m.group(3)) <= 65535):
        raise ValueError(f"--scheduler {shown!r} is not allowed: expected {allowed}.")
    return address


def _temporary_security():
    """TLS with a throw-away certificate that only this process and its workers hold."""
    try:
        from distributed.security import Security

        return Security.temporary()
    except ImportError as exc:
        raise ExecutorError("the local Dask cluster uses TLS, which needs the 'cryptography' "
                            "package: install the 'dask' extra of this project (pip install "
                            f"-e '.[dask]'): {exc}") from None


def make_executor(kind: str | Executor | None = "pool", *, workers: int | None = None,
                  scheduler: str | None = None, dask_local: int | None = None,
                  dashboard: str | bool | None = None) -> Executor:
    """An executor from options: ``"serial"``, ``"pool"`` (default) or ``"dask"``.

    ``workers=1`` with the pool gives the serial executor (no worker processes). ``"dask"``
    needs ``scheduler`` or ``dask_local``; giving either implies ``"dask"``.
    """
    if isinstance(kind, Executor):
        return kind
    if scheduler is not None and dask_local is not None:
        raise ValueError("give either a Dask scheduler address or a number of local Dask "
                         "workers, not both")
    if scheduler is not None or dask_local is not None or kind == "dask":
        if workers is not None and kind != "dask":
            raise ValueError("workers applies to the local process pool; with Dask the cluster "
                             "decides (use dask_local=N for a local cluster of N workers)")
        if scheduler is None and dask_local is None:
            dask_local = workers or os.cpu_count() or 1
        return DaskExecutor(scheduler=scheduler, local_workers=dask_local, dashboard=dashboard)
    if kind in (None, "pool"):
        if workers is not None and workers < 1:
            raise ValueError(f"workers = {workers!r}: need at least 1")
        if workers == 1:
            return SerialExecutor()
        return PoolExecutor(workers)
    if kind == "serial":
        return SerialExecutor()
    raise ValueError(f"executor = {kind!r}: use 'serial', 'pool' or 'dask'")
