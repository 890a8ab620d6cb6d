"""CSRF protection for HTML forms: OWASP's signed double-submit cookie, and a check of the ``Origin`` header.

A page with a form puts a token in a cookie and the same token in a hidden field. Another site can make a
browser send our cookie, but cannot read it to copy it into the form, so a POST whose field does not match its
cookie did not come from our page. The token is ``<random>.<HMAC of random>`` under the site's secret key: a
token someone made up (and planted as a cookie, say from a sibling subdomain) fails the signature.

Use: ``{{ csrf_token() }}`` in a template rendered by ``helpline.web.templating.TEMPLATES`` (which then sets the
cookie), and ``dependencies=[CSRF_CHECK]`` on the route that takes the form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Form, Request, Response
from starlette.requests import HTTPConnection

from helpline.errors import Forbidden
from helpline.services import Services

COOKIE_NAME = "helpline_csrf"
FIELD_NAME = "csrf_token"
_STATE_VALUE = "helpline_csrf_value"  # request.state attributes
_STATE_NEW = "helpline_csrf_new"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WEB_SCHEMES = {"ws": "http", "wss": "https"}


def sign(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, f"helpline-csrf:{nonce}".encode(), hashlib.sha256).hexdigest()
    return f"{nonce}.{digest}"


def new_token(key: bytes) -> str:
    return sign(key, secrets.token_urlsafe(24))


def is_signed(key: bytes, token: str) -> bool:
    nonce, dot, _digest = token.partition(".")
    return bool(dot and nonce) and hmac.compare_digest(sign(key, nonce).encode(), token.encode())


def _services(connection: HTTPConnection) -> Services:
    found: Services = connection.app.state.services
    return found


def token_for(request: Request) -> str:
    """This request's token for forms: the visitor's cookie when it is valid (other tabs keep working), else new."""
    known: str | None = getattr(request.state, _STATE_VALUE, None)
    if known is not None:
        return known
    key = _services(request).secret_key
    cookie = request.cookies.get(COOKIE_NAME, "")
    token = cookie if is_signed(key, cookie) else new_token(key)
    setattr(request.state, _STATE_VALUE, token)
    setattr(request.state, _STATE_NEW, token != cookie)
    return token


def set_cookie(request: Request, response: Response) -> None:
    """After rendering a page that used ``token_for``: give the browser the token if it lacks it."""
    token: str | None = getattr(request.state, _STATE_VALUE, None)
    if token is None:
        return
    # The page holds this visitor's token: a shared cache must not hand it to anyone else.
    response.headers["Cache-Control"] = "private, no-cache"
    if getattr(request.state, _STATE_NEW, False):
        response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                            path="/")


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = _WEB_SCHEMES.get(parts.scheme.lower(), parts.scheme.lower())  # a WebSocket's page is http(s)
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS.get(scheme)


def is_own_origin(connection: HTTPConnection, origin: str) -> bool:
    """Whether ``origin`` is this site: as the request (or WebSocket) reached us, or as the public base URL names
    it."""
    theirs = _origin(origin)
    if theirs is None:
        return False
    ours = {_origin(str(connection.base_url))}
    public = _services(connection).contacts.public_base_url
    if public:
        ours.add(_origin(public))
    return theirs in ours


async def check_csrf(request: Request, token: Annotated[str, Form(alias=FIELD_NAME)] = "") -> None:
    """Refuse (403, ``forbidden``) a form that was not sent from one of our own pages."""
    origin = request.headers.get("origin")
    if origin is not None and not is_own_origin(request, origin):
        raise Forbidden("This form was sent from another website, so we did not accept it. "
                        "Please use the form on our own site.")
    cookie = request.cookies.get(COOKIE_NAME, "")
    if not token or not cookie:
        raise Forbidden("This form's security token is missing (cookies may be blocked, or the page is old). "
                        "Please reload the page and send the form again.")
    if not hmac.compare_digest(token.encode(), cookie.encode()) or not is_signed(_services(request).secret_key, token):
        raise Forbidden("This form's security token does not match. Please reload the page and send the form again.")


CSRF_CHECK = Depends(check_csrf)
