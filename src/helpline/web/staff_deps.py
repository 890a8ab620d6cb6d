"""What every staff route builds on: who is logged in, their permissions, and the CSRF header check.

For the staff routers:

- ``StaffDep`` (``current_staff``): the logged-in staff member, or 401. An unsafe request (POST, PUT, PATCH,
  DELETE) to a path under ``/api/`` must also carry the CSRF token in ``X-CSRF-Token`` (from
  ``GET /api/v1/staff/me``), else 403. HTML forms use ``csrf.CSRF_CHECK`` instead.
- ``Depends(require("conversation.work"))``: the same, then the permission check (403).
- ``staff_page(request)``: for HTML pages, the staff member or a redirect to the login page.
- ``await staff_from_websocket(websocket, services)``: the staff member of a WebSocket handshake, or None
  (check the Origin first, as the visitors' socket does).

The session cookie ``helpline_staff`` is HttpOnly and SameSite=Strict (Secure over https); its value is never
stored, only its SHA-256 (see ``helpline.accounts.sessions``).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, WebSocket
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from helpline.accounts.accounts import Accounts
from helpline.accounts.identity import Staff
from helpline.accounts.permissions import PERMISSIONS, check
from helpline.accounts.sessions import StaffSessions
from helpline.errors import Forbidden, NotAuthenticated
from helpline.services import Services
from helpline.web import csrf

COOKIE_NAME = "helpline_staff"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PATH = "/staff/login"
CONSOLE_PATH = "/staff"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOGGED_OUT = "Please log in: your session has ended (logged out, idle too long, or past its time limit)."

# --- the objects behind the routes: the app's Services own them

def staff_sessions(request: Request) -> StaffSessions:
    services: Services = request.app.state.services
    return services.staff_sessions


def accounts(request: Request) -> Accounts:
    sessions = staff_sessions(request)
    return Accounts(sessions.sessions, sessions.clock)


def client_address_of(request: Request) -> str | None:
    return request.client.host if request.client else None


# --- dependencies for every staff route

def current_staff(request: Request) -> Staff:
    """The logged-in staff member (401 otherwise); unsafe API requests also need the CSRF header (403)."""
    staff = staff_sessions(request).lookup(request.cookies.get(COOKIE_NAME))
    if staff is None:
        raise NotAuthenticated(LOGGED_OUT)
    if request.method in UNSAFE_METHODS and request.url.path.startswith("/api/"):
        check_csrf_header(request)
    return staff


def check_csrf_header(request: Request) -> None:
    """Refuse a script's request that was not sent by one of our own pages (token from ``/api/v1/staff/me``)."""
    origin = request.headers.get("origin")
    if origin is not None and not csrf.is_own_origin(request, origin):
        raise Forbidden("This request came from another website, so it was refused.")
    token = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(csrf.COOKIE_NAME, "")
    if not token or not cookie:
        raise Forbidden(f"The {CSRF_HEADER} header or its cookie is missing: reload the console and try again.")
    key = request.app.state.services.secret_key
    if not hmac.compare_digest(token.encode(), cookie.encode()) or not csrf.is_signed(key, token):
        raise Forbidden(f"The {CSRF_HEADER} header does not match: reload the console and try again.")


StaffDep = Annotated[Staff, Depends(current_staff)]


def require(permission: str) -> Callable[[Staff], Staff]:
    """A dependency: the logged-in staff member, if their role has ``permission`` (else 403)."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")  # a typo fails at import, not in production

    def dependency(staff: StaffDep) -> Staff:
        check(staff, permission)
        return staff

    return dependency


def staff_page(request: Request) -> Staff | RedirectResponse:
    """For HTML pages: the staff member, or a redirect to the login page to return instead of the page."""
    staff = staff_sessions(request).lookup(request.cookies.get(COOKIE_NAME))
    return staff if staff is not None else RedirectResponse(LOGIN_PATH, status_code=303)


async def staff_from_websocket(websocket: WebSocket, services: Services) -> Staff | None:
    """The staff member whose session cookie came with this WebSocket handshake, or None."""
    return await run_in_threadpool(services.staff_sessions.lookup, websocket.cookies.get(COOKIE_NAME))
