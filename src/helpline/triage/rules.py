"""Wording rules for triage: what a message says that needs no model to recognise."""

from __future__ import annotations

import re

from helpline.triage import guards


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


_SELF = r"(my|him|her|them|your|our)\s*(self|selves|slef)"
# Warning signs of suicide as crisis lines list them: wanting to die or to be gone, being a burden, no way out,
# saying goodbye and giving things away, gathering means, and self-harm; in first person or about someone else.
_CRISIS = _any(
    r"\bsu+i+c+i+d\w*|\bsuicidal|\bsewer\s*slide|\bunaliv\w*|(?<!\d\s)(?<!\d)\bkms\b|\bkys\b|\bsh\s+(again|relapse)|relapsed\s+on\s+sh\b",
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
    # Families of wording, each as crisis lines describe them, not single phrases.
    # Not to exist: "stop existing", "cease to be", "erase myself", "fade out for good", "just be gone".
    r"\b(stop|stopped|cease|ceasing)\s+(to\s+)?(exist(ing)?|be(ing)?)\b(?!\s+(a|an|the|so|as|my|in|on|able|part)\b)|"
    r"\b(want|wanna|wish|rather|like)\s+(to\s+)?(just\s+)?(not\s+(exist|be\s+alive)|disappear|vanish|fade\s+(out|away)|"
    r"be\s+gone)\b(\s+(for\s+good|forever|permanently))?(?!\s+(on|for|to|from|with|after|during|into|in|under|behind|"
    r"before|until|till|by|at|when|while|so|and\s+(come|be)))|"
    r"\berase\s+(my|him|her)\s*self\b",
    # Preferring death: "rather be in the ground", "the only peace is being dead", "waiting to die", "speed it up".
    r"\brather\s+be\s+(dead|in\s+(the|a|my)\s+(ground|grave|coffin)|six\s+feet\s+under|with\s+(him|her|them))\b|"
    r"\b(only|real)\s+(peace|way\s+out|escape|relief)\b.{0,30}\b(dead|death|dying|die|gone|end\s+it)\b|"
    r"\b(just\s+)?waiting\s+(to\s+die|for\s+death|for\s+it\s+to\s+be\s+over)\b|"
    r"\b(hurry|speed|speeding|hurrying|speeds)\s+(it|things|this|death|the\s+end)\s+(up|along)\b|"
    r"\b(hope|hoping|pray|praying|wish|wishing)\s+(that\s+)?(i|he|she)\s+(don'?t|won'?t|never|doesn'?t|didn'?t|"
    r"wouldn'?t)\s+(wake\s+up|come\s+(home|back|out)|make\s+it\s+through)\b(?!\s+(in|with|early|at|during|before|"
    r"feeling|too|so|sick|ill|the|to\s+(this|that|the|a)))|"
    r"\b(ojal[aá]|quisiera)\s+no\s+despertar\w*|\bno\s+despertar\s+(m[aá]s|nunca)|\bdesaparecer\s+para\s+siempre|"
    r"\b(prefiero|quiero)\s+estar\s+muert[oa]|\b(salida|soluci[oó]n)\s+(que\s+veo\s+)?es\s+morir|\bque\s+(todo\s+)?"
    r"esto\s+se\s+acabe\s+para\s+siempre|\byo\s+no\s+existiera|\bhacerme\s+da[nñ]o|\bme\s+desped[ií]\s+de\s+todos|"
    r"\bmatarme\b|\bno\s+quiero\s+(seguir|estar\s+aqu[ií])",
    # A burden: "they'd all be happier without me", "the world would be better w/o me", "relieved if I went".
    r"\b(be|been)\s+(so\s+much\s+|much\s+|a\s+lot\s+)?(better|happier|easier|relieved|fine|freer|lighter)\s+(off\s+)?"
    r"(w/o|without|wo)\s+(me|him|her)\b|\bbetter\s+(off\s+)?(w/o|without)\s+me\b|"
    r"\b(relieved|happier|better\s+off|free)\s+(if|when|once)\s+(i|he|she)\s+(went|was\s+gone|were\s+gone|died|"
    r"wasn'?t\s+(here|around)|weren'?t\s+(here|around)|(was|were)\s+dead)\b",
    # No reason to go on: "can't find a single reason to keep trying", "nothing left to live for".
    r"\b(no|not\s+a\s+single|not\s+one|any)\s+(reason|point)\s+(left\s+)?(to|in|for)\s+(keep(ing)?\s+(going|trying|on|"
    r"living|fighting)|go(ing)?\s+on|stay(ing)?\s+(alive|around|here)|be(ing)?\s+(alive|here)|wak(e|ing)\s+up|"
    r"carry(ing)?\s+on|continu\w*|live|living)\b|\bnothing\s+(left\s+)?to\s+live\s+for\b|"
    r"\bnothing\s+left\s+for\s+me\s+(here|in\s+this\s+world)\b|\bpo?i?nt\s+of\s+(living|being\s+alive|going\s+on)\b|"
    r"\bcan'?t\s+(hold\s+on|bear\s+(it|this|one\s+more\s+day)|go\s+on|keep\s+going|keep\s+fighting|do\s+(it|this))\s+"
    r"(any\s*(more|longer)|one\s+more\s+day|much\s+longer)\b|\b(stopped|stop)\s+wanting\s+to\s+(live|swim|fight|"
    r"survive|be\s+here)\b|\bwant(s|ed)?\s+(it|this|everything)\s+(all\s+)?(to\s+be\s+|2\s+)?(over|end|stop)"
    r"(\s+(for\s+good|forever|permanently|already))?\s*[.!]*\s*$|\bswitched\s+off\s+(permanently|for\s+good|forever)\b",
    # Saying goodbye, making final arrangements, giving things away.
    r"\b(goodbye|suicide|farewell|final)\s+(note|letter|message|post|text)s?\b|\b(one\s+)?(last|final)\s+time\b.{0,40}"
    r"\b(love|goodbye|bye)\b|\b(love|goodbye|bye)\b.{0,40}\b(one\s+)?(last|final)\s+time\b|"
    r"\b(won'?t|will\s+not|never)\s+(hear|see)\s+(from\s+)?me\s+again\b|\btonight\s+is\s+the\s+night\b|"
    r"\b(won'?t|will\s+not|not\s+going\s+to|wouldn'?t)\s+(be\s+)?need(ing)?\s+(them|it|this|these|those|any\s+of\s+"
    r"(it|this|them)|my\s+\w+)\s+(much\s+)?(after|by|where|longer|anymore|any\s+more|soon)\b|"
    r"\b(not|never|won'?t)\s+(going\s+to\s+|gonna\s+)?be\s+(alive|around|here)\s+(much\s+longer|for\s+long|long\s+enough|"
    r"by|past|after|for\s+(it|the|that|this|any|much|long))\b|\b(plan|planning|intend|expect)\s+(on|to)\s+(being|be)\s+"
    r"(alive|around|here)\s+(long|for|by|past|much)|\bwhen\s+i'?m\s+(not\s+here|gone|no\s+longer\s+here)\b.{0,40}"
    r"(soon|any\s*more|tonight|this\s+week)|"
    r"\b(gave|give|giving|given|handing|handed|hand(ing)?\s+out)\s+(away\s+|out\s+)?(all\s+)?(of\s+)?(my|his|her|their)\s+"
    r"(\w+\s+)?(things|stuff|belongings|possessions|tools|clothes|books|collection|jewel\w*|watch(es)?|guitar|dog|"
    r"cat|pets?)\b(?!\s+(to\s+(charity|goodwill|a\s+(charity|thrift|shelter))|for\s+the\s+(sale|drive)))",
    # Self-harm in other words, and looking into means.
    r"\b(cutting|burning|scratching|hitting)\s+(my\s*self\s+)?again\b|\b(cut|cutting|burn(ed|t|ing)?|scratch\w*)\s+"
    r"(my|his|her)\s+(arms?|legs?|wrists?|thighs?|skin)\b|\b(burn|burned|burnt|burning)\s+(my|him|her)\s*self\b|"
    r"\b(research\w*|look(ed|ing)?\s+up|googl\w*|search\w*|read(ing)?\s+about)\s+(ways|how|methods)\s+(to|of)\s+"
    r"(die|dying|kill|end|suicide)\b|\bways\s+to\s+(die|kill\s+(my|him|her)\s*self|end\s+(it|my\s+life))\b|"
    r"\b(make|made|look)\s+it\s+look\s+like\s+an\s+accident\b|"
    r"\b(how\s+(much|many)|what\s+amount|which)\s+(of\s+)?.{0,40}\b(would|could|will|to)\s+(do\s+it|kill\s+(me|him|her)|"
    r"end\s+it|stop\s+(my|his|her)\s+(breathing|heart)|be\s+(lethal|fatal|enough\s+to\s+(die|not\s+wake)))\b|"
    r"\b(let\s+go|give\s+up)\s+(tonight\s+)?on\s+purpose\b|\bon\s+purpose\b.{0,40}\b(over|die|gone|end)\b|"
    r"\b(stopped|stopping|skipping|quit|quitting|refus\w*)\s+(taking\s+)?(my|his|her|all)?\s*(meds|medications?|pills|"
    r"food|eating|meals|insulin)\b.{0,50}\b(on\s+purpose|over\s+(sooner|faster|with)|to\s+die|until\s+(i|he|she)\s+"
    r"die|be\s+gone|speed|hurry|end\s+it|ends?\s+(sooner|faster|quicker))\b|\b(stop|stopping)\s+eating\s+until\s+"
    r"(i|he|she)\s+die",
    # Taking it into one's own hands, a worked-out plan, swallowing everything, the quickest way.
    r"\b(take|taking|took)\s+(matters|things)\s+into\s+(my|his|her|their)\s+own\s+hands\b(?!\s+(with|and|by|to))|"
    r"\b(do|end|finish|take\s+care\s+of)\s+it\s+(my|him|her)\s*self\b.{0,30}\b(before|rather\s+than)\s+(the\s+|this\s+|"
    r"my\s+|his\s+|her\s+)?(cancer|illness|disease|tumou?r|it)\s+(does|do|gets|will)\b|"
    r"\b(easier|better|relief|wish|hope|if)\b.{0,30}\b(never|didn'?t|wouldn'?t|did\s+not)\s+(wake|woke)\s+up\b"
    r"(?!\s+(in|with|early|at|during|until|till|before|feeling|too|so|the|to))|"
    r"\b(posted|texted|wrote|sent|messaged|post|status|text|message)\b.{0,60}\b(reads?|sounded|sounds|looks?|looked|read)"
    r"\s+like\s+(a\s+)?(goodbye|farewell|suicide\s+note|last\s+message)\b|"
    r"\b(been|went|go|going|drove|drive|walked)\s+(up\s+)?to\s+the\s+(bridge|cliffs?|tracks|railway|edge|roof)\b.{0,40}"
    r"\b(just\s+to\s+look|look(ed|ing)?\s+(down|over)|star(e|ed|ing)\s+(down|at\s+the\s+water)|think(ing)?\s+about\s+"
    r"(it|jumping))|\bnot\s+(waiting|going\s+to\s+wait|"
    r"gonna\s+wait)\s+(around\s+)?for\s+the\s+end\b|\bworked\s+out\s+(how\s+and\s+when|when\s+and\s+how)\b|\b(decided|going|ready)\s+to\s+"
    r"go\s+through\s+with\s+it\b|\b(swallow\w*|tak(e|ing))\s+(everything\s+in\s+the\s+(cabinet|cupboard|drawer)|"
    r"the\s+(whole|entire)\s+(bottle|box|packet|pack|lot)|all\s+of\s+(them|my\s+(pills|meds|tablets))\s+at\s+once)\b|"
    r"\b(quickest|easiest|least\s+painful|painless|least\s+messy|surest|most\s+peaceful)\s+(and\s+\w+\s+(\w+\s+)?)?"
    r"(way|method)s?\s+(to\s+)?(go|die|do\s+it|end\s+(it|things|my\s+life))\b|\bwhat\s+would\s+be\s+(the\s+)?"
    r"(quickest|least\s+painful|least\s+messy|most\s+peaceful)\b|\bsee\s+(you|ya|u)\s+on\s+the\s+other\s+side\b",
    # Not a burden much longer: "won't be a problem much longer", "you won't have to look after me much longer".
    r"\b(won'?t|wont|will\s+not|not\s+going\s+to|not\s+gonna)\s+be\s+(a\s+)?(problem|burden|bother|trouble|weight)"
    r"(\s+(to|for|on)\s+(\w+\s+){0,2}?)?\s*(much\s+|for\s+)?(longer|long)\b|\b(won'?t|wont|will\s+not)\s+have\s+to\s+"
    r"(look\s+after|worry\s+about|care\s+for|carry|put\s+up\s+with|deal\s+with|take\s+care\s+of)\s+(me|him|her)\s+"
    r"(much|for\s+(much|very))\s+longer\b",
)
_CRISIS_DENIED = re.compile(r"\b(not|never|no\s+longer|wasn'?t|isn'?t|am\s+not|i'?m\s+not)\s+(feeling\s+)?"
                            r"(suicidal|going\s+to\s+(hurt|kill)\s+my\s*self)\b", re.IGNORECASE)
