"""Actions publish their own events: check, write, commit, then ring the bus, whoever called them.

The chat's and the console's actions are plain functions that run in worker threads (the web), or with no event
loop at all (the CLI, tests); the bus lives on the web app's event loop. A ``Publisher`` carries events from an
action to the bus once the app has attached one. With none attached (a command-line process) it publishes to
Redis directly when Redis is configured; with neither, the events are in the database, where every watcher's
periodic read finds them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from helpline.broker.bus import EventBus, channel_name
from helpline.broker.events import Event

log = logging.getLogger(__name__)
PUBLISH_SECONDS = 5.0


class Publisher:
    """Hands committed events to the attached bus, from any thread, in order. With no bus attached (a command-line
    process) and Redis configured, it publishes to Redis itself, so the web workers' watchers hear at once.
    Publishing never fails an action: the events are stored, and a watcher that misses one reads it later."""

    def __init__(self, redis_url: str | None = None) -> None:
        self._target: tuple[EventBus, asyncio.AbstractEventLoop] | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._redis_url = redis_url

    def attach(self, bus: EventBus, loop: asyncio.AbstractEventLoop) -> None:
        self._target = (bus, loop)

    def detach(self, bus: EventBus) -> None:
        """Stop publishing to ``bus`` (another app's bus, attached since, stays)."""
        if self._target is not None and self._target[0] is bus:
            self._target = None

    def publish(self, events: Iterable[Event]) -> None:
        batch = list(events)
        if not batch:
            return
        target = self._target  # read once: an attach or detach meanwhile does not tear it
        if target is None or target[1].is_closed() or not target[1].is_running():
            if self._redis_url:
                self._publish_to_redis(batch)
            return
        bus, loop = target
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:  # called on the loop itself: ring without waiting
            task = loop.create_task(_publish_all(bus, batch))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
            return
        future = asyncio.run_coroutine_threadsafe(_publish_all(bus, batch), loop)  # one hop, in order
        try:
            future.result(PUBLISH_SECONDS)
        except FutureTimeout:
            future.cancel()
            log.warning("%d events of %s not published in time", len(batch), batch[0].conversation_id)

    def _publish_to_redis(self, events: list[Event]) -> None:
        import redis

        try:
            with redis.Redis.from_url(self._redis_url or "", socket_connect_timeout=2, socket_timeout=2) as client:
                for event in events:
                    client.publish(channel_name(event.conversation_id), json.dumps(event.as_json()))
        except (redis.RedisError, ValueError, OSError):  # stored all the same: watchers read them from the database
            log.warning("could not publish %d events to Redis", len(events))


async def _publish_all(bus: EventBus, events: list[Event]) -> None:
    for event in events:
        await bus.publish(event)


class Publishing(Protocol):
    publisher: Publisher


Owner = TypeVar("Owner", bound=Publishing)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def publishes(events_of: Callable[[Result], Iterable[Event]]) -> Callable[
        [Callable[Concatenate[Owner, Params], Result]], Callable[Concatenate[Owner, Params], Result]]:
    """Mark a method as an action: when it returns, its transactions have committed, and the events
    ``events_of(result)`` names are published, once; when it raises, nothing is."""

    def decorate(method: Callable[Concatenate[Owner, Params], Result]) -> Callable[
            Concatenate[Owner, Params], Result]:
        @functools.wraps(method)
        def action(owner: Owner, /, *args: Params.args, **kwargs: Params.kwargs) -> Result:
            result = method(owner, *args, **kwargs)
            try:
                owner.publisher.publish(events_of(result))
            except Exception:  # the change is committed: a bell that fails must not report it as failed
                log.exception("publishing the events of %s failed", method.__name__)
            return result
        return action
    return decorate


def as_is(events: list[Event]) -> list[Event]:
    """An action that returns its events."""
    return events


def second(result: tuple[int, list[Event]]) -> list[Event]:
    """An action that returns (an id, its events)."""
    return result[1]


def alone(event: Event) -> list[Event]:
    """An action that returns one event."""
    return [event]
