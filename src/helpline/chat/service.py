"""The visitor's side of live chat: messages answered by the first responder, hand-off to the specialists'
queue inside service hours, a left message outside them. Synchronous (database work; the web layer runs it in a
thread). Each action publishes its own events once its transaction has committed (``broker.publisher``)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.answer.engine import AnswerEngine, Reply
from helpline.broker.events import Event
from helpline.broker.publisher import Publisher, alone, as_is, publishes, second
from helpline.chat import store
from helpline.chat.hours import ServiceHours, describe_opening
from helpline.config import ServiceContacts
from helpline.db.contact_tables import ChatMessage, Conversation, FollowUp
from helpline.db.staff_tables import StaffSession, StaffUser
from helpline.errors import InvalidInput

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 4000
HISTORY_TURNS = 20
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
URGENT = ("crisis", "emergency")


@dataclass
class Posted:
    """The outcome of a visitor's message: its server id, the sequence number announcing it, and the events
    this call stored (none for a duplicate, which returns what the first send stored)."""

    message_id: int
    seq: int
    duplicate: bool
    events: list[Event] = field(default_factory=list)

    def published(self) -> list[Event]:
        return self.events

    @classmethod
    def resend(cls, stored: ChatMessage) -> Posted:
        """What a resend of ``stored`` gets: the first send's ids, nothing new."""
        return cls(stored.id, int(stored.details.get("seq", 0)), duplicate=True)


@dataclass
class QueuePlace:
    position: int
    estimated_wait_minutes: int


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise InvalidInput("client_id must be 8 to 64 letters, digits, '-' or '_' (a UUID will do)")
    return client_id


def check_text(text: object, what: str = "message", limit: int = MAX_MESSAGE_CHARS) -> str:
    if not isinstance(text, str):
        raise InvalidInput(f"the {what} must be text")
    cleaned = text.replace("\x00", "").strip()
    if not cleaned:
        raise InvalidInput(f"the {what} is empty")
    if LONE_SURROGATE.search(cleaned):
        raise InvalidInput(f"the {what} holds characters that are not text (a broken emoji?)")
    if len(cleaned) > limit:
        raise InvalidInput(f"the {what} is longer than {limit} characters")
    return cleaned


