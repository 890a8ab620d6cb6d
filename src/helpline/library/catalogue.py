"""Reading the library for its web pages: the articles by topic, and one article with its links resolved."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.db.tables import Article
from helpline.library.store import get_article

PAGE_KINDS = ("html", "markdown", "text")


@dataclass(frozen=True)
class ArticleLink:
    article_id: str
    title: str
    last_revised: str | None
    is_sample: bool


def browse(session: Session, include_medquad: bool = False, limit: int = 2000) -> dict[str, list[ArticleLink]]:
    """Articles grouped by the first step of their topic path ("Acute Lymphocytic Leukemia (ALL) in Adults")."""
    query = select(Article.article_id, Article.title, Article.topic_path, Article.last_revised, Article.is_sample,
                   Article.kind).order_by(Article.topic_path, Article.title).limit(limit)
    groups: dict[str, list[ArticleLink]] = defaultdict(list)
    for article_id, title, topic_path, last_revised, is_sample, kind in session.execute(query):
        if kind == "medquad" and not include_medquad:
            continue
        group = topic_path.split(" > ")[0] if topic_path else "Other"
        groups[group].append(ArticleLink(article_id, title, last_revised.isoformat() if last_revised else None,
                                         is_sample))
    return dict(groups)


@dataclass(frozen=True)
class ResolvedLink:
    text: str
    article_id: str | None  # our own page when the target is in the library; else shown as plain text


SectionLinks = dict[int | None, list[ResolvedLink]]


def article_with_links(session: Session, article_id: str) -> tuple[Article, SectionLinks] | None:
    """The article and its cross-links by section, each resolved to our own article when we hold its target."""
    article = get_article(session, article_id)
    if article is None:
        return None
    urls = {link.url for link in article.links if link.url}
    targets: dict[str, str] = {}
    if urls:
        for found_id, url, source_id in session.execute(
                select(Article.article_id, Article.url, Article.source_id)
                .where(Article.url.in_(urls) | Article.source_id.in_(urls))):
            for key in (url, source_id):
                if key:
                    targets[key] = found_id
    links: SectionLinks = defaultdict(list)
    for link in article.links:
        links[link.section_position].append(ResolvedLink(link.text, targets.get(link.url or "")))
    return article, dict(links)
