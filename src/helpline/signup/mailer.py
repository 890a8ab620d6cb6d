"""Outgoing mail: through an SMTP server, or, with none set, into the outbox folder as .eml files (demos)."""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from helpline.config import Settings
from helpline.errors import MailNotSent
from helpline.logmask import mask_text

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 20.0


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` on, or raise ``MailNotSent``."""


class SmtpMailer:
    """Sends through an SMTP server, with STARTTLS and a login when the settings ask for them."""

    def __init__(self, host: str, port: int, username: str | None = None, password: str | None = None,
                 starttls: bool = False, timeout: float = SMTP_TIMEOUT_SECONDS) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())  # verifies the certificate
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            # The error text may name the recipient (SMTPRecipientsRefused does): mask it.
            log.warning("mail to %s not sent through %s:%s: %s", mask_text(str(message["To"])), self.host,
                        self.port, mask_text(f"{type(error).__name__}: {error}"))
            raise MailNotSent("the mail server could not take the mail now") from error
        log.info("mail to %s sent through %s:%s", mask_text(str(message["To"])), self.host, self.port)


class OutboxMailer:
    """Writes each mail as ``<outbox>/<time>-<random>.eml`` (readable by the owner only: it holds a link)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        path = self.folder / name
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(message.as_bytes())
        except OSError as error:
            log.warning("mail to %s not written to the outbox %s: %s", mask_text(str(message["To"])),
                        self.folder, error)
            raise MailNotSent("the mail could not be written to the outbox") from error
        log.info("no SMTP host set: mail to %s written to %s", mask_text(str(message["To"])), path)


def mailer_from_settings(settings: Settings) -> Mailer:
    if settings.smtp_host is None:
        return OutboxMailer(settings.outbox_dir)
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_username, password,
                      settings.smtp_starttls)
