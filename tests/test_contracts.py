"""Shared contracts: every event-bus backend (in-process, Redis) and every database backend of the chat store
(SQLite, PostgreSQL) passes the same tests. A backend whose server is not running here is skipped, saying so;
both run on the CI machines.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import update

from conftest import make_services
from helpline.broker.bus import EventBus, InProcessBus, RedisBus
from helpline.broker.events import Event
from helpline.chat import store
from helpline.db.contact_tables import Conversation
from helpline.errors import NotFound
from helpline.services import Services
from test_postgres import database_url  # noqa: F401  (the fixture: a fresh database per module)

REDIS_URL = "redis://127.0.0.1:6379/0"
AT = "2026-12-08T00:00:00Z"


# ------------------------------------------------------------------------------------------------ the bus

def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except (redis.ConnectionError, redis.TimeoutError):
        pytest.skip("Redis is not running at 127.0.0.1:6379 (the Redis bus's contract needs a real one)")


@asynccontextmanager
async def two_ends(kind: str) -> AsyncIterator[tuple[EventBus, EventBus]]:
    """(the bus a worker publishes on, the bus another worker's watcher subscribes on): one in-process bus for
    both, or two Redis buses as two workers have."""
    buses: list[EventBus] = [InProcessBus()] if kind == "memory" else [RedisBus(REDIS_URL), RedisBus(REDIS_URL)]
    for bus in buses:
        await bus.start()
    try:
        yield buses[0], buses[-1]
    finally:
        for bus in buses:
            await bus.stop()


@pytest.fixture(params=["memory", "redis"])
def bus_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "redis":
        redis_or_skip()
    return str(request.param)


def event(conversation: str, seq: int) -> Event:
    return Event(conversation, seq, "message", {"n": seq}, AT)


def test_a_watcher_gets_its_conversations_events_in_order_and_no_others(bus_kind: str) -> None:
    async def scenario() -> list[int | None]:
        async with two_ends(bus_kind) as (publisher, watcher), watcher.subscribe("a" * 32) as subscription:
            for seq in (1, 2, 3):
                await publisher.publish(event("a" * 32, seq))
            await publisher.publish(event("b" * 32, 1))
            got = [await subscription.next(5.0) for _ in range(3)]
            got.append(await subscription.next(0.3))
            return [item.seq if item else None for item in got]

    assert asyncio.run(scenario()) == [1, 2, 3, None]


def test_every_watcher_of_a_conversation_gets_each_event(bus_kind: str) -> None:
    async def scenario() -> list[int | None]:
        async with two_ends(bus_kind) as (publisher, watcher), watcher.subscribe("c" * 32) as first, \
                watcher.subscribe("c" * 32) as second:
            await publisher.publish(event("c" * 32, 7))
            return [(await first.next(5.0) or event("", -1)).seq, (await second.next(5.0) or event("", -1)).seq]

    assert asyncio.run(scenario()) == [7, 7]


def test_a_watcher_that_left_gets_nothing_more_and_the_others_go_on(bus_kind: str) -> None:
    async def scenario() -> tuple[int, int | None]:
        async with two_ends(bus_kind) as (publisher, watcher), watcher.subscribe("d" * 32) as staying:
            async with watcher.subscribe("d" * 32) as leaving:
                pass
            await publisher.publish(event("d" * 32, 1))
            received = await staying.next(5.0)
            return leaving.queue.qsize(), received.seq if received else None

    assert asyncio.run(scenario()) == (0, 1)


def test_publishing_with_nobody_watching_is_harmless(bus_kind: str) -> None:
    async def scenario() -> None:
        async with two_ends(bus_kind) as (publisher, _):
            await publisher.publish(event("e" * 32, 1))

    asyncio.run(scenario())


# ------------------------------------------------------------------------------------------------ the store

@pytest.fixture(params=["sqlite", "postgresql"])
def chat_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    if request.param == "postgresql":
        url = request.getfixturevalue("database_url")
        services = make_services(tmp_path, database_url=url, dense_enabled=False)
    else:
        services = make_services(tmp_path, dense_enabled=False)
    yield services
    services.engine.dispose()


def test_a_conversation_opens_only_with_its_own_token(chat_store: Services) -> None:
    with chat_store.sessions.begin() as session:
        conversation, token = store.create_conversation(session)
        conversation_id = conversation.id
    with chat_store.sessions() as session:
        assert store.open_conversation(session, conversation_id, token).id == conversation_id
        for wrong_id, wrong_token in ((conversation_id, token + "x"), ("f" * 32, token), ("\x00" * 40, token)):
            with pytest.raises(NotFound):
                store.open_conversation(session, wrong_id, wrong_token)


def test_events_are_numbered_without_gaps_and_read_back_after_a_position(chat_store: Services) -> None:
    with chat_store.sessions.begin() as session:
        conversation, _ = store.create_conversation(session)
        conversation_id = conversation.id
        first_message, first = store.add_message(session, conversation_id, "client-0001", "visitor", "hello", {})
        status = store.append_event(session, conversation_id, "status", {"status": "queued"})
        _, third = store.add_message(session, conversation_id, "reply-1", "helpline", "hi", {},
                                     reply_to=first_message.id)
    assert [first.seq, status.seq, third.seq] == [1, 2, 3]
    with chat_store.sessions() as session:
        opened = session.get_one(Conversation, conversation_id)
        after = store.events_after(session, opened, 1)
        assert after is not None and [(e.seq, e.kind) for e in after] == [(2, "status"), (3, "message")]
        assert store.events_after(session, opened, 4) is None  # a position never given out
        assert store.events_after(session, opened, 3) == []
        found = store.find_message(session, conversation_id, "client-0001")
        assert found is not None and found.details["seq"] == 1
        assert [message.text for message in store.transcript(session, opened)] == ["hello", "hi"]


def test_a_failed_transaction_leaves_no_event_and_no_gap(chat_store: Services) -> None:
    with chat_store.sessions.begin() as session:
        conversation, _ = store.create_conversation(session)
        conversation_id = conversation.id
    with pytest.raises(RuntimeError), chat_store.sessions.begin() as session:
        store.append_event(session, conversation_id, "status", {"status": "queued"})
        raise RuntimeError("the worker died before the commit")
    with chat_store.sessions.begin() as session:
        assert store.append_event(session, conversation_id, "status", {"status": "queued"}).seq == 1
        session.execute(update(Conversation).where(Conversation.id == conversation_id).values(topic="tobacco"))
    with chat_store.sessions() as session:
        assert session.get_one(Conversation, conversation_id).last_seq == 1


def test_an_action_in_a_process_without_the_web_app_rings_the_redis_bell() -> None:
    """A command-line process has no bus attached; with Redis configured its actions still reach the workers."""
    from helpline.broker.publisher import Publisher

    redis_or_skip()

    async def scenario() -> int | None:
        async with two_ends("redis") as (_, watcher), watcher.subscribe("f" * 32) as subscription:
            await asyncio.to_thread(Publisher(REDIS_URL).publish, [event("f" * 32, 5)])
            received = await subscription.next(5.0)
            return received.seq if received else None

    assert asyncio.run(scenario()) == 5


def test_the_audit_log_is_append_only_in_the_database(chat_store: Services) -> None:
    from sqlalchemy import delete, text
    from sqlalchemy.exc import DatabaseError

    from helpline.accounts import audit
    from helpline.db.staff_tables import AuditEntry

    with chat_store.sessions.begin() as session:
        audit.record(session, None, "user.add", "sam")
    for change in (update(AuditEntry).values(action="nothing happened"), delete(AuditEntry)):
        with pytest.raises(DatabaseError, match="append-only"), chat_store.sessions.begin() as session:
            session.execute(change)
    with chat_store.sessions() as session:
        assert session.scalar(text("SELECT action FROM audit_log")) == "user.add"
