"""The ingest action: parse what the paths hold, write what changed, embed what is new, bump the revision."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from helpline.embeddings import Encoder
from helpline.ingest.detect import PAGE_SUFFIXES, parse_file
from helpline.ingest.medquad import collection_files, is_medquad_folder, iter_medquad
from helpline.library import store
from helpline.library.document import ParsedArticle, ParseError

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)

_COMMIT_EVERY = 500


@dataclass
class ImportReport:
    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    sections_written: int = 0
    sections_embedded: int = 0
    files_without_answers: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def articles_seen(self) -> int:
        return self.articles_added + self.articles_updated + self.articles_unchanged

    def summary(self) -> str:
        text = (f"{self.articles_seen} articles ({self.articles_added} new, {self.articles_updated} updated, "
                f"{self.articles_unchanged} unchanged), {self.sections_written} sections written, "
                f"{self.sections_embedded} embedded, {self.seconds:.1f} s")
        if self.failures:
            text += f"; {len(self.failures)} file(s) failed"
        return text


def plan_files(paths: list[Path]) -> tuple[list[tuple[str, Path]], list[str]]:
    """The (kind, path) units to import and the errors for paths that do not exist or are not content."""
    units: list[tuple[str, Path]] = []
    errors: list[str] = []
    for path in paths:
        if not path.exists():
            errors.append(f"{path}: no such file or folder")
        elif is_medquad_folder(path):
            units.append(("medquad", path))
        elif path.is_dir():
            pages = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
                           and not p.name.upper().startswith("README"))
            if not pages:
                errors.append(f"{path}: folder holds no MedQuAD collection and no HTML, Markdown or text page")
            units.extend(("page", page) for page in pages)
        else:
            units.append(("page", path))
    return units, errors


def count_files(units: list[tuple[str, Path]]) -> int:
    return sum(len(collection_files(path)) if kind == "medquad" else 1 for kind, path in units)


def _parsed_items(units: list[tuple[str, Path]]) -> Iterator[tuple[Path, ParsedArticle | None | ParseError]]:
    for kind, path in units:
        if kind == "medquad":
            yield from iter_medquad(path)
        else:
            try:
                yield path, parse_file(path)
            except ParseError as error:
                yield path, error


def import_paths(factory: sessionmaker[Session], encoder: Encoder | None, paths: list[Path],
                 progress: ProgressCallback | None = None, batch_size: int = 64) -> ImportReport:
    """Import every article under ``paths``; idempotent and incremental. Failures are collected, not raised."""
    started = time.perf_counter()
    report = ImportReport()
    units, report.failures = plan_files(paths)
    total = count_files(units)
    changed = False
    with factory() as session:
        existing = store.existing_articles(session)
        taken_ids = {state.article_id for state in existing.values()}
        seen_keys: set[str] = set()
        for done, (path, item) in enumerate(_parsed_items(units), start=1):
            if isinstance(item, ParseError):
                report.failures.append(f"{path}: {str(item).removeprefix(f'{path}: ').removeprefix(f'{path.name}: ')}")
            elif item is None:
                report.files_without_answers += 1
            elif item.key in seen_keys:
                report.articles_unchanged += 1
            else:
                seen_keys.add(item.key)
                state = existing.get(item.key)
                if state is not None and state.content_hash == item.content_hash:
                    report.articles_unchanged += 1
                else:
                    article_id = state.article_id if state else store.unique_article_id(item, taken_ids)
                    store.write_article(session, item, state, article_id)
                    report.sections_written += len(item.sections)
                    if state is None:
                        report.articles_added += 1
                    else:
                        report.articles_updated += 1
                    changed = True
            if done % _COMMIT_EVERY == 0:
                session.commit()
            if progress:
                progress("import", done, total)
        session.commit()
        if encoder is not None:
            report.sections_embedded = embed_missing(session, encoder, progress, batch_size)
            changed = changed or report.sections_embedded > 0
        if changed or store.current_revision(session) is None:
            store.bump_revision(session)
        session.commit()
    report.seconds = time.perf_counter() - started
    return report


def embed_missing(session: Session, encoder: Encoder, progress: ProgressCallback | None = None,
                  batch_size: int = 64) -> int:
    """Embed every section content that has no stored vector for this encoder; returns how many."""
    missing = store.missing_embeddings(session, encoder.name)
    # Similar lengths batch together, which makes padding cheap.
    missing.sort(key=lambda item: len(item[1]))
    chunk = batch_size * 16
    for start in range(0, len(missing), chunk):
        part = missing[start:start + chunk]
        vectors = encoder.encode([text for _, text in part], batch_size=batch_size)
        store.store_embeddings(session, encoder.name, [digest for digest, _ in part], vectors)
        session.commit()
        if progress:
            progress("embed", min(start + chunk, len(missing)), len(missing))
    return len(missing)
