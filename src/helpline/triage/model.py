"""The triage model: one set of features for a message in its conversation, and three calibrated heads over them.

Features: the message's sentence vector and TF-IDF word pairs and character n-grams (coded words, misspellings,
the one verb that turns a sentence into a method), the same for the earlier turns of the conversation (a message
reads differently after what came before it: "to be clear I'm not suicidal" after a joke), and the context cues of
``cues.py``. Heads: safety (crisis, emergency, personal medical advice, none), topic (the helpline's topics,
service, out of scope) and a wish for a person — each a multinomial logistic regression, fitted by ``train.py``
and shipped as arrays, so a fresh service loads it in milliseconds and never embeds its training messages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from helpline.triage.cues import cue_counts

MODEL_DIR = Path(__file__).resolve().parent / "model"
ENCODER_TOKENS = 128  # the encoder's token budget the model was trained with (train.py)
EARLIER_TURNS = 3  # earlier messages read with the one being answered: the risk of a conversation's last turns
EARLIER_WEIGHT = 0.7  # earlier turns count a little less than the message being answered (set by hand, not tuned)
EMERGENCY_TURNS = 2  # an emergency told this many turns ago may still be happening ("chest pain" … "where to park?")
Reading = dict[str, dict[str, float]]  # each head's probability of each class, for one turn read with its past


@dataclass(frozen=True)
class Conversation:
    """The message being answered and the earlier turns that are read with it, as the model sees them."""

    message: str
    earlier: str
    turn: int

    @classmethod
    def of(cls, messages: Sequence[str]) -> Conversation:
        earlier = [text for text in messages[:-1] if text.strip()][-EARLIER_TURNS:]
        return cls(messages[-1], " \n ".join(earlier), len(messages) - 1)


def word_reader(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, vocabulary=vocabulary)


def character_reader(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, vocabulary=vocabulary)


@dataclass(frozen=True)
class Features:
    """Turns conversations (with their sentence vectors) into the model's input rows."""

    words: TfidfVectorizer
    characters: TfidfVectorizer

    def rows(self, conversations: Sequence[Conversation], message_vectors: np.ndarray,
             earlier_vectors: np.ndarray) -> sp.csr_matrix:
        messages = [item.message for item in conversations]
        earlier = [item.earlier for item in conversations]
        has_earlier = np.array([[1.0 if text else 0.0] for text in earlier], dtype=np.float32)
        cues = cue_counts(messages, [item.turn for item in conversations])
        blocks = [sp.csr_matrix(message_vectors), self.words.transform(messages), self.characters.transform(messages),
                  sp.csr_matrix(EARLIER_WEIGHT * earlier_vectors), EARLIER_WEIGHT * self.words.transform(earlier),
                  EARLIER_WEIGHT * self.characters.transform(earlier), sp.csr_matrix(cues), sp.csr_matrix(has_earlier)]
        return sp.hstack(blocks).tocsr()


@dataclass(frozen=True)
class Head:
    """A fitted multinomial logistic regression: its classes, weights and bias."""

    classes: tuple[str, ...]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def probabilities(self, rows: sp.csr_matrix) -> np.ndarray:
        logits = np.asarray(rows @ self.weights) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp: np.ndarray = np.exp(logits)
        shares: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return shares


@dataclass(frozen=True)
class TriageModel:
    features: Features
    heads: dict[str, Head]
    thresholds: dict[str, float]  # per decision, chosen by cross-validation (train.py)
    about: dict[str, object]  # what it was trained on, and its cross-validated figures

    def probabilities(self, conversations: Sequence[Conversation], message_vectors: np.ndarray,
                      earlier_vectors: np.ndarray) -> list[Reading]:
        """Each conversation's probability of every class of every head."""
        rows = self.features.rows(conversations, message_vectors, earlier_vectors)
        found = {name: head.probabilities(rows) for name, head in self.heads.items()}
        return [{name: dict(zip(self.heads[name].classes, found[name][index].tolist(), strict=True))
                 for name in self.heads} for index in range(len(conversations))]

    def decide(self, readings: Sequence[Reading]) -> tuple[str, int]:
        """The safety class of a conversation from the readings of its turns (the last is the message being
        answered), and the turn that decided it. A crisis read at any turn stands, an emergency read in the last
        turns too (bench/triage/README.md); personal advice is the last turn's. Crisis before emergency before
        personal advice: the first class at or above its threshold."""
        last = len(readings) - 1
        for label, turns in (("crisis", range(last, -1, -1)),
                             ("emergency", range(last, max(-1, last - EMERGENCY_TURNS - 1), -1)),
                             ("personal_medical_advice", range(last, last - 1, -1))):
            for turn in turns:
                if readings[turn]["safety"][label] >= self.thresholds[label]:
                    return label, turn
        return "none", last

    def save(self, folder: Path = MODEL_DIR) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for name, reader in (("words", self.features.words), ("characters", self.features.characters)):
            terms = sorted(reader.vocabulary_, key=reader.vocabulary_.__getitem__)
            arrays[f"{name}_terms"], arrays[f"{name}_idf"] = np.array(terms), reader.idf_.astype(np.float32)
        for name, head in self.heads.items():
            arrays[f"{name}_weights"], arrays[f"{name}_bias"] = head.weights.astype(np.float16), head.bias
        np.savez_compressed(folder / "triage.npz", allow_pickle=False, **arrays)
        described = {"heads": {name: list(head.classes) for name, head in self.heads.items()},
                     "thresholds": self.thresholds, "about": self.about}
        text = json.dumps(described, indent=1, ensure_ascii=False) + "\n"
        (folder / "triage.json").write_text(text, encoding="utf-8")


def load(folder: Path = MODEL_DIR) -> TriageModel:
    """The shipped model (``python -m helpline.triage.train`` writes it)."""
    described = json.loads((folder / "triage.json").read_text(encoding="utf-8"))
    with np.load(folder / "triage.npz", allow_pickle=False) as arrays:
        readers = []
        for name, make in (("words", word_reader), ("characters", character_reader)):
            reader = make({str(term): index for index, term in enumerate(arrays[f"{name}_terms"])})
            reader.idf_ = arrays[f"{name}_idf"].astype(np.float64)
            readers.append(reader)
        heads = {name: Head(tuple(classes), arrays[f"{name}_weights"].astype(np.float32),
                            arrays[f"{name}_bias"].astype(np.float32))
                 for name, classes in described["heads"].items()}
    return TriageModel(Features(*readers), heads, described["thresholds"], described["about"])
