"""Wording rules for triage: what a message says that needs no model to recognise."""

from __future__ import annotations

import re


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


_SELF = r"(my|him|her|them|your|our)\s*(self|selves|slef)"
# Warning signs of suicide as crisis lines list them: wanting to die or to be gone, being a burden, no way out,
# saying goodbye and giving things away, gathering means, and self-harm; in first person or about someone else.
_CRISIS = _any(
    r"\bsu+i+c+i+d\w*|\bsuicidal|\bsewer\s*slide|\bunalive|(?<!\d\s)(?<!\d)\bkms\b|\bkys\b|\bsh\s+(again|relapse)|relapsed\s+on\s+sh\b",
    rf"\b(kill|kil|off|hurt|harm|cut|end)\w*\s+{_SELF}\b",
    rf"\bdo\s+something\s+(bad\s+|stupid\s+)?to\s+{_SELF}\b",
    r"\bself[-\s]?harm\w*",
    r"\b(thinking|thought|think)\s+(about|of)\s+ending\s+(it|things|everything|my\s+life)\b|"
    r"\b(end|ending|take|taking)\s+(my|his|her|their)\s+(own\s+)?life\b|\bend\s+it\s+all\b|\b(want|wants|wanted|going|gonna|"
    r"thinking\s+about|ready)\s+to\s+end\s+(it|things|everything)\b",
    r"\b(want|wants|wanted|wanna|wish|ready|rather)\s+(to\s+)?(die|be\s+dead|not\s+be\s+alive|disappear\s+forever)\b",
    r"\bwish\s+(i|he|she)\s+(was|were|had)\s+(dead|never\s+been\s+born|gone)\b",
    r"\b(better\s+off\s+(without\s+me|dead|if\s+i\s+(was|were)\s+(just\s+)?(gone|dead))|"
    r"(would|will)\s+be\s+(better|easier)\s+(for\s+everyone\s+)?(if|when)\s+i('?m|\s+am|\s+was|\s+were)\s+(just\s+)?(gone|dead))",
    r"\bbetter\s+off\s+if\s+i\s+(just\s+)?(ended\s+it|was\s+gone|were\s+gone|died|wasn'?t\s+here|weren'?t\s+here)|"
    r"\b(everyone|they|my\s+(family|kids|wife|husband)|people)\s+would\s+(manage|be|do)\s+(just\s+)?(fine|better|ok|"
    r"okay)\s+without\s+me\b|\bbetter\s+off\s+with\s+(the\s+|my\s+)?life\s+insurance\b|"
    r"\b(i'?m|im)\s+(so\s+)?done\s+with\s+(everything|it\s+all|life|living)\b",
    r"\bno\s+(reason|point)\s+(to|in|of)\s+(live|living|going\s+on|being\s+here)|\bwhat'?s\s+the\s+point\s+(of|in)\s+"
    r"(going\s+on|living|anything|life)|\b(no|don'?t\s+see\s+(a|any))\s+way\s+out\b",
    r"\bcan'?t\s+(do\s+this|go\s+on|take\s+(it|this)|keep\s+going)\s+any\s*more\b|\bdon'?t\s+want\s+to\s+"
    r"(live|be\s+(here|alive)|wake\s+up|exist|go\s+on)\b",
    r"\b(sleep\s+forever|(not|never)\s+wake\s+up(\s+again|\s+tomorrow)?)\b",
    r"\b(want|wants|wanted|need)\s+(it\s+all|it|everything)\s+to\s+(stop|end)(\s+(for\s+good|permanently|forever))?"
    r"[.!]*\s*$|\b(want|wants|wanted)\s+(it\s+all|everything)\s+to\s+(stop|end)\b|"
    r"\bnot\s+be\s+(here|around|alive)\s+any\s*more\b|\b(no\s+one|nobody)\s+would\s+(even\s+)?(notice|care|miss\s+me)\b|"
    r"\btired\s+of\s+(being\s+alive|living|life)\b|\bdone\s+with\s+(living|life)\b|\b(think|thinking|thought)\s+"
    r"about\s+(dying|death|killing)\b|\b(have|made|got)\s+a\s+plan\s+to\s+(end|die)|\b(lethal|fatal)\s+(dose|amount)|"
    r"\bhow\s+many\s+(\w+\s+)?(pills|tablets|meds)\s+(would|to|it\s+takes?\s+to)\s+(be\s+lethal|kill|die|end)",
    r"\b(won'?t|will\s+not|not\s+going\s+to)\s+be\s+(around|here|a\s+(problem|burden)\s+for\s+anyone)\b|"
    r"\bnot\s+(plan(ning)?\s+on|sticking|staying)\s+(being\s+)?around\b|\bnot\b.{0,15}\bplan(ning)?\s+on\s+being\s+"
    r"around\b|\bon\s+my\s+own\s+terms\b|\bbe\s+gone\s+by\b",
    r"\b(this\s+is|saying|said|say(ing)?\s+my)\s+goodbyes?\b|\bgiv(e|es|ing)\s+(away\s+)?(all\s+)?(my|his|her)\s+"
    r"(things|stuff|belongings|possessions|tools)\b",
    r"\b(saving|stockpil\w*|hoard\w*)\s+(up\s+)?(my|his|her)?\s*(pills|meds|medications?|tablets)\b|"
    r"\b(take|swallow)\s+all\s+(my|his|her|the)\s+(pills|meds|tablets)\b|\bhow\s+many\s+(of\s+)?(my|his|her)?\s*"
    r"(pills|meds|tablets)\s+(it\s+)?would\s+(it\s+)?take\b",
    r"\b(thinking\s+(about|of)|want(ing)?\s+to|going\s+to|gonna|plan(ning)?\s+to)\s+(overdos\w*|od)\b|\boverdose\s+on\s+purpose",
    r"\b(want|wants|thinking\s+about|thought\s+about|ready)\s+(to\s+)?(go\s+)?(be\s+with|join(ing)?)\s+(him|her|them)\b",
    r"\bi'?m\s+(just\s+)?a\s+burden\b.*\b(gone|die|dead|end)\b|\b(quiero|quisiera)\s+(morir|matarme)|\bmorirme\b|"
    r"\bno\s+quiero\s+vivir\b|\bquitarme\s+la\s+vida\b",
)
_CRISIS_DENIED = re.compile(r"\b(not|never|no\s+longer|wasn'?t|isn'?t|am\s+not|i'?m\s+not)\s+(feeling\s+)?"
                            r"(suicidal|going\s+to\s+(hurt|kill)\s+my\s*self)\b", re.IGNORECASE)