_CRISIS_PAST = re.compile(r"\b(years?|months?)\s+ago\b.*\b(suicidal|self[-\s]?harm)|\b(was|used\s+to\s+be)\s+suicidal\b"
                          r".*\b(better|helped|good\s+place|recovered)\b", re.IGNORECASE)
_DENIES_RISK = re.compile(
    r"\b(not|never|no|don'?t|do\s+not|wouldn'?t|won'?t|am\s+not|i'?m\s+not)\s+(\w+\s+){0,3}(suicid\w*|hurt\w*\s+(my|him|her)"
    r"\s*self|harm\w*\s+(my|him|her)\s*self|kill\w*\s+(my|him|her)\s*self|do\s+(anything|something)\s+(to\s+(my|him|her)"
    r"\s*self|stupid)|want\s+to\s+die|in\s+(crisis|danger))|\b(i'?m|i\s+am)\s+(\w+\s+)?safe\b|\bno\s+(tengo\s+"
    r"pensamientos\s+suicidas|quiero\s+hacerme\s+da[nñ]o)", re.IGNORECASE)
_NEGATED = re.compile(r"\b(don'?t|do\s+not|never|not|no)\s+$", re.IGNORECASE)
_JOKING = re.compile(r"\b(lol|lmao|rofl|haha\w*|jk|j/k|just\s+kidding|kidding)\b|😂|🤣|😆|😅|🙄", re.IGNORECASE)
_PET = re.compile(r"\b(dog|dogs|cat|cats|puppy|kitten|pet|horse|rabbit|bird|hamster|parrot)\b", re.IGNORECASE)
_PERSON = re.compile(r"\b(i\s+(have|had|feel|felt|am|can'?t|got|just|keep)|i'?m|me|myself|my\s+(husband|wife|son|"
                     r"daughter|mom|mum|dad|mother|father|partner|child|kid|baby|brother|sister|friend|grand\w+|aunt|uncle|"
                     r"chest|head|heart|arm|leg|throat|face|temp\w*))\b", re.IGNORECASE)
