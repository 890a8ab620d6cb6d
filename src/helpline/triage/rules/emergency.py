"""Emergency wording: symptoms that need care now, and whether they are happening now (not past, denied or
imagined)."""

from __future__ import annotations

import re

from helpline.triage import guards
from helpline.triage.rules.wording import QUESTION_START, any_of, is_question, sentence_at, sentences

_PET = re.compile(r"\b(dog|dogs|cat|cats|puppy|kitten|pet(?![-\s]*(ct|scans?)\b)|horse|rabbit|bird|hamster|parrot)\b",
                  re.IGNORECASE)
_PERSON = re.compile(r"\b(i\s+(have|had|feel|felt|am|can'?t|got|just|keep)|i'?m|me|myself|my\s+(husband|wife|son|"
                     r"daughter|mom|mum|dad|mother|father|partner|child|kid|baby|brother|sister|friend|grand\w+|aunt|uncle|"
                     r"chest|head|heart|arm|leg|throat|face|temp\w*))\b", re.IGNORECASE)

_ON_TREATMENT = (r"(chemo\w*|treatment|infusion|cycle|round|radiation|immunotherapy|transplant|car-?t|folfox|"
                 r"\w+(inib|mab|platin|rubicin|taxel)|capecitabine|revumenib|enasidenib|counts?\s+(are|were)\s+low|"
                 r"neutropeni\w*|quimio\w*)")