_CRISIS_PAST = re.compile(r"\b(years?|months?)\s+ago\b.*\b(suicidal|self[-\s]?harm)|\b(was|used\s+to\s+be)\s+suicidal\b"
                          r".*\b(better|helped|good\s+place|recovered)\b", re.IGNORECASE)
_NOT_A_WISH = re.compile(r"\b(walk|run|prevention|awareness|research|fundrais\w*|statistics|rates?)\b", re.IGNORECASE)

_ON_TREATMENT = (r"(chemo\w*|treatment|infusion|cycle|round|radiation|immunotherapy|transplant|car-?t|folfox|"
                 r"\w+(inib|mab|platin|rubicin|taxel)|capecitabine|revumenib|enasidenib|counts?\s+(are|were)\s+low|"
                 r"neutropeni\w*|quimio\w*)")
_EMERGENCY = _any(
    rf"\b(fever|temp(erature)?|chills|shiver\w*|fiebre)\b.{{0,80}}\b{_ON_TREATMENT}\b",
    rf"\b{_ON_TREATMENT}\b.{{0,80}}\b(fever|temp(erature)?\s+(of\s+)?\d|chills|shiver\w*|fiebre)\b",
    r"\b(fever|temp(erature)?)\s+(is\s+|was\s+|of\s+|reads\s+|at\s+|says\s+)?(10[0-9](\.\d)?|3[89](\.\d)?)\b",
    r"\bchest\s+(pain|pressure|tightness|hurts)|\bheart\s+(attack|is\s+(pounding|racing))\b",
    r"\b(can'?t|cannot|trouble|hard\s+to|difficulty|struggling\s+to)\s+(catch\s+(my|his|her)\s+)?breath\w*|"
    r"\bbreathing\s+(is\s+)?(really\s+|very\s+|so\s+)?(hard|difficult|fast|labou?red)|\bshort(ness)?\s+of\s+breath|"
    r"\bgasping|\bcan\s+only\s+say\s+a\s+few\s+words|\blips\s+(are\s+)?(blue|turning\s+blue)",
    r"\b(faint(ed|ing)?|pass(ed|ing)?\s+out|black(ed|ing)?\s+out|collapsed|unconscious|unresponsive|not\s+respond\w*|"
    r"won'?t\s+(wake\s+up|answer\s+me|respond))\b",
    r"\b(seizure|convuls\w*|jerking|shaking\s+all\s+over|having\s+a\s+fit)\b",
    r"\b(heavy|severe|uncontrolled|nonstop|non-stop)\s+bleeding|\bbleeding\s+(heavily|a\s+lot|won'?t\s+stop|that\s+"
    r"won'?t\s+stop)|\b(nosebleed|bleeding)\s+(that\s+)?won'?t\s+stop|\b(coughing|vomiting|throwing)\s+(up\s+)?blood|"
    r"\b(black|tarry|bloody)\s+(tarry\s+)?(poop|stool|stools)\b",
    r"\b(suddenly|very|really|extremely)\s+confused|\bdoesn'?t\s+know\s+where\s+(she|he|i)\s+(is|am)|\btalking\s+"
    r"nonsense|\bslurr\w*|\bface\s+(is\s+)?droop\w*|\bcan'?t\s+(write|speak|move)\s+(my|his|her)|words\s+come\s+out\s+wrong",
    r"\b(swelling|swollen)\s+(of\s+)?(the\s+|my\s+|his\s+|her\s+)?(face|throat|tongue|lips)\b|\bthroat\s+(is\s+)?"
    r"(closing|tight)|\bcan'?t\s+swallow\b|\banaphyla\w*|\b(face|throat|tongue|lips)\b.{0,20}\b(swell\w*|swollen|puff\w*)",
    r"\b(peeing|urinating|pee)\s+(much\s+|a\s+lot\s+|way\s+)?less|\bhaven'?t\s+(peed|urinated)|\bbarely\s+peeing\b",
    r"\b(very|really|so|extremely)\s+dizzy\b|\bdizzy\b.{0,60}\b(fever|breath\w*|black|faint|chemo\w*)\b",
    r"\bstroke\b(?!\s+(risk|prevention))|\bcall(ing)?\s+911\b|\bambulance\b",
)
_INFORMATION_ONLY = re.compile(
    r"(^\s*(what|when|how|why|is|are|can|does|do|should\s+i\s+call|which)\b.*\b(side\s+effects?|mean|means|call\s+"
    r"(my|the|a)\s+(doctor|nurse|care\s+team)|signs?\s+of|symptoms?\s+of|prevent\w*|normal|common|risk|happen)\b)|"
    r"\b(listed\s+as\s+a\s+(possible\s+)?side\s+effect|what\s+does\s+(that|this|it)\s+mean)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(now|right\s+now|tonight|today|this\s+(morning|afternoon|evening)|currently|since\s+"
                  r"(yesterday|this|last\s+night)|just\s+(now|started)|i\s+(have|feel|am|can'?t)|(she|he)\s+(has|is|can'?t)|"
                  r"i'?m\s+(having|getting|running)|keeps?|my\s+\w+\s+(has|is|can'?t|keeps|just)|"
                  r"(she|he|it)('s|\s+is|\s+has))\b", re.IGNORECASE)
