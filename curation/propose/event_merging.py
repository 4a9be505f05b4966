"""Telling events apart: the mentions of one text that refer to one event are merged into one `DocEvent` ("the
meeting" refers back; a series named before, a signing ceremony, the same participants within the same dates)."""

from __future__ import annotations

import re
from datetime import timedelta

from alliance_kg.curation.propose.acts import ACT_KINDS
from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.event_records import DocEvent, EventMention
from alliance_kg.curation.propose.event_reference import background
from alliance_kg.curation.propose.items import same_item
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue

COMPATIBLE = {
    "Meeting": {"Meeting", "Summit"},
    "Summit": {"Meeting", "Summit"},
    "Signing": {"Signing"},
    "Visit": {"Visit"},
    "Speech": {"Speech"},
    "Exercise": {"Exercise"},
    "Event": {"Event"},
}


def merge(analysis: Analysis, mentions: list[EventMention]) -> list[DocEvent]:
    events: list[DocEvent] = []
    for mention in mentions:
        # nothing carries from one dated list item to the next: each tells of its own day
        near = [e for e in events if same_item(analysis, e.mentions[-1].sentence, mention.sentence)]
        target = _signing_ceremony(mention, near) or _series_named_before(mention, near)
        # "the meeting", "after the talks": not an event told as background while one told as news can be meant
        told = [e for e in near if not background(e) and mention.cue.type in COMPATIBLE.get(e.type, {e.type})]
        referring = mention.anaphoric or mention.definite
        for event in reversed(near) if target is None else ():
            if mention.cue.type not in COMPATIBLE.get(event.type, {event.type}):
                continue
            if referring and told and background(event):
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
                    or overlap(event.date_value, mention.date_value)
                )
            ):
                target = event  # "Austin told a joint news conference …" then "…, Testoda told the news conference"
                break
            if _same(analysis, event, mention):
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
    of_series = [e for e in events if e.series == mention.series]
    # the series' meeting the text tells as news, not an older one it told as background ("…, which launched the
    # review in October 2013")
    target = next((e for e in reversed(of_series) if not background(e)), of_series[-1] if of_series else None)
    if (
        target is not None
        and mention.date_value is not None
        and target.date_value is not None
        and not overlap(target.date_value, mention.date_value)
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


def _same(analysis: Analysis, event: DocEvent, mention: EventMention) -> bool:
    if mention.distinct:
        return False  # "a similar meeting with their South Korean counterparts"
    if _elsewhere(analysis, event, mention):
        return False  # "Pelosi arrived in Tokyo …" then "Her visit to Taiwan on Tuesday …": another stop of the tour
    if mention.group or any(m.group for m in event.mentions):
        return False  # "Trump met relatives of the abductees" is not his summit, nor is a summit that meeting
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
        and (mention.date_value is None or event.date_value is None or overlap(event.date_value, mention.date_value))
        # the same people, some of them, or all of them and their counterparts ("as the allies met for "2+2" talks,
        # Austin said" then "Austin and Blinken met their Japanese counterparts, Kihara and Kamikawa"); not "the two
        # secretaries made a courtesy call on the prime minister"
        and (_within(event, mention) or (people(event) and _within_reversed(event, mention)))
    ):
        return True  # "… after a "2+2" meeting on Tuesday." then "Blinken and Austin met Motegi and Kishi in Tokyo": the lede's meeting
    if bool(event.series) != bool(mention.series):
        return False  # a "2+2" is not the summit the same sentence names
    if {mention.modality, event.modality} == {"asserted", "planned"}:
        return False  # "Ishiba … spoke with Trump by phone in November" is not the summit the text says will come
    if {mention.cue.type, last.cue.type} == {"Meeting", "Summit"} and "ministerial" in {mention.level, last.level}:
        return False  # the foreign ministers' meeting is not the leaders' summit it prepares
    date = event.date_value or _whole_date(event)
    if date is not None and mention.date_value is not None and not overlap(date, mention.date_value):
        return False  # (a news conference "after the talks" of Monday is not the one "on Sunday")
    shared = event.participants & {a.id for a in mention.participants}
    if event.series and mention.series:
        return event.series == mention.series
    if not (_within(event, mention) or _within_reversed(event, mention)):
        return False  # the secretaries' courtesy call on the prime minister is not the ministers' meeting
    return len(shared) >= 2 or (
        len(shared) >= 1 and (date is None or mention.date_value is None or date == mention.date_value)
    )


def _elsewhere(analysis: Analysis, event: DocEvent, mention: EventMention) -> bool:
    """A visit to a place other than the visit told before: the same traveller, another visit ("Pelosi arrived in
    Tokyo …" then "Her visit to Taiwan …"; "Abe's visit to Pearl Harbor" then "Inada … visited Yasukuni Shrine").
    The rules cannot tell a city within a state, so a state on either side keeps them together ("visit Japan" and
    "in Tokyo"), except for a visit whose visitor a pronoun gives, which names no one to tell it by."""
    if mention.cue.type != "Visit" or mention.place is None or not mention.participants:
        return False
    places = {m.place[0] for m in event.mentions if m.place is not None}
    if not places or mention.place[0] in places:
        return False
    if all(a.inferred for a in mention.participants):
        return True
    return not any(analysis.is_a(p, "State") for p in places | {mention.place[0]})


def _whole_date(event: DocEvent) -> DateValue | None:
    """The date of the event an undated event is part of ("a joint news conference after the talks"): when it was, as
    far as telling it from others goes (no claim is made of it)."""
    return next((m.part_of.date_value for m in event.mentions if m.part_of and m.part_of.date_value), None)


def people(event: DocEvent) -> set[str]:
    return {a.id for m in event.mentions for a in m.participants if a.person}


def _within(event: DocEvent, mention: EventMention) -> bool:
    """Whether the people the mention names are among the event's, when the event names people: two mentions of one
    meeting name the same people, or one names some of them."""
    mine, theirs = {a.id for a in mention.participants if a.person}, people(event)
    return not theirs or mine <= theirs


def _within_reversed(event: DocEvent, mention: EventMention) -> bool:
    mine = {a.id for a in mention.participants if a.person}
    return not mine or people(event) <= mine


def overlap(a: DateValue, b: DateValue) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def approximate(date: DateMention | None, value: DateValue) -> DateValue:
    """A date as the texts mean it: one counted from another ("a fortnight before") is approximate in their usage ("a
    fortnight before" the 13th was the 11th), so it stands for that distance around it (issue 12 keeps such dates as
    spans); any other date as it is."""
    if date is None or date.kind != "offset":
        return value
    unit = re.search(r"(day|week|fortnight|month|year)", date.text.lower())
    slack = {"day": 1, "week": 7, "fortnight": 14, "month": 15, "year": 180}[unit.group(1)] if unit else 1
    return DateValue(value.earliest - timedelta(days=slack), value.latest + timedelta(days=slack))
