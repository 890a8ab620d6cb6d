"""The specialists' side over the real app and database: queue, claim, reply with citations and referrals,
notes, close, reports — and a matrix of every role against every staff operation in the OpenAPI document."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import services_on_copy
from helpline.accounts.accounts import Accounts
from helpline.db.contact_tables import ChatMessage
from helpline.db.staff_tables import AuditEntry, Referral
from helpline.directory.importer import ensure_sample_directory
from helpline.services import Services
from helpline.web.app import create_app
from test_chat import OPEN

PASSWORD = "plum-orchard-quietly-sings-47"  # noqa: S105 - a test account's
PEOPLE = {"sam": "specialist", "kim": "specialist", "sue": "supervisor", "eddie": "editor", "ada": "admin"}


@pytest.fixture(scope="module")
def library(lexical_starter: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter library with the sample directory and one account per role."""
    folder = tmp_path_factory.mktemp("staff-library")
    services = services_on_copy(lexical_starter, folder)
    ensure_sample_directory(services.sessions)
    accounts = Accounts(services.sessions)
    for username, role in PEOPLE.items():
        accounts.add(None, username, role, PASSWORD, f"{username.title()} {role.title()}")
    services.engine.dispose()
    return folder


@pytest.fixture
def helpline(library: Path, tmp_path: Path) -> Iterator[Services]:
    services = services_on_copy(library, tmp_path)
    services.chat.clock = lambda: OPEN
    yield services
    services.engine.dispose()


@pytest.fixture
def app(helpline: Services) -> Any:
    return create_app(helpline, warm_up=False)


