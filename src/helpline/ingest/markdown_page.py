"""Markdown pages: front matter for the article's facts, headings for its sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from helpline.ingest.text_page import (
    PageMeta,
    audience_of,
    clean_space,
    is_editorial_team,
    is_references_heading,
)
from helpline.library.document import ParsedArticle, ParsedLink, ParsedSection, ParseError, slugify

_AUDIENCES: dict[str, str | None] = {"adults": "adults", "adult": "adults", "children": "children",
                                     "child": "children", "kids": "children", "pediatric": "children",
                                     "all": None, "everyone": None}
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` lines between ``---`` lines at the top; the rest is the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return {}, text
    end = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() in {"---", "..."}), None)
    if end is None:
        raise ParseError("front matter is not closed by a '---' line")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        if not colon or not key.strip():
            raise ParseError(f"front matter line {number}: expected 'key: value', got {stripped[:60]!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields[key.strip().lower()] = value
    return fields, "".join(lines[end + 1:])


def _apply_front_matter(fields: dict[str, str], meta: PageMeta) -> tuple[list[str], bool]:
    """Check the typed fields and copy page facts into ``meta``; returns the topic path and sample flag."""
    if value := fields.get("audience", "").lower():
        if value not in _AUDIENCES:
            raise ParseError(f"front matter field 'audience': expected adults, children or all, got {value!r}")
        # "all" is a page for everyone: no audience restriction is stored.
        meta.audience = _AUDIENCES[value]
    if value := fields.get("last_revised", ""):
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            meta.last_revised = date.fromisoformat(value)
        except ValueError:
            message = f"front matter field 'last_revised': {value!r} is not a YYYY-MM-DD date"
            raise ParseError(message) from None
    sample = fields.get("sample", "false").lower()
    if sample not in _BOOLEANS:
        raise ParseError(f"front matter field 'sample': expected true or false, got {sample!r}")
    meta.audience_note = fields.get("audience_note") or None
    if meta.audience_note and meta.audience is None:
        meta.audience = audience_of(meta.audience_note)
    meta.editorial_team = fields.get("editorial_team") or None
    topic = [clean_space(part) for part in fields.get("topic", "").split(">")]
    return [part for part in topic if part], _BOOLEANS[sample]


def _inline(token: Token) -> tuple[str, list[tuple[str, str]]]:
    """The visible text of an inline token and its links as (text, href) pairs."""
    text = ""
    links: list[tuple[str, str]] = []
    opened: list[tuple[int, str]] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            text += child.content
        elif child.type == "softbreak":
            text += " "
        elif child.type == "hardbreak":
            text += "\n"
        elif child.type == "link_open":
            opened.append((len(text), str(child.attrs.get("href") or "")))
        elif child.type == "link_close" and opened:
            start, href = opened.pop()
            label = clean_space(text[start:])
            if label and href and not href.startswith("#"):
                links.append((label, href))
    return text, links


@dataclass
class _Builder:
    """Collects blocks into sections while reading the token stream."""

    title: str | None
    meta: PageMeta
    sections: list[tuple[str | None, list[str]]] = field(default_factory=lambda: [(None, [])])
    links: list[ParsedLink] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    first_heading: str | None = None
    mode: str = "text"  # "text" | "references" | "team"

    def heading(self, level: int, text: str, links: list[tuple[str, str]]) -> None:
        text = clean_space(text)
        if not text:
            return
        self.first_heading = self.first_heading or text
        if level == 1 and (self.title is None or text.lower() == self.title.lower()):
            self.title = self.title or text
        elif is_references_heading(text):
            self.mode = "references"
        elif is_editorial_team(text):
            self.meta.editorial_team = self.meta.editorial_team or text
            self.mode = "team"
        else:
            self.sections.append((text, []))
            self.mode = "text"
            self.add_links(links)

    def paragraph(self, text: str, links: list[tuple[str, str]]) -> None:
        lines = [clean_space(line) for line in text.split("\n")]
        kinds = [self.meta.absorb(line) if line else "empty" for line in lines]
        kept = [line for line, kind in zip(lines, kinds, strict=True) if kind is None]
        if self.mode == "references" and kept:
            self.references.append(" ".join(kept))
        elif self.mode == "text" and (kept or "note" in kinds):
            if kept:
                self.sections[-1][1].append("\n".join(kept))
            self.add_links(links)

    def items(self, items: list[str], links: list[tuple[str, str]]) -> None:
        if self.mode == "references":
            self.references += items
        elif self.mode == "text" and items:
            self.sections[-1][1].append("\n".join(f"- {item}" for item in items))
            self.add_links(links)

    def add_links(self, links: list[tuple[str, str]]) -> None:
        index = len(self.sections) - 1
        self.links += [ParsedLink(text=text, url=href, section_index=index) for text, href in links]


def _read(tokens: list[Token], out: _Builder) -> None:
    """Walk the block tokens: headings, paragraphs, (nested) lists, tables and code."""
    items: list[str] = []
    item_links: list[tuple[str, str]] = []
    open_items: list[str] = []
    depth = 0
    cells: list[str] = []
    for n, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open" and n + 1 < len(tokens):
            text, links = _inline(tokens[n + 1])
            out.heading(int(token.tag[1:]), text, links)
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            if open_items and clean_space(open_items[-1]):
                items.append(clean_space(open_items[-1]))
                open_items[-1] = ""
            depth += 1
        elif kind == "list_item_open":
            open_items.append("")
        elif kind == "list_item_close" and open_items:
            if text := clean_space(open_items.pop()):
                items.append(text)
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            depth = max(depth - 1, 0)
            if depth == 0:
                out.items(items, item_links)
                items, item_links = [], []
        elif kind == "inline" and (n == 0 or tokens[n - 1].type != "heading_open"):
            text, links = _inline(token)
            if open_items:
                open_items[-1] += " " + text
                item_links += links
            elif tokens[n - 1].type in {"th_open", "td_open"}:
                cells.append(clean_space(text))
            else:
                out.paragraph(text, links)
        elif kind == "tr_close":
            out.paragraph(" | ".join(cells), [])
            cells = []
        elif kind in {"fence", "code_block"} and out.mode == "text" and token.content.strip():
            out.sections[-1][1].append(token.content.strip("\n"))
        elif kind == "html_block":
            out.paragraph(_TAG.sub(" ", token.content), [])


def parse_markdown(text: str, origin: str | None = None) -> ParsedArticle:
    """Parse a Markdown page; raises ParseError for bad front matter or when it holds no article text."""
    fields, body = _front_matter(text.lstrip("\ufeff"))
    meta = PageMeta()
    topic_path, is_sample = _apply_front_matter(fields, meta)
    out = _Builder(title=clean_space(fields.get("title", "")) or None, meta=meta)
    try:
        tokens = _markdown().parse(body)
    except RecursionError as exc:
        raise ParseError("Markdown nested too deeply") from exc
    _read(tokens, out)
    sections: list[ParsedSection] = []
    new_index: dict[int, int] = {}
    for old, (heading, blocks) in enumerate(out.sections):
        if blocks:
            new_index[old] = len(sections)
            sections.append(ParsedSection(heading=heading, text="\n\n".join(blocks)))
    if not sections:
        raise ParseError("no article text found in Markdown page")
    for link in out.links:
        link.section_index = new_index.get(link.section_index) if link.section_index is not None else None
    title = out.title or out.first_heading or (Path(origin).stem if origin else "") or sections[0].text[:80]
    url = fields.get("url") or None
    source_id = fields.get("source_id") or url
    return ParsedArticle(
        key=url or source_id or f"page:{slugify(title)}", title=title, kind="markdown", sections=sections,
        source_id=source_id, url=url, topic_path=topic_path, audience=meta.audience,
        audience_note=meta.audience_note, last_revised=meta.last_revised, editorial_team=meta.editorial_team,
        links=out.links, references=out.references, is_sample=is_sample, origin=origin)
