"""The confirmation mail, written by people; only the address and the link are filled in."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

SUBJECT = "Please confirm your Helpline e-mail sign-up"

BODY = """\
Hello,

Someone, hopefully you, asked to receive e-mail updates from the Helpline
at this address. To confirm, open this link and select "Confirm my sign-up":

{link}

The link works for {hours} hours. If you did not ask for this, ignore this
mail: without your confirmation, we will not send you anything else.

The Helpline
"""


def confirmation_mail(sender: str, to: str, link: str, hours: int, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = SUBJECT
    message["Date"] = format_datetime(now)
    # Never let make_msgid look up our own host name: that can wait on DNS.
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(" >") or "helpline.invalid")
    message["Auto-Submitted"] = "auto-generated"
    body = BODY.format(link=link, hours=hours)
    # Plain 7-bit text keeps the link whole for every mail client (quoted-printable would split it).
    message.set_content(body, cte="7bit" if body.isascii() else "quoted-printable")
    return message
