"""The search index: section rows, a BM25 index, a dense matrix and the focus lexicon, cached per revision."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path

import bm25s
import numpy as np
from scipy import sparse
from sqlalchemy.orm import Session

from helpline.library import store
from helpline.library.store import SectionRow
from helpline.search.focus import FocusLexicon
from helpline.search.question_types import classify_heading
from helpline.search.text import stems

log = logging.getLogger(__name__)

_FORMAT = 10


def lexical_text(row: SectionRow) -> str:
    """What BM25 indexes for a section: its article's name, its heading and its text."""
    return f"{row.title}\n{row.heading or ''}\n{row.text}"


AUDIENCE_STEMS = frozenset(stems("childhood children child pediatric paediatric infant neonatal adult adults"))


class SearchIndex:
    """Everything search needs in memory, in section-row order."""

    def __init__(self, rows: list[SectionRow], bm25: bm25s.BM25 | None, dense: np.ndarray | None,
                 lexicon: FocusLexicon, revision: str | None) -> None:
        self.rows = rows
        self.bm25 = bm25
        self.dense = dense
        self.lexicon = lexicon
        self.revision = revision
        self.article_rows: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            self.article_rows.setdefault(row.article_id, []).append(index)
        self.focus_stems = [frozenset(stems(row.focus or row.title)) for row in rows]
        self.types = [row.question_type or (classify_heading(row.heading) if row.heading else None)
                      for row in rows]
        self._section_stems: dict[int, frozenset[str]] = {}
        self._term_matrix: tuple[sparse.csr_matrix, list[str]] | None = None
        self.section_rows: dict[int, list[int]] = {}
        for index, row in enumerate(rows):
            self.section_rows.setdefault(row.section_pk, []).append(index)
        self._article_stems: dict[str, frozenset[str]] = {}
        self._bigrams: dict[int, frozenset[tuple[str, str]]] = {}
        self._focus_index: dict[str, list[str]] | None = None

    def section_stems(self, index: int) -> frozenset[str]:
        """Stems of the whole section a passage belongs to (heading, text, abbreviations spelled out).

        Read from the BM25 index's document-term matrix rather than by stemming the text again, so that
        scoring a few hundred candidates per question stays cheap.
        """
        section_pk = self.rows[index].section_pk
        found = self._section_stems.get(section_pk)
        if found is None:
            matrix, tokens = self._terms()
            found = frozenset(tokens[term] for row in self.section_rows[section_pk]
                              for term in matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]])
            self._section_stems[section_pk] = found
        return found

    def _terms(self) -> tuple[sparse.csr_matrix, list[str]]:
        if self._term_matrix is None:
            assert self.bm25 is not None  # noqa: S101 - rows exist, so the index does
            scores = self.bm25.scores
            columns = len(scores["indptr"]) - 1
            by_term = sparse.csc_matrix((np.ones(len(scores["indices"]), dtype=np.int8), scores["indices"],
                                         scores["indptr"]), shape=(scores["num_docs"], columns))
            tokens = [""] * max(len(self.bm25.vocab_dict), columns)
            for token, term in self.bm25.vocab_dict.items():
                tokens[term] = token
            self._term_matrix = (by_term.tocsr(), tokens)
        return self._term_matrix

    def section_bigrams(self, index: int) -> frozenset[tuple[str, str]]:
        """Adjacent stem pairs of a passage, for rewarding the question's words found together."""
        found = self._bigrams.get(index)
        if found is None:
            row = self.rows[index]
            tokens = stems(f"{row.heading or ''} {row.text}")
            found = self._bigrams[index] = frozenset(zip(tokens, tokens[1:], strict=False))
        return found

    def articles_with_focus(self, phrase: set[str]) -> list[str]:
        """Articles whose focus contains every stem of ``phrase``, in library order."""
        if self._focus_index is None:
            self._focus_index = {}
            for article_id, rows in self.article_rows.items():
                for stem in self.focus_stems[rows[0]]:
                    self._focus_index.setdefault(stem, []).append(article_id)
        if not phrase:
            return []
        rarest = min(phrase, key=lambda stem: len(self._focus_index.get(stem, [])))  # type: ignore[union-attr]
        return [article_id for article_id in self._focus_index.get(rarest, [])
                if phrase <= self.focus_stems[self.article_rows[article_id][0]]]

    def audience_counterpart(self, article_id: str) -> str | None:
        """The article on the same focus for the other audience ("Adult Hodgkin Lymphoma" ↔ "Childhood Hodgkin
        Lymphoma"), if the library has one; an article for everyone neither is nor has one."""
        first = self.rows[self.article_rows[article_id][0]]
        topic = self.focus_stems[self.article_rows[article_id][0]] - AUDIENCE_STEMS
        if first.audience is None or not topic:
            return None
        for other in self.articles_with_focus(set(topic)):
            row = self.article_rows[other][0]
            if (other != article_id and self.rows[row].audience not in (None, first.audience)
                    and self.focus_stems[row] - AUDIENCE_STEMS == topic):
                return other
        return None

    def article_stems(self, article_id: str) -> frozenset[str]:
        """Stems of every section of an article (whether the article speaks of a focus at all)."""
        found = self._article_stems.get(article_id)
        if found is None:
            found = frozenset().union(*(self.section_stems(row) for row in self.article_rows[article_id]))
            self._article_stems[article_id] = found
        return found

    def __len__(self) -> int:
        return len(self.rows)


