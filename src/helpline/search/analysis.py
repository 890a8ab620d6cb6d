"""Question understanding: reduce a consumer's message to its focus, question type and audience."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from helpline.search.focus import FocusLexicon, FocusMatch
from helpline.search.question_types import detect_question_types

_CHILD = re.compile(
    r"\b(my (son|daughter|child|kid|baby|toddler|grandson|granddaughter)|child(ren|hood)?|kids?|pediatric|"
    r"paediatric|infant|teen(ager)?s?|(\d|1[0-7])[- ]?(year|yr)s?[- ]old)\b", re.IGNORECASE)
_ADULT = re.compile(r"\b(adults?|grown[- ]ups?|my (husband|wife|mother|father|mom|dad|partner)|"
                    r"([2-9]\d)[- ]?(year|yr)s?[- ]old)\b", re.IGNORECASE)


@dataclass
class QuestionAnalysis:
    text: str
    foci: list[FocusMatch] = field(default_factory=list)
    types: dict[str, float] = field(default_factory=dict)
    audience: str | None = None
    expansions: list[str] = field(default_factory=list)  # other names of its foci: abbreviations, brands

    @property
    def search_text(self) -> str:
        """The question with the other names of its foci, for the lexical and dense indexes."""
        return " ".join([self.text, *self.expansions])

    @property
    def main_focus(self) -> FocusMatch | None:
        return self.foci[0] if self.foci else None


def detect_audience(text: str) -> str | None:
    child, adult = bool(_CHILD.search(text)), bool(_ADULT.search(text))
    if child and not adult:
        return "children"
    if adult and not child:
        return "adults"
    return None


def analyse(text: str, lexicon: FocusLexicon) -> QuestionAnalysis:
    abbreviations = lexicon.expand_abbreviations(text)
    foci = lexicon.find(" ".join([text, *abbreviations]))
    expansions = list(abbreviations)
    for match in foci:
        for expansion in match.expansions:
            surface = lexicon.surface.get(expansion)
            if expansion != match.phrase and surface and surface not in expansions:
                expansions.append(surface)
    return QuestionAnalysis(text=text, foci=foci, types=detect_question_types(text),
                            audience=detect_audience(text), expansions=expansions)
