"""The one rule left beside the model: suicidal intent said in so many words. It can only raise the alarm."""

from __future__ import annotations

import re

# Intent in explicit words, English and Spanish ("I …", "my husband is suicidal" too), with no denial between the
# person and the words and none just before a Spanish verb ("I am not suicidal", "no voy a matarme" are left to the
# model). The model decides everything else.
_EXPLICIT = re.compile(
    r"\b(i|i'm|im|i\s+am|i've|ive)\b(?P<between>(\s+[\w']+){0,4}?)\s+(kill(ing)?\s+myself|kms|suicidal|"
    r"end(ing)?\s+my\s+(own\s+)?life|tak(e|ing)\s+my\s+(own\s+)?life|overdos(e|ing)\s+on\s+purpose)\b|"
    r"(?<!\bno\s)(?<!\bnunca\s)\b(voy\s+a|quiero|pienso|pensando\s+en)\s+(matarme|suicidarme|quitarme\s+la\s+vida)\b|"
    r"\bya\s+no\s+quiero\s+vivir\b",
    re.IGNORECASE)
_DENIAL_OR_PAST = re.compile(r"\b(not|never|no\s+longer|n't|used\s+to|was|wasn't|were|stopped|dont|didnt)\b|n't",
                             re.IGNORECASE)


def explicit_crisis(text: str) -> str | None:
    """The explicit words of suicidal intent in the message, unless denied or told as past."""
    for found in _EXPLICIT.finditer(text):
        if not _DENIAL_OR_PAST.search(found.group("between") or ""):
            return found.group(0)
    return None
