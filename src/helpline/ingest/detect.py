"""Pick the page parser for a file and turn its bytes into text, so callers deal only in ParsedArticle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpline.ingest.html_page import parse_html
from helpline.ingest.markdown_page import parse_markdown
from helpline.ingest.text_page import parse_text
from helpline.library.document import ParsedArticle, ParseError

_PARSERS: dict[str, Callable[[str, str | None], ParsedArticle]] = {
    ".html": parse_html, ".htm": parse_html,
    ".md": parse_markdown, ".markdown": parse_markdown,
    ".txt": parse_text,
}
PAGE_SUFFIXES: frozenset[str] = frozenset(_PARSERS)
"""Lower-case file suffixes that ``parse_file`` reads as pages."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), then Windows-1252, then Latin-1; NUL bytes mean a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if b"\x00" in data:
        raise ParseError("not a text file (it contains NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_file(path: Path) -> ParsedArticle:
    """Parse one page file; every failure is a ParseError whose message starts with the file name."""
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ParseError(f"{path.name}: unsupported file type {path.suffix or '(no suffix)'!r}; "
                         f"expected one of {', '.join(sorted(PAGE_SUFFIXES))}")
    try:
        text = decode_text(path.read_bytes())
        return parser(text, str(path.resolve()))
    except ParseError as exc:
        raise ParseError(f"{path.name}: {exc}") from exc
    except OSError as exc:
        raise ParseError(f"{path.name}: cannot read file ({exc.strerror or exc})") from exc
