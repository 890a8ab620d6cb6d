"""Writing parsed articles into the library and reading them back."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from helpline.db.tables import Alias, Article, Embedding, LibraryState, Link, Reference, Section
from helpline.library.aliases import harvest_aliases
from helpline.library.document import ParsedArticle, content_hash, slugify
from helpline.library.passages import split_passages


def section_hash(title: str, heading: str | None, text: str) -> str:
    """The hash that keys a section's embedding: it covers exactly what is embedded."""
    return content_hash(title, heading or "", text)


def embedding_text(title: str, heading: str | None, text: str) -> str:
    """What the dense index embeds for a section (the encoder truncates it to its token budget)."""
    head = heading if heading and title.lower() in heading.lower() else f"{title}. {heading or ''}"
    return f"{head.strip()}\n{text}"


@dataclass(frozen=True)
class StoredArticleState:
    pk: int
    article_id: str
    content_hash: str


def existing_articles(session: Session) -> dict[str, StoredArticleState]:
    """Every stored article's state by key, read in one query (imports compare against it)."""
    rows = session.execute(select(Article.key, Article.id, Article.article_id, Article.content_hash))
    return {key: StoredArticleState(pk, article_id, digest) for key, pk, article_id, digest in rows}


def unique_article_id(parsed: ParsedArticle, taken: set[str]) -> str:
    """A readable, stable public id: the MedQuAD source id, else a slug of the title."""
    base = parsed.source_id if parsed.kind == "medquad" and parsed.source_id else slugify(parsed.title)
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}-{counter}", counter + 1
    taken.add(candidate)
    return candidate


def write_article(session: Session, parsed: ParsedArticle, existing: StoredArticleState | None,
                  article_id: str) -> Article:
    """Insert or replace one article with its sections, links, references and harvested aliases."""
    now = datetime.now(UTC)
    if existing is not None:
        session.execute(delete(Section).where(Section.article_pk == existing.pk))
        session.execute(delete(Link).where(Link.article_pk == existing.pk))
        session.execute(delete(Reference).where(Reference.article_pk == existing.pk))
        session.execute(delete(Alias).where(Alias.article_pk == existing.pk))
        article = session.get_one(Article, existing.pk)
    else:
        article = Article(key=parsed.key, article_id=article_id, imported_at=now)
        session.add(article)
    article.kind = parsed.kind
    article.title = parsed.title
    article.url = parsed.url
    article.source_id = parsed.source_id
    article.topic_path = " > ".join(parsed.topic_path)
    article.audience = parsed.audience
    article.audience_note = parsed.audience_note
    article.last_revised = parsed.last_revised
    article.editorial_team = parsed.editorial_team
    # A page's focus is what its topic path starts with ("Acute Lymphocytic Leukemia (ALL) in Adults").
    article.focus = parsed.focus or (parsed.topic_path[0] if parsed.topic_path else None)
    article.is_sample = parsed.is_sample
    article.origin = parsed.origin
    article.content_hash = parsed.content_hash
    article.updated_at = now
    session.flush()
    anchors: set[str] = set()
    for position, parsed_section in enumerate(parsed.sections):
        anchor = _unique_anchor(parsed_section.heading or f"section-{position + 1}", anchors)
        session.add(Section(
            article_pk=article.id, position=position, anchor=anchor, heading=parsed_section.heading,
            text=parsed_section.text, source_id=parsed_section.source_id,
            question_type=parsed_section.question_type, question=parsed_section.question,
            content_hash=section_hash(parsed.title, parsed_section.heading, parsed_section.text),
        ))
    for link in parsed.links:
        session.add(Link(article_pk=article.id, section_position=link.section_index, text=link.text, url=link.url))
    for position, reference in enumerate(parsed.references):
        session.add(Reference(article_pk=article.id, position=position, text=reference))
    for harvested in harvest_aliases(parsed):
        session.add(Alias(alias=harvested.alias, canonical=harvested.canonical, kind=harvested.kind,
                          article_pk=article.id))
    return article


def _unique_anchor(heading: str, taken: set[str]) -> str:
    base = slugify(heading, max_length=60)
    candidate, counter = base, 2
    while candidate in taken:
        candidate, counter = f"{base}-{counter}", counter + 1
    taken.add(candidate)
    return candidate


def bump_revision(session: Session) -> str:
    """Mark the library as changed, so that search indexes built on an older revision rebuild."""
    revision = uuid.uuid4().hex
    state = session.get(LibraryState, 1)
    if state is None:
        session.add(LibraryState(id=1, revision=revision, updated_at=datetime.now(UTC)))
    else:
        state.revision, state.updated_at = revision, datetime.now(UTC)
    return revision


