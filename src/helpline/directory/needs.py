"""What a resource helps with: a small fixed vocabulary of need codes, and the everyday words that point to them.

The codes are what the CSV holds and what is stored; the synonyms let a specialist type the caller's own words
("gas money", "hotel", "stop smoking") and still find the need.
"""

from __future__ import annotations

import re

# Code → plain label, in the order the console lists them.
NEEDS: dict[str, str] = {
    "rides": "Rides and travel to treatment",
    "lodging": "A place to stay near treatment",
    "support_groups": "Support groups, counseling and peer support",
    "financial_help": "Help with costs and bills",
    "quitline": "Help to quit smoking or tobacco",
    "caregiver_support": "Support for caregivers and family",
    "wigs_and_appearance": "Wigs, head coverings and appearance",
    "legal_and_work": "Legal, insurance and work questions",
    "home_care": "Care and equipment at home",
    "clinical_trials_navigation": "Finding and joining a clinical trial",
    "other": "Other help",
}

# Everyday words and phrases → need codes. Matched on whole words, after lower-casing; a trailing plural "s"
# is ignored, so "rides" and "ride" both match. Phrases are tried before single words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    # rides
    "ride": ("rides",), "transport": ("rides",), "transportation": ("rides",), "travel": ("rides",),
    "drive": ("rides",), "driver": ("rides",), "driving": ("rides",), "car": ("rides",), "taxi": ("rides",),
    "bus": ("rides",), "shuttle": ("rides",), "flight": ("rides",), "gas": ("rides",),
    "gas money": ("rides", "financial_help"), "gas card": ("rides", "financial_help"), "mileage": ("rides",),
    "parking": ("rides",), "get to treatment": ("rides",), "get to chemo": ("rides",),
    # lodging
    "hotel": ("lodging",), "motel": ("lodging",), "place to stay": ("lodging",),
    "housing": ("lodging",), "overnight": ("lodging",),
    "accommodation": ("lodging",), "hope lodge": ("lodging",),
    # support groups
    "support group": ("support_groups",), "group": ("support_groups",), "peer": ("support_groups",),
    "mentor": ("support_groups",), "counseling": ("support_groups",), "counselling": ("support_groups",),
    "counselor": ("support_groups",), "therapist": ("support_groups",), "lonely": ("support_groups",),
    "someone to talk to": ("support_groups",), "talk to someone": ("support_groups",),
    "emotional support": ("support_groups",), "survivor": ("support_groups",),
    # financial help
    "money": ("financial_help",), "cost": ("financial_help",), "costs": ("financial_help",),
    "bill": ("financial_help",), "pay": ("financial_help",), "afford": ("financial_help",),
    "copay": ("financial_help",), "co-pay": ("financial_help",), "grant": ("financial_help",),
    "financial": ("financial_help",), "rent": ("financial_help",), "utilities": ("financial_help",),
    "medication cost": ("financial_help",), "insurance": ("financial_help", "legal_and_work"),
    # quitline
    "quit": ("quitline",), "quitting": ("quitline",), "smoking": ("quitline",), "smoke": ("quitline",),
    "stop smoking": ("quitline",), "tobacco": ("quitline",), "cigarette": ("quitline",), "vape": ("quitline",),
    "vaping": ("quitline",), "nicotine": ("quitline",), "cessation": ("quitline",),
    # caregiver support
    "caregiver": ("caregiver_support",), "carer": ("caregiver_support",), "caregiving": ("caregiver_support",),
    "respite": ("caregiver_support",), "looking after": ("caregiver_support",),
    # wigs and appearance
    "wig": ("wigs_and_appearance",), "hair": ("wigs_and_appearance",), "hair loss": ("wigs_and_appearance",),
    "head covering": ("wigs_and_appearance",), "scarf": ("wigs_and_appearance",),
    "makeup": ("wigs_and_appearance",), "appearance": ("wigs_and_appearance",),
    "prosthesis": ("wigs_and_appearance",), "mastectomy bra": ("wigs_and_appearance",),
    # legal and work
    "legal": ("legal_and_work",), "lawyer": ("legal_and_work",), "attorney": ("legal_and_work",),
    "job": ("legal_and_work",), "employer": ("legal_and_work",), "time off work": ("legal_and_work",),
    "boss": ("legal_and_work",), "fired": ("legal_and_work",), "leave from work": ("legal_and_work",),
    "disability": ("legal_and_work", "financial_help"), "appeal": ("legal_and_work",),
    # home care
    "home care": ("home_care",), "at home": ("home_care",), "nurse": ("home_care",),
    "home health": ("home_care",), "equipment": ("home_care",), "wheelchair": ("home_care",),
    "hospital bed": ("home_care",), "meals": ("home_care",), "hospice": ("home_care",),
    # clinical trials
    "trial": ("clinical_trials_navigation",), "clinical trial": ("clinical_trials_navigation",),
    "study": ("clinical_trials_navigation",), "research study": ("clinical_trials_navigation",),
    "experimental": ("clinical_trials_navigation",),
}

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-cased words, hyphenated ones kept whole ("co-pay")."""
    return _WORD.findall(text.lower())


def singular(word: str) -> str:
    """Drop a plural "s" ("rides" → "ride", but not "gas" or "bus")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_PHRASES = sorted(((tuple(singular(w) for w in words(phrase)), needs) for phrase, needs in SYNONYMS.items()),
                  key=lambda item: -len(item[0]))


def needs_in_words(text: str) -> list[str]:
    """The need codes a specialist's words point to, in order of first mention (codes themselves included)."""
    found: list[str] = []
    tokens = words(text.replace("_", " "))
    joined = "_" + "_".join(tokens) + "_"
    for code in NEEDS:  # a code written out ("support_groups", "support groups") is its own synonym
        if f"_{code}_" in joined and code not in found and code != "other":
            found.append(code)
    stems = [singular(token) for token in tokens]
    used = [False] * len(stems)
    for phrase, needs in _PHRASES:
        size = len(phrase)
        for start in range(len(stems) - size + 1):
            if tuple(stems[start:start + size]) == phrase and not any(used[start:start + size]):
                used[start:start + size] = [True] * size
                found.extend(need for need in needs if need not in found)
    return found


def parse_need_codes(text: str) -> tuple[list[str], list[str]]:
    """Strictly read a CSV ``needs`` cell: (known codes, problems). Words are not accepted here, only codes."""
    codes: list[str] = []
    problems: list[str] = []
    for part in text.split(","):
        code = part.strip().lower()
        if not code:
            continue
        if code in NEEDS:
            if code not in codes:
                codes.append(code)
            continue
        hint = needs_in_words(code)
        suggestion = f" (did you mean {' or '.join(hint)}?)" if hint else ""
        problems.append(f"unknown need code {part.strip()!r}{suggestion}")
    return codes, problems
