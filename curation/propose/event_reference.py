"""Which event an anaphor refers to: a report tells its news (the lede's meeting) and, in passing, events before it
as background — "arrived on Sunday from Seoul, where he had met Yoon", "the two last met in Glasgow". A mention told in
the pluperfect or as the last time is background: an event of its own, with the parties, place and date its own
clause gives, but the definite references that follow ("the meeting", "after the talks", "the two leaders", "the
joint statement", "the SCC meeting") are not to it while the text has told of another event they can refer to.

(An event merely dated before the lede's is not background: "On Wednesday, the ministers held a 2+2" in a report of
Friday's summit is the news of the week, what "the four ministers affirmed" next refers to.)

What follows from the reference: a joint news conference "after the talks" of two people is held by both ("At a joint
news conference after the talks, Suga said …": Biden too); and a sentence whose subject is one who took part in the
meeting the report tells of, with no event told since, tells what was said there ("Esper reaffirmed the U.S.
commitment to the defense of Japan": the meeting concerns it)."""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.event_records import Agent, DocEvent, EventMention
from alliance_kg.curation.propose.items import same_item

# the verb of an event cue ("met", "held talks", "visited", "signed")
EVENT_VERB = re.compile(
    r"(?:met|held|visited|signed|inked|spoke|travell?ed|arrived|hosted|welcomed|flew)\b", re.IGNORECASE
)
# "where he had met", "had also held talks", "last met", "previously visited": before the report's time
BACKGROUND_WORDS = re.compile(
    r"(?:\bhad|['\u2019]d)\s+(?:(?:also|already|just|previously|earlier|first|last|once|recently)\s+)?$"
    r"|\b(?:last|previously)\s+$",
    re.IGNORECASE,
)
# "Kishida said he had met Biden": a pluperfect of reported speech, whose tense is the report's, not background
REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told\s+[\w-]+|added|noted|stressed|recalled|confirmed)\s+(?:that\s+)?(?:[\w.'\u2019-]+\s+){1,3}$",
    re.IGNORECASE,
)


def told_as_background(analysis: Analysis, mention: EventMention) -> bool:
    """Whether the mention's verb is told in the pluperfect or as the last time ("had met", "last met"), outside
    reported speech: an event before the one the report tells of."""
    text = analysis.text
    if not EVENT_VERB.match(text, mention.start):
        return False
    before = text[max(mention.sentence_clause[0], mention.start - 30) : mention.start]
    words = BACKGROUND_WORDS.search(before)
    if words is None:
        return False
    head = text[max(mention.sentence_clause[0], mention.start - 70) : mention.start - len(before) + words.start()]
    return not REPORTED_BEFORE.search(head)


def background(event: DocEvent) -> bool:
    """An event all of whose mentions are background."""
    return all(m.background for m in event.mentions)


JOINT = re.compile(r"\bjoint\b", re.IGNORECASE)


def joint_with_the_meeting(mention: EventMention, meeting: EventMention) -> None:
    """A joint news conference that is part of a meeting of two people, which names one of them ("Kishida told a
    joint news conference after the talks"), is the other's too. (Of a meeting of more, who held it jointly the text
    does not say.)"""
    if not JOINT.search(mention.match_text):
        return
    pair = list({a.id: a for a in meeting.participants if a.person}.values())
    named = {a.id for a in mention.participants if a.person}
    if len(pair) != 2 or not named or not named < {a.id for a in pair}:
        return
    for person in pair:
        if person.id not in named:
            mention.participants.append(Agent(person.id, mention.start, mention.end, True, inferred=True))


# what a party states at the talks, as a report tells it: "Biden reaffirmed …", "Esper reiterated …"
STATES_AT_A_MEETING = r"reaffirm(?:ed|s)|reiterat(?:ed|es)|expressed|confirmed|pledged|underscored|stressed|vowed"
SUBJECT_WITHIN = 45  # how far into its sentence a subject is named ("Secretary of State Antony Blinken reaffirmed …")


def meeting_of_the_speaker(analysis: Analysis, index: int) -> str | None:
    """The meeting the report tells of, when sentence `index` opens with one of its participants as subject: the last
    event an earlier sentence introduced (its participants, date or place) is a meeting that happened, not one told
    in passing or as background, and the person took part in it. None otherwise."""
    sentence = analysis.sentences[index]
    window = (sentence.start, sentence.start + SUBJECT_WITHIN)
    named = [(m.start, m.entity) for m in analysis.mentions_in(*window) if m.kind != "demonym"]
    named += [(e.start, e.id) for e in analysis.entities.values() if window[0] <= e.start < window[1]]
    first = min(named, default=None)
    if first is None or "," in analysis.text[sentence.start : first[0]] or not analysis.is_a(first[1], "Person"):
        return None  # "In Tokyo, …", "Japan's …": no person opens the sentence as its subject
    person = first[1]
    verb = re.match(
        r"[^,;]{0,40}?\b(?:also\s+)?(?:" + STATES_AT_A_MEETING + r")\b", analysis.text[first[0] : sentence.end]
    )
    if verb is None:
        return None  # "Trump told a joint news conference that …": what one tells the press is not said at the talks
    if any(
        analysis.sentence_index(c.start) == index
        and c.relation in ("participant", "date", "place")
        and analysis.is_a(c.subject, "Event")
        for c in analysis.claims
    ):
        return None  # the sentence tells an event of its own
    meeting = last_meeting_told(analysis, index, same_list_item=True)
    if meeting is None:
        return None
    took_part = any(
        c.subject == meeting and c.relation == "participant" and c.object == person for c in analysis.claims
    )
    return meeting if took_part else None


def last_meeting_told(analysis: Analysis, index: int, same_list_item: bool = False) -> str | None:
    """The last meeting or summit that happened which a sentence before `index` introduced (its participants, date or
    place), not one told in passing or as background; None when the last event introduced is of another kind or did
    not happen (yet). With `same_list_item`, only an event of `index`'s item of a chronology."""
    introduced = [
        c
        for c in analysis.claims
        if c.relation in ("participant", "date", "place")
        and analysis.sentence_index(c.start) < index
        and (not same_list_item or same_item(analysis, analysis.sentence_index(c.start), index))
        and c.subject not in analysis.passing
        and c.subject not in analysis.background
        and analysis.is_a(c.subject, "Event")
    ]
    if not introduced:
        return None
    last = max(introduced, key=lambda c: c.start)
    if last.modality != "asserted" or not (
        analysis.is_a(last.subject, "Meeting") or analysis.is_a(last.subject, "Summit")
    ):
        return None
    return last.subject
