"""Harvest other names from the articles themselves: "Imatinib (Gleevec)", "(Also called: …)", "(ALL)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpline.library.document import ParsedArticle

# "Imatinib (Gleevec)" at the start of a list item: a generic name then a capitalised brand name.
_DRUG_BRAND = re.compile(
    r"^-?\s*([A-Za-z][a-z]+(?:[ -][a-z]+)?)\s+\(([A-Z][a-z][A-Za-z0-9-]*(?: [A-Z][A-Za-z0-9-]+)?)\)"
)
# The same pattern anywhere in prose: "Revumenib (Revuforj) is …"
_INLINE_DRUG_BRAND = re.compile(
    r"\b([A-Z][a-z]+(?:inib|mab|umab|ximab|zumab|nib|lib|cin|ide|ine|ate))\s+\(([A-Z][A-Za-z0-9-]+)\)"
)
_ALSO_CALLED = re.compile(r"\(Also called:\s*([^)]*)\)")
# "acute lymphocytic leukemia (ALL)": an abbreviation whose letters start the words before it.
_ABBREVIATION = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,6})\(([A-Z][A-Z0-9+]{1,7})\)")
# A common misspelling the seed page itself contains.
KNOWN_SPELLING_VARIANTS = {"ktm2a": "kmt2a"}


@dataclass(frozen=True)
class HarvestedAlias:
    alias: str
    canonical: str
    kind: str  # brand | synonym | abbreviation | spelling


def harvest_aliases(article: ParsedArticle) -> list[HarvestedAlias]:
    """Other names an article gives for its drugs, its focus and its abbreviations."""
    found: dict[tuple[str, str], HarvestedAlias] = {}

    def add(alias: str, canonical: str, kind: str) -> None:
        alias, canonical = alias.strip(), canonical.strip()
        if alias and canonical and alias.lower() != canonical.lower() and len(alias) <= 300:
            found.setdefault((alias.lower(), canonical.lower()),
                             HarvestedAlias(alias.lower(), canonical.lower(), kind))

    for section in article.sections:
        texts = [section.text] + ([section.question] if section.question else [])
        for text in texts:
            for line in text.splitlines():
                match = _DRUG_BRAND.match(line)
                if match:
                    add(match.group(2), match.group(1), "brand")
            for match in _INLINE_DRUG_BRAND.finditer(text):
                add(match.group(2), match.group(1), "brand")
            for match in _ALSO_CALLED.finditer(text):
                for synonym in match.group(1).split(";"):
                    add(synonym, article.focus or article.title, "synonym")
            for match in _ABBREVIATION.finditer(text):
                expansion = _expansion_for(match.group(1), match.group(2))
                if expansion:
                    add(match.group(2), expansion, "abbreviation")
    for variant, correct in KNOWN_SPELLING_VARIANTS.items():
        if any(variant in section.text.lower() or variant in (section.heading or "").lower()
               for section in article.sections):
            add(variant, correct, "spelling")
    return list(found.values())


def _expansion_for(words_before: str, abbreviation: str) -> str | None:
    """The trailing words whose initials spell the abbreviation, if any ("acute lymphocytic leukemia")."""
    words = words_before.split()
    letters = [c for c in abbreviation.lower() if c.isalpha()]
    for start in range(len(words)):
        candidate = words[start:]
        initials = [w[0].lower() for w in candidate]
        if initials == letters:
            return " ".join(candidate).lower()
    return None
