"""The chat WebSocket and REST endpoints, in-process on the real app and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from conftest import services_on_copy
from helpline.services import Services
from helpline.web.app import create_app
from test_chat import OPEN, SATURDAY


@pytest.fixture
def helpline(lexical_starter: Path, tmp_path: Path) -> Iterator[Services]:
    services = services_on_copy(lexical_starter, tmp_path)
    services.chat.clock = lambda: OPEN
    yield services
    services.engine.dispose()


@pytest.fixture
def client(helpline: Services) -> Iterator[TestClient]:
    with TestClient(create_app(helpline, warm_up=False)) as test_client:
        yield test_client


def hello(socket: WebSocketTestSession, **fields: Any) -> dict[str, Any]:
    socket.send_json({"type": "hello", **fields})
    welcome: dict[str, Any] = socket.receive_json()
    assert welcome["type"] == "welcome", welcome
    return welcome


def frames_until(socket: WebSocketTestSession, done: Any) -> list[dict[str, Any]]:
    """Frames received until ``done(frames)`` holds (the test fails on a hang via the server's resync)."""
    frames: list[dict[str, Any]] = []
    while not done(frames):
        frames.append(socket.receive_json())
    return frames


def events(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [frame for frame in frames if frame["type"] == "event"]


def test_a_visitor_chats_and_gets_a_cited_reply_as_events(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        welcome = hello(socket)
        assert welcome["token"] and welcome["conversation_id"] and welcome["service"]["chat_open"]
        socket.send_json({"type": "message", "client_id": "client-1001", "text": "How often is revumenib taken?"})
        frames = frames_until(socket, lambda got: len(events(got)) == 2 and any(f["type"] == "ack" for f in got))
    ack = next(frame for frame in frames if frame["type"] == "ack")
    visitor, reply = events(frames)
    assert [visitor["seq"], reply["seq"]] == [1, 2] and ack["seq"] == 1 and not ack["duplicate"]
    assert visitor["data"]["message"]["id"] == ack["message_id"]
    assert "twice a day" in reply["data"]["message"]["text"]
    assert reply["data"]["message"]["citations"][0]["url"].endswith("#how-revumenib-is-taken")


def test_a_resend_is_acknowledged_with_the_same_ids_and_stored_once(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        welcome = hello(socket)
        message = {"type": "message", "client_id": "client-1002", "text": "what is leukemia?"}
        socket.send_json(message)
        first = frames_until(socket, lambda got: len(events(got)) == 2 and any(f["type"] == "ack" for f in got))
        socket.send_json(message)
        [again] = frames_until(socket, lambda got: bool(got))
    ack = next(frame for frame in first if frame["type"] == "ack")
    assert again["type"] == "ack" and again["duplicate"] and again["message_id"] == ack["message_id"]
    state = client.get(f"/api/v1/conversations/{welcome['conversation_id']}",
                       headers={"X-Conversation-Token": welcome["token"]}).json()
    assert [m["sender"] for m in state["messages"]] == ["visitor", "helpline"] and state["last_seq"] == 2


def test_a_reconnecting_visitor_resumes_after_the_last_event_seen(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        welcome = hello(socket)
        for number, text in enumerate(["what is leukemia?", "what is imatinib?"]):
            socket.send_json({"type": "message", "client_id": f"client-110{number}", "text": text})
            frames_until(socket, lambda got: any(f["type"] == "ack" for f in got) and len(events(got)) == 2)
    conversation = {"conversation_id": welcome["conversation_id"], "token": welcome["token"]}
    with client.websocket_connect("/api/v1/chat") as socket:
        assert "token" not in hello(socket, **conversation, after=2)
        replayed = frames_until(socket, lambda got: len(got) == 2)
        assert [frame["seq"] for frame in replayed] == [3, 4]
        socket.send_json({"type": "ping"})
        assert socket.receive_json() == {"type": "pong"}  # nothing else was sent: no event doubled
    with client.websocket_connect("/api/v1/chat") as socket:
        hello(socket, **conversation, after=99)  # a position we never gave out: refetch
        [reset] = frames_until(socket, lambda got: len(got) == 1)
    assert reset["type"] == "reset" and reset["conversation"]["last_seq"] == 4
    assert len(reset["conversation"]["messages"]) == 4


def test_two_visitor_windows_on_one_conversation_see_each_others_messages(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as first:
        welcome = hello(first)
        with client.websocket_connect("/api/v1/chat") as second:
            hello(second, conversation_id=welcome["conversation_id"], token=welcome["token"], after=0)
            first.send_json({"type": "message", "client_id": "client-1201", "text": "what is imatinib?"})
            seen = frames_until(second, lambda got: len(events(got)) == 2)
    assert [frame["data"]["message"]["sender"] for frame in events(seen)] == ["visitor", "helpline"]


def test_bad_frames_get_clear_errors_and_the_connection_keeps_serving(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        socket.send_json({"type": "message", "text": "before hello"})
        assert socket.receive_json()["code"] == "hello_first"
        hello(socket)
        checks = [("{not json", "malformed"), ("[1, 2]", "malformed"), ('{"type": "dance"}', "unknown_type"),
                  ("x" * 20_000, "too_large"),
                  ('{"type": "message", "client_id": "client-1301", "text": ""}', "invalid_input"),
                  ('{"type": "message", "client_id": "bad id", "text": "hi"}', "invalid_input"),
                  ('{"type": "message", "client_id": "client-1302", "text": ["a"]}', "invalid_input")]
        for text, code in checks:
            socket.send_text(text)
            error = socket.receive_json()
            assert error["type"] == "error" and error["code"] == code, (text[:40], error)
        socket.send_bytes(b"\x00\xff binary")
        assert socket.receive_json()["code"] == "binary_not_accepted"
        socket.send_json({"type": "ping"})
        assert socket.receive_json() == {"type": "pong"}


def test_an_unknown_conversation_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        socket.send_json({"type": "hello", "conversation_id": "0" * 32, "token": "guess", "after": 0})
        assert socket.receive_json()["code"] == "not_found"
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4404


def test_a_websocket_from_a_foreign_origin_is_refused(client: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect) as refused:
        with client.websocket_connect("/api/v1/chat", headers={"origin": "https://evil.example"}):
            pass
    assert refused.value.code == 1008
    with client.websocket_connect("/api/v1/chat", headers={"origin": "http://testserver"}) as socket:
        hello(socket)


def test_a_flood_from_one_client_is_cut_off_and_others_are_still_served(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat") as socket:
        hello(socket)
        with pytest.raises(WebSocketDisconnect) as closed:
            for _ in range(200):
                socket.send_json({"type": "ping"})
                frame = socket.receive_json()
                assert frame["type"] in ("pong", "error")
    assert closed.value.code == 1008
    assert client.get("/api/v1/service").status_code == 200


def test_asking_too_fast_is_refused_with_429(helpline: Services) -> None:
    helpline.settings.ask_per_minute = 3
    with TestClient(create_app(helpline, warm_up=False)) as limited:
        codes = [limited.post("/api/v1/ask", json={"question": "what is leukemia?"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_rest_endpoints_carry_a_whole_chat_with_hand_off_and_a_left_message(client: TestClient,
                                                                                helpline: Services) -> None:
    started = client.post("/api/v1/conversations")
    assert started.status_code == 201
    conversation, token = started.json()["conversation_id"], started.json()["token"]
    headers = {"X-Conversation-Token": token}
    url = f"/api/v1/conversations/{conversation}"
    sent = client.post(f"{url}/messages", json={"client_id": "client-1401", "text": "what is imatinib?"},
                       headers=headers)
    assert sent.status_code == 200 and sent.json()["seq"] == 1
    again = client.post(f"{url}/messages", json={"client_id": "client-1401", "text": "what is imatinib?"},
                        headers=headers)
    assert again.json() == {**sent.json(), "duplicate": True}
    assert [e["seq"] for e in client.get(f"{url}/events?after=0", headers=headers).json()["events"]] == [1, 2]
    assert client.get(f"{url}/events?after=50", headers=headers).json() == {"reset": True, "events": []}
    assert client.get(url, headers={"X-Conversation-Token": "wrong"}).status_code == 404
    assert client.get(url).status_code == 422  # no token at all
    helpline.chat.clock = lambda: SATURDAY
    closed = client.post(f"{url}/handoff", headers=headers).json()
    assert closed["events"][0]["data"]["status"] == "chat_closed" and closed["queue"] is None
    left = client.post("/api/v1/follow-ups", headers=headers, json={
        "client_id": "client-1402", "name": "Sam", "contact": "+1 555 010 0100", "question": "Call me please",
        "conversation_id": conversation})
    assert left.status_code == 201 and left.json()["follow_up_id"] >= 1
    bad = client.post("/api/v1/follow-ups", json={"client_id": "client-1403", "name": "Sam", "contact": "nope",
                                                  "question": "hi"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_input"


def test_the_chat_endpoints_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/conversations", "/api/v1/conversations/{conversation_id}",
                 "/api/v1/conversations/{conversation_id}/events", "/api/v1/conversations/{conversation_id}/messages",
                 "/api/v1/conversations/{conversation_id}/handoff", "/api/v1/follow-ups", "/api/v1/service"):
        assert path in paths, path


def test_chat_limits_are_per_conversation_so_visitors_behind_one_address_do_not_block_each_other(
        helpline: Services) -> None:
    helpline.settings.ask_per_minute = 2
    with TestClient(create_app(helpline, warm_up=False)) as limited:
        codes = []
        for _ in range(2):  # two visitors from the same address
            started = limited.post("/api/v1/conversations").json()
            url = f"/api/v1/conversations/{started['conversation_id']}/messages"
            headers = {"X-Conversation-Token": started["token"]}
            codes.append([limited.post(url, headers=headers, json={"client_id": f"client-15{n:02d}",
                                                                   "text": "what is leukemia?"}).status_code
                          for n in range(3)])
    assert codes == [[200, 200, 429], [200, 200, 429]]
