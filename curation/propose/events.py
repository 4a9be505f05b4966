"""The event layer: meetings, summits, "2+2"s, signings, visits, press conferences, speeches, exercises, and the
acts and incidents news reports tell in passing (announcements, remarks, missile launches, protests).

Texts rarely name events ("the two ministers met in Tokyo on Wednesday"), yet a third of the claims hang on one. A
cue of the lexicon (`events:`) opens an event mention in its clause; the clause gives its participants (people and
governments that act in it, not those it talks about), its date (with the tense a weekday needs), its place, its
level and its series (the "2+2" is a meeting of the Security Consultative Committee; "the G7 summit" one of the
G7). Mentions of one event in one text are merged ("the meeting" refers back), then each event is linked to one
the graph already has — by type, date window and participants, from the other annotation files — before a new
one is proposed, so that the same meeting reported by three articles ends up as one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.acts import ACT_KINDS, act_window, body_words, deciding_state
from alliance_kg.curation.propose.analysis import (
    Analysis,
    ProposedClaim,
    ProposedEntity,
    short_id,
    strip_leading_function_words,
)
from alliance_kg.curation.propose.candidates import new_place, similar_entities
from alliance_kg.curation.propose.event_setting import event_date, place_before
from alliance_kg.curation.propose.items import item_date, same_item
from alliance_kg.curation.propose.lexicon import EventCue
from alliance_kg.curation.propose.news_events import (
    elections,
    exercise_name,
    exercise_parties,
    exercise_run,
    named_in_apposition,
    ship_movements,
)
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
JOINT_STATEMENT = re.compile(
    r"\bin\s+(?:a|an|the|their)\s+joint\s+(?:statement|declaration)\b|\b(?:issued|released|adopted|signed|unveiled)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}joint\s+(?:statement|declaration)\b|\bjoint\s+(?:statement|declaration)\s+(?:was\s+)?(?:issued|released|adopted)\b",
    re.IGNORECASE,
)
# "will say in a joint statement", "expected to issue …", "a joint statement to be issued": one still to come
STATEMENT_TO_COME = re.compile(r"\b(?:will|would|to|shall)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
STATEMENT_TO_COME_AFTER = re.compile(
    r"\s+(?:to\s+be\b|(?:that\s+)?(?:will|would|is\s+expected|are\s+expected)\b)", re.IGNORECASE
)
INFINITIVE = re.compile(r"\bto\s+(?!the\b|a\b|an\b|their\b|his\b|her\b|its\b)[a-z]+\s+(?:[\w'’-]+\s+){0,3}$")
VERB_CUE = re.compile(
    r"met|meet|meets|signed|signs|sign|inked|visited|visits|travell?ed|travels|arrived|held|hold|holds|holding"
)
CONDITIONAL_SIGNING = re.compile(
    r"\b(?:when|once|if|after|before|until|unless)\s+(?:it\s+is\s+|they\s+are\s+|being\s+)?signed\b", re.IGNORECASE
)
NOT_AN_AGREEMENT = re.compile(
    r"\s+(?:an?|the|his|her|their)\s+(?:[\w-]+\s+)?(?:orders?|bills?|laws?|letters?|decrees?|proclamations?|memos?|"
    r"legislation|budgets?|petitions?|autographs?|books?|guestbooks?|visitors'?\s+books?)\b",
    re.IGNORECASE,
)
PEOPLE_AS_SUBJECT = re.compile(
    r"\b(?:the|both|all)\s+(?:two\s+|four\s+|three\s+)?(?:ministers|leaders|secretaries|presidents)\b", re.IGNORECASE
)
SINCE = re.compile(r"\bsince\b[^,;]*$", re.IGNORECASE)
# "the first time … since 1969, when Sato met Nixon", "for the first time in 20 years": an older event the sentence
# compares the one it tells of with, named in passing
COMPARISON = re.compile(r"\b(?:since|for\s+the\s+first\s+time\s+in)\b[^.;:]*$", re.IGNORECASE)
COMPARED_STATEMENT = re.compile(r"\s*since\b", re.IGNORECASE)  # "referred to Taiwan in a joint statement since 1969"
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
COMPATIBLE = {
    "Meeting": {"Meeting", "Summit"},
    "Summit": {"Meeting", "Summit"},
    "Signing": {"Signing"},
    "Visit": {"Visit"},
    "Speech": {"Speech"},
    "Exercise": {"Exercise"},
    "Event": {"Event"},
}
MODALITY_OF_EVENT = {
    "negated": "negated",
    "planned": "planned",
    "agreed-to-pursue": "planned",
    "under-negotiation": "planned",
    "agenda-item": "planned",
    "proposed": "proposed",
    "possible": "possible",
}
LINK_WINDOW_DAYS = 45  # how long before a text's date an event it mentions without a date may lie (after: one it plans)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


@dataclass
class Agent:
    id: str
    start: int
    end: int
    person: bool
    inferred: bool = False  # "the two governments": the text's two states, not named in the clause


@dataclass
class EventMention:
    cue: EventCue
    start: int
    end: int
    sentence: int
    clause: tuple[int, int]
    participants: list[Agent] = field(default_factory=list)
    date: DateMention | None = None
    date_value: DateValue | None = None
    place: tuple[str, int, int, bool] | None = None  # id, start, end, new?
    level: str | None = None
    series: str | None = None
    modality: str = "asserted"
    modality_words: str = ""
    anaphoric: bool = False
    agreements: list[str] = field(default_factory=list)
    sentence_clause: tuple[int, int] = (0, 0)  # the clause the cue is in (`clause` may be one item of a list in it)
    signers: list[Agent] = field(default_factory=list)  # for a signing: who signed (states too)
    date_from: int | None = None  # where the date was taken from, when not the mention's own sentence
    definite: bool = False  # "the news conference", "the summit": named before, whoever this clause adds to it
    distinct: bool = False  # "a similar meeting", "another summit", "met separately": not an event named before
    part_of: EventMention | None = None  # "will visit Washington for a summit with Y": the summit is part of the visit
    body: str | None = None  # for a decision: the body that decided, as named ("Japan's Cabinet")
    match_text: str = ""  # the words of the cue
    name: str | None = None  # an exercise's name ("Freedom Shield"), news_events.py


@dataclass
class DocEvent:
    type: str
    mentions: list[EventMention] = field(default_factory=list)
    id: str | None = None
    linked: bool = False
    link_reason: str = ""

    @property
    def participants(self) -> set[str]:
        return {a.id for m in self.mentions for a in m.participants}

    @property
    def date_value(self) -> DateValue | None:
        return next((m.date_value for m in self.mentions if m.date_value is not None), None)

    @property
    def series(self) -> str | None:
        return next((m.series for m in self.mentions if m.series), None)

    @property
    def modality(self) -> str:
        return self.mentions[0].modality


def find_events(analysis: Analysis, people: list[PersonMention]) -> list[DocEvent]:
    mentions: list[EventMention] = []
    for index in range(len(analysis.sentences)):
        if index not in analysis.skip:
            mentions += _mentions_in_sentence(analysis, index, people, mentions)
    events = _merge(analysis, mentions)
    taken: set[str] = set()
    for event in events:
        _link_or_create(analysis, event, taken)  # one known event per referent of this text
        if event.linked and event.id:
            taken.add(event.id)
        if event.id and all(_passing(analysis, m) for m in event.mentions):
            analysis.passing.add(event.id)  # its claims stand; statements and topics go to the event told of
        _claims(analysis, event)
    _parts(analysis, events)
    _joint_statements(analysis, events)
    ship_movements(analysis)  # news_events.py: a warship's arrival at or departure from a port
    elections(analysis)  # news_events.py: an election or referendum with its place and date
    return events


# --- finding mentions


def _mentions_in_sentence(
    analysis: Analysis, index: int, people: list[PersonMention], earlier: list[EventMention]
) -> list[EventMention]:
    sentence = analysis.sentences[index]
    text = analysis.text
    found: list[EventMention] = []
    for cue in analysis.context.lexicon.events:
        matches = [
            m
            for pattern in cue.patterns
            for m in pattern.finditer(text, sentence.start, sentence.end)
            if not analysis.quoted(m.start())
        ]
        if not matches:
            continue
        matches.sort(key=lambda m: m.start())
        # each clause of the sentence (split at semicolons and colons) names its own events: "The summit was the
        # first meeting of the two as leaders; Abe had met Trump … in November"
        clauses: dict[tuple[int, int], list[re.Match]] = {}
        for match in matches:
            clauses.setdefault(analysis.clause(sentence, match.start()), []).append(match)
        for in_clause in clauses.values():
            for match, own in _coordinated(analysis, sentence, in_clause):
                _add_mention(analysis, index, sentence, cue, match, own, found)
    for mention in found:
        _describe(analysis, mention, people)
        if mention.cue.kind in ACT_KINDS:
            _who_acts(analysis, mention, people)
        elif mention.cue.kind == "missile launch":
            _who_launched(analysis, mention)
        elif mention.cue.type == "Exercise":
            mention.participants = exercise_parties(
                analysis, mention.clause, (mention.start, mention.end), mention.participants, Agent
            )
            if mention.series and analysis.is_a(mention.series, "MilitaryUnit"):
                mention.series = None  # the Marine Corps drills in the exercise; it is no series of meetings
            mention.name = exercise_name(analysis, mention.sentence_clause, (mention.start, mention.end))
            if run := exercise_run(analysis, mention.sentence_clause):
                mention.date, mention.date_value = run
    found = [m for m in found if m.cue.kind != "missile launch" or (m.participants and not _habitual(analysis, m))]
    found = [m for m in found if not _setting_of_another(analysis, m, found)]
    _nearest_cue(analysis, found)
    for mention in found:
        if mention.cue.type == "Visit":  # after the nearest cue took its own: whom the visitor meets is not theirs
            mention.participants = [a for a in mention.participants if not _met_on_the_visit(analysis.text, mention, a)]
    _visit_for_a_meeting(analysis, found)
    _on_the_sidelines(analysis, found)
    _after_the_meeting(analysis, found, earlier)
    for mention in found:
        _the_two_named_before(analysis, mention, earlier + [f for f in found if f.start < mention.start])
        _asked_for(analysis, mention)
    for mention in found:
        if len([a for a in mention.participants if a.person]) >= 2:  # the people stand for their states
            mention.participants = [a for a in mention.participants if a.person or not analysis.is_a(a.id, "State")]
        if mention.cue.type == "Signing":
            mention.signers = [a for a in mention.participants if not a.inferred]
            mention.participants = [
                a for a in mention.participants if a.person
            ]  # states sign: signedBy, not participant
            if mention.signers and mention.agreements:
                mention.anaphoric = False  # "Japan … celebrated the signing of the X Agreement": its own signing
    return [m for m in found if _plausible(analysis, m)]


# "launched more than a dozen missiles", "fired dozens of missiles", "fired 20 missiles": a count of missiles
COUNT_OF_MISSILES = re.compile(
    r"\s+(?:more\s+than\s+|some\s+|about\s+|at\s+least\s+|nearly\s+|over\s+|dozens\s+of\s+|several\s+|scores\s+of\s+|"
    r"\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)",
    re.IGNORECASE,
)


def _habitual(analysis: Analysis, mention: EventMention) -> bool:
    """ "North Korea's missile launches", "has launched more than a dozen missiles this year": launches in the plural
    with no time the sentence gives, or over a span longer than a month, are a run of events the text speaks of, not
    one it reports (one it dates is: "launches of short-range missiles this month", "fired two missiles on Tuesday")."""
    plural = re.search(r"\blaunches\b", mention.match_text, re.IGNORECASE) or COUNT_OF_MISSILES.match(
        analysis.text, mention.end
    )
    if plural is None:
        return False
    value = mention.date_value
    if mention.date is not None and (value is None or (value.latest - value.earliest).days <= 31):
        return False
    analysis.why_not(
        mention.start, "launches in the plural, undated or over more than a month: a run of launches, not one event"
    )
    return True


COORDINATED = re.compile(r",\s+and\s+(?=(?-i:[A-Z]))")


def _coordinated(
    analysis: Analysis, sentence, matches: list[re.Match]
) -> list[tuple[re.Match, tuple[int, int] | None]]:
    """The first way the sentence names an event; and, where a later clause with its own subject names another of
    the same kind ("… is due to visit Washington …, and Biden will make a state visit to Japan"), that one too,
    each read in its own part of the sentence."""
    first = matches[0]
    clause = analysis.clause(sentence, first.start())
    cuts = [m.start() for m in COORDINATED.finditer(analysis.text, clause[0], clause[1])]
    taken = [first]
    for match in matches[1:]:
        if any(taken[-1].end() <= cut < match.start() for cut in cuts):
            taken.append(match)
    if len(taken) == 1:
        return [(first, None)]
    bounds = [
        clause[0],
        *[next(c for c in cuts if a.end() <= c < b.start()) for a, b in zip(taken, taken[1:], strict=False)],
        clause[1],
    ]
    return [(match, (bounds[i], bounds[i + 1])) for i, match in enumerate(taken)]


def _add_mention(
    analysis: Analysis,
    index: int,
    sentence,
    cue,
    match: re.Match,
    own: tuple[int, int] | None,
    found: list[EventMention],
) -> None:
    text = analysis.text
    clause = own or analysis.clause(sentence, match.start())
    generic = cue.type == "Meeting" and cue.series is None
    if generic and any(
        f.sentence_clause == clause
        and f.cue.type in ("Meeting", "Summit")
        and f.clause[0] <= match.start() < f.clause[1]
        and not SIDELINES.search(text, match.end(), f.start)
        and not TEMPORAL_REFERENCE.search(text, max(clause[0], f.start - 25), f.start)
        for f in found
    ):
        return  # "the 2+2 meeting", "summit meeting": one event, named by its specific cue (not "X met Y …, and … a summit")
    if cue.type == "Signing" and CONDITIONAL_SIGNING.search(text, max(sentence.start, match.start() - 12), match.end()):
        analysis.why_not(match.start(), "a signing the text makes conditional (when/once/if signed)")
        return
    if cue.type == "Signing" and NOT_AN_AGREEMENT.match(text, match.end()):
        # "Biden signed an order for the United States to rejoin the Paris climate agreement": no agreement was signed
        analysis.why_not(match.start(), "signed an order, a bill or a letter: no agreement's signing")
        return
    window = clause
    if cue.kind in ACT_KINDS:
        # an announcement or decision: its clause up to what was said or decided, which names no party of it
        window = act_window(analysis, cue.kind, match.start(), match.end(), clause)
        if window is None:
            return
    elif cue.series is None and not VERB_CUE.fullmatch(match.group().strip().split()[-1].lower()):
        window = _list_item(analysis, clause, match.start(), match.end())
        if cue.type == "Exercise" and named_in_apposition(analysis, clause, match.start()):
            window = clause  # "Resolute Dragon, an annual exercise of X, which began on Thursday": no list
    mention = EventMention(cue, match.start(), match.end(), index, window, match_text=match.group())
    mention.sentence_clause = clause
    # a second cue of the kind, in a clause with its own subject, is another event ("…, and Biden will make a state visit")
    mention.distinct = own is not None and any(f.cue is cue and f.sentence == index for f in found)
    found.append(mention)


def _nearest_cue(analysis: Analysis, mentions: list[EventMention]) -> None:
    """Two events in one sentence ("held a 2+2 … and two days later came the summit between X and Y"): each party,
    date and place goes to the cue nearest to it."""
    if len(mentions) < 2:
        return

    def distance(mention: EventMention, start: int, end: int) -> int:
        return start - mention.end if start >= mention.end else max(0, mention.start - end)

    for mention in mentions:
        others = [m for m in mentions if m is not mention]
        # a party named after a later cue belongs to that cue ("… a 2+2, and later the summit between X and Y"); one
        # named before both is the subject of both ("X met Y and signed …")
        mention.participants = [
            a
            for a in mention.participants
            if not any(mention.end <= o.start <= a.start and a.id in {x.id for x in o.participants} for o in others)
        ]
        # "Abe is due to visit Washington …, and Trump will make a state visit": the later cue has its own subject
        text = analysis.text
        subjects = [
            a
            for a in mention.participants
            if any(o.end <= a.start < mention.start for o in others)
            and re.search(r",\s+and\s+$|;\s+$", text[max(0, a.start - 8) : a.start])
        ]
        if subjects:
            mention.participants = [a for a in mention.participants if a.start >= subjects[0].start]
        if mention.date is not None and any(
            o.date is mention.date
            and distance(o, mention.date.start, mention.date.end)
            < distance(mention, mention.date.start, mention.date.end)
            and not _coordinated_after(text, mention, mention.date, o)
            for o in others
        ):
            mention.date, mention.date_value = None, None
        if mention.place is not None and any(
            o.place == mention.place
            and distance(o, mention.place[1], mention.place[2]) < distance(mention, mention.place[1], mention.place[2])
            for o in others
        ):
            mention.place = None


PURPOSE = re.compile(r"\b(?:for|to)\s+(?:[\w'\u2019-]+\s+){0,3}$", re.IGNORECASE)


def _visit_for_a_meeting(analysis: Analysis, mentions: list[EventMention]) -> None:
    """ "X will visit Washington next month to meet Y", "X is due to travel to P for talks with Y": two events, the
    visit (X, P and the words between) and the meeting it is for (X and Y, and only the date and place after its own
    cue: "…, set for Feb. 10 at the White House"), which is part of the visit. Without a traveller named before the
    visit, which of them the sentence's parts belong to is not told, and nothing is changed."""
    text = analysis.text
    for visit in [m for m in mentions if m.cue.type == "Visit"]:
        meeting = next(
            (
                m
                for m in mentions
                if m.cue.type in ("Meeting", "Summit")
                and visit.clause[0] <= m.start < visit.clause[1]
                and visit.end <= m.start <= visit.end + 80
                and not re.search(r"[,;:]", text[visit.end : m.start])
                and (
                    PURPOSE.search(text[visit.end : m.start]) or re.match(r"to\s", text[m.start : m.end], re.IGNORECASE)
                )
            ),
            None,
        )
        if meeting is None:
            continue
        travellers = [a for a in visit.participants if a.start < visit.start and not a.inferred]
        if not travellers:
            continue
        met = [a for a in meeting.participants if a.start >= meeting.start and a.id not in {t.id for t in travellers}]
        visit.participants = travellers
        meeting.participants = travellers + met
        visit.clause = (visit.clause[0], meeting.start)
        meeting.clause = (
            meeting.start,
            min(meeting.clause[1], visit.sentence_clause[1]),
        )  # not "…, and Biden will make a state visit"
        for mention in (visit, meeting):
            mention.date, mention.date_value = _date(analysis, mention)
            mention.date_from = None
            mention.place = _place(analysis, mention)
            if mention.date_value is not None and mention.date_value.earliest > analysis.source.date.latest:
                mention.modality = "planned"
            elif (
                mention.modality != "asserted"
                and mention.date_value is not None
                and mention.date_value.latest < analysis.source.date.earliest
            ):
                mention.date, mention.date_value = None, None  # a plan's past date is when it was made
        meeting.part_of = visit


