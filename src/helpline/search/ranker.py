"""Hybrid ranking: BM25 and dense candidates, fused by rank, re-scored with the question's focus and type."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from helpline.search.analysis import QuestionAnalysis
from helpline.search.index import SearchIndex
from helpline.search.question_types import COMPILED, RELATED_TYPES
from helpline.search.text import stems

RRF_K = 100
CANDIDATES = 100
BIGRAM_CANDIDATES = 50


@dataclass(frozen=True)
class Weights:
    """How much each signal counts. Fusion scores are ~1/60 per list, so the others are scaled to match."""

    lexical: float = 1.0
    dense: float = 1.0
    focus_article: float = 0.03
    focus_section: float = 0.01
    focus_mention: float = 0.005
    question_type: float = 0.012
    related_type: float = 0.005
    audience: float = 0.004
    bigram: float = 0.01


@dataclass(frozen=True)
class Hit:
    row: int
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    focus: float
    type_match: float


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, scores.shape[0])
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top])]


def lexical_ranking(index: SearchIndex, query: str, k: int = CANDIDATES) -> list[int]:
    tokens = stems(query)
    if index.bm25 is None or not tokens:
        return []
    scores = index.bm25.get_scores(tokens)
    top = _top(np.asarray(scores), k)
    return [int(i) for i in top if scores[i] > 0]


def dense_ranking(index: SearchIndex, query_vector: np.ndarray | None, k: int = CANDIDATES) -> list[int]:
    if index.dense is None or query_vector is None:
        return []
    scores = index.dense @ query_vector
    return [int(i) for i in _top(scores, k)]


@dataclass(frozen=True)
class FocusAgreement:
    """How far a section is about the question's foci, each 0–1, weighted by how telling each focus is."""

    article: float  # the article's own focus or title names it
    section: float  # the section's text names it
    mention: float  # some section of the article names it


def focus_scores(index: SearchIndex, analysis: QuestionAnalysis, row: int) -> FocusAgreement:
    if not analysis.foci:
        return FocusAgreement(0.0, 0.0, 0.0)
    total = sum(match.weight for match in analysis.foci)
    article_focus = index.focus_stems[row]
    article_id = index.rows[row].article_id
    article_score = section_score = mention_score = 0.0
    for match in analysis.foci:
        best_article = best_section = best_mention = 0.0
        for expansion in match.expansions:
            phrase = set(expansion)
            if phrase <= article_focus:
                best_article = max(best_article, len(phrase) / max(len(article_focus), 1))
            if phrase <= index.section_stems(row):
                best_section = best_mention = 1.0
            elif phrase <= index.article_stems(article_id):
                best_mention = 1.0
        article_score += match.weight * best_article
        section_score += match.weight * best_section
        mention_score += match.weight * best_mention
    return FocusAgreement(article_score / total, section_score / total, mention_score / total)


def type_score(index: SearchIndex, analysis: QuestionAnalysis, row: int) -> tuple[float, float]:
    """(exact, related) agreement of the section's question type with the question's. A page's passage is
    also typed by its wording ("side effects include …", "1 out of 4"): page headings say little of it."""
    section_type = index.types[row]
    cued = 0.0
    if index.rows[row].kind != "medquad":
        text = index.rows[row].text
        cued = max((weight for qtype, weight in analysis.types.items()
                    if qtype not in ("information", section_type) and COMPILED[qtype].search(text)), default=0.0)
    if section_type is None:
        return cued, 0.0
    if not analysis.types:
        return (0.5, 0.0) if section_type == "information" else (0.0, 0.0)
    exact = max(analysis.types.get(section_type, 0.0), cued)
    related = max((weight for qtype, weight in analysis.types.items()
                   if section_type in RELATED_TYPES.get(qtype, set())), default=0.0)
    return exact, related


def rank(index: SearchIndex, analysis: QuestionAnalysis, query_vector: np.ndarray | None,
         weights: Weights = Weights(), limit: int = 10) -> list[Hit]:
    lexical = lexical_ranking(index, analysis.search_text)
    dense = dense_ranking(index, query_vector)
    lexical_rank = {row: rank for rank, row in enumerate(lexical)}
    dense_rank = {row: rank for rank, row in enumerate(dense)}
    candidates = set(lexical) | set(dense)
    for match in analysis.foci[:3]:
        for expansion in match.expansions:
            candidates.update(_rows_with_focus(index, set(expansion)))
    query_stems = stems(analysis.search_text)
    bigrams = set(zip(query_stems, query_stems[1:], strict=False))
    hits: list[Hit] = []
    for row in candidates:
        score = 0.0
        if row in lexical_rank:
            score += weights.lexical / (RRF_K + lexical_rank[row])
        if row in dense_rank:
            score += weights.dense / (RRF_K + dense_rank[row])
        focus = focus_scores(index, analysis, row)
        exact_type, related_type = type_score(index, analysis, row)
        score += (weights.focus_article * focus.article + weights.focus_section * focus.section
                  + weights.focus_mention * focus.mention)
        # The kind of answer matters among sections about the question's focus, hardly elsewhere:
        # "What is X?" should not lift every "What is Y?" section.
        on_focus = max(focus.article, focus.section) if analysis.foci else 1.0
        type_weight = 0.25 + 0.75 * on_focus
        score += type_weight * (weights.question_type * exact_type + weights.related_type * related_type)
        audience = index.rows[row].audience
        if analysis.audience and audience:
            score += weights.audience * (1 if audience == analysis.audience else -1)
        hits.append(Hit(row, score, lexical_rank.get(row), dense_rank.get(row), focus.article, exact_type))
    hits.sort(key=lambda hit: (-hit.score, hit.row))
    if bigrams:
        # The question's words found side by side: checked on the leading candidates only (it needs the text).
        hits[:BIGRAM_CANDIDATES] = sorted(
            (replace(hit, score=hit.score + weights.bigram * len(bigrams & index.section_bigrams(hit.row))
                     / len(bigrams)) for hit in hits[:BIGRAM_CANDIDATES]),
            key=lambda hit: (-hit.score, hit.row))
    return hits[:limit]


def _rows_with_focus(index: SearchIndex, phrase: set[str], cap: int = 300) -> list[int]:
    """Rows of the articles whose focus is the phrase or close to it ("sleep apnea" → "Sleep Apnea")."""
    found: list[int] = []
    for article_id in index.articles_with_focus(phrase):
        rows = index.article_rows[article_id]
        if len(index.focus_stems[rows[0]]) <= len(phrase) + 2:
            found.extend(rows)
            if len(found) >= cap:
                break
    return found
