"""What the events of fresh news concern, in the forms news reports tell it.

events.py and news_events.py propose the events a report tells (missile launches, news conferences, remarks to
reporters, exercises and drills); these rules say what they are about (`concerns`, as evaluation/README.md has it:
what a meeting or statement takes up, it concerns):

- A missile launch concerns the kind of missile fired ("North Korea fired a ballistic missile", "North Korea's
  launches of short-range missiles"): the Capability the text names, else ballistic or cruise missiles, else missiles.
- A news conference or remarks to reporters concern what the speaker said there: the capabilities, agreements,
  documents and events named in the reported clause ("X told a news conference that the Typhon's deployment was
  temporary", "…, X told a news conference", "At a joint news conference after the talks, X said …"), and the one
  launch or exercise of the text a definite noun names ("the missile", "the launch").
- A warship's arrival, departure or port call (news_events.py) concerns the ship: the one the text proposed already
  ("USS George Washington"), else a new Capability for the reviewer ("the USS Ronald Reagan, which left Yokosuka in
  May") — news_events.py links only the ships the registry knows.
- Talks on a topic concern it, in the forms news names it with the meeting: "telephone talks on North Korea's missile
  launch", "a meeting on extended deterrence", "X discussed the Taiwan Strait with Y", "an emergency meeting to
  discuss the launch" (a meeting to come: its agenda, noted so).
- An event done "in response to" another concerns it ("conducted a bombing drill … in response to the launch").
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.textdates import WEEKDAY

# the noun a launch event's label starts with (events.py: "Missile launch of North Korea (August 2017)")
LAUNCH = "Missile launch"
SPEECH = ("Press conference", "Remarks")
# the missile fired, after the launch cue: "a ballistic missile", "what it said was a new … ballistic missile",
# "short-range missiles"; not a missile's parts or the defence against one ("missile defense", "missile launch sites")
MISSILE = re.compile(
    r"\b(?P<words>(?:[\w-]+\s+){0,4}?)(?P<noun>missiles?|ICBMs?|IRBMs?)\b"
    r"(?!\s+(?:defen[cs]e|launch|interceptors?|systems?|shield|units?|sites?|batter(?:y|ies)|technology|programs?))",
)
KIND_OF_MISSILE = (("ballistic", "Ballistic missiles"), ("cruise", "Cruise missiles"))
# what the speaker said, told with the news conference: "X told a news conference (on Friday) (that) …", "…, X told a
# news conference.", "At a (joint) news conference (after the talks), X said (that) …"
TOLD = re.compile(
    r"\b(?:told|tells)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:news|press)\s+(?:conference|briefing)"
    r"(?P<rest>[^.;]*?)(?:\s+that\b|,\s+saying\b|(?=\s*[.;]\s*$))",
    re.IGNORECASE,
)
TOLD_REPORTERS = re.compile(
    r"\b(?:told|tells)\s+(?:reporters|journalists)\b(?P<rest>[^.;,]*?)\s+that\b",
    re.IGNORECASE,
)
AT_CONFERENCE = re.compile(
    r"^(?:[A-Z]+\s+\u2014\s+)?(?:At|During)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:news|press)\s+"
    r"(?:conference|briefing)\b[^.;]*?,\s+(?P<who>[^,]{2,60}?)\s+(?:said|says|told\s+reporters)\s+(?:that\s+)?",
)
SPEECH_TOPICS = ("Capability", "Agreement", "StrategyDocument", "TreatyArticle")
# a definite noun for the text's one event of a kind: "the missile", "the launches", "the drills"
ANAPHOR = re.compile(
    r"\b(?:the|that|this|those|these|North\s+Korea['\u2019]s|China['\u2019]s)\s+(?:latest\s+|recent\s+|missile\s+)?"
    r"(?P<noun>launch(?:es)?|missiles?|test(?:s|-firing)?)\b",
    re.IGNORECASE,
)
# a definite noun for the text's one election or referendum: "he took the result seriously", "the referendum"
VOTE_ANAPHOR = re.compile(r"\bthe\s+(?:referendum|vote|election|result|outcome)\b(?!\s+of\b)", re.IGNORECASE)
# the first word of a capability's name that a report calls it by later ("the Typhon's deployment"): a proper name,
# not a word many names share
SHORT_NAME = re.compile(r"(?-i:[A-Z][a-z]{3,})")
SHARED_WORDS = {"Type", "Navy", "Marine", "Army", "Joint", "Advanced", "Standard", "Global", "Ground", "Air", "Aegis"}
RESPONSE = re.compile(r"\bin\s+(?:response|retaliation|reaction)\s+to\b", re.IGNORECASE)


def propose_news_topics(analysis: Analysis) -> None:
    """`concerns` of the launches, news conferences, remarks and responses the text tells."""
    launch_weapons(analysis)
    ship_of_movements(analysis)
    speech_topics(analysis)
    talks_topics(analysis)
    responses(analysis)


def _events(analysis: Analysis, *nouns: str) -> list[str]:
    """The events the text introduced whose label starts with one of `nouns`, in text order."""
    found = [e for e in analysis.entities.values() if e.id.startswith("event/") and e.label.startswith(nouns)]
    return [e.id for e in sorted(found, key=lambda e: e.start)]


def _concerns(
    analysis: Analysis, subject: str, obj: str, index: int, rule: str, evidence: str, note: str | None = None
) -> None:
    sentence = analysis.sentences[index]
    claim = ProposedClaim(subject, "concerns", obj, sentence.start, sentence.end, rule, 0.5, evidence, note=note)
    analysis.propose(claim)


def _registry_capability(analysis: Analysis, label: str) -> str | None:
    for entity in analysis.context.registry.entities.values():
        if entity.label == label and analysis.is_a(entity.id, "Capability"):
            return entity.id
    return None


def launch_weapons(analysis: Analysis) -> None:
    """A missile launch concerns the missile fired, named after its cue in the cue's clause."""
    for event in _events(analysis, LAUNCH):
        start = analysis.entities[event].start
        index = analysis.sentence_index(start)
        if index in analysis.skip:
            continue
        _, clause_end = analysis.clause(analysis.sentences[index], start)
        found = MISSILE.search(analysis.text, start, clause_end)
        if found is None:
            continue
        weapon = _named_missile(analysis, found)
        if weapon is not None:
            _concerns(analysis, event, weapon, index, "weapon-of-a-launch", found.group().strip())


