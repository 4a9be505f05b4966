"""The event layer: meetings, summits, "2+2"s, signings, visits, press conferences, speeches, exercises, and the
acts and incidents news reports tell in passing (announcements, remarks, missile launches, protests).

Texts rarely name events ("the two ministers met in Tokyo on Wednesday"), yet a third of the claims hang on one. A
cue of the lexicon (`events:`) opens an event mention in its clause; the clause gives its participants (people and
governments that act in it, not those it talks about), its date (with the tense a weekday needs), its place, its
level and its series (the "2+2" is a meeting of the Security Consultative Committee; "the G7 summit" one of the
G7). Mentions of one event in one text are merged ("the meeting" refers back), then each event is linked to one
the graph already has — by type, date window and participants, from the other annotation files — before a new
one is proposed, so that the same meeting reported by three articles ends up as one event.

This module runs those steps in order; each has its own module: event_mentions.py (mentions by cue), event_details.py
(what a mention's clause says), event_merging.py, event_links.py, event_claims.py and joint_statements.py, over the
records of event_records.py.
"""

from __future__ import annotations

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.event_claims import claims, parts
from alliance_kg.curation.propose.event_links import link_or_create
from alliance_kg.curation.propose.event_mentions import mentions_in_sentence, passing
from alliance_kg.curation.propose.event_merging import merge
from alliance_kg.curation.propose.event_records import DocEvent, EventMention
from alliance_kg.curation.propose.event_reference import background
from alliance_kg.curation.propose.joint_statements import joint_statements
from alliance_kg.curation.propose.news_events import elections, ship_movements
from alliance_kg.curation.propose.persons import PersonMention


def find_events(analysis: Analysis, people: list[PersonMention]) -> list[DocEvent]:
    mentions: list[EventMention] = []
    for index in range(len(analysis.sentences)):
        if index not in analysis.skip:
            mentions += mentions_in_sentence(analysis, index, people, mentions)
    events = merge(analysis, mentions)
    taken: set[str] = set()
    for event in events:
        link_or_create(analysis, event, taken)  # one known event per referent of this text
        if event.linked and event.id:
            taken.add(event.id)
        if event.id and all(passing(analysis, m) for m in event.mentions):
            analysis.passing.add(event.id)  # its claims stand; statements and topics go to the event told of
        elif event.id and background(event):
            analysis.background.add(event.id)  # event_reference.py: what its own sentence says of it stands
        claims(analysis, event)
    parts(analysis, events)
    joint_statements(analysis, events)
    ship_movements(analysis)  # news_events.py: a warship's arrival at or departure from a port
    elections(analysis)  # news_events.py: an election or referendum with its place and date
    return events
