"""The ASGI application, built from one Services object like the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from helpline import __version__
from helpline.errors import HelplineError
from helpline.services import Services
from helpline.web import api, pages

MAX_BODY_BYTES = 1_000_000
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(services: Services, warm_up: bool = True) -> FastAPI:
    """The web service over ``services``; with ``warm_up`` the index and model load before the first request."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            services.search.warm_up()
        yield

    app = FastAPI(title="Helpline", version=__version__, lifespan=lifespan,
                  description="A cancer information helpline's first responder: cited answers from a vetted "
                              "library, or an honest abstention.")
    app.state.services = services
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return _error(413, "too_large", f"request body over {MAX_BODY_BYTES} bytes")
        return await call_next(request)

    @app.exception_handler(HelplineError)
    async def helpline_error(_request: Request, error: HelplineError) -> JSONResponse:
        return _error(error.http_status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid request')}")

    return app


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})
