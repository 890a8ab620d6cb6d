"""Staff accounts: add, list, disable, enable, reset a password. Every change is audited in its own transaction.

``actor`` is the staff member doing it (checked for ``users.manage``), or None for the command line, whose user
already holds the server and its database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts import audit
from helpline.accounts.identity import Staff
from helpline.accounts.passwords import check_policy, hash_password
from helpline.accounts.permissions import check
from helpline.clock import as_utc, utc_now
from helpline.db.staff_tables import ROLES, StaffSession, StaffUser
from helpline.errors import Conflict, InvalidInput, NotFound

USERNAME = re.compile(r"[a-z0-9._-]{3,80}")
DISPLAY_NAME_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")



@dataclass(frozen=True)
class Account:
    """An account as shown to admins: never its password hash."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    password_changed_at: datetime

    @classmethod
    def of(cls, row: StaffUser) -> Account:
        return cls(id=row.id, username=row.username, display_name=row.display_name, role=row.role,
                   active=row.active, created_at=as_utc(row.created_at),
                   password_changed_at=as_utc(row.password_changed_at))


def canonical_username(text: str) -> str:
    """Usernames are compared in lower case, without surrounding spaces."""
    return text.strip().lower()


def valid_username(text: str) -> str:
    username = canonical_username(text)
    if not USERNAME.fullmatch(username):
        raise InvalidInput("A username has 3 to 80 characters, each a letter a-z, a digit, '.', '_' or '-'.")
    return username


def valid_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    return role


def valid_display_name(text: str | None, username: str) -> str:
    name = " ".join((text or "").split()) or username
    if len(name) > DISPLAY_NAME_CHARS or _CONTROL.search(name):
        raise InvalidInput(f"A display name has at most {DISPLAY_NAME_CHARS} printable characters.")
    return name


class Accounts:
    """The account actions, over the database's session factory."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.clock = clock

    def add(self, actor: Staff | None, username: str, role: str, password: str, display_name: str | None = None,
            address: str | None = None) -> Account:
        _may_manage(actor)
        username = valid_username(username)
        role = valid_role(role)
        name = valid_display_name(display_name, username)
        check_policy(password, username, name)
        password_hash = hash_password(password)  # slow on purpose: outside the transaction
        now = self.clock()
        try:
            with self.sessions.begin() as session:
                if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
                    raise _taken(username)
                row = StaffUser(username=username, display_name=name, role=role, password_hash=password_hash,
                                active=True, created_at=now, password_changed_at=now)
                session.add(row)
                session.flush()
                audit.record(session, actor, "user.add", username, {"role": role, "display_name": name},
                             address, at=now)
                return Account.of(row)
        except IntegrityError as error:  # added by someone else at the same moment
            raise _taken(username) from error

    def list(self) -> list[Account]:
        with self.sessions() as session:
            rows = session.scalars(select(StaffUser).order_by(StaffUser.username))
            return [Account.of(row) for row in rows]

    def get(self, username: str) -> Account:
        with self.sessions() as session:
            return Account.of(_user(session, username))

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(StaffUser)) or 0)

    def disable(self, actor: Staff | None, username: str, address: str | None = None) -> Account:
        """Disable the account and end its sessions at once (the next request of any of them is refused)."""
        _may_manage(actor)
        with self.sessions.begin() as session:
            row = _user(session, username)
            if actor is not None and actor.id == row.id:
                raise Conflict("You cannot disable your own account; ask another administrator.")
            row.active = False
            ended = _end_sessions(session, row.id)
            audit.record(session, actor, "user.disable", row.username, {"sessions_ended": ended}, address,
                         at=self.clock())
            return Account.of(row)

    def enable(self, actor: Staff | None, username: str, address: str | None = None) -> Account:
        _may_manage(actor)
        with self.sessions.begin() as session:
            row = _user(session, username)
            row.active = True
            audit.record(session, actor, "user.enable", row.username, None, address, at=self.clock())
            return Account.of(row)

    def reset_password(self, actor: Staff | None, username: str, password: str, address: str | None = None,
                       generated: bool = False) -> Account:
        """Set a new password chosen by an admin, and end the account's sessions."""
        _may_manage(actor)
        current = self.get(username)
        check_policy(password, current.username, current.display_name)
        password_hash = hash_password(password)
        now = self.clock()
        with self.sessions.begin() as session:
            row = _user(session, username)
            row.password_hash = password_hash
            row.password_changed_at = now
            ended = _end_sessions(session, row.id)
            details: dict[str, Any] = {"sessions_ended": ended, "generated": generated}
            audit.record(session, actor, "user.reset_password", row.username, details, address, at=now)
            return Account.of(row)


def _may_manage(actor: Staff | None) -> None:
    if actor is not None:
        check(actor, "users.manage")


def _user(session: Session, username: str) -> StaffUser:
    row = session.scalar(select(StaffUser).where(StaffUser.username == canonical_username(username)))
    if row is None:
        raise NotFound(f"No staff account is called {canonical_username(username)!r}.")
    return row


def _end_sessions(session: Session, user_id: int) -> int:
    ended = session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))
    return int(ended.rowcount)  # type: ignore[attr-defined]


def _taken(username: str) -> Conflict:
    return Conflict(f"The username {username!r} is taken.")


