"""The triage decision for a message in its conversation: the trained model's probabilities against the thresholds
cross-validation chose, with the explicit-words backstop that can only raise the alarm.

Every decision carries its reasons: each class's probability beside its threshold, or the backstop's words.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from helpline.embeddings import Encoder
from helpline.triage import model as triage_model
from helpline.triage.backstop import explicit_crisis
from helpline.triage.cues import looks_spanish, tells_of_diagnosis_or_loss
from helpline.triage.model import Conversation, Reading, TriageModel

_CACHE_SIZE = 2048  # sentence vectors remembered: a conversation's earlier turns come back at every turn


MODEL_CHARS = 4000  # what the model reads of a message: its start and its end (the backstop reads it all)


def _bounded(text: str) -> str:
    """A huge message's start and end, where a request and a risk said in passing sit."""
    half = MODEL_CHARS // 2
    return text if len(text) <= MODEL_CHARS else f"{text[:half]} … {text[-half:]}"


@dataclass
class Triage:
    safety: str = "none"
    topic_hint: str | None = None
    wants_person: bool = False
    acknowledge: bool = False
    off_topic: bool = False  # the model is sure the message is about neither cancer nor the helpline
    spanish: bool = False
    reasons: list[str] = field(default_factory=list)


class Triager:
    """Reads a message in its conversation with the shipped triage model (loaded on first use)."""

    def __init__(self, encoder: Encoder, model: TriageModel | None = None) -> None:
        self._encoder = encoder
        self._given = model
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def encoder(self) -> Encoder:
        return self._encoder

    @cached_property
    def model(self) -> TriageModel:
        return self._given or triage_model.load()

    def triage(self, question: str, history: list[str] | None = None) -> Triage:
        whole = [*(message for message in history or [] if message.strip()), question]
        messages = [_bounded(message) for message in whole]
        # A short message in a Spanish conversation ("39.5 ahora") is still Spanish.
        result = Triage(acknowledge=tells_of_diagnosis_or_loss(question),
                        spanish=looks_spanish(" ".join(messages[-2:])))
        if not question.strip():
            return result
        # Each turn is read with the turns before it; the last reading decides, and a risk an earlier reading found
        # still stands (bench/triage/README.md: a crisis said at any turn, an emergency a turn or two ago).
        readings = self._readings(messages)
        found, thresholds = readings[-1], self.model.thresholds
        result.safety, turn = self.model.decide(readings)
        result.reasons.append("safety " + ", ".join(
            f"{label} {found['safety'][label]:.2f} (threshold {thresholds[label]:.2f})"
            for label in ("crisis", "emergency", "personal_medical_advice")))
        if turn < len(readings) - 1:
            result.reasons.append(f"{result.safety}: told at message {turn + 1} "
                                  f"({readings[turn]['safety'][result.safety]:.2f})")
        if result.safety != "crisis" and (words := next(filter(None, map(explicit_crisis, whole)), None)):
            result.safety = "crisis"
            result.reasons.append(f"crisis: explicit words {words!r}")
        result.reasons.insert(0, f"decided {result.safety}")
        topics = found["topic"]
        result.topic_hint = max(topics, key=topics.__getitem__)
        result.off_topic = result.topic_hint == "other" and topics["other"] >= thresholds["off_topic"]
        result.reasons.append(f"topic {result.topic_hint} {topics[result.topic_hint]:.2f}")
        result.wants_person = found["person"]["yes"] >= thresholds["person"]
        if result.wants_person:
            result.reasons.append(f"asks for a person {found['person']['yes']:.2f} "
                                  f"(threshold {thresholds['person']:.2f})")
        return result

    def _readings(self, messages: list[str]) -> list[Reading]:
        """The model's reading of each turn of the conversation, with the turns before it."""
        conversations = [Conversation.of(messages[:turn + 1]) for turn in range(len(messages))]
        vectors = self._vectors_of([text for item in conversations for text in (item.message, item.earlier)])
        return self.model.probabilities(conversations, np.stack(vectors[0::2]), np.stack(vectors[1::2]))

    def _vectors_of(self, texts: list[str]) -> list[np.ndarray]:
        """The texts' sentence vectors (zeros for no text): remembered ones looked up, the others encoded in one
        pass and remembered (a conversation's earlier turns come back at every turn)."""
        found: dict[str, np.ndarray] = {"": np.zeros(self._encoder.dimensions, dtype=np.float32)}
        with self._lock:
            for text in texts:
                if text and (vector := self._vectors.get(text)) is not None:
                    self._vectors.move_to_end(text)
                    found[text] = vector
        new = sorted({text for text in texts if text not in found})
        if new:
            found.update(zip(new, self._encoder.encode(new), strict=True))
            with self._lock:
                self._vectors.update((text, found[text]) for text in new)
                while len(self._vectors) > _CACHE_SIZE:
                    self._vectors.popitem(last=False)
        return [found[text] for text in texts]

    def forget(self) -> None:
        """Empties the remembered vectors (the benchmark times new messages)."""
        with self._lock:
            self._vectors.clear()

    def vector(self, text: str) -> np.ndarray:
        """The text's sentence vector (zeros for no text), remembered; search reuses the question's."""
        return self._vectors_of([text])[0]
