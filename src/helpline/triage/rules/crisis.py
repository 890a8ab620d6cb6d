"""Crisis wording: suicide, self-harm and wanting to die, and what sets such words aside (a denial, a risk now in
the past, a figure of speech)."""

from __future__ import annotations

import re

from helpline.triage import guards
from helpline.triage.rules.wording import any_of

_SELF = r"(my|him|her|them|your|our)\s*(self|selves|slef)"
# Warning signs of suicide as crisis lines list them: wanting to die or to be gone, being a burden, no way out,
# saying goodbye and giving things away, gathering means, and self-harm; in first person or about someone else.
_CRISIS = any_of(
    r"\bsu+i+c+i+d\w*|\bsuicidal|\bsewer\s*slide|\bunal[iey]?v\w*|(?<!\d\s)(?<!\d)\bkms\b|\bkys\b|\bsh\s+(again|relapse)|relapsed\s+on\s+sh\b",
    rf"\b(kill|kil|off|hurt|harm|cut|end)\w*\s+{_SELF}\b",
    rf"\bdo\s+something\s+(bad\s+|stupid\s+)?to\s+{_SELF}\b",
    r"\bself[-\s]?harm\w*",
    r"\b(thinking|thought|think)\s+(about|of)\s+ending\s+(it|things|everything|my\s+life)\b|"
    r"\b(end|ending|take|taking)\s+(my|his|her|their)\s+(own\s+)?life\b|\bend\s+it\s+all\b|\b(want|wants|wanted|going|gonna|"
    r"thinking\s+about|ready|decided|planning|plan|intend|intending)\s+to\s+end\s+(it|things|everything)\b",
    r"\b(want|wants|wanted|wanna|wish|ready|rather)\s+(to\s+)?(die|be\s+dead|not\s+be\s+alive|disappear\s+forever)\b"
    # Where one wishes to die when the time comes is no wish to die: "I want to die at home, in my own bed".
    r"(?!\s+(at\s+home|in\s+(my|his|her|our)\s+own\s+(bed|home)|in\s+(a\s+|the\s+)?(hospice|hospital)|at\s+(a\s+|the\s+)?"
    r"hospice|peacefully\s+at|with\s+dignity\s+when))",
    r"\bwish\s+(i|he|she)\s+(was|were|had)\s+(dead|never\s+been\s+born|gone)\b",
    r"\b(better\s+off\s+(without\s+me|dead|if\s+i\s+(was|were)\s+(just\s+)?(gone|dead))|"
    r"(would|will)\s+be\s+(better|easier)\s+(for\s+everyone\s+)?(if|when)\s+i('?m|\s+am|\s+was|\s+were)\s+(just\s+)?(gone|dead))",
    r"\bbetter\s+off\s+if\s+i\s+(just\s+)?(ended\s+it|was\s+gone|were\s+gone|died|wasn'?t\s+here|weren'?t\s+here)|"
    r"\b(everyone|they|my\s+(family|kids|wife|husband)|people)\s+would\s+(manage|be|do)\s+(just\s+)?(fine|better|ok|"
    r"okay)\s+without\s+me\b|\bbetter\s+off\s+with\s+(the\s+|my\s+)?life\s+insurance\b|"
    r"\b(i'?m|im|ur|you'?re|youre)\s+((so|kinda|really|properly|just)\s+)?done\s+with\s+(everything|it\s+all|life|"
    r"living)\b",
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
    r"around\b|\b(don'?t|dont|do\s+not|doesn'?t)\s+(plan|intend|expect)\w*\s+(on|to)\s+(be(ing)?|stay(ing)?|stick(ing)?)\s+"
    r"(around|here|alive)\b|\bon\s+my\s+own\s+terms\b|\bbe\s+gone\s+by\b",
    r"\b(this\s+is|saying|said|say(ing)?\s+my)\s+goodbyes?\b|\bgiv(e|es|ing)\s+(away\s+)?(all\s+)?(my|his|her)\s+"
    r"(things|stuff|belongings|possessions|tools)\b",
    r"\b(saving|stockpil\w*|hoard\w*)\s+(up\s+)?(my|his|her)?\s*(pills|meds|medications?|tablets)\b|"
    r"\b(take|swallow)\s+all\s+(my|his|her|the)\s+(pills|meds|tablets)\b|\bhow\s+many\s+(of\s+)?(my|his|her)?\s*"
    r"(\w+\s+)?(pills|meds|tablets)\s+(it\s+)?would\s+(it\s+)?take\b",
    r"\b(thinking\s+(about|of)|want(ing)?\s+to|going\s+to|gonna|plan(ning)?\s+to)\s+(overdos\w*|od)\b|\boverdose\s+on\s+purpose",
    r"\b(want|wants|thinking\s+about|thought\s+about|ready)\s+(to\s+)?(go\s+)?(be\s+with|join(ing)?)\s+(him|her|them)\b",
    # Following someone who died: "I should just go with her", "I might as well go with him".
    r"\b(should|could|might\s+as\s+well|want\s+to|wanna|wish\s+i\s+could|ought\s+to)\s+(just\s+)?go\s+(with|after)\s+"
    r"(him|her|them)\s*([.!,;]|$|\s+(too|now|and|so|because|cause|tbh|honestly))(?!\s*(to|for)\b)",
    # A going-away story told to cover a last goodbye: "told my mates I'm moving away but I'm not going anywhere".
    r"\b(told|telling|tell)\s+(\w+\s+){0,2}(i'?m|im|i\s+am|i\s+was)\s+(moving|going)\s+away\b.{0,40}\b(i'?m|im|i\s+am)\s+"
    r"not\s+(really\s+)?(going|moving)\s+(anywhere|away)\b",
    # Driving into something on purpose: "turning the wheel into the river", "drive into a tree".
    r"\b(turn\w*|swerv\w*|steer\w*|yank\w*)\s+(the\s+)?(wheel|car)\s+(into|off|towards?)\b|\b(drive|driving|drove|"
    r"crash\w*|run\w*)\s+(the\s+car\s+|my\s+car\s+)?(into|off)\s+(a|the)\s+(tree|wall|river|lake|bridge|cliff|"
    r"oncoming\s+traffic|truck|lorry|pillar|barrier|ditch|top\s+(level|floor|deck)|edge|overpass|pier|roof)\b(?!.{0,30}\b(by\s+accident|accidentally|last\s+(year|week)))",
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
    r"the\s+(whole|entire)\s+(bottle|box|packet|pack|lot|thing|jar|strip|container)(?!\s+(in\s+the\s+(morning|evening)|at\s+(night|bedtime|"
    r"breakfast|once\s+instead)|instead|together|with\s+(food|breakfast)|first\s+thing))|all\s+of\s+(them|my\s+(pills|"
    r"meds|tablets))\s+at\s+once)\b|"
    r"\b(quickest|easiest|least\s+painful|painless|least\s+messy|surest|most\s+peaceful)\s+(and\s+\w+\s+(\w+\s+)?)?"
    r"(way|method)s?\s+(to\s+)?(go|die|do\s+it|end\s+(it|things|my\s+life))\b|\bwhat\s+would\s+be\s+(the\s+)?"
    r"(quickest|least\s+painful|least\s+messy|most\s+peaceful)\b|\bsee\s+(you|ya|u)\s+on\s+the\s+other\s+side\b",
    # Not a burden much longer: "won't be a problem much longer", "you won't have to look after me much longer".
    r"\b(won'?t|wont|will\s+not|not\s+going\s+to|not\s+gonna)\s+be\s+(a\s+)?(problem|burden|bother|trouble|weight)"
    r"(\s+(to|for|on)\s+(\w+\s+){0,2}?)?\s*(much\s+|for\s+)?(longer|long)\b|\b(won'?t|wont|will\s+not)\s+have\s+to\s+"
    r"(look\s+after|worry\s+about|care\s+for|carry|put\s+up\s+with|deal\s+with|take\s+care\s+of)\s+(me|him|her)\s+"
    r"(much|for\s+(much|very))\s+longer\b",
    # A means at hand: jumping from a height, a car running in a closed garage, medicine kept back (any language).
    r"\b(jump|jumping|throw\w*\s+(my|him|her)\s*self)\s+(off|from|out\s+of)\s+(the\s+|a\s+|our\s+|his\s+|her\s+|my\s+)?"
    r"(terrace|roof|building|balcony|bridge|window|cliff|tower|car\s+park|parking\s+garage|flat|top\s+floor)\b|"
    r"\b(walk|walking|step|stepping|jump|stroll)\w*\s+off\s+(the|a)\s+([\w-]+\s+){0,3}(bridge|cliff|roof|building|pier|ledge|"
    r"overpass|edge)\b|"
    r"\b(engine|car)\s+(is\s+|was\s+)?running\b.{0,80}\bgarage\b|\bgarage\b.{0,80}\b(engine|car)\s+(is\s+|was\s+)?running\b|"
    r"\b(saving|stockpil\w*|hoard\w*|keeping\s+back|putting\s+aside|collecting)\s+(up\s+)?(all\s+)?(my|his|her|their)?\s*"
    r"(sleeping\s+)?(pills|meds|medications?|tablets|pastillas|painkillers|morphine|oxy\w*|patches)\b",
    # Means made ready: a gun cleaned or loaded or kept by the bed; strong medicine put by.
    r"\b(gun|shotgun|rifle|pistol|revolver|firearm)\b.{0,40}\b(cleaned|loaded|by\s+(the|my|his|her)\s+bed|under\s+(my|his|"
    r"her|the)\s+pillow|bedside|took\s+it\s+out|got\s+it\s+out)|\b(loaded|cleaned|bought)\s+(a|the|my|his|her)\s+"
    r"(gun|shotgun|rifle|pistol|revolver)\b|\b(enough|plenty|a\s+stash)\s+(of\s+)?(the\s+|my\s+|his\s+|her\s+)?(\w+\s+){0,2}"
    r"(oxy\w*|morphine|fentanyl|tramadol|codeine|opioids?|painkillers|sleeping\s+(pills|tablets)|insulin|paracetamol)"
    r"\s+(put\s+by|put\s+away|saved(\s+up)?|stashed|set\s+aside|hidden|squirrel+ed\s+away)\b",
    # A passive wish to die: hoping to go in one's sleep, not to wake, to be dead soon.
    r"\b(hope|hoping|wish|wishing|pray|praying)\s+(that\s+)?(i|he|she)\s+(just\s+)?(die|dies|go|goes|pass|passes|slip\w*\s+"
    r"away)\s+(away\s+)?(in\s+(my|his|her)\s+sleep|soon|tonight|quickly)\b|\b(hopefully|with\s+any\s+luck|fingers\s+"
    r"crossed)\b.{0,25}\b(dead|gone|grave|coffin|won'?t\s+wake)\b|\b(dead|gone|grave|coffin)\b.{0,20}\bsoon\s+hopefully\b",
    # A farewell to everyone with thanks or apologies, as if for the last time.
    r"\b(good\s*)?bye\s+(everyone|everybody|world|all\s+of\s+you)\b.{0,80}\b(thanks?\s+(you\s+)?for\s+(everything|"
    r"trying|all)|love\s+you\s+all|sorry\s+for\s+everything)",
    r"\bno\s+(quiere|quieren|quiero)\s+(seguir\s+)?viv(ir|iendo)\b",
    # Deciding the time oneself: "won't be long if I have any say in it", "I'll be the one deciding when".
    r"\bif\s+i\s+have\s+(any|a|my)\s+say\s+in\s+it\b|\b(i'?ll|i\s+will|i'?m\s+going\s+to|i\s+get\s+to)\s+(be\s+the\s+one\s+)?"
    r"(decid\w*|choos\w*|pick\w*)\s+when\b(?!\s+to\b)",
    # Looking into means: how many would be too many, painless ways.
    r"\bhow\s+many\s+(\w+\s+){0,2}(is|are|would\s+be)\s+too\s+many\b|\bpainless\s+(ways?|methods?|death|way\s+out)\b",
)
# Giving things away is a warning sign beside a farewell ("he went to his friend's to say goodbye and give away his
# Xbox"; "she gave me her plants and said look after them when she's gone").
_GIVING_AWAY = re.compile(r"\b(giv(e|es|ing)|gave|given|hand(ed|ing)?\s+(over|out))\s+away\s+(all\s+)?(of\s+)?"
                          r"(my|his|her|their)\s+|\b(gave|giving|given|handed|handing)\s+(me|us|him|her)\s+(all\s+)?(of\s+)?(my|his|her|"
                          r"their)\s+", re.IGNORECASE)
