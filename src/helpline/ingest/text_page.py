"""Plain-text pages: recover an article's structure from line shapes alone.

The page conventions shared by every page format (audience note, "Last Revised", editorial team, sign-up and
copyright boilerplate) live here too, because plain text is where they have to be recognised from words alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from helpline.library.document import ParsedArticle, ParsedLink, ParsedSection, ParseError, slugify

_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NOTE = re.compile(r"^\(?\s*(?:please\s+)?note\s*:\s*"
                   r"(this (?:information|page|article) is (?:about|for)\b.*)$", re.IGNORECASE | re.DOTALL)
_ADULTS = re.compile(r"\b(?:adults?|grown-ups?)\b", re.IGNORECASE)
_CHILDREN = re.compile(r"\b(?:child(?:ren)?|childhood|kids?|teens?|teenagers?|adolescents?|pediatric)\b",
                       re.IGNORECASE)
_REVISED = re.compile(r"^last\s+(?:medically\s+)?(?:revised|reviewed|updated)\s*:?\s*(.*?)\s*\.?$",
                      re.IGNORECASE)
_COPYRIGHT = re.compile(r"copyrighted material|all rights reserved|^©|copyright\s+(?:©|\(c\)|\d{4})",
                        re.IGNORECASE)
_SIGN_UP = re.compile(r"^sign up\b|\bsign up (?:to|for|now)\b|\bsubscribe (?:to|for)\b", re.IGNORECASE)
_PROMO = re.compile(r"\b(?:helpline|hotline|live chat|chat live|24/7)\b", re.IGNORECASE)
_TEAM = re.compile(r"^(?:the\s+)?[\w .,&'’-]*\b(?:medical|editorial|content|clinical)\b[\w .,&'’-]*\bteam$",
                   re.IGNORECASE)
_REFERENCES = re.compile(r"^(?:references|sources|citations|bibliography|works cited)$", re.IGNORECASE)
_CITATION = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? [A-Z]{1,3}[,.]|\bet al\b|\bAccessed\b|\bdoi\b|"
                       r"\bIn: |\beds?\.|\d{4};\s?\d+|Retrieved from|https?://|www\.")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_BULLET = re.compile(r"^[-*•·▪‣–]\s+")
_SEE = re.compile(r"\b[Ss]ee (?:also )?(?:our )?([A-Z0-9][^;]*)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean_space(text: str) -> str:
    """Collapse runs of whitespace and drop control characters, so equal text compares equal."""
    return re.sub(r"\s+", " ", _CONTROL.sub("", text)).strip()


def parse_date(text: str) -> date | None:
    """Read the date forms pages use ("December 5, 2024", "5 Dec 2024", "2024-12-05"); None if not a date."""
    text = text.strip().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})", text):
            month, day, year = _MONTHS.get(m[1][:3].lower()), int(m[2]), int(m[3])
        elif m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})", text):
            month, day, year = _MONTHS.get(m[2][:3].lower()), int(m[1]), int(m[3])
        else:
            return None
        return date(year, month, day) if month else None
    except ValueError:
        return None


def audience_of(note: str) -> str | None:
    """"adults" or "children", whichever the note's first sentence names first."""
    first = re.split(r"(?<=[.!?])\s", note, maxsplit=1)[0]
    adult, child = _ADULTS.search(first), _CHILDREN.search(first)
    if adult and (not child or adult.start() < child.start()):
        return "adults"
    return "children" if child else None


def is_editorial_team(heading: str) -> bool:
    return len(heading) <= 120 and _TEAM.match(heading) is not None


def is_references_heading(heading: str) -> bool:
    return _REFERENCES.match(heading.strip().rstrip(":")) is not None


def is_sign_up(text: str) -> bool:
    return len(text) <= 400 and _SIGN_UP.search(text) is not None


@dataclass
class PageMeta:
    """Article-level facts that pages state in running text rather than in markup."""

    audience: str | None = None
    audience_note: str | None = None
    last_revised: date | None = None
    editorial_team: str | None = None

    def absorb(self, line: str) -> str | None:
        """Take a line of page metadata or boilerplate: returns "note", "revised", "boilerplate" or None.

        Lines that return a kind leave the article text; the first value found wins.
        """
        if m := _NOTE.match(line):
            note = m[1].strip()
            if line.lstrip().startswith("(") and note.endswith(")") and note.count(")") > note.count("("):
                note = note[:-1].rstrip()
            if self.audience_note is None:
                self.audience_note, self.audience = note, self.audience or audience_of(note)
            return "note"
        if len(line) <= 80 and (m := _REVISED.match(line)):
            self.last_revised = self.last_revised or parse_date(m[1])
            return "revised"
        if len(line) <= 400 and (_COPYRIGHT.search(line) or _SIGN_UP.search(line)):
            return "boilerplate"
        return None


def see_links(text: str, section_index: int | None) -> list[ParsedLink]:
    """Cross-references written as words ("..., see Leukemia in Children.") for pages without anchors."""
    links = []
    for m in _SEE.finditer(text):
        target = re.split(r"\.(?:\s|\)|$)", m[1], maxsplit=1)[0].strip().rstrip(".")
        while target.endswith(")") and target.count(")") > target.count("("):
            target = target[:-1].rstrip(" .")
        if target and len(target) <= 100:
            links.append(ParsedLink(text=target, url=None, section_index=section_index))
    return links


