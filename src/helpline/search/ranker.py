"""Ranking: BM25 and dense candidates fused by rank (RRF, k = 60), then ordered by a learned model.

The plain fusion picks the candidates, joined by the passages of the articles whose focus the question names;
``features`` describes each; the ranker model (``learned.py``, trained on
questions written apart from the code) orders them, and the answer model gives each hit the calibrated
probability that its article answers the question. A grounded question (``grounding.py``) is ranked only among
the passages it may be answered from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpline.search.analysis import QuestionAnalysis
from helpline.search.features import RRF_K, CandidatePool, answer_features, candidate_features
from helpline.search.grounding import Grounding
from helpline.search.index import SearchIndex
from helpline.search.learned import RankingModels, ranking_models
from helpline.search.text import stems

DEPTH = 100
CANDIDATES = 40
FOCUS_MATCHES = 3  # the question's most telling foci whose articles join the candidates
FOCUS_CANDIDATES = 60
GROUNDED_MAX = 400  # a grounded question's allowed passages are all scored when there are no more than this


@dataclass(frozen=True)
class Hit:
    row: int
    score: float  # the ranker's log-odds that the passage's article answers
    lexical_rank: int | None
    dense_rank: int | None
    focus: float  # how far the passage's article is about the question's focus (0–1)
    type_match: float
    probability: float = 0.0  # calibrated probability that this hit answers the question


def lexical_scores(index: SearchIndex, query: str) -> np.ndarray | None:
    tokens = stems(query)
    if index.bm25 is None or not tokens:
        return None
    return np.asarray(index.bm25.get_scores(tokens), dtype=np.float32)


def dense_scores(index: SearchIndex, query_vector: np.ndarray | None) -> np.ndarray | None:
    if index.dense is None or query_vector is None:
        return None
    scores: np.ndarray = index.dense @ query_vector
    return scores


def fused_candidates(lexical: np.ndarray | None, dense: np.ndarray | None, allowed: frozenset[int] | None,
                     size: int) -> tuple[list[int], dict[int, int], dict[int, int]]:
    """The plain reciprocal-rank fusion's leading rows (within ``allowed`` when given), with each list's ranks."""
    fused: dict[int, float] = {}
    lexical_rank: dict[int, int] = {}
    dense_rank: dict[int, int] = {}
    for scores, ranks in ((lexical, lexical_rank), (dense, dense_rank)):
        if scores is None:
            continue
        if allowed is not None and len(allowed) <= GROUNDED_MAX:
            pool = np.fromiter(allowed, dtype=np.int64)
            order = pool[np.argsort(-scores[pool], kind="stable")]
        else:
            depth = min(DEPTH, scores.shape[0])
            top = np.argpartition(-scores, depth - 1)[:depth]
            order = top[np.argsort(-scores[top], kind="stable")]
            if allowed is not None:
                order = np.array([row for row in order if int(row) in allowed], dtype=np.int64)
        if scores is lexical:
            order = order[scores[order] > 0]
        for position, row in enumerate(order.tolist()):
            ranks[row] = position
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + position + 1)
    ordered = sorted(fused, key=lambda row: (-fused[row], row))
    if allowed is not None and len(allowed) <= GROUNDED_MAX:
        return ordered, lexical_rank, dense_rank  # every allowed passage is a candidate
    return ordered[:size], lexical_rank, dense_rank


def focus_rows(index: SearchIndex, analysis: QuestionAnalysis) -> list[int]:
    """Passages of the articles whose focus is what the question names ("sleep apnea" → "Sleep Apnea"), which the
    two lists may have missed: a long message's words can drown its subject."""
    found: list[int] = []
    seen: set[str] = set()
    for match in analysis.foci[:FOCUS_MATCHES]:
        for expansion in match.expansions:
            phrase = set(expansion)
            for article_id in index.articles_with_focus(phrase):
                rows = index.article_rows[article_id]
                if article_id in seen or len(index.focus_stems[rows[0]]) > len(phrase) + 2:
                    continue  # taken already, or about a rarer kind of it
                seen.add(article_id)
                found.extend(rows)
                if len(found) >= FOCUS_CANDIDATES:
                    return found[:FOCUS_CANDIDATES]
    return found


def candidate_pool(index: SearchIndex, analysis: QuestionAnalysis, query_vector: np.ndarray | None,
                   grounding: Grounding | None = None) -> CandidatePool | None:
    """The plain fusion's candidates for a question, with what their features need; None when there are none."""
    lexical = lexical_scores(index, analysis.search_text)
    dense = dense_scores(index, query_vector)
    allowed = grounding.allowed_rows if grounding else None
    rows, lexical_rank, dense_rank = fused_candidates(lexical, dense, allowed, CANDIDATES)
    if allowed is None:
        taken = set(rows)
        rows += [row for row in focus_rows(index, analysis) if row not in taken]
    if not rows:
        return None
    return CandidatePool(index, analysis, rows, lexical, dense, lexical_rank, dense_rank,
                         grounded=allowed is not None)


def score_pool(pool: CandidatePool, models: RankingModels, limit: int = 10) -> list[Hit]:
    """Order the candidates by the ranker model; each hit carries the answer model's probability."""
    features = candidate_features(pool)
    scores = models.ranker.log_odds(features)
    order = np.argsort(-scores, kind="stable")
    probabilities = models.answer.probability(answer_features(pool, features, scores))
    hits = []
    for position in order[:limit].tolist():
        row = pool.rows[position]
        hits.append(Hit(row, float(scores[position]), pool.lexical_rank.get(row), pool.dense_rank.get(row),
                        float(pool.focus[position].article), float(pool.types[position][0]),
                        float(probabilities[position])))
    return hits


def rank(index: SearchIndex, analysis: QuestionAnalysis, query_vector: np.ndarray | None,
         grounding: Grounding | None = None, limit: int = 10, models: RankingModels | None = None) -> list[Hit]:
    pool = candidate_pool(index, analysis, query_vector, grounding)
    return score_pool(pool, models or ranking_models(), limit) if pool else []
