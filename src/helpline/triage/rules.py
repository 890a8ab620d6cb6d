"""Wording rules for triage: what a message says that needs no model to recognise."""

from __future__ import annotations

import re

_CRISIS = re.compile(r"""
    \b(suicid\w*|kill(ing)?\s+(my\s*self|myself)|kms|unalive|end(ing)?\s+(my|his|her|their)\s+(own\s+)?life|
    end\s+it\s+all|wants?\s+to\s+end\s+it|want(s|ed)?\s+to\s+die|wish\s+i\s+(was|were)\s+dead|
    better\s+off\s+without\s+me|better\s+off\s+dead|self[-\s]?harm\w*|hurt(ing)?\s+my\s*self|cut(ting)?\s+my\s*self|
    no\s+reason\s+to\s+live|can'?t\s+(do\s+this|go\s+on|take\s+(it|this))\s+any\s*more|don'?t\s+want\s+to\s+(live|be\s+here)|
    overdose\s+on\s+purpose|take\s+all\s+my\s+pills)\b""", re.IGNORECASE | re.VERBOSE)
_CRISIS_NEGATED = re.compile(r"\b(not|never|no)\s+(suicidal|going\s+to\s+(hurt|kill)\s+my\s*self)\b", re.IGNORECASE)

_EMERGENCY = re.compile(r"""
    \b(chest\s+pain|(can'?t|cannot|trouble|hard|difficulty|struggling\s+to)\s+(breath\w*)|short(ness)?\s+of\s+breath|
    faint(ed|ing)?|pass(ed)?\s+out|unconscious|seizure|
    (heavy|severe|uncontrolled|won'?t\s+stop|nonstop)\s+bleeding|bleeding\s+(heavily|won'?t\s+stop|that\s+won'?t\s+stop)|
    coughing\s+(up\s+)?blood|vomiting\s+blood|stroke|
    fever\b.{0,60}\b(chemo\w*|treatment|infusion)|(chemo\w*|treatment|infusion)\b.{0,60}\bfever|
    (peeing|urinating)\s+(much\s+)?less|very\s+dizzy)\b""", re.IGNORECASE | re.VERBOSE | re.DOTALL)

_PERSONAL_ADVICE = re.compile(r"""
    \b(should\s+(i|we|he|she|my\s+\w+)\s+(stop|skip|quit|double|take|start|keep\s+taking|change|increase|decrease|
        lower|raise|have|get|go\s+ahead)|
    (can|could|may)\s+(i|we|he|she)\s+(stop|skip|quit|double|take\s+(more|less|an\s+extra)|change|increase|decrease)|
    is\s+it\s+(ok|okay|safe|fine)\s+(for\s+(me|him|her)\s+)?to\s+(stop|skip|quit|double|take|miss)|
    how\s+much\s+(\w+\s+){0,3}should\s+(i|he|she|we)\s+take|what\s+dose\s+should|
    (stop|skip|double|change)\s+my\s+(dose|medication|medicine|pills?|treatment|chemo))\b""",
    re.IGNORECASE | re.VERBOSE)

_HANDOFF = re.compile(r"""
    \b((talk|speak|chat)\s+(to|with)\s+(a|an|some|the)?\s*(real\s+)?(person|human|someone|somebody|specialist|agent|
        nurse|people)|real\s+person|human\s+being|live\s+(agent|person)|transfer\s+me|connect\s+me|call\s+me\s+back)\b""",
    re.IGNORECASE | re.VERBOSE)

_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("tobacco", re.compile(r"\b(smok\w*|cigar\w*|tobacco|vap(e|es|ing)|e-?cig\w*|nicotine|quit\s*line|"
                           r"chew(ing)?\s+tobacco|second[-\s]?hand)\b", re.IGNORECASE)),
    ("volunteering", re.compile(r"\bvolunteer\w*\b", re.IGNORECASE)),
    ("donations_website_events", re.compile(
        r"\b(donat\w*|donor|fundrais\w*|give\s+money|tax\s+receipt|in\s+memory\s+of|website|web\s+site|"
        r"log\s*in|password|event|walk|run|race|registration|register\s+for)\b", re.IGNORECASE)),
    ("referrals", re.compile(
        r"\b(rides?|transport\w*|driv(e|er|ing)\s+(me|to)|lodging|hotel|place\s+to\s+stay|stay\s+near|"
        r"support\s+groups?|financial|afford|pay\s+for|bills?|insurance|wig|programs?\s+for|resources?)\b",
        re.IGNORECASE)),
    ("helpline_service", re.compile(
        r"\b(hours|open|when\s+can\s+i\s+(call|chat)|phone\s+number|call\s+you|helpline|hotline|live\s+chat|"
        r"are\s+you\s+(a\s+)?(bot|robot|human|real)|what\s+do\s+you\s+do|who\s+are\s+you)\b", re.IGNORECASE)),
]

_LOSS_OR_DIAGNOSIS = re.compile(
    r"\b(just\s+(been\s+)?diagnosed|was\s+diagnosed|were\s+diagnosed|has\s+been\s+diagnosed|diagnosed\s+with|"
    r"passed\s+away|died|lost\s+my|loss\s+of\s+my|terminal)\b", re.IGNORECASE)


def _matched(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(0) if found else None


def crisis_rule(text: str) -> str | None:
    """The crisis wording in a message, unless the message denies it ("I'm not suicidal")."""
    crisis = _matched(_CRISIS, text)
    if crisis and _CRISIS_NEGATED.search(text) and not re.search(r"\b(kms|unalive)\b", crisis, re.IGNORECASE):
        return None
    return crisis


def emergency_rule(text: str) -> str | None:
    return _matched(_EMERGENCY, text)


def advice_rule(text: str) -> str | None:
    return _matched(_PERSONAL_ADVICE, text)


def handoff_rule(text: str) -> str | None:
    return _matched(_HANDOFF, text)


def topic_rule(text: str) -> tuple[str, str] | None:
    """The first helpline topic whose wording the message uses, with that wording."""
    for topic, pattern in _TOPICS:
        if hit := _matched(pattern, text):
            return topic, hit
    return None


def tells_of_diagnosis_or_loss(text: str) -> bool:
    return bool(_LOSS_OR_DIAGNOSIS.search(text))
