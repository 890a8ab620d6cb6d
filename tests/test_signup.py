"""E-mail sign-up with double opt-in, CSRF on forms and masked logs, through the real app and a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from bench.chat import free_port
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import make_services
from helpline.config import ServiceContacts, Settings
from helpline.db.contact_tables import EmailSignup
from helpline.errors import InvalidInput
from helpline.logmask import MaskContactsFilter, mask_text
from helpline.secret_key import load_secret_key
from helpline.services import Services
from helpline.signup.mailer import SmtpMailer
from helpline.signup.service import SignupService
from helpline.web import csrf, signup
from helpline.web.app import create_app
from helpline.web.ratelimit import RateLimiter

JANE = "jane.doe@example.org"
LINK = re.compile(r"(https?://[^/\s]+/signup/confirm\?token=([\w-]+))")
HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')


class Inbox:
    """An aiosmtpd handler that keeps every mail it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(envelope.content, policy=email.policy.default)
                for envelope in self.envelopes]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def build_app(services: Services) -> FastAPI:
    app = create_app(services, warm_up=False)
    if not any(getattr(route, "path", "") == "/signup" for route in app.routes):
        app.include_router(signup.router)  # until app.py registers it
    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_site(tmp_path: Path, clock: Clock, contacts: ServiceContacts | None = None,
              **overrides: object) -> tuple[Services, TestClient]:
    if contacts is None:
        services = make_services(tmp_path / "data", dense_enabled=False, **overrides)
    else:
        settings = Settings(data_dir=tmp_path / "data", dense_enabled=False, **overrides)
        services = Services(settings, contacts)
    services.signups = SignupService(services.sessions, services.mailer, services.settings.mail_from, clock=clock)
    return services, TestClient(build_app(services))


@pytest.fixture
def site(tmp_path: Path, clock: Clock, smtp: tuple[Inbox, int]) -> Iterator[tuple[Services, TestClient, Inbox]]:
    inbox, port = smtp
    services, client = make_site(tmp_path, clock, smtp_host="127.0.0.1", smtp_port=port)
    with client:
        yield services, client, inbox
    services.engine.dispose()


def form_token(client: TestClient, path: str = "/") -> str:
    """What a visitor's browser has after loading a page: the cookie, and the token in the page's form."""
    found = HIDDEN.search(client.get(path).text)
    assert found, "the page has no CSRF field"
    return found.group(1)


def post_signup(client: TestClient, address: str, **headers: str) -> Any:
    return client.post("/signup", data={"email": address, "csrf_token": form_token(client)}, headers=headers)


def rows(services: Services) -> list[EmailSignup]:
    with services.sessions() as session:
        return list(session.scalars(select(EmailSignup).order_by(EmailSignup.id)))


def mailed_link(message: EmailMessage) -> tuple[str, str]:
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1), found.group(2)


def confirm_via_page(client: TestClient, link: str) -> Any:
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my sign-up</button>" in page.text
    token = re.search(r'name="token" value="([^"]*)"', page.text)
    csrf_field = HIDDEN.search(page.text)
    assert token and csrf_field
    return client.post("/signup/confirm", data={"token": token.group(1), "csrf_token": csrf_field.group(1)})


# --- the whole double opt-in through a real SMTP server ---------------------------------------------------------


def test_a_sign_up_is_mailed_a_link_and_confirmed_only_by_the_button(site: tuple[Services, TestClient, Inbox]) -> None:
    services, client, inbox = site
    response = post_signup(client, "  Jane.Doe@Example.ORG ")
    assert response.status_code == 200 and "Check your inbox" in response.text

    [row] = rows(services)
    assert (row.email, row.status, row.confirmed_at) == (JANE, "pending", None)
    [message] = inbox.messages()
    assert inbox.envelopes[0].rcpt_tos == [JANE]
    assert message["To"] == JANE and "no-reply@helpline.invalid" in message["From"]
    assert message["Subject"] == "Please confirm your Helpline e-mail sign-up"
    link, token = mailed_link(message)
    assert link.startswith("http://testserver/signup/confirm?token=")
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()  # only the hash is stored
    assert token not in repr([getattr(row, column) for column in EmailSignup.__table__.columns.keys()])
    expires = row.token_expires_at.replace(tzinfo=UTC) if row.token_expires_at else None
    assert expires == datetime(2025, 3, 5, 12, 0, tzinfo=UTC)  # 48 hours

    page = client.get(link)  # what a mail scanner's prefetch does: shows the button, confirms nothing
    assert page.status_code == 200 and "Confirm my sign-up</button>" in page.text and JANE in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert rows(services)[0].status == "pending"

    confirmed = confirm_via_page(client, link)
    assert confirmed.status_code == 200 and "You are signed up" in confirmed.text
    [row] = rows(services)
    assert row.status == "confirmed" and row.confirmed_at is not None

    again = post_signup(client, JANE)  # the same public answer as a new address, and no mail
    assert again.status_code == 200 and "Check your inbox" in again.text
    assert len(inbox.envelopes) == 1 and rows(services)[0].status == "confirmed"


