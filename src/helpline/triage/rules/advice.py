"""Requests for a decision about one person's care: stop, skip, double or change a medicine, or choose a treatment."""

from __future__ import annotations

import re

from helpline.triage.rules.wording import any_of, matched

_PERSONAL_ADVICE = any_of(
    r"(?<!how\soften\s)\b(should|shud|shld|shoud|ought)\s+(i|we|he|she|my\s+\w+)\s+(just\s+)?(stop|skip|quit|double|take|start|keep\s+taking|change|"
    r"increase|refuse|decline|turn\s+down|hold\s+off|halve|go\s+back\s+on|restart|resume|put\s+off|postpone|delay|"
    r"decrease|lower|raise|have|get|go\s+ahead|switch|freeze|choose|give|try|cut|wait)\b",
    r"\bdose\b.{0,40}\bshould\s+(i\s+)?(give|take)\b|\brecommend\s+(whether|if)\b",
    r"\b(whether|if)\s+(i|we|he|she|my\s+\w+)\s+(ought\s+to|should)\s+(\w+\s+)?(stop|skip|quit|double|take|start|change|"
    r"increase|decrease|reduce|lower|raise|have|get|refuse|decline|switch|cut|halve)\b|\bwhich\s+(one\s+|option\s+|"
    r"treatment\s+)?(i|we|he|she)\s+should\s+(do|have|choose|pick|go\s+with|get|take)\b",
    r"(?<!\bhow\s)\b(can|could|may)\s+(i|we|he|she)\s+(just\s+)?(stop|skip|quit|double|take\s+(more|less|an?\s+extra|half)|"
    r"change|increase|decrease|go\s+down|cut|lower|halve|combine|mix|take\s+(two|2|both|another|a\s+double))\b",
    r"\bis\s+it\s+(ok|okay|safe|fine|alright|bad)\s+(for\s+(me|him|her)\s+)?(if\s+i\s+|to\s+)(just\s+)?(stop|skip|quit|double|"
    r"take|miss|mix|combine|drink)\b|\bis\s+that\s+(ok|okay|safe|alright)\s*\??$",
    r"\bhow\s+much\s+(\w+\s+){0,3}should\s+(i|he|she|we)\s+(take|give)|\bwhat\s+dose\s+(of\s+\w+\s+)?should\b",
    r"\b(stop|skip|double|change|lower|cut)\s+(my|his|her)\s+(dose|medication|medicine|meds|pills?|treatment|chemo)\b",
    r"\bwhich\s+(one\s+)?(is|would\s+be)\s+better\s+for\s+(me|him|her)\b|\bwhich\s+(one\s+)?would\s+you\s+(pick|choose)|"
    r"\bif\s+you\s+were\s+me\b|\bdo\s+(you|u)\s+think\s+(i|he|she)\s+(need|should)",
    r"\b(i|he|she)\s+wants?\s+to\s+stop\s+(after|before|early|now)|\bcan\s+i\s+just\s+stop\b",
    r"\b(debo|deber[ií]a)\s+(dejar|tomar|parar|seguir)\b",
    r"\bis\s+it\s+(ok|okay|safe|fine|alright)\s+(for\s+(me|him|her)\s+)?to\s+(cut|split|crush|halve|chew)\b|"
    r"\btell\s+me\s+to\s+(stop|skip|double|take|start|increase|decrease|change|quit)\b",
    r"\b(cut|cutting|split|splitting)\s+(my|his|her|the)\s+(\w+\s+){0,2}(dose\s+)?in\s+half\b|\b(whether|if)\s+(to\s+|i\s+"
    r"(can|should)\s+)?(halve|half)\s+(my|his|her)\b",
)
# Families of wording that ask for a decision only when the message speaks of a medicine or a treatment: a medicine
# with something else, moving or pausing treatment, "good idea for me?", "what would you do in my place".
_PERSONAL_ADVICE_IN_CARE = any_of(
    r"\b(can|could|may|should)\s+(i|we|he|she|my\s+\w+)\s+(still\s+)?(take|have|drink|use|give\s+(him|her))\s+(my|his|her|"
    r"a|an|some|the)?\s*(\w+\s+){0,4}(with|while|alongside|on\s+top\s+of|at\s+the\s+same\s+time|during|if)\b|"
    r"\b(can|could|may|should)\s+(i|we|he|she|my\s+\w+)\s+(just\s+)?(move|postpone|delay|pause|push\s+back|reschedule|"
    r"swap|switch|come\s+off|go\s+off|go\s+without|stop|start|redo|repeat|leave\s+out|miss|chuck|ditch|bin|drop(?!\s+(off|by|in))|"
    r"(take|have)\s+a\s+break\s+from|hold\s+off|push\s+(my|his|her|the)\s+\w+\s+back)\b(?!\s+(a\s+donation|"
    r"smoking|vaping|volunteer\w*|my\s+(donation|subscription|account)))|"
    r"\b(is|would)\s+(it|that|this)\s+(be\s+)?(ok|okay|alright|all\s+right|fine|safe|a\s+(good|bad)\s+idea|wise|bad|"
    r"dangerous)\s+(for\s+(me|him|her|us|my\s+\w+)\s+)?(if\s+(i|he|she|we)|to)\s+(\w+\s+){0,2}(stop|skip|double|take|"
    r"miss|have|drink|postpone|delay|pause|move|wait|swap|switch|come\s+off|go\s+off|keep|use|cut|split|crush|open)\b|"
    r"\b(good|bad|smart|wise)\s+idea\s*(for\s+(me|him|her|us))?\s*\?*\s*$|\b(is|would)\s+that\s+be\s+(ok|okay|safe|"
    r"fine|alright|a\s+(good|bad)\s+idea)\s+for\s+(me|him|her)|\bis\s+(that|it|this)\s+(ok|okay|safe|fine|alright)\s+"
    r"for\s+(me|him|her|my\s+\w+)\b|\bwhat\s+would\s+you\s+do\b|\b(in\s+my\s+(shoes|place|position)|if\s+you\s+were\s+"
    r"(me|him|her|in\s+my))\b|\bwhich\s+(one\s+)?(is|would\s+be)\s+(right|best)\s+for\s+(me|him|her)|\bwhich\s+(one\s+"
    r"|chemo\s+|treatment\s+|option\s+|drug\s+|regimen\s+)?should\s+(i|we|he|she)\s+(go\s+with|pick|choose|take|get|do)|"
    r"\b(do|does)\s+(i|he|she|we|my\s+\w+)\s+(still\s+|really\s+)?(need\s+to\s+take(?!\s+(precautions|care|steps))|"
    r"take\s+(it|them|my|his|her|another|"
    r"two|2|both|the)|really\s+need\s+(it|this|that|them|chemo|radiation|surgery))\b|\b(do|does)\s+(i|he|she)\s+really\s+"
    r"need\b|\bdo\s+(you|u)\s+think\s+(i|he|she|we|my\s+\w+)\s+(really\s+)?(need\w*|should)\b|"
    r"\b(do|does)\s+(i|he|she|we|my\s+\w+)\s+(really\s+|still\s+)?(have|need)\s+to\s+(do|have|get|finish|take(?!\s+(precautions|care|steps))|keep|"
    r"go\s+(to|through))\b|"
    r"\b(take|give)\s+(it|them|another|a\s+second|one)\s+(\w+\s+)?(now|again|or\s+wait|tonight)\b.{0,20}\?|"
    r"\bor\s+wait\s+(until|till|til)\b.{0,20}\?|\b(how\s+many|what\s+dose|how\s+much)\s+(mg\s+)?(of\s+)?.{0,30}\b(do|"
    r"should|can)\s+(i|he|she|we)\s+(need|take|give|have)\b|"
    r"\b(puedo|podr[ií]a|puede|debo|deber[ií]a)\s+(tomar|saltar\w*|dejar|parar|cambiar|operarme|tomarme|omitir|duplicar)|"
    r"\b(es|ser[ií]a)\s+seguro\s+(para\s+m[ií]\s+|que\s+)|\bme\s+la\s+tomo\b|"
    r"\b(should|shall|can|do)\s+(we|i)\s+(ask|tell|get)\s+(them|the\s+(doctors?|nurses?|team|hospice|hospital))\s+to\s+"
    r"(stop|start|change|hold|drop)\b|\b(just\s+)?(not|skip|never)\s+(show|turn)(ing)?\s+up\b.{0,20}\?|"
    r"\b(crazy|wrong|bad|terrible|stupid)\s+(to|if\s+i)\s+(just\s+)?(not|skip|stop|miss|refuse|quit)\b",
)
_CARE = any_of(
    r"\b(chemo\w*|radiation|radiotherapy|surgery|operation|mastectomy|lumpectomy|transplant|immunotherapy|treatment|"
    r"therapy|infusions?|doses?|pills?|tablets?|capsules?|meds|medications?|medicines?|drugs?|painkillers?|steroids?|"
    r"supplements?|vaccines?|shots?|injections?|blood\s+thinner|patch|inhaler|quimio\w*|tratamiento|pastillas?|"
    r"medicinas?|dosis|\w+(inib|enib|mab|ozole|clax|parib|ciclib|lisib|platin|rubicin|taxel|trexate|tecan|mustine|fen|"
    r"citabine|asone|olone)|tamoxifen|keytruda|xeloda|herceptin|tagrisso|gleevec|morphine|oxycodone|ibuprofen|tylenol|"
    r"aspirin|hospice|trial|cycles?|(last|next|final|second|third|fourth)\s+rounds?)\b")
