"""Conversations, messages and events in the database. Events are the source of truth the real-time layer
only rings the bell for: every event is stored, with a per-conversation sequence number, before anyone hears
of it."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from helpline.broker.events import Event
from helpline.clock import as_utc, utc_now
from helpline.db.contact_tables import ChatMessage, Conversation, ConversationEvent
from helpline.errors import NotFound

REPLAY_LIMIT = 500  # a visitor further behind than this refetches the conversation instead of replaying events


now = utc_now


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def event_from_row(row: ConversationEvent) -> Event:
    return Event(row.conversation_id, row.seq, row.kind, row.body, iso(row.created_at))


def iso(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


CONVERSATION_ID = re.compile(r"[0-9a-f]{32}")
# A message's client id is unique in its conversation. Visitors' ids are letters, digits, "-" and "_"; the ids
# the server and the specialists' console use carry a ":", so no sender can take another's.
HELPLINE_IDS, SPECIALIST_IDS = "helpline:", "specialist:"


def is_conversation_id(value: object) -> bool:
    """Whether ``value`` has the form of the ids we give out (32 hex digits); anything else is never looked up."""
    return isinstance(value, str) and CONVERSATION_ID.fullmatch(value) is not None


def create_conversation(session: Session) -> tuple[Conversation, str]:
    """A new conversation and its secret token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    conversation = Conversation(id=secrets.token_hex(16), token_hash=token_hash(token), status="bot",
                                urgency="none", last_seq=0, created_at=moment, updated_at=moment)
    session.add(conversation)
    session.flush()
    return conversation, token


def open_conversation(session: Session, conversation_id: str, token: str, *, lock: bool = False) -> Conversation:
    """The conversation, if the token is its own; the same NotFound either way, so ids cannot be probed."""
    query = select(Conversation).where(Conversation.id == conversation_id)
    if lock:
        query = query.with_for_update()
    conversation = session.scalars(query).one_or_none() if is_conversation_id(conversation_id) else None
    if conversation is None or not hmac.compare_digest(conversation.token_hash, token_hash(token)):
        raise NotFound("no such conversation (or the token does not match)")
    return conversation


def append_event(session: Session, conversation_id: str, kind: str, data: dict[str, Any]) -> Event:
    """Store an event with the conversation's next sequence number. The increment is one UPDATE, so two
    workers writing to one conversation get different numbers (the row lock orders them)."""
    moment = now()
    seq = session.execute(
        update(Conversation).where(Conversation.id == conversation_id)
        .values(last_seq=Conversation.last_seq + 1, updated_at=moment).returning(Conversation.last_seq)
    ).scalar_one()
    row = ConversationEvent(conversation_id=conversation_id, seq=seq, kind=kind, body=data, created_at=moment)
    session.add(row)
    session.flush()
    return event_from_row(row)


def add_message(session: Session, conversation_id: str, client_id: str, sender: str, text: str,
                details: dict[str, Any], reply_to: int | None = None) -> tuple[ChatMessage, Event]:
    """Store a message and the event that announces it."""
    message = ChatMessage(conversation_id=conversation_id, client_id=client_id, sender=sender, text=text,
                          details=details, reply_to=reply_to, created_at=now())
    session.add(message)
    session.flush()
    event = append_event(session, conversation_id, "message", {"message": message_json(message)})
    message.details = {**details, "seq": event.seq}
    return message, event


def find_message(session: Session, conversation_id: str, client_id: str) -> ChatMessage | None:
    return session.scalars(select(ChatMessage).where(ChatMessage.conversation_id == conversation_id,
                                                     ChatMessage.client_id == client_id)).one_or_none()


PUBLIC_DETAILS = ("citations", "topic", "safety", "handoff", "abstained", "author", "clarify", "missing_focus")


def message_json(message: ChatMessage) -> dict[str, Any]:
    """A message as visitors see it: the first responder's public fields, never the triage reasons."""
    shown = {key: message.details[key] for key in PUBLIC_DETAILS if key in message.details}
    return {"id": message.id, "client_id": message.client_id if message.sender == "visitor" else None,
            "sender": message.sender, "text": message.text, **shown, "at": iso(message.created_at)}


def events_after(session: Session, conversation: Conversation, after: int) -> list[Event] | None:
    """Events with ``seq > after``, in order; None when ``after`` is too old or not a position we gave out."""
    if after < 0 or after > conversation.last_seq or conversation.last_seq - after > REPLAY_LIMIT:
        return None
    rows = session.scalars(select(ConversationEvent).where(ConversationEvent.conversation_id == conversation.id,
                                                           ConversationEvent.seq > after)
                           .order_by(ConversationEvent.seq))
    return [event_from_row(row) for row in rows]


def transcript(session: Session, conversation: Conversation) -> list[ChatMessage]:
    return list(session.scalars(select(ChatMessage).where(ChatMessage.conversation_id == conversation.id)
                                .order_by(ChatMessage.id)))


def visitor_texts(session: Session, conversation_id: str, limit: int) -> list[str]:
    """The visitor's latest messages, oldest first (the first responder's conversation history)."""
    rows = session.scalars(select(ChatMessage.text).where(ChatMessage.conversation_id == conversation_id,
                                                          ChatMessage.sender == "visitor")
                           .order_by(ChatMessage.id.desc()).limit(limit))
    return list(reversed(list(rows)))


URGENCY_RANK = {"crisis": 0, "emergency": 1, "none": 2}


def queue_order(session: Session) -> list[Conversation]:
    """Waiting conversations, most urgent first, then longest waiting first."""
    waiting = session.scalars(select(Conversation).where(Conversation.status == "queued"))
    return sorted(waiting, key=lambda c: (URGENCY_RANK.get(c.urgency, 2), iso(c.queued_at or c.created_at)))