def test_a_second_sign_up_sends_a_new_link_at_most_every_few_minutes(site: tuple[Services, TestClient, Inbox],
                                                                     clock: Clock) -> None:
    services, client, inbox = site
    assert post_signup(client, JANE).status_code == 200
    assert post_signup(client, JANE).status_code == 200
    assert len(inbox.envelopes) == 1  # moments later: no second mail

    clock.now += timedelta(minutes=6)
    assert "Check your inbox" in post_signup(client, JANE).text
    first, second = inbox.messages()
    (_, old_token), (new_link, new_token) = mailed_link(first), mailed_link(second)
    assert old_token != new_token and len(rows(services)) == 1

    stale = client.get(f"/signup/confirm?token={old_token}")
    assert stale.status_code == 404 and "not valid" in stale.text and "Confirm my sign-up" not in stale.text
    assert confirm_via_page(client, new_link).status_code == 200
    assert rows(services)[0].status == "confirmed"


def test_an_expired_link_says_so_and_changes_nothing(site: tuple[Services, TestClient, Inbox], clock: Clock) -> None:
    services, client, inbox = site
    post_signup(client, JANE)
    link, token = mailed_link(inbox.messages()[0])
    clock.now += timedelta(hours=48, seconds=1)

    page = client.get(link)
    assert page.status_code == 410 and "expired" in page.text and "Confirm my sign-up" not in page.text
    posted = client.post("/signup/confirm", data={"token": token, "csrf_token": form_token(client)})
    assert posted.status_code == 410 and "has expired" in posted.text and "Nothing was changed" in posted.text
    [row] = rows(services)
    assert row.status == "pending" and row.confirmed_at is None

    post_signup(client, JANE)  # signing up again mails a fresh link that works
    assert confirm_via_page(client, mailed_link(inbox.messages()[1])[0]).status_code == 200


def test_an_unknown_token_is_refused_clearly(site: tuple[Services, TestClient, Inbox]) -> None:
    _services, client, _inbox = site
    for path in ["/signup/confirm?token=made-up", "/signup/confirm"]:
        page = client.get(path)
        assert page.status_code == 404 and "This confirmation link is not valid" in page.text


def test_when_the_mail_server_is_down_the_sign_up_is_kept_and_the_visitor_told(
        site: tuple[Services, TestClient, Inbox], clock: Clock) -> None:
    services, client, inbox = site
    assert post_signup(client, JANE).status_code == 200
    link, _token = mailed_link(inbox.messages()[0])
    stored = rows(services)[0]

    services.signups.mailer = SmtpMailer("127.0.0.1", free_port(), timeout=5)  # nothing listens there
    clock.now += timedelta(minutes=10)
    failed = post_signup(client, JANE)
    assert failed.status_code == 503
    assert "could not send the confirmation e-mail just now" in failed.text
    assert "try again in a few minutes" in failed.text
    [row] = rows(services)
    assert row.status == "pending"
    assert (row.token_hash, row.last_sent_at) == (stored.token_hash, stored.last_sent_at)  # the earlier link stands
    assert confirm_via_page(client, link).status_code == 200

    new = post_signup(client, "new.person@example.org")
    assert new.status_code == 503
    assert [(row.email, row.status) for row in rows(services)] == [(JANE, "confirmed"),
                                                                  ("new.person@example.org", "pending")]
    assert rows(services)[1].last_sent_at is None  # not counted as mailed: trying again sends at once