_NOT_A_WISH = re.compile(r"\b(walk|run|prevention|awareness|research|fundrais\w*|statistics|rates?)\b", re.IGNORECASE)

_ON_TREATMENT = (r"(chemo\w*|treatment|infusion|cycle|round|radiation|immunotherapy|transplant|car-?t|folfox|"
                 r"\w+(inib|mab|platin|rubicin|taxel)|capecitabine|revumenib|enasidenib|counts?\s+(are|were)\s+low|"
                 r"neutropeni\w*|quimio\w*)")
_EMERGENCY = _any(
    rf"\b(fever|temp(erature)?|chills|shiver\w*|fiebre)\b.{{0,80}}\b{_ON_TREATMENT}\b",
    rf"\b{_ON_TREATMENT}\b.{{0,80}}\b(fever|temp(erature)?\s+(of\s+)?\d|chills|shiver\w*|fiebre)\b",
    r"\b(fever|temp(erature)?)\s+(is\s+|was\s+|of\s+|reads\s+|at\s+|says\s+)?(10[0-9](\.\d)?|3[89](\.\d)?)\b",
    r"\bchest\s+(pain|pressure|tightness|hurts)|\bheart\s+(attack|is\s+(pounding|racing))\b|\b(pain|pressure|tightness|"
    r"squeezing|weight)\s+(in|on)\s+(my|his|her|the)\s+chest\b|\bchest\s+(\w+\s+)?(really\s+|so\s+)?(hurts|hurting|aches|"
    r"is\s+(tight|hurting|killing))",
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
    # Families of wording for the same signs.
    # Fever in other words: burning up, rigors, the shakes, a thermometer reading, febrile with low counts.
    rf"\b(burning\s+up|rigou?rs|the\s+shakes|febrile|hot\s+and\s+shaky|shaking\s+(uncontrollably|and\s+(hot|burning)))\b"
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
    r"\bblood\s+(keeps\s+)?(soaking|pouring|gushing|dripping)|\b(bleeding|bleeds)\s+(through|everywhere)|"
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
    r"(urine|water))|\bno\s+he\s+orinado",
    # Cannot keep fluids down, sudden severe pain, swelling at a line, a severe reaction during or after an infusion.
    # A temperature named without a number on treatment; a fall with no answer; too weak to stand and confused.
    rf"\b{_ON_TREATMENT}\b.{{0,80}}\b(got|has|have|having|running|spiked|spiking|with)\s+(a\s+)?(high\s+|raised\s+)?"
    r"temp(erature)?\b|\b(fell|collapsed|fallen|fall)\b.{0,40}\b(not|isn'?t|won'?t)\s+(answering|responding|waking)\b|"
    r"\b(is|she'?s|he'?s)\s+not\s+(answering|responding)\s+(me|us|to\s+(me|us|anything))\b|\b(can'?t|cannot)\s+(stand|get)"
    r"\s+up\b.{0,40}\bconfus\w*|\bconfus\w*.{0,40}\b(can'?t|cannot)\s+(stand|get\s+up)\b|"
    r"\b(can'?t|cannot|couldn'?t)\s+keep\s+(anything|any\s+(water|fluids?|food)|fluids?|water)\s+down\b|"
    r"\b(can'?t|cannot)\s+stop\s+(throwing\s+up|vomiting|being\s+sick)|\b(sudden(ly)?|severe|unbearable|excruciating|"
    r"worst)\s+(\w+\s+){0,2}pain\b.{0,60}\b(now|today|tonight|can'?t\s+(stand|walk|move))|\b(dolor\s+(muy\s+)?fuerte\s+"
    r"en\s+el\s+pecho)|\b(fiebre\s+alta|escalofr[ií]os)\b",
)
# A sign the message denies in its own words ("no chest pain", "I don't have a fever").
_EMERGENCY_DENIED = re.compile(r"\b(no|not|never|without|don'?t\s+have|doesn'?t\s+have|haven'?t\s+(had|got)|"
                               r"hasn'?t\s+had|no\s+signs?\s+of|sin|no\s+tengo|no\s+tiene)\s+(a\s+|any\s+|an\s+)?$",
                               re.IGNORECASE)
