"""The Redis real-time layer against the local Redis (127.0.0.1:6379): two buses, then two real workers.

Needs Redis; skips, saying so, where it is not running (it runs on the CI machines).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.chat import workers

from conftest import STARTER
from helpline.broker.bus import RedisBus
from helpline.broker.events import Event

REDIS_URL = "redis://127.0.0.1:6379/0"
HELPLINE = Path(sys.executable).parent / "helpline"


@pytest.fixture(scope="module", autouse=True)
def redis_running() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running at 127.0.0.1:6379 (these tests need a real one)")


def test_an_event_published_by_one_worker_reaches_the_other_workers_subscriber() -> None:
    async def scenario() -> list[Event | None]:
        first, second = RedisBus(REDIS_URL), RedisBus(REDIS_URL)
        await first.start()
        await second.start()
        try:
            async with first.subscribe("c0ffee" * 5) as subscription:
                # subscribe() returns once Redis has confirmed: a publish right now is not lost
                for seq in (1, 2):
                    await second.publish(Event("c0ffee" * 5, seq, "message", {"n": seq}, "2026-11-27T00:00:00Z"))
                received = [await subscription.next(5.0), await subscription.next(5.0)]
                await second.publish(Event("other" * 6, 1, "message", {}, "2026-11-27T00:00:00Z"))
                received.append(await subscription.next(0.5))  # another conversation's event is not delivered
                return received
        finally:
            await first.stop()
            await second.stop()

    received = asyncio.run(scenario())
    assert [event.seq if event else None for event in received] == [1, 2, None]
    assert received[0] is not None and received[0].data == {"n": 1}


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two `helpline serve` processes on one database, sharing Redis. The encoder is switched off (a supported
    setting) to keep two model copies out of memory: this test is about event delivery, not answers."""
    data_dir = tmp_path_factory.mktemp("workers")
    settings = {"HELPLINE_REDIS_URL": REDIS_URL, "HELPLINE_DENSE_ENABLED": "false",
                "HELPLINE_CHAT_RESYNC_SECONDS": "600"}  # only Redis can deliver within the test's 20 s
    env = {**os.environ, "HELPLINE_DATA_DIR": str(data_dir), **settings}
    env.pop("HELPLINE_DATABASE_URL", None)
    subprocess.run([str(HELPLINE), "import", str(STARTER)], env=env, check=True, capture_output=True)
    with workers(data_dir, 2, settings, start_seconds=90) as bases:
        yield bases


def receive_until(connection: Any, done: Any) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    while not done(frames):
        frames.append(json.loads(connection.recv(timeout=20)))
    return frames


def test_two_workers_sharing_redis_deliver_each_others_chat_events(two_workers: list[str]) -> None:
    from websockets.sync.client import connect

    first_url, second_url = (base.replace("http://", "ws://") + "/api/v1/chat" for base in two_workers)
    with connect(first_url) as first:
        first.send(json.dumps({"type": "hello"}))
        welcome = json.loads(first.recv(timeout=20))
        with connect(second_url) as second:
            second.send(json.dumps({"type": "hello", "conversation_id": welcome["conversation_id"],
                                    "token": welcome["token"], "after": 0}))
            assert json.loads(second.recv(timeout=20))["type"] == "welcome"
            second.send(json.dumps({"type": "message", "client_id": "worker-two-1", "text": "what is imatinib?"}))
            seen_by_first = receive_until(first, lambda got: len(got) == 2)
            first.send(json.dumps({"type": "message", "client_id": "worker-one-1", "text": "what is leukemia?"}))
            seen_by_second = receive_until(
                second, lambda got: [f.get("seq") for f in got if f["type"] == "event"][-1:] == [4])
    assert [(frame["seq"], frame["data"]["message"]["sender"]) for frame in seen_by_first] == [
        (1, "visitor"), (2, "helpline")]
    assert seen_by_first[0]["data"]["message"]["client_id"] == "worker-two-1"
    events = [frame for frame in seen_by_second if frame["type"] == "event"]
    assert [frame["seq"] for frame in events] == [1, 2, 3, 4]  # each once, in order
    assert events[2]["data"]["message"]["client_id"] == "worker-one-1"