_PAST = re.compile(r"\b(last\s+(year|month|time|spring|summer|fall|winter)|(years?|months?|weeks?)\s+ago|"
                   r"in\s+(january|february|march|april|may|june|july|august|september|october|november|december)|"
                   r"(i|he|she|we)\s+had\s+(a\s+)?(fever|seizure|chest\s+pain|bleed\w*)|"
                   r"back\s+(in|when)|used\s+to|stable\s+since|had\s+a\s+\w+\s+(last|\d))\b", re.IGNORECASE)

_PERSONAL_ADVICE = _any(
    r"\bshould\s+(i|we|he|she|my\s+\w+)\s+(just\s+)?(stop|skip|quit|double|take|start|keep\s+taking|change|increase|"
    r"decrease|lower|raise|have|get|go\s+ahead|switch|freeze|choose|give|try|cut|wait)\b",
    r"\bdose\b.{0,40}\bshould\s+(i\s+)?(give|take)\b|\brecommend\s+(whether|if)\b",
    r"\b(can|could|may)\s+(i|we|he|she)\s+(just\s+)?(stop|skip|quit|double|take\s+(more|less|an?\s+extra|half)|"
    r"change|increase|decrease|go\s+down|cut|lower|halve|combine|mix|take\s+(two|2|both|another|a\s+double))\b",
    r"\bis\s+it\s+(ok|okay|safe|fine|alright|bad)\s+(for\s+(me|him|her)\s+)?(if\s+i\s+|to\s+)(stop|skip|quit|double|"
    r"take|miss|mix|combine|drink)\b|\bis\s+that\s+(ok|okay|safe|alright)\s*\??$",
    r"\bhow\s+much\s+(\w+\s+){0,3}should\s+(i|he|she|we)\s+(take|give)|\bwhat\s+dose\s+(of\s+\w+\s+)?should\b",
    r"\b(stop|skip|double|change|lower|cut)\s+(my|his|her)\s+(dose|medication|medicine|meds|pills?|treatment|chemo)\b",
    r"\bwhich\s+(one\s+)?(is|would\s+be)\s+better\s+for\s+(me|him|her)\b|\bwhich\s+(one\s+)?would\s+you\s+(pick|choose)|"
    r"\bif\s+you\s+were\s+me\b|\bdo\s+(you|u)\s+think\s+(i|he|she)\s+(need|should)",
    r"\b(i|he|she)\s+wants?\s+to\s+stop\s+(after|before|early|now)|\bcan\s+i\s+just\s+stop\b",
    r"\b(debo|deber[ií]a)\s+(dejar|tomar|parar|seguir)\b",
    r"\bis\s+it\s+(ok|okay|safe|fine|alright)\s+(for\s+(me|him|her)\s+)?to\s+(cut|split|crush|halve|chew)\b|"
    r"\btell\s+me\s+to\s+(stop|skip|double|take|start|increase|decrease|change|quit)\b",
)
_GENERAL_DOSE_QUESTION = re.compile(r"\b(usual|normal|typical|standard|general|in\s+general)\b", re.IGNORECASE)

