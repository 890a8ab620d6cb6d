"""Who is acting: the logged-in staff member, as every staff operation receives them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    display_name: str
    role: str  # one of helpline.db.staff_tables.ROLES
    session_id: str  # the staff_sessions row (a hash, never the cookie's value)