def _logical_lines(text: str) -> list[str]:
    """Non-empty lines, hard-wrapped paragraphs re-joined and bullets written as "- "."""
    lines: list[list[str]] = []  # each logical line as its physical pieces, joined once at the end
    joinable = False
    for raw in text.splitlines():
        line = clean_space(raw)
        if not line:
            joinable = False
            continue
        line = _BULLET.sub("- ", line)
        last = lines[-1][-1][-1] if lines else ""
        if joinable and not line.startswith("- ") and (
                last in ",;" or (last not in ".!?:)\"'”" and line[0].islower())):
            lines[-1].append(line)
        else:
            lines.append([line])
        joinable = True
    return [" ".join(pieces) for pieces in lines]


def _heading_like(line: str) -> bool:
    """Short, unpunctuated lines that start with a capital: how headings look without markup."""
    core = line.rstrip(")\"'”’ ")
    return (not line.startswith(("- ", "(")) and 0 < len(line) <= 120 and len(line.split()) <= 16
            and bool(core) and core[-1] not in ".!?:;,"
            and (line[0].isupper() or line[0].isdigit()))


def _is_citation(line: str) -> bool:
    return len(line) >= 20 and _YEAR.search(line) is not None and _CITATION.search(line) is not None


def _find_title(lines: list[str]) -> tuple[str, list[str], int]:
    """The title, the topic path and where the body starts, skipping any site preamble before the title.

    Site pages printed as text list their sibling pages right before the title; the title repeats one of them.
    """
    i = 0
    while i < len(lines):
        if not lines[i].startswith("- "):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith("- "):
            i += 1
        items = {line[2:] for line in lines[start:i]}
        if i < len(lines) and i - start >= 2 and lines[i] in items and _heading_like(lines[i]):
            nav = lines[start - 1] if start and _heading_like(lines[start - 1]) else None
            return lines[i], [nav] if nav and not _PROMO.search(nav) else [], i + 1
    if _PROMO.search(lines[0]):
        for i, line in enumerate(lines):
            if _heading_like(line) and not _PROMO.search(line):
                return line, [], i + 1
    if len(lines[0]) <= 150:
        return lines[0].removeprefix("- "), [], 1
    words = re.split(r"(?<=[.!?])\s", lines[0], maxsplit=1)[0][:100].rsplit(" ", 1)[0]
    return words.rstrip(" .,;:"), [], 0


def _tail_drops(body: list[str], meta: PageMeta) -> tuple[set[int], list[str]]:
    """Indexes of the editorial-team block and the reference list, and the references themselves."""
    drop: set[int] = set()
    refs: list[int] = []
    end = next((i for i, line in enumerate(body) if _REVISED.match(line) and len(line) <= 80), len(body))
    heading = next((i for i, line in enumerate(body[:end]) if is_references_heading(line)), None)
    if heading is not None:
        drop.add(heading)
        refs = [i for i in range(heading + 1, end) if not _heading_like(body[i])]
    else:
        i = end - 1
        while i >= 0 and _is_citation(body[i]):
            refs.insert(0, i)
            i -= 1
    drop.update(refs)
    team = next((i for i, line in enumerate(body) if is_editorial_team(line)), None)
    if team is not None:
        meta.editorial_team = meta.editorial_team or body[team]
        drop.add(team)
        i = team + 1
        while i < end and i not in drop and not _heading_like(body[i]) and not _is_citation(body[i]):
            drop.add(i)
            i += 1
    return drop, [body[i][2:] if body[i].startswith("- ") else body[i] for i in refs]


def parse_text(text: str, origin: str | None = None) -> ParsedArticle:
    """Parse a plain-text page; raises ParseError when it holds no article text."""
    lines = _logical_lines(text)
    if not lines:
        raise ParseError("empty text page")
    title, topic_path, start = _find_title(lines)
    body = lines[start:]
    meta = PageMeta()
    drop, references = _tail_drops(body, meta)
    hidden: set[int] = set()
    for i, line in enumerate(body):
        if i in drop:
            continue
        kind = meta.absorb(line)
        if kind == "note":
            hidden.add(i)
        elif kind:
            drop.add(i)
            if is_sign_up(line) and i > 0 and _heading_like(body[i - 1]):
                drop.add(i - 1)
    kept = [i for i in range(len(body)) if i not in drop]
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    links: list[ParsedLink] = []
    last_shown = max((i for i in kept if i not in hidden), default=-1)
    for i in kept:
        line = body[i]
        if i not in hidden and _heading_like(line) and i < last_shown:  # a heading needs text after it
            sections.append((line, []))
            continue
        links += see_links(line, len(sections) - 1)
        if i not in hidden:
            sections[-1][1].append(line)
    return _assemble(title, sections, links, references, meta, topic_path, origin)


def _assemble(title: str, raw: list[tuple[str | None, list[str]]], links: list[ParsedLink],
              references: list[str], meta: PageMeta, topic_path: list[str],
              origin: str | None) -> ParsedArticle:
    """Join lines into section text (a blank line between paragraphs, lists kept together); renumber links."""
    sections: list[ParsedSection] = []
    new_index: dict[int, int] = {}
    for old, (heading, lines) in enumerate(raw):
        text = ""
        for n, line in enumerate(lines):
            if n:
                in_list = line.startswith("- ") and lines[n - 1].startswith("- ")
                text += "\n" if in_list else "\n\n"
            text += line
        if text:
            new_index[old] = len(sections)
            sections.append(ParsedSection(heading=heading, text=text))
    if not sections:
        raise ParseError("no article text found in text page")
    for link in links:
        link.section_index = new_index.get(link.section_index) if link.section_index is not None else None
    # Without a URL a page is known by its title: moved or renamed, it is still the same article.
    key = f"page:{slugify(title)}"
    return ParsedArticle(
        key=key, title=title, kind="text", sections=sections, topic_path=topic_path, audience=meta.audience,
        audience_note=meta.audience_note, last_revised=meta.last_revised, editorial_team=meta.editorial_team,
        links=links, references=references, origin=origin)
