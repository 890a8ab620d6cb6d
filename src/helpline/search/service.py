"""The search service: analyse a question, rank sections, return contract-shaped results."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpline.embeddings import Encoder
from helpline.library.store import SectionRow
from helpline.search.analysis import QuestionAnalysis, analyse
from helpline.search.focus import FocusLexicon
from helpline.search.grounding import Grounding, LibraryCoverage, ground
from helpline.search.index import SearchIndex
from helpline.search.learned import RankingModels, ranking_models
from helpline.search.ranker import Hit, rank

MAX_QUERY_CHARS = 4000


@dataclass(frozen=True)
class SearchResult:
    row: SectionRow
    score: float
    hit: Hit

    def as_json(self) -> dict[str, object]:
        return {"article_id": self.row.article_id, "source_id": self.row.cited_source_id, "title": self.row.title,
                "section": self.row.heading, "score": round(self.score, 6)}


@dataclass(frozen=True)
class SearchOutcome:
    results: list[SearchResult]
    analysis: QuestionAnalysis
    query_vector: np.ndarray | None
    index: SearchIndex  # the index that ranked them: a reload mid-request must not mix two indexes
    grounding: Grounding = Grounding()

    @property
    def probability(self) -> float:
        """The calibrated probability that the best result answers the question (0 when there is none)."""
        return self.results[0].hit.probability if self.results else 0.0

    @property
    def names_a_focus(self) -> bool:
        """Whether the question names a condition, drug or topic the library knows (not only rare words)."""
        return any(match.phrase in self.index.lexicon.phrases for match in self.analysis.foci)

    @property
    def words(self) -> FocusLexicon:
        """The library's words (their weights, abbreviations, names), for choosing what to quote."""
        return self.index.lexicon

    def other_audience(self, article_id: str) -> tuple[str, str] | None:
        """(id, title) of the article on the same focus for the other audience (adults ↔ children), if any."""
        other = self.index.audience_counterpart(article_id)
        if other is None:
            return None
        return other, self.index.rows[self.index.article_rows[other][0]].title


class SearchService:
    """Ranks library sections for a question. The index is loaded on first use, then kept warm."""

    def __init__(self, load_index: Callable[[], SearchIndex], encoder: Encoder | None,
                 models: RankingModels | None = None) -> None:
        self._load_index = load_index
        self._encoder = encoder
        self._index: SearchIndex | None = None
        self._coverage: LibraryCoverage | None = None
        self._lock = threading.Lock()
        self._models = models

    @property
    def models(self) -> RankingModels:
        """The learned ranking and answer models (the shipped ones unless others were given)."""
        if self._models is None:
            self._models = ranking_models()
        return self._models

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._load_index()
        return self._index

    def reload_if_changed(self, revision: str | None) -> bool:
        """Swap in the index of ``revision`` when the loaded one is older (an import while serving). The old
        index keeps answering while the new one loads."""
        if self._index is None or self._index.revision == revision:
            return False
        fresh = self._load_index()
        with self._lock:
            self._index = fresh
        return True

    def warm_up(self) -> None:
        """Load the index and the model and run one question, so the first visitor does not wait for them."""
        self.search("warm up: what is leukemia?")

    def analyse(self, question: str) -> QuestionAnalysis:
        return analyse(question[:MAX_QUERY_CHARS], self.index.lexicon)

    def coverage(self, index: SearchIndex) -> LibraryCoverage:
        """What the library of ``index`` covers (kept for the loaded index; rebuilt after a reload)."""
        coverage = self._coverage
        if coverage is None or coverage.index is not index:
            coverage = self._coverage = LibraryCoverage(index)
        return coverage

    def ground(self, analysis: QuestionAnalysis, index: SearchIndex) -> Grounding:
        return ground(self.coverage(index), analysis.text, analysis.expansions)

    def search(self, question: str, limit: int = 10) -> list[SearchResult]:
        return self.run(question, limit).results

    def run(self, question: str, limit: int = 10, query_vector: np.ndarray | None = None) -> SearchOutcome:
        """Analyse and rank; the outcome keeps the analysis and query vector for the answer engine.

        A caller that has already encoded the question (the answer engine, for triage) passes its vector."""
        index = self.index
        analysis = analyse(question[:MAX_QUERY_CHARS], index.lexicon)
        if not index.rows or not question.strip():
            return SearchOutcome([], analysis, None, index)
        grounding = self.ground(analysis, index)
        if grounding.missing:  # about something the library has nothing on: nothing else is offered for it
            return SearchOutcome([], analysis, None, index, grounding)
        vector = query_vector
        if vector is None and index.dense is not None:
            vector = self._query_vector(analysis.text)
        hits = rank(index, analysis, vector, grounding, limit=limit * 3, models=self.models)
        results: list[SearchResult] = []
        seen_sections: set[int] = set()
        for hit in hits:  # best passage per section
            row = index.rows[hit.row]
            if row.section_pk not in seen_sections:
                seen_sections.add(row.section_pk)
                results.append(SearchResult(row, hit.score, hit))
        return SearchOutcome(results[:limit], analysis, vector, index, grounding)

    def _query_vector(self, text: str) -> np.ndarray | None:
        if self._encoder is None:
            return None
        vector: np.ndarray = self._encoder.encode([text])[0]
        return vector

    @property
    def encoder(self) -> Encoder | None:
        """The encoder of dense search (None when it is off)."""
        return self._encoder

    def section(self, article_id: str, anchor: str) -> SectionRow | None:
        """The section ``<article_id>#<anchor>`` of the current library, if it has one."""
        for row in self.index.rows:
            if row.article_id == article_id and row.anchor == anchor:
                return row
        return None

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors for texts with the index's encoder (the answer engine compares sentences with them)."""
        if self._encoder is None:
            raise RuntimeError("no encoder configured")
        return self._encoder.encode(texts, batch_size=32)
