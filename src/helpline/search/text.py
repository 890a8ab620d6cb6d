"""Tokenising and stemming shared by the lexical index, the focus lexicon and question analysis."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_TOKEN = re.compile(r"[a-z0-9]+(?:[+][a-z0-9]*)?")

STOPWORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being below between
both but by can cannot could did do does doing don't down during each few for from further had has have having he
her here hers herself him himself his how i i'm if in into is isn't it it's its itself let's me more most my myself
no nor not of off on once only or other ought our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why with would you your yours yourself yourselves
im ive id dont doesnt didnt cant wont also please thanks thank hi hello dear sir madam regards get got would like
know want wondering question questions tell anyone someone anybody help information info
""".split())


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lowercase word tokens, accents folded ("Sézary" is "sezary"), punctuation dropped."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = "".join(ch for ch in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(ch))
    return _TOKEN.findall(lowered)


def _joined_negations(tokens: list[str]) -> list[str]:
    """"non" joined to the word it negates: "non-small cell" is not "small cell", "non-Hodgkin" not "Hodgkin"."""
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] == "non":
            joined[-1] = "non" + token
        else:
            joined.append(token)
    return joined


def stems(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Stemmed tokens for matching ("treatments" and "treating" → "treat"; "non-small" is one word)."""
    tokens = _joined_negations(words(text))
    if drop_stopwords:
        tokens = [token for token in tokens if token not in STOPWORDS]
    return list(_stemmer().stemWords(tokens))


def stem_word(word: str) -> str:
    return str(_stemmer().stemWord(word))