_EMERGENCY = any_of(
    rf"\b(fever|temp(erature)?|chills|shiver\w*|fiebre)\b.{{0,80}}\b{_ON_TREATMENT}\b",
    rf"\b{_ON_TREATMENT}\b.{{0,80}}\b(fever|temp(erature)?\s+(of\s+)?\d|chills|shiver\w*|fiebre)\b",
    r"\b(fever|temp(erature)?)\s+(is\s+|was\s+|of\s+|reads\s+|at\s+|says\s+)?(10[0-9](\.\d)?|3[89](\.\d)?)\b",
    r"\bchest\s+(pain|pressure|tightness|hurts)|\b(elephant|weight|ton\s+of\s+bricks|something\s+heavy)\s+(is\s+)?"
    r"(sitting|pressing|standing|crushing)\s+(on|down\s+on)\s+my\s+chest\b|\bheart\s+(attack|is\s+(pounding|racing))\b|\b(pain|pressure|tightness|"
    r"squeezing|weight)\s+(in|on)\s+(my|his|her|the)\s+chest\b|\bchest\s+(\w+\s+)?(really\s+|so\s+)?(hurts|hurting|aches|"
    r"is\s+(tight|hurting|killing))",
    r"\b(can'?t|cannot|trouble|hard\s+to|difficulty|struggling\s+to)\s+(catch\s+(my|his|her)\s+)?breath\w*|"
    r"\bbreathing\s+(is\s+)?(really\s+|very\s+|so\s+)?(hard|difficult|fast|labou?red)|\bshort(ness)?\s+of\s+breath|"
    r"\bgasping|\bcan\s+only\s+say\s+a\s+few\s+words|\blips\s+(are\s+)?(blue|turning\s+blue)|\b(breathing|breaths?)\s+(is\s+|are\s+)?"
    r"(really\s+|very\s+)?(slow|shallow|snor\w*)\b|\btook\s+(way\s+)?too\s+many\s+(of\s+)?(his|her|my|the)?\s*(\w+\s+)?(pills|tablets|"
    r"meds|patches)\b.{0,60}\b(by\s+accident|accidentally|mix\w*\s+up|by\s+mistake)",
    r"\b(faint(ed|ing)?|pass(ed|ing)?\s+out|black(ed|ing)?\s+out|collapsed|unconscious|unresponsive|not\s+respond\w*|"
    r"won'?t\s+(wake\s+up|answer\s+me|respond))\b",
    r"\b(seizure|convuls\w*|jerking|shaking\s+all\s+over|having\s+a\s+fit)\b",
    r"\b(heavy|severe|uncontrolled|nonstop|non-stop)\s+bleeding|\bbleeding\s+(heavily|a\s+lot|won'?t\s+stop|that\s+"
    r"won'?t\s+stop)|\b(nosebleed|bleeding)\s+(that\s+)?won'?t\s+stop|\b(coughing|vomiting|throwing)\s+(up\s+)?blood|"
    r"\b(black|tarry|bloody)\s+(tarry\s+)?(poop|stool|stools)\b",
    r"\b(suddenly|very|really|extremely)\s+confused|\bdoesn'?t\s+know\s+where\s+(she|he|i)\s+(is|am)|\btalking\s+"
    r"nonsense|\bslurr\w*|\bface\s+(is\s+)?droop\w*|\bcan'?t\s+(write|speak|move)\s+(my|his|her)|words\s+come\s+out\s+wrong",
    r"\b(swelling|swollen)\s+(of\s+)?(the\s+|my\s+|his\s+|her\s+)?(face|throat|tongue|lips)\b|\bthroat\s+(is\s+)?"
    r"(closing|tight)|\bcan'?t\s+swallow\b|\banaphyla\w*|\b(face|throat|tongue|lips)\b.{0,20}\b(swell\w*|swollen|puff\w*)|"
    r"\b(lips|tongue|face|mouth)\s+(feel|feels|felt|look|looks|are|is|has|have|gone|went|got)\s+(all\s+|really\s+|so\s+)?"
    r"(big|fat|thick|huge|puffed\s+up)\b",
    r"\b(peeing|urinating|pee)\s+(much\s+|a\s+lot\s+|way\s+)?less|\bhaven'?t\s+(peed|urinated)|\bbarely\s+peeing\b",
    r"\b(very|really|so|extremely)\s+dizzy\b|\bdizzy\b.{0,60}\b(fever|breath\w*|black|faint|chemo\w*)\b",
    r"\bstroke\b(?!\s+(risk|prevention))|\bcall(ing)?\s+911\b|\bambulance\b",
    # Families of wording for the same signs.
    # Fever in other words: burning up, rigors, the shakes, a thermometer reading, febrile with low counts.
    rf"\b(burning\s+up|rigou?rs|the\s+shakes|febrile|hot\s+and\s+shaky|shaking\s+(uncontrollably|and\s+(hot|burning)))\b"
    rf"|\b(running|spiking|spiked|hit|hitting)\s+(a\s+)?(temp\w*\s+(of\s+)?|fever\s+(of\s+)?)?(3[89]([.,]\d)?|10[0-5]([.,]\d)?)\b"
    rf"|\b(thermometer|temp(erature)?)\b.{{0,25}}\b(3[89]([.,]\d)?|10[0-5]([.,]\d)?)\b|\b(3[89][.,]\d|10[0-5][.,]\d)\s*"
    rf"(°\s*[cf]?|degrees|c|f)?\b.{{0,60}}\b{_ON_TREATMENT}|\b(fever|temp(erature)?|chills)\b.{{0,80}}\b(port|picc|"
    rf"central\s+line|line|white\s+(blood\s+)?count|neutrophils?|counts)\b",
    # Breathing: cannot get enough air, breathless at rest or while talking, blue or grey lips.
    r"\b(can'?t|cannot|couldn'?t|not\s+able\s+to|struggling\s+to|fighting\s+to|hard\s+to|trouble)\s+(get(ting)?|catch(ing)?)\s+"
    r"(enough\s+)?(air|a\s+(full\s+|proper\s+)?breath|my\s+breath)|"
    r"\b(out\s+of\s+breath|breathless|winded|short\s+of\s+breath|puffed)\b.{0,40}\b(sitting|rest(ing)?|lying|talking|"
    r"even|sentence|word)|\b(can'?t|cannot)\s+(lie|lay)\s+(down\s+)?flat\b|\b(finish|say)\s+a\s+sentence\s+without\b|"
    r"\b(lips|face|fingers?|skin)\s+(are\s+|is\s+|look(s|ing)?\s+|turning\s+|went\s+)?(blue|bluish|gr[ae]y|purple)\b|"
    r"\blungs?\s+(feel|feels|are)\s+(full|heavy|like)|\bwheez\w*.{0,40}\b(swell\w*|swollen|hives|rash|after)|"
    r"\bme\s+falta\s+el\s+aire|\bno\s+puedo\s+respirar|\bno\s+puede\s+respirar",
    # Fainting or hard to rouse.
    r"\b(feel|feels|feeling|felt)\s+(\w+\s+)?(faint|like\s+(i'?m|i\s+am|she'?s|he'?s)\s+(going|about)\s+to\s+"
    r"(faint|pass\s+out|black\s+out))\b|\b(almost|nearly|keep|keeps)\s+(faint\w*|pass(ing)?\s+out|black(ing)?\s+out)|"
    r"\bslumped\s+(over|down)|\b(can'?t|cannot)\s+(stay|keep\s+(him|her|me))\s+awake|\b(hard|impossible)\s+to\s+(wake|rouse)"
    r"|\bdesmay\w*|\bno\s+responde\b|\bperdi[oó]\s+el\s+conocimiento",
    # Bleeding: soaking pads or dressings, blood in stool or vomit, coffee grounds, bleeding that will not stop.
    r"\bsoak\w*\s+(through\s+)?(a|the|my|his|her|two|three|\d+)?\s*(\w+\s+)?(pads?|dressings?|bandages?|towels?|gauze)|"
    r"\bblood\s+(keeps\s+)?(soaking|pouring|gushing|dripping)|\b(pouring|gushing|spurting|streaming)\s+(out\s+)?blood\b|"
    r"\bblood\s+through\s+(the|my|his|her)\s+(dressing|bandage|pad|gauze)|\b(bleeding|bleeds)\s+(through|everywhere)|"
    r"\b(diarrh\w*|poo|poop|stool|stools|vomit|sick|pee|urine)\b.{0,20}\b(with|full\s+of|of)\s+blood\b|"
    r"\bblood\s+in\s+(my|his|her|the)\s+(stool|poo|poop|vomit|diarrh\w*)|\bcoffee\s+grounds?\b|"
    r"\b(black|tarry|sticky)\s+(\w+\s+)?(poo|poop|stool)|\b(vomit\w*|throw\w*\s+up|cough\w*\s+up|spit\w*\s+up)\s+"
    r"(\w+\s+)?blood|\b(blood|bleed\w*)\b.{0,30}\b(won'?t|will\s+not|doesn'?t|does\s+not|isn'?t)\s+(stop|stopping|"
    r"slow)|\b(sangr\w*|vomit\w*\s+sangre)",
    # Seizures, sudden confusion, weakness or stroke signs.
    r"\b(fitting|went\s+(stiff|rigid)|whole\s+body\s+(is\s+)?(shak|jerk|stiff)\w*|twitching\s+and\s+(shaking|jerking))\b|"
    r"\b(doesn'?t|does\s+not|didn'?t|stopped|can'?t)\s+recogni[sz]\w*|\b(isn'?t|not)\s+making\s+(any\s+)?sense\b|"
    r"\bdoesn'?t\s+know\s+(what\s+(year|day)|who\s+(i|we)\s+(am|are))|\b(words|speech)\s+(are\s+|is\s+)?(coming\s+"
    r"out\s+)?(jumbled|garbled|slurred|wrong)|\b(suddenly|sudden)\s+(can'?t|cannot)\s+(lift|move|feel|see|speak|talk)|"
    r"\b(sudden(ly)?)\s+(very\s+)?(weak|numb|paraly\w*)|\bconvulsi\w*|\bcara\s+ca[ií]da|\bno\s+puede\s+(hablar|"
    r"mover)",
    # Differentiation syndrome: its drugs with any of its signs, or the signs together.
    r"\b(revumenib|ziftomenib|enasidenib|ivosidenib|olutasidenib|gilteritinib|idhifa|tibsovo|revuforj|xospata|atra|"
    r"tretinoin|arsenic|menin\s+inhibitor)\b.{0,160}\b(fever|temp|breath\w*|dizz\w*|light-?headed|swell\w*|swollen|"
    r"puff\w*|gain\w*|pee\w*|urin\w*|faint\w*)\b|\b(fever|breath\w*|dizz\w*|swell\w*|swollen|"
    r"gain\w*|pee\w*|urin\w*)\b.{0,160}\b(revumenib|ziftomenib|enasidenib|ivosidenib|olutasidenib|gilteritinib|idhifa|"
    r"tibsovo|revuforj|xospata|atra|tretinoin|menin\s+inhibitor)\b|\b(gained|put\s+on|up)\s+(like\s+|about\s+|over\s+)?"
    r"(\d+|a\s+few|several|two|three|four|five)\s*(kg|kilos?|lbs?|pounds)\b.{0,60}\b(swell\w*|swollen|puff\w*|breath\w*|"
    r"pee\w*|urin\w*)|\b(hardly|barely|not|hasn'?t|haven'?t|hadn'?t)\s+(been\s+)?(peeing|peed|urinat\w*|passed\s+(any\s+)?"
    r"(urine|water)|had\s+a\s+(wee|pee)|weed|been\s+for\s+a\s+(wee|pee))|\bno\s+he\s+orinado|\b(only\s+)?a\s+dribble\b.{0,30}"
    r"\b(all\s+day|since)\b",
    # Cannot keep fluids down, sudden severe pain, swelling at a line, a severe reaction during or after an infusion.
    # A temperature named without a number on treatment; a fall with no answer; too weak to stand and confused.
    rf"\b{_ON_TREATMENT}\b.{{0,80}}\b(got|has|have|having|running|spiked|spiking|with)\s+(a\s+)?(high\s+|raised\s+)?"
    r"temp(erature)?\b|\b(fell|collapsed|fallen|fall)\b.{0,40}\b(not|isn'?t|won'?t)\s+(answering|responding|waking)\b|"
    r"\b(is|she'?s|he'?s)\s+not\s+(answering|responding)\s+(me|us|to\s+(me|us|anything))\b|\b(can'?t|cannot)\s+(stand|get)"
    r"\s+up\b.{0,40}\bconfus\w*|\bconfus\w*.{0,40}\b(can'?t|cannot)\s+(stand|get\s+up)\b|"
    r"\b(can'?t|cannot|couldn'?t)\s+keep\s+(anything|any\s+(water|fluids?|food)|fluids?|water)\s+down\b|"
    r"\b(can'?t|cannot)\s+stop\s+(throwing\s+up|vomiting|being\s+sick)|\b(bringing|throwing|brought|threw)\s+up\s+"
    r"(everything|anything|all)\b.{0,40}\b(for\s+(two|three|\d+|a\s+couple\s+of)\s+days|all\s+day|water|fluids?)\b|"
    # A nosebleed or bleeding that pressure does not stop; a swollen limb or neck beside a line or port (a clot).
    r"\b(nose\s*bleed|bleed\w*|bled)\b.{0,60}\b(won'?t|will\s+not|doesn'?t|does\s+not|isn'?t)\s+(stop|stopping|ease|quit)|"
    # Diarrhoea many times a day or with blood; an erection for hours.
    r"\b(diarrh\w*|runs|loose\s+stools?|poo\w*)\b.{0,40}\b(\d{1,2}|six|seven|eight|nine|ten|eleven|twelve)\s+times\b|"
    r"\b(diarrh\w*|poo\w*|stools?)\b.{0,40}\bblood\s+in\s+(it|them)\b|\berection\b.{0,40}\b(hours?|won'?t\s+go\s+down)\b|"
    r"\b(arm|hand|neck|face)\b.{0,50}\b(line|picc|port)\b.{0,50}\b(swollen|swelling|puffy)|\b(line|picc|port)\b.{0,50}"
    r"\b(swollen|swelling|puffy)|\b(sudden(ly)?|severe|unbearable|excruciating|"
    r"worst)\s+(\w+\s+){0,2}pain\b.{0,60}\b(now|today|tonight|can'?t\s+(stand|walk|move))|\b(dolor\s+(muy\s+)?fuerte\s+"
    r"en\s+el\s+pecho)|\b(fiebre\s+alta|escalofr[ií]os)\b",
)
# A sign the message denies in its own words ("no chest pain", "I don't have a fever").
_EMERGENCY_DENIED = re.compile(r"\b(no|not|never|without|don'?t\s+have|doesn'?t\s+have|haven'?t\s+(had|got)|"
                               r"hasn'?t\s+had|no\s+signs?\s+of|sin|no\s+tengo|no\s+tiene)\s+(a\s+|any\s+|an\s+)?(actual\s+|real\s+)?$",
                               re.IGNORECASE)
