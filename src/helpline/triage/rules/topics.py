"""Helpline topics, a wish for a person, and whether a message speaks of cancer, a diagnosis or a loss."""

from __future__ import annotations

import re

from helpline.triage.rules.wording import any_of, matched

_HANDOFF_MORE = re.compile(
    r"\b(get|want|need|have)\s+(a|an|to\s+talk\s+to\s+a)\s+(real\s+)?(human|person|nurse|agent)\b|"
    r"\bhablar\s+con\s+(una|alguien|un)\b", re.IGNORECASE)
_HANDOFF = re.compile(r"""
    \b((talk|speak|chat)\s+(to|with)\s+(a|an|some|the)?\s*(real\s+)?(person|human|someone|somebody|specialist|agent|
        nurse|people)|real\s+person|human\s+being|live\s+(agent|person)|transfer\s+me|connect\s+me|call\s+me\s+back)\b""",
    re.IGNORECASE | re.VERBOSE)

_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("tobacco", any_of(r"\b(smok\w*|cigar\w*|tobacco|vap(e|es|ing|er)|e-?cig\w*|nicotine|quit\s*line|juul|"
                     r"second[-\s]?hand|fuma\w*|fumar|🚬)")),
    ("volunteering", any_of(r"\b(volunteer\w*|voluntari\w*|(be|become)\s+a\s+(peer\s+)?mentor|give\s+(my|some)\s+time|"
                          r"help\s+out\s+at)\b")),
    ("donations_website_events", any_of(
        r"\b(donat\w*|donor|fundrais\w*|give\s+money|tax\s+receipt|in\s+(memory|honou?r)\s+of|gala|sponsor\w*|"
        r"(gift|legacy|bequest)\s+(to|for)\s+(the|your)\s+charity|(leave|leaving|left)\s+(\w+\s+){0,3}to\s+(the|your)\s+"
        r"charity|in\s+my\s+will|legacy\s+gift|bequest|"
        r"website|web\s*site|web\s*page|the\s+(page|site|app)\b|log\s*in|sign\s+in|password|account|email\s+address|"
        r"unsubscribe|newsletter|(charity|fundraising|5k|10k|relay)\s+(walk|run|race)|walk\s*-?a-?thon|"
        r"(register|sign\s+up)\s+(for\s+)?(the|a|our)\s+([\w']+\s+)?(walk|run|race|event)|event\s+(registration|tickets?)|"
        r"(button|link|page)\s+(doesn'?t|does\s+not|won'?t)\s+(work|load|show)|donaci\w*)\b")),
    ("referrals", any_of(
        r"\b(rides?|transport\w*|driv(e|er|ing)\s+(me|him|her|us)\s+to|(gas|fuel|petrol|travel|taxi|bus|train)\s+"
        r"(cards?|money|costs?|fares?|expenses|bills?)|parking|shuttle|"
        r"lodg\w*|hotel|place\s+to\s+stay|stay\s+near|hope\s+lodge|support\s+groups?|peer\s+support|counsel(l)?ing|"
        r"financial|afford|pay(ing)?\s+for|bills?|insurance|copays?|wigs?|programs?\s+(for|that)|resources?\s+for|"
        r"are\s+there\s+(any\s+)?programs|peer\s+mentors?|someone\s+who'?s\s+(had|been\s+through)|counsel(l)?ors?|"
        r"therapist|grupo\s+de\s+apoyo|transporte|carro)\b")),
    ("helpline_service", any_of(
        r"\b(your\s+hours|what\s+(are\s+)?(your|the)\s+hours|(phone|telephone|24[-\s]?hour|overnight|night|help)\s*line|"
        r"(is\s+there\s+)?a\s+number\s+(for|to\s+(call|ring|text))|line\s+opens?|"
        r"are\s+you\s+open|(chat|line|phone)\s+(is\s+)?open|"
        r"open\s+(on|today|now|24)|24/7|when\s+can\s+i\s+(call|chat)|phone\s+number|call\s+you|helpline|hotline|"
        r"live\s+chat|are\s+you\s+(a\s+)?(bot|robot|human|real|ai)|what\s+do\s+you\s+do|who\s+are\s+you|"
        r"(is|are)\s+(this|the)\s+(chat|service)\s+(free|confidential|private)|people\s+who\s+answer|"
        r"interpreters?|translators?|(speak|in)\s+(spanish|another\s+language)|can\s+you\s+(diagnose|prescribe)|"
        r"information\s+specialists?)\b")),
]
_CANCER_CONTEXT = any_of(
    r"\b(cancer\w*|tumou?r\w*|chemo\w*|oncolog\w*|radiation|radiotherapy|metasta\w*|mets|biops\w*|leu[ck](a)?emia|"
    r"lymphoma|neutrophils?|lymph\s+nodes?|white\s+(blood\s+)?(cells?|counts?)|"
    r"myeloma|melanoma|sarcoma|carcinoma|mastectom\w*|scan(s)?|diagnos\w*|stage\s+[1-4iv]+|remission|relapse\w*|"
    r"transplant|immunotherapy|hospice|palliative|quimio\w*|c[aá]ncer|treatment|neutropeni\w*|port-?a-?cath|"
    r"ribbon|survivor|\w+(inib|enib|mab|ozole|clax|parib|ciclib|lisib|platin|rubicin|taxel|trexate|tecan|mustine)|"
    r"car-?t|"
    r"revumenib|imatinib|tamoxifen|keytruda|folfox|capecitabine|xeloda|herceptin|tagrisso|atra|5-fu|gleevec|glivec|"
    r"sprycel|tasigna|revlimid|ibrance|kisqali|verzenio|lynparza|opdivo|avastin|rituxan|zytiga|xtandi|arimidex|"
    r"femara|aromasin|"
    r"doses?|side\s+effects?|medications?|medicines?|meds|pills?|tablets?|capsules?|surgery|surgeon|ports?|iv|infusions?|platelets?|"
    r"(blood\s+)?counts|oncologist|prednisone|dexamethasone|steroids?|oxycodone|antibiotics?|results|cold\s+caps?|"
    r"second\s+opinion|brca|her2\w*|pathology|biomarkers?|oncotype|whipple|glioblastoma|thermometer|temp(erature)?)\b")
