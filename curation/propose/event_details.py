"""What a mention's clause says of its event (`describe`): who takes part (people and governments that act in it,
not those it talks about), its date (with the tense a weekday needs, or the lede's), its place, its level, its
series, its modality, and the agreements a signing signs."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedEntity, short_id, strip_leading_function_words
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.event_records import Agent, EventMention
from alliance_kg.curation.propose.event_setting import event_date, place_before
from alliance_kg.curation.propose.items import item_date, same_item
from alliance_kg.curation.propose.persons import PersonMention, state_of_word, state_words
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue
from alliance_kg.loaders.entity import normalise_name

AGENT_NOUNS = re.compile(
    r"^\s+(?:and\s+[\w.\u2019']+\s+)?(?:governments?|officials|delegations?|side|sides|counterparts?|leaders|ministers|"
    r"forces|troops|military|navy|diplomats|authorities|administration|defen[cs]e chiefs|negotiators)\b",
    re.IGNORECASE,
)
BLOCKING = re.compile(
    r"(?:\babout|\bover|\baround|\bagainst|\bregarding|\bconcerning|\btowards?|\bamid|\bdespite|\bdiscuss(?:ed|ing)?|"
    r"\bthreats?\s+(?:from|posed\s+by)|\bemanating\s+from|\bon\s+(?:the\s+)?(?:issue|question)s?\s+of|\btalks\s+on|"
    r"\bfocused\s+on|\bcondemn(?:ed)?|\bdeter(?:ring)?|\bpressure\s+on|\bwar\s+(?:on|against)|\binvasion\s+of|"
    r"\bvs\.?|\bversus|\boutside(?:\s+of)?|\bbeyond|\bnear|\battacks?\s+on|\bstrikes?\s+on)\s+(?:the\s+|\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "at the request of Japan and the United States", "requested by Japan": who asked for the event, not who takes part
ASKED_BY = re.compile(
    r"\b(?:(?:request|behest)\s+of|requested\s+by)\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+(?:and\s+(?:the\s+)?)?){0,3}$",
    re.IGNORECASE,
)
# "Japanese officials said …", "according to the Japanese government": the state's people tell of the event; the state
# is the source of the report, not a party to it
ATTRIBUTION = re.compile(
    r"\s+(?:government\s+)?(?:officials|sources?|government|ministry)\s+(?:said|says|say|told|added|noted)\b",
    re.IGNORECASE,
)
ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)
ARRIVAL = re.compile(r"arriv", re.IGNORECASE)
TWO_SIDES = re.compile(
    r"\b(?:the\s+two\s+(?:governments|countries|nations|allies|sides|leaders)|both\s+(?:countries|governments|sides)|the\s+allies)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"\b(?:the|that|this|their|last\s+week's|this\s+week's)\s+(?:[\w-]+\s+)?(?:meeting|summit|talks|visit|trip|signing|ceremony|press conference|news conference|2\+2|two-plus-two)\b",
    re.IGNORECASE,
)
PLACE_WORDS = re.compile(r"(?:\bin|\bat|\bto|\binside|\bfrom)\s+(?:the\s+)?$", re.IGNORECASE)
NEW_PLACE = re.compile(
    r"\b(?:in|at)\s+(?-i:(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}))\b(?=\s*(?:[,.;]|\bon\b|\bfor\b|\bto\b|\blast\b|\bthis\b|\bnext\b|\bearlier\b|\blater\b|\band\b|$))"
)
INFINITIVE = re.compile(r"\bto\s+(?!the\b|a\b|an\b|their\b|his\b|her\b|its\b)[a-z]+\s+(?:[\w'’-]+\s+){0,3}$")
VERB_CUE = re.compile(
    r"met|meet|meets|signed|signs|sign|inked|visited|visits|travell?ed|travels|arrived|held|hold|holds|holding"
)
SINCE = re.compile(r"\bsince\b[^,;]*$", re.IGNORECASE)
DISTINCT = re.compile(
    r"\b(?:similar|another|separate|second|further|next|last|previously|again)\s+(?:[\w-]+\s+)?$|\bseparately\b|^\s+again\b",
    re.IGNORECASE,
)  # "met again": not the meeting the text told of before
# "told a news conference that …", "met X and assured him that …": what follows is what was said, not who met
# ("the summit that Japan hosted" is a relative clause, and keeps its parties)
CONTENT_CLAUSE = re.compile(
    r"\b(?:told|said|assured|stressed|added|noted|announced|warned|reminded)\b[^.;]*\bthat\s|\bthat\s+(?:the|it|its|their|they|this)\b"
    r"|\b(?:said|says|told\s+\w+)\s+(?:he|she|they|it|we|I)\b"  # "…, Suga said he had asked for …": "that" left out
)
SAID_AFTER = re.compile(r"\b(?:said|says|told\s+(?:reporters|journalists|lawmakers))\s+(?:the|its|his|her|their)\s")
RELATIVE = re.compile(r",\s+(?:who|whose|whom)\b", re.IGNORECASE)
RELATIVE_BEFORE = re.compile(r",\s+(?:who|whose|whom)\b[^,;]*$", re.IGNORECASE)
# A coordinated predicate of the same subject ("…, who will join the summit, and will return to Tokyo on Saturday";
# "… met Yoon, and then flew to Seoul on Friday"): what it says (a date, a place) is its own, not the event's.
OTHER_PREDICATE = re.compile(
    r"(?:,\s*|\s)and\s+(?:then\s+|later\s+|also\s+|afterwards\s+)?(?:will|would|is|are|was|were|has|have|had|plans?\s+to|(?!the\b)[a-z]+ed)\b"
)
DESTINATION = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|travel(?:s|led|ed|ling|ing)?|tour|fl(?:y|ies|ew)|arriv(?:e|es|ed))\s+(?:on\s+)?(?:to|in)\s+(?:the\s+)?$"
    r"|\bvisit(?:s|ed|ing)?\s+(?:the\s+)?$",  # "will then visit India": India is where he goes
    re.IGNORECASE,
)
PARENTHESES = re.compile(r"\([^()]*\)")
CAPABILITY_HEADS = re.compile(
    r"(?:capabilit(?:y|ies)|systems?|weapons?|missiles?|interceptors?|aircraft|fighters?|jets?|drones?|vessels?|ships?|"
    r"submarines?|destroyers?|frigates?|radars?|satellites?|munitions|rockets?|launchers?|helicopters?|tanks?|"
    r"Ospreys?|technolog(?:y|ies)|defen[cs]es|batteries)$",
    re.IGNORECASE,
)
VISITED = re.compile(
    r"\s*(?:to\s+|in\s+)?(?-i:(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}))\b(?=\s*(?:[,.;]|\bon\b|\bfor\b|\bto\b|\blast\b|\bthis\b|\bnext\b|\bin\b|\band\b|$))"
)
NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "the", "this", "that", "his", "her", "their"}  # fmt: skip
MODALITY_OF_EVENT = {
    "negated": "negated",
    "planned": "planned",
    "agreed-to-pursue": "planned",
    "under-negotiation": "planned",
    "agenda-item": "planned",
    "proposed": "proposed",
    "possible": "possible",
}


# a coordinated predicate in the past tense: what the words before it say of their own predicate is not said of it
DONE_PREDICATE = re.compile(
    r",\s+(?:and|but)\s+(?:then\s+|later\s+|also\s+)?(?-i:[a-z]+ed|flew|met|went|held|made|came|spoke|took|gave|began|sent)\b"
)
# a subordinate clause with its own subject ("…, as Biden hosted his first in-person meeting"): the words before it
# (", pledged on Friday to work together") say nothing of its predicate's modality
SUBORDINATE = re.compile(
    r",\s+(?:as|when|while)\s+(?=(?-i:[A-Z])|(?:he|she|they|the)\s)"
    # without a comma, only before a name and a verb of the past: "agreed to start talks when Kishida visited Manila"
    r"|\s(?:when|after)\s+(?=(?-i:[A-Z])[\w.'\u2019-]*(?:\s+(?-i:[A-Z])[\w.'\u2019-]*){0,3}\s+(?-i:[a-z]+ed|met|held|flew|made)\b)"
    # or a pronoun and a verb of the past: "welcomed Japan's plans to … when he hosted Kishida", "pledged … as they met"
    r"|\s(?:as|when|while|after)\s+(?=(?-i:he|she|they)\s+(?-i:[a-z]+ed|met|held|flew|made)\b)",
    re.IGNORECASE,
)


def describe(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> None:
    text = analysis.text
    start, end = mention.clause
    mention.series = mention.cue.series or _series(analysis, mention)
    mention.participants = _agents(analysis, mention, people)
    if mention.series and (other := _outside_series(analysis, mention, people)):
        analysis.why_not(mention.start, f"{other} takes part: not a meeting of {analysis.label(mention.series)}")
        mention.series = None  # a Japan-Philippines "2+2" is not the U.S.-Japan Security Consultative Committee
    mention.date, mention.date_value = mention_date(analysis, mention)
    mention.date, mention.date_value = event_date(
        analysis, mention.clause, mention.start, mention.sentence, (mention.date, mention.date_value)
    )
    if mention.date is None:
        mention.date, mention.date_value, mention.date_from = _lede_date(analysis, mention)
    if (
        mention.cue.type == "Visit"
        and ARRIVAL.match(text, mention.start)
        and mention.date_value is not None
        and mention.date_value.earliest == mention.date_value.latest
    ):
        # "Mattis arrived in Tokyo on Friday": the day of the arrival, not of the visit, which runs over days
        analysis.why_not(mention.start, "the day of an arrival is not the visit's date")
        mention.date, mention.date_value = None, None
    mention.place = place(analysis, mention)
    mention.place = place_before(
        analysis, mention.cue.type, mention.start, mention.end, mention.clause, mention.sentence, mention.place
    )
    mention.level = mention.cue.level or _level(analysis, mention, people)
    done = list(DONE_PREDICATE.finditer(text, start, mention.start)) + list(
        SUBORDINATE.finditer(text, start, mention.end)
    )
    # "… announced a plan to X, and then flew to Tokyo for a summit"; "… pledged to X, as Biden hosted his first meeting"
    scope = max(m.start() + 1 for m in done) if done else start
    said = analysis.context.lexicon.modality_of(analysis.unquoted(scope, mention.end))
    if said:
        mention.modality = MODALITY_OF_EVENT.get(said[0], "asserted")
        mention.modality_words = said[1]
    infinitive = INFINITIVE.search(analysis.unquoted(scope, mention.start))
    if infinitive and mention.modality == "asserted":
        mention.modality, mention.modality_words = (
            "planned",
            infinitive.group().strip(),
        )  # "agreed on Thursday to expand joint drills"
    if (
        mention.date_value is not None
        and mention.date_value.earliest > analysis.source.date.latest
        and mention.modality != "negated"  # "would not attend the ceremony, which is scheduled for …": still not
    ):
        mention.modality, mention.modality_words = "planned", mention.date.text if mention.date else ""
    elif (
        mention.modality != "asserted"
        and mention.date_value is not None
        and mention.date_value.latest < analysis.source.date.earliest
    ):
        mention.date, mention.date_value = None, None  # a plan's past date is when it was made, not when it happens
    # a series cue is followed by its noun ("the SCC meeting"): the article before the cue makes it definite too
    noun = re.match(r"\s+(?:meeting|summit|talks)\b", text[mention.end : mention.end + 12]) if mention.series else None
    cue_words = text[max(start, mention.start - 30) : mention.end + (noun.end() if noun else 0)]
    mention.definite = bool(ANAPHORA.search(cue_words))
    mention.anaphoric = mention.definite and not mention.participants
    mention.distinct = mention.distinct or bool(
        DISTINCT.search(text[max(start, mention.start - 30) : mention.start])
        or DISTINCT.search(text[mention.end : end])
    )
    if mention.cue.series is None and (
        VERB_CUE.fullmatch(text[mention.start : mention.end].strip().split()[-1].lower())
        or mention.cue.kind == "missile launch"
    ):
        # "Austin and Kihara also met their Australian counterpart", "North Korea had also fired a missile on May 28":
        # one more, not the one told of before
        mention.distinct = mention.distinct or bool(
            re.search(r"\balso\s+$", text[max(start, mention.start - 6) : mention.start])
        )
    if mention.cue.type == "Visit" and re.search(r"\bthen\s+$", text[max(start, mention.start - 6) : mention.start]):
        mention.distinct = True  # "Austin will then visit India": the next leg of a trip, not the visit told before


def _agents(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> list[Agent]:
    text = analysis.text
    start, end = mention.clause
    lexicon = analysis.context.lexicon
    titles = [(p.title_start, p.title_end) for p in people]
    agents: list[Agent] = []
    reporting = "|".join(re.escape(v) for v in lexicon.reporting_verbs)
    for m in analysis.mentions_in(start, end):
        entity = m.entity
        is_person = analysis.is_a(entity, "Person")
        is_state = analysis.is_a(entity, "State")
        if not is_person and not is_state:
            capital = next((s for s, words in lexicon.capitals.items() if m.text in words), None)
            if capital is None or capital not in analysis.context.registry.entities:
                if (
                    mention.series is None
                    and analysis.is_a(entity, "Organisation")
                    and re.search(r"\bwith\s+(?:the\s+)?$", text[start : m.start])
                ):
                    agents.append(Agent(entity, m.start, m.end, False))
                continue
            if not re.match(r"\s+(?:and|agreed|said|has|have|will|signed|pledged)\b", text[m.end : m.end + 12]):
                continue
            entity, is_state = capital, True
        if m.kind == "capital" and not re.match(
            r"\s+(?:and|agreed|said|has|have|will|signed|pledged)\b", text[m.end : m.end + 12]
        ):
            continue  # "visited Seoul": the city; "Tokyo and Washington agreed": the governments
        if any(a <= m.start < b for a, b in titles) or (
            m.kind == "demonym" and any(0 <= a - m.end <= 2 for a, b in titles)
        ):
            continue  # "Japanese" in "Japanese Prime Minister X": the person takes part, named by the title
        if _in_what_was_said(text, mention, start, m.start, is_person):
            continue  # "told a news conference that the United States was committed …": what was said, not who met
        if (
            not is_person
            and m.start < mention.start
            and re.search(rf",\s+[^,;]*\b(?:{reporting})\b", text[m.end : mention.start])
        ):
            continue  # "Japan will …, Inada told the news conference": the state is what was said about
        if is_state and DESTINATION.search(text[max(start, m.start - 30) : m.start]):
            continue  # "the visit to Japan", "will fly to Seoul": where it happens, not who takes part
        if m.kind == "demonym" and not AGENT_NOUNS.match(text[m.end : m.end + 40]):
            continue
        if is_state and (
            ATTRIBUTION.match(text, m.end) or ACCORDING_TO.search(text, max(start, m.start - 20), m.start)
        ):
            continue  # "Japanese officials said …", "according to the Japanese government": who tells of it
        if (
            m.start < mention.start
            and RELATIVE_BEFORE.search(text, start, m.start)
            and "," in text[m.end : mention.start]
        ):
            continue  # "Inada, who had accompanied Abe to Hawaii, visited …": whom the subject is told by, not a party
        if BLOCKING.search(text[max(start, m.start - 40) : m.start]) or ASKED_BY.search(
            text, max(start, m.start - 45), m.start
        ):
            continue
        tail = text[m.end : m.end + 25]
        head = text[max(start, m.start - 25) : m.start]
        if is_person and (
            (re.match(rf",?\s+(?:{reporting})\b\s*(?:that|,|\.|$)", tail) and m.start > mention.end)
            or re.search(r"\baccording\s+to\s+$", head)
        ):
            continue  # the one who reports the meeting, not one who met
        if (
            is_person
            and re.match(r"['\u2019]s\s", tail)
            and not re.fullmatch(r"['\u2019]s\s+(?:[\w-]+\s+){0,2}", text[m.end : mention.start])
        ):
            continue  # "before Kishida's arrival": his arrival, not this meeting ("Kishida's first summit" is his)
        if is_state and re.match(r"\s+(?-i:[A-Z][a-z]+)", tail) and not AGENT_NOUNS.match(tail):
            continue  # "U.S. Department of Homeland Security": the state names an agency, which takes part
        possessive = re.match(r"['\u2019]s\s+(?!government|delegation|leaders?|officials)", tail)
        if is_state and possessive and not re.search(r"\band\s+$", head):
            continue  # "Japan's defense budget": the state is talked about
        if is_state and (
            re.match(r"[-\u2010-\u2015]\s*\S", text[m.end : m.end + 3])
            or re.search(r"\S[-\u2010-\u2015]$", text[max(start, m.start - 2) : m.start])
        ):
            continue  # "U.S.-Japan alliance", "Japan-U.S. summit": a compound modifier, not a party
        if _subject_of_subordinate(text, mention, m.start, m.end):
            continue  # "…, hours after the Japanese and U.S. governments issued a joint statement": another event's
        if is_person and _host_of_visit(text, mention, start, m.start):
            continue  # "explain the policy to President Joe Biden when he visits Washington": the host
        if any(a.id == entity for a in agents):
            continue
        agents.append(Agent(entity, m.start, m.end, is_person))
    for p in people:
        if (
            start <= p.start < end
            and not any(a.id == p.entity for a in agents)
            and not analysis.quoted(p.start)
            and not _in_what_was_said(text, mention, start, p.start, True)
            and not _host_of_visit(text, mention, start, p.title_start)
            and not _subject_of_subordinate(text, mention, p.title_start, p.end)
        ):
            agents.append(Agent(p.entity, p.start, p.end, True))
    pronoun = PRONOUN_SUBJECT.match(text, analysis.sentences[mention.sentence].start)
    if pronoun and start <= pronoun.start() < mention.start:
        subject = _subject_before(analysis, mention.sentence, people)
        if subject is not None and not any(a.id == subject for a in agents):
            agents.append(Agent(subject, pronoun.start(), pronoun.end(), True, inferred=True))
    if not any(not a.person for a in agents):
        two = TWO_SIDES.search(text, max(start, mention.start - 45), mention.start)
        verb = VERB_CUE.fullmatch(text[mention.start : mention.end].strip().split()[-1].lower())
        subjects = [a for a in agents if a.person and a.start < mention.start]
        if two and (verb or mention.cue.series) and len(subjects) < 2:
            for state in analysis.main_states():
                agents.append(Agent(state, two.start(), two.end(), False, inferred=True))
    return sorted(_own_clause(analysis, mention, start, agents, people), key=lambda a: a.start)


# a subordinate clause after the cue, up to the subject it opens: "…, hours after the Japanese and U.S.", "… as"
# (not "such as", which opens a list)
SUBORDINATE_OPENING = re.compile(
    r"(?:,\s+|\s(?:hours|days|weeks|months|minutes|shortly|soon|just)\s+|(?<!such)\s(?=as\s|when\s|while\s))"
    r"(?:as|when|while|after|before|because|since)\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+(?:and\s+)?){0,3}$"
)
# the subject's verb right after it, or after one or two words of its own ("U.S. governments issued")
SUBORDINATE_VERB = re.compile(
    r"(?:\s+[\w.'\u2019-]+){0,2}?\s+(?:also\s+)?(?-i:[a-z]+(?:ed|s)|met|held|flew|made|is|was)\b"
)


def _subject_of_subordinate(text: str, mention: EventMention, position: int, end: int) -> bool:
    """Whether the name at `position` (ending at `end`), after the cue, opens a subordinate clause with a verb of its
    own ("adopted the policy at an extraordinary meeting Friday night, hours after the Japanese and U.S. governments
    issued a joint statement"; "fly to Washington … as Trump threatens tariffs"): the subject of another event."""
    if position <= mention.end:
        return False
    return bool(
        SUBORDINATE_OPENING.search(text[mention.end : position]) and SUBORDINATE_VERB.match(text, end, end + 40)
    )


# "explain the policy to President Joe Biden", "… talks with President X": a person spoken to or met, named by "with"
# or "to" and a title of capitalised words
HOST = re.compile(r"\b(?:with|to)\s+(?:the\s+)?(?:(?-i:[A-Z][\w.'\u2019-]*)\s+){0,4}$")


def _host_of_visit(text: str, mention: EventMention, start: int, position: int) -> bool:
    """Whether the person named at `position`, before a visit's cue, is one the visitor speaks to or meets ("explain
    the policy to President Joe Biden when he visits Washington"): the host, not one who makes the visit. After the
    cue, `_met_on_the_visit` of event_mentions.py reads whom the visitor meets. Only visits: who meets with whom takes
    part in a meeting."""
    if mention.cue.type != "Visit" or position >= mention.start:
        return False  # after the cue, "with" may name a fellow traveller: "visited Seoul with Lloyd Austin"
    return bool(HOST.search(text[max(start, position - 45) : position]))


# "Blinken flew to Tokyo last week, and Hayashi met Biden": a coordinated clause with a subject of its own
COORDINATION = re.compile(r",\s+(?:and|but|while|whereas)\s+(?:then\s+|later\s+)?", re.IGNORECASE)
FINITE = re.compile(
    r"\b(?:[a-z]{3,}ed|flew|went|met|held|said|says|told|has|have|had|is|are|was|were|will|would|rose|began|took|"
    r"made|gave|spoke|came|left|fired|sent|saw|won|lost)\b"
)


def _own_clause(
    analysis: Analysis, mention: EventMention, start: int, agents: list[Agent], people: list[PersonMention]
) -> list[Agent]:
    """The agents of the clause the cue stands in, when an earlier coordinated clause has a verb and a subject of its
    own ("Chinese military activity … has risen, and Japan held talks with the United States": not China). A list of
    names ("Kishida, Yoon, and Biden met") has no verb before its "and", and keeps them all."""
    text = analysis.text
    joints = list(COORDINATION.finditer(text, start, mention.start))
    if not joints:
        return agents
    joint = joints[-1]
    if not any(joint.end() <= a.start < mention.start and not a.inferred for a in agents):
        return agents  # "…, and he met Kishida": the subject is the earlier clause's
    if not FINITE.search(text, start, joint.start()):
        return agents
    again: dict[str, Any] = {}
    for named in [*analysis.mentions_in(joint.end(), mention.clause[1]), *people]:
        if joint.end() <= named.start < mention.clause[1]:
            again.setdefault(named.entity, named)
    kept = []
    for a in agents:
        if a.start >= joint.end() or a.inferred:
            kept.append(a)
        elif a.id in again:  # "…, an act Abe called a threat, and Abe agreed with Trump in a call": named again
            kept.append(replace(a, start=again[a.id].start, end=again[a.id].end))
    return kept


def _in_what_was_said(text: str, mention: EventMention, start: int, position: int, person: bool) -> bool:
    """Whether the words at `position`, after the cue, lie in what was said at the event: a state after "told a news
    conference that", "said the …"; a person only where the saying begins after the cue ("told a news conference on
    Tuesday that he hoped to confirm with Hegseth …"), not in "Kishida said that he met Biden", whose cue is said."""
    if position <= mention.end:
        return False
    said = CONTENT_CLAUSE.search(text, max(start, mention.start - 40), position)
    if said is not None and (not person or said.end() > mention.end):
        return True
    return bool(SAID_AFTER.search(text, mention.end, position))  # "At the ceremony, X said the new command would …"


# a sentence's time before its subject: "On Friday evening he met Abe", "Earlier on Monday, Biden met …"
OPENING_TIME = r"(?-i:On|Later|Earlier|Afterwards?|Then|That|This)\b(?:\s+[\w'\u2019.-]+){0,4}?"
PRONOUN_SUBJECT = re.compile(rf"\s*(?:{OPENING_TIME},?\s+(?-i:he|she)|(?-i:He|She))\b(?!['\u2019])")
OPENING_TIME_COMMA = re.compile(rf"\s*{OPENING_TIME},\s+")
SUBJECT_START = 45  # how far into a sentence its subject may be named ("TOKYO — Prime Minister Yoshihide Suga …")


def _subject_before(analysis: Analysis, index: int, people: list[PersonMention]) -> str | None:
    """The person "He" or "She" opening a sentence stands for: the one the sentence before opens with, as its subject
    ("Suga told reporters that … He had congratulated Biden …"); None when that sentence opens with no person."""
    if index == 0 or not same_item(analysis, index - 1, index):
        return None
    previous = analysis.sentences[index - 1]
    named = [
        (m.start, m.entity)
        for m in analysis.mentions_in(previous.start, previous.end)
        if analysis.is_a(m.entity, "Person")
    ]
    named += [(p.start, p.entity) for p in people if previous.start <= p.start < previous.end]
    first = min(named, default=None)
    opening = OPENING_TIME_COMMA.match(analysis.text[previous.start : previous.end])
    lead = previous.start + (opening.end() if opening else 0)  # "Earlier on Monday, Biden met …": Biden is its subject
    if first is None or first[0] - lead > SUBJECT_START or "," in analysis.text[lead : first[0]]:
        return None
    return first[1]


def mention_date(analysis: Analysis, mention: EventMention) -> tuple[DateMention | None, DateValue | None]:
    start, end = mention.clause
    candidates = []
    for d in analysis.dates_in(start, end):
        if d.kind == "year" and not re.search(r"\b(?:in|since)\s+$", analysis.text[max(start, d.start - 8) : d.start]):
            continue
        if SINCE.search(analysis.text[max(start, d.start - 40) : d.start]):
            continue  # "the first since taking office in 2021": another event's date
        if _in_parentheses(analysis, d.start, start, end):
            continue  # "On January 6 (January 7 in Tokyo)": the aside is not the date
        if d.start > mention.end and RELATIVE.search(analysis.text, mention.end, d.start):
            continue  # "…, and Iwaya, who became defence minister in October last year": the person's date
        if (
            d.end <= mention.start
            and RELATIVE_BEFORE.search(analysis.text, start, d.start)
            and "," in analysis.text[d.end : mention.start]
        ):
            continue  # "Ishiba, who took office in October, spoke with Trump by phone in November": his date
        if d.end <= mention.start and re.search(r"\bbefore$", d.text):
            continue  # "The accident comes a week before the governments hold a ceremony": counted back from the
            # accident it would be the accident's day, not the ceremony's ("two days after X launched" is X's)
        if _other_predicate_between(analysis.text, mention, d.start, d.end):
            continue  # "…, and will return to Tokyo on Saturday": the return's date
        if _counted_from_the_event(analysis.text, mention, d):
            mention.counted_from = True
            continue  # "The accident comes a week before the two governments hold a ceremony": the accident's date
        if d.start > mention.end and CONTENT_CLAUSE.search(analysis.text[mention.end : d.start]):
            continue  # "At a news conference …, Trump said he was not bothered by … launches this month": what was said
        if mention.cue.type not in SAYING and _reported_on(analysis, d):
            continue  # "… met in Hawaii, the ministry said Monday": the day it was said
        value = analysis.resolve(d.expression, d)
        if value is None:
            continue
        distance = d.start - mention.end if d.start >= mention.end else mention.start - d.end
        candidates.append((abs(distance), d, value))
    if not candidates:
        return item_date(analysis, mention.sentence) or (
            None,
            None,
        )  # a chronology's "- Jan. 13, 2023: Kishida meets …"
    _, best, value = min(candidates, key=lambda c: c[0])
    return best, value


SAYING = ("Event", "Speech")  # a news conference or a speech is the saying: its day is its date
REPORTED = re.compile(
    r"\b(?:told\s+(?:reporters|journalists|lawmakers|a\s+(?:news|press)\s+conference))\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


def _reported_on(analysis: Analysis, date: DateMention) -> bool:
    """Whether the date is the day a third party said something: "…, the ministry said Monday", "officials told
    reporters on Thursday". When those who act say it ("Trump and Abe said on Friday that …"), a report's lede dates
    the event by it, and the date stays."""
    start = max(0, date.start - 60)
    before = analysis.text[start : date.start]
    verbs = "|".join(re.escape(v) for v in analysis.context.lexicon.reporting_verbs)
    said = re.search(
        rf"\b(?:{verbs})\s+(?:on\s+|late\s+|early\s+|earlier\s+)?$", before, re.IGNORECASE
    ) or REPORTED.search(before)
    if not said:
        return False
    clause_start = start + max(before.rfind(",", 0, said.start()), before.rfind("\u2014", 0, said.start()), -1) + 1
    sayers = analysis.mentions_in(clause_start, start + said.start())
    return not any(analysis.is_a(m.entity, "Person") or analysis.is_a(m.entity, "State") for m in sayers)


COUNTED_BEFORE = re.compile(r"\b(?:before|after|prior\s+to|ahead\s+of)$", re.IGNORECASE)


def _counted_from_the_event(text: str, mention: EventMention, date: DateMention) -> bool:
    """Whether a counted offset before the cue takes the event as what it counts from ("comes a week before the two
    governments hold a ceremony", "two days after the summit"): the offset dates something else by the event."""
    if date.kind != "offset" or date.end > mention.start:
        return False
    words = re.sub(r"\s+to$", "", date.text.strip())
    return bool(COUNTED_BEFORE.search(words)) and not re.search(r"[,;:()\u2014]", text[date.end : mention.start])


def _other_predicate_between(text: str, mention: EventMention, start: int, end: int) -> bool:
    """Whether a coordinated predicate stands between the cue and the words at start:end."""
    if start >= mention.end:
        return bool(OTHER_PREDICATE.search(text, mention.end, start))
    return bool(OTHER_PREDICATE.search(text, end, mention.start))


def _in_parentheses(analysis: Analysis, position: int, start: int, end: int) -> bool:
    return any(m.start() < position < m.end() for m in PARENTHESES.finditer(analysis.text, start, end))


def _lede_date(analysis: Analysis, mention: EventMention) -> tuple[DateMention | None, DateValue | None, int | None]:
    """A news report dates its story in the sentence before ("Japan and the United States on Sunday agreed …";
    then "… met in Tokyo for the 2+2"): the one past day of the previous sentence, when that sentence names no
    event of its own and the two share a party (a person, or the state of one)."""
    if mention.sentence == 0 or mention.anaphoric:
        return None, None, None
    if re.search(
        r"\b(?:last|previously|earlier|first)\s+$",
        analysis.text[max(0, mention.start - 12) : mention.start],
        re.IGNORECASE,
    ):
        return None, None, None  # "The two leaders last met in Washington": an earlier meeting, not the lede's
    if not same_item(analysis, mention.sentence - 1, mention.sentence):
        return None, None, None  # a chronology's item is dated by its own head
    previous = analysis.sentences[mention.sentence - 1]
    if any(
        p.search(analysis.text, previous.start, previous.end)
        for cue in analysis.context.lexicon.events
        for p in cue.patterns
    ):
        return None, None, None
    days = [
        d
        for d in analysis.dates_in(previous.start, previous.end)
        if d.kind in ("day", "weekday") and "(future)" not in d.expression and not _reported_on(analysis, d)
    ]
    values = {analysis.resolve(d.expression, d) for d in days}
    if len(values) != 1:
        return None, None, None  # none, or two different days: which one is the event's, the sentence does not say
    value = values.pop()
    if value is None or value.earliest > analysis.source.date.latest:
        return None, None, None
    days = [days[-1]]  # "TOKYO, July 28 (…) - … on Sunday agreed": the same day; the words nearer the verb
    named = {m.entity for m in analysis.mentions_in(previous.start, previous.end)}
    parties = {a.id for a in mention.participants}
    states = {analysis.context.office_state.get(o) for p in parties for o in analysis.context.offices_held.get(p, ())}
    states |= {
        c.object
        for c in analysis.claims
        if c.relation == "officeOf"
        and any(h.subject in parties and h.object == c.subject for h in analysis.claims if h.relation == "holdsOffice")
    }
    if not (named & (parties | states)):
        return None, None, None
    return days[0], value, previous.start


def place(analysis: Analysis, mention: EventMention) -> tuple[str, int, int, bool] | None:
    text = analysis.text
    start, end = mention.clause
    named = [m for m in analysis.mentions if m.kind != "capital"]  # "Seoul" is a place here, not the government
    aside = _apposition_after(text, mention, end)
    if mention.cue.type == "Visit" and (visited := _visited_name(analysis, mention, named, end)):
        return visited  # "visited Yasukuni Shrine in Tokyo", "… on Thursday, … the U.S. Embassy in Tokyo": the shrine
    for m in analysis.mentions_in(start, end):
        if _in_parentheses(analysis, m.start, start, end) or m.kind == "capital" or aside[0] <= m.start < aside[1]:
            continue  # "protested to X, the top Marine commander in Okinawa, at Camp Courtney": who X is
        if ACCORDING_TO.search(text, max(start, m.start - 20), m.start):
            continue  # "according to the Japanese government": who tells, not where it was
        if _other_predicate_between(text, mention, m.start, m.end):
            continue  # "…, and will return to Tokyo": where the return goes
        place_like = analysis.is_a(m.entity, "Place") or (
            mention.cue.type == "Visit" and analysis.is_a(m.entity, "State")
        )
        if place_like and PLACE_WORDS.search(text[max(start, m.start - 12) : m.start]):
            return m.entity, m.start, m.end, False
    if mention.cue.type == "Visit":
        for m in named:
            if m.kind == "demonym":
                continue  # "visit the Japanese helicopter carrier Kaga": a word of what is visited, not where
            if mention.end <= m.start < min(end, mention.end + 4) and (
                analysis.is_a(m.entity, "Place") or analysis.is_a(m.entity, "State")
            ):
                return m.entity, m.start, m.end, False  # "visit Washington", "visited Japan"
        visited = VISITED.match(text[mention.end : end])
        if visited and not any(m.start <= mention.end + visited.start("place") < m.end for m in named):
            name = visited.group("place")
            if not any(name.split()[0].lower().startswith(w) for w in NOT_PLACES):
                return name, mention.end + visited.start("place"), mention.end + visited.end("place"), True
    # a place right after the cue ("met in Manila"), not one the sentence mentions later; what a visit is to may come
    # first ("visit the Japanese helicopter carrier Kaga at Yokosuka")
    reach = (45 if mention.cue.type == "Visit" else 30) + (aside[1] - aside[0])
    for match in NEW_PLACE.finditer(text, mention.end, end):
        if match.start() > mention.end + reach:
            break
        if aside[0] <= match.start() < aside[1]:
            continue
        name = match.group("place")
        if any(name.split()[0].lower().startswith(w) for w in NOT_PLACES) or any(
            m.start <= match.start("place") < m.end for m in named
        ):
            continue
        if any(p.start <= match.start("place") < p.end for p in analysis.entities.values()):
            continue
        return name, match.start("place"), match.end("place"), True
    return None


def _visited_name(
    analysis: Analysis, mention: EventMention, named: list, end: int
) -> tuple[str, int, int, bool] | None:
    """A name the registry lacks right after a visit's cue ("visited Yasukuni Shrine"): what the visit went to, before
    any place the clause says it lies in or names later."""
    visited = VISITED.match(analysis.text, mention.end, end)
    if visited is None or any(m.start <= visited.start("place") < m.end for m in named):
        return None
    name = visited.group("place")
    if any(name.split()[0].lower().startswith(w) for w in NOT_PLACES):
        return None
    return name, visited.start("place"), visited.end("place"), True


# a person's office in apposition after the name: ", the top Marine commander in Okinawa,"
APPOSED_OFFICE = re.compile(
    r"\s*(?:the|a|an|his|her|its)\s+(?:[\w.'\u2019-]+\s+){0,4}?(?:commander|minister|secretary|chief|head|governor|"
    r"mayor|president|ambassador|spokes(?:man|woman|person)|advis[eo]r|official|chairman|chair|director|leader|envoy)\b",
    re.IGNORECASE,
)
APPOSITION = re.compile(rf",{APPOSED_OFFICE.pattern}[^,;()]*,", re.IGNORECASE)


def _apposition_after(text: str, mention: EventMention, end: int) -> tuple[int, int]:
    """The span of an appositive that says who the person after the cue is (its places are not the event's), or an
    empty span."""
    found = APPOSITION.search(text, mention.end, end)
    if found is None or found.start() - mention.end > 45:
        return (0, 0)
    return found.span()


def _level(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> str | None:
    if mention.cue.type not in ("Meeting", "Summit"):
        return None
    levels = analysis.context.lexicon.levels
    named = level_in(levels, analysis.text, mention.start, mention.end)  # "summit", "2+2", "ministerial meeting"
    if named:
        return named
    if ELECT.search(analysis.text, *mention.clause):
        return None  # "…, when the president-elect told him …": not yet in the office that would give the level
    kinds = set()
    persons = [a for a in mention.participants if a.person]
    for agent in persons:
        kind = next((p.title.kind for p in people if p.entity == agent.id and p.office), None)
        kind = kind or _office_kind(analysis, agent.id)
        kinds.add(kind)
    if len(persons) >= 2 and kinds == {"leader"}:
        return "leaders"
    if len(persons) >= 2 and kinds == {"minister"}:
        return "ministerial"
    # the clause's words, when its people do not say it ("the two leaders met"); after the offices, because a clause
    # that names what a meeting led to ("…, and the two agreed to work toward an early summit") names another level
    return level_in(levels, analysis.text, *mention.clause)


ELECT = re.compile(r"\b(?:president|prime\s+minister|premier|chancellor)[-\s]elect\b", re.IGNORECASE)


def level_in(levels: dict, text: str, start: int, end: int) -> str | None:
    for level, patterns in levels.items():
        if any(p.search(text, start, end) for p in patterns):
            return "working level" if level == "working" else level
    return None


def _office_kind(analysis: Analysis, person: str) -> str | None:
    lexicon = analysis.context.lexicon
    for office in analysis.context.offices_held.get(person, ()):
        label = analysis.label(office)
        for title in lexicon.offices:
            if label in title.labels.values():
                return title.kind
    return None


def _outside_series(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> str | None:
    """A state taking part (named, or whose office a participant holds here) that the series' names leave out: the
    states a series' names name ("U.S.-Japan Security Consultative Committee") are the ones it meets for."""
    series = analysis.context.registry.entities.get(mention.series or "")
    if series is None:
        return None
    names = " ".join([series.label, *series.aliases])
    own = {state_of_word(analysis, m.group()) for m in state_words(analysis).finditer(names)} - {None}
    if not own:
        return None
    offices = {p.entity: p.state for p in people if p.state and not p.former}
    for agent in mention.participants:
        state = offices.get(agent.id) if agent.person else agent.id
        if state and not agent.inferred and analysis.is_a(state, "State") and state not in own:
            return analysis.label(state)
    return None


def _series(analysis: Analysis, mention: EventMention) -> str | None:
    text = analysis.text
    sentence = analysis.sentences[mention.sentence]
    # a body named before the cue, however long its name ("the United Nations Security Council met")
    for m in analysis.mentions_in(max(sentence.start, mention.start - 60), mention.end):
        if analysis.is_a(m.entity, "Organisation") and not analysis.is_a(m.entity, "State"):
            between = text[m.end : mention.start]
            if m.end <= mention.start and re.fullmatch(r"(?:['\u2019]s)?\s*(?:[\w-]+\s+){0,2}", between):
                return m.entity
    after = re.match(r"\s+of\s+(?:the\s+)?", text[mention.end : mention.end + 12])
    if after:
        for m in analysis.mentions_in(mention.end, mention.end + 60):
            if (
                m.start == mention.end + after.end()
                and analysis.is_a(m.entity, "Organisation")
                and not analysis.is_a(m.entity, "State")
            ):
                return m.entity
    return None


AGREEMENT_HEADS = {
    "memorandum of understanding": "MemorandumOfUnderstanding",
    "framework agreement": "FrameworkAgreement",
    "exchange of notes": "ExchangeOfNotes",
    "joint statement": "JointStatement",
    "joint declaration": "JointStatement",
    "arrangement": "Arrangement",
    "agreements": "Agreement",
    "agreement": "Agreement",
    "guidelines": "Guidelines",
    "treaty": "Treaty",
    "accord": "Agreement",
    "pact": "Agreement",
}
_HEADS = "|".join(sorted((re.escape(h) for h in AGREEMENT_HEADS), key=len, reverse=True))
NAMED_AGREEMENT = re.compile(
    rf"(?-i:(?:the\s+)?(?P<name>(?:[A-Z][\w.'\u2019\u2013-]*\s+)(?:(?:[A-Z][\w.'\u2019\u2013-]*|and|of|on|for|the)\s+){{0,9}}(?:{_HEADS.replace('memorandum', 'Memorandum')}|Agreement|Arrangement|Treaty|Accord|Memorandum of Understanding|Exchange of Notes|Joint Statement)))"
)
DESCRIBED_AGREEMENT = re.compile(
    rf"\b(?:a|an|the|two)\s+(?P<name>(?:new\s+|bilateral\s+|and\s+|nonbinding\s+|non-binding\s+|binding\s+|landmark\s+|"
    rf"reciprocal\s+|[\w-]+\s+){{0,4}}(?:{_HEADS})(?:\s+(?:on|for|to)\s+[^,.;]{{3,80}}?)?)"
    r"(?=\s+(?:in|at|with|during|after|before|on\s+(?-i:[A-Z]))\b|\s*[,.;]|\s*$)",
    re.IGNORECASE,
)


def agreements(analysis: Analysis, mention: EventMention) -> list[str]:
    """The agreements a signing is of: registered ones named in the clause, else new ones the clause describes."""
    start, end = mention.clause
    found = []
    # nested too: "the signing of the U.S.-Japan Space Cooperation Framework Agreement" is a registry signing whose
    # name holds the agreement; an agreement named inside a longer agreement's name is not another one
    spans: list[tuple[int, int]] = []
    text = analysis.text
    for m in analysis.mentions_in(mention.start, end, nested=True):
        if _one_of_a_kind(analysis, m.start, m.entity):
            continue
        if analysis.is_a(m.entity, "Agreement") and not any(a <= m.start and m.end <= b for a, b in spans):
            spans.append((m.start, m.end))
            if m.entity not in found:
                found.append(m.entity)
    if found:
        return found
    for pattern in (NAMED_AGREEMENT, DESCRIBED_AGREEMENT):
        for match in pattern.finditer(text, mention.start, end):
            name = strip_leading_function_words(" ".join(match.group("name").split()).rstrip(".,"))
            head = next(h for h in sorted(AGREEMENT_HEADS, key=len, reverse=True) if h in name.lower())
            if head == "agreements" or name.lower() in ("agreement", "agreements"):
                continue
            label = name[0].upper() + name[1:]
            known = analysis.context.registry.resolve(label)
            if (
                known is not None
                and analysis.is_a(known.id, "Agreement")
                and not _one_of_a_kind(analysis, match.start("name"), known.id)
            ):
                found.append(known.id)
                continue
            identifier = next((e.id for e in analysis.entities.values() if e.label == label), None)
            if identifier is None:
                identifier = analysis.free_id(short_id(slug(label), 60))
                analysis.entity(
                    ProposedEntity(
                        id=identifier,
                        type=AGREEMENT_HEADS[head],
                        label=label,
                        definition=f"An agreement signed as document {analysis.source.id} reports: {name!r}.",
                        rule="agreement-signed",
                        confidence=0.65,
                        start=match.start("name"),
                        end=match.end("name"),
                        candidates=similar_entities(analysis, label, "Agreement"),
                    )
                )
            found.append(identifier)
        if found:
            break
    return found


def _one_of_a_kind(analysis: Analysis, start: int, entity: str) -> bool:
    """'signed a Reciprocal Access Agreement': an indefinite article before a registered agreement's name that is
    not its full label ("Japan-U.K. Reciprocal Access Agreement") introduces another agreement of that kind."""
    text = analysis.text
    if not re.search(r"\ban?\s+$", text[max(0, start - 4) : start], re.IGNORECASE):
        return False
    known = analysis.context.registry.entities.get(entity)
    written = text[start : start + len(known.label)] if known else ""
    return known is not None and normalise_name(written) != normalise_name(known.label)
