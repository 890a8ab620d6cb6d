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
from helpline.triage.linear import LinearClassifier, fit

EXAMPLES_FILE = Path(__file__).resolve().parent / "examples.jsonl"
NEIGHBOURS = 2
# The classes the safety classifier tells apart; topic and hand-off examples count as "safe" for it.
SAFETY_CLASSES = ("crisis", "emergency", "personal_medical_advice", "safe")
# The topic classifier is fitted on the topic examples alone.
TOPIC_CLASSES = ("topic:cancer_information", "topic:referrals", "topic:donations_website_events", "topic:tobacco",
                 "topic:volunteering", "topic:helpline_service", "topic:other")


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
        # Keyed by the bank's bytes and the encoder: a changed bank gets new vectors (the classifiers, a second to
        # fit, are fitted once per process).
        self._cache = cache_dir / f"triage-examples-{digest}.npy" if cache_dir else None
        self._vectors: np.ndarray | None = None
        self._classifier: LinearClassifier | None = None
        self._topic_classifier: LinearClassifier | None = None
        self._grouped: tuple[np.ndarray, dict[str, np.ndarray]] | None = None
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
        """The safety classifier (crisis, emergency, personal advice, safe)."""
        if self._classifier is None:
            classifier = self._fit(None, SAFETY_CLASSES)
            with self._lock:
                self._classifier = self._classifier or classifier
        return self._classifier

    @property
    def topic_classifier(self) -> LinearClassifier:
        """The topic classifier, fitted on the topic examples."""
        if self._topic_classifier is None:
            classifier = self._fit(None, TOPIC_CLASSES)
            with self._lock:
                self._topic_classifier = self._topic_classifier or classifier
        return self._topic_classifier

    def fit_classifier(self, keep: np.ndarray | None = None) -> LinearClassifier:
        """The safety classifier fitted on the bank (or on the rows ``keep`` selects, for cross-validation)."""
        return self._fit(keep, SAFETY_CLASSES)

    def _fit(self, keep: np.ndarray | None, classes: tuple[str, ...]) -> LinearClassifier:
        vectors, labels = self.vectors, self.labels
        if classes == SAFETY_CLASSES:  # topic and hand-off examples count as safe
            labels = np.where(np.isin(labels, SAFETY_CLASSES), labels, "safe")
            rows = np.ones(len(labels), dtype=bool)
        else:
            rows = np.isin(labels, classes)
        if keep is not None:
            rows &= keep
        texts = [text for text, row in zip(self.texts, rows, strict=True) if row]
        return fit(texts, vectors[rows], [str(label) for label in labels[rows]], classes)

    def use_classifier(self, classifier: LinearClassifier) -> None:
        """Replaces the classifier (the benchmark's cross-validation swaps one fitted without the held-out rows)."""
        self._classifier = classifier

    def probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """The safety classifier's probability of each safety class for the message."""
        return self.classifier.probabilities(text, vector)

    def topic_probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """The topic classifier's probability of each topic (without the "topic:" prefix) for the message."""
        found = self.topic_classifier.probabilities(text, vector)
        return {label.removeprefix("topic:"): value for label, value in found.items()}

    def scores(self, vector: np.ndarray) -> dict[str, tuple[float, Neighbour]]:
        """For each label: the mean similarity of its nearest examples, and the nearest one (the reason)."""
        if self._classifier is None or self._topic_classifier is None:
            _ = self.classifier, self.topic_classifier  # fitted with the vectors, so a warm-up prepares them all
        similarities = self.vectors @ vector
        found: dict[str, tuple[float, Neighbour]] = {}
        for label, mine in self._groups().items():
            top = mine[np.argpartition(-similarities[mine], NEIGHBOURS - 1)[:NEIGHBOURS]] if len(mine) > NEIGHBOURS \
                else mine
            best = top[np.argmax(similarities[top])]
            nearest = Neighbour(label, self.texts[best], float(similarities[best]))
            found[label] = (float(similarities[top].mean()), nearest)
        return found

    def _groups(self) -> dict[str, np.ndarray]:
        """The rows of each label, worked out once (again only if the labels are replaced, as the benchmark does)."""
        if self._grouped is None or self._grouped[0] is not self.labels:
            self._grouped = (self.labels, {str(label): np.flatnonzero(self.labels == label)
                                           for label in np.unique(self.labels)})
        return self._grouped[1]


def _save(path: Path, array: np.ndarray) -> None:
    """Written under a name of its own, then renamed: another worker never reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{uuid.uuid4().hex}.partial.npy")
    np.save(partial, array)
    os.replace(partial, path)