_FAREWELL = re.compile(r"\b(say|said|saying|says)\s+(good\s*b(ye|uy|y)|bye|farewell|goodbyes?)|\bwhen\s+(i'?m|i\s+am|"
                       r"she'?s|she\s+is|he'?s|he\s+is)\s+gone\b|\b(won'?t|will\s+not)\s+need\s+(it|them)\b",
                       re.IGNORECASE)
# "…, not in a wanting-to way": a denial just after the words takes them back.
_DENIED_AFTER = re.compile(r"^.{0,45}?\b(not\s+in\s+an?\s+(wanting[-\s]to|suicidal|self[-\s]harm\w*|dangerous)\s+way|"
                           r"not\s+like\s+that|i\s+(said|told\s+(her|him|them))\s+no|"
                           r"i'?m\s+not\s+in\s+(any\s+)?(danger|crisis))\b", re.IGNORECASE)
_CRISIS_DENIED = re.compile(r"\b(not|never|no\s+longer|wasn'?t|isn'?t|am\s+not|i'?m\s+not)\s+(feeling\s+)?"
                            r"(suicidal|going\s+to\s+(hurt|kill)\s+my\s*self)\b", re.IGNORECASE)
_CRISIS_PAST = re.compile(r"\b(years?|months?)\s+ago\b.*\b(suicidal|self[-\s]?harm)|\b(was|used\s+to\s+be)\s+suicidal\b"
                          r".*\b(better|helped|good\s+place|recovered)\b", re.IGNORECASE)
