"""The console's WebSocket, ``/api/v1/staff/ws`` (staff session cookie; same-origin only).

The server pushes ``{"type": "queue", "queue": {...}}`` every few seconds to those who may see the queue. The
client sends ``{"type": "watch", "conversation_id", "after"}`` to follow one conversation's events (a catch-up
after ``after``, then live, as the visitor's socket does; ``reset`` carries the whole transcript when ``after`` is
unusable), ``{"type": "typing", "conversation_id"}`` while its specialist types, and ``ping``.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from helpline.accounts import permissions
from helpline.accounts.identity import Staff
from helpline.broker.bus import EventBus
from helpline.broker.events import Event
from helpline.services import Services
from helpline.web.ratelimit import RateLimiter
from helpline.web.sockets import EventFeed, FrameSocket, ProtocolError

QUEUE_SECONDS = 3.0


class StaffSocket(FrameSocket):
    def __init__(self, websocket: WebSocket, staff: Staff, services: Services, bus: EventBus,
                 frame_limit: RateLimiter) -> None:
        super().__init__(websocket, frame_limit)
        self.staff = staff
        self.services = services
        self.bus = bus
        self.watching: asyncio.Task[None] | None = None
        self.watched = ""

    async def run(self) -> None:
        await self.send({"type": "welcome", "staff": {"username": self.staff.username,
                                                     "display_name": self.staff.display_name,
                                                     "role": self.staff.role}})
        pusher = asyncio.create_task(self._push_queue()) if permissions.allowed(self.staff.role, "queue.view") \
            else None
        try:
            await self._read()
        finally:
            for task in (pusher, self.watching):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                        await task

    async def _push_queue(self) -> None:
        while True:
            queue = await run_in_threadpool(self.services.work.queue, self.staff)
            await self.send({"type": "queue", "queue": queue.as_json()})
            await asyncio.sleep(QUEUE_SECONDS)

    async def _read(self) -> None:
        await self.read_frames(self._handle)

    async def _handle(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        conversation_id = frame.get("conversation_id")
        if kind == "watch":
            after = frame.get("after", 0)
            if not isinstance(conversation_id, str) or not isinstance(after, int):
                raise ProtocolError("invalid_input", "watch needs a conversation_id and an integer after")
            # Checked here, so a refusal is an error frame rather than a silently dead feed.
            await run_in_threadpool(self.services.work.events_after, self.staff, conversation_id, 0)
            if self.watching is not None and not self.watching.done() and self.watched == conversation_id:
                return  # already following it: a second feed would only open a gap while it subscribes
            if self.watching is not None:
                self.watching.cancel()
            self.watched = conversation_id
            self.watching = asyncio.create_task(self._watch(conversation_id, after))
        elif kind == "typing":
            if not isinstance(conversation_id, str):
                raise ProtocolError("invalid_input", "typing needs a conversation_id")
            await run_in_threadpool(self.services.work.typing, self.staff, conversation_id)
        elif kind == "ping":
            await self.send({"type": "pong"})
        else:
            raise ProtocolError("unknown_type", f"unknown frame type {kind!r}")

    async def _watch(self, conversation_id: str, after: int) -> None:
        async def fetch_after(position: int) -> list[Event] | None:
            return await run_in_threadpool(self.services.work.events_after, self.staff, conversation_id, position)

        async def reset() -> int:
            transcript = await run_in_threadpool(self.services.work.transcript, self.staff, conversation_id)
            await self.send({"type": "reset", "conversation": transcript.as_json()})
            return transcript.last_seq

        feed = EventFeed(self.send, fetch_after, reset, self.services.settings.chat_resync_seconds)
        async with self.bus.subscribe(conversation_id) as subscription:
            await feed.catch_up(after)
            await feed.follow(subscription)
