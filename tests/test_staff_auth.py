"""Staff accounts, login, sessions, throttling, CSRF and the audit log: through the real app, the CLI and SQLite."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import argon2
import pytest
from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.responses import PlainTextResponse, RedirectResponse
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from conftest import make_services
from helpline.accounts import passwords
from helpline.accounts.accounts import Accounts
from helpline.accounts.sessions import DISABLED, THROTTLED, WRONG, StaffSessions, session_id
from helpline.cli import app as cli_app
from helpline.config import Settings
from helpline.db.staff_tables import AuditEntry, LoginFailure, StaffSession, StaffUser
from helpline.errors import InvalidInput, NotAuthenticated
from helpline.first_run import ensure_demo_accounts
from helpline.services import Services
from helpline.web import csrf, staff_deps
from helpline.web.app import create_app
from helpline.web.staff_deps import COOKIE_NAME, staff_from_websocket, staff_page

HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')
PASSWORDS = {"ada": "wattle-granite-orbit-41", "sam": "lantern quiet harbor 77", "sue": "copper-meadow-violin-9",
             "eddie": "juniper slate comet 12"}
ROLE_OF = {"ada": "admin", "sam": "specialist", "sue": "supervisor", "eddie": "editor"}
ADMIN_ENDPOINTS = [("GET", "/api/v1/staff/users", None), ("POST", "/api/v1/staff/users",
                   {"username": "newbie", "role": "specialist", "password": "orchid-tundra-beacon-58"}),
                   ("POST", "/api/v1/staff/users/sam/disable", None), ("POST", "/api/v1/staff/users/sam/enable", None),
                   ("POST", "/api/v1/staff/users/sam/reset-password", {}), ("GET", "/api/v1/staff/audit", None)]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Env:
    services: Services
    app: FastAPI
    clock: Clock
    client: TestClient

    def browser(self, address: str = "testclient", https: bool = False) -> TestClient:
        """Another browser (its own cookie jar), from ``address``."""
        return TestClient(self.app, client=(address, 50000), follow_redirects=False,
                          base_url="https://testserver" if https else "http://testserver")

    def count(self, table: type[object]) -> int:
        with self.services.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)

    def actions(self) -> list[tuple[str | None, str, str | None]]:
        with self.services.sessions() as session:
            return [(row.username, row.action, row.target)
                    for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    services = make_services(tmp_path, dense_enabled=False)
    app = create_app(services, warm_up=False)
    clock = Clock()
    services.staff_sessions = StaffSessions.from_settings(services.sessions, services.settings, clock)
    accounts = Accounts(services.sessions, clock)
    for username, password in PASSWORDS.items():
        accounts.add(None, username, ROLE_OF[username], password, username.capitalize())
    with TestClient(app, follow_redirects=False) as client:
        yield Env(services, app, clock, client)
    services.engine.dispose()


def login(client: TestClient, username: str, password: str) -> Any:  # the test client's response
    page = client.get("/staff/login")
    found = HIDDEN.search(page.text)
    token = found.group(1) if found else client.cookies.get(csrf.COOKIE_NAME)  # logged in: redirected, no form
    return client.post("/staff/login", data={"username": username, "password": password, "csrf_token": token or ""})


def api_headers(client: TestClient) -> dict[str, str]:
    me = client.get("/api/v1/staff/me")
    assert me.status_code == 200, me.text
    return {"X-CSRF-Token": me.json()["csrf_token"]}


def staff_cookie(response: Any) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{COOKIE_NAME}="):
            return str(header)
    raise AssertionError(f"no {COOKIE_NAME} cookie in {response.headers}")


# --- passwords

def test_hashes_are_argon2id_at_owasp_parameters_or_more() -> None:
    stored = passwords.hash_password("lantern quiet harbor 77")
    assert stored.startswith("$argon2id$")
    parameters = argon2.extract_parameters(stored)
    assert parameters.type is argon2.Type.ID
    assert parameters.memory_cost >= 19456 and parameters.time_cost >= 2 and parameters.parallelism == 1
    assert passwords.verify_password(stored, "lantern quiet harbor 77")
    assert not passwords.verify_password(stored, "lantern quiet harbor 78")
    assert not passwords.verify_password("not a hash", "anything")


@pytest.mark.parametrize(("password", "says"), [
    ("short1!", "too short"), ("Password123!", "too easy to guess"), ("qwertyuiop123", "too easy to guess"),
    ("aaaaaaaaaaaa", "too easy to guess"), ("helpline2024!", "too easy to guess"),
    ("nina-lantern-harbor", "username"), ("            ", "only spaces"), ("x" * 300, "too long"),
])
def test_weak_short_and_common_passwords_are_refused(password: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        passwords.check_policy(password, "nina", "Nina Ng")


def test_a_long_unusual_password_is_accepted() -> None:
    passwords.check_policy("correct horse battery staple", "nina", "Nina Ng")
    passwords.check_policy(passwords.generate_password(), "nina", "Nina Ng")


def test_an_old_weaker_hash_is_replaced_at_login(env: Env) -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORDS["sam"])
    with env.services.sessions.begin() as session:
        session.execute(update(StaffUser).where(StaffUser.username == "sam").values(password_hash=weak))
    assert login(env.client, "sam", PASSWORDS["sam"]).status_code == 303
    with env.services.sessions() as session:
        stored = session.scalar(select(StaffUser.password_hash).where(StaffUser.username == "sam"))
        details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "login"))
    assert stored != weak and argon2.extract_parameters(stored or "").memory_cost >= 19456
    assert details == {"rehashed": True}


# --- login, cookie, rotation

def test_login_sets_a_new_httponly_strict_cookie_and_the_console_knows_who(env: Env) -> None:
    response = login(env.client, "Sam", PASSWORDS["sam"])  # usernames are not case-sensitive
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    cookie = staff_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict") and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http (tests): a Secure cookie would never come back
    me = env.client.get("/api/v1/staff/me").json()
    assert {key: me[key] for key in ("username", "display_name", "role")} == {
        "username": "sam", "display_name": "Sam", "role": "specialist"}
    assert "conversation.work" in me["permissions"] and "users.manage" not in me["permissions"]
    assert csrf.is_signed(env.services.secret_key, me["csrf_token"])
    value = env.client.cookies.get(COOKIE_NAME) or ""
    with env.services.sessions() as session:
        ids = session.scalars(select(StaffSession.id)).all()
    assert ids == [hashlib.sha256(value.encode()).hexdigest()]  # only the hash is stored


def test_the_cookie_is_secure_over_https(env: Env) -> None:
    browser = env.browser(https=True)
    assert "Secure" in staff_cookie(login(browser, "sam", PASSWORDS["sam"]))


def test_every_login_makes_a_new_session_and_ends_the_one_the_browser_had(env: Env) -> None:
    assert login(env.client, "sam", PASSWORDS["sam"]).status_code == 303
    first = env.client.cookies.get(COOKIE_NAME) or ""
    assert login(env.client, "sam", PASSWORDS["sam"]).status_code == 303
    second = env.client.cookies.get(COOKIE_NAME) or ""
    assert first and second and first != second
    old = env.browser()
    old.cookies.set(COOKIE_NAME, first)
    assert old.get("/api/v1/staff/me").status_code == 401
    assert env.client.get("/api/v1/staff/me").status_code == 200
    assert env.count(StaffSession) == 1


def test_a_planted_session_value_is_not_adopted(env: Env) -> None:
    env.client.cookies.set(COOKIE_NAME, "planted-by-someone-else", domain="testserver.local")
    assert login(env.client, "sam", PASSWORDS["sam"]).status_code == 303
    assert env.client.cookies.get(COOKIE_NAME) != "planted-by-someone-else"
    with env.services.sessions() as session:
        assert session.get(StaffSession, session_id("planted-by-someone-else")) is None


def test_the_login_page_shows_a_form_with_a_csrf_token_and_skips_it_when_logged_in(env: Env) -> None:
    page = env.client.get("/staff/login")
    assert page.status_code == 200 and HIDDEN.search(page.text) and 'type="password"' in page.text
    assert page.headers["x-frame-options"] == "DENY"
    login(env.client, "sam", PASSWORDS["sam"])
    again = env.client.get("/staff/login")
    assert again.status_code == 303 and again.headers["location"] == "/staff"


# --- timeouts

def test_a_session_ends_after_30_idle_minutes(env: Env) -> None:
    login(env.client, "sam", PASSWORDS["sam"])
    env.clock.advance(minutes=29)
    assert env.client.get("/api/v1/staff/me").status_code == 200  # use keeps it alive
    env.clock.advance(minutes=29)
    assert env.client.get("/api/v1/staff/me").status_code == 200
    env.clock.advance(minutes=30)
    gone = env.client.get("/api/v1/staff/me")
    assert gone.status_code == 401
    assert gone.json()["error"]["code"] == "not_authenticated" and "log in" in gone.json()["error"]["message"]
    assert env.count(StaffSession) == 0


def test_last_seen_is_written_at_most_once_a_minute(env: Env) -> None:
    login(env.client, "sam", PASSWORDS["sam"])
    start = env.clock.now

    def last_seen() -> datetime:
        with env.services.sessions() as session:
            seen = session.scalar(select(StaffSession.last_seen_at))
        assert seen is not None
        moment: datetime = seen.replace(tzinfo=UTC)
        return moment

    env.clock.advance(seconds=30)
    env.client.get("/api/v1/staff/me")
    assert last_seen() == start
    env.clock.advance(seconds=31)
    env.client.get("/api/v1/staff/me")
    assert last_seen() == env.clock.now


def test_a_session_ends_12_hours_after_login_even_in_use(env: Env) -> None:
    login(env.client, "sam", PASSWORDS["sam"])
    for _ in range(28):  # 11 h 40 min of steady use
        env.clock.advance(minutes=25)
        assert env.client.get("/api/v1/staff/me").status_code == 200
    env.clock.advance(minutes=25)
    assert env.client.get("/api/v1/staff/me").status_code == 401


def test_the_timeouts_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, staff_idle_minutes=5, staff_session_hours=1.5)
    sessions = StaffSessions.from_settings(Services(settings).sessions, settings)
    assert sessions.idle == timedelta(minutes=5) and sessions.absolute == timedelta(minutes=90)


# --- refusals

def test_wrong_password_and_unknown_user_get_the_same_answer(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    dummy_checks: list[str] = []
    real = passwords.verify_dummy

    def counting_dummy(password: str) -> None:
        dummy_checks.append(password)
        real(password)

    monkeypatch.setattr("helpline.accounts.sessions.verify_dummy", counting_dummy)
    wrong = login(env.client, "sam", "lantern quiet harbor 78")
    unknown = login(env.client, "samuel", "lantern quiet harbor 77")
    assert wrong.status_code == unknown.status_code == 401
    assert WRONG in wrong.text and WRONG in unknown.text
    assert dummy_checks == ["lantern quiet harbor 77"]  # the unknown user cost a verification too
    assert COOKIE_NAME not in env.client.cookies and env.count(StaffSession) == 0
    assert 'value="samuel"' in unknown.text  # the username stays in the form; the password does not
    assert "lantern" not in unknown.text
    assert [(a, t) for _, a, t in env.actions() if a.startswith("login")] == [
        ("login.failed", "sam"), ("login.failed", "samuel")]


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(env: Env) -> None:
    login(env.client, "sam", PASSWORDS["sam"])
    Accounts(env.services.sessions).disable(None, "sam")
    assert env.client.get("/api/v1/staff/me").status_code == 401
    refused = login(env.browser(), "sam", PASSWORDS["sam"])
    assert refused.status_code == 401 and DISABLED in refused.text
    assert WRONG in login(env.browser(), "sam", "not the password at all").text  # no hint without the password


def test_five_failures_throttle_the_account_from_any_address_until_the_window_passes(env: Env) -> None:
    for number in range(5):
        assert login(env.browser(f"10.0.0.{number}"), "sam", f"wrong guess number {number}").status_code == 401
    throttled = login(env.browser("10.9.9.9"), "sam", PASSWORDS["sam"])  # the right password, elsewhere
    assert throttled.status_code == 429 and THROTTLED in throttled.text and "wait a few minutes" in throttled.text
    assert throttled.headers["retry-after"] == "300"
    assert login(env.browser("10.9.9.9"), "sue", PASSWORDS["sue"]).status_code == 303  # colleagues unaffected
    env.clock.advance(minutes=4)
    assert login(env.browser("10.9.9.9"), "sam", PASSWORDS["sam"]).status_code == 429  # not counted, not extended
    env.clock.advance(minutes=1)
    assert login(env.browser("10.9.9.9"), "sam", PASSWORDS["sam"]).status_code == 303
    with env.services.sessions() as session:
        left = session.scalars(select(LoginFailure.key)).all()
    assert "account:sam" not in left  # a success clears the account's failures
    assert ("login.throttled" in [action for _, action, _ in env.actions()])


def test_five_failures_throttle_the_address_whatever_the_account(env: Env) -> None:
    attacker = "192.0.2.7"
    for name in ("sam", "sue", "eddie", "nobody", "ada"):
        login(env.browser(attacker), name, "guessing-wrongly-here")
    assert login(env.browser(attacker), "sam", PASSWORDS["sam"]).status_code == 429
    assert login(env.browser("198.51.100.1"), "sam", PASSWORDS["sam"]).status_code == 303  # one failure only
    env.clock.advance(minutes=5, seconds=1)
    assert login(env.browser(attacker), "sam", PASSWORDS["sam"]).status_code == 303


def test_throttling_is_counted_in_the_database_so_workers_agree(env: Env) -> None:
    other_worker = StaffSessions.from_settings(env.services.sessions, env.services.settings, env.clock)
    for _ in range(5):
        with pytest.raises(NotAuthenticated, match="Wrong username"):
            other_worker.login("sam", "wrong password here", "203.0.113.5")
    assert login(env.browser("203.0.113.5"), "sam", PASSWORDS["sam"]).status_code == 429


# --- CSRF

def test_login_without_or_with_a_forged_csrf_token_is_refused_and_changes_nothing(env: Env) -> None:
    env.client.get("/staff/login")
    before = (env.count(StaffSession), env.count(AuditEntry), env.count(LoginFailure))
    missing = env.client.post("/staff/login", data={"username": "sam", "password": PASSWORDS["sam"]})
    forged_token = csrf.sign(b"not our key", "abc")
    forged = env.client.post("/staff/login", data={"username": "sam", "password": PASSWORDS["sam"],
                                                   "csrf_token": forged_token})
    foreign = env.client.post("/staff/login", headers={"Origin": "https://evil.example"},
                              data={"username": "sam", "password": PASSWORDS["sam"],
                                    "csrf_token": env.client.cookies.get(csrf.COOKIE_NAME) or ""})
    for response in (missing, forged, foreign):
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
        assert COOKIE_NAME not in response.headers.get("set-cookie", "")
    assert (env.count(StaffSession), env.count(AuditEntry), env.count(LoginFailure)) == before


def test_api_changes_need_the_csrf_header(env: Env) -> None:
    login(env.client, "ada", PASSWORDS["ada"])
    headers = api_headers(env.client)
    body = {"username": "nina", "role": "specialist", "password": "orchid-tundra-beacon-58"}
    assert env.client.post("/api/v1/staff/users", json=body).status_code == 403
    forged = env.client.post("/api/v1/staff/users", json=body, headers={"X-CSRF-Token": csrf.sign(b"x", "abc")})
    assert forged.status_code == 403 and "does not match" in forged.json()["error"]["message"]
    other = env.client.post("/api/v1/staff/users", json=body,
                            headers={"X-CSRF-Token": csrf.new_token(env.services.secret_key)})
    assert other.status_code == 403  # signed, but not this browser's
    foreign = env.client.post("/api/v1/staff/users", json=body, headers={**headers, "Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert [a.username for a in Accounts(env.services.sessions).list()] == ["ada", "eddie", "sam", "sue"]
    assert env.client.post("/api/v1/staff/users", json=body, headers=headers).status_code == 201
    assert env.client.get("/api/v1/staff/users").status_code == 200  # reads need no header


def test_the_csrf_token_changes_at_login(env: Env) -> None:
    env.client.get("/staff/login")
    before = env.client.cookies.get(csrf.COOKIE_NAME)
    login(env.client, "sam", PASSWORDS["sam"])
    after = env.client.cookies.get(csrf.COOKIE_NAME)
    assert before and after and before != after and csrf.is_signed(env.services.secret_key, after)


# --- logout

def test_logout_ends_the_session_and_clears_the_cookie(env: Env) -> None:
    login(env.client, "sam", PASSWORDS["sam"])
    value = env.client.cookies.get(COOKIE_NAME) or ""
    token = env.client.cookies.get(csrf.COOKIE_NAME) or ""
    assert env.client.post("/staff/logout", data={}).status_code == 403  # no CSRF token: still logged in
    assert env.client.get("/api/v1/staff/me").status_code == 200
    out = env.client.post("/staff/logout", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/staff/login"
    assert 'helpline_staff=""' in staff_cookie(out) or "Max-Age=0" in staff_cookie(out)
    replay = env.browser()
    replay.cookies.set(COOKIE_NAME, value)
    assert replay.get("/api/v1/staff/me").status_code == 401
    assert env.count(StaffSession) == 0
    assert ("sam", "logout", "sam") in env.actions()


# --- admin API, permissions, audit

def test_admin_endpoints_are_refused_to_everyone_else(env: Env) -> None:
    anonymous = env.browser()
    for method, path, body in ADMIN_ENDPOINTS:
        assert anonymous.request(method, path, json=body).status_code == 401, path
    for username in ("sam", "sue", "eddie"):
        browser = env.browser()
        login(browser, username, PASSWORDS[username])
        headers = api_headers(browser)
        for method, path, body in ADMIN_ENDPOINTS:
            refused = browser.request(method, path, json=body, headers=headers)
            assert refused.status_code == 403, (username, path)
            assert "users.manage" in refused.text or "audit.view" in refused.text
    assert [a.username for a in Accounts(env.services.sessions).list()] == ["ada", "eddie", "sam", "sue"]
    assert all(a.active for a in Accounts(env.services.sessions).list())


def test_an_admin_manages_accounts_and_every_change_is_audited(env: Env) -> None:
    login(env.client, "ada", PASSWORDS["ada"])
    headers = api_headers(env.client)
    sam = env.browser()
    login(sam, "sam", PASSWORDS["sam"])

    added = env.client.post("/api/v1/staff/users", headers=headers,
                            json={"username": "Nina", "role": "specialist", "display_name": "Nina Ng"})
    assert added.status_code == 201
    generated = added.json()["password"]
    assert added.json()["user"]["username"] == "nina" and "password_hash" not in added.text
    assert login(env.browser(), "nina", generated).status_code == 303

    weak = env.client.post("/api/v1/staff/users", headers=headers,
                           json={"username": "omar", "role": "specialist", "password": "Password123!"})
    assert weak.status_code == 400 and "too easy to guess" in weak.json()["error"]["message"]
    bad_role = env.client.post("/api/v1/staff/users", headers=headers, json={"username": "omar", "role": "boss"})
    assert bad_role.status_code == 400 and "Unknown role" in bad_role.text
    bad_name = env.client.post("/api/v1/staff/users", headers=headers, json={"username": "o", "role": "editor"})
    assert bad_name.status_code == 400 and "3 to 80" in bad_name.text
    taken = env.client.post("/api/v1/staff/users", headers=headers, json={"username": "SAM", "role": "editor"})
    assert taken.status_code == 409

    disabled = env.client.post("/api/v1/staff/users/sam/disable", headers=headers)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    assert sam.get("/api/v1/staff/me").status_code == 401
    assert env.client.post("/api/v1/staff/users/ada/disable", headers=headers).status_code == 409  # not oneself
    assert env.client.post("/api/v1/staff/users/nobody/disable", headers=headers).status_code == 404
    assert env.client.post("/api/v1/staff/users/sam/enable", headers=headers).json()["active"] is True

    login(sam, "sam", PASSWORDS["sam"])
    reset = env.client.post("/api/v1/staff/users/sam/reset-password", headers=headers)
    new_password = reset.json()["password"]
    assert reset.status_code == 200 and new_password and passwords.MIN_LENGTH <= len(new_password)
    assert sam.get("/api/v1/staff/me").status_code == 401  # a reset ends the sessions
    assert login(env.browser(), "sam", PASSWORDS["sam"]).status_code == 401
    chosen = env.client.post("/api/v1/staff/users/sam/reset-password", headers=headers,
                             json={"password": "harbor-lantern-quietly-88"})
    assert chosen.status_code == 200 and chosen.json()["password"] is None
    assert login(env.browser(), "sam", "harbor-lantern-quietly-88").status_code == 303

    users = env.client.get("/api/v1/staff/users").json()
    assert [user["username"] for user in users] == ["ada", "eddie", "nina", "sam", "sue"]
    assert all(not {"password", "password_hash"} & set(user) for user in users)

    expected = [("ada", "user.add", "nina"), ("ada", "user.disable", "sam"), ("ada", "user.enable", "sam"),
                ("ada", "user.reset_password", "sam"), ("ada", "user.reset_password", "sam")]
    assert [entry for entry in env.actions() if entry[1].startswith("user.") and entry[0]] == expected
    log = env.client.get("/api/v1/staff/audit", params={"action": "user."}).json()
    listed = [(e["username"], e["action"], e["target"]) for e in log["entries"]]
    assert listed[:5] == expected[::-1]  # newest first; then the fixture's accounts, added from the command line
    assert listed[5:] == [(None, "user.add", name) for name in ("eddie", "sue", "sam", "ada")]
    first_reset = log["entries"][1]
    assert first_reset["details"] == {"sessions_ended": 1, "generated": True}
    assert first_reset["address"] == "testclient"
    logins = env.client.get("/api/v1/staff/audit", params={"action": "login", "user": "sam"}).json()["entries"]
    assert logins and all(e["username"] == "sam" and e["action"] == "login" for e in logins)
    page = env.client.get("/api/v1/staff/audit", params={"limit": 2, "offset": 1}).json()
    assert len(page["entries"]) == 2 and page["offset"] == 1


def test_staff_endpoints_are_documented_in_openapi(env: Env) -> None:
    schema = env.client.get("/openapi.json").json()
    for path in ("/staff/login", "/staff/logout", "/api/v1/staff/me", "/api/v1/staff/users",
                 "/api/v1/staff/users/{username}/disable", "/api/v1/staff/users/{username}/enable",
                 "/api/v1/staff/users/{username}/reset-password", "/api/v1/staff/audit"):
        assert path in schema["paths"], path
        for operation in schema["paths"][path].values():
            assert operation.get("summary"), path
    me = schema["paths"]["/api/v1/staff/me"]["get"]["responses"]
    assert "schema" in me["200"]["content"]["application/json"] and "401" in me and "403" in me
    assert "password_hash" not in json.dumps(schema)


# --- helpers for other routers

def test_staff_pages_redirect_to_login_and_websockets_know_the_staff(env: Env) -> None:
    services = env.services

    @env.app.get("/test/staff-page")
    def page(request: Request) -> Response:
        staff = staff_page(request)
        if isinstance(staff, RedirectResponse):
            return staff
        return PlainTextResponse(staff.username)

    @env.app.websocket("/test/staff-socket")
    async def socket(websocket: WebSocket) -> None:
        staff = await staff_from_websocket(websocket, services)
        await websocket.accept()
        await websocket.send_text(staff.username if staff else "nobody")
        await websocket.close()

    away = env.client.get("/test/staff-page")
    assert away.status_code == 303 and away.headers["location"] == "/staff/login"
    with env.client.websocket_connect("/test/staff-socket") as ws:
        assert ws.receive_text() == "nobody"
    login(env.client, "sue", PASSWORDS["sue"])
    assert env.client.get("/test/staff-page").text == "sue"
    with env.client.websocket_connect("/test/staff-socket") as ws:
        assert ws.receive_text() == "sue"


def test_require_refuses_unknown_permissions_at_once() -> None:
    with pytest.raises(ValueError, match="unknown permission"):
        staff_deps.require("conversation.wrok")


# --- demo accounts

def test_demo_accounts_are_made_once_on_an_empty_database(tmp_path: Path) -> None:
    services = make_services(tmp_path, dense_enabled=False)
    made = ensure_demo_accounts(services)
    assert [(username, role) for username, role, _ in made] == [
        ("specialist", "specialist"), ("supervisor", "supervisor"), ("editor", "editor"), ("admin", "admin")]
    assert len({password for _, _, password in made}) == 4
    assert ensure_demo_accounts(services) == []
    sessions = StaffSessions(services.sessions)
    for username, role, password in made:
        assert sessions.login(username, password, "127.0.0.1").staff.role == role
    assert Accounts(services.sessions).get("specialist").display_name == "Demo Specialist"
    services.engine.dispose()


# --- the command line

runner = CliRunner()


@pytest.fixture
def cli_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    return tmp_path


def test_cli_adds_lists_disables_and_resets_accounts(cli_data: Path) -> None:
    typed = "orchid-tundra-beacon-58\norchid-tundra-beacon-58\n"
    added = runner.invoke(cli_app, ["user", "add", "nina", "--role", "specialist", "--name", "Nina Ng"], input=typed)
    assert added.exit_code == 0, added.output
    assert "Added nina (specialist)" in added.stdout and "orchid" not in added.stdout
    piped = runner.invoke(cli_app, ["user", "add", "omar", "--role", "admin", "--password-stdin"],
                          input="harbor-lantern-quietly-88\n")
    assert piped.exit_code == 0, piped.output

    listed = runner.invoke(cli_app, ["user", "list", "--json"])
    assert listed.exit_code == 0
    users = json.loads(listed.stdout)
    assert [(u["username"], u["role"], u["display_name"], u["active"]) for u in users] == [
        ("nina", "specialist", "Nina Ng", True), ("omar", "admin", "omar", True)]
    table = runner.invoke(cli_app, ["user", "list"])
    assert re.search(r"nina\s+specialist\s+active\s+Nina Ng", table.stdout)

    services = Services(Settings(data_dir=cli_data))
    sessions = StaffSessions(services.sessions)
    live = sessions.login("nina", "orchid-tundra-beacon-58", "127.0.0.1")
    assert runner.invoke(cli_app, ["user", "disable", "nina"]).exit_code == 0
    assert sessions.lookup(live.cookie_value) is None
    assert "disabled" in runner.invoke(cli_app, ["user", "list"]).stdout

    reset = runner.invoke(cli_app, ["user", "reset-password", "omar", "--generate"])
    assert reset.exit_code == 0, reset.output
    new_password = reset.stdout.rsplit("Password: ", 1)[1].strip()
    assert sessions.login("omar", new_password, "127.0.0.1").staff.username == "omar"
    typed_reset = runner.invoke(cli_app, ["user", "reset-password", "omar"],
                                input="copper-meadow-violin-9\ncopper-meadow-violin-9\n")
    assert typed_reset.exit_code == 0, typed_reset.output
    assert sessions.login("omar", "copper-meadow-violin-9", "127.0.0.1").staff.role == "admin"

    with services.sessions() as session:
        audited = [(row.username, row.action, row.target) for row in session.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith("user.")).order_by(AuditEntry.id))]
    assert audited == [(None, "user.add", "nina"), (None, "user.add", "omar"), (None, "user.disable", "nina"),
                       (None, "user.reset_password", "omar"), (None, "user.reset_password", "omar")]
    services.engine.dispose()


@pytest.mark.parametrize(("args", "stdin", "code", "says"), [
    (["user", "add", "nina", "--role", "boss", "--password-stdin"], "orchid-tundra-beacon-58\n", 2, "Unknown role"),
    (["user", "add", "nina", "--role", "editor", "--password-stdin"], "Password123!\n", 2, "too easy"),
    (["user", "add", "n!", "--role", "editor", "--password-stdin"], "orchid-tundra-beacon-58\n", 2, "3 to 80"),
    (["user", "disable", "nobody"], "", 3, "No staff account"),
    (["user", "reset-password", "nobody", "--generate"], "", 3, "No staff account"),
])
def test_cli_errors_have_the_error_trees_exit_codes(cli_data: Path, args: list[str], stdin: str, code: int,
                                                      says: str) -> None:
    result = runner.invoke(cli_app, args, input=stdin)
    assert result.exit_code == code, result.output
    assert says in result.stderr


def test_cli_refuses_a_taken_username(cli_data: Path) -> None:
    args = ["user", "add", "nina", "--role", "editor", "--password-stdin"]
    assert runner.invoke(cli_app, args, input="orchid-tundra-beacon-58\n").exit_code == 0
    again = runner.invoke(cli_app, args, input="orchid-tundra-beacon-58\n")
    assert again.exit_code == 1 and "taken" in again.stderr


def test_docs_name_every_permission_user_command_and_setting() -> None:
    from helpline.accounts.permissions import PERMISSIONS
    from helpline.web.admin_api import router as admin_router
    from helpline.web.staff_login import router as login_router

    text = (Path(__file__).resolve().parents[1] / "docs" / "staff.md").read_text(encoding="utf-8")
    missing = [f"`{name}`" for name in PERMISSIONS if f"`{name}`" not in text]
    missing += [f"helpline user {name}" for name in ("add", "list", "disable", "enable", "reset-password")
                if f"helpline user {name}" not in text]
    missing += [f"HELPLINE_{name.upper()}" for name in Settings.model_fields
                if name.startswith("staff_") and f"HELPLINE_{name.upper()}" not in text]
    missing += [path for path in {getattr(route, "path", "") for route in [*login_router.routes, *admin_router.routes]}
                if path.removeprefix("/api/v1/staff").split("/{")[0] not in text]
    assert not missing, f"docs/staff.md does not mention {missing}"
