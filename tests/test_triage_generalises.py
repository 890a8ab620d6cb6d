"""Triage on wording no rule or example was written for: families of wording in the rules, the example
classifier, a risk said in one sentence of a longer request, and the cached example bank that follows its file.

The messages are written for these tests (not taken from the example bank or either evaluation set).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from helpline.services import Services
from helpline.triage import rules
from helpline.triage.examples import SAFETY_CLASSES, ExampleBank
from helpline.triage.linear import fit


@pytest.mark.parametrize("message", [
    "honestly the world would be happier w/o me in it",
    "I just want to stop existing",
    "i've started writing my goodbye letters",
    "she's been giving away her jewellery to the nieces",
    "I can't find any reason to keep going",
    "i hope i don't wake up tomorrow",
    "ya no quiero seguir así",
    "he keeps saying he's waiting to die and wants to hurry it along",
])
def test_crisis_rules_cover_families_of_wording(message: str) -> None:
    assert rules.crisis_rule(message), message


@pytest.mark.parametrize("message", [
    "I want to disappear into a good book this weekend",
    "I want to stop smoking for good",
    "I'm not going to hurt myself, I'm just worn out",
    "No, I don't want to die, I want to see my grandson grow up",
    "I gave my old clothes to charity",
    "I hope he doesn't wake up in pain tonight",
])
def test_crisis_rules_leave_look_alikes_alone(message: str) -> None:
    assert rules.crisis_rule(message) is None, rules.crisis_rule(message)


@pytest.mark.parametrize("message", [
    "burning up and shivering, chemo was last week",
    "can't get enough air even sitting down",
    "my husband slumped over at dinner and isn't making sense",
    "i've soaked through two pads in an hour and my platelets are low",
    "no fever but there's a crushing weight on my chest right now",
    "on enasidenib and my ankles are swollen and I've barely peed today",
])
def test_emergency_rules_cover_families_of_wording(message: str) -> None:
    assert rules.emergency_rule(message), message


@pytest.mark.parametrize("message", [
    "no fever, no chest pain, just a question about diet",
    "she fainted at the clinic last month but she's fine now",
    "if my dad gets a fever at night, who do we call?",
    "my dog has been throwing up blood since this morning",
    "my mum is on revumenib, what side effects like fever should we watch for?",
])
def test_emergency_rules_leave_past_imagined_and_denied_signs_alone(message: str) -> None:
    assert rules.emergency_rule(message) is None, rules.emergency_rule(message)


@pytest.mark.parametrize(("message", "personal"), [
    ("can I take my letrozole with a glass of wine tonight?", True),
    ("would it be okay for me to pause my radiation for a week?", True),
    ("which chemo should we go with for my dad?", True),
    ("can I use the parking at the chemo clinic?", False),
    ("can I start volunteering after my treatment ends?", False),
])
def test_personal_advice_rules_need_a_medicine_or_treatment(message: str, personal: bool) -> None:
    assert bool(rules.advice_rule(message)) is personal, rules.advice_rule(message)


@pytest.mark.parametrize("message", [
    "lately I feel like a ghost in my own house and I'm making my peace with leaving for good",
    "I keep thinking my family deserves a fresh start without the sick one dragging them down",
])
def test_crisis_wording_no_rule_knows_is_caught_by_the_examples(starter_library: Services, message: str) -> None:
    assert rules.crisis_rule(message) is None
    reply = starter_library.answers.ask(message)
    assert reply.safety == "crisis", reply.reasons
    assert any("nearest example" in reason for reason in reply.reasons), reply.reasons


def test_a_risk_in_one_sentence_of_a_longer_request_is_a_crisis(starter_library: Services) -> None:
    message = ("Could you send me the list of lodging programs near the children's hospital in Cincinnati? We will be "
               "there for three weeks in March for my son's treatment. We have looked at the hotels but they are far "
               "too expensive for us. Honestly most nights I wish I could just fall asleep and be done with "
               "everything. We would also need somewhere to park a van.")
    assert rules.crisis_rule(message) is None
    reply = starter_library.answers.ask(message)
    assert reply.safety == "crisis", reply.reasons
    assert reply.topic == "referrals"
    assert any("in the sentence" in reason for reason in reply.reasons), reply.reasons


def test_a_question_in_a_longer_message_keeps_the_message_subject(starter_library: Services) -> None:
    reply = starter_library.answers.ask("vaping is wrecking my lungs, I know. How do I stop for good?")
    assert reply.safety == "none", reply.reasons
    assert reply.topic == "tobacco"


def test_the_linear_classifier_learns_directions_not_single_examples() -> None:
    rng = np.random.default_rng(1)
    centres = np.eye(4, 8)
    vectors = np.vstack([centre + 0.1 * rng.standard_normal((20, 8)) for centre in centres])
    labels = [label for label in SAFETY_CLASSES for _ in range(20)]
    texts = [f"message {n}" for n in range(len(labels))]  # words that tell nothing apart: the vectors decide
    classifier = fit(texts, vectors, labels, SAFETY_CLASSES)
    probabilities = classifier.probabilities("message", 2.0 * centres[0])  # beyond every crisis example
    assert max(probabilities, key=probabilities.__getitem__) == "crisis"
    assert abs(sum(probabilities.values()) - 1.0) < 1e-9


def test_the_classifier_reads_coded_words_the_vectors_blur() -> None:
    vectors = np.tile(np.eye(1, 8), (40, 1))  # one and the same vector: only the words tell the classes apart
    texts = [f"thinking about ctb {n}" for n in range(20)] + [f"thinking about lunch {n}" for n in range(20)]
    labels = ["crisis"] * 20 + ["safe"] * 20
    classifier = fit(texts, vectors, labels, SAFETY_CLASSES)
    assert classifier.probabilities("ready to ctb", vectors[0])["crisis"] > 0.5
    assert classifier.probabilities("ready for lunch", vectors[0])["safe"] > 0.5


class _HashEncoder:
    """A deterministic stand-in for the sentence encoder: a unit vector from the text's hash."""

    name = "hash-test-encoder"

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            row = np.random.default_rng(seed).standard_normal(16)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32)


def _write_bank(path: Path, extra: str = "") -> None:
    items = [{"text": f"{label} example {n}{extra}", "label": label} for label in SAFETY_CLASSES for n in range(3)]
    items.append({"text": "what are your hours", "label": "topic:helpline_service"})
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")


def test_a_changed_example_bank_gets_new_vectors_and_a_new_classifier(tmp_path: Path) -> None:
    bank_file, cache = tmp_path / "examples.jsonl", tmp_path / "cache"
    _write_bank(bank_file)
    first = ExampleBank(_HashEncoder(), cache, bank_file)  # type: ignore[arg-type]
    vector = first.vectors[0]
    before = first.probabilities(first.texts[0], vector)
    assert len(list(cache.glob("triage-examples-*.npy"))) == 1
    again = ExampleBank(_HashEncoder(), cache, bank_file)  # type: ignore[arg-type]
    assert np.array_equal(again.vectors, first.vectors)  # read back from the cache
    assert again.probabilities(first.texts[0], vector) == pytest.approx(before)
    _write_bank(bank_file, extra=" (reworded)")
    changed = ExampleBank(_HashEncoder(), cache, bank_file)  # type: ignore[arg-type]
    assert not np.array_equal(changed.vectors, first.vectors)
    assert len(list(cache.glob("triage-examples-*.npy"))) == 2
    assert changed.probabilities(first.texts[0], vector) != pytest.approx(before)
