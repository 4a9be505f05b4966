"""Flights of counted aircraft as news tells them: "Six MV-22B Ospreys flew from Marine Corps Air Station Iwakuni to
Marine Corps Air Station Futenma on Monday", "Two U.S. Marine Corps F-35B Lightning II stealth fighters landed on and
took off from the Japanese helicopter carrier JS Izumo on Sunday".

Each is an event of its own: its `figure` the aircraft as the text counts them (from the number to the noun before
the verb), what it `concerns` the aircraft (a capability named by its model) and the bases and ships it flew from or
landed on, its `participant` the service named with the aircraft ("Two U.S. Marine Corps F-35B …"), its `place` where
they flew to or landed, and its `date` the one its clause gives after the verb. Only flights done and dated: "are
expected to follow" or an undated "have flown to bases" is left.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.forces import Named, entity_of, find_named
from alliance_kg.curation.textdates import month_label
from alliance_kg.loaders.sentences import Sentence

COUNT = re.compile(
    r"(?:(?:About|Some|More\s+than|Nearly|Over)\s+)?(?:\d+|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|"
    r"Several|Dozens\s+of)\s+",
    re.IGNORECASE,
)
FLEW = re.compile(r"\s(?P<verb>flew|landed|arrived|touched\s+down)\b")
# what may stand between the aircraft's model and the verb: its name and kind ("Lightning II stealth fighters")
TO_VERB = re.compile(r"(?:s\b)?(?:\s+(?:[A-Z][\w-]*|[a-z]+(?:\s+[a-z]+)?\s*(?=\s)))??\s*$")
HEAD_WORDS = re.compile(
    r"^(?:s|['\u2019]s)?(?:\s+(?:(?-i:[A-Z])[\w-]*|stealth|fighters?|jets?|aircraft|helicopters?|planes?|bombers?|"
    r"tiltrotors?|transports?|tankers?|drones?))*\s*$"
)
WHERE = re.compile(r"\b(?:to|at|on|aboard)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
FROM = re.compile(r"\b(?:from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
NOT_DONE = re.compile(r"\b(?:will|would|could|may|might|expected|scheduled|plan|plans|if|not)\b", re.IGNORECASE)
PLACES = ("Facility", "Place", "Capability")  # a base, a town, a ship


def propose_flights(analysis: Analysis) -> None:
    """The dated flights of counted aircraft the text tells, each an event."""
    names = find_named(analysis)
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for found in FLEW.finditer(analysis.text, sentence.start, sentence.end):
            if not analysis.quoted(found.start()):
                _flight(analysis, sentence, found, names)


def _flight(analysis: Analysis, sentence: Sentence, found: re.Match, names: list[Named]) -> None:
    text = analysis.text
    clause = analysis.clause(sentence, found.start())
    aircraft = next(
        (
            n
            for n in reversed(names)
            if clause[0] <= n.start
            and n.end <= found.start()
            and n.type == "Capability"
            and HEAD_WORDS.match(text[n.end : found.start()])
        ),
        None,
    )
    if aircraft is None:
        return
    # the count opens the subject: at the clause's start (after a dateline) or after a comma
    lead = [
        m
        for m in COUNT.finditer(text, clause[0], aircraft.start)
        if re.fullmatch(r"[^,;]*", text[m.end() : aircraft.start])
    ]
    if not lead or not re.search(r"(?:^|[,\u2014]\s*|^\s*)$", text[clause[0] : lead[-1].start()]):
        return
    count = lead[-1]
    if NOT_DONE.search(text, clause[0], found.start()):
        return
    dates = [d for d in analysis.dates_in(found.end(), clause[1]) if analysis.resolve(d.expression, d) is not None]
    if not dates:
        analysis.why_not(
            found.start(), "a flight of counted aircraft without a date: how they are used, not one flight"
        )
        return
    date = dates[0]
    when = analysis.resolve(date.expression, date)
    figure = text[count.start() : found.start()].strip()
    month = month_label(when)
    label = f"Flight of {figure[0].lower() + figure[1:]} ({month})"
    identifier = analysis.reported_event(
        f"event/{slug(aircraft.label)}-flight-{when.earliest:%Y-%m}", label, "flight", 0.6, found.start(), found.end()
    )

    def claim(relation: str, obj: str, evidence: str) -> None:
        analysis.propose(
            ProposedClaim(identifier, relation, obj, sentence.start, sentence.end, f"flight-{relation}", 0.6, evidence)
        )

    claim("figure", figure, figure)
    claim("concerns", entity_of(analysis, aircraft), text[aircraft.start : found.end()])
    for n in names:
        if count.start() <= n.start and n.end <= aircraft.start and n.type == "MilitaryUnit":
            claim("participant", entity_of(analysis, n), text[n.start : found.end()])
    claim("date", date.expression, date.text)
    end, placed = date.start, False
    for n in names:
        if not (found.end() <= n.start and n.end <= end and n.type in PLACES and n is not aircraft):
            continue
        window = (max(found.end(), n.start - 30), n.start)
        if FROM.search(text, *window):
            claim("concerns", entity_of(analysis, n), text[found.start() : n.end])
        elif WHERE.search(text, *window) and not placed:
            # "to Marine Corps Air Station Futenma on Okinawa": the first place is where they went; the next, where it is
            claim("place", entity_of(analysis, n), text[found.start() : n.end])
            placed = True
