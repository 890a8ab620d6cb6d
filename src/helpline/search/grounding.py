"""Focus grounding: which cancer types, drugs, tests and treatments a question names, and whether the library
covers them.

A question about a cancer type is answered only from articles about that type; one about a drug only from
sections that name it. A named focus the library lacks (a cancer type with no article, a drug no section names,
a test or treatment no section names, a drug-like name nothing in the library mentions: ``drug_names``) is
reported as missing, so that the first responder abstains and says what is missing rather than answering from
other text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from helpline.search.drug_names import MIN_LENGTH, drug_name_model
from helpline.search.index import SearchIndex
from helpline.search.text import STOPWORDS, stem_word, stems, words

MAX_PHRASE = 8
# International nonproprietary name stems of cancer drugs (a policy on names, not on wording): a word with one of
# them that the library never uses is a drug we have no article on.
_DRUG_STEMS = ("mab", "tinib", "anib", "enib", "rafenib", "ciclib", "parib", "lisib", "degib", "zomib",
               "platin", "taxel", "rubicin", "tecan", "mustine", "citabine", "trexed", "leukin", "lutamide",
               "trozole", "relix", "tuzumab", "lintide")
BESIDE = 3  # words either side of an unknown name where another name of the same drug would stand
DISCUSSED_SECTIONS = 2  # an article discusses a type it names in this many sections (set on the training sets)
_GENERIC = frozenset({"cancer", "tumor", "tumour", "carcinoma", "neoplasm", "malignancy"})


@dataclass(frozen=True)
class CancerTerms:
    """Our own lexicon (``cancer_terms.json``): lay names, cancer types and drugs, as stemmed phrases."""

    lay: tuple[tuple[re.Pattern[str], str], ...]  # a lay phrase, whole words, and the medical term it means
    variants: dict[tuple[str, ...], frozenset[tuple[str, ...]]]  # a term and its lay equivalents, both ways
    types: dict[tuple[str, ...], str]  # stems → the name as written
    drugs: dict[tuple[str, ...], str]
    procedures: dict[tuple[str, ...], str]  # tests, scans, treatments, devices

    def medical_terms(self, text: str) -> list[str]:
        """The medical terms for the lay phrases in ``text`` ("voice box" → "larynx")."""
        lowered = text.lower()
        return list(dict.fromkeys(term for pattern, term in self.lay if pattern.search(lowered)))


def mentions_cancer(text: str) -> bool:
    """Whether ``text`` speaks of cancer at all: a generic word ("cancer", "tumour") or a named type or drug."""
    tokens = stems(text)
    generic = {stem_word(word) for word in _GENERIC}
    return bool(generic & set(tokens)) or bool(_phrases(tokens, cancer_terms(), kinds=("type", "drug")))


@lru_cache(maxsize=1)
def cancer_terms() -> CancerTerms:
    data = json.loads(resources.files("helpline.search").joinpath("cancer_terms.json").read_text("utf-8"))
    lay = tuple((re.compile(rf"(?<![\w+]){re.escape(phrase)}(?![\w+])"), term) for phrase, term in data["lay_names"])
    variants: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for phrase, term in data["lay_names"]:
        a, b = tuple(stems(phrase)), tuple(stems(term))
        if a and b:
            variants.setdefault(a, {a}).add(b)
            variants.setdefault(b, {b}).add(a)
    types = {tuple(stems(name)): name for name in data["cancer_types"]}
    drugs = {tuple(stems(name)): name for name in data["drugs"]}
    procedures = {tuple(stems(name)): name for name in data["tests_and_treatments"]}
    return CancerTerms(lay, {k: frozenset(v) for k, v in variants.items()},
                       {k: v for k, v in types.items() if k and k not in {(g,) for g in _GENERIC}},
                       {k: v for k, v in drugs.items() if k},
                       {k: v for k, v in procedures.items() if k and k not in types and k not in drugs})


@dataclass(frozen=True)
class Grounding:
    """What the question is about and where it may be answered from."""

    named: tuple[str, ...] = ()  # the cancer types and drugs it names that the library covers
    missing: str | None = None  # a focus it is about that the library lacks: abstain and say so
    allowed_rows: frozenset[int] | None = None  # the passages it may be answered from; None: any

    @property
    def grounded(self) -> bool:
        return self.allowed_rows is not None


class LibraryCoverage:
    """What the library of one index covers: articles by focus, passages by the words they contain."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._postings: dict[str, frozenset[int]] = {}

    def rows_with(self, phrase: tuple[str, ...]) -> frozenset[int]:
        """Passages whose section contains every stem of ``phrase``, next to each other where it has several."""
        found: frozenset[int] | None = None
        for stem in phrase:
            rows = self._rows_with_stem(stem)
            found = rows if found is None else found & rows
            if not found:
                return frozenset()
        if found is None:
            return frozenset()
        if len(phrase) == 1:
            return found
        pairs = set(zip(phrase, phrase[1:], strict=False))
        return frozenset(row for row in found if pairs <= self.index.section_bigrams(row))

    def _rows_with_stem(self, stem: str) -> frozenset[int]:
        cached = self._postings.get(stem)
        if cached is None:
            bm25 = self.index.bm25
            term = bm25.vocab_dict.get(stem) if bm25 is not None else None
            if term is None or bm25 is None:
                cached = frozenset()
            else:
                scores = bm25.scores
                cached = frozenset(int(i) for i in scores["indices"][scores["indptr"][term]:scores["indptr"][term + 1]])
            self._postings[stem] = cached
        return cached

    def type_rows(self, phrase: tuple[str, ...]) -> frozenset[int]:
        """Passages that may answer about a cancer type: its articles; for a type that is not an organ's cancer
        ("hepatoblastoma", "basal cell carcinoma"), also the articles that name it in several sections. An
        organ's cancer named in passing ("a history of bladder cancer") has no article of its own here."""
        rows = set(self.article_rows(phrase))
        if phrase[-1] != "cancer":
            sections: dict[str, set[int]] = {}
            for row in self.rows_with(phrase):
                sections.setdefault(self.index.rows[row].article_id, set()).add(self.index.rows[row].section_pk)
            for article_id, named_in in sections.items():
                if len(named_in) >= DISCUSSED_SECTIONS:
                    rows.update(self.index.article_rows[article_id])
        return frozenset(rows)

    def mentions(self, phrase: tuple[str, ...]) -> bool:
        """Whether some section names a test or treatment, under any of its names ("cold cap", "scalp cooling")."""
        return any(self.rows_with(variant)
                   for variant in cancer_terms().variants.get(phrase, frozenset()) | {phrase})

    def article_rows(self, phrase: tuple[str, ...]) -> frozenset[int]:
        """Passages of the articles about ``phrase`` (their focus or title holds it, under any lay variant)."""
        rows: set[int] = set()
        for variant in cancer_terms().variants.get(phrase, frozenset({phrase})) | {phrase}:
            for article_id in self.index.articles_with_focus(set(variant)):
                rows.update(self.index.article_rows[article_id])
        return frozenset(rows)


