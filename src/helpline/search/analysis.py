"""Question understanding: reduce a consumer's message to its focus, question type and audience."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from helpline.search.focus import FocusLexicon, FocusMatch
from helpline.search.grounding import cancer_terms
from helpline.search.question_types import detect_question_types

_CHILD = re.compile(
    r"\b(my (little |baby |teenage |)(son|daughter|child|kid|baby|toddler|grandson|granddaughter|boy|girl)|"
    r"child(ren|hood)?|kids?|pediatric|paediatric|infants?|newborns?|bab(y|ies)|toddlers?|teen(ager)?s?|"
    r"\d{1,2}[- ]?(months?|weeks?)[- ]old|school|nephew|niece)\b", re.IGNORECASE)
_ADULT = re.compile(r"\b(adults?|grown[- ]ups?|my (husband|wife|mother|father|mom|mum|mam|dad|partner|"
                    r"grand(ma|pa|mother|father|dad|mum)|nan|boyfriend|girlfriend|fianc[eé]e?)|pregnan\w*|"
                    r"menopaus\w*|retire\w*|elderly|older (people|adults?))\b", re.IGNORECASE)
# An age: "6 year old", "6yo", "(64)", "aged 64", "I'm 52", "age 15", "64 y/o".
_AGE = re.compile(r"\b(\d{1,3})\s*(?:-|\s)?(?:years?|yrs?|y/?o)\b(?:[- ]old)?|\((\d{1,3})\)|\baged? (\d{1,3})\b|"
                  r"\b(?:i'?m|i am|is|he'?s|she'?s|turned) (\d{1,2})\b"
                  r"(?! ?(?:%|percent|cm|mm|kg|lb|weeks?|months?|days?))", re.IGNORECASE)
ADULT_AGE = 18


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
    """"children" or "adults" when the question says whom it is about (an age decides first), else None."""
    ages = [int(next(group for group in match.groups() if group)) for match in _AGE.finditer(text)]
    ages = [age for age in ages if age < 110]
    if ages:
        return "children" if ages[0] < ADULT_AGE else "adults"
    child, adult = bool(_CHILD.search(text)), bool(_ADULT.search(text))
    if child and not adult:
        return "children"
    if adult and not child:
        return "adults"
    return None


def analyse(text: str, lexicon: FocusLexicon) -> QuestionAnalysis:
    # Abbreviations in capitals the library spells out, and lay names in our own lexicon ("voice box" → larynx).
    abbreviations = list(dict.fromkeys([*lexicon.expand_abbreviations(text), *cancer_terms().medical_terms(text)]))
    foci = lexicon.find(" ".join([text, *abbreviations]))
    expansions = list(abbreviations)
    for match in foci:
        for expansion in match.expansions:
            surface = lexicon.surface.get(expansion)
            if expansion != match.phrase and surface and surface not in expansions:
                expansions.append(surface)
    return QuestionAnalysis(text=text, foci=foci, types=detect_question_types(text),
                            audience=detect_audience(text), expansions=expansions)
