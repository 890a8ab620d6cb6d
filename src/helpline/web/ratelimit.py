"""A small in-memory sliding-window rate limiter (per process: each worker counts its own requests)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.requests import HTTPConnection

from helpline.errors import RateLimited

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


def client_address(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else "unknown"


def within_limit(connection: HTTPConnection, name: str, key: str | None = None) -> bool:
    """Count one event against the app's limiter ``name``, keyed by ``key`` or the client's address."""
    limiter: RateLimiter = connection.app.state.limiters[name]
    return limiter.allow(key or client_address(connection))


def check_rate(connection: HTTPConnection, name: str, key: str | None = None,
               message: str = "too many requests; please wait a minute and try again") -> None:
    """``within_limit``, or RateLimited (429) with ``message``."""
    if not within_limit(connection, name, key):
        raise RateLimited(message)
