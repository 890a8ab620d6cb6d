"""The parsed form every loader produces, before it is stored in the library."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from helpline.errors import ImportFailed


@dataclass
class ParsedSection:
    """One ordered section of an article: a heading and its plain text.

    Lists are kept as lines starting with ``- `` so that answers can quote them as lists.
    """

    heading: str | None
    text: str
    source_id: str | None = None
    question_type: str | None = None
    question: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.heading or "", self.text)


@dataclass
class ParsedLink:
    """A cross-link in an article ("see Leukemia in Children")."""

    text: str
    url: str | None
    section_index: int | None = None


@dataclass
class ParsedArticle:
    """An article as a loader found it. ``key`` identifies it across imports (idempotency)."""

    key: str
    title: str
    kind: str  # "medquad" | "html" | "markdown" | "text"
    sections: list[ParsedSection]
    source_id: str | None = None
    url: str | None = None
    topic_path: list[str] = field(default_factory=list)
    audience: str | None = None  # "adults" | "children" | None
    audience_note: str | None = None
    last_revised: date | None = None
    editorial_team: str | None = None
    focus: str | None = None
    links: list[ParsedLink] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    is_sample: bool = False
    origin: str | None = None  # the file it came from

    @property
    def content_hash(self) -> str:
        parts = [self.title, self.url or "", "/".join(self.topic_path), self.audience or "",
                 self.audience_note or "", str(self.last_revised or ""), self.editorial_team or "",
                 self.focus or "", str(self.is_sample)]
        parts += [s.content_hash + (s.source_id or "") + (s.question_type or "") for s in self.sections]
        parts += [f"{link.text}|{link.url}|{link.section_index}" for link in self.links]
        parts += self.references
        return content_hash(*parts)


def content_hash(*parts: str) -> str:
    """A stable SHA-256 hex digest of the given strings."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def slugify(text: str, max_length: int = 80) -> str:
    """A lowercase ASCII slug for ids and anchors ("Targeted drugs for Ph+ ALL" → "targeted-drugs-for-ph-all")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "untitled"


class ParseError(ImportFailed, ValueError):
    """A file could not be read as an article; the message names what is wrong. (Also a ValueError, as the
    parsers' callers have always caught it.)"""

    code = "parse_error"
