"""Staff logins and sessions: throttled login, session lookup with idle and absolute timeouts, logout.

The browser holds a random cookie value; the database holds only its SHA-256, so a leaked table opens no
session. Every login makes a new session (the one the browser had before is deleted), so a session id planted
before login is worthless after it.

Failed logins are counted in the database (``login_failures``), by client address and by account, so every
worker sees the same counts. Only failures of the last ``THROTTLE_WINDOW`` count: a throttled account opens again
by itself a few minutes after the last failure, and nobody can lock a colleague out for good. Refused attempts
while throttled are not counted. A successful login clears its account's failures (not its address's).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from helpline.accounts import audit
from helpline.accounts.accounts import canonical_username
from helpline.accounts.identity import Staff
from helpline.accounts.passwords import MAX_LENGTH, hash_password, needs_rehash, verify_dummy, verify_password
from helpline.clock import as_utc, utc_now
from helpline.config import Settings
from helpline.db.staff_tables import LoginFailure, StaffSession, StaffUser
from helpline.errors import NotAuthenticated, RateLimited

THROTTLE_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=5)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often, to spare writes
MAX_COOKIE_CHARS = 200
KEY_CHARS = 200  # login_failures.key

WRONG = "Wrong username or password."
DISABLED = "This account is disabled. Please ask an administrator."
THROTTLED = ("Too many failed logins for this account or from this address. Please wait a few minutes and try "
             "again; an administrator can reset a forgotten password.")



def session_id(cookie_value: str) -> str:
    """The stored id of a session: the SHA-256 of the cookie's value."""
    return hashlib.sha256(cookie_value.encode()).hexdigest()


@dataclass(frozen=True)
class Login:
    """A new session: ``cookie_value`` goes to the browser and nowhere else."""

    cookie_value: str
    staff: Staff
    expires_at: datetime


class StaffSessions:
    """Login, lookup and logout over the database's session factory; the clock is injectable for tests."""

    def __init__(self, sessions: sessionmaker[Session], idle: timedelta = timedelta(minutes=30),
                 absolute: timedelta = timedelta(hours=12), clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.idle = idle
        self.absolute = absolute
        self.clock = clock

    @classmethod
    def from_settings(cls, sessions: sessionmaker[Session], settings: Settings,
                      clock: Callable[[], datetime] = utc_now) -> StaffSessions:
        return cls(sessions, timedelta(minutes=settings.staff_idle_minutes),
                   timedelta(hours=settings.staff_session_hours), clock)

    def login(self, username: str, password: str, address: str | None, replaces: str | None = None) -> Login:
        """A new session for a right password, or NotAuthenticated (same message whether or not the user exists)
        or RateLimited. ``replaces``: the staff cookie the browser sent, if any; that session ends."""
        name = canonical_username(username)[:80]
        keys = (_address_key(address), f"account:{name}"[:KEY_CHARS])
        now = self.clock()
        self._refuse_if_throttled(keys, name, address, now)
        with self.sessions() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == name))
        if user is None or len(password) > MAX_LENGTH:
            verify_dummy(password)  # the same time as for a real account
            self._failed(keys, name, address, now, "unknown_user" if user is None else "too_long")
            raise NotAuthenticated(WRONG)
        if not verify_password(user.password_hash, password):
            self._failed(keys, name, address, now, "wrong_password")
            raise NotAuthenticated(WRONG)
        if not user.active:
            self._failed(keys, name, address, now, "disabled")
            raise NotAuthenticated(DISABLED)  # only someone who knows the password learns this
        new_hash = hash_password(password) if needs_rehash(user.password_hash) else None
        cookie_value = secrets.token_urlsafe(32)
        with self.sessions.begin() as session:
            current = session.get(StaffUser, user.id, with_for_update=True)
            if current is None or not current.active or current.password_hash != user.password_hash:
                raise NotAuthenticated(WRONG)  # disabled or reset while we were checking
            if new_hash is not None:
                current.password_hash = new_hash
            if replaces:
                session.execute(delete(StaffSession).where(StaffSession.id == session_id(replaces)))
            session.execute(delete(StaffSession).where(  # housekeeping: sessions nobody can use any more
                or_(StaffSession.expires_at <= now, StaffSession.last_seen_at <= now - self.idle)))
            session.execute(delete(LoginFailure).where(LoginFailure.key == keys[1]))
            staff = Staff(id=current.id, username=current.username, display_name=current.display_name,
                          role=current.role, session_id=session_id(cookie_value))
            expires_at = now + self.absolute
            session.add(StaffSession(id=staff.session_id, user_id=current.id, created_at=now, last_seen_at=now,
                                     expires_at=expires_at, address=_short(address)))
            audit.record(session, staff, "login", staff.username, {"rehashed": new_hash is not None}, address,
                         at=now)
        return Login(cookie_value, staff, expires_at)

    def lookup(self, cookie_value: str | None) -> Staff | None:
        """The staff member of a live session, or None (unknown, expired, idle too long, account disabled)."""
        if not cookie_value or len(cookie_value) > MAX_COOKIE_CHARS:
            return None
        now = self.clock()
        with self.sessions.begin() as session:
            found = session.execute(select(StaffSession, StaffUser).join(StaffUser)
                                    .where(StaffSession.id == session_id(cookie_value))).first()
            if found is None:
                return None
            row, user = found
            last_seen = as_utc(row.last_seen_at)
            if not user.active or now >= as_utc(row.expires_at) or now - last_seen >= self.idle:
                session.delete(row)
                return None
            if now - last_seen >= TOUCH_EVERY:
                row.last_seen_at = now
            return Staff(id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                         session_id=row.id)

    def logout(self, cookie_value: str | None, address: str | None) -> bool:
        """End the session; False when there was none (already ended, or never)."""
        staff = self.lookup(cookie_value)
        if staff is None or cookie_value is None:
            return False
        with self.sessions.begin() as session:
            session.execute(delete(StaffSession).where(StaffSession.id == staff.session_id))
            audit.record(session, staff, "logout", staff.username, None, address, at=self.clock())
        return True

    def _refuse_if_throttled(self, keys: tuple[str, str], name: str, address: str | None, now: datetime) -> None:
        with self.sessions.begin() as session:
            counts = dict(session.execute(
                select(LoginFailure.key, func.count()).where(LoginFailure.key.in_(keys),
                                                             LoginFailure.at > now - THROTTLE_WINDOW)
                .group_by(LoginFailure.key)).all())
            by = [kind for kind, key in zip(("address", "account"), keys, strict=True)
                  if counts.get(key, 0) >= THROTTLE_FAILURES]
            if not by:
                return
            audit.record(session, None, "login.throttled", name, {"by": by}, address, at=now)
        raise RateLimited(THROTTLED)

    def _failed(self, keys: tuple[str, str], name: str, address: str | None, now: datetime, reason: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.at <= now - THROTTLE_WINDOW))
            session.add_all([LoginFailure(key=key, at=now) for key in keys])
            audit.record(session, None, "login.failed", name, {"reason": reason}, address, at=now)


def _address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"[:KEY_CHARS]


def _short(address: str | None) -> str | None:
    return address[:64] if address is not None else None


