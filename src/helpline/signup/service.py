"""The sign-up actions: sign up (store pending, mail a link) and confirm (by the link's token)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, cast
from urllib.parse import urlencode

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.clock import as_utc, utc_now
from helpline.db.contact_tables import EmailSignup
from helpline.errors import MailNotSent, TokenExpired, TokenInvalid
from helpline.logmask import mask_text
from helpline.signup.address import normalise_address
from helpline.signup.mailer import Mailer
from helpline.signup.messages import confirmation_mail
from helpline.signup.tokens import new_token, token_hash

log = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(hours=48)
RESEND_AFTER = timedelta(minutes=5)
CONFIRM_PATH = "/signup/confirm"



class SignupResult(Enum):
    """What happened. Visitors are shown the same page for all three, so nobody learns who is signed up."""

    MAILED = "mailed"
    RECENTLY_MAILED = "recently_mailed"  # pending and mailed less than RESEND_AFTER ago: no new mail
    ALREADY_CONFIRMED = "already_confirmed"  # no mail at all: the form must not be a way to mail strangers


@dataclass(frozen=True)
class SignupStatus:
    email: str
    confirmed: bool


@dataclass(frozen=True)
class _Claim:
    """The row's link fields before this sign-up replaced them, to put back if the mail cannot be sent."""

    email: str
    token_hash: str | None
    token_expires_at: datetime | None
    last_sent_at: datetime | None


class SignupService:
    """Double opt-in: an address is stored pending with a mailed token and counts only once confirmed."""

    def __init__(self, sessions: sessionmaker[Session], mailer: Mailer, mail_from: str,
                 clock: Callable[[], datetime] = utc_now, link_lifetime: timedelta = LINK_LIFETIME,
                 resend_after: timedelta = RESEND_AFTER) -> None:
        self.sessions = sessions
        self.mailer = mailer
        self.mail_from = mail_from
        self.clock = clock
        self.link_lifetime = link_lifetime
        self.resend_after = resend_after

    def sign_up(self, address: str, site_url: str) -> SignupResult:
        """Store ``address`` pending and mail it a confirmation link under ``site_url``.

        Raises ``InvalidAddress`` (nothing stored) or ``MailNotSent`` (the pending row stays, with the link
        fields it had before, so the visitor can simply try again).
        """
        email = normalise_address(address)
        now = self.clock()
        token = new_token()
        with self.sessions() as session:
            claim = self._claim(session, email, token_hash(token), now)
        if isinstance(claim, SignupResult):
            log.info("sign-up of %s: %s, no mail", mask_text(email), claim.value)
            return claim
        link = f"{site_url.rstrip('/')}{CONFIRM_PATH}?{urlencode({'token': token})}"
        hours = int(self.link_lifetime.total_seconds() // 3600)
        try:
            self.mailer.send(confirmation_mail(self.mail_from, email, link, hours, now))
        except MailNotSent:
            self._release(claim, token_hash(token))
            raise
        log.info("sign-up of %s: confirmation link mailed", mask_text(email))
        return SignupResult.MAILED

    def status(self, token: str) -> SignupStatus:
        """Whose link this is and whether it is confirmed already; ``TokenInvalid`` or ``TokenExpired`` if unusable."""
        with self.sessions() as session:
            row = self._row_for(session, token)
            return SignupStatus(row.email, row.status == "confirmed")

    def confirm(self, token: str) -> SignupStatus:
        """Confirm the sign-up the token was mailed for. Confirming twice is harmless."""
        with self.sessions() as session:
            row = self._row_for(session, token)
            if row.status != "confirmed":
                row.status = "confirmed"
                row.confirmed_at = self.clock()
                session.commit()
                log.info("sign-up of %s confirmed", mask_text(row.email))
            return SignupStatus(row.email, True)

    def _claim(self, session: Session, email: str, new_hash: str, now: datetime) -> _Claim | SignupResult:
        """Give the address a new link unless it is confirmed or was mailed moments ago, atomically (workers race)."""
        fields = {"token_hash": new_hash, "token_expires_at": now + self.link_lifetime, "last_sent_at": now}
        row = session.scalars(select(EmailSignup).where(EmailSignup.email == email)).one_or_none()
        if row is None:
            session.add(EmailSignup(email=email, status="pending", created_at=now, **fields))
            try:
                session.commit()
                return _Claim(email, None, None, None)
            except IntegrityError:  # the same address signed up in another request just now
                session.rollback()
                row = session.scalars(select(EmailSignup).where(EmailSignup.email == email)).one()
        if row.status == "confirmed":
            return SignupResult.ALREADY_CONFIRMED
        before = _Claim(email, row.token_hash, row.token_expires_at, row.last_sent_at)
        result = session.execute(
            update(EmailSignup)
            .where(EmailSignup.id == row.id, EmailSignup.status == "pending",
                   or_(EmailSignup.last_sent_at.is_(None), EmailSignup.last_sent_at <= now - self.resend_after))
            .values(**fields)
            .execution_options(synchronize_session=False)  # the loaded row is not used again
        )
        session.commit()
        return before if cast(CursorResult[Any], result).rowcount == 1 else SignupResult.RECENTLY_MAILED

    def _release(self, claim: _Claim, new_hash: str) -> None:
        """The mail was not sent: put back the previous link, so an earlier mail's link keeps working."""
        with self.sessions() as session:
            session.execute(
                update(EmailSignup)
                .where(EmailSignup.email == claim.email, EmailSignup.token_hash == new_hash)
                .values(token_hash=claim.token_hash, token_expires_at=claim.token_expires_at,
                        last_sent_at=claim.last_sent_at)
                .execution_options(synchronize_session=False)
            )
            session.commit()

    def _row_for(self, session: Session, token: str) -> EmailSignup:
        row = None
        if token:
            row = session.scalars(select(EmailSignup).where(EmailSignup.token_hash == token_hash(token))).first()
        if row is None:
            raise TokenInvalid("This confirmation link is not valid. It may be mistyped, or a newer mail replaced "
                               "it: use the link in the most recent mail, or sign up again.")
        if row.status != "confirmed" and (row.token_expires_at is None or as_utc(row.token_expires_at) <= self.clock()):
            raise TokenExpired(f"This confirmation link has expired (links work for "
                               f"{int(self.link_lifetime.total_seconds() // 3600)} hours). Nothing was changed: "
                               "sign up again to get a new link.")
        return row