def login(app: Any, username: str) -> TestClient:
    """A browser of its own, logged in through the login form; its CSRF header set for the API."""
    client = TestClient(app, base_url="http://testserver")
    page = client.get("/staff/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "the login form carries a CSRF token"
    response = client.post("/staff/login", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": token.group(1)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    me = client.get("/api/v1/staff/me").json()
    client.headers["X-CSRF-Token"] = me["csrf_token"]
    return client


def queued_conversation(helpline: Services, text: str = "can I talk to a real person please?") -> tuple[str, str]:
    conversation, token = helpline.chat.start()
    helpline.chat.post(conversation, token, "visitor-0001", "How often is revumenib taken?")
    posted = helpline.chat.post(conversation, token, "visitor-0002", text)
    assert posted.events[-1].data["status"] == "queued"
    return conversation, token


def test_a_specialist_claims_answers_with_a_cited_passage_and_a_referral_then_closes(helpline: Services,
                                                                                     app: Any) -> None:
    conversation, token = queued_conversation(helpline)
    sam, kim, sue = login(app, "sam"), login(app, "kim"), login(app, "sue")
    waiting = sam.get("/api/v1/staff/queue").json()["waiting"]
    assert [item["conversation_id"] for item in waiting] == [conversation]
    base = f"/api/v1/staff/conversations/{conversation}"
    assert sam.post(f"{base}/claim").status_code == 200
    assert kim.post(f"{base}/claim").json()["error"]["code"] == "conflict"  # one holder
    seen_by_kim = kim.get(base).json()
    assert not seen_by_kim["mine"] and seen_by_kim["specialist"] == "Sam Specialist"
    assert seen_by_kim["messages"][0]["triage"]["reasons"], "the first responder's reasons are in the transcript"
    refused = kim.post(f"{base}/messages", json={"client_id": "kim-reply-01", "text": "hello"})
    assert refused.status_code == 403  # read-only for everyone but its specialist

    [suggestion, *_] = sam.get(f"{base}/suggestions").json()
    assert suggestion["citation"]["title"] and "#" in suggestion["key"]
    reply = sam.post(f"{base}/messages", json={"client_id": "sam-reply-01", "text": suggestion["text"],
                                                "citations": [suggestion["key"]]})
    assert reply.status_code == 200
    again = sam.post(f"{base}/messages", json={"client_id": "sam-reply-01", "text": suggestion["text"],
                                                "citations": [suggestion["key"]]})
    assert again.json()["id"] == reply.json()["id"] and again.json()["events"] == []  # stored once
    forged = sam.post(f"{base}/messages", json={"client_id": "sam-reply-02", "text": "x",
                                                 "citations": ["no-such-article#nowhere"]})
    assert forged.status_code == 400  # citations come from the library, never from the request
    rides = sam.get("/api/v1/staff/directory", params={"need": "rides"}).json()
    assert rides, "the sample directory has rides"
    referred = sam.post(f"{base}/referrals", json={"client_id": "sam-refer-01", "resource_id": rides[0]["id"]})
    assert referred.status_code == 200
    assert sam.post(f"{base}/notes", json={"text": "Visitor's mother starts treatment Monday."}).status_code == 200

    visitor_view = helpline.chat.state(conversation, token)
    specialist = [m for m in visitor_view["messages"] if m["sender"] == "specialist"]
    assert specialist[0]["author"] == "Sam Specialist"
    assert specialist[0]["citations"][0]["title"] == suggestion["citation"]["title"]
    assert rides[0]["name"] in specialist[1]["text"]
    assert "mother starts" not in str(visitor_view), "private notes never reach the visitor"

    assert sam.post(f"{base}/close", json={"topics": ["cancer_information", "referrals"],
                                           "summary": "Revumenib schedule; rides."}).status_code == 200
    assert sam.post(f"{base}/messages", json={"client_id": "sam-reply-03", "text": "late"}).status_code == 409
    report = sue.get("/api/v1/staff/reports").json()
    assert report["today"]["chats"] == 1 and report["today"]["by_topic"]["referrals"] == 1
    assert report["today"]["waits"]["answered"] == 1
    assert report["referrals_week"] == [{"name": rides[0]["name"], "count": 1}]
    with helpline.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 1
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"conversation.claim", "conversation.reply", "referral.give", "conversation.note",
            "conversation.close", "conversation.read"} <= actions


def test_two_specialists_claiming_at_the_same_moment_exactly_one_wins(helpline: Services, app: Any) -> None:
    conversation, _ = queued_conversation(helpline)
    clients = [login(app, "sam"), login(app, "kim")]
    codes: list[int] = []
    barrier = threading.Barrier(2)

    def claim(client: TestClient) -> None:
        barrier.wait()
        codes.append(client.post(f"/api/v1/staff/conversations/{conversation}/claim").status_code)

    threads = [threading.Thread(target=claim, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]


def test_the_queue_puts_crisis_first_then_emergency_then_the_longest_wait(helpline: Services, app: Any) -> None:
    first, _ = queued_conversation(helpline)
    emergency, _ = queued_conversation(helpline, "I'm on chemo and I have a fever of 39 right now")
    crisis, _ = queued_conversation(helpline, "i just want to die honestly")
    waiting = login(app, "sam").get("/api/v1/staff/queue").json()["waiting"]
    assert [item["conversation_id"] for item in waiting] == [crisis, emergency, first]
    assert [item["urgency"] for item in waiting] == ["crisis", "emergency", "none"]


# The permission matrix --------------------------------------------------------------------------------------

# Every staff operation in the OpenAPI document, and the permission it needs (None: any logged-in staff).
OPERATIONS: dict[tuple[str, str], str | None] = {
    ("GET", "/api/v1/staff/me"): None,
    ("GET", "/api/v1/staff/queue"): "queue.view",
    ("GET", "/api/v1/staff/conversations/{conversation_id}"): "conversation.read",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/claim"): "conversation.work",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/messages"): "conversation.work",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/referrals"): "referral.give",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/notes"): "conversation.work",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/transfer"): "conversation.work",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/close"): "conversation.work",
    ("POST", "/api/v1/staff/conversations/{conversation_id}/typing"): "conversation.work",
    ("GET", "/api/v1/staff/conversations/{conversation_id}/suggestions"): "suggestions.view",
    ("GET", "/api/v1/staff/canned"): "canned.use",
    ("POST", "/api/v1/staff/canned"): "canned.manage",
    ("PUT", "/api/v1/staff/canned/{canned_id}"): "canned.manage",
    ("DELETE", "/api/v1/staff/canned/{canned_id}"): "canned.manage",
    ("GET", "/api/v1/staff/directory"): "directory.search",
    ("GET", "/api/v1/staff/follow-ups"): "followups.work",
    ("POST", "/api/v1/staff/follow-ups/{follow_up_id}/close"): "followups.work",
    ("POST", "/api/v1/staff/phone-contacts"): "phone.log",
    ("GET", "/api/v1/staff/reports"): "reports.view",
    ("GET", "/api/v1/staff/gaps"): "gaps.view",
    ("GET", "/api/v1/staff/users"): "users.manage",
    ("POST", "/api/v1/staff/users"): "users.manage",
    ("POST", "/api/v1/staff/users/{username}/disable"): "users.manage",
    ("POST", "/api/v1/staff/users/{username}/enable"): "users.manage",
    ("POST", "/api/v1/staff/users/{username}/reset-password"): "users.manage",
    ("GET", "/api/v1/staff/audit"): "audit.view",
}
CONVERSATION = "/api/v1/staff/conversations/{conversation_id}"
BODIES: dict[str, dict[str, Any]] = {
    f"{CONVERSATION}/messages": {"client_id": "matrix-0001", "text": "hello"},
    f"{CONVERSATION}/referrals": {"client_id": "matrix-0002", "resource_id": 1},
    f"{CONVERSATION}/notes": {"text": "a note"},
    f"{CONVERSATION}/transfer": {"to": "kim"},
    f"{CONVERSATION}/close": {"topics": ["tobacco"], "summary": "s"},
    "/api/v1/staff/canned": {"title": "t", "text": "x"},
    "/api/v1/staff/canned/{canned_id}": {"title": "t", "text": "x"},
    "/api/v1/staff/phone-contacts": {"topics": ["tobacco"], "summary": "a call", "resource_ids": []},
    "/api/v1/staff/users": {"username": "newperson", "role": "specialist",
                            "password": "violet-canyon-drums-loudly-93"},
    "/api/v1/staff/users/{username}/reset-password": {"password": "amber-lantern-swims-slowly-58"},
    "/api/v1/staff/follow-ups/{follow_up_id}/close": {"outcome": "called back"},
}


