"""What a message's context says beside its meaning: counts the triage model weighs (it learns how much), plus
the language and the acknowledgement cue.

None of these decides anything alone: each is a column of the model's input, with a weight fitted on the
training messages. They carry what a small sentence model blurs — a denial, the past ("used to", "years ago",
"he's home now"), a third person, a figure of speech, a joke, the turn a message came in.
"""

from __future__ import annotations

import re

import numpy as np

_CUES = {
    "negation": r"\b(no|not|never|nothing|nobody|none|nor|without|dont|didnt|isnt|wasnt|cant|wont|ya\s+no|nunca|"
                r"nada)\b|n't\b",
    "past": r"\b(used\s+to|years?\s+ago|months?\s+ago|weeks?\s+ago|ago|last\s+(year|month|week|night)|"
            r"back\s+(then|when)|"
            r"as\s+a\s+(teen|teenager|kid|child)|(is|he's|she's|i'm)\s+(home|fine|ok|okay|better)\s+now|all\s+clear|"
            r"was|were|had|hace\s+\w+\s+(años|meses))\b",
    "third_person": r"\b(he|she|him|her|his|hers|they|them|my\s+(mom|mum|mother|dad|father|husband|wife|son|daughter|"
                    r"brother|sister|friend|partner|aunt|uncle|grandma|grandpa|child|kid)|mi\s+(mam[aá]|pap[aá]|hijo|hija|"
                    r"esposo|esposa|hermano|hermana))\b",
    "figure_of_speech": r"\b(dying\s+to|to\s+death|killing\s+me|kill\s+for|dy(e|ed|eing)|die\s+(my|her|his)\s+hair|"
                        r"kill\s+(this|the|that)\s+(cancer|tumou?r)|de\s+risa)\b",
    "joke": r"\b(lol|lmao|haha\w*|jk|kidding|joking|jaja\w*)\b|😂|🤣",
    "question": r"\?|^\s*(what|when|where|why|how|who|which|is|are|can|could|does|do|should|will|would|qu[eé]|c[oó]mo|"
                r"cu[aá]l|d[oó]nde|puedo)\b(?!['’]t)",
    "first_person": r"\b(i|i'm|im|me|my|myself|yo|me|mi)\b",
}
_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _CUES.items()}
NAMES = (*_CUES, "words", "turn")
# Words of Spanish that English does not use (not "ya", "mi", "la", "el", "es", "con", which it does).
_SPANISH = re.compile(r"\b(que|para|una|mis|los|las|del|por|pero|muy|nada|tengo|tiene|estoy|está|esta|quiero|"
                      r"como|cómo|mucho|puedo|hablar|usted|ustedes|tienen|dónde|cuándo|qué|hace|porque|ayuda|mamá|"
                      r"papá|hijo|hija|esposo|esposa|gracias|necesito)\b",
                      re.IGNORECASE)
_LOSS_OR_DIAGNOSIS = re.compile(
    r"\b(just\s+(been\s+)?diagnosed|was\s+diagnosed|were\s+diagnosed|has\s+been\s+diagnosed|diagnosed\s+with|"
    r"passed\s+away|died|lost\s+my|loss\s+of\s+my|terminal)\b", re.IGNORECASE)


def cue_counts(texts: list[str], turns: list[int]) -> np.ndarray:
    """One row per message: each cue's count (log-scaled), its length in words and the turn it came in."""
    rows = [[np.log1p(len(pattern.findall(text))) for pattern in _PATTERNS.values()]
            + [np.log1p(len(text.split())) / 3.0, np.log1p(turn)] for text, turn in zip(texts, turns, strict=True)]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(NAMES))


def looks_spanish(text: str) -> bool:
    """Two or more different Spanish words: the message gets the Spanish replies and the Spanish phone line."""
    return len({word.lower() for word in _SPANISH.findall(text)}) >= 2


def tells_of_diagnosis_or_loss(text: str) -> bool:
    """A diagnosis or a death told in the message: the answer begins with a word of acknowledgement."""
    return bool(_LOSS_OR_DIAGNOSIS.search(text))
