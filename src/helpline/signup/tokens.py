"""Confirmation tokens: random, mailed once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps: a leaked table does not hand out working links."""
    return hashlib.sha256(token.encode()).hexdigest()