def _named_missile(analysis: Analysis, found: re.Match) -> str | None:
    """The Capability the missile phrase names: a registry name ("Tomahawk cruise missiles"), else its kind
    ("intermediate-range ballistic missile" is a ballistic missile), else missiles."""
    named = [
        m
        for m in analysis.mentions_in(found.start(), found.end())
        if analysis.is_a(m.entity, "Capability") and m.end == found.end()
    ]
    if named:
        return named[-1].entity
    words = found.group("words").lower()
    for word, label in KIND_OF_MISSILE:
        if word in words.split() or found.group("noun").upper().startswith(("ICBM", "IRBM")) and word == "ballistic":
            return _registry_capability(analysis, label)
    if re.search(r"(?-i:[A-Z])", found.group("words")):
        return None  # a named type the registry does not hold ("Hwasong-12"): a new entity, for the reviewer
    return _registry_capability(analysis, "Missiles")


# news_events.py's label of a movement: "Arrival of USS George Washington at Yokosuka (November 2024)"
MOVEMENT_LABEL = re.compile(r"(?:Arrival|Departure|Port call) of (?P<ship>.+?) (?:at|from) ")


def ship_of_movements(analysis: Analysis) -> None:
    """A ship's arrival, departure or port call concerns the ship, when the registry does not know it (then
    news_events.py has said so)."""
    for event in [e for e in analysis.entities.values() if e.rule == "ship-movement"]:
        named = MOVEMENT_LABEL.match(event.label)
        if named is None or any(c.subject == event.id and c.relation == "concerns" for c in analysis.claims):
            continue
        ship = _new_ship(analysis, named.group("ship"), event.start)
        index = analysis.sentence_index(event.start)
        _concerns(analysis, event.id, ship, index, "ship-of-a-movement", named.group("ship"))


def _new_ship(analysis: Analysis, name: str, position: int) -> str:
    """The ship the text proposed already under this name, else a new Capability (as the registry has its ships)."""
    for entity in analysis.entities.values():
        if entity.label == name or name in entity.aliases:
            return entity.id
    start = analysis.text.find(name, analysis.sentences[analysis.sentence_index(position)].start)
    identifier = analysis.free_id(slug(name))
    analysis.entity(
        ProposedEntity(
            identifier,
            "Capability",
            name,
            f"The ship {name}, as document {analysis.source.id} names it.",
            "ship-of-a-movement",
            0.5,
            start,
            start + len(name),
            candidates=similar_entities(analysis, name, "Capability"),
        )
    )
    return identifier


def speech_topics(analysis: Analysis) -> None:
    """A news conference or remarks to reporters concern what the speaker said there."""
    for event in _events(analysis, *SPEECH):
        start = analysis.entities[event].start
        index = analysis.sentence_index(start)
        if index in analysis.skip or analysis.quoted(start):
            continue
        span = _said(analysis, index, start)
        if span is None:
            continue
        for obj, words in _topics_in(analysis, event, span):
            conference = analysis.entities[event].label.startswith("Press conference")
            rule = "topic-of-a-news-conference" if conference else "topic-of-remarks"
            _concerns(analysis, event, obj, index, rule, words)


