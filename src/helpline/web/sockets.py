"""What the visitor's and the staff's WebSockets share: JSON frames with limits, and an in-order event feed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.websockets import WebSocket, WebSocketState

from helpline.broker.bus import Subscription
from helpline.broker.events import Event
from helpline.errors import HelplineError
from helpline.web.csrf import is_own_origin
from helpline.web.ratelimit import RateLimiter, client_address

MAX_FRAME_CHARS = 16_000
FRAMES_PER_MINUTE = 120
POLICY_VIOLATION = 1008


def origin_allowed(websocket: WebSocket) -> bool:
    """Same-origin only, as for forms (``csrf.is_own_origin``). Clients that send no Origin (not browsers) are
    allowed: Origin protects browsers' users."""
    origin = websocket.headers.get("origin")
    return origin is None or is_own_origin(websocket, origin)


class ProtocolError(HelplineError):
    """A frame the socket cannot act on; answered with an error frame of its own code."""

    http_status = 400
    exit_code = 2

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class FrameSocket:
    """JSON text frames in and out: one sender at a time, bad frames refused with a reason, floods cut off."""

    def __init__(self, websocket: WebSocket, frame_limit: RateLimiter) -> None:
        self.websocket = websocket
        self.frame_limit = frame_limit
        self.client = client_address(websocket)
        self.send_lock = asyncio.Lock()

    async def send(self, frame: dict[str, Any]) -> None:
        async with self.send_lock:
            if self.websocket.application_state == WebSocketState.CONNECTED:
                await self.websocket.send_text(json.dumps(frame))

    async def error(self, code: str, message: str, **extra: Any) -> None:
        await self.send({"type": "error", "code": code, "message": message, **extra})

    async def read_frames(self, handle: Callable[[dict[str, Any]], Awaitable[None]],
                          echo_client_id: bool = False) -> None:
        """Hand each frame to ``handle`` until the socket closes. A bad frame or a refused step is answered with
        an error frame (naming the frame's ``client_id`` when ``echo_client_id``) and the socket stays open."""
        while True:
            frame: dict[str, Any] | None = None
            try:
                frame = await self.receive()
                if frame is None:
                    return
                await handle(frame)
            except ProtocolError as error:
                await self.send({"type": "error", "code": error.code, "message": error.message})
            except HelplineError as error:
                reply: dict[str, Any] = {"type": "error", "code": error.code, "message": error.message}
                if echo_client_id:
                    reply["client_id"] = frame.get("client_id") if isinstance(frame, dict) else None
                await self.send(reply)

    async def receive(self) -> dict[str, Any] | None:
        """The next frame as a dict; None when the client left (or flooded and was cut off)."""
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            return None
        if not self.frame_limit.allow(f"{self.client}#{id(self)}"):  # per connection
            await self.error("rate_limited", "too many frames; closing")
            await self.websocket.close(POLICY_VIOLATION, "flood")
            return None
        text = message.get("text")
        if text is None:
            raise ProtocolError("binary_not_accepted", "send JSON text frames, not binary ones")
        if len(text) > MAX_FRAME_CHARS:
            raise ProtocolError("too_large", f"a frame may hold at most {MAX_FRAME_CHARS} characters")
        try:
            frame = json.loads(text)
        except (ValueError, RecursionError) as error:  # RecursionError: nested too deep to be a frame of ours
            raise ProtocolError("malformed", "the frame is not valid JSON") from error
        if not isinstance(frame, dict):
            raise ProtocolError("malformed", "the frame must be a JSON object")
        return frame


class EventFeed:
    """Sends one conversation's events in order, each once: a catch-up from the database, then the bus, with
    gaps and quiet spells checked against the database."""

    def __init__(self, send: Callable[[dict[str, Any]], Awaitable[None]],
                 fetch_after: Callable[[int], Awaitable[list[Event] | None]],
                 reset: Callable[[], Awaitable[int]], resync_seconds: float) -> None:
        self._send = send
        self._fetch_after = fetch_after
        self._reset = reset  # sends the whole conversation; returns its last seq
        self.resync_seconds = resync_seconds
        self.last_sent = 0

    async def catch_up(self, after: int) -> None:
        found = await self._fetch_after(after)
        if found is None:
            self.last_sent = await self._reset()
            return
        self.last_sent = after
        for event in found:
            await self.deliver(event)

    async def deliver(self, event: Event) -> None:
        if event.seq == 0:  # ephemeral (someone is typing): not stored, not numbered
            await self._send(event.as_json())
            return
        if event.seq <= self.last_sent:
            return  # already sent (the catch-up and the bus overlap by design)
        if event.seq > self.last_sent + 1:
            await self.catch_up(self.last_sent)  # a ring was missed: read the gap from the database
            if event.seq <= self.last_sent:
                return
        await self._send(event.as_json())
        self.last_sent = event.seq

    async def follow(self, subscription: Subscription) -> None:
        while True:
            event = await subscription.next(self.resync_seconds)
            if event is None:
                await self.catch_up(self.last_sent)  # a quiet spell: check nothing was missed
            else:
                await self.deliver(event)
