"""The triage model: shipped in step with its training data, thresholds chosen by cross-validation, a round trip
through its files, and the explicit-words backstop."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from helpline.triage import train
from helpline.triage.backstop import explicit_crisis
from helpline.triage.model import MODEL_DIR, Conversation, load


def test_the_shipped_model_was_trained_on_the_training_file_as_it_is() -> None:
    """Edit the training messages, retrain: ``python -m helpline.triage.train`` (docs/triage.md)."""
    about = json.loads((MODEL_DIR / "triage.json").read_text(encoding="utf-8"))["about"]
    assert about["training_file_sha256"] == hashlib.sha256(train.TRAINING_FILE.read_bytes()).hexdigest()


def test_every_threshold_was_chosen_by_cross_validation_and_is_a_probability() -> None:
    model = load()
    assert set(model.thresholds) == {"crisis", "emergency", "personal_medical_advice", "person", "off_topic"}
    assert all(0.0 < value <= 1.01 for value in model.thresholds.values())
    figures = model.about["out_of_fold"]
    assert isinstance(figures, dict)
    assert figures["crisis"]["recall"] >= train.TARGET_RECALL["crisis"] - 0.005


def test_probabilities_of_each_head_sum_to_one() -> None:
    model = load()
    conversations = [Conversation.of(["hello"]), Conversation.of(["my dad has lymphoma", "what is a PET scan?"])]
    vectors = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32)
    for found in model.probabilities(conversations, vectors, vectors):
        assert set(found) == {"safety", "topic", "person"}
        for head in found.values():
            assert sum(head.values()) == pytest.approx(1.0, abs=1e-4)


def test_a_model_fitted_and_saved_loads_with_the_same_probabilities(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    texts = ["I want to end it all", "what is leukemia", "can I double my dose", "fever of 39 on chemo",
             "how do I donate", "talk to a person please", "I'd kill for a coffee", "rides to radiation"] * 3
    safety = ["crisis", "none", "personal_medical_advice", "emergency", "none", "none", "none", "none"] * 3
    topics = ["other", "cancer_information", "cancer_information", "cancer_information", "donations_website_events",
              "helpline_service", "other", "referrals"] * 3
    examples = [train.Example(Conversation.of([text]), (), label, topic, "person" in text, False)
                for text, label, topic in zip(texts, safety, topics, strict=True)]
    vectors = rng.normal(size=(len(texts), 384)).astype(np.float32)
    fitted = train.fit(examples, vectors, np.zeros_like(vectors))
    model = type(fitted)(fitted.features, fitted.heads, {"crisis": 0.5}, {"examples": len(texts)})
    model.save(tmp_path)
    again = load(tmp_path)
    conversations = [example.conversation for example in examples[:4]]
    before = model.probabilities(conversations, vectors[:4], np.zeros_like(vectors[:4]))
    after = again.probabilities(conversations, vectors[:4], np.zeros_like(vectors[:4]))
    for first, second in zip(before, after, strict=True):
        for head in first:
            assert first[head] == pytest.approx(second[head], abs=2e-3)  # weights are stored as float16


def test_a_threshold_for_recall_keeps_that_share_of_positives() -> None:
    scores = np.linspace(0.01, 1.0, 100)
    threshold = train.threshold_for_recall(scores, 0.95)
    assert (scores >= threshold).mean() == pytest.approx(0.95, abs=0.011)


def test_a_threshold_for_precision_is_the_lowest_that_is_precise_enough() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.8, 0.9, 0.95])
    positive = np.array([False, False, True, True, True, True])
    assert train.threshold_for_precision(scores, positive, 0.95) == pytest.approx(0.3)
    assert train.threshold_for_precision(scores, np.zeros(6, dtype=bool), 0.95) > 1.0  # never


@pytest.mark.parametrize("message", ["I am going to kill myself", "i'm gonna kms", "I want to end my life tonight",
                                     "ya no quiero vivir", "voy a matarme"])
def test_explicit_words_raise_the_alarm(message: str) -> None:
    assert explicit_crisis(message)


@pytest.mark.parametrize("message", ["I am not suicidal, just tired", "I used to be suicidal as a teenager",
                                     "I was suicidal years ago", "my brother died by suicide",
                                     "i want to die my hair pink", "I never wanted to end my life",
                                     "no voy a matarme, solo quiero información", "no quiero matarme"])
def test_denied_or_past_explicit_words_are_left_to_the_model(message: str) -> None:
    assert explicit_crisis(message) is None