def _said(analysis: Analysis, index: int, cue: int) -> tuple[int, int] | None:
    """Where the words said at the conference lie in its sentence, in the three forms news uses."""
    sentence = analysis.sentences[index]
    text = analysis.text
    for pattern in (TOLD, TOLD_REPORTERS):
        # the "told …" whose words hold the cue ("told a regular news conference", "told reporters in Tokyo")
        told = next(
            (
                t
                for t in pattern.finditer(text, max(sentence.start, cue - 40), sentence.end)
                if t.start() <= cue < t.end()
            ),
            None,
        )
        if told is None:
            continue
        if told.end() < sentence.end - 2:
            return told.end(), sentence.end  # "X told a news conference that …"
        # "…, X told a news conference.": what comes before the speaker
        comma = text.rfind(",", sentence.start, told.start())
        if comma > sentence.start:
            lead = re.match(r"[A-Z]+\s+\u2014\s+", text[sentence.start : comma])
            return sentence.start + (lead.end() if lead else 0), comma
        return None
    at = AT_CONFERENCE.search(text[sentence.start : sentence.end])
    if at is not None:
        return sentence.start + at.end(), sentence.end
    return None


def _topics_in(analysis: Analysis, event: str, span: tuple[int, int]) -> list[tuple[str, str]]:
    start, end = span
    found: list[tuple[str, str]] = []
    for mention in analysis.mentions_in(start, end):
        if mention.kind == "demonym" or not any(analysis.is_a(mention.entity, k) for k in SPEECH_TOPICS):
            continue
        found.append((mention.entity, mention.text))
    # an event told in the words said ("North Korea's launches of short-range missiles this month")
    for other in analysis.entities.values():
        if other.id != event and other.id.startswith("event/") and start <= other.start < end:
            found.append((other.id, analysis.text[other.start : other.end]))
    # a capability the text named in full before, called by the first word of its name ("the Typhon's deployment")
    for other in analysis.entities.values():
        first = other.label.split()[0] if other.label else ""
        if other.type != "Capability" or other.start >= start or not SHORT_NAME.fullmatch(first):
            continue
        if first not in SHARED_WORDS and re.search(rf"\b{first}\b", analysis.text[start:end]):
            found.append((other.id, first))
    told = {obj for obj, _ in found}
    referents = [(a, _the_one_launch(analysis, a.start())) for a in ANAPHOR.finditer(analysis.text, start, end)]
    referents += [(a, _the_one_vote(analysis, a.start())) for a in VOTE_ANAPHOR.finditer(analysis.text, start, end)]
    for anaphor, referent in referents:
        if referent is not None and referent not in told:
            found.append((referent, anaphor.group()))
            told.add(referent)
    return found


def _the_one_vote(analysis: Analysis, position: int) -> str | None:
    """The election or referendum "the result" names: the text's only one (news_events.py's), told before it."""
    votes = [e for e in analysis.entities.values() if e.rule == "election"]
    if len(votes) != 1 or votes[0].start >= position:
        return None
    return votes[0].id


def _the_one_launch(analysis: Analysis, position: int) -> str | None:
    """The launch "the missile" or "the launch" names: the text's only launch, told before it."""
    launches = _events(analysis, LAUNCH)
    if len(launches) != 1 or analysis.entities[launches[0]].start >= position:
        return None
    return launches[0]


# the talks and what they are on: "talks on …", "a meeting about …", "phone call over …"; not a day, a place or the
# sidelines ("held talks on Saturday", "a meeting on the sidelines of …")
MONTHS = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
TALKS_ON = re.compile(
    r"\b(?:talks|meetings?|summit|consultations|discussions|dialogue|(?:tele)?phone\s+(?:call|conversation))\s+"
    rf"(?:on|about|over|regarding|concerning)\s+(?!(?:{WEEKDAY}|{MONTHS})|\d|the\s+(?:sidelines|margins|phone)\b)",
    re.IGNORECASE,
)
DISCUSSED_WITH = re.compile(r"\b(?:discussed|discusses)\s+(?=[^.;]*?\s+with\s+(?-i:[A-Z]))", re.IGNORECASE)
TO_DISCUSS = re.compile(
    r"\b(?:meeting|talks|session|summit)\b[^.;,]{0,60}?\bto\s+(?:discuss|address|take\s+up)\s+", re.IGNORECASE
)
# where what the talks are on ends: the next clause, the partner, the place or the day
TOPIC_END = re.compile(
    rf",|;|\s+(?:with|at|in|on\s+(?:{WEEKDAY})|when|after|before|as|while|and\s+(?:agreed|said|confirmed))\b"
)
TALKS_TOPICS = ("State", "Place", "Region", "SecurityDomain", "Capability", "Agreement", "StrategyDocument")


