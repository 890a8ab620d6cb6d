"""The supervisor's numbers: who is online, contacts by topic (chats and phone calls alike), waits, and the
questions the first responder could not answer (the library's gaps)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts import permissions
from helpline.accounts.identity import Staff
from helpline.chat import store
from helpline.clock import as_utc
from helpline.console.views import Contacts, Gap, Person, Queue, ReferralCount, ReportSummary, Waits
from helpline.db.contact_tables import ChatMessage, Conversation
from helpline.db.staff_tables import TOPIC_CODES, PhoneContact, StaffSession, StaffUser
from helpline.directory.referrals import referral_counts

ONLINE_MINUTES = 5
GAP_LIMIT = 50


def period_starts(moment: datetime, zone: ZoneInfo) -> dict[str, datetime]:
    """Midnight today and Monday midnight this week, in the helpline's own time zone."""
    local = moment.astimezone(zone)
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return {"today": today, "week": today - timedelta(days=today.weekday())}


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (0 < fraction ≤ 1); None with no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100 * len(ordered)) // 100))
    return ordered[min(rank, len(ordered)) - 1]


class Reports:
    def __init__(self, sessions: sessionmaker[Session], zone: ZoneInfo,
                 queue: Callable[[Staff], Queue], clock: Callable[[], datetime] = store.now) -> None:
        self.sessions = sessions
        self.zone = zone
        self.queue = queue  # the live queue, as the console sees it
        self.clock = clock

    def online(self, session: Session) -> list[Person]:
        since = self.clock() - timedelta(minutes=ONLINE_MINUTES)
        rows = session.execute(select(StaffUser.display_name, StaffUser.role).join(
            StaffSession, StaffSession.user_id == StaffUser.id).where(StaffSession.last_seen_at >= since,
                                                                      StaffUser.active).distinct())
        return [Person(name, role) for name, role in sorted(rows)]

    def contacts(self, session: Session, since: datetime) -> Contacts:
        """Closed chats and logged calls since ``since``, by topic code (a contact may have several), and the
        waits of the chats claimed since then."""
        by_topic: Counter[str] = Counter()
        chats = session.scalars(select(Conversation.closed_topics).where(Conversation.status == "closed",
                                                                         Conversation.closed_at >= since)).all()
        calls = session.scalars(select(PhoneContact.topics).where(PhoneContact.at >= since)).all()
        for codes in [*chats, *calls]:
            by_topic.update(code for code in (codes or "").split(",") if code)
        return Contacts(len(chats), len(calls), len(chats) + len(calls),
                        {code: by_topic.get(code, 0) for code in TOPIC_CODES}, self.waits(session, since))

    def waits(self, session: Session, since: datetime) -> Waits:
        """Seconds from joining the queue to being claimed, for chats claimed since ``since``."""
        rows = session.execute(select(Conversation.queued_at, Conversation.claimed_at)
                               .where(Conversation.claimed_at >= since, Conversation.queued_at.is_not(None)))
        seconds = [max(0.0, (as_utc(claimed) - as_utc(queued)).total_seconds()) for queued, claimed in rows
                   if queued and claimed]
        return Waits(len(seconds), statistics.median(seconds) if seconds else None, percentile(seconds, 0.9))

    def gaps(self, session: Session, since: datetime) -> list[Gap]:
        """Visitors' questions the first responder abstained on, newest first."""
        replies = session.scalars(select(ChatMessage).where(ChatMessage.sender == "helpline",
                                                            ChatMessage.created_at >= since)
                                  .order_by(ChatMessage.id.desc()).limit(5000))
        # What each abstention lacked: the focus the library has no article on, when the reply named one.
        missing = {reply.reply_to: reply.details.get("missing_focus") for reply in replies
                   if reply.details.get("abstained") and reply.reply_to}
        asked = list(missing)
        if not asked:
            return []
        questions = session.scalars(select(ChatMessage).where(ChatMessage.id.in_(asked[:GAP_LIMIT]))
                                    .order_by(ChatMessage.id.desc()))
        return [Gap(question.text, store.iso(question.created_at), (question.details.get("triage") or {}).get("topic"),
                    missing.get(question.id)) for question in questions]

    def summary(self, staff: Staff) -> ReportSummary:
        permissions.check(staff, "reports.view")
        queue = self.queue(staff)
        starts = period_starts(self.clock(), self.zone)
        with self.sessions() as session:
            return ReportSummary(
                online=self.online(session), queue=queue,
                today=self.contacts(session, starts["today"]), week=self.contacts(session, starts["week"]),
                gaps=self.gaps(session, starts["week"]),
                referrals_week=[ReferralCount(name, count) for name, count in referral_counts(session, starts["week"])],
                since={name: start.isoformat() for name, start in starts.items()})

    def content_gaps(self, staff: Staff, days: int = 30) -> list[Gap]:
        permissions.check(staff, "gaps.view")
        with self.sessions() as session:
            return self.gaps(session, self.clock() - timedelta(days=days))
