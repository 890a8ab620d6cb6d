"""Masks e-mail addresses and phone numbers in log records, so logs never hold a visitor's contact details."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

# Deliberately loose: masking something that only looks like an address costs nothing.
_EMAIL = re.compile(r"([\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]*@((?:[\w-]+\.)+[\w-]+)")
# Seven to fifteen digits (E.164 allows fifteen), optionally led by "+", in groups split by at most two spaces,
# dots, hyphens or parentheses. Neighbouring letters, digits, "/" or "-", or a following ":<digit>" or
# ".<digit>" (a time, a port, an address), mean it is part of something else.
_PHONE = re.compile(r"(?<![\w/+-])\+?\(?\d(?:[ .()-]{0,2}\d){6,14}(?![\w/-]|[:.]\d)")
# Things with enough digits to look like a phone number that a log needs to keep readable.
_NOT_A_PHONE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"  # a date, perhaps with a time
    r"|\d{1,3}(?:\.\d{1,3}){3}"  # an IPv4 address
    r"|\d+\.\d+"  # a decimal number
)


_ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")


def mask_email(match: re.Match[str]) -> str:
    return f"{match.group(1)}***@{match.group(2)}"


def mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    if _NOT_A_PHONE.fullmatch(text):
        return text
    digits_seen = sum(char.isdigit() for char in text)
    masked: list[str] = []
    for char in text:
        if char.isdigit():
            digits_seen -= 1
            masked.append(char if digits_seen < 2 else "*")
        else:
            masked.append(char)
    return "".join(masked)


def mask_text(text: str) -> str:
    """``jane.doe@example.org`` → ``j***@example.org``; ``1-800-555-0199`` → ``*-***-***-**99``. Text with
    percent-escapes (a URL: ``jane.doe%40example.org+555-123-4567``) is decoded first, so nothing escapes."""
    if _ESCAPED.search(text):
        text = unquote_plus(text)
    return _PHONE.sub(mask_phone, _EMAIL.sub(mask_email, text))


class MaskContactsFilter(logging.Filter):
    """Rewrites each record's message (its arguments merged in) and its traceback text with contacts masked.

    Install it on the handlers (``handler.addFilter(MaskContactsFilter())``) so that records of every logger,
    including libraries such as ``smtplib``, pass through it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: keep what there is, masked
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