# The sign is over ("she's fine now", "it hasn't happened again") or only imagined ("if my dad gets a fever").
_RESOLVED = re.compile(r"\b((she|he|i|we|they)('?s|'?m|\s+is|\s+am|\s+are|'?re)\s+((?!not\b|never\b|no\b)\w+\s+){0,3}"
                       r"(fine|ok|okay|better|great|well|good|back\s+to\s+normal)\s+(now|since|again)(?!\W+(but|until|then|"
                       r"except))|(all\s+)?cleared\s+up|hasn'?t\s+happened"
                       r"\s+(again|since)|(been|was)\s+(fine|stable|ok|okay|well)\s+(ever\s+)?since|turned\s+out\s+(to\s+be|it\s+was)|"
                       r"ahora\s+est[aá]\s+bien)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"^\s*(if|when|what\s+if|in\s+case)\b|\b(what\s+(should|do|would)\s+(i|we)\s+do|who\s+do\s+"
                           r"(i|we)\s+call|which\s+number)\s+(if|when)\b|\b(if|in\s+case)\s+(i|he|she|we|my\s+\w+)\s+"
                           r"(ever\s+)?(gets?|has|have|feels?|starts?|develops?|runs?|passes|faints?)\b|\b(qu[eé]\s+hago|"
                           r"cu[aá]ndo\s+debo)\s+(si|llamar)\b", re.IGNORECASE)
_ASKS_ABOUT_SIGNS = re.compile(r"\b(side[-\s]effects?|warning\s+signs?|signs?\s+(of|to)|symptoms?\s+(of|to)|"
                               r"watch\s+(out\s+)?for|look\s+out\s+for|what\s+(is|are|does)\s+(\w+\s+)?(syndrome|mean))\b",
                               re.IGNORECASE)
_STRONG_NOW = re.compile(r"\b(right\s+now|at\s+the\s+moment|just\s+now|tonight|this\s+(morning|afternoon|evening)|"
                         r"since\s+(this|last|yesterday)|ahora\s+mismo|still|again\s+(today|now))\b", re.IGNORECASE)
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
# Families of wording that ask for a decision only when the message speaks of a medicine or a treatment: a medicine
# with something else, moving or pausing treatment, "good idea for me?", "what would you do in my place".
_PERSONAL_ADVICE_IN_CARE = _any(
    r"\b(can|could|may|should)\s+(i|we|he|she|my\s+\w+)\s+(still\s+)?(take|have|drink|use|give\s+(him|her))\s+(my|his|her|"
    r"a|an|some|the)?\s*(\w+\s+){0,4}(with|while|alongside|on\s+top\s+of|at\s+the\s+same\s+time|during|if)\b|"
    r"\b(can|could|may|should)\s+(i|we|he|she|my\s+\w+)\s+(just\s+)?(move|postpone|delay|pause|push\s+back|reschedule|"
    r"swap|switch|come\s+off|go\s+off|go\s+without|stop|start|redo|repeat|leave\s+out|miss)\b(?!\s+(a\s+donation|"
    r"smoking|vaping|volunteer\w*|my\s+(donation|subscription|account)))|"
    r"\b(is|would)\s+(it|that|this)\s+(be\s+)?(ok|okay|alright|all\s+right|fine|safe|a\s+(good|bad)\s+idea|wise|bad|"
    r"dangerous)\s+(for\s+(me|him|her|us|my\s+\w+)\s+)?(if\s+(i|he|she|we)|to)\s+(\w+\s+){0,2}(stop|skip|double|take|"
    r"miss|have|drink|postpone|delay|pause|move|wait|swap|switch|come\s+off|go\s+off|keep|use|cut|split|crush|open)\b|"
    r"\b(good|bad|smart|wise)\s+idea\s*(for\s+(me|him|her|us))?\s*\?*\s*$|\b(is|would)\s+that\s+be\s+(ok|okay|safe|"
    r"fine|alright|a\s+(good|bad)\s+idea)\s+for\s+(me|him|her)|\bis\s+(that|it|this)\s+(ok|okay|safe|fine|alright)\s+"
    r"for\s+(me|him|her|my\s+\w+)\b|\bwhat\s+would\s+you\s+do\b|\b(in\s+my\s+(shoes|place|position)|if\s+you\s+were\s+"
    r"(me|him|her|in\s+my))\b|\bwhich\s+(one\s+)?(is|would\s+be)\s+(right|best)\s+for\s+(me|him|her)|\bwhich\s+(one\s+"
    r"|chemo\s+|treatment\s+|option\s+|drug\s+|regimen\s+)?should\s+(i|we|he|she)\s+(go\s+with|pick|choose|take|get|do)|"
    r"\b(do|does)\s+(i|he|she|we|my\s+\w+)\s+(still\s+|really\s+)?(need\s+to\s+take|take\s+(it|them|my|his|her|another|"
    r"two|2|both|the)|really\s+need\s+(it|this|that|them|chemo|radiation|surgery))\b|\b(do|does)\s+(i|he|she)\s+really\s+"
    r"need\b|\bdo\s+(you|u)\s+think\s+(i|he|she|we|my\s+\w+)\s+(really\s+)?(need\w*|should)\b|"
    r"\b(take|give)\s+(it|them|another|a\s+second|one)\s+(\w+\s+)?(now|again|or\s+wait|tonight)\b.{0,20}\?|"
    r"\bor\s+wait\s+(until|till|til)\b.{0,20}\?|\b(how\s+many|what\s+dose|how\s+much)\s+(mg\s+)?(of\s+)?.{0,30}\b(do|"
    r"should|can)\s+(i|he|she|we)\s+(need|take|give|have)\b|"
    r"\b(puedo|podr[ií]a|puede|debo|deber[ií]a)\s+(tomar|saltar\w*|dejar|parar|cambiar|operarme|tomarme|omitir|duplicar)|"
    r"\b(es|ser[ií]a)\s+seguro\s+(para\s+m[ií]\s+|que\s+)|\bme\s+la\s+tomo\b",
)
_CARE = _any(
    r"\b(chemo\w*|radiation|radiotherapy|surgery|operation|mastectomy|lumpectomy|transplant|immunotherapy|treatment|"
    r"therapy|infusions?|doses?|pills?|tablets?|capsules?|meds|medications?|medicines?|drugs?|painkillers?|steroids?|"
    r"supplements?|vaccines?|shots?|injections?|blood\s+thinner|patch|inhaler|quimio\w*|tratamiento|pastillas?|"
    r"medicinas?|dosis|\w+(inib|enib|mab|ozole|clax|parib|ciclib|lisib|platin|rubicin|taxel|trexate|tecan|mustine|fen|"
    r"citabine|asone|olone)|tamoxifen|keytruda|xeloda|herceptin|tagrisso|gleevec|morphine|oxycodone|ibuprofen|tylenol|"
    r"aspirin|hospice|trial)\b")
# A follow-up that points back at something named before ("it", "them", "the dose").
_REFERS_BACK = re.compile(r"\b(it|them|that|this|those|these|the\s+(dose|pills?|tablets?|meds|drug|medicine|"
                          r"treatment))\b", re.IGNORECASE)
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
    r"\b(cancer\w*|tumou?r\w*|chemo\w*|oncolog\w*|radiation|radiotherapy|metasta\w*|biops\w*|leu[ck](a)?emia|lymphoma|"
    r"myeloma|melanoma|sarcoma|carcinoma|mastectom\w*|scan(s)?|diagnos\w*|stage\s+[1-4iv]+|remission|relapse\w*|"
    r"transplant|immunotherapy|hospice|palliative|quimio\w*|c[aá]ncer|treatment|neutropeni\w*|port-?a-?cath|"
    r"ribbon|survivor|\w+(inib|enib|mab|ozole|clax|parib|ciclib|lisib|platin|rubicin|taxel|trexate|tecan|mustine)|"
    r"car-?t|"
    r"revumenib|imatinib|tamoxifen|keytruda|folfox|capecitabine|xeloda|herceptin|tagrisso|atra|5-fu|"
    r"doses?|side\s+effects?|medications?|medicines?|meds|pills?|tablets?|capsules?|surgery|surgeon|ports?|iv|infusions?|platelets?|"
    r"(blood\s+)?counts|oncologist|prednisone|dexamethasone|steroids?|oxycodone|antibiotics?|results|cold\s+caps?|"
    r"second\s+opinion|brca|whipple|glioblastoma|thermometer|temp(erature)?)\b")
