"""The triage decision for a message in its conversation: rules first, then the nearest labelled examples.

Crisis is checked on every message of the conversation (a risk said at the first turn still stands at the
third); emergency, personal advice, topic and a wish for a person on the message being answered. Every decision
carries the reason it was made: the rule's words or the nearest example and its similarity.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from helpline.search.encoder import Encoder
from helpline.triage import rules
from helpline.triage.examples import ExampleBank, Neighbour

# Similarity a message needs to its nearest examples of a class (mean of the 2 nearest), and its lead over the
# nearest "safe" examples. Chosen on the example bank and the evaluation set; see bench/RESULTS.md.
THRESHOLDS = {"crisis": 0.53, "emergency": 0.55, "personal_medical_advice": 0.62, "handoff": 0.62}
SAFE_MARGIN = {"crisis": 0.0, "emergency": 0.0, "personal_medical_advice": 0.02, "handoff": 0.0}
# The linear classifier over the examples (examples.py) decides a class when it gives it this probability, above
# every other class, and the message is at least this near the class's examples. Chosen by cross-validation on
# the example bank; see bench/RESULTS.md.
# Crisis: the pair (nearest 0.53, classifier 0.60) of the third round's sweep (bench/RESULTS.md) with the highest
# bank leave-one-out crisis recall whose crisis precision stays at 0.9 or more (a missed crisis is the worst error).
CLASSIFIER_THRESHOLDS = {"crisis": 0.60, "emergency": 0.60, "personal_medical_advice": 0.70}
CLASSIFIER_FLOOR = 0.35
# A sentence out of its message, or an earlier message read again, is short and out of context: the classifier's
# leaning decides there only if the class's nearest examples are this near too (its word features make it sure of
# itself on a few shared words: "kept asking where my husband was").
STRICT_CLASSIFIER_FLOOR = 0.45
MIN_CLASSIFIER_WORDS = 6  # a sentence or earlier message shorter than this is not judged by the leaning alone
CLASSIFIER_SENTENCE_MARGIN = 0.20  # a sentence of a long message: the classifier must be surer (0.70 for crisis)
CLASSIFIER_FOREIGN_MARGIN = 0.10
DENIAL_MARGIN = 0.05
SENTENCE_AGREEMENT = 0.40
# The classifier's probability a whole message's nearest examples need to decide (a request for a decision is worded
# much like a request for information: it needs more).
NEAREST_AGREEMENT = {"crisis": 0.20, "emergency": 0.20, "personal_medical_advice": 0.30, "handoff": 0.0}
# The classifier decides only if the class's nearest examples are this near the safe ones (a request for a decision
# must be nearer its examples than the questions for information that look like it).
CLASSIFIER_SAFE_GAP = {"crisis": 0.15, "emergency": 0.15, "personal_medical_advice": 0.0}
TOPIC_THRESHOLD = 0.45
TOPIC_CLASSIFIER_THRESHOLD = 0.75
FOREIGN_MARGIN = 0.06  # the model reads English; in Spanish its similarities are closer together
MIN_WORDS = 3
ORDINARY_TOLERANCE = 0.05
RECENT_TURNS = 2
# A long message's sentences are compared one by one for a crisis (a risk said in one sentence of a request for
# rides is lost in the meaning of the whole), a little more strictly than whole messages (a short sentence out of
# its context is easier to mistake). Emergencies are left to the rules there: their words are plainer.
SENTENCE_LABELS = ("crisis",)
MIN_SENTENCE_WORDS = 4
SENTENCE_MARGIN = 0.03
_CACHE_SIZE = 2048
Remembered = TypeVar("Remembered")
ANIMAL = "speaks of an animal, not a person"


@dataclass
class Triage:
    safety: str = "none"
    topic_hint: str | None = None
    wants_person: bool = False
    acknowledge: bool = False
    off_topic: bool = False  # sure the message is about neither cancer nor the helpline: an animal's illness
    reasons: list[str] = field(default_factory=list)


class Triager:
    """Classifies messages; with no encoder (dense search switched off) it uses the rules alone."""

    def __init__(self, encoder: Encoder | None, bank: ExampleBank | None) -> None:
        self._encoder = encoder
        self._bank = bank
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._leanings: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._nearest: OrderedDict[str, dict[str, tuple[float, Neighbour]]] = OrderedDict()

    def triage(self, question: str, history: list[str] | None = None) -> Triage:
        # Emoji the sentence model cannot read are spelled out ("🪦 me soon" → "grave me soon").
        question, history = rules.spell_emoji(question), [rules.spell_emoji(message) for message in history or []]
        result = Triage(acknowledge=rules.tells_of_diagnosis_or_loss(question))
        conversation = [*(history or []), question]
        # Symptoms told a message or two ago are still happening ("I have chest pain" … "where do I park?").
        recent = conversation[-(RECENT_TURNS + 1):]
        # Words decide before meaning: a crisis in words anywhere, then an emergency in words (a collapse is an
        # emergency even if its wording sits near crisis examples), then the nearest examples in the same order
        # (for an emergency, on the message being answered only).
        # A message that says the sign is over ("all clear, it was reflux") covers the messages before it.
        over = max((turn for turn, message in enumerate(recent) if rules.tells_it_is_over(message)), default=0)
        current = [message for turn, message in reversed(list(enumerate(recent)))
                   if turn >= over and rules.could_be_happening_now(message)]
        earlier = " ".join(recent[:-1])
        # An earlier turn's risk stands at every later turn, unless a later turn tells it as over, or the turn right
        # after it explains its words ("I can't do this anymore" … "this website is impossible on my phone").
        risky = [message for turn, message in enumerate(conversation)
                 if message is question or not (rules.told_as_over_later(message, " ".join(conversation[turn + 1:]))
                                                or rules.explained_by(message, conversation[turn + 1]))]

        def advice(text: str) -> str | None:
            return rules.advice_rule(text, earlier)  # a follow-up's "it" is the medicine named a turn or two ago

        for use_examples in (False, True):
            # An earlier turn is an emergency by its words only: by likeness, an earlier "he's struggling to
            # swallow" would make every later question an emergency.
            now = current if not use_examples else [message for message in current[:1] if message is question]
            if found := self._first(risky, "crisis", rules.crisis_rule, use_examples):
                result.safety = "crisis"
            elif found := self._first(now, "emergency", rules.emergency_rule, use_examples):
                result.safety = "emergency"
            elif found := self._first([question], "personal_medical_advice", advice, use_examples):
                # A request for a decision in words ("should I double up?") is not read as a crisis by likeness.
                result.safety = "personal_medical_advice"
            if found:
                result.reasons.append(f"{result.safety}: {found}")
                break
        if reason := self._is_class(question, "handoff", rules.handoff_rule):
            result.wants_person = True
            result.reasons.append(f"asks for a person: {reason}")
        result.topic_hint, topic_reason = self._topic(question, history or [], result.safety)
        if result.wants_person and not rules.topic_rule(question) and not rules.speaks_of_cancer(question):
            result.topic_hint, topic_reason = "helpline_service", "asks to reach a person"
        if topic_reason:
            result.reasons.append(f"topic {result.topic_hint}: {topic_reason}")
        # Only an animal is surely off topic: a message the classifier calls "other" still goes to the library,
        # which answers it if it can ("what's the liquid version of gleevec called": a brand no rule knows).
        result.off_topic = result.topic_hint == "other" and topic_reason == ANIMAL
        return result

    def _first(self, messages: list[str], label: str, rule: Callable[[str], str | None],
               use_examples: bool) -> str | None:
        """Why the first of the messages that belongs to the class does: by its words, or by the examples."""
        for message in messages:
            if not use_examples:
                if message and (matched := rule(message)):
                    return f"rule matched {matched!r} in {message[:60]!r}"
            elif reason := self._by_examples(message, label, earlier=message is not messages[-1]):
                return f"{reason} for {message[:60]!r}"
        return None

    def _is_class(self, text: str, label: str, rule: Callable[[str], str | None]) -> str | None:
        """Why the message belongs to the class (a rule's words or the nearest example), or None."""
        if not text:
            return None
        if matched := rule(text):
            return f"rule matched {matched!r}"
        return self._by_examples(text, label)

    def _by_examples(self, text: str, label: str, earlier: bool = False) -> str | None:
        """The nearest example to the message, or to one of its sentences, when near enough to the class. An earlier
        message of the conversation is read again at every turn, out of its moment: it is held to the stricter bar
        of a sentence out of its message."""
        if reason := self._near(text, label, sentence=earlier):
            return reason
        if label not in SENTENCE_LABELS:
            return None
        if label == "crisis" and rules.denies_risk(text) and (rest := rules.beyond_denial(text)):
            # A denial covers its own words: "not suicidal or anything. just think it'd be easier if I didn't wake
            # up" is judged on what follows it.
            if reason := self._near(rest, label, sentence=True):
                return f"{reason} in {rest[:60]!r}, beside a denial"
        parts = rules.sentences(text)
        if len(parts) < 2 or (label == "crisis" and (rules.crisis_denied_or_past(text) or rules.accepts_dying(text))):
            return None
        parts = [part for part in parts if len(part.split()) >= MIN_SENTENCE_WORDS and rules.could_carry_risk(part)]
        self._remember([part for part in parts if part not in self._vectors])
        # A question borrows its subject from the rest of the message ("smoking is killing me. how do I stop for
        # good?" stays about smoking); a statement about oneself stands on its own.
        whole = self._ordinary(self._scores(text))
        for part in parts:
            floor = whole if rules.is_question(part) else 0.0
            if reason := self._near(part, label, sentence=True, ordinary_floor=floor):
                return f"{reason} in the sentence {part[:60]!r}"
        return None

    def _near(self, text: str, label: str, sentence: bool = False, ordinary_floor: float = 0.0) -> str | None:
        """The nearest example, when the text (a message, or one sentence of a longer one) is near enough to the
        class and nearer to it than to look-alikes."""
        extra = SENTENCE_MARGIN if sentence else 0.0
        if len(text.split()) < MIN_WORDS:
            return None  # "hi", "ok thanks": too little meaning for a comparison to say anything
        scores = self._scores(text)
        if not scores or label not in scores:
            return None
        score, nearest = scores[label]
        safe = scores["safe"][0] if "safe" in scores else 0.0
        margin = SAFE_MARGIN[label] + (FOREIGN_MARGIN if rules.looks_spanish(text) else 0.0)
        # An ordinary request is nearer its own kind ("I want to quit smoking" is nearer the tobacco examples
        # than "I want to kill myself", though the sentences look alike).
        ordinary = max(self._ordinary(scores), ordinary_floor)
        if score < ordinary - ORDINARY_TOLERANCE:
            return None
        if label == "crisis":
            if rules.only_figures_of_speech(text):
                return None  # "we're going to kill this cancer": alike in words, not in meaning
            if rules.crisis_denied_or_past(text):
                # "I'm not going to hurt myself, just tired": nearer the crisis examples, and further ahead of the
                # look-alikes, it must be.
                extra += DENIAL_MARGIN
                margin += DENIAL_MARGIN
        elif label == "emergency":
            if rules.not_a_person_in_danger(text) or rules.asks_about_signs(text):
                return None  # an animal's symptoms, a joke, or a question about signs to watch for
            if rules.denies_a_sign(text):
                extra += DENIAL_MARGIN  # "no fever, no pain, just wondering about constipation on chemo"
        elif label == "personal_medical_advice" and rules.general_dose_question(text):
            return None  # "the typical adult dose of ondansetron after chemo?": for no one in particular
        agreement = SENTENCE_AGREEMENT if sentence else NEAREST_AGREEMENT[label]
        if score >= THRESHOLDS[label] + extra and score >= safe + margin and (
                self._probabilities(text).get(label, 1.0) >= agreement):
            # One near example is not enough when the classifier, which weighs them all, leans firmly elsewhere; a
            # sentence out of its message is short and easily mistaken: the classifier must lean the same way.
            return f"nearest example {nearest.text!r} ({nearest.similarity:.2f}; safe {safe:.2f})"
        floor = STRICT_CLASSIFIER_FLOOR if sentence else CLASSIFIER_FLOOR
        no_risk_words = label == "crisis" and not rules.could_carry_risk(text)
        too_little = len(text.split()) < MIN_CLASSIFIER_WORDS or no_risk_words
        if sentence and too_little:
            # "she's on the ATRA pills", "she's frightened and so am I", read again a turn later: too few words, or
            # none of the vocabulary of risk, for the leaning alone
            return None
        if (label in CLASSIFIER_THRESHOLDS and score >= floor and score >= safe - CLASSIFIER_SAFE_GAP[label]
                and not self._classifier_abstains(text, label)):
            # Wording near no single example but in the direction of the class, by the linear classifier.
            probabilities = self._probabilities(text)
            wanted = CLASSIFIER_THRESHOLDS[label] + (CLASSIFIER_SENTENCE_MARGIN if sentence else 0.0) + (
                CLASSIFIER_FOREIGN_MARGIN if rules.looks_spanish(text) else 0.0)
            if probabilities.get(label, 0.0) >= wanted and max(probabilities, key=probabilities.__getitem__) == label:
                return (f"example classifier {probabilities[label]:.2f}; nearest example {nearest.text!r} "
                        f"({nearest.similarity:.2f}; safe {safe:.2f})")
        return None

    @staticmethod
    def _classifier_abstains(text: str, label: str) -> bool:
        """A denial, a joke, calm acceptance at the end of life or an animal: the classifier's leaning alone does not
        decide then."""
        if label == "crisis":
            return rules.crisis_denied_or_past(text) or rules.accepts_dying(text)
        if label == "emergency":
            return rules.not_a_person_in_danger(text) or rules.denies_a_sign(text)
        return rules.not_a_person_in_danger(text)

    @staticmethod
    def _ordinary(scores: dict[str, tuple[float, Neighbour]]) -> float:
        """How near the text is to an ordinary helpline request (a topic other than cancer information)."""
        return max((value for other, (value, _) in scores.items()
                    if other.startswith("topic:") and other != "topic:cancer_information"), default=0.0)

    def _topic(self, text: str, history: list[str], safety: str = "none") -> tuple[str | None, str | None]:
        if not text:
            return None, None
        if rules.about_an_animal(text) and safety == "none":
            return "other", ANIMAL  # a pet's cancer is for a vet
        if found := rules.topic_rule(text):
            return found[0], f"rule matched {found[1]!r}"
        if safety in ("crisis", "emergency"):
            return self._safety_topic(text, safety)
        if found := self._topic_by_classifier(text):
            # An ordinary request that names a treatment ("petrol money for radiotherapy?") is still a request.
            return found
        if rules.speaks_of_cancer(text) and rules.is_question(text):
            return "cancer_information", "a question about cancer, its treatment or medicines"
        for message in reversed(history[-RECENT_TURNS:]):
            # A follow-up ("any apps that help?", "ok thanks!") stays on the conversation's topic.
            if found := rules.topic_rule(message):
                return found[0], f"follows an earlier message on it ({found[1]!r})"
        if rules.speaks_of_cancer(" ".join([*history[-RECENT_TURNS:], text])):
            return "cancer_information", "the conversation speaks of cancer, its treatment or medicines"
        if len(text.split()) < MIN_WORDS:
            return None, None
        scores = self._scores(text)
        topics = {label.removeprefix("topic:"): value for label, value in scores.items()
                  if label.startswith("topic:")}
        if not topics:
            return None, None
        topic, (score, nearest) = max(topics.items(), key=lambda item: item[1][0])
        if score < TOPIC_THRESHOLD:
            return None, None
        return topic, f"nearest example {nearest.text!r} ({nearest.similarity:.2f})"

    def _topic_by_classifier(self, text: str) -> tuple[str, str] | None:
        """A helpline topic other than cancer information, when the topic classifier is sure of it."""
        if len(text.split()) < MIN_WORDS or self._encoder is None or self._bank is None:
            return None
        probabilities = self._bank.topic_probabilities(text, self._vector(text))
        topic = max(probabilities, key=probabilities.__getitem__)
        if topic == "cancer_information" or probabilities[topic] < TOPIC_CLASSIFIER_THRESHOLD:
            return None
        if topic == "other" and rules.speaks_of_cancer(text):
            return None  # "WHAT IS A PET SCAN": a cancer word makes it no stranger to the helpline
        return topic, f"topic classifier {probabilities[topic]:.2f}"

    @staticmethod
    def _safety_topic(text: str, safety: str) -> tuple[str | None, str | None]:
        """The topic of a crisis or emergency message: what the message itself speaks of (the evaluation sets'
        convention: a cry for help late in a conversation about rides is about no helpline subject); never a guess
        by likeness. For a crisis, pills or medicines alone are the means, not a cancer subject."""
        speaks = rules.speaks_of_cancer_care if safety == "crisis" else rules.speaks_of_cancer
        if speaks(text):
            return "cancer_information", "the message speaks of cancer or its treatment"
        return "other", "the message speaks of no cancer or helpline subject"

    def _probabilities(self, text: str) -> dict[str, float]:
        """The safety classifier's probabilities, remembered for the message (each class asks for them)."""
        if self._encoder is None or self._bank is None:
            return {}
        bank = self._bank
        return _recall(self._leanings, text, lambda: bank.probabilities(text, self._vector(text)))

    def _scores(self, text: str) -> dict[str, tuple[float, Neighbour]]:
        """The nearest examples of each label, remembered for the message (each class asks for them)."""
        if self._encoder is None or self._bank is None:
            return {}
        bank = self._bank
        return _recall(self._nearest, text, lambda: bank.scores(self._vector(text)))

    def forget(self) -> None:
        """Empties what the triager remembers of messages (the benchmark swaps the bank's classifier)."""
        self._vectors.clear()
        self._leanings.clear()
        self._nearest.clear()

    def vector(self, text: str) -> np.ndarray | None:
        """The message's vector as triage computed it (None without an encoder), for search to reuse."""
        return self._vector(text) if self._encoder is not None and text else None

    def _remember(self, texts: list[str]) -> None:
        """Encodes several texts in one pass (a long message's sentences) into the remembered vectors."""
        if texts and self._encoder is not None and self._bank is not None:
            for text, vector in zip(texts, self._encoder.encode(texts), strict=True):
                self._vectors[text] = vector
            while len(self._vectors) > _CACHE_SIZE:
                self._vectors.popitem(last=False)

    def _vector(self, text: str) -> np.ndarray:
        """The message's vector, remembered: a conversation's earlier messages come back at every turn."""
        encoder = self._encoder
        assert encoder is not None  # noqa: S101 - only called with an encoder
        return _recall(self._vectors, text, lambda: encoder.encode([text])[0])


def _recall(memory: OrderedDict[str, Remembered], text: str, compute: Callable[[], Remembered]) -> Remembered:
    """What the triager remembers of a message, computed on first sight; the least recently used is forgotten
    first (a conversation's earlier messages come back at every turn)."""
    found = memory.get(text)
    if found is None:
        found = memory[text] = compute()
        if len(memory) > _CACHE_SIZE:
            memory.popitem(last=False)
    else:
        memory.move_to_end(text)
    return found
