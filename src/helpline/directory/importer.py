"""The directory import action: upsert a CSV file's good rows by key, in one transaction; name the bad ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from helpline.clock import utc_now
from helpline.db.staff_tables import Resource
from helpline.directory.csv_format import ResourceRow, RowProblem, decode, read_rows
from helpline.errors import ImportFailed

SAMPLE_DIRECTORY = Path(__file__).resolve().parent / "sample_directory.csv"
_FIELDS = ("name", "description", "needs", "eligibility", "contact", "url", "regions", "active")



@dataclass
class DirectoryImportReport:
    """What an import did. ``added`` counts new resources; skipped rows are named by line with their reason."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowProblem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")

    def as_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [{"line": problem.line, "reason": problem.reason} for problem in self.skipped]}


def import_csv(sessions: sessionmaker[Session], path: Path,
               now: Callable[[], datetime] = utc_now) -> DirectoryImportReport:
    """Import the resources of a CSV file; idempotent. Bad rows are skipped and reported, the good ones written
    together. A file that cannot be read as a directory CSV raises ImportFailed and changes nothing."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"{path}: cannot read the file ({error.strerror or error})") from None
    text = decode(data, str(path))
    report = DirectoryImportReport()
    rows: list[ResourceRow] = []
    first_line: dict[str, int] = {}
    for item in read_rows(text, str(path)):  # the whole file is read before anything is written
        if isinstance(item, RowProblem):
            report.skipped.append(item)
        elif item.key in first_line:
            report.skipped.append(RowProblem(item.line, f"key {item.key!r} was already used on line "
                                                        f"{first_line[item.key]}"))
        else:
            first_line[item.key] = item.line
            rows.append(item)
    with sessions.begin() as session:
        _write(session, rows, report, now())
    return report


def _write(session: Session, rows: list[ResourceRow], report: DirectoryImportReport, moment: datetime) -> None:
    keys = [row.key for row in rows]
    existing: dict[str, Resource] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        existing.update((r.key, r) for r in session.scalars(select(Resource).where(Resource.key.in_(chunk))))
    for row in rows:
        values = {name: getattr(row, name) for name in _FIELDS}
        resource = existing.get(row.key)
        if resource is None:
            session.add(Resource(key=row.key, updated_at=moment, **values))
            report.added += 1
        elif all(getattr(resource, name) == value for name, value in values.items()):
            report.unchanged += 1
        else:
            for name, value in values.items():
                setattr(resource, name, value)
            resource.updated_at = moment
            report.updated += 1


def count_resources(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Resource)) or 0


def ensure_sample_directory(sessions: sessionmaker[Session]) -> int:
    """Import the bundled sample directory when the directory is empty (a fresh demo); how many were added."""
    with sessions() as session:
        if count_resources(session) > 0:
            return 0
    try:
        report = import_csv(sessions, SAMPLE_DIRECTORY)
    except IntegrityError:  # another worker imported it at the same moment
        return 0
    if report.skipped:  # our own file: a bad row is a bug, not a user's mistake
        raise ImportFailed(f"the sample directory has bad rows: {report.skipped}")
    return report.added
