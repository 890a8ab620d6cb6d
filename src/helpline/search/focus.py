"""The focus lexicon: names of conditions, drugs and topics found in a question, with aliases and misspellings."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from helpline.search.text import stem_word, stems, words

MAX_PHRASE = 6
RARE_SHARE = 0.05  # a word in fewer than 5 % of passages is rare enough to stand for a focus
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9+]{1,7}s?\b")


@dataclass(frozen=True)
class FocusMatch:
    """A focus found in a question: the stems as written, what they stand for, and how telling they are."""

    phrase: tuple[str, ...]
    expansions: tuple[tuple[str, ...], ...]  # the phrase itself plus its alias targets
    weight: float
    position: int


class FocusLexicon:
    """Known focus phrases (article foci and titles, harvested aliases) and a spelling corrector for them."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        self.stem_df: dict[str, int] = defaultdict(int)
        self.document_count = 0
        self.vocabulary: set[str] = set()
        self._deletes: dict[str, set[str]] = defaultdict(set)
        self.surface: dict[tuple[str, ...], str] = {}
        # "ALL" -> ["acute lymphocytic leukemia", "acute lymphoblastic leukemia"]; matched in capitals only
        self.abbreviations: dict[str, list[str]] = {}

    def add_focus_name(self, name: str) -> None:
        """A focus name and the parts a question may use for it: "isolated sleep paralysis" is also found as
        "sleep paralysis", and "methylprednisolone oral" as "methylprednisolone" (single words only when rare)."""
        tokens = tuple(stems(name))
        if not tokens or len(tokens) > MAX_PHRASE:
            return
        self.add_phrase(name)
        # A single word of a longer name stands for it only when it is rare ("methylprednisolone" from
        # "methylprednisolone oral", not "oral").
        single_threshold = self._rare_idf(RARE_SHARE)
        for size in range(1, len(tokens)):
            for start in range(len(tokens) - size + 1):
                part = tokens[start:start + size]
                if size == 1 and self.idf(part[0]) < single_threshold:
                    continue
                self.phrases[part].add(part)

    def _rare_idf(self, share: float = RARE_SHARE) -> float:
        return math.log(1 + self.document_count / (1 + share * self.document_count))

    def add_phrase(self, phrase: str, canonical: str | None = None) -> None:
        key = tuple(stems(phrase))
        if not key or len(key) > MAX_PHRASE:
            return
        target = tuple(stems(canonical)) if canonical else key
        self.phrases[key].add(key)
        self.surface.setdefault(key, phrase.lower())
        if target and target != key and canonical:
            self.phrases[key].add(target)
            self.phrases.setdefault(target, set()).add(target)
            self.surface.setdefault(target, canonical.lower())

    def add_abbreviation(self, abbreviation: str, expansion: str) -> None:
        expansions = self.abbreviations.setdefault(abbreviation.upper(), [])
        if expansion.lower() not in expansions:
            expansions.append(expansion.lower())
        self.add_phrase(expansion)

    def known_abbreviations(self, text: str) -> list[str]:
        """The known abbreviations written in capitals in ``text``."""
        return [token for token in _CAPITALS.findall(text)
                if token in self.abbreviations or token.removesuffix("s") in self.abbreviations]

    def expand_abbreviations(self, text: str) -> list[str]:
        """Expansions of the known abbreviations written in capitals in ``text`` ("ALL", not "all")."""
        found = (self.abbreviations.get(token) or self.abbreviations.get(token.removesuffix("s"), [])
                 for token in _CAPITALS.findall(text))
        return list(dict.fromkeys(expansion for expansions in found for expansion in expansions))

    def add_document(self, text: str) -> None:
        """Count stem document frequencies (specificity) and collect the words known to the library."""
        self.document_count += 1
        for stem in set(stems(text)):
            self.stem_df[stem] += 1

    def add_vocabulary(self, texts: Iterable[str]) -> None:
        for text in texts:
            for word in words(text):
                if len(word) >= 5 and word.isalpha() and word not in self.vocabulary:
                    self.vocabulary.add(word)
                    for deleted in _deletes(word):
                        self._deletes[deleted].add(word)

    def idf(self, stem: str) -> float:
        return math.log(1 + self.document_count / (1 + self.stem_df.get(stem, 0)))

    def correct(self, word: str) -> str:
        """The known word closest to an unknown one (edit distance ≤ 2), or the word itself."""
        if len(word) < 5 or not word.isalpha() or word in self.vocabulary or self.stem_df.get(stem_word(word)):
            return word  # short, a name we know, or a word the library uses: not a misspelling
        candidates: set[str] = set()
        for deleted in _deletes(word) | {word}:
            candidates |= self._deletes.get(deleted, set())
            if deleted in self.vocabulary:
                candidates.add(deleted)
        close = [c for c in candidates if _distance(word, c) <= (1 if len(word) < 8 else 2)]
        if not close:
            return word
        return min(close, key=lambda c: (_distance(word, c), -self.stem_df.get(c, 0), c))

    def find(self, text: str) -> list[FocusMatch]:
        """Focus phrases in ``text``, longest first, none inside another; misspellings corrected."""
        corrected = " ".join(self.correct(word) for word in words(text))
        tokens = stems(corrected)
        spans: list[tuple[int, int]] = []
        matches: list[FocusMatch] = []
        counts: dict[tuple[str, ...], int] = defaultdict(int)
        for size in range(min(MAX_PHRASE, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                phrase = tuple(tokens[start:start + size])
                if phrase in self.phrases:
                    counts[phrase] += 1
        seen: set[tuple[str, ...]] = set()
        for size in range(min(MAX_PHRASE, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                phrase = tuple(tokens[start:start + size])
                if phrase not in self.phrases or phrase in seen:
                    continue
                if any(s <= start and start + size <= e for s, e in spans):
                    continue
                spans.append((start, start + size))
                seen.add(phrase)
                specificity = sum(self.idf(stem) for stem in phrase)
                weight = specificity * (1 + 0.25 * (counts[phrase] - 1)) * _position_weight(start)
                matches.append(FocusMatch(phrase, tuple(sorted(self.phrases[phrase])), weight, start))
        if not matches:
            matches = self._rare_words(tokens)
        matches.sort(key=lambda match: -match.weight)
        return matches

    def _rare_words(self, tokens: list[str], limit: int = 2) -> list[FocusMatch]:
        """With no known name in the question, its rarest words that the library uses stand for its focus
        ("differentiation" in "what is differentiation syndrome")."""
        threshold = self._rare_idf()
        rare = sorted({t for t in tokens if self.stem_df.get(t, 0) > 0 and self.idf(t) >= threshold},
                      key=lambda t: -self.idf(t))[:limit]
        return [FocusMatch((t,), ((t,),), 0.5 * self.idf(t) * _position_weight(tokens.index(t)),
                           tokens.index(t)) for t in rare]


def _position_weight(position: int) -> float:
    """A question names what it is about early (a subject line, a first sentence); later names are often
    asides ("I also had a stroke")."""
    return 1.0 / (1.0 + position / 40)


def _deletes(word: str) -> set[str]:
    once = {word[:i] + word[i + 1:] for i in range(len(word))}
    if len(word) < 8:
        return once
    return once | {w[:i] + w[i + 1:] for w in once for i in range(len(w))}


def _distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