def test_without_an_smtp_host_the_mail_lands_in_the_outbox(tmp_path: Path, clock: Clock,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    contacts = ServiceContacts(public_base_url="https://helpline.example.org")
    services, client = make_site(tmp_path, clock, contacts)
    caplog.set_level(logging.INFO, logger="helpline")
    with client:
        response = post_signup(client, JANE, Origin="https://helpline.example.org")  # our public origin
    assert response.status_code == 200
    [path] = (tmp_path / "data" / "outbox").glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == JANE
    link, _token = mailed_link(message)
    assert link.startswith("https://helpline.example.org/signup/confirm?token=")
    assert link.encode() in path.read_bytes()  # whole in the raw mail, not split by quoted-printable
    logged = [record.getMessage() for record in caplog.records]
    assert any("written to" in line and "j***@example.org" in line for line in logged), logged
    assert not any(JANE in line for line in logged)
    services.engine.dispose()


# --- bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["not-an-address", "", "jane@localhost", "Jane <jane@example.org>",
                                     "a" * 300 + "@example.org"])
def test_an_invalid_address_gets_the_form_again_and_nothing_is_stored(
        site: tuple[Services, TestClient, Inbox], address: str) -> None:
    services, client, inbox = site
    response = post_signup(client, address)
    assert response.status_code == 422
    assert 'role="alert"' in response.text and ("e-mail address" in response.text)
    assert 'id="signup-page-email"' in response.text  # the form, to try again
    assert rows(services) == [] and inbox.envelopes == []


def test_a_hostile_address_is_escaped_in_every_page(site: tuple[Services, TestClient, Inbox]) -> None:
    services, client, inbox = site
    refused = post_signup(client, '<script>alert(1)</script>"@example.org')
    assert refused.status_code == 422
    assert "<script>alert(1)" not in refused.text and "&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in refused.text

    odd = "o'neil&co@example.org"  # valid, and full of characters HTML cares about
    accepted = post_signup(client, odd)
    assert "o&#39;neil&amp;co@example.org" in accepted.text and odd not in accepted.text
    page = client.get(mailed_link(inbox.messages()[0])[0])
    assert "o&#39;neil&amp;co@example.org" in page.text and odd not in page.text
    assert rows(services)[0].email == odd


# --- CSRF and origin ----------------------------------------------------------------------------------------------


def assert_forbidden(response: Any) -> None:
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_form_without_a_matching_signed_token_is_refused(site: tuple[Services, TestClient, Inbox]) -> None:
    services, client, inbox = site
    token = form_token(client)
    assert_forbidden(client.post("/signup", data={"email": JANE}))  # no field
    assert "missing" in client.post("/signup", data={"email": JANE}).json()["error"]["message"]
    assert_forbidden(client.post("/signup", data={"email": JANE, "csrf_token": token + "x"}))  # not the cookie's
    other = csrf.new_token(b"k" * 32)  # well formed, signed with another key
    assert_forbidden(client.post("/signup", data={"email": JANE, "csrf_token": other}))

    assert_forbidden(client.post("/signup", data={"email": JANE, "csrf_token": "é." + token}))  # not even ASCII

    client.cookies.clear()
    client.cookies.set(csrf.COOKIE_NAME, other)  # a pair the attacker planted: field and cookie agree, bad signature
    assert_forbidden(client.post("/signup", data={"email": JANE, "csrf_token": other}))

    client.cookies.clear()  # a cross-site POST: the page's token, but the browser holds no cookie of ours
    assert_forbidden(client.post("/signup", data={"email": JANE, "csrf_token": token}))
    assert_forbidden(client.post("/signup/confirm", data={"token": "anything", "csrf_token": token}))
    assert rows(services) == [] and inbox.envelopes == []


@pytest.mark.parametrize("origin", ["https://evil.example", "http://testserver.evil.example", "null",
                                    "https://testserver", "http://testserver:8080"])
def test_a_form_sent_from_another_origin_is_refused(site: tuple[Services, TestClient, Inbox], origin: str) -> None:
    services, client, _inbox = site
    response = post_signup(client, JANE, Origin=origin)
    assert_forbidden(response)
    assert "another website" in response.json()["error"]["message"]
    assert rows(services) == []


def test_our_own_origin_is_accepted(site: tuple[Services, TestClient, Inbox]) -> None:
    services, client, _inbox = site
    assert post_signup(client, JANE, Origin="http://testserver").status_code == 200
    assert len(rows(services)) == 1


