"""The word lists of lexicon.yaml, compiled once: what the rules look for in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"
MODALITY_ORDER = (
    "negated",
    "former",
    "agenda-item",
    "proposed",
    "under-negotiation",
    "agreed-to-pursue",
    "planned",
    "possible",
)


@dataclass(frozen=True)
class OfficeTitle:
    titles: tuple[str, ...]
    kind: str
    default: str | None
    labels: dict[str, str]

    def label_for(self, state_id: str, state_label: str) -> str | None:
        if state_id in self.labels:
            return self.labels[state_id]
        template = self.labels.get("*")
        return template.format(state=state_label) if template else None


@dataclass(frozen=True)
class EventCue:
    type: str
    patterns: tuple[re.Pattern[str], ...]
    level: str | None = None
    series: str | None = None
    kind: str | None = None  # a word for the label of an event of the generic type ("press conference")


@dataclass
class Lexicon:
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    capitals: dict[str, list[str]] = field(default_factory=dict)
    seats: dict[str, list[str]] = field(default_factory=dict)  # seats of government speaking for their state
    governments: dict[str, list[str]] = field(default_factory=dict)  # words for a state's government that is called on
    offices: list[OfficeTitle] = field(default_factory=list)
    former_titles: list[str] = field(default_factory=list)
    events: list[EventCue] = field(default_factory=list)
    levels: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    modality: list[tuple[str, list[re.Pattern[str]]]] = field(default_factory=list)
    boilerplate: list[re.Pattern[str]] = field(default_factory=list)
    captions: list[re.Pattern[str]] = field(default_factory=list)
    reporting_verbs: list[str] = field(default_factory=list)
    service_members: dict[str, str] = field(default_factory=dict)  # "Marines": the service whose members they are
    apposition_heads: dict[str, list[str]] = field(default_factory=dict)  # kind of entity → nouns that appose it
    service_words: dict[str, list[str]] = field(default_factory=dict)  # a service → the words that make a base its
    armed_forces: dict[str, list[str]] = field(default_factory=dict)  # a state → its armed forces' label and aliases
    state_bodies: dict[str, list[str]] = field(default_factory=dict)  # a state → its legislature's and cabinet's names
    family_name_first: list[str] = field(
        default_factory=list
    )  # states whose people English texts name family name first

    def modality_of(self, words: str) -> tuple[str, str] | None:
        """(modality, the words that say it) for the words before a predicate in its clause; None: asserted."""
        for name, patterns in self.modality:
            for pattern in patterns:
                match = pattern.search(words)
                if match:
                    return name, match.group()
        return None


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


@cache
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lexicon = Lexicon(
        demonyms=data.get("demonyms") or {},
        capitals=data.get("capitals") or {},
        seats=data.get("seats") or {},
        governments=data.get("governments") or {},
        former_titles=data.get("former_titles") or [],
        boilerplate=_compile(data.get("boilerplate") or []),
        captions=_compile(data.get("captions") or []),
        reporting_verbs=data.get("reporting_verbs") or [],
        service_members=data.get("service_members") or {},
        apposition_heads=data.get("apposition_heads") or {},
        service_words=data.get("service_words") or {},
        armed_forces=data.get("armed_forces") or {},
        state_bodies=data.get("state_bodies") or {},
        family_name_first=data.get("family_name_first") or [],
    )
    for office in data.get("offices") or []:
        lexicon.offices.append(
            OfficeTitle(tuple(office["titles"]), office.get("kind", "official"), office.get("default"), office["label"])
        )
    for event in data.get("events") or []:
        patterns = tuple(_compile(event["cues"]))
        lexicon.events.append(
            EventCue(event["type"], patterns, event.get("level"), event.get("series"), event.get("kind"))
        )
    lexicon.levels = {name: _compile(patterns) for name, patterns in (data.get("levels") or {}).items()}
    given = data.get("modality") or {}
    lexicon.modality = [(name, _compile(given[name])) for name in MODALITY_ORDER if name in given]
    return lexicon
