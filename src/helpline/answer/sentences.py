"""Choosing what to quote: the paragraph of a section that answers, trimmed to the sentences that matter."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from helpline.search.focus import FocusLexicon
from helpline.search.question_types import COMPILED
from helpline.search.text import stems

Similarity = Callable[[list[str]], list[float]]

_NUMBER = r"(\d+(\.\d+)?|one|two|three|four|five|six|half|a half)"
_DOSE = re.compile(
    rf"\b{_NUMBER}[\s-]*(mg|milligrams?|mcg|micrograms?|µg|g|grams?|ml|milliliters?|millilitres?|cc|units?|iu|"
    r"tablets?|pills?|capsules?|caplets?|teaspoons?|tablespoons?|tsp|tbsp|drops?|puffs?|sprays?|patch(es)?|"
    r"doses?|injections?|suppositor(y|ies)|lozenges?)\b|\b(mg|mcg)/(kg|m2|day)\b", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"(^|\n)-?\s*((do not|don't|never)\s+)?(stop|start|skip|double|take|continue|increase|decrease|discontinue)\b"
    r"|\byou (should|must|need to) (stop|start|skip|double|take|continue|increase|decrease)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(This|These|It|They|Such|That|Those)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
MAX_QUOTE_CHARS = 700
MAX_PARAGRAPH_UNITS = 5
MEANING_SHORTLIST = 3
MEANING_CHARS = 200
TOPIC_WEIGHT = 0.5  # a named topic chooses the passage; within it, the question's other words choose
REST_OF_PARAGRAPH = 0.5  # what a paragraph's other sentences add to its best one's words counts at this weight


@dataclass(frozen=True)
class Unit:
    """A sentence, or a list with the sentence that introduces it, kept together so a quote keeps its list."""

    text: str
    position: int
    paragraph: int


def split_units(text: str) -> list[Unit]:
    """The section's units in order, each knowing its paragraph (blank lines separate paragraphs)."""
    units: list[Unit] = []
    blocks: list[str] = []
    for part in (part.strip() for part in text.split("\n\n")):
        if part and blocks and part.startswith("- ") and blocks[-1].endswith(":"):
            blocks[-1] += "\n" + part  # a list belongs with the sentence that introduces it
        elif part:
            blocks.append(part)
    for paragraph, block in enumerate(blocks):
        texts: list[str] = []
        for line in (line.strip() for line in block.split("\n")):
            if not line:
                continue
            if line.startswith("- ") and texts and (texts[-1].endswith(":") or "\n- " in texts[-1]
                                                    or texts[-1].startswith("- ")):
                texts[-1] = texts[-1] + "\n" + line
            elif line.startswith("- "):
                texts.append(line)
            else:
                texts.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
        start = len(units)
        units.extend(Unit(_shorten(t), start + i, paragraph) for i, t in enumerate(texts))
    return units


def is_quotable(unit: str) -> bool:
    """Whether the first responder may quote a unit: never an amount to take, never an order to start, stop
    or change a medicine. Those belong with the person's doctor or pharmacist, even when the library has them."""
    return not (_DOSE.search(unit) or _DIRECTIVE.search(unit))


def select_units(text: str, question: str, lexicon: FocusLexicon, similarity: Similarity | None = None,
                 focus_stems: Iterable[str] = (), question_types: Mapping[str, float] | None = None,
                 max_units: int = 3, topics: Sequence[Sequence[Iterable[str]]] = ()) -> list[Unit]:
    """The units to quote, in order: the best paragraph whole when it is short, else its best sentences.

    ``focus_stems`` are what every unit is about (the article's title, the section's heading): they tell units
    apart by nothing and are not counted. ``topics`` are the things the question names, each as its phrasings
    (the question's own first, then its aliases: "gleevec", "imatinib"). A unit naming one, or referring back to
    one ("This drug …"), counts it at half weight, so the question's other words and its type (frequency →
    "twice a day") decide among the units about the same thing. Units are also scored by meaning when a
    ``similarity`` is given.
    """
    units = [unit for unit in split_units(text) if is_quotable(unit.text)]
    units = [Unit(unit.text, position, unit.paragraph) for position, unit in enumerate(units)]
    if len(units) <= 1:
        return units
    about = set(focus_stems)
    phrasings = [[frozenset(phrasing) for phrasing in topic] for topic in topics]
    phrasings = [topic for topic in phrasings if topic and topic[0] - about]
    scores, paragraph_scores = _scores(units, question, lexicon, similarity, about, phrasings, question_types or {})
    best_paragraph = max(paragraph_scores, key=lambda number: (paragraph_scores[number], -number))
    paragraph = [unit for unit in units if unit.paragraph == best_paragraph]
    best_unit = max((unit.position for unit in paragraph), key=lambda i: (scores[i], -i))
    if len(paragraph) <= MAX_PARAGRAPH_UNITS and sum(len(u.text) for u in paragraph) <= MAX_QUOTE_CHARS:
        chosen = paragraph
    else:
        ranked = sorted(paragraph, key=lambda unit: -scores[unit.position])
        chosen, total = [], 0
        for unit in ranked:
            if len(chosen) >= max_units or (chosen and scores[unit.position] < 0.6 * scores[best_unit]):
                break
            if not chosen or total + len(unit.text) <= MAX_QUOTE_CHARS:
                chosen.append(unit)
                total += len(unit.text)
    named = {stem for topic in phrasings for phrasing in topic for stem in phrasing}
    return _with_referent(sorted(chosen, key=lambda unit: unit.position), units, (named - about) or about)


