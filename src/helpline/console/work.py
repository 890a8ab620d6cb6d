"""A specialist's work on conversations: the queue, claiming, the transcript with the first responder's reasons,
replies, private notes, transfer and closing. Every step is checked against the role and the conversation's
holder, stored, audited, and (for what the visitor sees) published as an event once committed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts import audit, permissions
from helpline.accounts.identity import Staff
from helpline.answer.engine import AnswerEngine, Citation
from helpline.broker.events import Event
from helpline.broker.publisher import Publisher, alone, as_is, publishes, second
from helpline.chat import store
from helpline.chat.service import check_client_id, check_text
from helpline.chat.store import SPECIALIST_IDS
from helpline.clock import as_utc
from helpline.console.views import (
    Active,
    Matched,
    Note,
    Queue,
    ResourceView,
    SuggestionView,
    Transcript,
    Waiting,
    transcript_message,
)
from helpline.db.contact_tables import ChatMessage, Conversation
from helpline.db.staff_tables import TOPIC_CODES, ConversationNote, PhoneContact, Resource, StaffUser
from helpline.directory.referrals import give_referral, referral_text
from helpline.directory.search import ResourceMatch
from helpline.directory.search import search as search_directory
from helpline.errors import Conflict, Forbidden, InvalidInput, NotFound

MAX_SUMMARY_CHARS = 2000
MAX_CITATIONS = 5
CITATION_KEY = re.compile(r"[A-Za-z0-9._~-]{1,200}#[A-Za-z0-9._~-]{1,120}")


class ConversationWork:
    """The operations of the specialists' console on conversations."""

    def __init__(self, sessions: sessionmaker[Session], answers: AnswerEngine,
                 clock: Callable[[], datetime] = store.now, publisher: Publisher | None = None) -> None:
        self.sessions = sessions
        self.answers = answers
        self.clock = clock
        self.publisher = publisher or Publisher()

    # The queue -----------------------------------------------------------------------------------------------

    def queue(self, staff: Staff) -> Queue:
        """Waiting conversations (crisis, then emergency, then longest wait) and the ones being worked."""
        permissions.check(staff, "queue.view")
        moment = self.clock()
        with self.sessions() as session:
            waiting = []
            for position, conversation in enumerate(store.queue_order(session), start=1):
                queued = as_utc(conversation.queued_at) if conversation.queued_at else moment
                waiting.append(Waiting(conversation.id, position, conversation.urgency, conversation.topic,
                                       max(0, int((moment - queued).total_seconds())),
                                       _last_visitor_text(session, conversation.id)))
            names = dict(session.execute(select(StaffUser.id, StaffUser.display_name)).all())
            active = [Active(c.id, c.urgency, c.topic, names.get(c.specialist_id or 0), c.specialist_id == staff.id)
                      for c in session.scalars(select(Conversation).where(Conversation.status == "active")
                                               .order_by(Conversation.claimed_at))]
        return Queue(waiting, active)

    # One conversation ----------------------------------------------------------------------------------------

    def transcript(self, staff: Staff, conversation_id: str) -> Transcript:
        """Everything about a conversation for the console: messages with the first responder's reasons,
        notes, state, and whether this specialist may act on it."""
        permissions.check(staff, "conversation.read")
        with self.sessions() as session:
            conversation = _get(session, conversation_id)
            messages = []
            for message in store.transcript(session, conversation):
                shown = store.message_json(message)
                shown["triage"] = message.details.get("triage")
                shown["reasons"] = message.details.get("reasons")
                shown["author"] = message.details.get("author")
                messages.append(transcript_message(shown))
            notes = [Note(note.id, note.text, store.iso(note.at), author)
                     for note, author in session.execute(
                         select(ConversationNote, StaffUser.display_name)
                         .join(StaffUser, StaffUser.id == ConversationNote.user_id, isouter=True)
                         .where(ConversationNote.conversation_id == conversation_id).order_by(ConversationNote.id))]
            holder = session.get(StaffUser, conversation.specialist_id) if conversation.specialist_id else None
            audit.record(session, staff, "conversation.read", conversation_id)
            session.commit()
            return Transcript(
                conversation_id=conversation.id, status=conversation.status, urgency=conversation.urgency,
                topic=conversation.topic, last_seq=conversation.last_seq,
                specialist=holder.display_name if holder else None,
                mine=conversation.specialist_id == staff.id and conversation.status == "active",
                closed_topics=(conversation.closed_topics or "").split(",") if conversation.closed_topics else [],
                summary=conversation.summary, messages=messages, notes=notes)

    def events_after(self, staff: Staff, conversation_id: str, after: int) -> list[Event] | None:
        permissions.check(staff, "conversation.read")
        with self.sessions() as session:
            return store.events_after(session, _get(session, conversation_id), after)

    @publishes(as_is)
    def claim(self, staff: Staff, conversation_id: str) -> list[Event]:
        """Take a waiting conversation. One UPDATE decides: of two specialists claiming at once, one wins."""
        permissions.check(staff, "conversation.work")
        moment = self.clock()
        with self.sessions.begin() as session:
            _get(session, conversation_id)
            result = session.execute(
                update(Conversation).where(Conversation.id == conversation_id, Conversation.status == "queued")
                .values(status="active", specialist_id=staff.id, claimed_at=moment, updated_at=moment))
            won = cast(CursorResult[Any], result).rowcount
            if won != 1:
                raise Conflict("this conversation is not waiting any more: someone else has claimed it, or it "
                               "was closed")
            audit.record(session, staff, "conversation.claim", conversation_id)
            return [store.append_event(session, conversation_id, "status", {
                "status": "active", "specialist": staff.display_name,
                "text": f"{staff.display_name}, a cancer information specialist, has joined the chat."})]

    @publishes(second)
    def reply(self, staff: Staff, conversation_id: str, client_id: str, text: object,
              citation_keys: list[str] | None = None) -> tuple[int, list[Event]]:
        """A specialist's message to the visitor; inserted passages keep their citations (resolved from the
        library by section key, never taken from the request). Once per client id."""
        permissions.check(staff, "conversation.work")
        client_id = SPECIALIST_IDS + check_client_id(client_id)  # never one of the visitor's ids
        cleaned = check_text(text)
        citations = self._citations(citation_keys or [])
        try:
            with self.sessions.begin() as session:
                conversation = self._held(session, staff, conversation_id)
                existing = store.find_message(session, conversation.id, client_id)
                if existing is not None:
                    return existing.id, []
                message, event = store.add_message(session, conversation_id, client_id, "specialist", cleaned, {
                    "author": staff.display_name, "author_id": staff.id,
                    "citations": [citation.as_json() for citation in citations]})
                audit.record(session, staff, "conversation.reply", conversation_id, {"message_id": message.id})
                return message.id, [event]
        except IntegrityError:
            with self.sessions() as session:
                found = store.find_message(session, conversation_id, client_id)
                if found is None:
                    raise
                return found.id, []

    def note(self, staff: Staff, conversation_id: str, text: object) -> int:
        """A private note: for colleagues and supervisors, never shown to the visitor."""
        permissions.check(staff, "conversation.work")
        cleaned = check_text(text, "note")
        with self.sessions.begin() as session:
            self._held(session, staff, conversation_id, closed_ok=True)
            note = ConversationNote(conversation_id=conversation_id, user_id=staff.id, text=cleaned, at=self.clock())
            session.add(note)
            session.flush()
            audit.record(session, staff, "conversation.note", conversation_id, {"note_id": note.id})
            return note.id

    @publishes(as_is)
    def transfer(self, staff: Staff, conversation_id: str, to_username: str) -> list[Event]:
        """Hand a conversation one holds to another specialist (a supervisor may move any)."""
        permissions.check(staff, "conversation.work")
        with self.sessions.begin() as session:
            conversation = self._held(session, staff, conversation_id, supervisor_ok=True)
            target = session.scalars(select(StaffUser).where(StaffUser.username == to_username)).one_or_none()
            if target is None or not target.active or target.role not in permissions.SPECIALISTS:
                raise InvalidInput(f"{to_username!r} is not an active specialist")
            if target.id == conversation.specialist_id:
                raise InvalidInput("the conversation is already theirs")
            conversation.specialist_id, conversation.updated_at = target.id, self.clock()
            audit.record(session, staff, "conversation.transfer", conversation_id, {"to": target.username})
            return [store.append_event(session, conversation_id, "status", {
                "status": "active", "specialist": target.display_name,
                "text": f"{target.display_name}, another cancer information specialist, is taking over the chat."})]

    @publishes(as_is)
    def close(self, staff: Staff, conversation_id: str, topics: list[str], summary: object) -> list[Event]:
        """Close with topic codes (at least one) and a short summary."""
        permissions.check(staff, "conversation.work")
        codes = topic_codes(topics)
        cleaned = check_text(summary, "summary", MAX_SUMMARY_CHARS)
        with self.sessions.begin() as session:
            conversation = self._held(session, staff, conversation_id, supervisor_ok=True)
            moment = self.clock()
            conversation.status, conversation.closed_at, conversation.updated_at = "closed", moment, moment
            conversation.closed_topics, conversation.summary = ",".join(codes), cleaned
            audit.record(session, staff, "conversation.close", conversation_id, {"topics": codes})
            return [store.append_event(session, conversation_id, "status", {
                "status": "closed",
                "text": "The specialist has closed this chat. Thank you for contacting us - you can write again "
                        "here at any time."})]

    def suggestions(self, staff: Staff, conversation_id: str, question: str | None = None) -> list[SuggestionView]:
        """Agent assist: passages for the visitor's last question (or ``question``), each with its citation."""
        permissions.check(staff, "suggestions.view")
        if question is None:
            with self.sessions() as session:
                _get(session, conversation_id)
                question = _last_visitor_text(session, conversation_id, limit=None)
        return [SuggestionView(suggestion.key, suggestion.text, suggestion.citation,
                               round(suggestion.score, 4)) for suggestion in self.answers.suggest(question or "")]

    @publishes(second)
    def refer(self, staff: Staff, conversation_id: str, client_id: str,
              resource_id: int) -> tuple[int, list[Event]]:
        """Give the visitor a directory resource: its text as a message, and a counted referral, together."""
        permissions.check(staff, "referral.give")
        client_id = SPECIALIST_IDS + check_client_id(client_id)  # never one of the visitor's ids
        with self.sessions.begin() as session:
            conversation = self._held(session, staff, conversation_id)
            existing = store.find_message(session, conversation.id, client_id)
            if existing is not None:
                return existing.id, []
            resource = session.get(Resource, resource_id)
            referral = give_referral(session, staff, resource_id, conversation_id=conversation_id)
            assert resource is not None  # noqa: S101 - give_referral refuses an unknown resource
            message, event = store.add_message(session, conversation_id, client_id, "specialist",
                                               referral_text(resource), {
                                                   "author": staff.display_name, "author_id": staff.id,
                                                   "referral": {"resource_id": resource.id, "name": resource.name}})
            audit.record(session, staff, "referral.give", conversation_id,
                         {"resource_id": resource.id, "referral_id": referral.id})
            return message.id, [event]

    def directory(self, staff: Staff, need: str | None, place: str | None, text: str | None) -> list[ResourceView]:
        permissions.check(staff, "directory.search")
        with self.sessions() as session:
            return [resource_view(match) for match in search_directory(session, need or None, place or None,
                                                                      text or None)]

    def log_call(self, staff: Staff, topics: list[str], summary: object, resource_ids: list[int]) -> int:
        """A phone contact with its topic codes, summary and the referrals given on the call."""
        permissions.check(staff, "phone.log")
        codes = topic_codes(topics)
        cleaned = check_text(summary, "summary", MAX_SUMMARY_CHARS)
        with self.sessions.begin() as session:
            contact = PhoneContact(user_id=staff.id, at=self.clock(), topics=",".join(codes), summary=cleaned)
            session.add(contact)
            session.flush()
            for resource_id in dict.fromkeys(resource_ids):
                give_referral(session, staff, resource_id, phone_contact_id=contact.id)
            audit.record(session, staff, "phone.log", str(contact.id), {"topics": codes, "referrals": resource_ids})
            return contact.id

    @publishes(alone)
    def typing(self, staff: Staff, conversation_id: str) -> Event:
        """An ephemeral event (not stored): the specialist is typing."""
        permissions.check(staff, "conversation.work")
        with self.sessions() as session:
            self._held(session, staff, conversation_id)
        return Event(conversation_id, 0, "typing", {"who": "specialist", "name": staff.display_name},
                           store.iso(self.clock()))

    # Helpers -------------------------------------------------------------------------------------------------

    def _held(self, session: Session, staff: Staff, conversation_id: str, *, supervisor_ok: bool = False,
              closed_ok: bool = False) -> Conversation:
        """The conversation, if this specialist holds it (read-only for everyone else)."""
        conversation = _get(session, conversation_id)
        if conversation.status == "closed" and not closed_ok:
            raise Conflict("this conversation is closed")
        if conversation.specialist_id != staff.id and not (supervisor_ok and staff.role == "supervisor"):
            raise Forbidden("this conversation is not yours: claim it first, or ask its specialist to transfer it")
        return conversation

    def _citations(self, keys: list[str]) -> list[Citation]:
        if len(keys) > MAX_CITATIONS:
            raise InvalidInput(f"at most {MAX_CITATIONS} citations per message")
        citations = []
        for key in keys:
            if not isinstance(key, str) or not CITATION_KEY.fullmatch(key):
                raise InvalidInput("a citation is named '<article_id>#<section anchor>'")
            citation = self.answers.citation_for(key)
            if citation is None:
                raise InvalidInput(f"no section {key!r} in the library")
            citations.append(citation)
        return citations


def _get(session: Session, conversation_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id) if store.is_conversation_id(conversation_id) else None
    if conversation is None:
        raise NotFound("no such conversation")
    return conversation


def _last_visitor_text(session: Session, conversation_id: str, limit: int | None = 140) -> str:
    text = session.scalars(select(ChatMessage.text).where(ChatMessage.conversation_id == conversation_id,
                                                          ChatMessage.sender == "visitor")
                           .order_by(ChatMessage.id.desc()).limit(1)).first() or ""
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


def topic_codes(topics: list[str]) -> list[str]:
    if not isinstance(topics, list) or not topics:
        raise InvalidInput("choose at least one topic code")
    unknown = [topic for topic in topics if topic not in TOPIC_CODES]
    if unknown:
        raise InvalidInput(f"unknown topic code(s) {unknown}; use {', '.join(TOPIC_CODES)}")
    return sorted(set(topics), key=TOPIC_CODES.index)


def resource_view(match: ResourceMatch) -> ResourceView:
    resource = match.resource
    return ResourceView(resource.id, resource.key, resource.name, resource.description, resource.needs.split(","),
                        resource.eligibility, resource.contact, resource.url, resource.regions.split(","),
                        Matched(list(match.needs), match.region, list(match.words)))