def test_every_staff_operation_in_openapi_has_a_declared_permission(app: Any) -> None:
    spec = TestClient(app).get("/openapi.json").json()
    found = {(method.upper(), path) for path, methods in spec["paths"].items() if path.startswith("/api/v1/staff")
             for method in methods}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("role", [None, *PEOPLE.values()])
def test_no_role_succeeds_at_what_it_may_not_do_and_no_transcript_reaches_the_wrong_person(
        helpline: Services, app: Any, role: str | None) -> None:
    from helpline.accounts.permissions import allowed

    conversation, _ = queued_conversation(helpline)
    username = next((name for name, its_role in PEOPLE.items() if its_role == role), None)
    client = login(app, username) if username else TestClient(app)
    for (method, template), permission in OPERATIONS.items():
        path = template.format(conversation_id=conversation, canned_id=1, follow_up_id=1, username="kim")
        body = BODIES.get(template)
        response = client.request(method, path, json=body if method in ("POST", "PUT") else None)
        if role is None:
            assert response.status_code == 401, (method, path)
        elif permission is not None and not allowed(role, permission):
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert conversation not in response.text and "revumenib" not in response.text.lower()
        else:
            assert response.status_code not in (401, 403) or path.endswith(
                ("/messages", "/referrals", "/notes", "/transfer", "/close", "/typing")), (role, method, path)


def test_follow_ups_are_worked_and_closed_and_phone_calls_count_beside_chats(helpline: Services, app: Any) -> None:
    helpline.chat.leave_message(None, None, "left-000001", "Ana", "ana@example.org", "Rides to my infusions?")
    sam, sue = login(app, "sam"), login(app, "sue")
    [item] = sam.get("/api/v1/staff/follow-ups").json()
    assert item["name"] == "Ana" and item["question"] == "Rides to my infusions?"
    assert sam.post(f"/api/v1/staff/follow-ups/{item['id']}/close", json={"outcome": "Called back"}).status_code == 200
    assert sam.post(f"/api/v1/staff/follow-ups/{item['id']}/close", json={"outcome": "again"}).status_code == 409
    assert sam.get("/api/v1/staff/follow-ups").json() == []
    rides = sam.get("/api/v1/staff/directory", params={"need": "rides"}).json()
    call = sam.post("/api/v1/staff/phone-contacts", json={"topics": ["tobacco", "referrals"], "summary": "Quitting",
                                                          "resource_ids": [rides[0]["id"]]})
    assert call.status_code == 200
    bad = sam.post("/api/v1/staff/phone-contacts", json={"topics": ["weather"], "summary": "x"})
    assert bad.status_code == 400
    today = sue.get("/api/v1/staff/reports").json()["today"]
    assert (today["phone"], today["chats"], today["by_topic"]["tobacco"]) == (1, 0, 1)
    with helpline.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 1


