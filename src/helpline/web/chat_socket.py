"""The visitor's chat WebSocket, ``/api/v1/chat``.

Protocol (JSON text frames). The client opens with ``{"type": "hello"}`` for a new conversation, or
``{"type": "hello", "conversation_id", "token", "after": <last seq seen>}`` to resume. The server answers
``welcome`` (with the token when new), then every event after ``after`` in order — or one ``reset`` frame with the
whole conversation when ``after`` is too old — then live events. Client frames: ``message`` (client_id, text),
``handoff``, ``queue``, ``follow_up`` (client_id, name, contact, question), ``ping``. Each gets an ``ack`` or an
``error`` frame; a bad frame never closes the connection, a flood or a foreign Origin does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from helpline.broker.bus import EventBus
from helpline.broker.events import Event
from helpline.chat.service import ChatService
from helpline.errors import HelplineError
from helpline.web.ratelimit import RateLimiter
from helpline.web.sockets import POLICY_VIOLATION, EventFeed, FrameSocket, ProtocolError

log = logging.getLogger(__name__)
HELLO_SECONDS = 30.0
NOT_FOUND = 4404


class ChatSocket(FrameSocket):
    """One visitor's connection: a reader for their frames, a feed of the conversation's events."""

    def __init__(self, websocket: WebSocket, chat: ChatService, bus: EventBus, limiters: dict[str, RateLimiter],
                 resync_seconds: float) -> None:
        super().__init__(websocket, limiters["frames"])
        self.chat = chat
        self.bus = bus
        self.limiters = limiters
        self.conversation_id = ""
        self.token = ""
        self.feed = EventFeed(self.send, self._fetch_after, self._reset, resync_seconds)

    async def run(self) -> None:
        try:
            hello = await asyncio.wait_for(self._hello(), HELLO_SECONDS)
        except TimeoutError:
            await self.websocket.close(POLICY_VIOLATION, "no hello")
            return
        except WebSocketDisconnect:
            return
        if hello is None:
            return
        after, new_token = hello
        async with self.bus.subscribe(self.conversation_id) as subscription:
            # Subscribed first, then caught up: an event stored in between arrives twice and is dropped once.
            welcome: dict[str, Any] = {"type": "welcome", "conversation_id": self.conversation_id,
                                       "service": self.chat.service_status()}
            if new_token:
                welcome["token"] = new_token
            await self.send(welcome)
            await self.feed.catch_up(after)
            writer = asyncio.create_task(self.feed.follow(subscription))
            try:
                await self._read()
            finally:
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                    await writer

    async def _hello(self) -> tuple[int, str | None] | None:
        while True:
            try:
                frame = await self.receive()
            except ProtocolError as error:
                await self.send({"type": "error", "code": error.code, "message": error.message})
                continue
            if frame is None:
                return None
            if frame.get("type") != "hello":
                await self.send({"type": "error", "code": "hello_first", "message": "send a hello frame first"})
                continue
            conversation_id, token = frame.get("conversation_id"), frame.get("token")
            if conversation_id is None:
                self.conversation_id, self.token = await run_in_threadpool(self.chat.start)
                return 0, self.token
            after = frame.get("after", 0)
            if not isinstance(conversation_id, str) or not isinstance(token, str) or not isinstance(after, int):
                await self.send({"type": "error", "code": "invalid_input",
                                 "message": "conversation_id and token must be strings, after an integer"})
                continue
            try:
                await run_in_threadpool(self.chat.check_access, conversation_id, token)
            except HelplineError as error:
                await self.send({"type": "error", "code": error.code, "message": error.message})
                await self.websocket.close(NOT_FOUND, "unknown conversation")
                return None
            self.conversation_id, self.token = conversation_id, token
            return after, None

    async def _fetch_after(self, after: int) -> list[Event] | None:
        return await run_in_threadpool(self.chat.events_after, self.conversation_id, self.token, after)

    async def _reset(self) -> int:
        state = await run_in_threadpool(self.chat.state, self.conversation_id, self.token)
        await self.send({"type": "reset", "conversation": state})
        last: int = state["last_seq"]
        return last

    async def _read(self) -> None:
        await self.read_frames(self._handle, echo_client_id=True)

    async def _handle(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "message":
            if not (self.limiters["chat"].allow(self.conversation_id) and self.limiters["address"].allow(self.client)):
                raise ProtocolError("rate_limited", "too many messages; please wait a minute and send it again")
            posted = await run_in_threadpool(self.chat.post, self.conversation_id, self.token,
                                             frame.get("client_id"), frame.get("text"))
            await self.send({"type": "ack", "client_id": frame.get("client_id"), "message_id": posted.message_id,
                             "seq": posted.seq, "duplicate": posted.duplicate})
        elif kind == "handoff":
            await run_in_threadpool(self.chat.request_person, self.conversation_id, self.token)
            await self._send_queue()
        elif kind == "queue":
            await self._send_queue()
        elif kind == "follow_up":
            if not self.limiters["forms"].allow(self.client):
                raise ProtocolError("rate_limited", "too many messages left; please wait a minute")
            item, _ = await run_in_threadpool(
                self.chat.leave_message, self.conversation_id, self.token, frame.get("client_id"),
                frame.get("name"), frame.get("contact"), frame.get("question"))
            await self.send({"type": "ack", "client_id": frame.get("client_id"), "follow_up_id": item})
        elif kind == "typing":
            await run_in_threadpool(self.chat.typing, self.conversation_id)
        elif kind == "ping":
            await self.send({"type": "pong"})
        else:
            raise ProtocolError("unknown_type", f"unknown frame type {kind!r}")

    async def _send_queue(self) -> None:
        place = await run_in_threadpool(self.chat.queue_place, self.conversation_id, self.token)
        await self.send({"type": "queue", "queue": place, "service": self.chat.service_status()})
