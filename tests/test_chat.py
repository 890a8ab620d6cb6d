"""Live chat's service layer on a real database: stored messages, idempotent sends, events, queue, hours."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import services_on_copy
from helpline.chat import store
from helpline.chat.hours import ServiceHours
from helpline.config import Settings
from helpline.db.contact_tables import ChatMessage, Conversation, ConversationEvent, FollowUp
from helpline.errors import InvalidInput, NotFound
from helpline.services import Services

# Wednesday 25 November 2026, 15:00 UTC = 10:00 in New York: chat is open. Saturday is closed.
OPEN = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@pytest.fixture
def helpline(lexical_starter: Path, tmp_path: Path) -> Iterator[Services]:
    """A fresh copy of the starter library per test, so queue positions start from an empty queue."""
    services = services_on_copy(lexical_starter, tmp_path)
    services.chat.clock = lambda: OPEN
    yield services
    services.engine.dispose()


def count(services: Services, table: type) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_question_and_its_cited_reply_are_stored_with_the_triage_reasons(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    posted = helpline.chat.post(conversation, token, "client-0001", "How often is revumenib taken?")
    assert not posted.duplicate and [event.seq for event in posted.events] == [1, 2]
    visitor, reply = (event.data["message"] for event in posted.events)
    assert visitor["sender"] == "visitor" and visitor["client_id"] == "client-0001"
    assert reply["sender"] == "helpline" and "twice a day" in reply["text"]
    assert reply["citations"][0]["section"] == "How revumenib is taken"
    assert "reasons" not in reply  # the reasons are for specialists, not shown to visitors
    with helpline.sessions() as session:
        stored = session.scalars(select(ChatMessage).order_by(ChatMessage.id)).all()
        assert [message.sender for message in stored] == ["visitor", "helpline"]
        assert stored[0].details["triage"]["reasons"], "every decision keeps the reason it was made"
        assert any("answer probability" in reason for reason in stored[1].details["reasons"])
    state = helpline.chat.state(conversation, token)
    assert state["last_seq"] == 2 and [m["sender"] for m in state["messages"]] == ["visitor", "helpline"]


def test_the_same_client_id_sent_twice_is_stored_once_with_the_same_ids(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    first = helpline.chat.post(conversation, token, "client-0002", "what is leukemia?")
    again = helpline.chat.post(conversation, token, "client-0002", "what is leukemia?")
    assert again.duplicate and not again.events
    assert (again.message_id, again.seq) == (first.message_id, first.seq)
    assert count(helpline, ChatMessage) == 2 and count(helpline, ConversationEvent) == 2


def test_a_resend_racing_the_first_send_is_stored_once(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    results = []

    def send() -> None:
        results.append(helpline.chat.post(conversation, token, "client-race1", "what is imatinib?"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({result.message_id for result in results}) == 1
    assert sum(not result.duplicate for result in results) == 1
    assert count(helpline, ChatMessage) == 2
    with helpline.sessions() as session:
        seqs = session.scalars(select(ConversationEvent.seq).order_by(ConversationEvent.seq)).all()
    assert seqs == [1, 2]


def test_a_wrong_token_or_unknown_conversation_opens_nothing(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    with pytest.raises(NotFound):
        helpline.chat.post(conversation, token + "x", "client-0003", "hello")
    with pytest.raises(NotFound):
        helpline.chat.state("0" * 32, token)
    with pytest.raises(NotFound):
        helpline.chat.state("x" * 5000, token)
    assert count(helpline, ChatMessage) == 0


@pytest.mark.parametrize("text", ["", "   ", "\x00\x00", "a" * 4001, None, 12])
def test_empty_huge_or_non_text_messages_are_refused_and_nothing_is_stored(helpline: Services,
                                                                           text: object) -> None:
    conversation, token = helpline.chat.start()
    helpline.chat.post(conversation, token, "client-keep1", "what is leukemia?")
    with pytest.raises(InvalidInput):
        helpline.chat.post(conversation, token, "client-0004", text)
    assert count(helpline, ChatMessage) == 2  # what was stored before is still there


@pytest.mark.parametrize("client_id", ["short", "has space in it", "x" * 65, "<script>1234"])
def test_client_ids_must_be_plain_and_of_sane_length(helpline: Services, client_id: str) -> None:
    conversation, token = helpline.chat.start()
    with pytest.raises(InvalidInput):
        helpline.chat.post(conversation, token, client_id, "hello there")


def test_inside_hours_a_handoff_queues_with_place_and_wait_and_urgent_first(helpline: Services) -> None:
    first, first_token = helpline.chat.start()
    [event] = helpline.chat.request_person(first, first_token)
    assert event.data["status"] == "queued" and event.data["position"] == 1
    assert event.data["estimated_wait_minutes"] == 8
    assert helpline.chat.request_person(first, first_token) == []  # asking twice does not queue twice
    second, second_token = helpline.chat.start()
    posted = helpline.chat.post(second, second_token, "client-0005", "can I talk to a real person please?")
    assert posted.events[-1].data["status"] == "queued" and posted.events[-1].data["position"] == 2
    urgent, urgent_token = helpline.chat.start()
    posted = helpline.chat.post(urgent, urgent_token, "client-0006", "I have a fever of 39 and I'm on chemo")
    assert posted.events[1].data["message"]["safety"] == "emergency"
    assert posted.events[-1].data["status"] == "queued" and posted.events[-1].data["urgency"] == "emergency"
    assert helpline.chat.queue_place(urgent, urgent_token) == {"position": 1, "estimated_wait_minutes": 8}
    assert helpline.chat.queue_place(first, first_token) == {"position": 2, "estimated_wait_minutes": 16}
    assert helpline.chat.queue_place(second, second_token) == {"position": 3, "estimated_wait_minutes": 24}


def test_in_the_queue_the_first_responder_is_silent_except_for_safety(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    helpline.chat.request_person(conversation, token)
    quiet = helpline.chat.post(conversation, token, "client-0007", "what is imatinib?")
    assert [event.data["message"]["sender"] for event in quiet.events] == ["visitor"]
    crisis = helpline.chat.post(conversation, token, "client-0008", "honestly I just want to die")
    reply = crisis.events[1].data["message"]
    assert reply["safety"] == "crisis" and "988" in reply["text"]
    with helpline.sessions() as session:
        assert session.get_one(Conversation, conversation).urgency == "crisis"


def test_outside_hours_the_visitor_is_told_when_chat_opens_and_can_leave_a_message(helpline: Services) -> None:
    helpline.chat.clock = lambda: SATURDAY
    conversation, token = helpline.chat.start()
    [event] = helpline.chat.request_person(conversation, token)
    assert event.data["status"] == "chat_closed" and not event.data["chat_open"]
    assert "Monday 30 November at 09:00" in event.data["text"]
    assert helpline.contacts.helpline_phone in event.data["text"]
    with helpline.sessions() as session:
        assert session.get_one(Conversation, conversation).status == "bot"
    item, events = helpline.chat.leave_message(conversation, token, "client-0009", "Ana", "ana@example.org",
                                               "Which rides to treatment are there near me?")
    assert events[0].data["status"] == "message_left"
    again, repeated = helpline.chat.leave_message(conversation, token, "client-0009", "Ana", "ana@example.org",
                                                  "Which rides to treatment are there near me?")
    assert again == item and repeated == []
    with helpline.sessions() as session:
        [stored] = session.scalars(select(FollowUp)).all()
        assert (stored.name, stored.contact, stored.status, stored.conversation_id) == (
            "Ana", "ana@example.org", "open", conversation)


@pytest.mark.parametrize(("name", "contact", "question"), [
    ("", "ana@example.org", "a question"), ("Ana", "not reachable", "a question"), ("Ana", "555-0100", "")])
def test_a_left_message_needs_a_name_a_way_to_reach_and_a_question(helpline: Services, name: str, contact: str,
                                                                   question: str) -> None:
    with pytest.raises(InvalidInput):
        helpline.chat.leave_message(None, None, "client-0010", name, contact, question)
    assert count(helpline, FollowUp) == 0


def test_events_replay_from_a_position_and_a_too_old_or_unknown_position_means_refetch(
        helpline: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    conversation, token = helpline.chat.start()
    helpline.chat.post(conversation, token, "client-0011", "what is leukemia?")
    helpline.chat.post(conversation, token, "client-0012", "and imatinib?")
    found = helpline.chat.events_after(conversation, token, 1)
    assert found is not None and [event.seq for event in found] == [2, 3, 4]
    assert helpline.chat.events_after(conversation, token, 4) == []
    assert helpline.chat.events_after(conversation, token, 5) is None  # a position never given out
    monkeypatch.setattr(store, "REPLAY_LIMIT", 2)
    assert helpline.chat.events_after(conversation, token, 1) is None


def test_service_hours_follow_the_time_zone_weekdays_and_holidays() -> None:
    hours = ServiceHours.from_settings(Settings(chat_holidays="2026-11-26", chat_opens=time(9), chat_closes=time(17)))
    assert hours.is_open(OPEN)
    assert not hours.is_open(datetime(2026, 11, 25, 13, 59, tzinfo=UTC))  # 08:59 in New York
    assert not hours.is_open(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))  # a holiday (Thanksgiving)
    assert not hours.is_open(SATURDAY)
    opening = hours.next_opening(datetime(2026, 11, 25, 23, 0, tzinfo=UTC))
    assert opening is not None and opening.isoformat() == "2026-11-27T09:00:00-05:00"  # skips the holiday
    assert hours.describe() == "Monday to Friday, 09:00 to 17:00 (America/New_York)"
    never = ServiceHours.from_settings(Settings(chat_days=""))
    assert never.next_opening(OPEN) is None


@pytest.mark.parametrize("overrides", [{"chat_timezone": "Mars/Olympus"}, {"chat_days": "mon,funday"},
                                       {"chat_holidays": "2026-13-01"},
                                       {"chat_opens": time(18), "chat_closes": time(9)}])
def test_a_mistyped_hours_setting_is_a_clear_error(overrides: dict[str, object]) -> None:
    with pytest.raises(InvalidInput, match="HELPLINE_CHAT"):
        ServiceHours.from_settings(Settings(**overrides))  # type: ignore[arg-type]