def current_revision(session: Session) -> str | None:
    state = session.get(LibraryState, 1)
    return state.revision if state else None


def section_passages(title: str, heading: str | None, text: str) -> list[tuple[str, str]]:
    """(content hash, passage text) of each passage of a section; one passage is the whole section."""
    passages = split_passages(text) or [text]
    if len(passages) == 1:
        return [(section_hash(title, heading, text), text)]
    return [(section_hash(title, heading, passage), passage) for passage in passages]


def missing_embeddings(session: Session, model: str) -> list[tuple[str, str]]:
    """(content hash, text to embed) for every passage whose content has no stored embedding yet."""
    stored = set(session.scalars(select(Embedding.content_hash).where(Embedding.model == model)))
    rows = session.execute(
        select(Article.title, Section.heading, Section.text).join(Article, Section.article_pk == Article.id)
    )
    missing: dict[str, str] = {}
    for title, heading, text in rows:
        for digest, passage in section_passages(title, heading, text):
            if digest not in stored:
                missing.setdefault(digest, embedding_text(title, heading, passage))
    return list(missing.items())


def store_embeddings(session: Session, model: str, hashes: Iterable[str], vectors: np.ndarray) -> None:
    for digest, vector in zip(hashes, vectors, strict=True):
        session.add(Embedding(content_hash=digest, model=model, dimensions=int(vector.shape[0]),
                              vector=vector.astype(np.float32).tobytes()))


@dataclass(frozen=True)
class SectionRow:
    """A passage of a section, with what search and answers need of its section and article."""

    section_pk: int
    article_id: str
    article_source_id: str | None
    title: str
    focus: str | None
    audience: str | None
    last_revised: date | None
    url: str | None
    kind: str
    topic_path: str
    anchor: str
    heading: str | None
    text: str
    source_id: str | None
    question_type: str | None
    content_hash: str  # of the passage
    section_text: str
    passage: int  # 0 for the first (or only) passage of the section

    @property
    def cited_source_id(self) -> str | None:
        """The section's own source id (MedQuAD), else its page's (a web page's canonical URL)."""
        return self.source_id or self.article_source_id


def iter_section_rows(session: Session) -> Iterator[SectionRow]:
    """Every passage of every section of the library in a stable order (the search index's row order)."""
    query = (
        select(Section.id, Article.article_id, Article.source_id, Article.title, Article.focus,
               Article.audience, Article.last_revised, Article.url, Article.kind, Article.topic_path,
               Section.anchor, Section.heading, Section.text, Section.source_id, Section.question_type,
               Section.content_hash)
        .join(Article, Section.article_pk == Article.id)
        .order_by(Section.id)
    )
    for row in session.execute(query):
        (section_pk, article_id, article_source_id, title, focus, audience, last_revised, url, kind, topic_path,
         anchor, heading, text, source_id, question_type, _section_hash) = row
        for position, (digest, passage) in enumerate(section_passages(title, heading, text)):
            yield SectionRow(section_pk, article_id, article_source_id, title, focus, audience, last_revised, url,
                             kind, topic_path, anchor, heading, passage, source_id, question_type, digest, text,
                             position)


def embedding_matrix(session: Session, model: str, hashes: list[str], dimensions: int) -> np.ndarray:
    """The stored embeddings for ``hashes``, in that order (zeros where one is missing)."""
    vectors = {digest: np.frombuffer(blob, dtype=np.float32)
               for digest, blob in session.execute(
                   select(Embedding.content_hash, Embedding.vector).where(Embedding.model == model))}
    matrix = np.zeros((len(hashes), dimensions), dtype=np.float32)
    for row, digest in enumerate(hashes):
        vector = vectors.get(digest)
        if vector is not None and vector.shape[0] == dimensions:
            matrix[row] = vector
    return matrix


def all_aliases(session: Session) -> list[tuple[str, str, str]]:
    return [(a, c, k) for a, c, k in session.execute(select(Alias.alias, Alias.canonical, Alias.kind).distinct())]


def get_article(session: Session, article_id: str) -> Article | None:
    return session.scalars(
        select(Article).where(Article.article_id == article_id)
        .options(selectinload(Article.sections), selectinload(Article.links), selectinload(Article.references))
    ).first()


def count_library(session: Session) -> tuple[int, int]:
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    sections = session.scalar(select(func.count()).select_from(Section)) or 0
    return articles, sections