class ChatService:
    """Everything a visitor can do in a chat, each step stored in one transaction before it is announced."""

    def __init__(self, sessions: sessionmaker[Session], answers: AnswerEngine, hours: ServiceHours,
                 contacts: ServiceContacts, minutes_per_visitor: float,
                 clock: Callable[[], datetime] = store.now, publisher: Publisher | None = None) -> None:
        self.publisher = publisher or Publisher()
        self.sessions = sessions
        self.answers = answers
        self.hours = hours
        self.contacts = contacts
        self.minutes_per_visitor = minutes_per_visitor
        self.clock = clock

    # Conversations -------------------------------------------------------------------------------------------

    def start(self) -> tuple[str, str]:
        """A new conversation: (id, secret token)."""
        with self.sessions.begin() as session:
            conversation, token = store.create_conversation(session)
            return conversation.id, token

    def state(self, conversation_id: str, token: str) -> dict[str, Any]:
        """The whole conversation for a visitor who must refetch it: status, messages, last sequence number."""
        with self.sessions() as session:
            conversation = store.open_conversation(session, conversation_id, token)
            messages = [store.message_json(message) for message in store.transcript(session, conversation)]
            return {"conversation_id": conversation.id, "status": conversation.status,
                    "last_seq": conversation.last_seq, "messages": messages, "service": self.service_status(),
                    "queue": self._place_json(session, conversation)}

    def events_after(self, conversation_id: str, token: str, after: int) -> list[Event] | None:
        with self.sessions() as session:
            conversation = store.open_conversation(session, conversation_id, token)
            return store.events_after(session, conversation, after)

    def check_access(self, conversation_id: str, token: str) -> int:
        """The conversation's last sequence number, if the token opens it."""
        with self.sessions() as session:
            return store.open_conversation(session, conversation_id, token).last_seq

    # Messages ------------------------------------------------------------------------------------------------

    @publishes(Posted.published)
    def post(self, conversation_id: str, token: str, client_id: object, text: object) -> Posted:
        """Store a visitor's message and the first responder's reply together. Sending the same client id
        again stores nothing new and returns the first send's ids."""
        client_id = check_client_id(client_id)
        with self.sessions() as session:
            conversation = store.open_conversation(session, conversation_id, token)
            existing = store.find_message(session, conversation_id, client_id)
            if existing is not None:
                return Posted.resend(existing)
            status = conversation.status
            history = store.visitor_texts(session, conversation_id, HISTORY_TURNS)
        cleaned = check_text(text)
        reply = self.answers.ask(cleaned, history)  # slow part, outside any transaction
        try:
            with self.sessions.begin() as session:
                return self._store_exchange(session, conversation_id, client_id, cleaned, reply, status)
        except IntegrityError:  # the same client id, sent twice at the same moment: the other send won
            with self.sessions() as session:
                existing = store.find_message(session, conversation_id, client_id)
                if existing is None:
                    raise
                return Posted.resend(existing)

    def _store_exchange(self, session: Session, conversation_id: str, client_id: str, text: str, reply: Reply,
                        status: str) -> Posted:
        triage = {"safety": reply.safety, "topic": reply.topic, "person_requested": reply.person_requested,
                  "reasons": reply.reasons}
        visitor, first = store.add_message(session, conversation_id, client_id, "visitor", text,
                                           {"triage": triage})
        events = [first]
        conversation = session.get_one(Conversation, conversation_id)
        if status == "closed":  # the visitor writes again after a specialist closed the chat: a new start
            conversation.status = status = "bot"
        conversation.topic = reply.topic
        if reply.safety in URGENT and store.URGENCY_RANK[reply.safety] < store.URGENCY_RANK[conversation.urgency]:
            conversation.urgency = reply.safety
        # With a specialist on the way or present, the first responder stays silent except for safety.
        if status == "bot" or reply.safety in URGENT:
            details = {**reply.as_json(), "reasons": reply.reasons}
            details.pop("question")
            details.pop("answer")
            reply_id = f"{store.HELPLINE_IDS}{visitor.id}"
            _, answer_event = store.add_message(session, conversation_id, reply_id, "helpline", reply.answer, details,
                                                reply_to=visitor.id)
            events.append(answer_event)
        if status == "bot" and (reply.safety in URGENT or reply.person_requested):
            events.extend(self._handoff(session, conversation))
        log.info("visitor message answered", extra={
            "conversation": conversation_id, "message_id": visitor.id, "safety": reply.safety,
            "topic": reply.topic, "abstained": reply.abstained, "handoff": reply.handoff, "status": status})
        return Posted(visitor.id, first.seq, duplicate=False, events=events)

    # Hand-off ------------------------------------------------------------------------------------------------

    @publishes(as_is)
    def request_person(self, conversation_id: str, token: str) -> list[Event]:
        """The visitor asks for a person: into the queue inside service hours, else told when chat opens."""
        with self.sessions.begin() as session:
            conversation = store.open_conversation(session, conversation_id, token, lock=True)
            return self._handoff(session, conversation)

    def _handoff(self, session: Session, conversation: Conversation) -> list[Event]:
        moment = self.clock()
        if conversation.status in ("queued", "active"):
            return []
        log.info("person requested", extra={"conversation": conversation.id, "chat_open": self.hours.is_open(moment),
                                            "urgency": conversation.urgency})
        if not self.hours.is_open(moment):
            return [store.append_event(session, conversation.id, "status", {
                "status": "chat_closed", **self.service_status(),
                "text": self._closed_text(moment)})]
        conversation.status, conversation.queued_at = "queued", moment
        session.flush()
        place = self._place(session, conversation)
        return [store.append_event(session, conversation.id, "status", {
            "status": "queued", "position": place.position, "estimated_wait_minutes": place.estimated_wait_minutes,
            "urgency": conversation.urgency,
            "text": "You're in the queue for a cancer information specialist. You can keep this window open; "
                    "your place and the wait are shown here."})]

    @publishes(alone)
    def typing(self, conversation_id: str) -> Event:
        """The visitor is typing: a passing signal to the specialist, never stored (its seq is 0)."""
        return Event(conversation_id, 0, "typing", {"who": "visitor"}, store.iso(self.clock()))

    def queue_place(self, conversation_id: str, token: str) -> dict[str, Any] | None:
        with self.sessions() as session:
            conversation = store.open_conversation(session, conversation_id, token)
            return self._place_json(session, conversation)

    def _place_json(self, session: Session, conversation: Conversation) -> dict[str, Any] | None:
        if conversation.status != "queued":
            return None
        place = self._place(session, conversation)
        return {"position": place.position, "estimated_wait_minutes": place.estimated_wait_minutes}

    def _place(self, session: Session, conversation: Conversation) -> QueuePlace:
        order = [waiting.id for waiting in store.queue_order(session)]
        position = order.index(conversation.id) + 1 if conversation.id in order else 1
        # Each specialist online (and not already in a chat) takes the next visitor; at least one is assumed.
        on_duty = max(1, specialists_free(session, self.clock()))
        return QueuePlace(position, max(1, round(-(-position // on_duty) * self.minutes_per_visitor)))

    def service_status(self) -> dict[str, Any]:
        moment = self.clock()
        opening = self.hours.next_opening(moment)
        return {"chat_open": self.hours.is_open(moment), "phone": self.contacts.helpline_phone,
                "hours": self.hours.describe(),
                "opens_at": opening.isoformat() if opening else None,
                "opens": "now" if opening == moment else describe_opening(opening, moment)}

    def _closed_text(self, moment: datetime) -> str:
        opens = describe_opening(self.hours.next_opening(moment), moment)
        return (f"Our specialists are not on chat right now. Chat opens {opens}; chat hours are "
                f"{self.hours.describe()}. You can call us any time, day or night, at {self.contacts.helpline_phone}. "
                "Or leave a message with how to reach you, and a specialist will get back to you.")

    # Messages left outside hours -----------------------------------------------------------------------------

    @publishes(second)
    def leave_message(self, conversation_id: str | None, token: str | None, client_id: object, name: object,
                      contact: object, question: object) -> tuple[int, list[Event]]:
        """A follow-up item for the specialists; once per client id. Returns its id and the event announcing it."""
        client_id = check_client_id(client_id)
        fields = (check_text(name, "name", 200), check_text(contact, "contact", 320), check_text(question))
        if not _looks_reachable(fields[1]):
            raise InvalidInput("how to reach you should be an e-mail address or a phone number")
        with self.sessions() as session:
            if conversation_id is not None:
                store.open_conversation(session, conversation_id, token or "")
            known = session.query(FollowUp).filter_by(client_id=client_id).one_or_none()
            if known is not None:
                return known.id, []
        try:
            with self.sessions.begin() as session:
                item = FollowUp(conversation_id=conversation_id, client_id=client_id, name=fields[0],
                                contact=fields[1], question=fields[2], status="open", created_at=store.now())
                session.add(item)
                session.flush()
                events = []
                if conversation_id is not None:
                    events.append(store.append_event(session, conversation_id, "status", {
                        "status": "message_left", "follow_up_id": item.id,
                        "text": f"Thank you, {fields[0]}. Your message is with our specialists, who will get "
                                f"back to you. If anything is urgent, call us at {self.contacts.helpline_phone}."}))
                log.info("message left for the specialists", extra={"follow_up": item.id,
                                                                     "conversation": conversation_id})
                return item.id, events
        except IntegrityError:
            with self.sessions() as session:
                return session.query(FollowUp).filter_by(client_id=client_id).one().id, []


ONLINE_MINUTES = 5


def specialists_free(session: Session, moment: datetime) -> int:
    """Specialists and supervisors seen in the last few minutes who hold no active chat."""
    seen = select(StaffSession.user_id).where(StaffSession.last_seen_at >= moment - timedelta(minutes=ONLINE_MINUTES))
    busy = select(Conversation.specialist_id).where(Conversation.status == "active",
                                                    Conversation.specialist_id.is_not(None))
    return int(session.scalar(select(func.count(StaffUser.id)).where(
        StaffUser.id.in_(seen), StaffUser.id.not_in(busy), StaffUser.active,
        StaffUser.role.in_(("specialist", "supervisor")))) or 0)


def _looks_reachable(contact: str) -> bool:
    digits = sum(character.isdigit() for character in contact)
    return ("@" in contact and "." in contact.rsplit("@", 1)[-1]) or digits >= 7