def test_supervisors_keep_the_canned_responses_specialists_insert(app: Any) -> None:
    sam, sue = login(app, "sam"), login(app, "sue")
    added = sue.post("/api/v1/staff/canned", json={"title": "Hours", "text": "Chat is open on weekdays."})
    assert added.status_code == 200
    assert {"title": "Hours", "text": "Chat is open on weekdays.", "id": added.json()["id"]} in sam.get(
        "/api/v1/staff/canned").json()
    twice = sue.post("/api/v1/staff/canned", json={"title": "Hours", "text": "Another text."})
    assert twice.status_code == 409
    assert sue.delete(f"/api/v1/staff/canned/{added.json()['id']}").status_code == 200
    assert all(item["title"] != "Hours" for item in sam.get("/api/v1/staff/canned").json())
    assert sue.post("/api/v1/staff/canned", json={"title": "Hours", "text": "Open weekdays."}).status_code == 200


def test_the_console_socket_follows_a_conversation_live_and_refuses_strangers(helpline: Services, app: Any) -> None:
    from starlette.websockets import WebSocketDisconnect

    started = TestClient(app).post("/api/v1/conversations").json()
    headers = {"X-Conversation-Token": started["token"]}
    sam = login(app, "sam")
    with sam.websocket_connect("/api/v1/staff/ws") as socket:
        assert socket.receive_json()["type"] == "welcome"
        assert socket.receive_json()["type"] == "queue"
        socket.send_json({"type": "watch", "conversation_id": started["conversation_id"], "after": 0})
        visitor = TestClient(app)
        visitor.post(f"/api/v1/conversations/{started['conversation_id']}/messages", headers=headers,
                     json={"client_id": "visitor-live-1", "text": "what is imatinib?"})
        events = []
        while len(events) < 2:
            frame = socket.receive_json()
            if frame["type"] == "event":
                events.append(frame)
        assert [event["data"]["message"]["sender"] for event in events] == ["visitor", "helpline"]
        socket.send_json({"type": "typing", "conversation_id": started["conversation_id"]})
        error = socket.receive_json()
        while error["type"] == "queue":
            error = socket.receive_json()
        assert error["type"] == "error" and error["code"] == "forbidden"  # not theirs: no typing sign
    with pytest.raises(WebSocketDisconnect) as refused:
        with TestClient(app).websocket_connect("/api/v1/staff/ws") as socket:
            socket.receive_json()
    assert refused.value.code == 4401
    eddie = login(app, "eddie")
    with eddie.websocket_connect("/api/v1/staff/ws") as socket:
        assert socket.receive_json()["type"] == "welcome"  # an editor gets no queue, and no transcript:
        socket.send_json({"type": "watch", "conversation_id": started["conversation_id"], "after": 0})
        assert socket.receive_json()["code"] == "forbidden"


def test_the_estimated_wait_counts_the_specialists_online_and_free(helpline: Services, app: Any) -> None:
    first, _ = queued_conversation(helpline)
    second, token = queued_conversation(helpline)
    assert helpline.chat.queue_place(second, token) == {"position": 2, "estimated_wait_minutes": 16}
    login(app, "sam"), login(app, "kim")  # two specialists online, neither in a chat
    assert helpline.chat.queue_place(second, token) == {"position": 2, "estimated_wait_minutes": 8}