def talks_topics(analysis: Analysis) -> None:
    """Talks concern what the sentence says they are on ("talks on …", "discussed … with …", "a meeting to
    discuss …"), for the meeting or summit the sentence tells."""
    text = analysis.text
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for pattern, rule in (
            (TALKS_ON, "topic-of-talks-on"),
            (DISCUSSED_WITH, "topic-discussed-with"),
            (TO_DISCUSS, "agenda-of-a-meeting-to-discuss"),
        ):
            for found in pattern.finditer(text, sentence.start, sentence.end):
                if analysis.quoted(found.start()):
                    continue
                meeting = _meeting_told(analysis, index, found.start())
                if meeting is None:
                    continue
                _, clause_end = analysis.clause(sentence, found.end())
                cut = TOPIC_END.search(text, found.end(), clause_end)
                span = (found.end(), cut.start() if cut else clause_end)
                # the build holds `concerns` only as fact: a meeting to come keeps it, and the note says it is an
                # agenda item (as commitments.py's agenda-of-a-meeting)
                planned = any(c.subject == meeting and c.modality == "planned" for c in analysis.claims)
                note = "an agenda item of the meeting to come" if planned else None
                for obj, words in _talks_objects(analysis, meeting, span):
                    _concerns(analysis, meeting, obj, index, rule, f"{found.group().strip()} … {words}", note)


def _meeting_told(analysis: Analysis, index: int, position: int) -> str | None:
    """The meeting or summit this sentence tells: the last one whose cue comes before `position`, else the only one
    the sentence gives participants, a date or a place."""
    sentence = analysis.sentences[index]
    meetings = [
        e
        for e in analysis.entities.values()
        if e.id.startswith("event/") and e.type in ("Meeting", "Summit") and e.id not in analysis.passing
    ]
    before = [e for e in meetings if sentence.start <= e.start <= position]
    if before:
        return max(before, key=lambda e: e.start).id
    told = {
        c.subject
        for c in analysis.claims
        if c.relation in ("participant", "date", "place")
        and analysis.sentence_index(c.start) == index
        and any(c.subject == e.id for e in meetings)
    }
    return next(iter(told)) if len(told) == 1 else None


def _talks_objects(analysis: Analysis, meeting: str, span: tuple[int, int]) -> list[tuple[str, str]]:
    start, end = span
    text = analysis.text
    places = {c.object for c in analysis.claims if c.subject == meeting and c.relation == "place"}
    events = [
        e
        for e in analysis.entities.values()
        if e.id != meeting and e.id.startswith("event/") and start <= e.start < end
    ]
    found = [(e.id, text[e.start : e.end]) for e in events]
    named = [(e.start, e.end) for e in events]
    for anaphor in ANAPHOR.finditer(text, start, end):
        referent = _the_one_launch(analysis, anaphor.start())
        if referent is not None:
            named.append((anaphor.start(), anaphor.end()))
            if all(referent != obj for obj, _ in found):
                found.append((referent, anaphor.group()))
    for m in analysis.mentions_in(start, end):
        if m.kind == "demonym" or m.entity in places or not any(analysis.is_a(m.entity, k) for k in TALKS_TOPICS):
            continue
        if any(a <= m.start < b or re.fullmatch(r"['\u2019]s\s+(?:[\w-]+\s+){0,2}", text[m.end : a]) for a, b in named):
            continue  # "talks on North Korea's missile launch": the talks concern the launch, the state is its party
        found.append((m.entity, m.text))
    return found


def responses(analysis: Analysis) -> None:
    """ "conducted a bombing drill … in response to the launch": the event of the clause concerns the launch."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for response in RESPONSE.finditer(analysis.text, sentence.start, sentence.end):
            anaphor = ANAPHOR.match(analysis.text, response.end() + 1, sentence.end)
            if anaphor is None:
                continue
            referent = _the_one_launch(analysis, anaphor.start())
            clause_start, _ = analysis.clause(sentence, response.start())
            acts = [
                e.id
                for e in analysis.entities.values()
                if e.id.startswith("event/") and e.id != referent and clause_start <= e.start < response.start()
            ]
            if referent is not None and acts:
                _concerns(
                    analysis,
                    acts[-1],
                    referent,
                    index,
                    "event-in-response-to",
                    response.group() + " " + anaphor.group(),
                )
