"""Splitting a section into quotable units and choosing the ones that answer the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpline.search.focus import FocusLexicon
from helpline.search.text import stems

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


@dataclass(frozen=True)
class Unit:
    """A sentence, or a list introduced by a sentence, kept together so a quote never loses its list."""

    text: str
    position: int


def split_units(text: str) -> list[Unit]:
    units: list[str] = []
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("- "):
            if units and (units[-1].rstrip().endswith(":") or units[-1].lstrip().startswith("- ")
                          or "\n- " in units[-1]):
                units[-1] = units[-1] + "\n" + block
            else:
                units.append(block)
            continue
        units.extend(part.strip() for part in _SENTENCE_END.split(block) if part.strip())
    return [Unit(text, position) for position, text in enumerate(units)]


def select_units(text: str, question: str, lexicon: FocusLexicon, max_units: int = 3,
                 max_chars: int = 700) -> list[Unit]:
    """The sentences that matter for the question, in their original order."""
    units = split_units(text)
    if len(units) <= 1:
        return units
    wanted = set(stems(question))
    scored: list[tuple[float, Unit]] = []
    for unit in units:
        unit_stems = set(stems(unit.text))
        overlap = sum(lexicon.idf(stem) for stem in wanted & unit_stems)
        scored.append((overlap - 0.05 * unit.position, unit))
    scored.sort(key=lambda item: -item[0])
    chosen: list[Unit] = []
    total = 0
    for score, unit in scored:
        if len(chosen) >= max_units or (chosen and score <= 0):
            break
        if chosen and total + len(unit.text) > max_chars:
            continue
        chosen.append(unit)
        total += len(unit.text)
    return sorted(chosen, key=lambda unit: unit.position)
