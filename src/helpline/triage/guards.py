"""What sets alarming words aside: a sign the message denies, a time word that dates the treatment rather than the
symptom, a figure of speech, a risk now behind the writer.

The rules use these on their matches, and the example path (nearest examples, classifier) on whole messages, so
"no fever, just constipation on chemo" or "we're going to kill this cancer" is read the same way on both paths.
"""

from __future__ import annotations

import re

# A sign named right after a denial, and any signs listed with it: "no fever", "no fever, chills or pain",
# "without any bleeding". A sign with other words between ("not able to breathe") is not denied here.
_SIGN = (r"(high\s+)?(fever|temp(erature)?|chills|rigou?rs|cough(ing)?|(chest\s+)?pain|bleed(ing)?|blood|"
         r"(shortness\s+of\s+|trouble\s+|problems?\s+|difficulty\s+)?breath(ing)?(\s+(problems?|trouble))?|dizz(y|iness)|"
         r"faint(ing)?|rash|swelling|vomit(ing)?|diarrh\w*|confusion|seizures?|symptoms?|fiebre|sangrado)")
_DENIAL_CUE = (r"\b(no|not|nor|without|never|denies|zero|don'?t\s+have|doesn'?t\s+have|didn'?t\s+have|"
               r"haven'?t\s+(had|got)|hasn'?t\s+(had|got)|no\s+signs?\s+of|free\s+of|sin|no\s+tengo|no\s+tiene)")
_DENIED_SIGNS = re.compile(
    rf"{_DENIAL_CUE}\s+(a\s+|any\s+|an\s+|real\s+)?{_SIGN}\b((\s*(,|/|or|and|nor)\s*)+(no\s+|any\s+)?{_SIGN}\b)*",
    re.IGNORECASE)
# A time word about the treatment, not the symptom: "had radiation to my lungs last month", "last chemo was
# Tuesday", "started chemo 2 weeks ago". Set aside before asking whether the message tells of a past event.
_TREATMENT_WORD = (r"(chemo\w*|infusions?|radiation|radiotherapy|treatment|cycle|dose|surgery|operation|transplant|"
                   r"immunotherapy|biopsy|scan|pills?|tablets?|meds|medication|quimio\w*)")
_TIME_WORDS = (r"(last\s+(week|month|time|tuesday|monday|wednesday|thursday|friday|saturday|sunday|night)|\d+\s+(days?|"
               r"weeks?|months?)\s+ago|(a|one|two|three|few)\s+(days?|weeks?|months?)\s+ago|yesterday|in\s+(january|"
               r"february|march|april|may|june|july|august|september|october|november|december))")
_TREATMENT_TIME = re.compile(
    rf"(\b(started|began|finished|had|got)\s+(my\s+|his\s+|her\s+|the\s+|a\s+)?(new\s+|first\s+|second\s+|last\s+)?)?"
    rf"\b{_TREATMENT_WORD}\b((\s+[\w']+){{0,5}}?\s+{_TIME_WORDS}\b)?|"
    rf"\b(last|previous|latest|most\s+recent)\s+(round\s+of\s+|dose\s+of\s+|cycle\s+of\s+)?{_TREATMENT_WORD}\b"
    rf"(\s+(was|on|ended|finished))?",
    re.IGNORECASE)
