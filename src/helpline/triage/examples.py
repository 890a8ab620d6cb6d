"""Labelled example messages, compared with a new message by meaning (sentence embeddings).

The bank catches wording no rule foresaw ("everyone would be better off if I just disappeared"); its ``safe``
examples (figures of speech, negations, questions about symptoms) are the counterweight that keeps ordinary
questions out of the crisis and emergency classes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpline.search.encoder import Encoder

EXAMPLES_FILE = Path(__file__).resolve().parent / "examples.jsonl"
NEIGHBOURS = 2


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
        self._cache = cache_dir / f"triage-examples-{digest}.npy" if cache_dir else None
        self._vectors: np.ndarray | None = None

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            if self._cache is not None and self._cache.is_file():
                self._vectors = np.load(self._cache)
            else:
                self._vectors = self._encoder.encode(self.texts, batch_size=64)
                if self._cache is not None:
                    self._cache.parent.mkdir(parents=True, exist_ok=True)
                    # Written aside, then renamed: another worker never reads a half-written file.
                    partial = self._cache.with_name(f"{self._cache.stem}.{os.getpid()}.partial.npy")
                    np.save(partial, self._vectors)
                    os.replace(partial, self._cache)
        return self._vectors

    def scores(self, vector: np.ndarray) -> dict[str, tuple[float, Neighbour]]:
        """For each label: the mean similarity of its nearest examples, and the nearest one (the reason)."""
        similarities = self.vectors @ vector
        found: dict[str, tuple[float, Neighbour]] = {}
        for label in np.unique(self.labels):
            mine = np.flatnonzero(self.labels == label)
            order = mine[np.argsort(-similarities[mine])[:NEIGHBOURS]]
            nearest = Neighbour(str(label), self.texts[order[0]], float(similarities[order[0]]))
            found[str(label)] = (float(similarities[order].mean()), nearest)
        return found
