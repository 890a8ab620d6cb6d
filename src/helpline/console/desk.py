"""The rest of a specialist's desk: messages left outside chat hours, and canned responses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts import audit, permissions
from helpline.accounts.identity import Staff
from helpline.chat import store
from helpline.chat.service import check_text
from helpline.console.views import CannedView, FollowUpView
from helpline.console.work import MAX_SUMMARY_CHARS
from helpline.db.contact_tables import FollowUp
from helpline.db.staff_tables import CannedResponse
from helpline.errors import Conflict, NotFound


class Desk:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = store.now) -> None:
        self.sessions = sessions
        self.clock = clock

    # Follow-ups ----------------------------------------------------------------------------------------------

    def follow_ups(self, staff: Staff, status: str = "open") -> list[FollowUpView]:
        permissions.check(staff, "followups.work")
        with self.sessions() as session:
            rows = session.scalars(select(FollowUp).where(FollowUp.status == status).order_by(FollowUp.created_at))
            return [FollowUpView(item.id, item.name, item.contact, item.question, item.conversation_id, item.status,
                                 store.iso(item.created_at), item.outcome) for item in rows]

    def close_follow_up(self, staff: Staff, follow_up_id: int, outcome: object) -> None:
        permissions.check(staff, "followups.work")
        cleaned = check_text(outcome, "outcome", MAX_SUMMARY_CHARS)
        with self.sessions.begin() as session:
            item = session.get(FollowUp, follow_up_id)
            if item is None:
                raise NotFound("no such follow-up")
            if item.status == "closed":
                raise Conflict("this follow-up is already closed")
            item.status, item.closed_at, item.closed_by, item.outcome = "closed", self.clock(), staff.id, cleaned
            audit.record(session, staff, "followup.close", str(follow_up_id))

    # Canned responses ----------------------------------------------------------------------------------------

    def canned(self, staff: Staff) -> list[CannedView]:
        permissions.check(staff, "canned.use")
        with self.sessions() as session:
            rows = session.scalars(select(CannedResponse).where(CannedResponse.active).order_by(CannedResponse.title))
            return [CannedView(row.id, row.title, row.text) for row in rows]

    def save_canned(self, staff: Staff, title: object, text: object, canned_id: int | None = None) -> int:
        """Add or change a canned response; titles are unique (a retired one's title is taken back by a new one)."""
        permissions.check(staff, "canned.manage")
        clean_title, clean_text = check_text(title, "title", 200), check_text(text, "text")
        try:
            return self._save_canned(staff, clean_title, clean_text, canned_id)
        except IntegrityError as error:
            raise Conflict(f"there is already a canned response titled {clean_title!r}") from error

    def _save_canned(self, staff: Staff, clean_title: str, clean_text: str, canned_id: int | None) -> int:
        with self.sessions.begin() as session:
            retired = session.scalars(select(CannedResponse).where(CannedResponse.title == clean_title,
                                                                   CannedResponse.active.is_(False))).first()
            if retired is not None and retired.id != canned_id:
                session.delete(retired)
                session.flush()
            row = session.get(CannedResponse, canned_id) if canned_id is not None else CannedResponse(active=True)
            if row is None:
                raise NotFound("no such canned response")
            row.title, row.text, row.updated_by, row.updated_at = clean_title, clean_text, staff.id, self.clock()
            session.add(row)
            session.flush()
            audit.record(session, staff, "canned.save", str(row.id))
            return row.id

    def retire_canned(self, staff: Staff, canned_id: int) -> None:
        permissions.check(staff, "canned.manage")
        with self.sessions.begin() as session:
            row = session.get(CannedResponse, canned_id)
            if row is None:
                raise NotFound("no such canned response")
            row.active = False
            audit.record(session, staff, "canned.retire", str(canned_id))


DEMO_CANNED = (
    ("Welcome", "Hello, and thank you for contacting us. I'm a cancer information specialist. How can I help?"),
    ("Talk to your care team", "Your care team knows your situation best. It may help to write your questions down "
                               "and bring them to your next visit."),
    ("Closing", "Thank you for contacting us. If you think of anything else, we're here - by chat on weekdays and "
                "by phone at any hour."),
)


def ensure_demo_canned(sessions: sessionmaker[Session]) -> int:
    """A few canned responses on an empty table (demo and fresh installs)."""
    with sessions.begin() as session:
        if session.scalars(select(CannedResponse.id).limit(1)).first() is not None:
            return 0
        for title, text in DEMO_CANNED:
            session.add(CannedResponse(title=title, text=text, active=True, updated_at=store.now()))
        return len(DEMO_CANNED)
