"""A request body limit that counts bytes as they arrive: a chunked upload with no ``Content-Length`` is cut off
at the limit, not read whole and parsed first."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimit:
    """ASGI middleware: reading past ``max_bytes`` of a request body raises ``BodyTooLarge`` (413) in the reader,
    which FastAPI passes on as an HTTP error; if nothing was answered yet, the middleware answers 413 itself."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0
        answered = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as error:
            if answered:
                raise
            reply = JSONResponse(status_code=413, content={"error": {"code": "too_large", "message": error.detail}})
            await reply(scope, receive, send)