_CANCER_SUBJECT = _any(
    r"\b(cancer\w*|tumou?r\w*|chemo\w*|oncolog\w*|radiation|radiotherapy|metasta\w*|mets|biops\w*|leu[ck](a)?emia|lymphoma|"
    r"myeloma|melanoma|sarcoma|carcinoma|mastectom\w*|scans?|diagnos\w*|stage\s+[1-4iv]+|remission|relapse\w*|"
    r"transplant|immunotherapy|hospice|palliative|quimio\w*|c[aá]ncer|treatment|infusions?|surgery|oncologist|"
    r"glioblastoma|whipple|car-?t)\b")
_RISK_VOCABULARY = re.compile(
    r"\b(die|dies|died|dying|dead|death|kill\w*|suicid\w*|unalive\w*|kms|end|ending|ended|over|gone|live|living|alive|"
    r"exist\w*|disappear\w*|hurt\w*|harm\w*|cut\w*|burn\w*|pills?|meds|overdos\w*|burden|better\s+off|without\s+me|"
    r"point|hope\w*|goodbye\w*|plan\w*|sleep|wake|anymore|any\s+more|tired|done|escape|peace|worth\w*|nothing|"
    r"nobody|no\s+one|forever|permanent\w*|last|letters?|notes?|away|my\s+things|after\s+i|when\s+i'?m|won'?t\s+be|"
    r"not\s+be|around)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-\s+")
