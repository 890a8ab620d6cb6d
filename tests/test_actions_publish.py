"""Actions own every change: the chat's and the console's actions, called directly (no web), publish each event
they stored once, and only after their transaction committed; an action that fails publishes nothing.

The bus is the real in-process bus on an event loop of its own thread, as in the web app; it checks, as each
event arrives, that a separate database connection already sees it (committed).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import services_on_copy
from helpline.accounts.accounts import Accounts
from helpline.accounts.sessions import StaffSessions
from helpline.broker.bus import InProcessBus
from helpline.broker.events import Event
from helpline.chat.service import ChatService
from helpline.db.contact_tables import ConversationEvent
from helpline.directory.importer import ensure_sample_directory
from helpline.errors import Forbidden, InvalidInput
from helpline.services import Services
from test_chat import OPEN

PASSWORD = "plum-orchard-quietly-sings-47"  # noqa: S105 - a test account's


class CheckingBus(InProcessBus):
    """The in-process bus, recording each event with whether it was committed when it was published."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.published: list[tuple[Event, bool]] = []
        self.loop: asyncio.AbstractEventLoop | None = None  # the loop it is attached on

    async def publish(self, event: Event) -> None:
        committed = event.seq == 0  # a passing signal (typing) is never stored
        if not committed:
            with self.services.sessions() as session:  # a connection of its own: sees only committed rows
                committed = session.scalar(select(ConversationEvent.seq).where(
                    ConversationEvent.conversation_id == event.conversation_id,
                    ConversationEvent.seq == event.seq)) is not None
        self.published.append((event, committed))
        await super().publish(event)


@pytest.fixture
def helpline(lexical_starter: Path, tmp_path: Path) -> Iterator[tuple[Services, CheckingBus]]:
    services = services_on_copy(lexical_starter, tmp_path)
    services.chat.clock = lambda: OPEN
    ensure_sample_directory(services.sessions)
    accounts = Accounts(services.sessions)
    for username in ("sam", "kim"):
        accounts.add(None, username, "specialist", PASSWORD, username.title())
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    bus = CheckingBus(services)
    bus.loop = loop
    services.publisher.attach(bus, loop)
    yield services, bus
    services.publisher.detach(bus)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()
    services.engine.dispose()


def assert_published_once_after_commit(bus: CheckingBus, events: list[Event]) -> None:
    published = bus.published[-len(events):] if events else []
    assert [event for event, _ in published] == events
    assert all(committed for _, committed in published)


def test_every_chat_and_console_action_publishes_its_events_once_after_commit(
        helpline: tuple[Services, CheckingBus]) -> None:
    services, bus = helpline
    chat, work = services.chat, services.work
    conversation, token = chat.start()
    assert bus.published == []  # starting a conversation tells nobody

    posted = chat.post(conversation, token, "visitor-0001", "What is leukemia?")
    assert len(posted.events) == 2  # the visitor's message and the first responder's reply
    assert_published_once_after_commit(bus, posted.events)
    before = len(bus.published)
    assert chat.post(conversation, token, "visitor-0001", "What is leukemia?").duplicate
    assert len(bus.published) == before  # a resend stores and publishes nothing

    handed = chat.request_person(conversation, token)
    assert [event.data["status"] for event in handed] == ["queued"]
    assert_published_once_after_commit(bus, handed)
    typing = chat.typing(conversation)
    assert bus.published[-1] == (typing, True)

    sam = StaffSessions(services.sessions).login("sam", PASSWORD, None).staff
    kim = StaffSessions(services.sessions).login("kim", PASSWORD, None).staff
    for step in (lambda: work.claim(sam, conversation),
                 lambda: work.reply(sam, conversation, "specialist-0001", "Hello, I'm Sam.")[1],
                 lambda: work.refer(sam, conversation, "specialist-0002", 1)[1],
                 lambda: work.transfer(sam, conversation, "kim"),
                 lambda: [work.typing(kim, conversation)],
                 lambda: work.close(kim, conversation, ["cancer_information"], "Answered.")):
        events = step()
        assert events, "each of these steps tells the visitor something"
        assert_published_once_after_commit(bus, events)

    left_id, left = chat.leave_message(conversation, token, "visitor-0002", "Ann", "ann@example.org",
                                       "Please call me back tomorrow.")
    assert left_id > 0 and [event.data["status"] for event in left] == ["message_left"]
    assert_published_once_after_commit(bus, left)
    stored = [event.seq for event, _ in bus.published if event.seq]
    assert stored == sorted(set(stored)), "each stored event published once, in order"


def test_an_action_that_fails_publishes_nothing(helpline: tuple[Services, CheckingBus],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    services, bus = helpline
    conversation, token = services.chat.start()
    with pytest.raises(InvalidInput):
        services.chat.post(conversation, token, "visitor-0001", "   ")
    original = ChatService._store_exchange

    def store_then_fail(self: ChatService, *args: object, **kwargs: object) -> object:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("the database went away before the commit")

    monkeypatch.setattr(ChatService, "_store_exchange", store_then_fail)
    with pytest.raises(RuntimeError):
        services.chat.post(conversation, token, "visitor-0002", "What is leukemia?")
    monkeypatch.undo()
    sam = StaffSessions(services.sessions).login("sam", PASSWORD, None).staff
    with pytest.raises(Forbidden):
        services.work.close(sam, conversation, ["cancer_information"], "not held")  # not claimed: refused
    assert bus.published == []
    with services.sessions() as session:  # and the failed exchange left nothing behind
        assert session.scalar(select(ConversationEvent.seq).where(
            ConversationEvent.conversation_id == conversation)) is None


class BrokenBus(InProcessBus):
    async def publish(self, event: Event) -> None:
        raise ValueError("the bell is broken")


def test_a_broken_bus_or_a_stopped_loop_never_fails_a_committed_action(lexical_starter: Path, tmp_path: Path) -> None:
    services = services_on_copy(lexical_starter, tmp_path)
    conversation, token = services.chat.start()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    broken = BrokenBus()
    services.publisher.attach(broken, loop)
    posted = services.chat.post(conversation, token, "visitor-0001", "What is leukemia?")
    assert not posted.duplicate and len(posted.events) == 2  # stored, and reported as done
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    recording = CheckingBus(services)
    services.publisher.attach(recording, loop)  # attached to a loop that no longer runs
    again = services.chat.post(conversation, token, "visitor-0002", "And what is lymphoma?")
    assert len(again.events) == 2 and recording.published == []  # nothing rung, nothing lost: all stored
    services.publisher.detach(broken)  # another bus's detach leaves this one attached
    services.publisher.detach(recording)
    loop.close()
    with services.sessions() as session:
        assert session.scalar(select(ConversationEvent.seq).where(
            ConversationEvent.conversation_id == conversation).order_by(ConversationEvent.seq.desc())) == 4
    services.engine.dispose()


def test_an_action_called_on_the_event_loop_itself_is_published_without_waiting(
        helpline: tuple[Services, CheckingBus]) -> None:
    services, bus = helpline
    conversation, _ = services.chat.start()
    loop = bus.loop
    assert loop is not None

    async def on_the_loop() -> Event:
        typing = services.chat.typing(conversation)  # on the loop's own thread: must not block it
        await asyncio.sleep(0.1)
        return typing

    typing = asyncio.run_coroutine_threadsafe(on_the_loop(), loop).result(5)
    assert bus.published == [(typing, True)]
