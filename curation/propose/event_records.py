"""What the event layer records: an event mention (its cue, clause, participants, date, place, level, series,
modality), the people and governments that act in it (`Agent`), and the event of a text that merged mentions
refer to (`DocEvent`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from alliance_kg.curation.propose.lexicon import EventCue
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue


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
    date_modality: str | None = None  # the date's own, where it differs: a run begun whose end is to come is planned
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
    counted_from: bool = False  # "two days after North Korea launched …": another date is counted from it, one event
    group: str | None = None  # "met relatives of the abductees": whom one met, a group the registry has no name for
    background: bool = False  # "from Seoul, where he had met Yoon", "last met in Glasgow": told as background


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