# "can't breathe" is no question: the contraction is excluded.
_QUESTION_START = re.compile(r"^\s*(what|when|where|why|how|who|which|is|are|can|could|does|do|should|will|would)\b"
                             r"(?!['’]t)", re.IGNORECASE)
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
        denied = any(d.start() <= found.start() <= d.end() + 1 for pattern in (_CRISIS_DENIED, _DENIES_RISK)
                     for d in pattern.finditer(text))
        denied = denied or bool(_NEGATED.search(text[max(0, found.start() - 12):found.start()]))
        if denied or _told_as_past(text) or (re.search(r"suicid", words, re.I) and _NOT_A_WISH.search(text)):
            continue
        if guards.risk_behind_them(text) or guards.within_figure(text, found.start(), found.end()):
            continue  # "a few years back I thought about suicide, therapy helped"; "I'd rather die than... lol"
        return words
    return None


def _told_as_past(text: str) -> bool:
    """A risk told as over ("years ago I was suicidal"), unless the message says it is back."""
    return bool(_CRISIS_PAST.search(text) and not guards.back_again(text))


def denies_risk(text: str) -> bool:
    """Whether the message says the writer is not at risk ("I'm not going to hurt myself, I'm just tired")."""
    return bool(_CRISIS_DENIED.search(text) or _DENIES_RISK.search(text))


