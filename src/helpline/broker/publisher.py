"""Actions publish their own events: check, write, commit, then ring the bus, whoever called them.

The chat's and the console's actions are plain functions that run in worker threads (the web), or with no event
loop at all (the CLI, tests); the bus lives on the web app's event loop. A ``Publisher`` carries events from an
action to the bus once the app has attached one; with none attached (a command-line process, where nobody
watches) publishing is a no-op, and every event is in the database for the watchers of other processes.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from helpline.broker.bus import EventBus
from helpline.broker.events import Event

log = logging.getLogger(__name__)
PUBLISH_SECONDS = 5.0


class Publisher:
    """Hands committed events to the attached bus, from any thread, in order."""

    def __init__(self) -> None:
        self._bus: EventBus | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: set[asyncio.Task[None]] = set()

    def attach(self, bus: EventBus, loop: asyncio.AbstractEventLoop) -> None:
        self._bus, self._loop = bus, loop

    def detach(self) -> None:
        self._bus = self._loop = None

    def publish(self, events: Iterable[Event]) -> None:
        bus, loop = self._bus, self._loop
        if bus is None or loop is None:
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
