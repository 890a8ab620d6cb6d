"""A small in-memory sliding-window rate limiter (per process: each worker counts its own requests)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
_SWEEP_EVERY = 1000  # calls between sweeps of keys that have gone quiet, so memory stays bounded


class RateLimiter:
    """At most ``per_minute`` allowed calls per key in any 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.clock = clock
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._since_sweep = 0

    def allow(self, key: str) -> bool:
        """Count a call for ``key`` and say whether it is within the limit (refused calls are not counted)."""
        now = self.clock()
        with self._lock:
            self._since_sweep += 1
            if self._since_sweep >= _SWEEP_EVERY:
                self._sweep(now)
            calls = self._calls.setdefault(key, deque())
            while calls and calls[0] <= now - WINDOW_SECONDS:
                calls.popleft()
            if len(calls) >= self.per_minute:
                return False
            calls.append(now)
            return True

    def _sweep(self, now: float) -> None:
        self._since_sweep = 0
        for key in [key for key, calls in self._calls.items() if not calls or calls[-1] <= now - WINDOW_SECONDS]:
            del self._calls[key]
