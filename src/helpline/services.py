"""Builds every service from the settings, once, for the CLI and the web app alike."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts.sessions import StaffSessions
from helpline.answer.engine import AnswerEngine
from helpline.broker.publisher import Publisher
from helpline.chat.hours import ServiceHours
from helpline.chat.service import ChatService
from helpline.config import ServiceContacts, Settings
from helpline.console.desk import Desk
from helpline.console.reports import Reports
from helpline.console.work import ConversationWork
from helpline.db.engine import make_engine, migrate, session_factory
from helpline.embeddings import Encoder, MiniLMEncoder
from helpline.library.store import current_revision
from helpline.search.index import SearchIndex, load_or_build
from helpline.search.service import SearchService
from helpline.secret_key import load_secret_key
from helpline.signup.mailer import Mailer, mailer_from_settings
from helpline.signup.service import SignupService
from helpline.triage.classify import Triager
from helpline.triage.model import ENCODER_TOKENS


class Services:
    """Settings → database → library → index → search → answer engine. Cheap to build; heavy parts are lazy."""

    def __init__(self, settings: Settings, contacts: ServiceContacts | None = None,
                 encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.contacts = contacts or ServiceContacts()
        self._encoder = encoder

    @cached_property
    def engine(self) -> Engine:
        engine = make_engine(self.settings.resolved_database_url)
        migrate(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def encoder(self) -> Encoder | None:
        if not self.settings.dense_enabled:
            return None
        return self._encoder or MiniLMEncoder(max_tokens=self.settings.embedding_max_tokens)

    def load_index(self) -> SearchIndex:
        encoder = self.encoder
        with self.sessions() as session:
            return load_or_build(session, self.settings.index_dir, encoder.name if encoder else None,
                                 encoder.dimensions if encoder else 0)

    def reload_library_if_changed(self) -> bool:
        """Follow imports made while the service runs: True when a newer library revision was loaded."""
        with self.sessions() as session:
            revision = current_revision(session)
        return self.search.reload_if_changed(revision)

    @cached_property
    def search(self) -> SearchService:
        return SearchService(self.load_index, self.encoder)

    @cached_property
    def triager(self) -> Triager:
        # Triage reads meaning even when dense search is off (a setting for quick tests of search alone), with the
        # token budget its model was trained with; it shares search's encoder when that has the same budget.
        shared = self.encoder if self.settings.embedding_max_tokens == ENCODER_TOKENS else None
        return Triager(shared or self._encoder or MiniLMEncoder(max_tokens=ENCODER_TOKENS))

    @cached_property
    def answers(self) -> AnswerEngine:
        return AnswerEngine(self.search, self.triager, self.contacts, self.settings.abstain_threshold)

    @cached_property
    def hours(self) -> ServiceHours:
        return ServiceHours.from_settings(self.settings)

    @cached_property
    def staff_sessions(self) -> StaffSessions:
        """Staff log-ins: one per process, shared by every staff route and socket (a test may set its own)."""
        return StaffSessions.from_settings(self.sessions, self.settings)

    @cached_property
    def publisher(self) -> Publisher:
        """Where the chat's and the console's actions publish their events; the web app attaches the bus."""
        return Publisher(self.settings.redis_url)

    @cached_property
    def chat(self) -> ChatService:
        return ChatService(self.sessions, self.answers, self.hours, self.contacts,
                           self.settings.chat_minutes_per_visitor, publisher=self.publisher)

    @cached_property
    def secret_key(self) -> bytes:
        """Signs CSRF tokens; one key for every worker sharing the data folder."""
        return load_secret_key(self.settings)

    @cached_property
    def mailer(self) -> Mailer:
        return mailer_from_settings(self.settings)

    @cached_property
    def signups(self) -> SignupService:
        return SignupService(self.sessions, self.mailer, self.settings.mail_from)

    @cached_property
    def work(self) -> ConversationWork:
        return ConversationWork(self.sessions, self.answers, publisher=self.publisher)

    @cached_property
    def desk(self) -> Desk:
        return Desk(self.sessions)

    @cached_property
    def reports(self) -> Reports:
        return Reports(self.sessions, self.hours.zone, self.work.queue)