def build_index(session: Session, encoder_name: str | None, dimensions: int) -> SearchIndex:
    """Read the library and build every part of the index."""
    rows = list(store.iter_section_rows(session))
    lexicon = build_lexicon(rows, store.all_aliases(session))
    bm25 = None
    if rows:
        bm25 = bm25s.BM25()
        # Abbreviations in capitals ("ALL") count as the words they stand for, as they do in questions.
        documents = [" ".join([text, *lexicon.expand_abbreviations(text)])
                     for text in (lexical_text(row) for row in rows)]
        bm25.index([stems(document) for document in documents], show_progress=False)
    dense = None
    if encoder_name is not None and rows:
        dense = store.embedding_matrix(session, encoder_name, [row.content_hash for row in rows], dimensions)
    return SearchIndex(rows, bm25, dense, lexicon, store.current_revision(session))


def build_lexicon(rows: list[SectionRow], aliases: list[tuple[str, str, str]]) -> FocusLexicon:
    lexicon = FocusLexicon()
    for row in rows:
        lexicon.add_document(lexical_text(row))
    for focus in {row.focus or row.title for row in rows}:
        lexicon.add_focus_name(focus)
    for alias, canonical, kind in aliases:
        if kind == "abbreviation":
            lexicon.add_abbreviation(alias, canonical)
        else:
            lexicon.add_phrase(alias, canonical)
    lexicon.add_vocabulary(row.focus or row.title for row in rows)
    lexicon.add_vocabulary(alias for alias, _, _ in aliases)
    lexicon.add_vocabulary(canonical for _, canonical, _ in aliases)
    return lexicon


def load_or_build(session: Session, cache_dir: Path, encoder_name: str | None, dimensions: int) -> SearchIndex:
    """The index for the library's current revision: from the cache folder if it is there, else built and saved."""
    revision = store.current_revision(session)
    folder = cache_dir / f"{revision}-{encoder_name or 'lexical'}-v{_FORMAT}"
    if revision and (folder / "rows.json").is_file():
        try:
            return _load(folder, revision)
        except (OSError, ValueError, KeyError) as error:
            log.warning("index cache %s unreadable (%s); rebuilding", folder, error)
    index = build_index(session, encoder_name, dimensions)
    if revision and index.rows:
        try:
            _save(index, folder)
        except OSError as error:  # the cache only saves time: serve from memory, rebuild next start
            log.warning("could not save the index cache in %s: %s", folder, error)
        for stale in cache_dir.glob("*-v*"):
            # Other revisions' caches go; a folder another worker is still writing (".partial-…") stays.
            if not stale.name.startswith(folder.name) and ".partial-" not in stale.name and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
    return index


def _save(index: SearchIndex, folder: Path) -> None:
    """Write the cache under a name of our own, then rename it into place: several workers starting together
    may each build the same revision, and the first rename wins."""
    partial = folder.with_name(f"{folder.name}.partial-{uuid.uuid4().hex}")
    partial.mkdir(parents=True)
    assert index.bm25 is not None  # noqa: S101 - only saved when there are rows
    index.bm25.save(str(partial / "bm25"))
    if index.dense is not None:
        np.save(partial / "dense.npy", index.dense)
    rows = [{**asdict(row), "last_revised": row.last_revised.isoformat() if row.last_revised else None}
            for row in index.rows]
    (partial / "rows.json").write_text(json.dumps(rows))
    lexicon = index.lexicon
    (partial / "lexicon.json").write_text(json.dumps({
        "phrases": [[list(k), [list(t) for t in v]] for k, v in lexicon.phrases.items()],
        "surface": [[list(k), v] for k, v in lexicon.surface.items()],
        "abbreviations": lexicon.abbreviations,
        "stem_df": lexicon.stem_df, "document_count": lexicon.document_count,
        "vocabulary": sorted(lexicon.vocabulary),
    }))
    try:
        partial.rename(folder)
    except OSError:
        if not (folder / "rows.json").is_file():  # a broken copy is in the way: replace it
            trash = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex}")
            with contextlib.suppress(OSError):
                folder.rename(trash)
                partial.rename(folder)
            shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(partial, ignore_errors=True)  # else another worker saved this revision first


def _load(folder: Path, revision: str) -> SearchIndex:
    rows = [SectionRow(**{**item, "last_revised": date.fromisoformat(item["last_revised"])
                          if item["last_revised"] else None})
            for item in json.loads((folder / "rows.json").read_text())]
    bm25 = bm25s.BM25.load(str(folder / "bm25"))
    dense_path = folder / "dense.npy"
    dense = np.load(dense_path) if dense_path.is_file() else None
    data = json.loads((folder / "lexicon.json").read_text())
    lexicon = FocusLexicon()
    for key, targets in data["phrases"]:
        lexicon.phrases[tuple(key)] = {tuple(t) for t in targets}
    lexicon.surface.update({tuple(k): v for k, v in data["surface"]})
    lexicon.abbreviations.update(data["abbreviations"])
    lexicon.stem_df.update(data["stem_df"])
    lexicon.document_count = data["document_count"]
    lexicon.add_vocabulary(data["vocabulary"])
    return SearchIndex(rows, bm25, dense, lexicon, revision)
