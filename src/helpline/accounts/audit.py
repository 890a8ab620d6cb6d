"""The audit log: who did what, to what, when and from where.

``record`` adds the entry to the caller's transaction, so an action and its entry are stored together or not at
all. Actions are dotted names: ``login``, ``login.failed``, ``login.throttled``, ``logout``, ``user.add``,
``user.disable``, ``user.enable``, ``user.reset_password``; other staff operations add their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.accounts.identity import Staff
from helpline.clock import as_utc
from helpline.db.staff_tables import AuditEntry

MAX_LIMIT = 500
TARGET_CHARS = 200  # the column's width
ADDRESS_CHARS = 64


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    username: str | None
    action: str
    target: str | None
    details: dict[str, Any]
    address: str | None


def record(session: Session, staff: Staff | None, action: str, target: str | None = None,
           details: dict[str, Any] | None = None, address: str | None = None, *,
           at: datetime | None = None) -> None:
    """Add one entry in the caller's transaction. ``staff`` is None for the command line and failed logins."""
    session.add(AuditEntry(
        at=at or datetime.now(UTC), user_id=staff.id if staff else None, username=staff.username if staff else None,
        action=action, target=target[:TARGET_CHARS] if target is not None else None, details=details or {},
        address=address[:ADDRESS_CHARS] if address is not None else None))


def entries(session: Session, limit: int = 100, offset: int = 0, user: str | None = None,
            action: str | None = None) -> list[AuditRecord]:
    """Newest first; ``user`` matches who acted, ``action`` an action or a prefix ending in "." ("user.")."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if user is not None:
        query = query.where(AuditEntry.username == user)
    if action is not None:
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    rows = session.scalars(query.limit(max(1, min(limit, MAX_LIMIT))).offset(max(0, offset)))
    return [AuditRecord(id=row.id, at=as_utc(row.at), username=row.username, action=row.action, target=row.target,
                        details=dict(row.details or {}), address=row.address) for row in rows]