# A sign that is a feeling: "I can't breathe when I think about her".
_FEELING_NOT_SIGN = re.compile(r"^\s+(just\s+)?(when\s+(i|she|he|we)\s+(think|remember|talk|see|hear)|"
                               r"(thinking|talking|hearing)\s+about)\b", re.IGNORECASE)
# The sign is over ("she's fine now", "it hasn't happened again") or only imagined ("if my dad gets a fever").
_RESOLVED = re.compile(r"\b((she|he|i|we|they)('?s|'?m|\s+is|\s+am|\s+are|'?re)\s+"
                       r"((?!not\b|never\b|no\b)\w+\s+){0,3}(fine|ok|okay|better|great|well|good|back\s+to\s+normal)\s+(right\s+)?(now|since|again)(?!\W+(but|until|then|"
                       r"except))|(all\s+)?cleared\s+up|(feeling|feels|doing)\s+(much|a\s+lot|loads|way|heaps|so\s+much)\s+better"
                       r"(?!\W+(but|until|then|except|now\s+(she|he|i|it)))|hasn'?t\s+happened"
                       r"\s+(again|since)|(been|was)\s+(fine|stable|ok|okay|well)\s+(ever\s+)?since|turned\s+out\s+(to\s+be|it\s+was)|"
                       # Seen and explained already ("they said it was low blood sugar"); years clear of the cancer.
                       r"(they|the\s+(doctors?|nurses?|hospital|er|a&e)|doctors?)\s+(said|told\s+(us|me|him|her))\s+"
                       r"(it\s+was|it'?s\s+(just|only|nothing))|\d+\s+years?\s+(clear|cancer[-\s]free|in\s+remission)|"
                       r"nothing('?s|\s+is)\s+wrong|i'?m\s+grand\s+now|all\s+clear|it\s+was\s+(just\s+|only\s+)?(reflux|"
                       r"heartburn|indigestion|anxiety|a\s+panic\s+attack|a\s+virus|nothing\s+serious|wind|gas)|(my|his|her)\s+(breathing|temp\w*|chest|heart\w*)\s+"
                       r"(is|are|has\s+been|feels?)\s+(fine|normal|ok|okay|good)|"
                       r"ahora\s+est[aá]\s+bien)\b", re.IGNORECASE)
