"""Word lists of the narrative extractor, as data: nouns counted, verbs that count them.

Families of phrasing, not sentences: a figure is classified by the noun it counts
(victims, suspects, cases, investigations, shelters, officials, …) and the verb that governs
it (identified, assisted, referred, investigated, prosecuted, convicted, …).
"""

from __future__ import annotations

import re

#: noun (singular and plural forms) → class of what is counted
HEAD_NOUNS: dict[str, str] = {}
for cls, words in {
    "victim": "victim victims survivor survivors person persons people individual individuals child children "
    "girl girls boy boys woman women man men adult adults minor minors teenager teenagers juvenile "
    "juveniles migrant migrants national nationals worker workers",
    "suspect": "suspect suspects trafficker traffickers defendant defendants offender offenders perpetrator "
    "perpetrators",
    "case": "case cases",
    "investigation": "investigation investigations",
    "prosecution": "prosecution prosecutions",
    "conviction": "conviction convictions",
    "shelter": "shelter shelters",
    "official": "official officials officer officers soldier soldiers member members employee employees "
    "diplomat diplomats judge judges",
    "other": "unit units office offices year years month months day days week weeks hour hours percent "
    "call calls task force forces hotline hotlines driver drivers language languages district "
    "districts region regions province provinces workshop workshops campaign campaigns training "
    "trainings session sessions personnel staff inspector inspectors inspection inspections agency "
    "agencies ministry ministries country countries time times law laws article articles commission "
    "commissions meeting meetings facility facilities center centers centre centres school schools "
    "company companies business businesses brothel brothels bar bars raid raids operation operations "
    "prosecutor prosecutors team teams plan plans state states zonal commands command "
    "survey surveys violation violations complaint complaints report reports page pages "
    "minute minutes event events roundtable roundtables protocol protocols memorandum agreement "
    "agreements visa visas permit permits passport passports bed beds court courts tribunal "
    "tribunals municipality municipalities community communities village villages family "
    "families household households organization organizations ngo ngos group groups level levels "
    "tier tiers decree decrees ruling rulings platform platforms",
}.items():
    for word in words.split():
        HEAD_NOUNS[word] = cls
HEAD_NOUNS.update({"task": "other", "force": "other"})

#: "no prosecutions", "no sex traffickers": the nouns a "no …" negation reads as a zero of
NEGATED_NOUNS = (
    "traffickers suspects investigations prosecutions convictions officials defendants offenders perpetrators"
).split()
#: "did not / failed to … any": the words that open a negated verb
NEGATION_LEADS = ("did not", "has not", "had not", "have not", "did not yet", "failed to")
#: classes of nouns that "a"/"an" counts as one ("an investigation", "a shelter")
ARTICLE_CLASSES = ("investigation", "prosecution", "conviction", "shelter", "official")

#: words allowed between a figure and the noun it counts ("1,134 suspected victims")
MODIFIERS = set(
    """
    suspected potential possible presumed alleged trafficking human sex labor labour forced child
    foreign new additional further specialized specialised government governmental complicit female male
    adult total more other domestic servitude commercial sexual exploitation returning returned
    identified confirmed likely reported registered certified official public former local
    international cross-border internal individual separate distinct active ongoing pending open
    unique migrant unaccompanied indigenous transnational trans-national and or of the all police
    security military army navy immigration customs border municipal regional provincial state
    federal senior low-level high-level ranking mid-level
    """.split()
)

#: "61 victims received assistance": receiving these is being assisted (verb before or after)
RECEIVED_AID = r"received (?:\w+ )?(?:services|assistance|care|shelter|support)"

#: verb families: stem regex → family
VERBS: list[tuple[str, str]] = [
    (r"identif\w*|screened|detected|rescued|removed|discovered|found|recorded", "identify"),
    (
        r"assist\w*|provided (?:\w+ )?(?:services|assistance|care|support|protection)(?: \w+)? to|"
        r"(?:services|assistance|care|support) (?:was |were )?(?:provided )?to|served|cared for|supported|"
        + RECEIVED_AID,
        "assist",
    ),
    (r"referr\w*|refer", "refer"),
    (r"sheltered|housed|accommodated|placed in shelters", "shelter"),
    (r"investigat\w*|opened (?:\w+ )?(?:cases|investigations)|probed", "investigate"),
    (r"prosecut\w*|charged|indicted|tried|brought charges", "prosecute"),
    (r"convict\w*|sentenced|secured (?:\w+ )?convictions", "convict"),
    (r"arrest\w*|detained|apprehended", "arrest"),
    (
        r"open\w*|operat\w*|establish\w*|funded|funding|maintained|maintaining|ran|running|total of|had|has|"
        r"inaugurated|launched|built|constructed",
        "operate",
    ),
]
VERB_RE = [(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), family) for pattern, family in VERBS]
#: "provided 40 victims with shelter": the verbs that give, and what they give, read as assistance
PROVISION_VERBS = ("provided", "offered", "gave", "granted", "extended")
AID_NOUNS = (
    "assistance",
    "services",
    "care",
    "shelter",
    "support",
    "protection",
    "accommodation",
    "counseling",
)
#: any verb of any family: one pass to rule a clause out before the per-family passes
ANY_VERB_RE = re.compile(r"\b(?:" + "|".join(pattern for pattern, _ in VERBS) + r")\b", re.IGNORECASE)

