"""Labelled example messages, compared with a new message by meaning (sentence embeddings).

The bank catches wording no rule foresaw ("everyone would be better off if I just disappeared"); its ``safe``
examples (figures of speech, negations, questions about symptoms) are the counterweight that keeps ordinary
questions out of the crisis and emergency classes.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpline.search.encoder import Encoder
from helpline.triage.linear import FIT_SETTINGS, LinearClassifier, fit

EXAMPLES_FILE = Path(__file__).resolve().parent / "examples.jsonl"
NEIGHBOURS = 2
# The classes the linear classifier tells apart; topic and hand-off examples count as "safe" for it.
SAFETY_CLASSES = ("crisis", "emergency", "personal_medical_advice", "safe")


@dataclass(frozen=True)
class Neighbour:
    label: str
    text: str
    similarity: float


class ExampleBank:
    """The example messages with their vectors; vectors are computed once and cached beside the index."""

    def __init__(self, encoder: Encoder, cache_dir: Path | None, path: Path = EXAMPLES_FILE) -> None:
        raw = path.read_bytes()
        items = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
        self.texts = [str(item["text"]) for item in items]
        self.labels = np.array([str(item["label"]) for item in items])
        self._encoder = encoder
        digest = hashlib.sha256(raw + encoder.name.encode()).hexdigest()[:16]
        # Keyed by the bank's bytes and the encoder: a changed bank gets new vectors and a new classifier.
        self._cache = cache_dir / f"triage-examples-{digest}.npy" if cache_dir else None
        # The classifier's key adds how it is fitted, so a change of penalty or classes refits it too.
        fitted = hashlib.sha256(f"{digest}|{FIT_SETTINGS}|{','.join(SAFETY_CLASSES)}".encode()).hexdigest()[:16]
        self._classifier_cache = cache_dir / f"triage-classifier-{fitted}.npy" if cache_dir else None
        self._vectors: np.ndarray | None = None
        self._classifier: LinearClassifier | None = None
        self._lock = threading.Lock()

    @property
    def vectors(self) -> np.ndarray:
        with self._lock:  # the first visitors' threads arrive together: one computes, the others wait
            if self._vectors is None:
                if self._cache is not None and self._cache.is_file():
                    self._vectors = np.load(self._cache)
                else:
                    self._vectors = self._encoder.encode(self.texts, batch_size=64)
                    if self._cache is not None:
                        _save(self._cache, self._vectors)
            return self._vectors

    @property
    def classifier(self) -> LinearClassifier:
        vectors = self.vectors  # outside the lock below, which vectors takes itself
        with self._lock:
            if self._classifier is None:
                if self._classifier_cache is not None and self._classifier_cache.is_file():
                    self._classifier = LinearClassifier.from_array(SAFETY_CLASSES, np.load(self._classifier_cache))
                else:
                    self._classifier = self._fit(vectors, None)
                    if self._classifier_cache is not None:
                        _save(self._classifier_cache, self._classifier.to_array())
            return self._classifier

    def fit_classifier(self, keep: np.ndarray | None = None) -> LinearClassifier:
        """The linear classifier fitted on the bank (or on the rows ``keep`` selects, for cross-validation)."""
        return self._fit(self.vectors, keep)

    def _fit(self, vectors: np.ndarray, keep: np.ndarray | None) -> LinearClassifier:
        labels = np.where(np.isin(self.labels, SAFETY_CLASSES), self.labels, "safe")
        if keep is not None:
            vectors, labels = vectors[keep], labels[keep]
        return fit(vectors, [str(label) for label in labels], SAFETY_CLASSES)

    def use_classifier(self, classifier: LinearClassifier) -> None:
        """Replaces the classifier (the benchmark's cross-validation swaps one fitted without the held-out rows)."""
        self._classifier = classifier

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """The linear classifier's probability of each safety class for the message."""
        return self.classifier.probabilities(vector)

    def scores(self, vector: np.ndarray) -> dict[str, tuple[float, Neighbour]]:
        """For each label: the mean similarity of its nearest examples, and the nearest one (the reason)."""
        if self._classifier is None:
            self.classifier.probabilities(vector)  # fitted or read with the vectors, so a warm-up loads both
        similarities = self.vectors @ vector
        found: dict[str, tuple[float, Neighbour]] = {}
        for label in np.unique(self.labels):
            mine = np.flatnonzero(self.labels == label)
            order = mine[np.argsort(-similarities[mine])[:NEIGHBOURS]]
            nearest = Neighbour(str(label), self.texts[order[0]], float(similarities[order[0]]))
            found[str(label)] = (float(similarities[order].mean()), nearest)
        return found


def _save(path: Path, array: np.ndarray) -> None:
    """Written under a name of its own, then renamed: another worker never reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{uuid.uuid4().hex}.partial.npy")
    np.save(partial, array)
    os.replace(partial, path)