# Feeling fine in a question about signs ("what counts as a fever on chemo? I feel totally fine right now"); not
# a sign that is over (a fever brought down with paracetamol still counts, however well one feels).
_FEELING_FINE = re.compile(r"\b(i|she|he|we)\s+feels?\s+(totally\s+|completely\s+|perfectly\s+)?(fine|ok|okay|good|"
                           r"well)\s+(right\s+)?now\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"^\s*(if|when|what\s+if|in\s+case)\b|\b(what\s+(should|do|would)\s+(i|we)\s+do|who\s+do\s+"
                           r"(i|we)\s+call|which\s+number)\s+(if|when)\b|\b(if|in\s+case)\s+(i|he|she|we|my\s+\w+)\s+"
                           r"(ever\s+)?(gets?|has|have|feels?|starts?|develops?|runs?|passes|faints?)\b|\b(qu[eé]\s+hago|"
                           r"cu[aá]ndo\s+debo)\s+(si|llamar)\b|\b(for\s+later|so\s+(i|we)\s+know|just\s+in\s+case|for\s+future\s+reference|"
                           r"to\s+be\s+(ready|prepared)|asking\s+in\s+general|asking\s+generally|general\s+question)\b",
                           re.IGNORECASE)
_ASKS_ABOUT_SIGNS = re.compile(r"\b(side[-\s]effects?|warning\s+signs?|counts?\s+as|signs?\s+(of|to)|how\s+high\s+"
                               r"(does|do|should|is|can)|before\s+(you'?re|we'?re|i'?m)\s+supposed\s+to\s+call|"
                               r"symptoms?\s+(of|to)|watch\s+(out\s+)?for|look\s+out\s+for|what\s+(is|are|does)\s+(\w+\s+)?(syndrome|mean))\b",
                               re.IGNORECASE)
_STRONG_NOW = re.compile(r"\b(right\s+now|at\s+the\s+moment|just\s+now|tonight|this\s+(morning|afternoon|evening)|"
                         r"since\s+(this|last|yesterday)|ahora\s+mismo|still|again\s+(today|now)|since\s+(the|my|his|her)\s+"
                         r"(first|last|latest)\s+(dose|cycle|infusion|chemo|treatment|round)|all\s+(day|night|morning)|"
                         r"been\s+going\s+on|for\s+(the\s+(last|past)\s+)?(\d+|an?|one|a\s+few|a\s+couple\s+of|two|three|several|"
                         r"ten|twenty)\s+(minutes?|mins?|hours?|hrs?|days?)|(since\s+)?(about\s+|around\s+)?(an?|one|\d+|a\s+few|"
                         r"a\s+couple\s+of|two|three)\s+(minutes?|mins?|hours?|hrs?)\s+ago)\b",
                         re.IGNORECASE)
_INFORMATION_ONLY = re.compile(
    r"(^\s*(what|when|how|why|is|are|can|does|do|should\s+i\s+call|which)\b.*\b(side\s+effects?|mean|means|call\s+"
    r"(my|the|a)\s+(doctor|nurse|care\s+team)|signs?\s+of|symptoms?\s+of|prevent\w*|normal|common|risk|happen|cause|"
    r"causes|make\s+(you|people|someone)|give\s+(you|people|someone))\b)|"
    r"\b(listed\s+as\s+a\s+(possible\s+)?side\s+effect|what\s+does\s+(that|this|it)\s+mean)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(now|right\s+now|tonight|today|this\s+(morning|afternoon|evening)|currently|since\s+"
                  r"(yesterday|this|last\s+night)|just\s+(now|started)|i\s+(have|feel|am|can'?t)|(she|he)\s+(has|is|can'?t)|"
                  r"i'?m\s+(having|getting|running)|keeps?|my\s+\w+\s+(has|is|can'?t|keeps|just)|"
                  r"(she|he|it)('s|\s+is|\s+has))\b", re.IGNORECASE)
# Long ago, as a sentence dates its sign: not "last night" nor "had a fever", which may still be going on.
_LONG_AGO = re.compile(r"\b((\d+|a\s+few|a\s+couple\s+of|several|two|three|four|five|six|many)\s+(years?|months?)\s+"
                       r"ago|last\s+(year|month|spring|summer|fall|autumn|winter)|back\s+in|in\s+(19|20)\d\d|when\s+i\s+was\s+(young|little|"
                       r"a\s+kid|a\s+child|\d+)|as\s+a\s+(kid|child|teen(ager)?))\b", re.IGNORECASE)
_NOW_AGAIN = re.compile(r"\b(now|right\s+now|tonight|today|this\s+(morning|afternoon|evening)|still|again|at\s+the\s+"
                        r"moment|currently)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(last\s+(year|month|time|spring|summer|fall|winter)|(years?|months?|weeks?)\s+ago|"
                   r"in\s+(january|february|march|april|may|june|july|august|september|october|november|december)|"
                   r"(i|he|she|we)\s+had\s+(a\s+)?(fever|seizure|chest\s+pain|bleed\w*)|"
                   r"back\s+(in|when)|used\s+to|stable\s+since|(was|were)\s+in\s+(the\s+)?(er|a&e|hospital|emergency\s+room|icu)|had\s+a\s+\w+\s+(last|\d)|as\s+a\s+(kid|child|teen(ager)?|boy|girl|"
                   r"baby)|when\s+i\s+was\s+(young|little|a\s+kid|a\s+child|\d+))\b", re.IGNORECASE)



def about_an_animal(text: str) -> bool:
    """The message speaks of an animal and of no person ("my dog has lymphoma, what do vets do?")."""
    return bool(_PET.search(text) and not _PERSON.search(text))


def not_a_person_in_danger(text: str) -> bool:
    """A joke, or an animal's symptoms ("my dog has been limping"): not for the classifier to call an emergency
    (and an animal's symptoms not for the rules either)."""
    return guards.joking(text) or about_an_animal(text)


def denies_a_sign(text: str) -> bool:
    """The message denies a sign in its own words ("no fever", "without any bleeding")."""
    return guards.denies_a_sign(text)


def emergency_rule(text: str) -> str | None:
    """Symptoms that need care now; not a question about a symptom, nor a past event, unless it is happening now;
    not a sign the message denies ("no chest pain, just curious")."""
    if not could_be_happening_now(text) or about_an_animal(text):
        return None
    if asks_about_signs(text):
        return None
    # Denied signs are blanked first, so a match cannot span one ("on chemo? no fever").
    undenied = guards.without_denied_signs(text)
    for found in _EMERGENCY.finditer(undenied):
        if _FEELING_NOT_SIGN.match(undenied[found.end():found.end() + 40]):
            continue  # "some days I still feel like I can't breathe when I think about her"
        if _EMERGENCY_DENIED.search(undenied[max(0, found.start() - 30):found.start()]):
            continue
        sentence = sentence_at(undenied, found.start())
        if _LONG_AGO.search(sentence) and not _NOW_AGAIN.search(sentence):
            continue  # "Two years ago I spiked a fever during chemo. I'm in remission now"
        return found.group(0)
    return None


def tells_it_is_over(text: str) -> bool:
    """The message says a sign is over or explained ("turned out to be reflux, I'm grand now")."""
    return bool(_RESOLVED.search(text))


def asks_about_signs(text: str) -> bool:
    """A question about signs to watch for, with nothing happening now ("she's on revumenib, what side effects like
    fever should we watch for?", "what are the signs of a blood clot?")."""
    now = _STRONG_NOW.search(_FEELING_FINE.sub(" ", _RESOLVED.sub(" ", text)))  # "I feel fine right now" is no sign
    return bool(_ASKS_ABOUT_SIGNS.search(text) and is_question(text) and not now)


def could_be_happening_now(text: str) -> bool:
    """False for a general question about a symptom ("what temperature counts as a fever during chemo?"), a past
    event now over ("she fainted in March, she's fine now") or one only imagined ("if my dad gets a fever"),
    unless the message also tells of something happening now ("I have", "my dad has", "tonight")."""
    strong = _STRONG_NOW.search(_RESOLVED.sub(" ", text))  # "I'm fine right now" is no sign of now
    if (_RESOLVED.search(text) or _HYPOTHETICAL.search(text)) and not strong:
        return False
    if _NOW.search(text) or strong:
        return True
    # A past word must date the symptom, not the treatment ("can't get enough air, had radiation last month").
    past = _PAST.search(guards.without_treatment_times(text))
    return not (_INFORMATION_ONLY.search(text) or past or all(QUESTION_START.match(part) for part in sentences(text)))
