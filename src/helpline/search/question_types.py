"""What kind of answer a question asks for, in MedQuAD's question-type vocabulary."""

from __future__ import annotations

import re

# Each type with the consumer wordings that ask for it. Types are MedQuAD's, so sections typed by the source
# (a MedQuAD question type, or a heading we classify the same way) can be matched.
_PATTERNS: dict[str, list[str]] = {
    "treatment": [r"\btreat", r"\bcure", r"\btherap", r"\bmedications? for\b", r"\bmedicines? for\b",
                  r"\bremed", r"\bget rid of\b", r"\bmanag", r"\bsurgery\b", r"\bchemo", r"\bwhat can (i|be) do",
                  r"\bhow (do|can) (i|you|we) (stop|fix|heal|deal)", r"\bdrugs? (for|used)\b", r"\btargeted\b"],
    "symptoms": [r"\bsymptom", r"\bsigns?\b", r"\bfeel(s|ing)?\b", r"\bpain(ful)?\b", r"\bswell", r"\bache"],
    "causes": [r"\bcause", r"\bwhy (do|does|did|is|am|are)\b", r"\breason", r"\btrigger", r"\bwhat makes\b",
               r"\bcome from\b"],
    "exams and tests": [r"\btests?\b", r"\btested\b", r"\btesting\b", r"\bdiagnos", r"\bdetect", r"\bscreen",
                        r"\bexam", r"\bscan\b", r"\bbiops", r"\bblood work\b", r"\bhow (do|can) (i|you) know\b"],
    "outlook": [r"\bprognos", r"\bsurviv", r"\blife expectancy\b", r"\boutlook\b", r"\bchances?\b",
                r"\brecover", r"\bhow long\b.*\blive\b", r"\bfatal\b", r"\bterminal\b", r"\bgo away\b"],
    "susceptibility": [r"\brisk", r"\bwho (gets|is at|can get)\b", r"\bmore likely\b", r"\bsusceptib"],
    "prevention": [r"\bprevent", r"\bavoid", r"\bprotect", r"\breduce (my|the) (risk|chance)"],
    "inheritance": [r"\binherit", r"\bhereditar", r"\brun in (the )?famil", r"\bpass(ed)? (it )?(on|down)\b",
                    r"\bgenetic\b", r"\bmy (kids|children) get\b"],
    "genetic changes": [r"\bgenes?\b", r"\bmutation", r"\bchromosom", r"\bdna\b", r"\btranslocation"],
    "frequency": [r"\bhow common\b", r"\bhow many (people|adults|patients|children|kids|men|women)\b",
                  r"\bhow rare\b", r"\bprevalen", r"\bincidence", r"\bwhat (percent|percentage|share|proportion)\b",
                  r"\b\d+ (out )?(of|in) (every )?\d+\b"],
    "research": [r"\bresearch", r"\bclinical trials?\b", r"\bstud(y|ies)\b", r"\bnew (treatment|drug)s?\b",
                 r"\bexperimental\b", r"\blatest\b"],
    "stages": [r"\bstages?\b", r"\bstaging\b", r"\bmetasta", r"\bspread"],
    "complications": [r"\bcomplication", r"\blead to\b", r"\bdanger", r"\blong[- ]term effects?\b"],
    "side effects": [r"\bside[- ]?effects?\b", r"\badverse\b", r"\breactions?\b"],
    "usage": [r"\bhow (do|should) (i|you|we) (take|use)\b", r"\bhow (is|are) (it|they|this) (taken|given)\b",
              r"\btaken\b", r"\bpills?\b", r"\bcapsules?\b", r"\bby mouth\b", r"\btwice\b", r"\bdaily\b",
              r"\bdos(e|age|ing)\b", r"\bhow much\b", r"\bhow often\b",
              r"\b(once|twice|times) a (day|week)\b", r"\boral solution\b", r"\bliquid\b"],
    "information": [r"\bwhat (is|are)\b", r"\bexplain", r"\bmean(s|ing)?\b", r"\blearn about\b",
                    r"\bmore about\b", r"\bdefin"],
    "support groups": [r"\bsupport groups?\b"],
    "brand names": [r"\bbrand\b", r"\bgeneric\b", r"\bother names?\b", r"\bsold (as|under)\b",
                    r"\b[A-Z][a-z]+ \([A-Z][a-z]+\)"],
}

# Aspects narrow enough that, when asked, the broader types in the same question only name its subject.
SPECIFIC_TYPES = frozenset({"brand names", "usage", "side effects", "frequency", "inheritance", "stages",
                            "prevention", "research", "complications", "support groups"})

COMPILED = {qtype: re.compile("|".join(patterns), re.IGNORECASE) for qtype, patterns in _PATTERNS.items()}

# Question types that describe the same kind of answer, scored as partial matches.
RELATED_TYPES: dict[str, set[str]] = {
    "symptoms": {"when to contact a medical professional", "complications"},
    "causes": {"susceptibility", "genetic changes"},
    "susceptibility": {"causes"},
    "inheritance": {"genetic changes"},
    "genetic changes": {"inheritance", "causes"},
    "side effects": {"important warning", "severe reaction", "complications", "precautions"},
    "usage": {"dose", "forget a dose", "other information"},
    "brand names": {"brand names of combination products", "information"},
    "treatment": {"research", "considerations"},
    "research": {"treatment"},
    "stages": {"outlook", "exams and tests"},
    "outlook": {"stages"},
    "information": {"frequency"},
}


def detect_question_types(text: str) -> dict[str, float]:
    """Question types the text asks for, weighted by where they appear (a short subject line counts most)."""
    found: dict[str, float] = {}
    for qtype, pattern in COMPILED.items():
        hits = len(pattern.findall(text))
        if hits:
            found[qtype] = min(1.0, 0.6 + 0.2 * hits)
    if "side effects" in found and "symptoms" in found:
        found["symptoms"] *= 0.5
    if len(found) > 1 and "information" in found:
        # "What are the side effects …" asks for side effects; "what are" alone asks what a thing is.
        found["information"] *= 0.3
    if SPECIFIC_TYPES & found.keys():
        # "the side effects of chemo" asks about side effects; "chemo" only names the subject.
        for qtype in found.keys() - SPECIFIC_TYPES:
            found[qtype] *= 0.5
    return found


def classify_heading(heading: str) -> str | None:
    """The question type a section heading answers ("Common side effects" → side effects), if clear."""
    scores = detect_question_types(heading)
    scores.pop("information", None)
    if not scores:
        return None
    return max(scores.items(), key=lambda item: item[1])[0]