def ground(coverage: LibraryCoverage, text: str, expansions: list[str]) -> Grounding:
    """Find the cancer types and drugs ``text`` names and check each against the library."""
    terms = cancer_terms()
    tokens = stems(" ".join([text, *expansions]))
    named: list[str] = []
    allowed: set[int] = set()
    missing_type: str | None = None
    missing_drug: str | None = None
    missing_procedure: str | None = None
    for phrase, kind in _phrases(tokens, terms):
        if kind == "procedure":  # only checked: a test or treatment does not narrow where the answer may come from
            if missing_procedure is None and not coverage.mentions(phrase):
                missing_procedure = terms.procedures[phrase]
            continue
        if kind == "drug":
            rows = coverage.rows_with(phrase) | coverage.article_rows(phrase)
            if rows:
                named.append(terms.drugs[phrase])
                allowed |= rows
            elif missing_drug is None:
                missing_drug = terms.drugs[phrase]
            continue
        rows = coverage.type_rows(phrase)
        if not rows:  # a subtype of a type the library covers is answered from that type's articles
            rows = _narrowest_covering(coverage, phrase, terms)
        if rows:
            named.append(terms.types[phrase])
            allowed |= rows
        elif missing_type is None:
            missing_type = terms.types[phrase]
    names_a_covered_drug = any(name in terms.drugs.values() for name in named)
    unknown = _unknown_drug_name(coverage, text)
    # "herceptin (trastuzumab)": an unknown name right beside a drug name the library uses is another name of it.
    if unknown and not _beside_a_drug_the_library_uses(coverage, text, unknown):
        return Grounding(missing=unknown)
    if missing_drug and not names_a_covered_drug:
        return Grounding(missing=missing_drug)  # a drug we have nothing on, not another name of one we do
    if not allowed and missing_type:
        return Grounding(missing=missing_type)
    if missing_procedure:
        return Grounding(missing=missing_procedure)
    if not allowed:
        return Grounding()
    return Grounding(named=tuple(named), allowed_rows=frozenset(allowed))


