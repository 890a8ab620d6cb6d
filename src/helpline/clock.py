"""Time in one place: the current moment in UTC, and UTC restored on datetimes SQLite hands back naive."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` with its zone; a naive one (SQLite forgets zones) was stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
