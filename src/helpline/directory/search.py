"""Finding resources by need, place and words; each match says why it matched.

The directory is small (hundreds of rows, not millions), so active resources are read once per search and
matched in Python: the rules stay plain and the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.db.staff_tables import Resource
from helpline.directory.needs import NEEDS, needs_in_words, singular, words
from helpline.directory.places import Place, RegionMatch, match_regions, parse_place
from helpline.errors import InvalidInput

MAX_LIMIT = 200
_STOPWORDS = frozenset(
    "a an and any are as at be by can for from get help i in is it me my need needs of on or our near "
    "some that the their them they to we with who want looking someone".split())


@dataclass(frozen=True)
class ResourceMatch:
    """A resource found, with why: the needs it shares with the request, how it serves the place, the words."""

    resource: Resource
    needs: tuple[str, ...]
    region: str
    words: tuple[str, ...]
    sort_key: tuple[int, int, int, str]

    def as_json(self) -> dict[str, Any]:
        resource = self.resource
        return {"id": resource.id, "key": resource.key, "name": resource.name,
                "description": resource.description, "needs": resource.needs.split(","),
                "eligibility": resource.eligibility, "contact": resource.contact, "url": resource.url,
                "regions": resource.regions.split(","),
                "matched": {"needs": list(self.needs), "region": self.region, "words": list(self.words)}}


def resolve_needs(text: str) -> list[str]:
    """Need codes from codes or a specialist's words ("transport" → rides); InvalidInput when none is found."""
    if text.strip().lower() == "other":
        return ["other"]
    codes = needs_in_words(text)
    if not codes:
        raise InvalidInput(f"no known need in {text!r}; the needs are: {', '.join(NEEDS)}")
    return codes


def _query_words(text: str) -> list[str]:
    return list(dict.fromkeys(singular(word) for word in words(text) if word not in _STOPWORDS))


def _found(query_word: str, resource_words: set[str]) -> bool:
    if query_word in resource_words:
        return True
    # "transport" finds "transportation", but short words must match whole.
    return len(query_word) >= 4 and any(word.startswith(query_word) for word in resource_words)


def search(session: Session, need: str | None = None, place: str | None = None, text: str | None = None,
           limit: int = 20) -> list[ResourceMatch]:
    """Active resources for a need, a place and free words, each given criterion required.

    With a place, resources serving a ZIP prefix come first (longest prefix first), then the whole state, then
    part of the state (when only a state was given), then nationwide ones. Then more of the asked-for needs
    and words matched, then by name.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    wanted = set(resolve_needs(need)) if need and need.strip() else None
    where = parse_place(place) if place and place.strip() else None
    query = _query_words(text) if text else []
    text_needs = set(needs_in_words(text)) if text else set()
    matches: list[ResourceMatch] = []
    for resource in session.scalars(select(Resource).where(Resource.active.is_(True))):
        match = _match(resource, wanted, where, query, text_needs, bool(query or text_needs))
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda match: match.sort_key)
    return matches[:limit]


def _match(resource: Resource, wanted: set[str] | None, where: Place | None, query: list[str],
           text_needs: set[str], has_text: bool) -> ResourceMatch | None:
    codes = resource.needs.split(",")
    shared = tuple(code for code in codes if wanted is None or code in wanted)
    if wanted is not None and not shared:
        return None
    region = RegionMatch(0, 0, "")
    if where is not None:
        found = match_regions(resource.regions, where)
        if found is None:
            return None
        region = found
    hits: list[str] = []
    score = 0
    if has_text:
        name_words = {singular(word) for word in words(resource.name)}
        other_words = {singular(word) for word in words(f"{resource.description} {resource.eligibility}")}
        for word in query:
            if _found(word, name_words):
                hits.append(word)
                score += 2
            elif _found(word, other_words):
                hits.append(word)
                score += 1
        by_words = [code for code in codes if code in text_needs]
        score += len(by_words)
        if score == 0:
            return None
        if wanted is None:
            shared = tuple(by_words)
    elif wanted is None:
        shared = ()
    if wanted is not None:
        score += len(shared)  # a resource meeting more of the asked-for needs comes first
    return ResourceMatch(resource, shared, region.reason, tuple(hits),
                         (region.rank, -region.digits, -score, resource.name.lower()))