# Figures of speech that use the words of death or killing about something else.
_FIGURE_OF_SPEECH = re.compile(
    r"\b(kill|killing|beat|beating|fight|fighting|crush|crushing|smash|kick|kicking)\w*\s+(this|the|that|my|his|her|our|"
    r"your)\s+(stupid\s+|damn\s+|bloody\s+)?(cancer|tumou?r|disease|leuk\w*|lymphoma|\w+oma|c)\b|"
    r"\b(is|are|was|were|'s|'re|been|be)\s+(\w+\s+)?killing\s+(me|us|him|her|my\s+\w+)\b|\bput\s+(me|us)\s+out\s+of\s+"
    r"(my|our)\s+misery\b.{0,80}\b(page|site|queue|form|website|app|wait\w*|hold|line|parking|results?)\b|\bkilling\s+(me|us)\b.{0,20}"
    r"\b(lol|haha|😂)|\b(dying|died)\s+(to|for|of)\s+(know|see|try|get|hear|find|meet|go|some|a|an|curiosity|boredom|"
    r"laughter|embarrassment|thirst|hunger)\b|\b(bored|scared|worried|freezing|sick|tired)\s+to\s+death\b|"
    r"\b(would|will|'ll|gonna|going\s+to)\s+(literally\s+)?kill\s+(me|us|him|her)\s+(if|when|for)\b|"
    r"\b(i'?d|would|could)\s+(literally\s+)?kill\s+for\s+(a|an|some|the|one)?\s*([\w']+\s+){0,3}[\w']+|\bdeath\s+warmed\s+(up|over)\b|\b(be|been)\s+the\s+death\s+of\s+(me|us|him|her)\b|\b(killed|kill|killing|nailed)\s+"
    r"it\b|\bdy(e|ed|eing|ing)\s+(my|her|his|their)\s+hair\b|\bdie\s+(my|her|his)\s+hair\b|\b(could|would)\s+(have\s+)?"
    r"died\s+(of|from)\s+(embarrassment|laughing|shame)\b|\b(me\s+est[aá]n?|est[aá]n?)\s+matando\b|"
    # Frustration with a website or a form: "I can't do this anymore, this website is impossible".
    r"\bcan'?t\s+do\s+this\s+any\s*more\b.{0,30}\b(website|site|page|forms?|app|portal|login|password|phone\s+menu|"
    r"paperwork|insurance|billing|bills|hold\s+music|cravings?|smoking|quitting|vaping|cigarettes|nicotine|parking)\b|"
    r"\b(website|site|page|forms?|app|portal|login|password|phone\s+menu|paperwork|insurance|billing|bills|hold\s+music)\b"
    r".{0,30}\bcan'?t\s+do\s+this\s+any\s*more\b|"
    # Dying of laughter in Spanish; "if the chemo doesn't kill me the bills will".
    r"\b(me\s+)?(quiero\s+|voy\s+a\s+)?morir(me)?\s+de\s+(risa|verg[uü]enza|hambre|sue[nñ]o|calor|fr[ií]o|aburrimiento)\b|"
    r"\bif\s+(the\s+)?\w+\s+(doesn'?t|don'?t|won'?t)\s+kill\s+(me|him|her|us)\b.{0,25}\b(will|would|might)\b|"
    # Ending a marriage, not a life: "he wants to end it. his marriage I mean".
    r"\bend\s+(it|things)\b.{0,8}\b(his|her|my|their|the|our)\s+(marriage|relationship|engagement|lease|contract|"
    r"subscription|membership|business|partnership)\b|"
    # Quitting a habit or leaving someone: "ready to end it with cigarettes for good".
    r"\b((ready|want|wants|wanted|going|gonna|time|decided|planning|plan)\s+to\s+)?end\s+(it|things)\s+with\s+(cigarettes|cigs|smoking|vaping|the\s+vape|tobacco|nicotine|him|her|my\s+(boyfriend|"
    r"girlfriend|partner|ex|job|boss))\b|"
    # Dying of the illness, not by one's hand: "asked me if I'm going to die from my cancer".
    r"\b(going\s+to|gonna|will|i'?ll)\s+die\s+(from|of)\s+(it|this|the|my|his|her)\b",
    re.IGNORECASE)
_THIRD_PERSON_BEFORE = re.compile(r"\b(she|he|they)\s*$", re.IGNORECASE)
_A_DEATH = re.compile(r"\b(late\s+(wife|husband|partner|mum|mom|mother|dad|father|son|daughter|sister|brother|friend)|"
                      r"passed\s+(away|on)|died|funeral|memorial|in\s+memory)\b", re.IGNORECASE)
_JOKING = re.compile(r"\b(lol|lmao|rofl|haha\w*|jk|j/k|just\s+kidding|kidding)\b|😂|🤣|😆|😅|🙄", re.IGNORECASE)
# "I'd rather die than eat hospital jello 😂": a figure only when the message says it is joking.
_RATHER_DIE_THAN = re.compile(r"\brather\s+(die|be\s+dead)\s+than\b", re.IGNORECASE)
# ... or when it is a saying someone always had: "Dad always said he'd rather die than give up his cigarettes".
_A_SAYING = re.compile(r"\b(always|used\s+to|would)\s+(say|said|says|joke|joked)\b.{0,25}\brather\s+(die|be\s+dead)\s+"
                       r"than\b|\b(says?|said|goes|screams?|yells?)\s+['\"‘“]?i\s+want\s+to\s+die['\"’”]?\s+(every\s+(single\s+)?time|"
                       r"whenever|each\s+time)\b", re.IGNORECASE)
# A risk told as a past now behind the writer: a time in the past and a recovery, with nothing saying it is back.
_PAST_TIME = re.compile(r"\b((a\s+)?(few|couple\s+of|several|many|two|three|\d+)\s+)?(years?|months?)\s+(ago|back)\b|"
                        r"\b(a\s+)?long\s+time\s+ago\b|\bthat\s+first\s+(week|month|night|day)\b|\bat\s+first\b|\bback\s+(in|when)\b|\blast\s+(year|spring|summer|autumn|fall|winter)\b|\bwhen\s+i\s+was\s+(younger|a\s+teen\w*|a\s+kid|"
                        r"\d+|in\s+(school|college))|\bas\s+a\s+(teen\w*|kid|student)\b|\b(in|about|during|from)\s+(19|20)\d\d\b|\bused\s+to\b|"
                        r"\bonce\b.{0,40}\b(tried|attempted|was)\b|\bi\s+(had|went\s+through)\s+a\s+(dark|bad|rough|hard)\s+"
                        r"(time|patch|period|place)|\b(was|were)\s+in\s+a\s+(really\s+)?(dark|bad)\s+place\b",
                        re.IGNORECASE)
