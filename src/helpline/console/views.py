"""What the console's read side returns: typed views of the queue, a conversation, the desk and the reports.

The web layer sends them as they are (FastAPI serialises dataclasses and documents them in OpenAPI); the pages
render them; the staff socket sends ``as_json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, cast

from helpline.answer.engine import Citation


class View:
    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = asdict(cast(Any, self))  # every view is a dataclass
        return shown


@dataclass(frozen=True)
class Waiting(View):
    conversation_id: str
    position: int
    urgency: str
    topic: str | None
    waited_seconds: int
    last_message: str


@dataclass(frozen=True)
class Active(View):
    conversation_id: str
    urgency: str
    topic: str | None
    specialist: str | None
    mine: bool


@dataclass(frozen=True)
class Queue(View):
    waiting: list[Waiting]
    active: list[Active]


@dataclass(frozen=True)
class TranscriptMessage:
    """A message as the console shows it: what the visitor saw, and the first responder's triage and reasons."""

    id: int
    client_id: str | None
    sender: str
    text: str
    at: str
    citations: list[Citation] | None = None
    topic: str | None = None
    safety: str | None = None
    handoff: bool | None = None
    abstained: bool | None = None
    author: str | None = None
    clarify: list[dict[str, str]] | None = None
    missing_focus: str | None = None
    triage: dict[str, Any] | None = None
    reasons: list[str] | None = None


@dataclass(frozen=True)
class Note:
    id: int
    text: str
    at: str
    author: str | None


@dataclass(frozen=True)
class Transcript(View):
    conversation_id: str
    status: str
    urgency: str
    topic: str | None
    last_seq: int
    specialist: str | None
    mine: bool
    closed_topics: list[str]
    summary: str | None
    messages: list[TranscriptMessage]
    notes: list[Note]


@dataclass(frozen=True)
class SuggestionView:
    key: str
    text: str
    citation: Citation
    score: float


@dataclass(frozen=True)
class Matched:
    needs: list[str]
    region: str
    words: list[str]


@dataclass(frozen=True)
class ResourceView:
    id: int
    key: str
    name: str
    description: str
    needs: list[str]
    eligibility: str
    contact: str
    url: str | None
    regions: list[str]
    matched: Matched


@dataclass(frozen=True)
class FollowUpView:
    id: int
    name: str
    contact: str
    question: str
    conversation_id: str | None
    status: str
    created_at: str
    outcome: str | None


@dataclass(frozen=True)
class CannedView:
    id: int
    title: str
    text: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Waits:
    answered: int
    median_seconds: float | None
    p90_seconds: float | None


@dataclass(frozen=True)
class Contacts:
    chats: int
    phone: int
    total: int
    by_topic: dict[str, int]
    waits: Waits


@dataclass(frozen=True)
class Gap:
    question: str
    at: str
    topic: str | None
    missing_focus: str | None


@dataclass(frozen=True)
class ReferralCount:
    name: str
    count: int


@dataclass(frozen=True)
class ReportSummary(View):
    online: list[Person]
    queue: Queue
    today: Contacts
    week: Contacts
    gaps: list[Gap]
    referrals_week: list[ReferralCount]
    since: dict[str, str] = field(default_factory=dict)


def citation_view(citation: dict[str, Any]) -> Citation:
    """A stored citation (a message's details) as a view; keys a newer or older writer added or left out are
    tolerated."""
    return Citation(str(citation.get("article_id") or ""), citation.get("source_id"),
                        str(citation.get("title") or ""), citation.get("section"), citation.get("url"),
                        citation.get("last_revised"))


def transcript_message(shown: dict[str, Any]) -> TranscriptMessage:
    """A message of ``chat.store.message_json`` plus the console's own fields, as a view."""
    citations = shown.get("citations")
    return TranscriptMessage(
        id=shown["id"], client_id=shown.get("client_id"), sender=shown["sender"], text=shown["text"], at=shown["at"],
        citations=[citation_view(c) for c in citations] if citations is not None else None,
        topic=shown.get("topic"), safety=shown.get("safety"), handoff=shown.get("handoff"),
        abstained=shown.get("abstained"), author=shown.get("author"), clarify=shown.get("clarify"),
        missing_focus=shown.get("missing_focus"), triage=shown.get("triage"), reasons=shown.get("reasons"))
