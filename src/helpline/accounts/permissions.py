"""What each role may do. One table, read by the web layer's checks and by the permission-matrix test."""

from __future__ import annotations

from helpline.accounts.identity import Staff
from helpline.errors import Forbidden

SPECIALISTS = frozenset({"specialist", "supervisor"})

PERMISSIONS: dict[str, frozenset[str]] = {
    # Conversations: specialists and supervisors. Editors and admins never read visitors' transcripts.
    "queue.view": SPECIALISTS,
    "conversation.read": SPECIALISTS,
    "conversation.work": SPECIALISTS,  # claim, reply, notes, transfer, close: on a conversation one holds
    "suggestions.view": SPECIALISTS,
    "canned.use": SPECIALISTS,
    "canned.manage": frozenset({"supervisor"}),
    "directory.search": frozenset({"specialist", "supervisor", "editor"}),
    "referral.give": SPECIALISTS,
    "followups.work": SPECIALISTS,
    "phone.log": SPECIALISTS,
    "reports.view": frozenset({"supervisor"}),
    "gaps.view": frozenset({"supervisor", "editor"}),  # questions the first responder abstained on
    "users.manage": frozenset({"admin"}),
    "audit.view": frozenset({"admin"}),
}


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def check(staff: Staff, permission: str) -> None:
    """Raise Forbidden unless ``staff``'s role has ``permission``."""
    if not allowed(staff.role, permission):
        raise Forbidden(f"a {staff.role} may not do this ({permission})")