_DENIES_RISK = re.compile(
    r"\b(not|never|no|zero|don'?t|do\s+not|wouldn'?t|won'?t|am\s+not|i'?m\s+not)\s+(\w+\s+){0,3}(suicid\w*|hurt\w*\s+(my|him|her)"
    r"\s*self|harm\w*\s+(my|him|her)\s*self|kill\w*\s+(my|him|her)\s*self|do\s+(anything|something)\s+(to\s+(my|him|her)"
    r"\s*self|stupid)|want\s+to\s+die|in\s+(any\s+)?(crisis|danger))|\b(i'?m|i\s+am)\s+(\w+\s+)?safe\b|\bno\s+(tengo\s+"
    r"pensamientos\s+suicidas|quiero\s+hacerme\s+da[nñ]o)|,?\s*\bnot\s+my\s+life\b|\bnot\s+in\s+an?\s+(wanting[-\s]to|suicidal|self[-\s]harm\w*|"
    r"dangerous)\s+way\b", re.IGNORECASE)
_ACCEPTANCE = re.compile(r"\b(ready\s+to\s+go|made\s+(his|her|my|their|our)\s+peace|at\s+peace|ready\s+for\s+the\s+end|"
                         r"let(ting)?\s+(him|her|them|me)?\s*go)\b", re.IGNORECASE)