# A follow-up that points back at something named before ("it", "them", "the dose").
_REFERS_BACK = re.compile(r"\b(it|them|that|this|those|these|the\s+(dose|pills?|tablets?|meds|drug|medicine|"
                          r"treatment))\b", re.IGNORECASE)
_ONE_PERSON = re.compile(r"\b(my|his|her|i'?m|i\s+am|i\s+take|he\s+takes|she\s+takes|should\s+(i|he|she|we))\b",
                         re.IGNORECASE)
_GENERAL_DOSE_QUESTION = re.compile(r"\b(usual|normal|typical|standard|general|in\s+general)\b", re.IGNORECASE)



def general_dose_question(text: str) -> bool:
    """A question about the usual dose of a medicine, for no one in particular ("the standard adult dexamethasone
    dose with chemo?")."""
    return bool(_GENERAL_DOSE_QUESTION.search(text) and re.search(r"\bdos(e|es|ing|age)\b", text, re.IGNORECASE)
                and not _ONE_PERSON.search(text))


def advice_rule(text: str, earlier: str = "") -> str | None:
    """A request for a decision about one person's care. ``earlier``, the conversation's recent messages, can name
    the medicine a follow-up leaves out ("my husband takes imatinib" … "should he pause it?")."""
    found = matched(_PERSONAL_ADVICE, text)
    if found is None and (_CARE.search(text) or (earlier and _CARE.search(earlier) and _REFERS_BACK.search(text))):
        found = matched(_PERSONAL_ADVICE_IN_CARE, text)
    if found is None and re.search(r"dose", text, re.IGNORECASE) and re.search(
            r"(i|my\s+\w+|she|he)\s+(weigh|take|am\s+taking|should)", text, re.IGNORECASE) \
            and not _GENERAL_DOSE_QUESTION.search(text):
        return "a dose for one person"
    return found
