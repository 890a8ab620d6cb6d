"""HTML pages: keep the article (headings, paragraphs, lists, links, references), drop the site around it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from helpline.ingest.text_page import (
    PageMeta,
    clean_space,
    is_editorial_team,
    is_references_heading,
    parse_date,
)
from helpline.library.document import ParsedArticle, ParsedLink, ParsedSection, ParseError, slugify

_JUNK = ", ".join(["script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
                   "form", "button", "input", "select", "textarea", "nav", "aside", "dialog",
                   "[role=navigation]", "[role=search]", "[hidden]", "[aria-hidden=true]"])
_JUNK_CLASS = re.compile(r"promo|sign-?up|newsletter|subscribe|cookie|breadcrumb|social|advert|popup|modal",
                         re.IGNORECASE)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
           "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "img"}
_LISTS = {"ul", "ol"}
_BREAK = "\u2028"  # stands for <br>: source newlines are mere whitespace, <br> ends a line
_REVISED_ANYWHERE = re.compile(r"Last (?:Revised|Reviewed|Updated):?\s*([\w ,.-]{6,20}\d{4})")
_FRAME = {"html", "head", "body"}
_MAX_DEPTH = 200


@dataclass
class _Builder:
    """Collects blocks into sections while walking the article in document order."""

    base: str | None
    title: str | None = None
    meta: PageMeta = field(default_factory=PageMeta)
    sections: list[tuple[str | None, list[str]]] = field(default_factory=lambda: [(None, [])])
    links: list[ParsedLink] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    mode: str = "text"  # "text" | "references" | "team"
    mode_owner: int | None = None  # the element whose end closes the references or team block

    def heading(self, node: LexborNode) -> None:
        text = clean_space(node.text(deep=True, separator=" "))
        if not text:
            return
        if node.tag == "h1" and self.title is None:
            self.title = text
        elif is_references_heading(text):
            self.mode, self.mode_owner = "references", node.parent.mem_id if node.parent else None
        elif is_editorial_team(text):
            self.meta.editorial_team = self.meta.editorial_team or text
            self.mode, self.mode_owner = "team", node.parent.mem_id if node.parent else None
        else:
            self.sections.append((text, []))
            self.mode = "text"

    def leave(self, node: LexborNode) -> None:
        if self.mode_owner == node.mem_id:
            self.mode, self.mode_owner = "text", None

    def paragraph(self, nodes: list[LexborNode]) -> None:
        lines = [clean_space(line) for line in "".join(_text(n) for n in nodes).split(_BREAK)]
        lines = [line for line in lines if line]
        kinds = [self.meta.absorb(line) for line in lines]
        kept = [line for line, kind in zip(lines, kinds, strict=True) if kind is None]
        if self.mode == "references" and kept:
            self.references.append(" ".join(kept))
        if self.mode != "text":
            return
        if kept:
            self.sections[-1][1].append("\n".join(kept))
        if kept or "note" in kinds:
            self._add_links(nodes)

    def items(self, node: LexborNode) -> None:
        items = _list_items(node, 0)
        if self.mode == "references":
            self.references += items
        elif self.mode == "text" and items:
            self.sections[-1][1].append("\n".join(f"- {item}" for item in items))
            self._add_links([node])

    def _add_links(self, nodes: list[LexborNode]) -> None:
        for node in nodes:
            if not node.is_element_node:
                continue
            anchors = ([node] if node.tag == "a" else []) + list(node.css("a[href]"))
            for anchor in anchors:
                href = (anchor.attributes.get("href") or "").strip()
                text = clean_space(anchor.text(deep=True, separator=" "))
                if text and href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
                    self.links.append(ParsedLink(text=text, url=_resolve(self.base, href),
                                                 section_index=len(self.sections) - 1))


def _text(node: LexborNode, depth: int = 0) -> str:
    """Inline text exactly as written ("BCR-<em>ABL</em>" stays one word); blocks inside get spaces around."""
    if node.is_text_node:
        return node.text_content or ""
    if not node.is_element_node:
        return ""
    if node.tag == "br":
        return _BREAK
    if depth >= _MAX_DEPTH:
        return f" {node.text()} "
    inner = "".join(_text(child, depth + 1) for child in node.iter(include_text=True))
    return inner if node.tag in _INLINE else f" {inner} "


def _list_items(node: LexborNode, depth: int) -> list[str]:
    """Each item's own text, nested lists' items following their parent item."""
    items: list[str] = []
    for li in node.iter():
        if li.tag in _LISTS and depth < _MAX_DEPTH:
            items += _list_items(li, depth + 1)
            continue
        own = [child for child in li.iter(include_text=True) if child.tag not in _LISTS]
        text = clean_space("".join(_text(child) for child in own))
        if text:
            items.append(text)
        if depth < _MAX_DEPTH:
            for nested in li.iter():
                if nested.tag in _LISTS:
                    items += _list_items(nested, depth + 1)
    return items


def _walk(node: LexborNode, out: _Builder, depth: int) -> None:
    """Emit blocks in document order; runs of loose inline content become paragraphs."""
    run: list[LexborNode] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if child.is_text_node or tag in _INLINE or tag == "br":
            run.append(child)
            continue
        if not child.is_element_node:
            continue
        out.paragraph(run)
        run = []
        if tag in _HEADINGS:
            out.heading(child)
        elif tag in _LISTS:
            out.items(child)
        elif tag in {"p", "pre", "dt", "dd", "figcaption", "caption", "tr"} or depth >= _MAX_DEPTH:
            out.paragraph([child])
        else:
            _walk(child, out, depth + 1)
    out.paragraph(run)
    out.leave(node)


def _resolve(base: str | None, href: str) -> str:
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return href


def _absolute_url(href: str | None) -> str | None:
    if not href:
        return None
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    return href.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


def _canonical(tree: LexborHTMLParser) -> str | None:
    for link in tree.css("link[rel]"):
        if "canonical" in (link.attributes.get("rel") or "").lower().split():
            return _absolute_url(link.attributes.get("href"))
    return None


def _path_segments(url: str | None) -> list[str]:
    if not url:
        return []
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [re.sub(r"\.[a-z]{2,5}$", "", part) for part in path.split("/") if part]


def _json_ld_breadcrumbs(tree: LexborHTMLParser) -> list[str]:
    def find(data: Any) -> list[str]:
        if isinstance(data, list):
            return next((found for item in data if (found := find(item))), [])
        if not isinstance(data, dict):
            return []
        if data.get("@type") == "BreadcrumbList" and isinstance(data.get("itemListElement"), list):
            names = []
            for item in data["itemListElement"]:
                inner = item.get("item") if isinstance(item, dict) else None
                name = item.get("name") if isinstance(item, dict) else None
                name = name or (inner.get("name") if isinstance(inner, dict) else None)
                if isinstance(name, str) and clean_space(name):
                    names.append(clean_space(name))
            return names
        return find(data.get("@graph", []))

    for script in tree.css('script[type="application/ld+json"]'):
        try:
            found = find(json.loads(script.text()))
        except (ValueError, RecursionError):
            continue
        if found:
            return found
    return []


def _topic_path(tree: LexborHTMLParser, canonical: str | None, title: str | None) -> list[str]:
    """Breadcrumbs when the page has them, else the section navigation that lists this page, else the URL."""
    crumbs = _json_ld_breadcrumbs(tree)
    trail = tree.css_first('[aria-label*="readcrumb"], [class*="readcrumb"], [id*="readcrumb"]')
    if not crumbs and trail is not None:
        parts = trail.css("li") or trail.css("a")
        crumbs = [clean_space(p.text(deep=True, separator=" ")) for p in parts]
    crumbs = [c for c in crumbs if c and c.lower() != "home"]
    if crumbs:
        return crumbs[:-1] if title and crumbs[-1].lower() == title.lower() else crumbs
    page = _path_segments(canonical)
    for nav in tree.css("nav"):
        label_node = nav.css_first("h2, h3, h4")
        label = clean_space(label_node.text(deep=True, separator=" ")) if label_node else ""
        label = label or clean_space(nav.attributes.get("aria-label") or "")
        here = [a for a in nav.css("a[href]") if "aria-current" in a.attributes
                or (canonical and _resolve(canonical, a.attributes.get("href") or "") == canonical)]
        if label and here:
            anchor = label_node.css_first("a[href]") if label_node else None
            root = _path_segments(_resolve(canonical, anchor.attributes.get("href") or "")) if anchor else []
            between = page[len(root):-1] if root and page[:len(root)] == root else []
            return [label] + [part.replace("-", " ").capitalize() for part in between]
    return [part.replace("-", " ").capitalize() for part in page[:-1]]


def _article_root(tree: LexborHTMLParser) -> LexborNode | None:
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda node: len(node.text(deep=True)))
    return tree.css_first("main, [role=main]") or tree.body or tree.root


def parse_html(text: str, origin: str | None = None) -> ParsedArticle:
    """Parse an HTML page; raises ParseError when it holds no article text."""
    if not text.strip():
        raise ParseError("empty HTML page")
    try:
        tree = LexborHTMLParser(text.encode("utf-8", "replace").decode("utf-8"))
    except Exception as exc:  # the C parser's failures are not part of our error tree
        raise ParseError(f"unreadable HTML: {exc}") from exc
    canonical = _canonical(tree)
    base_tag = tree.css_first("base[href]")
    base = canonical or (_absolute_url(base_tag.attributes.get("href")) if base_tag else None)
    h1, page_title = tree.css_first("h1"), tree.css_first("title")
    nominal = clean_space(h1.text(separator=" ")) if h1 else ""
    nominal = nominal or (clean_space(re.split(r" [|–—] ", page_title.text())[0]) if page_title else "")
    topic_path = _topic_path(tree, canonical, nominal or None)
    page_text = clean_space(tree.root.text(separator=" ")) if tree.root else ""  # before the chrome goes
    for node in tree.css(_JUNK):
        if node.tag not in _FRAME:
            node.decompose()
    for node in tree.css("[class], [id]"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag not in _FRAME and _JUNK_CLASS.search(names):
            node.decompose()
    root = _article_root(tree)
    if root is None:
        raise ParseError("no article text found in HTML page")
    if root.tag in {"body", "html"}:
        for node in root.css("header, footer"):
            if node.css_first("h1") is None:
                node.decompose()
    out = _Builder(base=base)
    _walk(root, out, 0)
    if out.meta.last_revised is None and (m := _REVISED_ANYWHERE.search(page_text)):
        out.meta.last_revised = parse_date(m[1])
    return _article(out, canonical, topic_path, nominal, origin)


def _article(out: _Builder, canonical: str | None, topic_path: list[str], nominal: str,
             origin: str | None) -> ParsedArticle:
    """Drop empty sections, renumber links to match, and fall back to the page's own title."""
    sections: list[ParsedSection] = []
    new_index: dict[int, int] = {}
    for old, (heading, blocks) in enumerate(out.sections):
        if blocks:
            new_index[old] = len(sections)
            sections.append(ParsedSection(heading=heading, text="\n\n".join(blocks)))
    if not sections:
        raise ParseError("no article text found in HTML page")
    first_heading = next((s.heading for s in sections if s.heading), None)
    title = out.title or nominal or first_heading or clean_space(sections[0].text)[:80]
    for link in out.links:
        link.section_index = new_index.get(link.section_index) if link.section_index is not None else None
    key = canonical or f"page:{slugify(title)}"  # without a canonical URL, known by its title
    meta = out.meta
    return ParsedArticle(
        key=key, title=title, kind="html", sections=sections, source_id=canonical, url=canonical,
        topic_path=topic_path, audience=meta.audience, audience_note=meta.audience_note,
        last_revised=meta.last_revised, editorial_team=meta.editorial_team, links=out.links,
        references=out.references, origin=origin)