_RECOVERED = re.compile(r"\b(better\s+now|much\s+better|so\s+much\s+better|doing\s+(so\s+much\s+|much\s+|really\s+)?"
                        r"(better|well|"
                        r"great|fine|ok|okay)|(in\s+a\s+)?(good|better|great)\s+place|helped|recovered|healed|safe\s+now|"
                        r"fine\s+now|well\s+now|ok(ay)?\s+now|clean\s+for|years?\s+clean|stable|happy\s+now|got\s+(help|through)|"
                        r"glad\s+i'?m\s+(still\s+)?here|now\s+i\s+(run|help|volunteer|work|mentor|lead))\b",
                        re.IGNORECASE)
_BACK_AGAIN = re.compile(r"\b(again|(it|they|thoughts|feelings|urges?|that)\s+(is\s+|are\s+|keeps?\s+)?(coming|came)\s+"
                         r"back|back\s+to\s+(that|those)|creeping\s+back|returning|"
                         r"relaps\w*|lately|these\s+days|recently|tonight|right\s+now|same\s+(thoughts|way|feelings)|"
                         r"starting\s+to\s+(feel|think)|it'?s\s+back|nothing\s+(has\s+)?helped|never\s+(got|felt)\s+"
                         r"better|not\s+(any\s+)?(better|ok|okay|fine))\b", re.IGNORECASE)


def mask(text: str, pattern: re.Pattern[str]) -> str:
    """The text with the pattern's matches blanked out (same length, so positions still line up)."""
    return pattern.sub(lambda found: " " * len(found.group(0)), text)


def without_denied_signs(text: str) -> str:
    """The message with the signs it denies blanked out: "on chemo? no fever" no longer holds a fever."""
    return mask(text, _DENIED_SIGNS)


def denies_a_sign(text: str) -> bool:
    return bool(_DENIED_SIGNS.search(text))


def without_treatment_times(text: str) -> str:
    """The message with the times that date a treatment blanked out ("had radiation last month"): a past word
    must be about the symptom for the symptom to be past."""
    return mask(text, _TREATMENT_TIME)


def figure_of_speech(text: str) -> str | None:
    """The figure of speech in the message that uses the words of death or killing about something else."""
    if found := _FIGURE_OF_SPEECH.search(text):
        return found.group(0)
    if _JOKING.search(text) and (found := _RATHER_DIE_THAN.search(text)):
        return found.group(0)
    if found := _A_SAYING.search(text):
        return found.group(0)
    return None


def figure_spans(text: str) -> list[tuple[int, int]]:
    spans = [found.span() for found in _FIGURE_OF_SPEECH.finditer(text)]
    if _JOKING.search(text):
        spans += [found.span() for found in _RATHER_DIE_THAN.finditer(text)]
    spans += [found.span() for found in _A_SAYING.finditer(text)]
    return spans


def within_figure(text: str, start: int, end: int) -> bool:
    """Whether the words at start:end lie inside a figure of speech ("killing me" in "this chemo is killing me")."""
    return any(left <= start and end <= right + 4 for left, right in figure_spans(text))


def only_figures_of_risk(text: str, risk_words: re.Pattern[str]) -> bool:
    """Whether every word of the vocabulary of risk in the message sits inside a figure of speech: then likeness
    to crisis examples is likeness of words, not of meaning ("I want to kill this cancer")."""
    spans = figure_spans(text)
    if not spans:
        return False
    masked = text
    for left, right in spans:
        masked = masked[:left] + " " * (right - left) + masked[right:]
    return not risk_words.search(masked)


def about_the_dead(text: str, start: int) -> bool:
    """Words of risk whose subject is someone the message says has died ("my late wife's wigs? She won't be needing
    them")."""
    return bool(_THIRD_PERSON_BEFORE.search(text[max(0, start - 12):start]) and _A_DEATH.search(text))


def joking(text: str) -> bool:
    return bool(_JOKING.search(text))


def back_again(text: str) -> bool:
    """The message says a past risk is back ("it's back", "cutting again", "lately")."""
    return bool(_BACK_AGAIN.search(text))


def risk_behind_them(text: str) -> bool:
    """A risk told as past and over ("a few years back I went through a dark time, therapy really helped"), with
    nothing that says it is back ("again", "lately")."""
    return bool(_PAST_TIME.search(text) and _RECOVERED.search(text) and not _BACK_AGAIN.search(text))