_END_OF_LIFE = re.compile(r"\b(hospice|palliative|last\s+(days|weeks)|end\s+of\s+life|dying|comfort\s+care|terminal|"
                          r"passing)\b", re.IGNORECASE)
_PLANNING_AHEAD = re.compile(r"\b(plan\w*|arrang\w*|pre-?pay\w*|sort\w*)\s+(out\s+)?(my|his|her)\s+(own\s+)?funeral\b"
                             r".{0,30}\b(ahead\s+of\s+time|in\s+advance|early)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(don'?t|do\s+not|never|not|no)\s+$", re.IGNORECASE)
# Words that can be a subject of study, fiction or training rather than a wish: suicide, someone else's life.
_A_SUBJECT = re.compile(r"suicid|\bunal[iey]?v|\b(his|her|their)\s+(own\s+)?life\b", re.IGNORECASE)
_NOT_A_WISH = re.compile(r"\b(walk|run|prevention|awareness|research|fundrais\w*|statistics|rates?|handout|leaflet|"
                         r"novel|character|(school|psych|psychology|research|term|college|class)\s+paper|essay|assignment|thesis|"
                         r"sources|studies|figures|slang|nursing\s+student|signs?\s+(that|of|in)\s+(someone|a\s+person|people|"
                         r"patients|others|a\s+loved\s+one)|(if|when)\s+(someone|a\s+person|a\s+caller|people)\s+(rings?|"
                         r"calls?|says?|tells?|is|are)|training)\b",
                         re.IGNORECASE)

_RISK_VOCABULARY = re.compile(
    r"\b(die|dies|died|dying|dead|death|kill\w*|suicid\w*|unalive\w*|kms|end|ending|ended|over|gone|live|living|alive|"
    r"exist\w*|disappear\w*|hurt\w*|harm\w*|cut\w*|burn\w*|pills?|meds|overdos\w*|burden|better\s+off|without\s+me|"
    r"point|hope\w*|goodbye\w*|plan\w*|sleep|wake|anymore|any\s+more|tired|done|escape|peace|worth\w*|nothing|"
    r"nobody|no\s+one|forever|permanent\w*|last|letters?|notes?|away|my\s+things|after\s+i|when\s+i'?m|won'?t\s+be|"
    r"not\s+be|around)\b", re.IGNORECASE)


