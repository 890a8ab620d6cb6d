"""What the learned models see of a candidate passage: retrieval scores and ranks, focus, type and audience.

Every feature is library-agnostic (ranks, shares, agreements), so a model trained on one library ranks another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from helpline.search.analysis import QuestionAnalysis
from helpline.search.index import SearchIndex
from helpline.search.question_types import COMPILED, RELATED_TYPES
from helpline.search.text import STOPWORDS, stem_word, stems, words

RRF_K = 60
NO_RANK = 200  # a list that did not return the passage counts it this far down

CANDIDATE_FEATURES = (
    "rrf", "lexical_log_rank", "dense_log_rank", "bm25_share", "cosine", "cosine_gap",
    "focus_article", "focus_section", "focus_mention", "type_exact", "type_related", "audience",
    "article_best_rrf", "article_log_count", "article_best_cosine", "coverage", "article_coverage", "bigrams",
    "later_passage", "first_section", "type_on_focus",
)
ANSWER_FEATURES = (
    "margin", "cosine", "coverage", "focus_article", "has_focus", "grounded", "log_words",
    "unknown_share", "unknown_words", "grounded_articles", "focus_section", "type_exact",
)


@dataclass(frozen=True)
class FocusAgreement:
    """How far a passage is about the question's foci, each 0–1, weighted by how telling each focus is."""

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


@dataclass
class CandidatePool:
    """A question's candidate passages with what every feature needs, computed once."""

    index: SearchIndex
    analysis: QuestionAnalysis
    rows: list[int]
    lexical: np.ndarray | None
    dense: np.ndarray | None
    lexical_rank: dict[int, int]
    dense_rank: dict[int, int]
    grounded: bool = False
    focus: list[FocusAgreement] = field(init=False)
    types: list[tuple[float, float]] = field(init=False)

    def __post_init__(self) -> None:
        self.focus = [focus_scores(self.index, self.analysis, row) for row in self.rows]
        self.types = [type_score(self.index, self.analysis, row) for row in self.rows]


def _coverage(index: SearchIndex, wanted: set[str], have: frozenset[str], weight: float) -> float:
    return sum(index.lexicon.idf(stem) for stem in wanted & have) / weight


def candidate_features(pool: CandidatePool) -> np.ndarray:
    """One row of ``CANDIDATE_FEATURES`` per candidate passage."""
    index, analysis, rows = pool.index, pool.analysis, pool.rows
    n = len(rows)
    lexical_rank = np.array([pool.lexical_rank.get(row, NO_RANK) for row in rows], dtype=np.float64)
    dense_rank = np.array([pool.dense_rank.get(row, NO_RANK) for row in rows], dtype=np.float64)
    rrf = RRF_K * (np.where(lexical_rank < NO_RANK, 1.0 / (RRF_K + lexical_rank + 1), 0.0)
                   + np.where(dense_rank < NO_RANK, 1.0 / (RRF_K + dense_rank + 1), 0.0))
    row_array = np.asarray(rows, dtype=np.int64)
    if pool.lexical is not None and float(pool.lexical.max()) > 0:
        bm25_share = pool.lexical[row_array] / float(pool.lexical.max())
    else:
        bm25_share = np.zeros(n)
    if pool.dense is not None:
        cosine = pool.dense[row_array].astype(np.float64)
        cosine_gap = float(pool.dense.max()) - cosine
    else:
        cosine, cosine_gap = np.zeros(n), np.ones(n)
    articles = [index.rows[row].article_id for row in rows]
    best_rrf: dict[str, float] = {}
    best_cosine: dict[str, float] = {}
    counts: dict[str, int] = {}
    for position, article in enumerate(articles):
        best_rrf[article] = max(best_rrf.get(article, 0.0), float(rrf[position]))
        best_cosine[article] = max(best_cosine.get(article, -1.0), float(cosine[position]))
        counts[article] = counts.get(article, 0) + 1
    wanted = set(stems(analysis.text))
    weight = sum(index.lexicon.idf(stem) for stem in wanted) or 1.0
    query_stems = stems(analysis.search_text)
    bigrams = set(zip(query_stems, query_stems[1:], strict=False))
    audience = analysis.audience
    features = np.zeros((n, len(CANDIDATE_FEATURES)), dtype=np.float64)
    for position, row in enumerate(rows):
        passage = index.rows[row]
        focus, (exact, related) = pool.focus[position], pool.types[position]
        article = articles[position]
        section = index.section_stems(row) | index.focus_stems[row]
        features[position] = (
            rrf[position], math.log1p(lexical_rank[position]), math.log1p(dense_rank[position]),
            bm25_share[position], cosine[position], cosine_gap[position],
            focus.article, focus.section, focus.mention, exact, related,
            (1.0 if passage.audience == audience else -1.0) if audience and passage.audience else 0.0,
            best_rrf[article], math.log1p(counts[article]), best_cosine[article],
            _coverage(index, wanted, section, weight),
            _coverage(index, wanted, index.article_stems(article) | index.focus_stems[row], weight),
            len(bigrams & index.section_bigrams(row)) / len(bigrams) if bigrams else 0.0,
            1.0 if passage.passage > 0 else 0.0,
            1.0 if index.article_rows[article][0] == row else 0.0,
            exact * (max(focus.article, focus.section) if analysis.foci else 1.0),  # the kind of answer, on focus
        )
    return features


def answer_features(pool: CandidatePool, features: np.ndarray, log_odds: np.ndarray) -> np.ndarray:
    """One row of ``ANSWER_FEATURES`` per candidate: how sure the ranker is, and how well the passage covers the
    question, beside the best candidate from another article."""
    index, analysis = pool.index, pool.analysis
    articles = [index.rows[row].article_id for row in pool.rows]
    best_by_article: dict[str, float] = {}
    for article, score in zip(articles, log_odds.tolist(), strict=True):
        best_by_article[article] = max(best_by_article.get(article, -1e9), score)
    ordered = sorted(best_by_article.values(), reverse=True)
    wanted = stems(analysis.text)
    unknown = sum(1 for stem in wanted if index.lexicon.stem_df.get(stem, 0) == 0) / max(len(wanted), 1)
    # Words the library never uses and that are no misspelling of one it does ("galleri", "turmeric").
    unknown_words = sum(1 for word in set(words(analysis.text))
                        if len(word) >= 4 and word.isalpha() and word not in STOPWORDS
                        and index.lexicon.stem_df.get(stem_word(word), 0) == 0
                        and index.lexicon.correct(word) == word)
    column = {name: position for position, name in enumerate(CANDIDATE_FEATURES)}
    result = np.zeros((len(pool.rows), len(ANSWER_FEATURES)), dtype=np.float64)
    for position, article in enumerate(articles):
        own = best_by_article[article]
        rival = next((score for score in ordered if score != own), own - 5.0) if len(ordered) > 1 else own - 5.0
        result[position] = (
            # The margin over the best other article, not the score itself: beside it, the score's weight came out
            # negative, which read a ranker surer than any training question as less sure.
            log_odds[position] - rival, features[position, column["cosine"]],
            features[position, column["coverage"]], features[position, column["focus_article"]],
            1.0 if analysis.foci else 0.0, 1.0 if pool.grounded else 0.0, math.log1p(len(wanted)), unknown,
            math.log1p(unknown_words),
            math.log1p(len(best_by_article)) if pool.grounded else 0.0,  # how few articles name what it names
            features[position, column["focus_section"]], features[position, column["type_exact"]],
        )
    return result