_CANCER_SUBJECT = any_of(
    r"\b(cancer\w*|tumou?r\w*|chemo\w*|oncolog\w*|radiation|radiotherapy|metasta\w*|mets|biops\w*|leu[ck](a)?emia|lymphoma|"
    r"myeloma|melanoma|sarcoma|carcinoma|mastectom\w*|scans?|diagnos\w*|stage\s+[1-4iv]+|remission|relapse\w*|"
    r"transplant|immunotherapy|hospice|palliative|quimio\w*|c[aá]ncer|treatment|infusions?|surgery|oncologist|"
    r"glioblastoma|whipple|car-?t|neutrophils?|lymph\s+nodes?)\b")

_LOSS_OR_DIAGNOSIS = re.compile(
    r"\b(just\s+(been\s+)?diagnosed|was\s+diagnosed|were\s+diagnosed|has\s+been\s+diagnosed|diagnosed\s+with|"
    r"passed\s+away|died|lost\s+my|loss\s+of\s+my|terminal)\b", re.IGNORECASE)



def handoff_rule(text: str) -> str | None:
    return matched(_HANDOFF, text) or matched(_HANDOFF_MORE, text)


def topic_rule(text: str) -> tuple[str, str] | None:
    """The first helpline topic whose wording the message uses, with that wording."""
    for topic, pattern in _TOPICS:
        if hit := matched(pattern, text):
            return topic, hit
    return None


def speaks_of_cancer(text: str) -> bool:
    """Whether a message is about cancer, its tests, its treatment or medicines: for a cancer helpline, such a
    message is a cancer-information contact."""
    return bool(_CANCER_CONTEXT.search(text))


def speaks_of_cancer_care(text: str) -> bool:
    """Whether a message names cancer, its tests or its treatment (not only pills or medicines, which in a crisis
    message are more often the means than the subject)."""
    return bool(_CANCER_SUBJECT.search(text))


def tells_of_diagnosis_or_loss(text: str) -> bool:
    return bool(_LOSS_OR_DIAGNOSIS.search(text))
