"""The staff login page, login and logout: a new session cookie (and a fresh CSRF token) at each login."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from helpline.accounts.sessions import THROTTLE_WINDOW
from helpline.errors import NotAuthenticated, RateLimited
from helpline.web import csrf
from helpline.web.csrf import CSRF_CHECK
from helpline.web.staff_deps import CONSOLE_PATH, COOKIE_NAME, LOGIN_PATH, client_address_of, staff_sessions
from helpline.web.templating import TEMPLATES

router = APIRouter(tags=["staff"])


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
        done = staff_sessions(request).login(username, password, client_address_of(request),
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
    staff_sessions(request).logout(request.cookies.get(COOKIE_NAME), client_address_of(request))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response
