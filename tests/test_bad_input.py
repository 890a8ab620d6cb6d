"""Bad input on PostgreSQL, which refuses what SQLite lets through (a NUL, an integer past 2³¹): each gets the
documented error, never a 500, and a socket answers a bad frame with an error frame and stays open.
Needs the server at 127.0.0.1:5432 (see test_postgres.py); each run creates and drops its own database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from conftest import STARTER, make_services
from helpline.accounts.accounts import Accounts
from helpline.ingest.action import import_paths
from helpline.services import Services
from helpline.web.app import create_app
from test_chat import OPEN
from test_postgres import database_url  # noqa: F401  (the fixture: a fresh database per module)
from test_staff_work import PASSWORD, login

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def helpline(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:  # noqa: F811
    services = make_services(Path(tmp_path_factory.mktemp("pg-bad-input")), database_url=database_url,
                             dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    services.chat.clock = lambda: OPEN
    Accounts(services.sessions).add(None, "sue", "supervisor", PASSWORD, "Sue Supervisor")
    yield services
    services.engine.dispose()


@pytest.fixture(scope="module")
def app(helpline: Services) -> Any:
    return create_app(helpline, warm_up=False)


def error_code(response: Any) -> str:
    return str(response.json()["error"]["code"])


@pytest.mark.parametrize("path", ["/library/%00", "/search?q=lung%00cancer", "/api/v1/search?q=%00"])
def test_a_nul_in_the_address_is_refused_not_a_server_error(app: Any, path: str) -> None:
    response = TestClient(app).get(path)
    assert response.status_code == 400 and error_code(response) == "invalid_input", response.text


def test_an_id_past_the_databases_integers_is_refused_not_a_server_error(app: Any) -> None:
    supervisor = login(app, "sue")
    for method, path, body in (("POST", "/api/v1/staff/follow-ups/2147483648/close", {"outcome": "done"}),
                               ("DELETE", "/api/v1/staff/canned/99999999999", None),
                               ("POST", "/api/v1/staff/phone-contacts",
                                {"topics": ["referrals"], "summary": "a call", "resource_ids": [2**40]})):
        response = supervisor.request(method, path, json=body)
        assert response.status_code == 422 and error_code(response) == "invalid_request", (path, response.text)
    assert supervisor.post("/api/v1/staff/follow-ups/2147483647/close", json={"outcome": "done"}).status_code == 404


def test_a_conversation_id_with_a_nul_is_not_found_not_a_server_error(app: Any) -> None:
    client = TestClient(app)
    response = client.post("/api/v1/conversations/ab%00cd/messages", headers={"X-Conversation-Token": "x"},
                           json={"client_id": "client-0001", "text": "hello"})
    assert response.status_code in (400, 404) and "error" in response.json(), response.text
    with client.websocket_connect("/api/v1/chat") as socket:
        socket.send_json({"type": "hello", "conversation_id": "\x00" * 8, "token": "x"})
        assert socket.receive_json()["code"] == "not_found"
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
        assert closed.value.code == 4404  # a clean close with our code, never 1006


def test_bad_frames_get_an_error_frame_and_the_socket_stays_open(app: Any) -> None:
    with TestClient(app).websocket_connect("/api/v1/chat") as socket:
        socket.send_json({"type": "hello"})
        assert socket.receive_json()["type"] == "welcome"
        # A lone surrogate (half an emoji), as JSON may carry it; and JSON nested far too deep.
        socket.send_text('{"type": "message", "client_id": "client-0001", "text": "hi \\ud83d there"}')
        surrogate = socket.receive_json()
        assert surrogate["type"] == "error" and surrogate["code"] == "invalid_input", surrogate
        socket.send_text("[" * 5000 + "]" * 5000)
        deep = socket.receive_json()
        assert deep["type"] == "error" and deep["code"] in ("malformed", "too_large"), deep
        socket.send_json({"type": "ping"})
        assert socket.receive_json()["type"] == "pong"