def quote_text(units: list[Unit]) -> str:
    """The units as quoted text, with "…" where sentences between them were left out."""
    lines: list[str] = []
    for previous, unit in zip([None, *units], units, strict=False):
        if previous is not None and unit.position != previous.position + 1:
            lines.append("…")
        lines.append(unit.text)
    return "\n".join(lines)


def _scores(units: list[Unit], question: str, lexicon: FocusLexicon, similarity: Similarity | None,
            about: set[str], topics: list[list[frozenset[str]]],
            question_types: Mapping[str, float]) -> tuple[list[float], dict[int, float]]:
    """Each unit's score, and each paragraph's: its best unit's, plus (at a lower weight) the question's words
    and topics that its other units cover (an answer may name its subject in one sentence and answer in the
    next)."""
    wanted = set(stems(question)) - about
    weight = sum(lexicon.idf(stem) for stem in wanted) or 1.0
    topic_words = {stem for topic in topics for stem in topic[0]}
    topic_weights = [sum(lexicon.idf(stem) for stem in topic[0] - about) for topic in topics]
    unit_stems = [set(stems(unit.text)) for unit in units]
    named = _topics_named(units, unit_stems, topics)

    def overlap(have: set[str], names: set[int]) -> float:
        return (sum(lexicon.idf(stem) for stem in (wanted - topic_words) & have)
                + TOPIC_WEIGHT * sum(topic_weights[topic] for topic in names)) / weight

    overlaps = [overlap(have, names) for have, names in zip(unit_stems, named, strict=True)]
    cues = [0.4 * sum(weight for qtype, weight in question_types.items()
                      if qtype in COMPILED and COMPILED[qtype].search(unit.text)) for unit in units]
    scores = [o + c - 0.01 * unit.position for o, c, unit in zip(overlaps, cues, units, strict=True)]
    paragraphs: dict[int, list[int]] = {}
    for unit in units:
        paragraphs.setdefault(unit.paragraph, []).append(unit.position)
    paragraph_scores = {}
    for number, members in paragraphs.items():
        best = max(members, key=lambda i: scores[i])
        whole = overlap(set().union(*(unit_stems[i] for i in members)), set().union(*(named[i] for i in members)))
        paragraph_scores[number] = scores[best] + REST_OF_PARAGRAPH * (whole - overlaps[best])
    if similarity is not None and MEANING_SHORTLIST:
        # Meaning is costly to compute (one encoder pass per unit), so only the best unit of each of the best
        # few paragraphs by words gets it.
        best_paragraphs = sorted(paragraph_scores, key=lambda number: -paragraph_scores[number])[:MEANING_SHORTLIST]
        shortlist = [max(paragraphs[number], key=lambda i: scores[i]) for number in best_paragraphs]
        openings = [units[i].text[:MEANING_CHARS] for i in shortlist]  # a unit's opening carries its meaning
        for i, meaning in zip(shortlist, similarity(openings), strict=True):
            scores[i] += meaning
            paragraph_scores[units[i].paragraph] += meaning
    return scores, paragraph_scores


def _topics_named(units: list[Unit], unit_stems: list[set[str]], topics: list[list[frozenset[str]]]) -> list[set[int]]:
    """Which of the question's topics each unit names by any phrasing, or refers back to: a unit opening with
    "This drug" or "It" is about what the nearest earlier unit with a topic was about."""
    named: list[set[int]] = []
    for unit, have in zip(units, unit_stems, strict=True):
        own = {number for number, topic in enumerate(topics) if any(phrasing <= have for phrasing in topic)}
        if not own and _ANAPHORA.match(unit.text):
            own = next((earlier for earlier in reversed(named) if earlier), set())
        named.append(own)
    return named


def _with_referent(chosen: list[Unit], units: list[Unit], focus_stems: set[str]) -> list[Unit]:
    """When the quote opens with "This drug" or "It", add the nearest earlier sentence that names the focus."""
    if not chosen or not _ANAPHORA.match(chosen[0].text):
        return chosen
    for earlier in reversed(units[:chosen[0].position]):
        if focus_stems & set(stems(earlier.text)) or earlier.position == chosen[0].position - 1 and not focus_stems:
            return [earlier, *chosen]
    return chosen


def _shorten(unit: str, max_items: int = 8, max_chars: int = 450) -> str:
    """Bound one unit: a long list keeps its first items, a long sentence its first words, marked with "…"."""
    lines = unit.split("\n")
    if len(lines) > max_items + 1:
        lines = [*lines[:max_items + 1], "- …"]
    shortened = []
    for line in lines:
        if len(line) > max_chars:
            cut = line[:max_chars]
            sentence_end = max(cut.rfind(". "), cut.rfind("; "))
            line = (cut[:sentence_end + 1] if sentence_end > max_chars // 2 else cut.rsplit(" ", 1)[0]) + " …"
        shortened.append(line)
    return "\n".join(shortened)
