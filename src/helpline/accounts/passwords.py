"""Staff passwords: argon2id hashes at no less than OWASP's parameters, and the policy a new password must meet.

OWASP's Password Storage Cheat Sheet gives argon2id with m = 19 MiB (19456 KiB), t = 2, p = 1 as the minimum.
A stored hash carries its own parameters, so raising them later re-hashes each password at its owner's next
login (``needs_rehash``).
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from helpline.errors import InvalidInput

TIME_COST = 2
MEMORY_COST_KIB = 19456
PARALLELISM = 1
MIN_LENGTH = 12
MAX_LENGTH = 256  # a password is typed by a person; a megabyte of "password" is an attack on the hasher
MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable: moderate protection from offline slow-hash scenario"
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters judge the rest well enough
# Words anyone guessing a password here would try first.
SITE_WORDS = ("helpline", "cancer", "specialist", "supervisor", "editor", "admin", "staff", "password", "chat")

HASHER = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM, type=Type.ID)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; an unreadable hash is a mismatch, never an exception."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (re-hash it at a successful login)."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


def verify_dummy(password: str) -> None:
    """Spend the time of one verification, for an unknown user: a login's timing does not tell who exists."""
    verify_password(_dummy_hash(), password)


def generate_password() -> str:
    """A random password a person can copy: 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def check_policy(password: str, username: str = "", display_name: str = "") -> None:
    """Raise InvalidInput, saying what to change, unless ``password`` is long and hard to guess."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"The password is too short: use at least {MIN_LENGTH} characters "
                           "(a few unrelated words work well).")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"The password is too long: use at most {MAX_LENGTH} characters.")
    if not password.strip():
        raise InvalidInput("The password is only spaces.")
    lowered = password.lower()
    if len(username) >= 3 and username.lower() in lowered:
        raise InvalidInput("The password must not contain the username.")
    personal = [part for part in (username, *display_name.split()) if len(part) >= 3]
    result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[*personal, *SITE_WORDS])
    score = int(result["score"])
    if score < MIN_SCORE:
        feedback = result.get("feedback") or {}
        hints = [str(feedback.get("warning") or "").strip(), *(str(s) for s in feedback.get("suggestions") or [])]
        why = " ".join(hint for hint in hints if hint)
        raise InvalidInput("The password is too easy to guess" + (f": {why}" if why else ".")
                           + " Try a few unrelated words, or a password manager's suggestion.")
