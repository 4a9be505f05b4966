"""Aircraft accidents as military news tells them: "A U.S. Marine Corps MV-22 Osprey crash-landed in
shallow water off the coast of Nago on Tuesday night", "One of its MV-22s crash-landed … off Nago … in December 2016",
"a second Osprey from Futenma had made a belly landing … on Tuesday night".

Each is an event of its own: what it `concerns` is the aircraft (a capability the text names by its model), its
`participant` the service named with the aircraft ("A U.S. Marine Corps MV-22 Osprey"; none for "its"), its `date`
the day or month of its clause after the verb, its `place` the town it came down off, in or near, and its
`characterisation` how the sentence ranks it ("in the first major accident involving the tiltrotor aircraft since …"). Only the past:
"could crash" or a crash feared is no event.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import new_place
from alliance_kg.curation.propose.forces import NOT_NAMES, WORD, Named, entity_of, find_named, is_place
from alliance_kg.curation.propose.news_events import MONTH_WORDS
from alliance_kg.curation.textdates import month_label
from alliance_kg.loaders.sentences import Sentence

ACCIDENT = re.compile(
    r"\b(?P<verb>crash-landed|crashed|went\s+down|ditched|made\s+an?\s+(?P<kind>emergency|belly|crash|hard)\s+landing)\b"
)
# between the aircraft and its verb: where it came from ("a second Osprey from Futenma had made …")
AIRCRAFT_TO_VERB = re.compile(r"^(?:s|['\u2019]s)?(?:\s+from\s+[^,;]{1,40}?)?\s+(?:had\s+|has\s+|also\s+)?$")
NOT_PAST = re.compile(r"\b(?:could|would|might|may|will|if|feared|risk\s+of)\b[^,;]*$")
WHERE = re.compile(
    rf"\b(?:off|near|in|at)\s+(?:the\s+(?:coast|shore)\s+of\s+)?(?P<place>{WORD})\b(?!\s+[A-Z])(?!['\u2019]s)"
)


# "…, breaking apart on the reef in the first major accident involving the tiltrotor aircraft since …": how the
# text ranks the accident, to the end of its phrase
RANKED = re.compile(
    r"\bin\s+(?P<words>(?:the|its)\s+(?:first|worst|deadliest|second|third|latest|most\s+serious)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:accident|crash|mishap|incident)\b[^,;]*)"
)


def propose_accidents(analysis: Analysis) -> None:
    """The aircraft accidents of the text, each an event with what it concerns, who, when and where."""
    names = find_named(analysis)
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for found in ACCIDENT.finditer(analysis.text, sentence.start, sentence.end):
            if not analysis.quoted(found.start()):
                _accident(analysis, sentence, found, names)


def _accident(analysis: Analysis, sentence: Sentence, found: re.Match, names: list[Named]) -> None:
    text = analysis.text
    clause = analysis.clause(sentence, found.start())
    if NOT_PAST.search(text, clause[0], found.start()):
        return
    aircraft = next(
        (
            n
            for n in reversed(names)
            if clause[0] <= n.start
            and n.end <= found.start()
            and n.type == "Capability"
            and AIRCRAFT_TO_VERB.match(text[n.end : found.start()])
        ),
        None,
    )
    if aircraft is None:
        return
    service = next(
        (
            n
            for n in names
            if n.type == "MilitaryUnit" and clause[0] <= n.start and re.fullmatch(r"\s+", text[n.end : aircraft.start])
        ),
        None,
    )
    dates = [d for d in analysis.dates_in(found.end(), clause[1]) if analysis.resolve(d.expression, d) is not None]
    date = dates[0] if dates else None
    place = _place(analysis, found.end(), clause[1], names)
    when = analysis.resolve(date.expression, date) if date else analysis.source.date
    month = month_label(when)
    what = "Emergency landing" if found.group("kind") in ("emergency", "belly", "hard") else "Crash"
    where = f" off {place[1]}" if place else ""
    label = f"{what} of an {aircraft.label}{where} ({month})"
    identifier = analysis.reported_event(
        f"event/{slug(aircraft.label)}-{slug(what)}-{when.earliest:%Y-%m}",
        label,
        "aircraft-accident",
        0.65,
        found.start(),
        found.end(),
    )

    def make_claim(relation: str, obj: str, evidence: str) -> None:
        analysis.propose(
            ProposedClaim(
                identifier, relation, obj, sentence.start, sentence.end, f"accident-{relation}", 0.65, evidence
            )
        )

    make_claim("concerns", entity_of(analysis, aircraft), text[aircraft.start : found.end()])
    if service is not None:
        make_claim("participant", entity_of(analysis, service), text[service.start : aircraft.end])
    if date is not None:
        make_claim("date", date.expression, date.text)
    if place is not None:
        make_claim("place", place[0], text[found.start() : place[2]])
    ranked = RANKED.search(text, found.end(), sentence.end)
    if ranked is not None:
        words = ranked.group("words").rstrip(" .")
        make_claim("characterisation", words, text[found.start() : ranked.end()][:200])


def _place(analysis: Analysis, start: int, end: int, names: list[Named]) -> tuple[str, str, int] | None:
    """(id, label, end) of the town or island the aircraft came down off, in, near or at: the first one named after
    the verb in its clause (not a state, a sea or a month)."""
    text = analysis.text
    for where in WHERE.finditer(text, start, end):
        at = where.start("place")
        named = next((n for n in names if n.start == at), None)
        if named is not None:
            if not is_place(named) or named.type == "Region":
                return None
            return entity_of(analysis, named), named.label, named.end
        word = where.group("place")
        if word in NOT_NAMES or word.lower() in MONTH_WORDS or any(m.start <= at < m.end for m in analysis.mentions):
            continue
        return new_place(analysis, word, at, where.end("place")), word, where.end("place")
    return None