def crisis_denied_or_past(text: str) -> bool:
    """Whether the message denies being at risk ("I'm not going to hurt myself, just frustrated"), tells of a risk
    now behind them ("two years ago I was suicidal, therapy helped") or jokes: then only the rules and the nearest
    examples may call it a crisis, not its sentences one by one nor the classifier's leaning."""
    return bool(_CRISIS_DENIED.search(text) or _told_as_past(text) or _DENIES_RISK.search(text)
                or _JOKING.search(text) or guards.risk_behind_them(text) or only_figures_of_speech(text))


def only_figures_of_speech(text: str) -> bool:
    """Every word of risk in the message is in a figure of speech ("this chemo is killing me lol")."""
    return guards.only_figures_of_risk(text, _RISK_VOCABULARY)


def not_a_person_in_danger(text: str) -> bool:
    """A joke, or an animal's symptoms ("my dog has been limping"): not for the classifier to call an emergency
    (and an animal's symptoms not for the rules either)."""
    return bool(_JOKING.search(text) or (_PET.search(text) and not _PERSON.search(text)))


def denies_a_sign(text: str) -> bool:
    """The message denies a sign in its own words ("no fever", "without any bleeding")."""
    return guards.denies_a_sign(text)


def emergency_rule(text: str) -> str | None:
    """Symptoms that need care now; not a question about a symptom, nor a past event, unless it is happening now;
    not a sign the message denies ("no chest pain, just curious")."""
    if not could_be_happening_now(text) or (_PET.search(text) and not _PERSON.search(text)):
        return None
    if _ASKS_ABOUT_SIGNS.search(text) and is_question(text) and not _STRONG_NOW.search(text):
        return None  # "she's on revumenib, what side effects like fever should we watch for?"
    # Denied signs are blanked first, so a match cannot span one ("on chemo? no fever").
    undenied = guards.without_denied_signs(text)
    for found in _EMERGENCY.finditer(undenied):
        if not _EMERGENCY_DENIED.search(undenied[max(0, found.start() - 30):found.start()]):
            return found.group(0)
    return None


