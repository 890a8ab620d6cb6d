"""The Redis bus through an outage, against a real Redis server this test starts on a port of its own and stops:
a subscription made while Redis is away neither fails nor stalls, a bus that starts while Redis is away starts,
and both hear events within seconds of Redis coming back. Skips, saying so, where ``redis-server`` is absent.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpline.broker.bus import RedisBus, Subscription
from helpline.broker.events import Event

BACK_WITHIN_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """A throwaway redis-server: no persistence, its own port."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (this test starts and stops a Redis of its own)")
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def event(conversation: str, seq: int) -> Event:
    return Event(conversation, seq, "message", {"n": seq}, "2026-12-08T00:00:00Z")


async def heard(subscription: Subscription, publisher: RedisBus, conversation: str, seq: int) -> float | None:
    """Seconds until ``subscription`` hears an event ``publisher`` sends again and again, or None."""
    started = time.monotonic()
    while time.monotonic() - started < BACK_WITHIN_SECONDS:
        await publisher.publish(event(conversation, seq))
        got = await subscription.next(0.25)
        if got is not None and got.seq == seq:
            return time.monotonic() - started
    return None


def test_a_subscription_made_while_redis_is_away_hears_events_once_it_is_back(redis_server: RedisServer) -> None:
    async def scenario() -> tuple[float | None, float | None, float]:
        redis_server.start()
        watcher, publisher = RedisBus(redis_server.url), RedisBus(redis_server.url)
        await watcher.start()
        await publisher.start()
        try:
            async with watcher.subscribe("a" * 32) as before:
                assert await heard(before, publisher, "a" * 32, 1) is not None
                redis_server.stop()
                started = time.monotonic()
                async with watcher.subscribe("b" * 32) as during:  # neither raises nor waits for Redis
                    waited = time.monotonic() - started
                    await publisher.publish(event("b" * 32, 1))  # refused: stored events are read from the database
                    redis_server.start()
                    return (await heard(before, publisher, "a" * 32, 2), await heard(during, publisher, "b" * 32, 2),
                            waited)
        finally:
            await watcher.stop()
            await publisher.stop()

    old_channel, new_channel, waited = asyncio.run(scenario())
    assert waited < 3.0, "subscribing while Redis was away stalled"
    assert old_channel is not None, "a subscription made before the outage is heard again"
    assert new_channel is not None, "a subscription made during the outage is heard once Redis is back"


def test_a_worker_that_starts_while_redis_is_away_serves_and_hears_once_it_is_back(
        redis_server: RedisServer) -> None:
    async def scenario() -> float | None:
        watcher = RedisBus(redis_server.url)
        await watcher.start()  # Redis is not running yet
        try:
            async with watcher.subscribe("c" * 32) as subscription:
                redis_server.start()
                publisher = RedisBus(redis_server.url)
                await publisher.start()
                try:
                    return await heard(subscription, publisher, "c" * 32, 1)
                finally:
                    await publisher.stop()
        finally:
            await watcher.stop()

    assert asyncio.run(scenario()) is not None