_HANDOFF_MORE = re.compile(
    r"\b(get|want|need|have)\s+(a|an|to\s+talk\s+to\s+a)\s+(real\s+)?(human|person|nurse|agent)\b|"
    r"\bhablar\s+con\s+(una|alguien|un)\b", re.IGNORECASE)
_HANDOFF = re.compile(r"""
    \b((talk|speak|chat)\s+(to|with)\s+(a|an|some|the)?\s*(real\s+)?(person|human|someone|somebody|specialist|agent|
        nurse|people)|real\s+person|human\s+being|live\s+(agent|person)|transfer\s+me|connect\s+me|call\s+me\s+back)\b""",
    re.IGNORECASE | re.VERBOSE)

_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("tobacco", _any(r"\b(smok\w*|cigar\w*|tobacco|vap(e|es|ing|er)|e-?cig\w*|nicotine|quit\s*line|juul|"
                     r"second[-\s]?hand|fuma\w*|fumar|🚬)")),
    ("volunteering", _any(r"\b(volunteer\w*|voluntari\w*|(be|become)\s+a\s+(peer\s+)?mentor|give\s+(my|some)\s+time|"
                          r"help\s+out\s+at)\b")),
    ("donations_website_events", _any(
        r"\b(donat\w*|donor|fundrais\w*|give\s+money|tax\s+receipt|in\s+(memory|honou?r)\s+of|gala|sponsor\w*|"
        r"website|web\s*site|web\s*page|the\s+(page|site|app)\b|log\s*in|sign\s+in|password|account|email\s+address|"
        r"unsubscribe|newsletter|(charity|fundraising|5k|10k|relay)\s+(walk|run|race)|walk\s*-?a-?thon|"
        r"(register|sign\s+up)\s+(for\s+)?(the|a|our)\s+(walk|run|race|event)|event\s+(registration|tickets?)|"
        r"(button|link|page)\s+(doesn'?t|does\s+not|won'?t)\s+(work|load|show)|donaci\w*)\b")),
    ("referrals", _any(
        r"\b(rides?|transport\w*|driv(e|er|ing)\s+(me|him|her|us)\s+to|gas\s+(cards?|money)|parking|shuttle|"
        r"lodg\w*|hotel|place\s+to\s+stay|stay\s+near|hope\s+lodge|support\s+groups?|peer\s+support|counsel(l)?ing|"
        r"financial|afford|pay(ing)?\s+for|bills?|insurance|copays?|wigs?|programs?\s+(for|that)|resources?\s+for|"
        r"are\s+there\s+(any\s+)?programs|peer\s+mentors?|someone\s+who'?s\s+(had|been\s+through)|counsel(l)?ors?|"
        r"therapist|grupo\s+de\s+apoyo|transporte|carro)\b")),
    ("helpline_service", _any(
        r"\b(your\s+hours|what\s+(are\s+)?(your|the)\s+hours|are\s+you\s+open|(chat|line|phone)\s+(is\s+)?open|"
        r"open\s+(on|today|now|24)|24/7|when\s+can\s+i\s+(call|chat)|phone\s+number|call\s+you|helpline|hotline|"
        r"live\s+chat|are\s+you\s+(a\s+)?(bot|robot|human|real|ai)|what\s+do\s+you\s+do|who\s+are\s+you|"
        r"(is|are)\s+(this|the)\s+(chat|service)\s+(free|confidential|private)|people\s+who\s+answer|"
        r"interpreters?|translators?|(speak|in)\s+(spanish|another\s+language)|can\s+you\s+(diagnose|prescribe)|"
        r"information\s+specialists?)\b")),
]
_CANCER_CONTEXT = _any(
    r"\b(cancer\w*|tumou?r\w*|chemo\w*|oncolog\w*|radiation|radiotherapy|metasta\w*|biops\w*|leuk(a)?emia|lymphoma|"
    r"myeloma|melanoma|sarcoma|carcinoma|mastectom\w*|scan(s)?|diagnos\w*|stage\s+[1-4iv]+|remission|relapse\w*|"
    r"transplant|immunotherapy|hospice|palliative|quimio\w*|c[aá]ncer|treatment|neutropeni\w*|port-?a-?cath|"
    r"ribbon|survivor|\w+(inib|enib|mab|ozole|clax|parib|ciclib|lisib|platin|rubicin|taxel|trexate|tecan|mustine)|"
    r"car-?t|"
    r"revumenib|imatinib|tamoxifen|keytruda|folfox|capecitabine|xeloda|herceptin|tagrisso|atra|5-fu|"
    r"doses?|side\s+effects?|medications?|medicines?|meds|pills?|tablets?|capsules?|surgery|surgeon|ports?|iv|infusions?|platelets?|"
    r"(blood\s+)?counts|oncologist|prednisone|dexamethasone|steroids?|oxycodone|antibiotics?|results|cold\s+caps?|"
    r"second\s+opinion|brca|whipple|glioblastoma|thermometer|temp(erature)?)\b")