# "Ahead of the two-plus-two, the ministers held …": the 2+2 is when, not what this clause's meeting is
TEMPORAL_REFERENCE = re.compile(
    r"\b(?:ahead\s+of|before|after|following|prior\s+to)\s+(?:the|a|an|their|this)\s+[\"\u201c]?$", re.IGNORECASE
)
SIDELINES = re.compile(
    r"\b(?:on|at)\s+the\s+(?:sidelines|margins|fringes)\s+of\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'\u2019-]+\s+){0,5}$"
    r"|\b(?:during|as\s+part\s+of)\s+(?:the|a|an|his|her|their)\s+(?:[\w.'\u2019-]+\s+){0,5}$",
    re.IGNORECASE,
)


def _on_the_sidelines(analysis: Analysis, mentions: list[EventMention]) -> None:
    """ "X met Y on the sidelines of the G7 summit in Hiroshima", "… during the Shangri-La Dialogue": the meeting is
    part of the other event. Who met is the meeting's (the summit's parties are not told); the place after the other
    event's cue is where both are; the date, said of the meeting, is the meeting's."""
    text = analysis.text
    for meeting in [m for m in mentions if m.cue.type == "Meeting" and m.cue.series is None]:
        whole = next(
            (
                m
                for m in mentions
                if m is not meeting
                and m.cue.type in ("Meeting", "Summit", "Event", "Exercise")
                and meeting.end <= m.start <= meeting.end + 90
                and SIDELINES.search(text, meeting.end, m.start)
            ),
            None,
        )
        if whole is None:
            continue
        meeting.part_of = whole
        meeting.participants = [a for a in meeting.participants if a.start < whole.start]
        whole.participants = [a for a in whole.participants if a.start > whole.end]
        whole.clause = (whole.start, whole.clause[1])
        whole.place = _place(analysis, whole)
        if whole.place is not None:
            meeting.place = whole.place
        if whole.date is not None and meeting.date is None:
            # "met … on the sidelines of the summit in Hiroshima later that month": when they met, within the summit
            meeting.date, meeting.date_value = whole.date, whole.date_value


