"""The ASGI application, built from one Services object like the CLI."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from helpline import __version__
from helpline.broker.bus import EventBus, make_bus
from helpline.errors import HelplineError
from helpline.services import Services
from helpline.web import admin_api, api, chat_api, pages, signup, staff_api, staff_deps, staff_login, staff_pages
from helpline.web.body_limit import BodyLimit
from helpline.web.chat_socket import ChatSocket
from helpline.web.ratelimit import RateLimiter
from helpline.web.sockets import FRAMES_PER_MINUTE, POLICY_VIOLATION, origin_allowed
from helpline.web.staff_socket import StaffSocket

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
HTTP_CODES = {400: "invalid_input", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}
NOT_AUTHENTICATED = 4401
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(services: Services, warm_up: bool = True, bus: EventBus | None = None) -> FastAPI:
    """The web service over ``services``; with ``warm_up`` the index and model load before the first request.
    The real-time layer is Redis when ``HELPLINE_REDIS_URL`` is set, else in-process."""
    settings = services.settings
    services.hours  # noqa: B018  (a configuration error in the chat hours stops start-up, clearly)
    event_bus = bus or make_bus(settings.redis_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await event_bus.start()
        watcher: asyncio.Task[None] | None = None
        try:
            services.publisher.attach(event_bus, asyncio.get_running_loop())  # actions ring the bus from here on
            if warm_up:  # the index, the encoder and the triage model load now, not in the first visitors' threads
                services.search.warm_up()
                services.answers.ask("warm up: what is leukemia?")
            watcher = asyncio.create_task(_follow_library(services), name="library-watcher")
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            services.publisher.detach(event_bus)
            await event_bus.stop()

    app = FastAPI(title="Helpline", version=__version__, lifespan=lifespan,
                  description="A cancer information helpline's first responder: cited answers from a vetted "
                              "library, or an honest abstention.")
    app.state.services = services
    app.state.bus = event_bus
    # Per address for the stateless API; per conversation for chat messages (visitors behind one hospital or
    # office address must not block each other), with a looser cap per address; frames per connection.
    app.state.limiters = {"ask": RateLimiter(settings.ask_per_minute),
                          "chat": RateLimiter(settings.ask_per_minute),
                          "address": RateLimiter(10 * settings.ask_per_minute),
                          "forms": RateLimiter(settings.forms_per_minute),
                          "frames": RateLimiter(FRAMES_PER_MINUTE)}
    app.include_router(api.router)
    app.include_router(chat_api.router)
    app.include_router(pages.router)
    app.include_router(signup.router)
    app.include_router(staff_login.router)
    app.include_router(admin_api.router)
    app.include_router(staff_api.router)
    app.include_router(staff_pages.router)

    @app.websocket("/api/v1/chat")
    async def chat_socket(websocket: WebSocket) -> None:
        """The visitor's live chat (protocol in helpline.web.chat_socket and docs/api.md)."""
        if not origin_allowed(websocket):
            await websocket.close(POLICY_VIOLATION, "foreign origin")  # before accept: the handshake gets 403
            return
        await websocket.accept()
        limiters = app.state.limiters
        await ChatSocket(websocket, services.chat, event_bus, limiters, settings.chat_resync_seconds).run()

    @app.websocket("/api/v1/staff/ws")
    async def staff_socket(websocket: WebSocket) -> None:
        """The specialists' console: queue updates and the watched conversation's events."""
        if not origin_allowed(websocket):
            await websocket.close(POLICY_VIOLATION, "foreign origin")
            return
        staff = await staff_deps.staff_from_websocket(websocket, services)
        if staff is None:
            await websocket.close(NOT_AUTHENTICATED, "log in first")
            return
        await websocket.accept()
        await StaffSocket(websocket, staff, services, event_bus, app.state.limiters["frames"]).run()
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)  # counts bytes as they arrive, chunked or not

    @app.middleware("http")
    async def check_request(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return _error(413, "too_large", f"request body over {MAX_BODY_BYTES} bytes")
        query = unquote(request.scope.get("query_string", b"").decode("latin-1"))
        if "\x00" in request.scope.get("path", "") or "\x00" in query:  # never text of ours; databases refuse it
            response = _error(400, "invalid_input", "the address holds a NUL character")
        else:
            response = await call_next(request)
        for name, value in security_headers(request.url.netloc).items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(HelplineError)
    async def helpline_error(_request: Request, error: HelplineError) -> JSONResponse:
        return _error(error.http_status, error.code, error.message)

    @app.exception_handler(Exception)
    async def crash(_request: Request, error: Exception) -> JSONResponse:
        """A bug: logged in full, answered in the error shape, never with its details."""
        log.error("unhandled error", exc_info=error)
        return _error(500, "internal_error", "something went wrong on our side; please try again")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        """Starlette's own answers (an unknown route, a wrong method, a body too large) in our error shape."""
        response = _error(error.status_code, HTTP_CODES.get(error.status_code, "http_error"), str(error.detail))
        response.headers.update(error.headers or {})  # Allow on a 405, say
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid request')}")

    return app


async def _follow_library(services: Services) -> None:
    """Reload the search index when an import changes the library while the service runs."""
    while True:
        await asyncio.sleep(services.settings.library_check_seconds)
        try:
            if await run_in_threadpool(services.reload_library_if_changed):
                log.info("library changed: search index reloaded")
        except Exception:  # a passing database hiccup must not stop the watcher
            log.exception("could not check the library revision")


def security_headers(host: str) -> dict[str, str]:
    """Headers on every answer: scripts and connections only from this site (no inline script anywhere), never
    framed, no content sniffing, no address sent to other sites."""
    host = re.sub(r"[^A-Za-z0-9.:\[\]-]", "", host)  # the Host header is the client's: nothing of it but a name
    policy = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              f"connect-src 'self' ws://{host} wss://{host}; object-src 'none'; base-uri 'self'; "
              "form-action 'self'; frame-ancestors 'none'")
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})
