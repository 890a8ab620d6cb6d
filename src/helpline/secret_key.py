"""The site's secret key (it signs CSRF tokens): from the settings, or generated once and kept in data_dir."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from helpline.config import Settings
from helpline.errors import InvalidInput

KEY_FILE = "secret_key"
MIN_KEY_CHARS = 32


def load_secret_key(settings: Settings) -> bytes:
    """``HELPLINE_SECRET_KEY`` if set, else ``<data_dir>/secret_key``, created on first use.

    Several worker processes sharing a data_dir must agree on one key, so the file is written whole under a
    temporary name and linked into place: whoever links first wins, the others read the winner's key.
    """
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value()
        if len(key) < MIN_KEY_CHARS:
            raise InvalidInput(f"HELPLINE_SECRET_KEY is too short: use at least {MIN_KEY_CHARS} random characters")
        return key.encode()
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        _create(path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY_CHARS:
        raise InvalidInput(f"{path} holds no usable secret key: delete it to have a new one made")
    return key.encode()


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker made the key first; we use theirs
    finally:
        temporary.unlink(missing_ok=True)
