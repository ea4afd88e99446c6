"""Ctrl-C and SIGTERM during a sweep: stop cleanly, never half-way through bookkeeping.

While a sweep runs, :class:`Interrupts` turns SIGINT and SIGTERM into
:class:`SweepInterrupted`, raised in the main thread wherever it is waiting, so that a long
run in this process or a wait for workers ends at once. Code that must not be cut short
(writing a part and counting it, starting a worker process and registering it) runs inside
:func:`deferred`: a signal that arrives there is raised as soon as the block ends.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Self

__all__ = ["Interrupts", "SweepInterrupted", "deferred"]

_active: Interrupts | None = None


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the sweep; finished runs are stored."""

    def __init__(self, signum: int = signal.SIGINT, message: str = "") -> None:
        super().__init__(message or signal.Signals(signum).name)
        self.signum = signum
        self.message = message
        self.report = None  # a SweepReport, set by execute_sweep


class Interrupts:
    """Install the SIGINT/SIGTERM handlers for the duration of a ``with`` block."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._critical = 0
        self._stopping = False
        self._old: dict[int, Any] = {}

    def __enter__(self) -> Self:
        global _active
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handler)
            _active = self
        return self

    def __exit__(self, *exc) -> None:
        global _active
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()
        if _active is self:
            _active = None

    def _handler(self, signum, frame) -> None:
        if self.signum is None:
            self.signum = signum
        if not self._critical and not self._stopping:
            self._stopping = True
            raise SweepInterrupted(signum)

    def stopping(self) -> None:
        """From now on signals are only noted: the clean-up must finish."""
        self._stopping = True

    @contextlib.contextmanager
    def critical(self):
        self._critical += 1
        try:
            yield
        finally:
            self._critical -= 1
        if not self._critical and self.signum is not None and not self._stopping:
            self._stopping = True
            raise SweepInterrupted(self.signum)


@contextlib.contextmanager
def deferred():
    """Hold back Ctrl-C/SIGTERM until the block ends (does nothing outside a sweep)."""
    guard = _active
    if guard is None:
        yield
        return
    with guard.critical():
        yield