def crisis_rule(text: str) -> str | None:
    """The crisis wording in a message, unless the message only denies it or speaks of a past now behind them.

    A denial covers only its own words: "I'm not suicidal, but I looked up how many pills it would take" is a
    crisis."""
    for found in _CRISIS.finditer(text):
        words = found.group(0)
        denied = any(d.start() <= found.start() <= d.end() + 1 for pattern in (_CRISIS_DENIED, _DENIES_RISK)
                     for d in pattern.finditer(text))
        denied = denied or bool(_NEGATED.search(text[max(0, found.start() - 12):found.start()])
                                or _DENIED_AFTER.search(text[found.end():found.end() + 60]))
        if denied or _told_as_past(text) or (_A_SUBJECT.search(words) and _NOT_A_WISH.search(text)):
            continue
        if guards.about_the_dead(text, found.start()):
            continue  # "donate my late wife's wigs? She won't be needing them anymore"
        if guards.risk_behind_them(text) or guards.within_figure(text, found.start(), found.end()):
            continue  # "a few years back I thought about suicide, therapy helped"; "I'd rather die than... lol"
        return words
    if (given := _GIVING_AWAY.search(text)) and (farewell := _FAREWELL.search(text)):
        return f"{given.group(0).strip()} … {farewell.group(0)}"
    return None


def _told_as_past(text: str) -> bool:
    """A risk told as over ("years ago I was suicidal"), unless the message says it is back."""
    return bool(_CRISIS_PAST.search(text) and not guards.back_again(text))


def denies_risk(text: str) -> bool:
    """Whether the message says the writer is not at risk ("I'm not going to hurt myself, I'm just tired")."""
    return bool(_CRISIS_DENIED.search(text) or _DENIES_RISK.search(text))


def beyond_denial(text: str) -> str:
    """The message without its denials of risk ("not suicidal or anything. just think it'd be easier if I didn't
    wake up" → "just think it'd be easier if I didn't wake up"), trimmed."""
    for pattern in (_CRISIS_DENIED, _DENIES_RISK):
        text = pattern.sub(" ", text)
    return re.sub(r"^[\s,.;:!-]*(or\s+anything|at\s+all)?[\s,.;:!-]*", "", text).strip()


def crisis_denied_or_past(text: str) -> bool:
    """Whether the message denies being at risk ("I'm not going to hurt myself, just frustrated"), tells of a risk
    now behind them ("two years ago I was suicidal, therapy helped") or jokes: then only the rules and the nearest
    examples may call it a crisis, not its sentences one by one nor the classifier's leaning."""
    return bool(_CRISIS_DENIED.search(text) or _told_as_past(text) or _DENIES_RISK.search(text)
                or guards.joking(text) or guards.risk_behind_them(text) or only_figures_of_speech(text))


def only_figures_of_speech(text: str) -> bool:
    """Every word of risk in the message is in a figure of speech ("this chemo is killing me lol")."""
    return guards.only_figures_of_risk(text, _RISK_VOCABULARY)


def told_as_over_later(earlier: str, later: str) -> bool:
    """An earlier message's risk that a later one tells as over ("a chapter about 2019, when I wanted to die" …
    "I'm in a really good place now")."""
    return guards.risk_behind_them(f"{earlier} {later}")


def accepts_dying(text: str) -> bool:
    """Calm acceptance told near the end of life ("he's ready to go and has made his peace; what do the last days
    look like?") or a funeral planned ahead: the classifier's leaning alone does not make it a crisis."""
    return bool(_ACCEPTANCE.search(text) and _END_OF_LIFE.search(text) or _PLANNING_AHEAD.search(text))


def explained_by(message: str, following: str) -> bool:
    """Words of risk that the next message explains as something else ("he wants to end it" … "his marriage, I
    mean"): read together, the rules set them aside."""
    return bool(crisis_rule(message)) and crisis_rule(f"{message} {following}") is None


def could_carry_risk(sentence: str) -> bool:
    """Whether a sentence uses any word of the broad vocabulary of suicide risk (dying, ending, hurting, being gone
    or a burden, hopelessness, goodbyes): only those sentences are worth comparing one by one, which keeps a long
    ordinary question from costing an encoder pass for its sentences."""
    return bool(_RISK_VOCABULARY.search(sentence))
