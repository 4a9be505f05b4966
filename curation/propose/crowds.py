"""Protests and rallies news tells by their crowd: "Thousands of people protested near the Prime Minister's Office on
Monday night", "Hundreds of protesters gathered outside the prefectural government office on Friday".

Each is an event of its own: its `figure` the crowd as the text counts it ("Thousands of people"), its `date` the one
its clause gives after the verb, its `place` a place the registry knows that the clause puts it near, outside, in
front of or at. No participant: a crowd is nobody the registry names. Only what was done: a rally planned or called
for ("plan to rally", "would gather") is left.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import new_place
from alliance_kg.curation.propose.news_events import MONTH_WORDS
from alliance_kg.curation.textdates import DateMention, month_label
from alliance_kg.loaders.dates import DateValue
from alliance_kg.loaders.sentences import Sentence

CROWD = re.compile(
    r"(?P<figure>(?:(?:More\s+than|About|Some|Nearly|Over)\s+)?(?:Hundreds|Thousands|Tens\s+of\s+thousands|Dozens|"
    r"Scores|[\d,]+)\s+of\s+(?:people|protesters|demonstrators|residents|citizens)|(?:(?:More\s+than|About|Some|"
    r"Nearly|Over)\s+)?[\d,]{3,}\s+(?:people|protesters|demonstrators))\s+(?:have\s+|had\s+|also\s+)?"
    r"(?P<verb>protested|gathered|rallied|marched|demonstrated)\b",
    re.IGNORECASE,
)
# "a rally against the deployment in Ginowan drew 101,000 people", "held a rally in Naha last year that drew tens of
# thousands of people": the rally told by the crowd it drew
RALLY = re.compile(
    r"\b(?:a|the)\s+(?:[\w-]+\s+){0,2}?(?:rally|demonstration|protest|sit-in)\b(?P<between>[^.;:]{0,90}?)\s+"
    r"(?:that\s+|which\s+)?(?:drew|attracted|brought\s+together)\s+(?P<figure>(?:(?:more\s+than|about|some|nearly|"
    r"over|an\s+estimated)\s+)?(?:hundreds|thousands|tens\s+of\s+thousands|dozens|[\d,]+)\s+(?:of\s+)?(?:people|"
    r"protesters|demonstrators|residents|participants))\b",
    re.IGNORECASE,
)
IN_TOWN = re.compile(r"\bin\s+(?P<town>(?-i:[A-Z][a-z]+))\b(?!\s+(?-i:[A-Z]))(?!['\u2019])", re.IGNORECASE)
AND_DAY = re.compile(r"\s+(?:(?:night|evening|morning|afternoon)\s+)?and\s+(?:on\s+)?", re.IGNORECASE)
PLACE_BEFORE = re.compile(r"\b(?:near|outside|in\s+front\s+of|at|around|in)\s+(?:the\s+)?$", re.IGNORECASE)


def propose_crowds(analysis: Analysis) -> None:
    """The protests and rallies of the text told by their crowd, each an event with its figure, date and place."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for pattern in (CROWD, RALLY):
            for found in pattern.finditer(analysis.text, sentence.start, sentence.end):
                if not analysis.quoted(found.start()):
                    _crowd(analysis, sentence, found)


def _crowd(analysis: Analysis, sentence: Sentence, found: re.Match) -> None:
    text = analysis.text
    clause = analysis.clause(sentence, found.start())
    words = analysis.not_told_as_done(clause[0], found.start())
    if words is not None:
        analysis.why_not(found.start(), f"a crowd the clause does not tell as gathered ({words!r})")
        return
    rally = "between" in found.re.groupindex
    # a rally's date may lead its clause ("On Sept. 9, a rally … drew …"); a crowd's follows its verb
    dates = [
        (d, value)
        for d in analysis.dates_in(clause[0] if rally else found.end(), clause[1])
        if (value := analysis.resolve(d.expression, d)) is not None and value.earliest <= analysis.source.date.latest
    ]
    date, when = dates[0] if dates else (None, analysis.source.date)
    if len(dates) > 1 and AND_DAY.fullmatch(text, dates[0][0].end, dates[1][0].start):
        # "on Monday night and Tuesday": the span of the two days (dates.py reads the ISO span)
        last = dates[1][1]
        if last.earliest >= when.earliest:
            when = DateValue(when.earliest, last.latest)
            span = f"{when.earliest.isoformat()}/{when.latest.isoformat()}"
            date = DateMention(date.start, dates[1][0].end, text[date.start : dates[1][0].end], span, "day")
    figure = found.group("figure")
    month = month_label(when)
    label = f"Protest of {figure.lower()} ({month})"
    identifier = analysis.reported_event(
        f"event/protest-{when.earliest:%Y-%m}", label, "crowd", 0.6, found.start(), found.end()
    )

    def claim(relation: str, obj: str, evidence: str) -> None:
        analysis.propose(
            ProposedClaim(identifier, relation, obj, sentence.start, sentence.end, f"crowd-{relation}", 0.6, evidence)
        )

    claim("figure", figure, found.group() if len(found.group()) < 200 else figure)
    if date is not None:
        claim("date", date.expression, date.text)
    where = (found.start("between"), found.end("between")) if rally else (found.end(), clause[1])
    for m in analysis.mentions_in(*where):
        if analysis.is_a(m.entity, "Place") and PLACE_BEFORE.search(text, max(where[0], m.start - 20), m.start):
            claim("place", m.entity, text[found.start() : m.end])
            return
    town = IN_TOWN.search(text, *where) if rally else None
    if town and town.group("town").lower() not in MONTH_WORDS and not analysis.mentions_in(*town.span("town")):
        # "a rally … in Ginowan drew …": a town the registry lacks, offered as a new place
        claim("place", new_place(analysis, town.group("town"), *town.span("town")), town.group())
