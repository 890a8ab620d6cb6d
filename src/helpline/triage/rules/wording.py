"""Shared pieces of the wording rules: building patterns, sentences, questions, language."""

from __future__ import annotations

import re


def any_of(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the patterns."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def matched(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(0) if found else None


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-\s+")
# "can't breathe" is no question: the contraction is excluded.
QUESTION_START = re.compile(r"^\s*(what|when|where|why|how|who|which|is|are|can|could|does|do|should|will|would)\b"
                             r"(?!['’]t)", re.IGNORECASE)
_SPANISH = re.compile(r"\b(que|para|con|una|mi|es|el|la|por|tengo|estoy|quiero|como|cómo|mucho|puedo|hablar|"
                      r"usted|ustedes|tienen|dónde|cuándo|qué)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of a message, for comparing a long message's parts one by one (a risk said in one sentence
    of ten is lost in the meaning of the whole)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def sentence_at(text: str, position: int) -> str:
    """The sentence of the message in which the position lies (split as ``sentences`` splits)."""
    start = max((end.end() for end in _SENTENCE_END.finditer(text, 0, position)), default=0)
    after = _SENTENCE_END.search(text, position)
    return text[start:after.start() if after else len(text)]


def is_question(text: str) -> bool:
    return "?" in text or bool(QUESTION_START.match(text))


def looks_spanish(text: str) -> bool:
    """Spanish function words: the English-only sentence model is less sure of such a message's meaning."""
    return len(_SPANISH.findall(text)) >= 2


# Emoji the sentence model reads as unknown tokens, spelled out for triage.
_EMOJI_WORDS = {"🪦": "grave", "⚰️": "coffin", "⚰": "coffin", "🔫": "gun", "💊": "pills", "🔪": "knife", "🩸": "blood",
                "🌉": "bridge", "🪢": "rope", "😭": "crying", "💔": "heartbroken", "🤒": "fever", "🤮": "vomiting",
                "🥵": "burning up", "🥶": "freezing", "😵": "dizzy", "😵‍💫": "dizzy", "🚑": "ambulance", "🆘": "help"}
_EMOJI = re.compile("|".join(sorted(map(re.escape, _EMOJI_WORDS), key=len, reverse=True)))


def spell_emoji(text: str) -> str:
    """The message with the emoji of risk and of symptoms spelled out as words."""
    return _EMOJI.sub(lambda found: f" {_EMOJI_WORDS[found.group(0)]} ", text).strip() if text else text