_QUESTION_START = re.compile(r"^\s*(what|when|where|why|how|who|which|is|are|can|could|does|do|should|will|would)\b",
                             re.IGNORECASE)
_SPANISH = re.compile(r"\b(que|para|con|una|mi|es|el|la|por|tengo|estoy|quiero|como|cómo|mucho|puedo|hablar|"
                      r"usted|ustedes|tienen|dónde|cuándo|qué)\b", re.IGNORECASE)

_LOSS_OR_DIAGNOSIS = re.compile(
    r"\b(just\s+(been\s+)?diagnosed|was\s+diagnosed|were\s+diagnosed|has\s+been\s+diagnosed|diagnosed\s+with|"
    r"passed\s+away|died|lost\s+my|loss\s+of\s+my|terminal)\b", re.IGNORECASE)


def _matched(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return found.group(0) if found else None


def crisis_rule(text: str) -> str | None:
    """The crisis wording in a message, unless the message only denies it or speaks of a past now behind them.

    A denial covers only its own words: "I'm not suicidal, but I looked up how many pills it would take" is a
    crisis."""
    for found in _CRISIS.finditer(text):
        words = found.group(0)
        denied = any(d.start() <= found.start() <= d.end() + 1 for d in _CRISIS_DENIED.finditer(text))
        if denied or _CRISIS_PAST.search(text) or (re.search(r"suicid", words, re.I) and _NOT_A_WISH.search(text)):
            continue
        return words
    return None


def emergency_rule(text: str) -> str | None:
    """Symptoms that need care now; not a question about a symptom, nor a past event, unless it is happening now."""
    found = _matched(_EMERGENCY, text)
    if found is None or not could_be_happening_now(text):
        return None
    return found


def could_be_happening_now(text: str) -> bool:
    """False for a general question about a symptom ("what temperature counts as a fever during chemo?") or a
    past event, unless the message also tells of something happening now ("I have", "my dad has", "tonight")."""
    if _NOW.search(text):
        return True
    return not (_INFORMATION_ONLY.search(text) or _PAST.search(text) or _QUESTION_START.match(text))


def advice_rule(text: str) -> str | None:
    found = _matched(_PERSONAL_ADVICE, text)
    if found is None and re.search(r"dose", text, re.IGNORECASE) and re.search(
            r"(i|my\s+\w+|she|he)\s+(weigh|take|am\s+taking|should)", text, re.IGNORECASE) \
            and not _GENERAL_DOSE_QUESTION.search(text):
        return "a dose for one person"
    return found


def handoff_rule(text: str) -> str | None:
    return _matched(_HANDOFF, text) or _matched(_HANDOFF_MORE, text)


def topic_rule(text: str) -> tuple[str, str] | None:
    """The first helpline topic whose wording the message uses, with that wording."""
    for topic, pattern in _TOPICS:
        if hit := _matched(pattern, text):
            return topic, hit
    return None


def is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.match(text))


def speaks_of_cancer(text: str) -> bool:
    """Whether a message is about cancer, its tests, its treatment or medicines: for a cancer helpline, such a
    message is a cancer-information contact."""
    return bool(_CANCER_CONTEXT.search(text))


def looks_spanish(text: str) -> bool:
    """Spanish function words: the English-only sentence model is less sure of such a message's meaning."""
    return len(_SPANISH.findall(text)) >= 2


def tells_of_diagnosis_or_loss(text: str) -> bool:
    return bool(_LOSS_OR_DIAGNOSIS.search(text))