def could_be_happening_now(text: str) -> bool:
    """False for a general question about a symptom ("what temperature counts as a fever during chemo?"), a past
    event now over ("she fainted in March, she's fine now") or one only imagined ("if my dad gets a fever"),
    unless the message also tells of something happening now ("I have", "my dad has", "tonight")."""
    strong = _STRONG_NOW.search(text)
    if (_RESOLVED.search(text) or _HYPOTHETICAL.search(text)) and not strong:
        return False
    if _NOW.search(text):
        return True
    # A past word must date the symptom, not the treatment ("can't get enough air, had radiation last month").
    past = _PAST.search(guards.without_treatment_times(text))
    return not (_INFORMATION_ONLY.search(text) or past or _QUESTION_START.match(text))


def advice_rule(text: str, earlier: str = "") -> str | None:
    """A request for a decision about one person's care. ``earlier``, the conversation's recent messages, can name
    the medicine a follow-up leaves out ("my husband takes imatinib" … "should he pause it?")."""
    found = _matched(_PERSONAL_ADVICE, text)
    if found is None and (_CARE.search(text) or (earlier and _CARE.search(earlier) and _REFERS_BACK.search(text))):
        found = _matched(_PERSONAL_ADVICE_IN_CARE, text)
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


def sentences(text: str) -> list[str]:
    """The sentences of a message, for comparing a long message's parts one by one (a risk said in one sentence
    of ten is lost in the meaning of the whole)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def could_carry_risk(sentence: str) -> bool:
    """Whether a sentence uses any word of the broad vocabulary of suicide risk (dying, ending, hurting, being gone
    or a burden, hopelessness, goodbyes): only those sentences are worth comparing one by one, which keeps a long
    ordinary question from costing an encoder pass for its sentences."""
    return bool(_RISK_VOCABULARY.search(sentence))


def is_question(text: str) -> bool:
    return "?" in text or bool(_QUESTION_START.match(text))


def speaks_of_cancer(text: str) -> bool:
    """Whether a message is about cancer, its tests, its treatment or medicines: for a cancer helpline, such a
    message is a cancer-information contact."""
    return bool(_CANCER_CONTEXT.search(text))


def speaks_of_cancer_care(text: str) -> bool:
    """Whether a message names cancer, its tests or its treatment (not only pills or medicines, which in a crisis
    message are more often the means than the subject)."""
    return bool(_CANCER_SUBJECT.search(text))


def looks_spanish(text: str) -> bool:
    """Spanish function words: the English-only sentence model is less sure of such a message's meaning."""
    return len(_SPANISH.findall(text)) >= 2


def tells_of_diagnosis_or_loss(text: str) -> bool:
    return bool(_LOSS_OR_DIAGNOSIS.search(text))