# "Following the meeting, the two Secretaries held a joint press conference"; "At a joint news conference in the Rose
# Garden after the talks, …": the press conference is part of the meeting told of, and (opening the sentence) on its day
AFTER_THE_MEETING = re.compile(
    r"\W*(?:following|after)\s+(?:the|their|this|today's)\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|call|2\+2|two-plus-two)\s*,",
    re.IGNORECASE,
)
AFTER_THE_CUE = re.compile(
    r"\s+(?:(?:in|at)\s+[^,;]{1,40}?\s+)?(?:following|after)\s+(?:the|their)\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|call)\b",
    re.IGNORECASE,
)


def _after_the_meeting(analysis: Analysis, found: list[EventMention], earlier: list[EventMention]) -> None:
    """A press conference, ceremony or announcement "following the meeting" / "after the talks" is part of the last
    meeting that happened (not one only planned or compared with); when the sentence opens with those words, it is
    dated by it."""
    text = analysis.text
    for mention in [m for m in found if m.cue.type == "Event"]:
        sentence = analysis.sentences[mention.sentence]
        opening = AFTER_THE_MEETING.match(text, sentence.start, mention.start)
        if not (opening or AFTER_THE_CUE.match(text, mention.end, sentence.end)):
            continue
        meetings = [
            m
            for m in earlier + [f for f in found if f.start < mention.start]
            if m.cue.type in ("Meeting", "Summit")
            and m.modality == "asserted"
            and any(a.person for a in m.participants)  # the meeting the report tells of, not one named by its series
            and same_item(analysis, m.sentence, mention.sentence)
            and not _passing(analysis, m)
        ]
        people = {a.id for a in mention.participants if a.person}
        # of those, the last that the people of the press conference took part in, when it names any
        shared = [m for m in meetings if people & {a.id for a in m.participants}]
        if not (shared or meetings):
            continue
        meeting = (shared or meetings)[-1]
        mention.part_of = meeting
        if opening and mention.date is None and meeting.date is not None:
            mention.date, mention.date_value = meeting.date, meeting.date_value


