"""Events within events as news tells them across sentences, where the event layer's one-mention forms do not reach.
event_mentions.py links a meeting to the event it is part of when one phrase says so ("on the sidelines of",
"visit Washington to meet"); news also tells it by putting the two events side by side:

- a visit and a meeting of the traveller in one sentence: "Pelosi arrived in Tokyo on Thursday and is scheduled to
  meet Kishida on Friday" — the meeting is part of the visit;
- a trip, then a meeting in the next sentence that opens with the place of the trip: "Blinken and Austin will travel
  to Japan next week. In Tokyo, they will hold "2+2" talks" (also "There, …", "During the visit, …");
- a meeting, then the sentence that calls it a visit: "Hegseth met Nakatani in Tokyo on March 30. This was his first
  visit to Japan as Secretary";
- a welcome ceremony after the arrival or visit it welcomes: "The carrier arrived at Yokosuka on Friday. … Emanuel
  attended a welcome ceremony at the pier".

These read the events the other rules proposed (their participant, place and date claims); they add only subEventOf,
with the part's modality (a planned meeting is a planned part of the trip).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.loaders.dates import DateValue

MEETINGS = ("Meeting", "Summit")
# a sentence that opens with where the trip goes or with the trip itself: "In Tokyo,", "There,", "During the visit,"
OPENS_AT_PLACE = re.compile(
    r"\W*(?:in|at|while\s+in)\s+(?P<place>(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}))\s*,", re.IGNORECASE
)
OPENS_ON_TRIP = re.compile(
    r"\W*(?:there|while\s+there|during\s+(?:the|his|her|their|that|this)\s+(?:[\w-]+\s+)?(?:visit|trip|stay|stop|tour))\s*,",
    re.IGNORECASE,
)
# a sentence that names what was just told a visit: "This was Hegseth's first visit to Japan", "It was her first trip"
CALLED_A_VISIT = re.compile(
    r"\W*(?:this|it|that)\s+(?:was|is|marked|will\s+be)\s+[^.;]{0,60}?\b(?:visit|trip)\b", re.IGNORECASE
)
WELCOME_CEREMONY = re.compile(
    r"\bwelcom(?:e|ing)\s+ceremony\b|\bceremony\s+(?:to\s+)?welcom(?:e|ing)\b|\bwelcomed\b[^.;]{0,80}\bceremony\b",
    re.IGNORECASE,
)
# the sentence relates the two in time, not one within the other: "Before visiting Tokyo, she met Xi in Beijing",
# "arrived in Tokyo from Seoul, where he had met …"
SEQUENCE = re.compile(
    r"\b(?:before|after|ahead\s+of|following|since|previously|earlier\s+(?:this|that|in)|had)\b|,\s+where\b",
    re.IGNORECASE,
)


@dataclass
class _Event:
    id: str
    type: str
    sentences: list[int] = field(default_factory=list)  # where its claims lie, in text order
    people: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    modality: str = "asserted"
    dates: list[DateValue] = field(default_factory=list)
    arrival: bool = False  # a ship's arrival (news_events.py), which a welcome ceremony is part of


def propose_parts(analysis: Analysis) -> None:
    """subEventOf for the side-by-side forms of the module's docstring, once every event rule has run."""
    events = _events(analysis)
    placed = {c.subject for c in analysis.claims if c.relation == "subEventOf"}
    for rule, finder in (
        ("part-visit-meeting", _meeting_on_the_visit),
        ("part-next-at-place", _meeting_there_next),
        ("part-called-a-visit", _meeting_called_a_visit),
        ("part-welcome-ceremony", _welcome_ceremony),
    ):
        for part, whole, index in finder(analysis, events):
            if part.id in placed or part.id == whole.id:
                continue
            placed.add(part.id)
            sentence = analysis.sentences[index]
            analysis.propose(
                ProposedClaim(
                    part.id,
                    "subEventOf",
                    whole.id,
                    sentence.start,
                    sentence.end,
                    rule,
                    0.6,
                    analysis.text[sentence.start : sentence.end].strip(),
                    modality=part.modality,
                )
            )


def _events(analysis: Analysis) -> list[_Event]:
    found: dict[str, _Event] = {}
    for claim in analysis.claims:
        if claim.relation not in ("participant", "place", "date") or not analysis.is_a(claim.subject, "Event"):
            continue
        event = found.get(claim.subject)
        if event is None:
            entity = analysis.entities.get(claim.subject)
            arrival = entity is not None and entity.rule == "ship-movement" and entity.label.startswith("Arrival")
            event = found[claim.subject] = _Event(
                claim.subject, analysis.type_of(claim.subject) or "Event", modality=claim.modality, arrival=arrival
            )
        index = analysis.sentence_index(claim.start)
        if index not in event.sentences:
            event.sentences.append(index)
        if claim.relation == "participant" and analysis.is_a(claim.object, "Person"):
            event.people.add(claim.object)
        elif claim.relation == "place":
            event.places.add(claim.object)
        elif claim.anchor is None and (value := analysis.resolve(claim.object)) is not None:
            event.dates.append(value)
    return list(found.values())


