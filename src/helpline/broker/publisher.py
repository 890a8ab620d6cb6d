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
    process) and Redis configured, it publishes to Redis itself, so the web workers' watchers hear at once."""

    def __init__(self, redis_url: str | None = None) -> None:
        self._bus: EventBus | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._redis_url = redis_url

    def attach(self, bus: EventBus, loop: asyncio.AbstractEventLoop) -> None:
        self._bus, self._loop = bus, loop

    def detach(self) -> None:
        self._bus = self._loop = None

    def publish(self, events: Iterable[Event]) -> None:
        bus, loop = self._bus, self._loop
        if bus is None or loop is None:
            if self._redis_url:
                self._publish_to_redis(list(events))
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for event in events:
            if running is loop:  # called on the loop itself: ring without waiting (tasks run in order)
                task = loop.create_task(bus.publish(event))
                self._pending.add(task)
                task.add_done_callback(self._pending.discard)
                continue
            try:
                asyncio.run_coroutine_threadsafe(bus.publish(event), loop).result(PUBLISH_SECONDS)
            except (FutureTimeout, RuntimeError):  # stored all the same: watchers read it from the database
                log.warning("event %s/%s not published in time", event.conversation_id, event.seq)


    def _publish_to_redis(self, events: list[Event]) -> None:
        if not events:
            return
        import redis

        try:
            with redis.Redis.from_url(self._redis_url or "", socket_connect_timeout=2) as client:
                for event in events:
                    client.publish(channel_name(event.conversation_id), json.dumps(event.as_json()))
        except redis.RedisError:  # stored all the same: watchers read it from the database
            log.warning("could not publish %d events to Redis", len(events))


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
            owner.publisher.publish(events_of(result))
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
