"""Referrals: a resource given in a chat or on a call, the words a specialist inserts, and the counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.accounts import permissions
from helpline.accounts.identity import Staff
from helpline.clock import utc_now
from helpline.db.contact_tables import Conversation
from helpline.db.staff_tables import PhoneContact, Referral, Resource
from helpline.errors import InvalidInput, NotFound

_ONE_LINE = 200


def give_referral(session: Session, staff: Staff, resource_id: int, conversation_id: str | None = None,
                  phone_contact_id: int | None = None, now: Callable[[], datetime] = utc_now) -> Referral:
    """Record that ``staff`` gave a resource in a conversation or on a phone contact (exactly one of them).

    Checks the ``referral.give`` permission and that the resource, conversation or call exist; whether the
    conversation is the specialist's own is the caller's check. Flushes, does not commit: the caller commits it
    together with the chat message that carries ``referral_text``.
    """
    permissions.check(staff, "referral.give")
    if (conversation_id is None) == (phone_contact_id is None):
        raise InvalidInput("a referral is given in one conversation or on one phone contact: name exactly one")
    resource = session.get(Resource, resource_id)
    if resource is None or not resource.active:
        raise NotFound(f"no resource {resource_id} in the directory")
    if conversation_id is not None and session.get(Conversation, conversation_id) is None:
        raise NotFound(f"no conversation {conversation_id}")
    if phone_contact_id is not None and session.get(PhoneContact, phone_contact_id) is None:
        raise NotFound(f"no phone contact {phone_contact_id}")
    referral = Referral(resource_id=resource.id, conversation_id=conversation_id, phone_contact_id=phone_contact_id,
                        user_id=staff.id, at=now())
    session.add(referral)
    session.flush()
    return referral


def one_line(text: str, limit: int = _ONE_LINE) -> str:
    """The first sentence of ``text``, on one line, shortened with "…" past ``limit`` characters."""
    flat = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit - 1].rsplit(" ", 1)[0] + "…"


def referral_text(resource: Resource) -> str:
    """What a specialist inserts in a chat: the name and what it offers, who it is for, how to reach it."""
    lines = [f"{resource.name}: {one_line(resource.description)}" if resource.description.strip()
             else resource.name]
    if resource.eligibility.strip():
        lines.append(f"Who it is for: {one_line(resource.eligibility)}")
    lines.append(f"How to reach them: {' '.join(resource.contact.split())}")
    if resource.url:
        lines.append(f"Website: {resource.url}")
    return "\n".join(lines)


def referral_counts(session: Session, since: datetime, until: datetime | None = None) -> list[tuple[str, int]]:
    """(resource name, referrals) given from ``since`` (inclusive) to ``until`` (exclusive), most given first,
    chats and phone contacts together."""
    count = func.count(Referral.id)
    query = (select(Resource.name, count).join(Resource, Resource.id == Referral.resource_id)
             .where(Referral.at >= since.astimezone(UTC))
             .group_by(Resource.id, Resource.name).order_by(count.desc(), Resource.name))
    if until is not None:
        query = query.where(Referral.at < until.astimezone(UTC))
    return [(str(name), int(number)) for name, number in session.execute(query)]