def _during(inner: _Event, outer: _Event) -> bool:
    """The meeting's dates fall within the visit's (from a week before its first day to a fortnight after its last: a
    visit is often dated by one day of it); no date said of one agrees too. "X, who visited Tokyo in May, met Y on
    Friday": not."""
    if not inner.dates or not outer.dates:
        return True
    start = min(d.earliest for d in outer.dates) - timedelta(days=7)
    end = max(d.latest for d in outer.dates) + timedelta(days=14)
    return all(start <= d.earliest and d.latest <= end for d in inner.dates)


def _places_agree(analysis: Analysis, inner: set[str], outer: set[str]) -> bool:
    """The meeting's place is the visit's, or the capital of the state visited; no place said of one agrees too, and
    so does a place the text introduces (a building: "at the Pentagon"), which nothing says where it lies."""
    inner = {place for place in inner if place not in analysis.entities}
    if not inner or not outer:
        return True
    capitals = analysis.context.lexicon.capitals
    for place in inner:
        label = analysis.label(place)
        if place in outer or any(label in capitals.get(state, ()) for state in outer):
            return True
    return False


def _meeting_on_the_visit(analysis: Analysis, events: list[_Event]):
    """A visit and a meeting of the traveller first told in one sentence, with no word setting them apart in time."""
    for visit in (e for e in events if e.type == "Visit"):
        index = visit.sentences[0]
        sentence = analysis.sentences[index]
        if SEQUENCE.search(analysis.unquoted(sentence.start, sentence.end)):
            continue
        for meeting in events:
            if (
                meeting.type in MEETINGS
                and meeting.sentences[0] == index
                and meeting.people & visit.people
                and _places_agree(analysis, meeting.places, visit.places)
                and _during(meeting, visit)
            ):
                yield meeting, visit, index


def _meeting_there_next(analysis: Analysis, events: list[_Event]):
    """A trip, then a meeting first told in the next sentence, which opens with the trip's place or the trip."""
    for visit in (e for e in events if e.type == "Visit"):
        index = visit.sentences[0] + 1
        if index >= len(analysis.sentences) or any(i == index for i in visit.sentences):
            continue
        sentence = analysis.sentences[index]
        at = OPENS_AT_PLACE.match(analysis.text, sentence.start, sentence.end)
        if at is not None:
            named = [m.entity for m in analysis.mentions_in(at.start("place"), at.end("place"))]
            if not named or not _places_agree(analysis, set(named[:1]), visit.places):
                continue
        elif not OPENS_ON_TRIP.match(analysis.text, sentence.start, sentence.end):
            continue
        for meeting in events:
            if meeting.type in MEETINGS and meeting.sentences[0] == index and _during(meeting, visit):
                if meeting.people and visit.people and not meeting.people & visit.people:
                    continue  # the next sentence's meeting is other people's
                yield meeting, visit, index


def _meeting_called_a_visit(analysis: Analysis, events: list[_Event]):
    """A meeting, then a sentence first telling a visit that opens by calling what was told one."""
    for visit in (e for e in events if e.type == "Visit"):
        index = visit.sentences[0]
        sentence = analysis.sentences[index]
        if index == 0 or not CALLED_A_VISIT.match(analysis.text, sentence.start, sentence.end):
            continue
        for meeting in events:
            if (
                meeting.type in MEETINGS
                and meeting.sentences[0] == index - 1
                and meeting.people & visit.people
                and _places_agree(analysis, meeting.places, visit.places)
                and _during(meeting, visit)
            ):
                yield meeting, visit, index


def _welcome_ceremony(analysis: Analysis, events: list[_Event]):
    """A welcome ceremony is part of the one arrival or visit told before it (of the one welcomed, for a visit)."""
    for ceremony in events:
        index = ceremony.sentences[0]
        sentence = analysis.sentences[index]
        if ceremony.type in MEETINGS or ceremony.type == "Visit":
            continue
        if not WELCOME_CEREMONY.search(analysis.unquoted(sentence.start, sentence.end)):
            continue
        before = [e for e in events if (e.arrival or e.type == "Visit") and e.sentences[0] < index]
        opening = [i for i in range(len(analysis.sentences)) if i not in analysis.skip][:3]  # headline and lede
        if len(before) > 1 and before[0].sentences[0] in opening:
            before = before[:1]  # the arrival the report is about, told as it opens, before those told in passing
        if len(before) != 1:
            continue  # none, or which of them is welcomed the text does not say here
        whole = before[0]
        if whole.type == "Visit" and not ceremony.people & whole.people:
            continue
        yield ceremony, whole, index