def test_every_page_offers_the_sign_up_form_and_sets_a_safe_cookie(site: tuple[Services, TestClient, Inbox]) -> None:
    _services, client, _inbox = site
    for path in ["/", "/library", "/search?q=rides"]:
        client.cookies.clear()
        response = client.get(path)
        html = response.text
        assert '<form class="signup" action="/signup" method="post">' in html
        assert html.index('action="/signup"') < html.index('id="live-chat-button"')
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{csrf.COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert "Secure" not in cookie and response.headers["cache-control"] == "private, no-cache"
        value = cookie.split(";")[0].split("=", 1)[1]
        assert HIDDEN.search(html).group(1) == value
    kept = client.get("/library")  # the browser has the cookie now: the same token, no new cookie
    assert "set-cookie" not in kept.headers and HIDDEN.search(kept.text).group(1) == value
    assert kept.headers["cache-control"] == "private, no-cache"
    assert "cache-control" not in client.get("/static/site.css").headers  # no token, no reason to stop caching


def test_over_https_the_cookie_is_secure(tmp_path: Path, clock: Clock) -> None:
    services, _client = make_site(tmp_path, clock)
    with TestClient(build_app(services), base_url="https://testserver") as client:
        assert "Secure" in client.get("/").headers["set-cookie"]
    services.engine.dispose()


# --- rate limit ---------------------------------------------------------------------------------------------------


def test_too_many_sign_ups_from_one_client_are_refused(tmp_path: Path, clock: Clock, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    services, client = make_site(tmp_path, clock, smtp_host="127.0.0.1", smtp_port=port, forms_per_minute=2)
    with client:
        assert post_signup(client, "one@example.org").status_code == 200
        assert post_signup(client, "not valid").status_code == 422  # counted too
        refused = post_signup(client, "three@example.org")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert "Please wait a minute and try again" in refused.text
    assert [row.email for row in rows(services)] == ["one@example.org"] and len(inbox.envelopes) == 1
    services.engine.dispose()


def test_the_rate_limiter_slides_over_the_last_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")  # each key counts on its own
    now[0] = 59.9
    assert not limiter.allow("a")
    now[0] = 60.0  # the first two calls have left the window
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")


# --- secret key ---------------------------------------------------------------------------------------------------


def test_the_generated_secret_key_is_shared_through_the_data_folder(tmp_path: Path) -> None:
    first = load_secret_key(Settings(data_dir=tmp_path))
    second = load_secret_key(Settings(data_dir=tmp_path))  # another worker on the same folder
    assert first == second and len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind
    assert load_secret_key(Settings(data_dir=tmp_path / "other")) != first
    configured = "s" * 40
    assert load_secret_key(Settings(data_dir=tmp_path, secret_key=configured)) == configured.encode()
    too_short = "short"
    with pytest.raises(InvalidInput, match="HELPLINE_SECRET_KEY is too short"):
        load_secret_key(Settings(data_dir=tmp_path, secret_key=too_short))


# --- masked logs --------------------------------------------------------------------------------------------------


def masked(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    record = logging.LogRecord("helpline.test", logging.INFO, __file__, 1, msg, args,
                               (type(exc), exc, exc.__traceback__) if exc else None)
    assert MaskContactsFilter().filter(record)
    return record


def test_the_log_filter_masks_addresses_and_phone_numbers() -> None:
    record = masked("mail to %s failed; call %s or %s", "Jane.Doe@example.org", "+1 (555) 010-9999", "1-800-555-0199")
    assert record.getMessage() == "mail to J***@example.org failed; call +* (***) ***-**99 or *-***-***-**99"
    assert masked("left a message: reach me at 07700 900123, or bob@mail.example.co.uk").getMessage() == (
        "left a message: reach me at ***** ****23, or b***@mail.example.co.uk")


def test_the_log_filter_leaves_dates_addresses_and_numbers_alone() -> None:
    line = "at 2025-03-03 12:00:05 from 192.168.100.200:8025 took 0.35123456 s, 12 sections, id 4f3a-99"
    assert masked(line).getMessage() == line
    assert mask_text("2025-03-03T12:00:05Z") == "2025-03-03T12:00:05Z"


def test_the_log_filter_masks_tracebacks_too() -> None:
    try:
        raise ValueError("recipient refused: jane.doe@example.org")
    except ValueError as error:
        record = masked("sending failed", exc=error)
    assert record.exc_text and "j***@example.org" in record.exc_text and JANE not in record.exc_text
    formatted = logging.Formatter().format(record)
    assert JANE not in formatted and "sending failed" in formatted
