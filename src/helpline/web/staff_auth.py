"""Staff login, logout and the account administration API; the dependencies other staff routes build on.

For other routers:

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
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response, WebSocket
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from helpline.accounts import audit
from helpline.accounts.accounts import Account, Accounts
from helpline.accounts.identity import Staff
from helpline.accounts.passwords import generate_password
from helpline.accounts.permissions import PERMISSIONS, allowed, check
from helpline.accounts.sessions import THROTTLE_WINDOW, StaffSessions
from helpline.db.staff_tables import ROLES
from helpline.errors import Forbidden, NotAuthenticated, RateLimited
from helpline.services import Services
from helpline.web import csrf
from helpline.web.csrf import CSRF_CHECK
from helpline.web.templating import TEMPLATES

COOKIE_NAME = "helpline_staff"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PATH = "/staff/login"
CONSOLE_PATH = "/staff"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOGGED_OUT = "Please log in: your session has ended (logged out, idle too long, or past its time limit)."

router = APIRouter(tags=["staff"])


# --- the objects behind the routes, one per app (tests may set app.state.staff_sessions with their own clock)

def _staff_sessions(app: Starlette, services: Services) -> StaffSessions:
    found: StaffSessions | None = getattr(app.state, "staff_sessions", None)
    if found is None:
        found = StaffSessions.from_settings(services.sessions, services.settings)
        app.state.staff_sessions = found
    return found


def staff_sessions(request: Request) -> StaffSessions:
    return _staff_sessions(request.app, request.app.state.services)


def accounts(request: Request) -> Accounts:
    sessions = staff_sessions(request)
    return Accounts(sessions.sessions, sessions.clock)


def _address(request: Request) -> str | None:
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
    sessions = _staff_sessions(websocket.app, services)
    return await run_in_threadpool(sessions.lookup, websocket.cookies.get(COOKIE_NAME))


UserManager = Annotated[Staff, Depends(require("users.manage"))]
AuditViewer = Annotated[Staff, Depends(require("audit.view"))]


# --- public schemas (never a password hash)

class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorReply(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorReply, "description": "Not logged in, or the session has ended."},
    403: {"model": ErrorReply, "description": "Missing or forged CSRF token, or the role may not do this."},
}


class MeReply(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    permissions: list[str] = Field(description="What this role may do (helpline.accounts.permissions).")
    csrf_token: str = Field(description=f"Send as {CSRF_HEADER} with every POST, PUT, PATCH or DELETE.")


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    password_changed_at: datetime


class NewUser(BaseModel):
    username: str = Field(max_length=80, description="3–80 of a-z, 0-9, '.', '_', '-'.")
    role: str = Field(description=f"One of {', '.join(ROLES)}.")
    display_name: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, max_length=256,
                                 description="At least 12 characters, hard to guess; omit to have one generated.")


class PasswordIn(BaseModel):
    password: str | None = Field(default=None, max_length=256, description="Omit to have one generated.")


class PasswordReply(BaseModel):
    user: UserOut
    password: str | None = Field(description="The generated password, shown this once; null when you chose it.")


class AuditOut(BaseModel):
    id: int
    at: datetime
    username: str | None = Field(description="Who acted; null for the command line and failed logins.")
    action: str
    target: str | None
    details: dict[str, Any]
    address: str | None


class AuditPage(BaseModel):
    entries: list[AuditOut]
    limit: int
    offset: int


def _user_out(account: Account) -> UserOut:
    return UserOut(username=account.username, display_name=account.display_name, role=account.role,
                   active=account.active, created_at=account.created_at,
                   password_changed_at=account.password_changed_at)


# --- HTML: login and logout

def _login_form(request: Request, message: str | None = None, username: str = "", status_code: int = 200,
                headers: dict[str, str] | None = None) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, "staff_login.html", {"message": message, "username": username},
                                          status_code=status_code, headers=headers)
    response.headers["X-Frame-Options"] = "DENY"
    return response


@router.get(LOGIN_PATH, response_class=HTMLResponse, summary="The staff login page")
def login_page(request: Request) -> Response:
    if staff_sessions(request).lookup(request.cookies.get(COOKIE_NAME)) is not None:
        return RedirectResponse(CONSOLE_PATH, status_code=303)
    return _login_form(request)


@router.post(LOGIN_PATH, response_class=HTMLResponse, dependencies=[CSRF_CHECK],
             summary="Log in: a new session cookie, then a redirect (303) to the console",
             responses={303: {"description": "Logged in: on to /staff."}, 401: {"description": "Refused."},
                        429: {"description": "Too many failed logins: wait a few minutes."}})
def login(request: Request, username: Annotated[str, Form(max_length=200)] = "",
          password: Annotated[str, Form(max_length=1024)] = "") -> Response:
    shown = username.strip()[:80]
    try:
        done = staff_sessions(request).login(username, password, _address(request),
                                             replaces=request.cookies.get(COOKIE_NAME))
    except NotAuthenticated as error:
        return _login_form(request, error.message, shown, error.http_status)
    except RateLimited as error:
        return _login_form(request, error.message, shown, error.http_status,
                           {"Retry-After": str(int(THROTTLE_WINDOW.total_seconds()))})
    response = RedirectResponse(CONSOLE_PATH, status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(COOKIE_NAME, done.cookie_value, httponly=True, samesite="strict", secure=secure, path="/")
    # A fresh CSRF token too: one planted in the browser before login is of no use after it.
    response.set_cookie(csrf.COOKIE_NAME, csrf.new_token(request.app.state.services.secret_key), httponly=True,
                        samesite="lax", secure=secure, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/staff/logout", response_class=HTMLResponse, dependencies=[CSRF_CHECK],
             summary="Log out: end the session, then a redirect (303) to the login page",
             responses={303: {"description": "Logged out."}})
def logout(request: Request) -> Response:
    staff_sessions(request).logout(request.cookies.get(COOKIE_NAME), _address(request))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


# --- JSON

@router.get("/api/v1/staff/me", response_model=MeReply, responses=ERRORS,
            summary="Who is logged in, what their role may do, and the CSRF token for the console's requests")
def me(request: Request, response: Response, staff: StaffDep) -> MeReply:
    token = csrf.token_for(request)
    csrf.set_cookie(request, response)
    permissions = sorted(name for name in PERMISSIONS if allowed(staff.role, name))
    return MeReply(id=staff.id, username=staff.username, display_name=staff.display_name, role=staff.role,
                   permissions=permissions, csrf_token=token)


@router.get("/api/v1/staff/users", response_model=list[UserOut], responses=ERRORS,
            summary="Staff accounts (admins)")
def list_users(request: Request, _admin: UserManager) -> list[UserOut]:
    return [_user_out(account) for account in accounts(request).list()]


@router.post("/api/v1/staff/users", response_model=PasswordReply, status_code=201, responses=ERRORS,
             summary="Add a staff account (admins); a password is generated when none is given")
def add_user(request: Request, body: NewUser, admin: UserManager) -> PasswordReply:
    generated = generate_password() if body.password is None else None
    account = accounts(request).add(admin, body.username, body.role, body.password or generated or "",
                                    body.display_name, _address(request))
    return PasswordReply(user=_user_out(account), password=generated)


@router.post("/api/v1/staff/users/{username}/disable", response_model=UserOut, responses=ERRORS,
             summary="Disable a staff account and end its sessions (admins)")
def disable_user(request: Request, username: str, admin: UserManager) -> UserOut:
    return _user_out(accounts(request).disable(admin, username, _address(request)))


@router.post("/api/v1/staff/users/{username}/enable", response_model=UserOut, responses=ERRORS,
             summary="Enable a disabled staff account (admins)")
def enable_user(request: Request, username: str, admin: UserManager) -> UserOut:
    return _user_out(accounts(request).enable(admin, username, _address(request)))


@router.post("/api/v1/staff/users/{username}/reset-password", response_model=PasswordReply, responses=ERRORS,
             summary="Set a new password and end the account's sessions (admins); generated when none is given")
def reset_password(request: Request, username: str, admin: UserManager,
                   body: PasswordIn | None = None) -> PasswordReply:
    chosen = body.password if body is not None else None
    generated = generate_password() if chosen is None else None
    account = accounts(request).reset_password(admin, username, chosen or generated or "", _address(request),
                                               generated=generated is not None)
    return PasswordReply(user=_user_out(account), password=generated)


@router.get("/api/v1/staff/audit", response_model=AuditPage, responses=ERRORS,
            summary="The audit log, newest first (admins)")
def audit_log(request: Request, _admin: AuditViewer,
              limit: Annotated[int, Query(ge=1, le=audit.MAX_LIMIT)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0,
              user: Annotated[str | None, Query(max_length=80, description="Who acted.")] = None,
              action: Annotated[str | None, Query(max_length=60,
                                                  description='An action, or a prefix ending in "." ("user.").')]
              = None) -> AuditPage:
    with staff_sessions(request).sessions() as session:
        found = audit.entries(session, limit, offset, user, action)
    return AuditPage(entries=[AuditOut(**vars(entry)) for entry in found], limit=limit, offset=offset)