def _phrases(tokens: list[str], terms: CancerTerms,
             kinds: tuple[str, ...] = ("drug", "type", "procedure")) -> list[tuple[tuple[str, ...], str]]:
    """Known phrases of ``kinds`` (type, drug, procedure) in the tokens, longest first, none inside another."""
    spans: list[tuple[int, int]] = []
    found: list[tuple[tuple[str, ...], str]] = []
    for size in range(min(MAX_PHRASE, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            phrase = tuple(tokens[start:start + size])
            kind = ("drug" if phrase in terms.drugs else "type" if phrase in terms.types
                    else "procedure" if phrase in terms.procedures else None)
            if kind not in kinds or any(s <= start and start + size <= e for s, e in spans):
                continue
            if (phrase, kind) not in found:
                found.append((phrase, kind))
            spans.append((start, start + size))
    return found


def _narrowest_covering(coverage: LibraryCoverage, phrase: tuple[str, ...], terms: CancerTerms) -> frozenset[int]:
    """Passages of the articles about the longest known type inside ``phrase`` that the library covers."""
    for size in range(len(phrase) - 1, 0, -1):
        rows = frozenset().union(*(coverage.article_rows(phrase[start:start + size])
                                   for start in range(len(phrase) - size + 1)
                                   if phrase[start:start + size] in terms.types))
        if rows:
            return rows
    return frozenset()


def _unknown_drug_name(coverage: LibraryCoverage, text: str) -> str | None:
    """A drug-like name (by its INN stem, or by the look of it) that the library never uses and that is no
    misspelling of a word it does."""
    lexicon = coverage.index.lexicon
    for word in dict.fromkeys(words(text)):  # the cheap tests first: most words are the library's own
        if len(word) < MIN_LENGTH or not word.isalpha() or word in STOPWORDS:
            continue
        if lexicon.stem_df.get(stem_word(word), 0) > 0:
            continue
        inn = len(word) >= 7 and word.endswith(_DRUG_STEMS)
        if not inn and not drug_name_model().looks_like_a_drug(word):
            continue
        if lexicon.correct(word) != word:
            continue
        return word
    return None


def _beside_a_drug_the_library_uses(coverage: LibraryCoverage, text: str, name: str) -> bool:
    """Whether a word within ``BESIDE`` words of ``name`` is a drug's name the library uses (a lexicon drug, or a
    word that looks like one)."""
    lexicon, model, terms = coverage.index.lexicon, drug_name_model(), cancer_terms()
    tokens = words(text)
    near: set[str] = set()
    for position, token in enumerate(tokens):
        if token == name:
            near.update(tokens[max(0, position - BESIDE):position + BESIDE + 1])
    near.discard(name)
    return any(len(word) >= MIN_LENGTH and word.isalpha() and lexicon.stem_df.get(stem_word(word), 0) > 0
               and ((stem_word(word),) in terms.drugs or model.looks_like_a_drug(word)) for word in near)