def _who_acts(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> None:
    """Who announced, decided or briefed: the clause's subject, before the verb — a person ("He" too), or the state
    whose body decided (with the one who chairs it)."""
    mention.participants = [a for a in mention.participants if a.start < mention.start]
    if mention.cue.kind == "decision":
        mention.body = body_words(analysis, mention.clause[0], mention.start)
        state = deciding_state(analysis, mention.clause[0], mention.start, people)
        if state is not None and not any(a.id == state[0] for a in mention.participants):
            mention.participants.append(Agent(state[0], state[1], state[2], False, inferred=True))


WHERE = re.compile(r",\s+where\b", re.IGNORECASE)


def _setting_of_another(analysis: Analysis, mention: EventMention, found: list[EventMention]) -> bool:
    """ "X visited the Pentagon on Thursday, where he and Y signed …": the visit is told as the setting of the event in
    the "where" clause, which takes the day and the place; no visit of its own (but "arrived in Tokyo from Seoul,
    where he had met …" tells of another place)."""
    if mention.cue.type != "Visit":
        return False
    sentence = analysis.sentences[mention.sentence]
    where = WHERE.search(analysis.text, mention.end, sentence.end)
    if where is None or re.search(r"\bfrom\b", analysis.text[mention.end : where.start()]):
        return False  # "arrived in Tokyo from Seoul, where he had met …": where is Seoul, not the visit's place
    return any(o is not mention and o.sentence == mention.sentence and o.start > where.start() for o in found)


# "North Korea launched …", "China has fired …": the state right before the verb; "North Korea's (recent) missile
# launches": the state that owns the noun ("North Korean missile launches" is the kind, no particular launches);
# "missiles fired by China": the state after "by"
LAUNCHER_SUBJECT = re.compile(r"(?:\s+(?:has|had|have|also|again|then|reportedly)){0,2}\s+$")
LAUNCHER_OWNER = re.compile(r"['\u2019]s\s+(?:[\w-]+\s+){0,2}$")
LAUNCHER_AFTER = re.compile(r"\s+by\s+(?:the\s+)?$")
LAUNCH_VERB = re.compile(r"launched|fired|test", re.IGNORECASE)


def _who_launched(analysis: Analysis, mention: EventMention) -> None:
    """Who launched the missiles: only the state the words make the launcher — not the people the clause is about
    ("the leaders appeared to differ over North Korea's recent missile launches"). None found: no event."""
    text = analysis.text
    launcher = None
    verb = bool(LAUNCH_VERB.match(mention.match_text))
    before = LAUNCHER_SUBJECT if verb else LAUNCHER_OWNER
    for m in analysis.mentions_in(max(mention.clause[0], mention.start - 40), mention.end + 12):
        if not analysis.is_a(m.entity, "State"):
            continue
        if (m.end <= mention.start and before.fullmatch(text, m.end, mention.start)) or (
            m.start >= mention.end and LAUNCHER_AFTER.fullmatch(text, mention.end, m.start)
        ):
            launcher = m
    mention.participants = [Agent(launcher.entity, launcher.start, launcher.end, False)] if launcher else []
    if launcher is None:
        return
    # what the launcher did is told by its own words, not by the clause the launches are named in ("they appeared
    # to differ over North Korea's recent missile launches"; "was not bothered by North Korea's launches")
    first = min(launcher.start, mention.start)
    said = analysis.context.lexicon.modality_of(analysis.unquoted(first, mention.end))
    mention.modality, mention.modality_words = (
        (MODALITY_OF_EVENT.get(said[0], "asserted"), said[1]) if said else ("asserted", "")
    )
    if mention.date is not None and not verb:
        # the launches as a noun: their date is one in the noun phrase ("launches of … missiles this month"), not
        # the clause's ("pledged on Monday …, but differed over North Korea's missile launches")
        near = (
            re.fullmatch(r"[^,;]{0,40}", text[mention.end : mention.date.start])
            if mention.date.start >= mention.end
            else None
        )
        if near is None:
            mention.date, mention.date_value, mention.date_from = None, None, None


PEOPLE_TOGETHER = re.compile(
    r"\b(?:the|both)\s+(?:(?P<n>two|three|four)\s+)?(?:[\w-]+\s+)?(?:leaders|ministers|secretaries|counterparts)\b",
    re.IGNORECASE,
)
NUMBERS = {"two": 2, "three": 3, "four": 4}
PEOPLE_NOUN = re.compile(r"\b(?:leaders|ministers|secretaries|counterparts)\b", re.IGNORECASE)


def _the_two_named_before(analysis: Analysis, mention: EventMention, earlier: list[EventMention]) -> None:
    """ "the two leaders met again", "the two ministers held talks": the people of the nearest event before (in this
    sentence or the two before) that has that many, in place of the text's two states. With none, nothing changes."""
    text = analysis.text
    start = mention.clause[0]
    found = list(PEOPLE_TOGETHER.finditer(text, max(start, mention.start - 45), mention.start))
    if not found or len([a for a in mention.participants if a.person]) >= 2:
        return
    words = found[-1]
    # "the two secretaries": that many; "the ministers": however many the last event with people had
    count = (
        NUMBERS.get(words.group("n").lower(), 2)
        if words.group("n")
        else (2 if words.group().lower().startswith("both") else None)
    )
    noun = words.group().split()[-1].lower()
    kind = {"secretaries": "minister", "ministers": "minister", "leaders": "leader"}.get(noun)
    if re.search(r"\b(?:defen[cs]e|foreign|trade|economic|finance)\s+\w+$", words.group(), re.IGNORECASE):
        kind = "minister"  # "the two defense leaders" are the defence ministers
    for prior in reversed(earlier):
        people = list({a.id: a for a in prior.participants if a.person}.values())
        if kind is not None:
            # "the two secretaries" are no prime minister: people whose office is of that kind
            people = [p for p in people if _office_kinds(analysis, p.id) == {kind}]
        if count is not None and noun in ("secretaries", "ministers") and len(people) != count:
            # "the two secretaries" of a meeting of two secretaries and two ministers: those of that title
            people = [p for p in people if _titled(analysis, p.id, noun[:-3] if noun == "secretaries" else noun[:-1])]
        if count is None and len(people) < 2:
            continue
        if count is None or len(people) == count:
            kept = [a for a in mention.participants if not a.inferred and a.id not in {p.id for p in people}]
            mention.participants = sorted(
                kept + [Agent(p.id, words.start(), words.end(), True, inferred=True) for p in people],
                key=lambda a: a.start,
            )
            mention.anaphoric = False  # "the ministers held the first meeting on …": named by who held it
            if (
                mention.cue.level is None
            ):  # "the two ministers met on the sidelines of a summit": ministers, not leaders
                mention.level = (
                    _level_in(analysis.context.lexicon.levels, text, words.start(), words.end()) or mention.level
                )
            return
    if PEOPLE_NOUN.search(words.group()):
        # "the two leaders" are people; the text's two states stand for them only in the words of a state
        mention.participants = [a for a in mention.participants if not a.inferred]


# "agreed to seek an emergency meeting of the Security Council", "requested a session of the council": a body's
# meeting asked for by others
ASKED_FOR = re.compile(
    r"\b(?:seek|seeks|sought|seeking|request(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|ask(?:s|ed|ing)?\s+for|"
    r"push(?:es|ed|ing)?\s+for|demand(?:s|ed|ing)?)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _asked_for(analysis: Analysis, mention: EventMention) -> None:
    """Those who ask for a meeting of a body (the UN Security Council) are not said to take part in it, nor does their
    rank give its level: the people and states named before the cue are dropped; whoever is named after it stays."""
    if mention.series is None or mention.cue.series is not None:
        return  # a meeting of a series the cue names ("a 2+2") is one its parties hold, whoever called it
    if not ASKED_FOR.search(analysis.text, max(mention.clause[0], mention.start - 40), mention.start):
        return
    mention.participants = [a for a in mention.participants if a.start > mention.end]
    mention.level = mention.cue.level or _level_in(
        analysis.context.lexicon.levels, analysis.text, mention.start, mention.end
    )


# a coordinated predicate in the past tense: what the words before it say of their own predicate is not said of it
DONE_PREDICATE = re.compile(
    r",\s+(?:and|but)\s+(?:then\s+|later\s+|also\s+)?(?-i:[a-z]+ed|flew|met|went|held|made|came|spoke|took|gave|began|sent)\b"
)
# a subordinate clause with its own subject ("…, as Biden hosted his first in-person meeting"): the words before it
# (", pledged on Friday to work together") say nothing of its predicate's modality
SUBORDINATE = re.compile(
    r",\s+(?:as|when|while)\s+(?=(?-i:[A-Z])|(?:he|she|they|the)\s)"
    # without a comma, only before a name and a verb of the past: "agreed to start talks when Kishida visited Manila"
    r"|\s(?:when|after)\s+(?=(?-i:[A-Z])[\w.'\u2019-]*(?:\s+(?-i:[A-Z])[\w.'\u2019-]*){0,3}\s+(?-i:[a-z]+ed|met|held|flew|made)\b)",
    re.IGNORECASE,
)
PREDICATE_START = re.compile(
    r"^\s*(?:and|but)\s+(?:then\s+|later\s+|also\s+)?(?!(?:a|an|the|two|several|other)\b)(?-i:[a-z]+)\b", re.IGNORECASE
)


def _office_kinds(analysis: Analysis, person: str) -> set[str]:
    """The kinds (leader, minister, …) of the offices the person holds, as this text names them (in 2015 Kishida is
    the foreign minister, whatever else the graph knows of him), else as the graph knows them."""
    offices = {
        c.object
        for c in analysis.claims
        if c.relation == "holdsOffice" and c.subject == person and c.modality != "former"
    }
    offices = offices or analysis.context.offices_held.get(person, set())
    labels = {analysis.label(office) for office in offices}
    return {title.kind for title in analysis.context.lexicon.offices if labels & set(title.labels.values())}


def _titled(analysis: Analysis, person: str, word: str) -> bool:
    """Whether an office the person holds (as proposed here, or known to the graph) has `word` in its name."""
    offices = {c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == person}
    offices |= analysis.context.offices_held.get(person, set())
    return any(word in analysis.label(office).lower() for office in offices)


def _coordinated_after(text: str, mention: EventMention, date: DateMention, other: EventMention) -> bool:
    """ "X met Y on Jan. 12 and signed …": the date closes the first predicate, which the second is coordinated with."""
    return (
        mention.end <= date.start
        and date.end <= other.start
        and bool(re.fullmatch(r"\s*,?\s*and\s+", text[date.end : other.start]))
    )


ITEM_START = re.compile(r"^\s*(?:and\s+|as\s+well\s+as\s+)?(?:a|an|the|two|several|other)\b", re.IGNORECASE)


def _list_item(analysis: Analysis, clause: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """A noun cue in a list of engagements ("…, the signing of X at Y, a policy speech from Z at W, …") says only
    what its own item says; elsewhere ("Biden and Kishida attend the summit meeting at …") its whole clause."""
    text = analysis.text
    cuts = [clause[0]] + [clause[0] + m.start() for m in re.finditer(",", text[clause[0] : clause[1]])] + [clause[1]]
    segments = list(zip(cuts, cuts[1:], strict=False))
    for number, (a, b) in enumerate(segments):
        if a <= start < b:
            own = text[a + (1 if number else 0) : b]
            following = (
                text[segments[number + 1][0] + 1 : segments[number + 1][1]] if number + 1 < len(segments) else ""
            )
            if PREDICATE_START.match(own):
                return clause  # "…, and then flew to Tokyo for a summit with X on March 16, the first such visit": a
                # predicate of the clause's subject, not an item of a list
            if (number and ITEM_START.match(own)) or ITEM_START.match(following):
                return (a + (1 if number else 0), b)
    return clause


def _describe(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> None:
    text = analysis.text
    start, end = mention.clause
    mention.series = mention.cue.series or _series(analysis, mention)
    mention.participants = _agents(analysis, mention, people)
    if mention.series and (other := _outside_series(analysis, mention, people)):
        analysis.why_not(mention.start, f"{other} takes part: not a meeting of {analysis.label(mention.series)}")
        mention.series = None  # a Japan-Philippines "2+2" is not the U.S.-Japan Security Consultative Committee
    mention.date, mention.date_value = _date(analysis, mention)
    mention.date, mention.date_value = event_date(
        analysis, mention.clause, mention.start, mention.sentence, (mention.date, mention.date_value)
    )
    if mention.date is None:
        mention.date, mention.date_value, mention.date_from = _lede_date(analysis, mention)
    mention.place = _place(analysis, mention)
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
    if mention.date_value is not None and mention.date_value.earliest > analysis.source.date.latest:
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
    if mention.cue.series is None and VERB_CUE.fullmatch(text[mention.start : mention.end].strip().split()[-1].lower()):
        # "Austin and Kihara also met their Australian counterpart": one more meeting, not the one told of before
        mention.distinct = mention.distinct or bool(
            re.search(r"\balso\s+$", text[max(start, mention.start - 6) : mention.start])
        )
    if mention.cue.type == "Visit" and re.search(r"\bthen\s+$", text[max(start, mention.start - 6) : mention.start]):
        mention.distinct = True  # "Austin will then visit India": the next leg of a trip, not the visit told before


# after a visit's cue, words that introduce whom the visitor meets or what they do there: "… visited Tokyo and agreed
# with Nakatani", "… will fly to Washington for his first summit with Trump" (not "the visit by X and Y", nor a bare
# "with", which may name a fellow traveller: "visited Tokyo with Blinken")
MET_ON_THE_VISIT = re.compile(
    r"\b(?:meet|meets|met|meeting|talks|summit|for|hosted|host|see)\b|\band\s+(?-i:[a-z]+)\b", re.IGNORECASE
)


def _met_on_the_visit(text: str, mention: EventMention, agent: Agent) -> bool:
    """A person or state named after a visit's cue whom the visitor meets there, or who is named in what they do
    there: the visit is the visitor's (the meeting, if the text names one, is another event with both)."""
    return agent.start > mention.end and bool(MET_ON_THE_VISIT.search(text, mention.end, agent.start))


def _plausible(analysis: Analysis, mention: EventMention) -> bool:
    """Enough for an event: who (two parties for a meeting, one otherwise), or a series, or a reference back."""
    kind = mention.cue.type
    people = [a for a in mention.participants if a.person]
    if mention.anaphoric or mention.series:
        return True
    if kind in ("Meeting", "Summit"):
        if len(mention.participants) >= 2 or (
            people and re.search(r"\bmet\s+with\b|\bwith\b", analysis.text[mention.start : mention.clause[1]])
        ):
            return len(mention.participants) >= 2
        analysis.why_not(
            mention.start,
            f"the meeting cue {analysis.text[mention.start : mention.end]!r} has fewer than two parties the text names",
        )
        return False
    if kind == "Signing":
        mention.agreements = _agreements(analysis, mention)
        if not mention.agreements:
            analysis.why_not(mention.start, "a signing without an agreement the rules can name")
        return bool(mention.agreements)
    if not mention.participants:
        analysis.why_not(
            mention.start, f"the event cue {analysis.text[mention.start : mention.end]!r} names nobody who takes part"
        )
        return False
    if kind == "Visit" and mention.place is None:
        analysis.why_not(mention.start, "a visit without a place the rules can name")
        return False
    return True


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
        if any(a.id == entity for a in agents):
            continue
        agents.append(Agent(entity, m.start, m.end, is_person))
    for p in people:
        if (
            start <= p.start < end
            and not any(a.id == p.entity for a in agents)
            and not analysis.quoted(p.start)
            and not _in_what_was_said(text, mention, start, p.start, True)
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
    return sorted(agents, key=lambda a: a.start)


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


PRONOUN_SUBJECT = re.compile(r"\s*(?-i:He|She)\b(?!['\u2019])")
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
    if first is None or first[0] - previous.start > SUBJECT_START or "," in analysis.text[previous.start : first[0]]:
        return None
    return first[1]


def _date(analysis: Analysis, mention: EventMention) -> tuple[DateMention | None, DateValue | None]:
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
        if _other_predicate_between(analysis.text, mention, d.start, d.end):
            continue  # "…, and will return to Tokyo on Saturday": the return's date
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


def _place(analysis: Analysis, mention: EventMention) -> tuple[str, int, int, bool] | None:
    text = analysis.text
    start, end = mention.clause
    named = [m for m in analysis.mentions if m.kind != "capital"]  # "Seoul" is a place here, not the government
    for m in analysis.mentions_in(start, end):
        if _in_parentheses(analysis, m.start, start, end) or m.kind == "capital":
            continue
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
    reach = 45 if mention.cue.type == "Visit" else 30
    for match in NEW_PLACE.finditer(text, mention.end, end):
        if match.start() > mention.end + reach:
            break
        name = match.group("place")
        if any(name.split()[0].lower().startswith(w) for w in NOT_PLACES) or any(
            m.start <= match.start("place") < m.end for m in named
        ):
            continue
        if any(p.start <= match.start("place") < p.end for p in analysis.entities.values()):
            continue
        return name, match.start("place"), match.end("place"), True
    return None


def _level(analysis: Analysis, mention: EventMention, people: list[PersonMention]) -> str | None:
    if mention.cue.type not in ("Meeting", "Summit"):
        return None
    levels = analysis.context.lexicon.levels
    named = _level_in(levels, analysis.text, mention.start, mention.end)  # "summit", "2+2", "ministerial meeting"
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
    return _level_in(levels, analysis.text, *mention.clause)


ELECT = re.compile(r"\b(?:president|prime\s+minister|premier|chancellor)[-\s]elect\b", re.IGNORECASE)


def _level_in(levels: dict, text: str, start: int, end: int) -> str | None:
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


def _agreements(analysis: Analysis, mention: EventMention) -> list[str]:
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


# --- one event per referent


def _merge(analysis: Analysis, mentions: list[EventMention]) -> list[DocEvent]:
    events: list[DocEvent] = []
    for mention in mentions:
        # nothing carries from one dated list item to the next: each tells of its own day
        near = [e for e in events if same_item(analysis, e.mentions[-1].sentence, mention.sentence)]
        target = _signing_ceremony(mention, near) or _series_named_before(mention, near)
        for event in reversed(near) if target is None else ():
            if mention.cue.type not in COMPATIBLE.get(event.type, {event.type}):
                continue
            theirs = {a for m in event.mentions for a in m.agreements}
            if mention.agreements and theirs and not theirs & set(mention.agreements):
                continue  # "the signing of the X Agreement" is not the signing of another agreement told of before
            if mention.anaphoric and not mention.date_value:
                target = event
                break
            if (
                mention.definite
                and not mention.distinct
                and event.mentions[0].cue is mention.cue
                and (
                    mention.date_value is None
                    or event.date_value is None
                    or _overlap(event.date_value, mention.date_value)
                )
            ):
                target = event  # "Austin told a joint news conference …" then "…, Testoda told the news conference"
                break
            if _same(event, mention):
                target = event
                break
        if target is None:
            events.append(DocEvent(mention.cue.type, [mention]))
        else:
            target.mentions.append(mention)
            if mention.cue.type == "Summit":
                target.type = "Summit"
    return events


def _series_named_before(mention: EventMention, events: list[DocEvent]) -> DocEvent | None:
    """ "The SCC meeting took place ahead of the visit …, where he is scheduled to meet Obama on April 28": a definite
    mention of a series, naming no one, is the meeting of that series told of before (the clause's date is another
    event's); so is an undated one naming no one ("The Security Consultative Committee clarified that …")."""
    if not (mention.series and not mention.distinct and not any(a.person for a in mention.participants)):
        return None
    if not (mention.definite or mention.date_value is None):
        return (
            None  # "The Security Consultative Committee clarified …", undated: the committee's meeting told of before
        )
    target = next((e for e in reversed(events) if e.series == mention.series), None)
    if (
        target is not None
        and mention.date_value is not None
        and target.date_value is not None
        and not _overlap(target.date_value, mention.date_value)
    ):
        mention.date, mention.date_value = None, None
    return target


def _signing_ceremony(mention: EventMention, events: list[DocEvent]) -> DocEvent | None:
    """ "… signed the agreement at NASA headquarters. Nelson attended the ceremony": the ceremony is that signing."""
    words = mention.cue.kind == "ceremony" and mention.definite and not mention.distinct
    if not words:
        return None
    return next(
        (
            e
            for e in reversed(events)
            if e.type == "Signing" and mention.sentence - 1 <= max(m.sentence for m in e.mentions) <= mention.sentence
        ),
        None,
    )


def _same(event: DocEvent, mention: EventMention) -> bool:
    if mention.distinct:
        return False  # "a similar meeting with their South Korean counterparts"
    named = {m.name for m in event.mentions if m.name}
    if mention.name and named and mention.name not in named:
        return False  # the Keen Sword exercise is not Orient Shield, whoever drills in both
    last = event.mentions[-1]
    kinds = {mention.cue.kind, last.cue.kind}
    if (kinds & set(ACT_KINDS) or None not in kinds) and mention.cue.kind != last.cue.kind:
        return False  # an announcement is not the news conference, nor the decision it announces; a welcome ceremony
        # is not the news conference after the talks
    if (
        event.series
        and not mention.series
        and mention.cue.type == "Meeting"
        and mention.sentence == last.sentence + 1
        and mention.modality == last.modality
        and (mention.date_value is None or event.date_value is None or _overlap(event.date_value, mention.date_value))
        and _within(event, mention)  # not "the two secretaries made a courtesy call on the prime minister"
    ):
        return True  # "… after a "2+2" meeting on Tuesday." then "Blinken and Austin met Motegi and Kishi in Tokyo": the lede's meeting
    if bool(event.series) != bool(mention.series):
        return False  # a "2+2" is not the summit the same sentence names
    if {mention.modality, event.modality} == {"asserted", "planned"}:
        return False  # "Ishiba … spoke with Trump by phone in November" is not the summit the text says will come
    if {mention.cue.type, last.cue.type} == {"Meeting", "Summit"} and "ministerial" in {mention.level, last.level}:
        return False  # the foreign ministers' meeting is not the leaders' summit it prepares
    date = event.date_value
    if date is not None and mention.date_value is not None and not _overlap(date, mention.date_value):
        return False
    shared = event.participants & {a.id for a in mention.participants}
    if event.series and mention.series:
        return event.series == mention.series
    if not (_within(event, mention) or _within_reversed(event, mention)):
        return False  # the secretaries' courtesy call on the prime minister is not the ministers' meeting
    return len(shared) >= 2 or (
        len(shared) >= 1 and (date is None or mention.date_value is None or date == mention.date_value)
    )


def _people(event: DocEvent) -> set[str]:
    return {a.id for m in event.mentions for a in m.participants if a.person}


def _within(event: DocEvent, mention: EventMention) -> bool:
    """Whether the people the mention names are among the event's, when the event names people: two mentions of one
    meeting name the same people, or one names some of them."""
    mine, theirs = {a.id for a in mention.participants if a.person}, _people(event)
    return not theirs or mine <= theirs


def _within_reversed(event: DocEvent, mention: EventMention) -> bool:
    mine = {a.id for a in mention.participants if a.person}
    return not mine or _people(event) <= mine


def _overlap(a: DateValue, b: DateValue) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


# --- linking to the graph's events, or a new one


def _link_or_create(analysis: Analysis, event: DocEvent, taken: set[str] = frozenset()) -> None:
    known = analysis.context.events
    best: tuple[float, str, str] | None = None
    date = _widened(event)
    participants = event.participants
    window = DateValue(analysis.source.date.earliest - timedelta(days=LINK_WINDOW_DAYS), analysis.source.date.latest)
    if all(m.modality == "planned" for m in event.mentions):  # "they will hold "2+2" talks": it lies after the text
        window = DateValue(
            analysis.source.date.earliest, analysis.source.date.latest + timedelta(days=LINK_WINDOW_DAYS)
        )
    agreements = {a for m in event.mentions for a in m.agreements}
    places = {m.place[0] if not m.place[3] else slug(m.place[0]) for m in event.mentions if m.place}
    named = _named_event(analysis, event, taken)
    if named is not None:
        event.id, event.linked, event.link_reason = named, True, "the text names it"
        _known_agreements(analysis, event)
        return
    for candidate in known.values():
        if candidate.type not in COMPATIBLE.get(event.type, {event.type}) or candidate.id in taken:
            continue
        signs_same = bool(agreements & candidate.signs)
        if event.type == "Signing" and signs_same:
            best = (10, candidate.id, f"the signing of {', '.join(sorted(agreements & candidate.signs))}")
            break
        if not candidate.dates:
            continue
        if date is not None:
            if not any(_overlap(date, d) and _comparable(date, d) for d in candidate.dates):
                continue
        elif not any(_overlap(window, d) for d in candidate.dates):
            continue
        # a meeting's label names its series ("NATO summit of 2022"); a speech's names where it was given ("at Johns
        # Hopkins University"), which is no series
        named_series = (
            _series_named(analysis, candidate.label) - candidate.places
            if candidate.type in ("Meeting", "Summit")
            else set()
        )
        candidate_series = candidate.series | named_series
        same_series = bool(event.series) and event.series in candidate_series
        if (event.series or candidate_series) and not same_series:
            continue  # a "2+2" is not a summit; a NATO summit is not a bilateral one
        shared = participants & candidate.participants
        if not (shared or same_series):
            continue
        # undated: two shared participants, or one at the same place ("Kishida's policy speech … at Johns Hopkins")
        same_place = bool(places & candidate.places)
        if date is None and not (same_series or len(shared) >= 2 or (shared and same_place)):
            continue
        score = 2 * (date is not None) + len(shared) + 2 * same_series
        reason = ", ".join(
            part
            for part in (
                f"date overlaps {candidate.dates[0].iso()}"
                if date is not None
                else f"dated {candidate.dates[0].iso()}, before this text",
                f"shares {', '.join(sorted(shared))}" if shared else "",
                f"same series ({event.series})" if same_series else "",
            )
            if part
        )
        if best is None or score > best[0]:
            best = (score, candidate.id, reason)
    if best is not None:
        event.id, event.linked, event.link_reason = best[1], True, best[2]
        _known_agreements(analysis, event)
        return
    if all(m.anaphoric for m in event.mentions):
        event.id = None
        analysis.why_not(
            event.mentions[0].start, "refers to an event the text does not describe and the graph does not hold"
        )
        return
    event.id = _new_event(analysis, event)


def _named_event(analysis: Analysis, event: DocEvent, taken: set[str]) -> str | None:
    """The registry event whose name holds one of the event's cues ("the signing of the U.S.-Japan Space Cooperation
    Framework Agreement" is the registered signing by that name): the text names it, so it is that one."""
    for mention in event.mentions:
        for m in analysis.mentions_in(mention.start - 120, mention.end + 120):
            kind = analysis.type_of(m.entity)
            if (
                m.start <= mention.start
                and mention.end <= m.end
                and m.entity not in taken
                and kind in COMPATIBLE.get(event.type, {event.type})
                and analysis.is_a(m.entity, "Event")
            ):
                return m.entity
    return None


def _known_agreements(analysis: Analysis, event: DocEvent) -> None:
    """A signing linked to a known one: an agreement the text only describes ("a memorandum of understanding on
    joint research"), proposed as new, is the agreement of that kind the known signing is of, when there is one."""
    known = analysis.context.events.get(event.id or "")
    if known is None or not known.signs:
        return
    for mention in event.mentions:
        for index, agreement in enumerate(mention.agreements):
            proposed = analysis.entities.get(agreement)
            if proposed is None or proposed.rule != "agreement-signed":
                continue
            same_kind = [a for a in sorted(known.signs) if analysis.type_of(a) == proposed.type]
            if len(same_kind) == 1:
                mention.agreements[index] = same_kind[0]
                if not any(agreement in (c.subject, c.object) for c in analysis.claims):
                    analysis.entities.pop(agreement, None)  # no claim of this run names it: it was this signing's


def _widened(event: DocEvent) -> DateValue | None:
    """The event's date for linking: a date counted from another ("a fortnight before") is approximate in the
    texts' usage ("a fortnight before" the 13th was the 11th), so it links within that distance (issue 12 keeps such dates as spans)."""
    mention = next((m for m in event.mentions if m.date_value is not None), None)
    if mention is None:
        return None
    value = mention.date_value
    if mention.date is not None and mention.date.kind == "offset":
        unit = re.search(r"(day|week|fortnight|month|year)", mention.date.text.lower())
        slack = {"day": 1, "week": 7, "fortnight": 14, "month": 15, "year": 180}[unit.group(1)] if unit else 1
        return DateValue(value.earliest - timedelta(days=slack), value.latest + timedelta(days=slack))
    return value


def _comparable(mine: DateValue, theirs: DateValue) -> bool:
    """A day is evidence for a known event dated to that day or month, not for one known only to its year."""
    return (theirs.latest - theirs.earliest).days <= 31 or (mine.latest - mine.earliest).days >= (
        theirs.latest - theirs.earliest
    ).days


def _series_named(analysis: Analysis, label: str) -> set[str]:
    """Groupings a known event's label names ("NATO summit of 2022"): its series, though no claim says meetingOf."""
    cache = analysis.context.cache.setdefault("series_names", {})
    if not cache:
        for entity in analysis.context.registry.entities.values():
            if analysis.context.is_a(entity.id, "Organisation") and not analysis.context.is_a(
                entity.id, "MilitaryUnit"
            ):
                for name in (entity.label, *entity.aliases):
                    if len(name) >= 2:
                        cache[name] = entity.id
    found = set()
    for name, entity in cache.items():
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label):
            found.add(entity)
    return found


def _new_event(analysis: Analysis, event: DocEvent) -> str:
    date = event.date_value
    when = date if date is not None and date.precision in ("day", "month") else analysis.source.date
    month = (
        f"{MONTHS[when.earliest.month - 1]} {when.earliest.year}"
        if when.earliest.month == when.latest.month
        else str(when.earliest.year)
    )
    if when.earliest.month == when.latest.month and not re.search(rf"(?<!\d){when.earliest.year}(?!\d)", analysis.text):
        # "spoke with Trump by phone in November" (the November before the text): the build lets a label name only
        # years the texts write, so the month alone
        month = MONTHS[when.earliest.month - 1]
    stamp = f"{when.earliest.year}-{when.earliest.month:02d}"
    people = [p for p in _ordered_participants(event) if analysis.is_a(p, "Person")]
    parties = people or [p for p in _ordered_participants(event)]
    names = [analysis.label(p) for p in parties]
    surnames = [
        analysis.family_names.get(p, n.split()[-1]) if analysis.is_a(p, "Person") else n
        for p, n in zip(parties, names, strict=True)
    ]
    first = event.mentions[0]
    kind = event.type
    place = next((m.place for m in event.mentions if m.place), None)
    place_label = (place[0] if place[3] else analysis.label(place[0])) if place else None
    if event.series:
        series = analysis.context.registry.entities.get(event.series)
        label = f"{analysis.label(event.series)} {'summit' if kind == 'Summit' else 'meeting'} of {month}"
        acronyms = [a for a in (series.aliases if series else ()) if re.fullmatch(r"[A-Z0-9]{2,6}", a)]
        base = f"event/{slug(min(acronyms, key=len)) if acronyms else slug(event.series)}-{stamp}"
    elif kind in ("Meeting", "Summit"):
        noun = "summit" if kind == "Summit" else "meeting"
        label = f"{noun.capitalize()} of {_and(names)} ({month})"
        base = f"event/{'-'.join(slug(s) for s in surnames[:3])}-{noun}-{stamp}"
    elif kind == "Signing":
        agreements = [a for m in event.mentions for a in m.agreements]
        label = f"Signing of {analysis.label(agreements[0])}" if agreements else f"Signing ({month})"
        base = f"event/{short_id(slug(analysis.label(agreements[0])), 40) if agreements else 'signing'}-signing-{stamp}"
    elif kind == "Exercise" and (name := next((m.name for m in event.mentions if m.name), None)):
        label = f"{name} {when.earliest.year}"  # the registry's style for a named exercise ("Keen Sword 2024")
        base = f"event/{slug(name)}-{when.earliest.year}"
    elif kind == "Visit":
        visitor = names[0] if names else "an official"
        label = f"{visitor}'s visit to {place_label} ({month})" if place_label else f"{visitor}'s visit ({month})"
        base = f"event/{slug(surnames[0]) if surnames else 'official'}-{slug(place_label or 'visit')}-visit-{stamp}"
    else:
        noun = first.cue.kind or kind.lower()
        body = next((m.body for m in event.mentions if m.body), None)
        if body:
            names = [body]  # "Decision of the National Security Council (June 2020)", not of its chair
        label = (
            f"{noun[0].upper() + noun[1:]} of {_and(names)} ({month})" if names else f"{noun.capitalize()} ({month})"
        )
        base = f"event/{'-'.join(slug(s) for s in surnames[:2])}-{slug(noun)}-{stamp}"
    identifier = analysis.free_id(base.replace("--", "-"))
    modality = "" if event.modality == "asserted" else f" ({event.modality}, as the text reports it)"
    analysis.entity(
        ProposedEntity(
            id=identifier,
            type=kind,
            label=label,
            definition=f"{label}{modality}, as document {analysis.source.id} reports it.",
            rule="event-cue",
            confidence=0.7,
            start=first.start,
            end=first.end,
            candidates=[],
        )
    )
    analysis.entities[identifier].candidates = _near_events(analysis, event)
    return identifier


def _near_events(analysis: Analysis, event: DocEvent) -> list[dict]:
    """Registry events of the same type near in time: what the reviewer checks before accepting a new event."""
    date = event.date_value or analysis.source.date
    window = DateValue(date.earliest - timedelta(days=LINK_WINDOW_DAYS), date.latest + timedelta(days=LINK_WINDOW_DAYS))
    near = []
    for candidate in analysis.context.events.values():
        if candidate.type in COMPATIBLE.get(event.type, {event.type}) and any(
            _overlap(window, d) for d in candidate.dates
        ):
            near.append(
                {
                    "id": candidate.id,
                    "label": candidate.label,
                    "why": f"a {candidate.type} dated {candidate.dates[0].iso()}",
                }
            )
    return near[:3]


def _ordered_participants(event: DocEvent) -> list[str]:
    seen: list[str] = []
    for mention in event.mentions:
        for agent in mention.participants:
            if agent.id not in seen:
                seen.append(agent.id)
    return seen


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "officials"


# --- what each event's mentions say about it


def _claims(analysis: Analysis, event: DocEvent) -> None:
    if event.id is None:
        return
    modality = event.modality
    dates = _best_dates(analysis, event)
    for mention in event.mentions:
        if mention.anaphoric:
            continue  # "the meeting" refers back; what the sentence says of it is left to the reviewer
        sentence = analysis.sentences[mention.sentence]
        words = analysis.text[mention.start : mention.end]

        def claim(relation: str, obj: str, confidence: float, evidence: str, sentence=sentence, **extra) -> None:
            analysis.propose(
                ProposedClaim(
                    subject=event.id,
                    relation=relation,
                    object=obj,
                    start=sentence.start,
                    end=sentence.end,
                    rule=f"event-{relation}",
                    confidence=confidence,
                    evidence=evidence,
                    modality=modality,
                    note=(f"linked to {event.id}: {event.link_reason}" if event.linked else None),
                    **extra,
                )
            )

        if mention.cue.kind in ACT_KINDS and mention.clause[1] < mention.sentence_clause[1]:
            # what was announced or decided: acts.py proposes what it concerns once the other rules have run
            analysis.acts.setdefault(event.id, []).append((mention.clause[1], mention.sentence_clause[1]))
        for agent in mention.participants:
            confidence = 0.55 if agent.inferred else (0.75 if agent.person else 0.65)
            claim("participant", agent.id, confidence, f"{words} … {analysis.text[agent.start : agent.end]}")
        if mention.date is not None and mention.date in dates:
            anchor = analysis.anchor_for(mention.date) if mention.date.needs_anchor else None
            if mention.date_from is not None:  # the quote runs from the sentence that gives the date
                spanning = analysis.sentences[mention.sentence - 1]
                claim(
                    "date",
                    mention.date.expression,
                    0.6,
                    mention.date.text,
                    sentence=_Span(spanning.start, sentence.end),
                    anchor=anchor[0] if anchor else None,
                )
            else:
                claim("date", mention.date.expression, 0.8, mention.date.text, anchor=anchor[0] if anchor else None)
        if mention.place is not None:
            place, start, end, new = mention.place
            if new:
                place = new_place(analysis, place, start, end)
            claim("place", place, 0.5 if new else 0.7, analysis.text[start:end])
        if mention.level and event.type in ("Meeting", "Summit"):
            claim("level", mention.level, 0.75, words)
        if mention.series and event.type in ("Meeting", "Summit"):
            claim("meetingOf", mention.series, 0.85, words)
        for agreement in mention.agreements:
            claim("signingOf", agreement, 0.75, words)
            _agreement_claims(analysis, mention, agreement, sentence, modality)


def _parts(analysis: Analysis, events: list[DocEvent]) -> None:
    """subEventOf for a meeting the text says is part of another event (the summit a visit is made for)."""
    of = {id(m): e for e in events for m in e.mentions}
    for event in events:
        for mention in event.mentions:
            whole = of.get(id(mention.part_of)) if mention.part_of is not None else None
            if whole is None or whole is event or not event.id or not whole.id:
                continue
            sentence = analysis.sentences[mention.sentence]
            words = analysis.text[mention.part_of.start : mention.end]
            analysis.propose(
                ProposedClaim(
                    event.id,
                    "subEventOf",
                    whole.id,
                    sentence.start,
                    sentence.end,
                    "event-part-of",
                    0.65,
                    words,
                    modality=event.modality,
                )
            )


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _best_dates(analysis: Analysis, event: DocEvent) -> list[DateMention]:
    """The event's dates as precise as the text gives them: a span that holds a more precise date is left out."""
    dated = [
        (m.date, m.date_value)
        for m in event.mentions
        if m.date is not None and m.date_value is not None and not m.anaphoric
    ]
    kept = []
    for date, value in dated:
        width = (value.latest - value.earliest).days
        if any(
            (v.latest - v.earliest).days < width and value.earliest <= v.earliest and v.latest <= value.latest
            for _, v in dated
        ):
            continue
        kept.append(date)
    return kept


def _agreement_claims(analysis: Analysis, mention: EventMention, agreement: str, sentence, modality: str) -> None:
    words = analysis.text[mention.start : mention.end]
    signers = mention.signers
    if modality == "asserted":
        analysis.propose(
            ProposedClaim(
                agreement, "status", "signed", sentence.start, sentence.end, "agreement-signed-status", 0.7, words
            )
        )
    states = set()
    for signer in signers:
        if analysis.is_a(signer.id, "State"):
            states.add(signer.id)
        else:
            for office in analysis.context.offices_held.get(signer.id, ()):
                if office in analysis.context.office_state:
                    states.add(analysis.context.office_state[office])
            for claim in analysis.claims:
                if claim.relation == "holdsOffice" and claim.subject == signer.id:
                    state = analysis.context.office_state.get(claim.object) or next(
                        (c.object for c in analysis.claims if c.relation == "officeOf" and c.subject == claim.object),
                        None,
                    )
                    if state:
                        states.add(state)
    # an agreement is signed by the states whose ministers sign it (the people take part in the signing event);
    # by the people only where the rules cannot tell their states
    for signer in sorted(states) if states else [s.id for s in signers]:
        analysis.propose(
            ProposedClaim(
                agreement,
                "signedBy",
                signer,
                sentence.start,
                sentence.end,
                "agreement-signed-by",
                0.65,
                words,
                modality=modality,
            )
        )
    if len(states) >= 2 or re.search(r"\bbilateral\b", analysis.text[sentence.start : sentence.end], re.IGNORECASE):
        for state in sorted(states):
            analysis.propose(
                ProposedClaim(
                    agreement,
                    "hasParty",
                    state,
                    sentence.start,
                    sentence.end,
                    "agreement-party",
                    0.6,
                    words,
                    modality=modality,
                )
            )


def _passing(analysis: Analysis, mention: EventMention) -> bool:
    """Whether the mention names an older event only to compare the one the text tells of with it."""
    return bool(COMPARISON.search(analysis.text, analysis.sentences[mention.sentence].start, mention.start))


def _joint_statements(analysis: Analysis, events: list[DocEvent]) -> None:
    """ "…issued a joint statement": a joint statement issued at the event of that sentence (or the last before)."""
    for match in JOINT_STATEMENT.finditer(analysis.text):
        index = analysis.sentence_index(match.start())
        if index in analysis.skip or analysis.quoted(match.start()):
            continue
        if COMPARED_STATEMENT.match(analysis.text, match.end()):
            analysis.why_not(match.start(), "a joint statement named in a comparison, not one issued")
            continue
        candidates = [
            e
            for e in events
            if e.id
            and e.id not in analysis.passing
            and any(m.sentence <= index for m in e.mentions)
            and e.type in ("Meeting", "Summit")
        ]
        if not candidates:
            analysis.why_not(match.start(), "a joint statement whose meeting the rules cannot tell")
            continue
        sentence_text = analysis.text[analysis.sentences[index].start : match.start()]
        if PEOPLE_AS_SUBJECT.search(sentence_text):
            # "The Ministers also issued a joint statement": the meeting the ministers held, not one the text only
            # names in passing ("the SCC, which launched the review in October 2013")
            candidates = [e for e in candidates if _people(e)] or candidates
        event = max(candidates, key=lambda e: max(m.sentence for m in e.mentions if m.sentence <= index))
        existing = next((s for s in _statements_of(analysis, event.id)), None)
        sentence = analysis.sentences[index]
        if existing is None:
            label = f"Joint statement of the {analysis.label(event.id)}"
            existing = analysis.free_id(short_id(f"joint-statement-{slug(analysis.label(event.id))}", 70))
            analysis.entity(
                ProposedEntity(
                    existing,
                    "JointStatement",
                    label,
                    f"{label}, as document {analysis.source.id} reports it.",
                    "joint-statement-issued",
                    0.7,
                    match.start(),
                    match.end(),
                    candidates=similar_entities(analysis, label, "JointStatement"),
                )
            )
        modality = _statement_modality(analysis, sentence, match, event)
        analysis.propose(
            ProposedClaim(
                existing,
                "issuedAt",
                event.id,
                sentence.start,
                sentence.end,
                "joint-statement-issued-at",
                0.75,
                match.group(),
                modality=modality,
            )
        )
        states = _parties_of(analysis, event, sentence)
        if len(states) < 2:
            analysis.why_not(
                match.start(), "a joint statement whose parties the rules cannot tell (a joint one needs two)"
            )
            states = []
        for state in states:
            # the states issue it, and are not its parties (evaluation/README.md); the build's shapes take a joint
            # statement's issuers for the party an agreement must have
            analysis.propose(
                ProposedClaim(
                    existing,
                    "issuedBy",
                    state,
                    sentence.start,
                    sentence.end,
                    "joint-statement-issued-by",
                    0.6,
                    match.group(),
                    modality=modality,
                )
            )


def _statement_modality(analysis: Analysis, sentence, match: re.Match, event: DocEvent) -> str:
    """ "In a joint statement issued after the talks, the leaders said …" reports a statement issued, whatever the
    event rules made of the meeting: the words right around it give its modality ("will say in a joint statement", "a
    joint statement to be issued"), else the meeting's, a planned meeting's statement told as issued being issued."""
    before = analysis.text[max(sentence.start, match.start() - 40) : match.start()]
    said = analysis.context.lexicon.modality_of(before) if STATEMENT_TO_COME.search(before) else None
    if said:
        return said[0]
    if STATEMENT_TO_COME_AFTER.match(analysis.text, match.end()):
        return "planned"
    return "asserted" if event.modality == "planned" else event.modality


def _parties_of(analysis: Analysis, event: DocEvent, sentence) -> list[str]:
    """The states behind an event's statement: its state participants, else the states of its people's offices
    (as proposed here or known to the graph), else "the two governments" of the sentence."""
    states = [p for p in event.participants if analysis.is_a(p, "State")]
    if states:
        return states
    for person in event.participants:
        offices = {c.object for c in analysis.claims if c.relation == "holdsOffice" and c.subject == person}
        offices |= analysis.context.offices_held.get(person, set())
        for office in sorted(offices):
            state = analysis.context.office_state.get(office) or next(
                (c.object for c in analysis.claims if c.relation == "officeOf" and c.subject == office), None
            )
            if state and state not in states:
                states.append(state)
    if not states and TWO_SIDES.search(analysis.text, sentence.start, sentence.end):
        states = analysis.main_states()
    return states


def _statements_of(analysis: Analysis, event_id: str) -> list[str]:
    """Joint statements issued at the event: proposed in this run, or known from the other annotation files."""
    found = [c.subject for c in analysis.claims if c.relation == "issuedAt" and c.object == event_id]
    known = analysis.context.events.get(event_id)
    return found + sorted(known.issued if known else ())
