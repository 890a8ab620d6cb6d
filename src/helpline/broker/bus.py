"""The real-time layer: tells every worker's watchers of a conversation that an event was stored.

The database holds every event; the bus is only the doorbell. A watcher that misses a ring (a Redis restart,
a full queue) notices the gap in sequence numbers, or its periodic check, and reads the events it lacks from the
database. ``subscribe`` returns only once the subscription is live, so a catch-up read made after it cannot
miss an event published in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, Protocol

from helpline.broker.events import Event

log = logging.getLogger(__name__)
QUEUE_SIZE = 1000
RETRY_SECONDS = 0.5
CONFIRM_SECONDS = 1.0  # a live Redis confirms in milliseconds; a socket never waits longer for it


class Subscription:
    """Events for one conversation, as they are published."""

    def __init__(self, conversation_id: str) -> None:
        self.conversation_id = conversation_id
        self.queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)

    def deliver(self, event: Event) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # a stalled watcher recovers from the database
            self.queue.put_nowait(event)

    async def next(self, timeout: float) -> Event | None:
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None


class EventBus(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, event: Event) -> None: ...

    def subscribe(self, conversation_id: str) -> contextlib.AbstractAsyncContextManager[Subscription]: ...


class LocalSubscribers:
    """This process's subscriptions, by conversation."""

    def __init__(self) -> None:
        self.by_conversation: defaultdict[str, set[Subscription]] = defaultdict(set)

    def add(self, subscription: Subscription) -> bool:
        """Add; True when it is the conversation's first in this process."""
        first = not self.by_conversation[subscription.conversation_id]
        self.by_conversation[subscription.conversation_id].add(subscription)
        return first

    def remove(self, subscription: Subscription) -> bool:
        """Remove; True when it was the conversation's last in this process."""
        watchers = self.by_conversation.get(subscription.conversation_id, set())
        watchers.discard(subscription)
        if not watchers:
            self.by_conversation.pop(subscription.conversation_id, None)
            return True
        return False

    def deliver(self, event: Event) -> None:
        for subscription in list(self.by_conversation.get(event.conversation_id, ())):
            subscription.deliver(event)


class InProcessBus:
    """One worker process: events go straight to its own subscribers."""

    def __init__(self) -> None:
        self.local = LocalSubscribers()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, event: Event) -> None:
        self.local.deliver(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, conversation_id: str) -> AsyncIterator[Subscription]:
        subscription = Subscription(conversation_id)
        self.local.add(subscription)
        try:
            yield subscription
        finally:
            self.local.remove(subscription)


class RedisBus:
    """Several workers: events go through Redis pub/sub, one channel per conversation, one connection per
    worker shared by all its subscriptions."""

    def __init__(self, url: str, prefix: str = "helpline") -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)
        self._prefix = prefix
        self.local = LocalSubscribers()
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._ready: dict[str, asyncio.Event] = {}
        self._missing: set[str] = set()  # channels wanted while Redis refused: subscribed again when it is back
        self._away = False
        self._lock = asyncio.Lock()

    def channel(self, conversation_id: str) -> str:
        return channel_name(conversation_id, self._prefix)

    async def start(self) -> None:
        try:
            await self._redis.ping()
        except Exception:  # serve all the same: watchers read from the database until Redis is back
            log.warning("Redis is not answering at start-up; events reach other workers once it is back")
        self._pubsub = self._redis.pubsub()
        self._reader = asyncio.create_task(self._read(), name="redis-bus-reader")

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._pubsub is not None:
            await self._pubsub.aclose()
        await self._redis.aclose()

    async def publish(self, event: Event) -> None:
        try:
            await self._redis.publish(self.channel(event.conversation_id), json.dumps(event.as_json()))
        except Exception:  # the event is stored; watchers will read it from the database
            log.exception("could not publish event %s/%s to Redis", event.conversation_id, event.seq)
            self.local.deliver(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, conversation_id: str) -> AsyncIterator[Subscription]:
        subscription = Subscription(conversation_id)
        channel = self.channel(conversation_id)
        async with self._lock:
            if self.local.add(subscription):
                ready = self._ready[channel] = asyncio.Event()
                try:
                    await self._pubsub.subscribe(channel)
                except Exception:  # the database resync covers this watcher until Redis is back
                    log.warning("Redis refused the subscription to %s; retrying in the background", channel)
                    self._missing.add(channel)
                    ready.set()
            else:
                ready = self._ready[channel]
        try:
            if not self._away:  # Redis known to be away: the database resync covers this watcher meanwhile
                await asyncio.wait_for(ready.wait(), CONFIRM_SECONDS)
        except TimeoutError:
            log.warning("Redis did not confirm the subscription to %s; relying on database checks", channel)
        try:
            yield subscription
        finally:
            async with self._lock:
                if self.local.remove(subscription):
                    self._ready.pop(channel, None)
                    self._missing.discard(channel)
                    with contextlib.suppress(Exception):
                        await self._pubsub.unsubscribe(channel)

    async def _resubscribe(self) -> None:
        """Subscribe again to the channels Redis refused while it was away (raises while it still is)."""
        async with self._lock:
            wanted = set(self._missing)
            if wanted:
                await self._pubsub.subscribe(*wanted)
                self._missing -= wanted
                log.info("Redis is back: subscribed again to %d channels", len(wanted))

    async def _read(self) -> None:
        while True:
            try:
                if self._missing:
                    await self._resubscribe()
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.02)
                    continue
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                if not self._away:
                    log.warning("Redis pub/sub is away; retrying every %.1f s (the database covers meanwhile)",
                                RETRY_SECONDS)
                self._away = True
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if self._away:
                log.info("Redis pub/sub is back")
                self._away = False
            if message is None:
                continue
            channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
            if message["type"] == "subscribe":
                if channel in self._ready:
                    self._ready[channel].set()
            elif message["type"] == "message":
                try:
                    self.local.deliver(Event.from_json(json.loads(message["data"])))
                except (ValueError, KeyError, TypeError):
                    log.warning("ignored a malformed event on %s", channel)


def channel_name(conversation_id: str, prefix: str = "helpline") -> str:
    """The Redis channel of one conversation's events."""
    return f"{prefix}:conversation:{conversation_id}"


def make_bus(redis_url: str | None) -> EventBus:
    return RedisBus(redis_url) if redis_url else InProcessBus()