def test_staff_pages_show_each_role_only_its_own_tools(app: Any) -> None:
    assert TestClient(app).get("/staff", follow_redirects=False).headers["location"] == "/staff/login"
    sue, sam, eddie = login(app, "sue"), login(app, "sam"), login(app, "eddie")
    supervisor_page = sue.get("/staff/supervisor")
    assert supervisor_page.status_code == 200 and "Canned responses" in supervisor_page.text
    assert 'id="today-by-topic"' in supervisor_page.text
    refused = sam.get("/staff/supervisor")
    assert "may not open that page" in refused.text and "today-by-topic" not in refused.text
    assert 'id="waiting"' in sam.get("/staff").text
    editor_home = eddie.get("/staff").text
    assert 'id="waiting"' not in editor_home and "content gaps" in editor_home
    assert "may not open that page" in eddie.get("/staff/follow-ups").text


def test_a_transfer_hands_the_conversation_over_and_a_closed_chat_reopens_with_the_first_responder(
        helpline: Services, app: Any) -> None:
    conversation, token = queued_conversation(helpline)
    sam, kim = login(app, "sam"), login(app, "kim")
    base = f"/api/v1/staff/conversations/{conversation}"
    sam.post(f"{base}/claim")
    assert sam.post(f"{base}/transfer", json={"to": "eddie"}).status_code == 400  # an editor takes no chats
    assert sam.post(f"{base}/transfer", json={"to": "kim"}).status_code == 200
    assert sam.post(f"{base}/messages", json={"client_id": "sam-after-01", "text": "hi"}).status_code == 403
    assert kim.post(f"{base}/messages", json={"client_id": "kim-after-01", "text": "Hello, I'm Kim."}).status_code \
        == 200
    statuses = [event.data for event in helpline.chat.events_after(conversation, token, 0) or []
                if event.kind == "status"]
    assert statuses[-1]["specialist"] == "Kim Specialist"  # the visitor is told who took over
    kim.post(f"{base}/close", json={"topics": ["helpline_service"], "summary": "Transferred, answered."})
    again = helpline.chat.post(conversation, token, "visitor-0003", "what is imatinib?")
    assert [event.data["message"]["sender"] for event in again.events] == ["visitor", "helpline"]


def test_the_transcript_view_keeps_every_public_field_of_a_message() -> None:
    from dataclasses import fields

    from helpline.chat.store import PUBLIC_DETAILS
    from helpline.console.views import TranscriptMessage

    assert set(PUBLIC_DETAILS) <= {field.name for field in fields(TranscriptMessage)}


def test_client_ids_are_scoped_to_their_sender(helpline: Services, app: Any) -> None:
    conversation, token = queued_conversation(helpline)
    sam = login(app, "sam")
    base = f"/api/v1/staff/conversations/{conversation}"
    assert sam.post(f"{base}/claim").status_code == 200
    # The specialist's console happens to use the visitor's id: the reply is stored all the same.
    reply = sam.post(f"{base}/messages", json={"client_id": "visitor-0001", "text": "Hello, I'm Sam."})
    assert reply.status_code == 200 and reply.json()["events"], reply.text
    texts = [(message["sender"], message["text"]) for message in sam.get(base).json()["messages"]]
    assert ("specialist", "Hello, I'm Sam.") in texts and ("visitor", "How often is revumenib taken?") in texts
    # A visitor cannot take the first responder's reply id either (it used to be "reply-<the message's id>").
    for number in range(8):  # ids past 9, so that "reply-<id>" is a valid visitor id (8 characters or more)
        helpline.chat.post(conversation, token, f"visitor-filler-{number}", "ok")
    with helpline.sessions() as session:
        next_id = (session.scalar(select(func.max(ChatMessage.id))) or 0) + 1
    assert next_id >= 10
    later = helpline.chat.post(conversation, token, f"reply-{next_id}", "thank you")
    assert later.message_id == next_id and not later.duplicate
    with TestClient(app).websocket_connect("/api/v1/chat") as socket:
        socket.send_json({"type": "hello", "conversation_id": conversation, "token": token})
        while socket.receive_json()["type"] != "welcome":
            pass
        socket.send_json({"type": "message", "client_id": 12345678, "text": "an id that is not text"})
        frame = socket.receive_json()
        while frame["type"] == "event":
            frame = socket.receive_json()
        assert frame["type"] == "error" and frame["code"] == "invalid_input", frame  # never coerced to "12345678"
