"""The e-mail sign-up pages: the form's POST, the page the mailed link opens, and its confirm button.

The mailed link only shows a button: mail scanners fetch links, and a GET must not confirm anything.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from helpline.errors import InvalidAddress, MailNotSent, TokenExpired, TokenInvalid
from helpline.services import Services
from helpline.web.api import ServicesDep
from helpline.web.csrf import CSRF_CHECK
from helpline.web.ratelimit import within_limit
from helpline.web.templating import TEMPLATES

router = APIRouter(prefix="/signup", tags=["sign-up"], default_response_class=HTMLResponse)

SHOWN_CHARS = 320  # of what a visitor typed, when we show it back
TOO_MANY = "You have sent this form several times in the last minute. Please wait a minute and try again."
NOT_SENT = ("We could not send the confirmation e-mail just now. Please try again in a few minutes, or call us "
            "if it keeps happening.")


def _page(request: Request, helpline: Services, name: str, context: dict[str, Any], status_code: int = 200,
          headers: dict[str, str] | None = None) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, {**context, "contacts": helpline.contacts},
                                      status_code=status_code, headers=headers)


def _site_url(request: Request, helpline: Services) -> str:
    """Where the mailed link points: the configured public URL, else the address this request came to."""
    return helpline.contacts.public_base_url or str(request.base_url)


@router.post("", summary="Sign up for e-mail updates: stores the address pending and mails a confirmation link",
             dependencies=[CSRF_CHECK])
def sign_up(request: Request, helpline: ServicesDep, email: Annotated[str, Form()] = "") -> HTMLResponse:
    shown = email.strip()[:SHOWN_CHARS]
    if not within_limit(request, "forms"):  # sign-ups and left messages share ``forms_per_minute``
        return _page(request, helpline, "signup.html", {"outcome": "too_many", "message": TOO_MANY, "email": shown},
                     429, {"Retry-After": "60"})
    try:
        helpline.signups.sign_up(email, _site_url(request, helpline))
    except InvalidAddress as error:
        return _page(request, helpline, "signup.html",
                     {"outcome": "invalid", "message": error.message, "email": shown}, error.http_status)
    except MailNotSent as error:
        return _page(request, helpline, "signup.html",
                     {"outcome": "not_sent", "message": NOT_SENT, "email": shown}, error.http_status)
    hours = int(helpline.signups.link_lifetime.total_seconds() // 3600)
    return _page(request, helpline, "signup.html", {"outcome": "sent", "email": shown, "hours": hours})


@router.get("/confirm", summary="The mailed link: a page with the button that confirms the sign-up")
def confirm_page(request: Request, helpline: ServicesDep, token: str = "") -> HTMLResponse:
    no_referrer = {"Referrer-Policy": "no-referrer"}  # the token is in this page's URL
    try:
        status = helpline.signups.status(token)
    except (TokenInvalid, TokenExpired) as error:
        return _page(request, helpline, "signup_confirm.html", {"state": "problem", "message": error.message},
                     error.http_status, no_referrer)
    state = "confirmed" if status.confirmed else "ask"
    return _page(request, helpline, "signup_confirm.html", {"state": state, "email": status.email, "token": token},
                 headers=no_referrer)


@router.post("/confirm", summary="Confirm a sign-up with the mailed token", dependencies=[CSRF_CHECK])
def confirm(request: Request, helpline: ServicesDep, token: Annotated[str, Form()] = "") -> HTMLResponse:
    try:
        status = helpline.signups.confirm(token)
    except (TokenInvalid, TokenExpired) as error:
        return _page(request, helpline, "signup_confirm.html", {"state": "problem", "message": error.message},
                     error.http_status)
    return _page(request, helpline, "signup_confirm.html", {"state": "confirmed", "email": status.email})