#: verb families that say a figure is not a new count ("continued prosecuting", "remained pending")
NOT_NEW = re.compile(
    r"\b(?:continued|continuing|pending|ongoing cases from|remained pending|carried over|"
    r"resulted in|received sentences|served|appealed|acquitted|dismissed|cumulative|since \d{4}|"
    r"to date|in total since|(?:remained|remain|were|was|are|is) (?:still )?ongoing)\b",
    re.IGNORECASE,
)

#: cumulative figures over several years are not a reporting period's count
CUMULATIVE = re.compile(
    r"\bsince (?:(?:19|20)\d{2}|its (?:inception|creation|establishment)|the law)\b|\bto date\b|"
    r"\bcumulative\w*|\bin total since\b|\bover the (?:past|last) (?:\w+ )?(?:years|decade)\b|"
    r"\bsince (?:the|its) \w+\b",
    re.IGNORECASE,
)

#: a clause about complicit officials turns investigations/prosecutions/convictions into complicity_*
COMPLICITY = re.compile(
    r"\bcomplicit\w*|\bcomplicity\b|\bofficials?\b|\bpolice officers?\b|\bsoldiers?\b|"
    r"\bmilitary\b|\bCJTF\b|\bsecurity forces\b|\bpublic servants?\b|\bjudges?\b",
    re.IGNORECASE,
)

#: groups and forms a subset figure names ("763 were women", "50 for sex trafficking")
GROUP_WORDS = re.compile(
    r"^\s*(?:\(|were |was |are |being |all |who were )?\s*(?:(?:female|male|women|men|girls|boys|children|"
    r"adults|minors|foreign(?:ers| nationals| citizens)?|nationals|citizens|"
    r"(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ean)\b)"
    r"|from\b|for\b|"
    r"subjected to|victims of|in (?:sex|labor|forced)|sex trafficking|labou?r trafficking|forced labou?r|"
    r"(?:exploited|forced|trafficked|used) (?:in|into|for))|identified|referred|assisted)",
    re.UNICODE,
)

MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"


#: "prosecuted 14 cases involving 31 suspects" and "convicted 8 traffickers in 5 cases": one count in
#: two units. The words that join a count of cases to a count of persons, and persons to cases.
CASES_TO_PERSONS = ("involving", "against", "concerning", "with", "implicating")
PERSONS_TO_CASES = ("in", "across", "involving")
#: the breakdown label of the case count when persons are counted beside it
UNIT_CASES = "unit=cases"


#: A figure about part of the cases is a breakdown, never a total: breakdown label → the phrases
#: that say so, looked for in the figure's clause (one operation, cases an NGO identified, …).
SUBSET_CUES = {
    "subset=operation": (
        r"\b(?:during|in|from|through|after)\s+(?:an?\s+|the\s+|one\s+|these\s+|several\s+|joint\s+)?"
        r"(?:[\w-]+\s+){0,4}?(?:operations?|raids?|sweeps?)\b"
    ),
    # victims found through one channel: "the hotline received 320 calls, leading to the
    # identification of 12 victims" is part of the year's victims, not their total
    "subset=hotline": (
        r"\b(?:through|via|from|by)\s+(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){0,2}?hotlines?\b"
        r"|\bhotlines?\b[^.;]{0,80}\b(?:leading to|resulting in|led to|resulted in)\b"
    ),
    "identified_by=ngo": (
        r"\b(?:identified|referred|assisted|reported)\s+by\s+(?:an?\s+|the\s+)?(?:NGOs?|civil society|"
        r"international organi[sz]ations?)\b"
        # the subject named before the verb; "the government and NGOs identified" is a joint figure
        r"|(?<!and )\b(?:NGOs?|civil society(?:\s+(?:organi[sz]ations?|groups?))?|"
        r"international organi[sz]ations?)\s+(?:also\s+)?(?:identified|reported identifying)\b"
    ),
}
