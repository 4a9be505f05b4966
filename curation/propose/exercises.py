"""What news tells of an exercise around the clause that names it, once the event layer has found the exercise and
forces.py can name the forces and places the registry lacks:

- the services that drill in it, named in its clause ("Resolute Dragon, an annual exercise of the U.S. Marine Corps
  and the Ground Self-Defense Force"; "U.S. Marines and Japan's Ground Self-Defense Force ended a joint exercise"),
  when the registry lacks them — and the state that owns a named service ("Japan's") is no party in its stead;
- who leads it ("Gen. X, …, and Lt. Gen. Y, …, are leading the exercise for their sides");
- who else takes part, in a sentence of its own ("Troops from Australia, Canada and the United Kingdom are also
  taking part"; "The Ground Self-Defense Force is taking part with its Type 12 missiles");
- where it is held, in a sentence that refers back to it ("It is being held at locations across Japan, from
  Hokkaido in the north to Okinawa in the south").
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import new_place
from alliance_kg.curation.propose.event_details import COORDINATION, FINITE
from alliance_kg.curation.propose.event_records import DocEvent
from alliance_kg.curation.propose.forces import Named, entity_of, find_named
from alliance_kg.curation.propose.news_events import MONTH_WORDS, NOT_A_PARTY, OWNER_OF_SERVICE
from alliance_kg.curation.propose.persons import PersonMention

# "… for joint exercises": the exercise is what another act is for
PURPOSE = re.compile(r"\bfor\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def propose_exercise_parts(analysis: Analysis, events: list[DocEvent], people: list[PersonMention]) -> None:
    """The services, further parties, leaders and places of the text's exercises (the forms of the module's doc)."""
    if not any(e.type == "Exercise" and e.id for e in events):
        return
    names = find_named(analysis)  # forces.py's names of forces and places, read once for the three rules
    services(analysis, events, names)
    taking_part(analysis, events, names)
    leading(analysis, events, people)
    exercise_places(analysis, events, names)


def services(analysis: Analysis, events: list[DocEvent], names: list[Named]) -> None:
    """Services the registry lacks that drill in an exercise its clause names (forces.py's names): participants, as
    the registry's services are (news_events.py's `exercise_parties`); a state whose service is named ("Japan's
    Ground Self-Defense Force") then takes no part in its stead, and its claim is withdrawn. Not a service named
    "according to", one the exercise is "against", nor the subject of an act the exercise is "for"."""
    text = analysis.text
    named = [n for n in names if not n.known and n.type == "MilitaryUnit"]
    for event in events:
        if event.type != "Exercise" or not event.id:
            continue
        for mention in event.mentions:
            start, end = mention.clause
            found = []
            for service in named:
                if not (start <= service.start < end):
                    continue
                if NOT_A_PARTY.search(text, max(start, service.start - 25), service.start) or ACCORDING.search(
                    text, max(start, service.start - 20), service.start
                ):
                    continue
                if service.start < mention.start and PURPOSE.search(text, service.end, mention.start):
                    continue  # "The U.S. Army first deployed the system … for joint exercises": the deployment's
                found.append(service)
            if not found:
                continue
            sentence = analysis.sentences[mention.sentence]
            owners = {
                m.entity
                for m in analysis.mentions_in(start, end)
                if analysis.is_a(m.entity, "State")
                and OWNER_OF_SERVICE.match(text, m.end)
                and any(0 <= s.start - m.end <= 4 for s in found)
            }
            if owners:
                analysis.claims[:] = [
                    c
                    for c in analysis.claims
                    if not (c.subject == event.id and c.relation == "participant" and c.object in owners)
                ]
            for service in found:
                analysis.propose(
                    ProposedClaim(
                        event.id,
                        "participant",
                        entity_of(analysis, service),
                        sentence.start,
                        sentence.end,
                        "exercise-service",
                        0.65,
                        text[mention.start : mention.end] + " … " + text[service.start : service.end],
                        modality=event.modality,
                    )
                )


# "Troops from Australia, Canada and the United Kingdom are also taking part", "The Ground Self-Defense Force is
# taking part with its Type 12 missiles", "… took part in the drills": joining the exercise the text tells of
TAKING_PART = re.compile(
    r"\b(?:(?:is|are|was|were|will\s+be)\s+(?:also\s+)?taking\s+part|(?:also\s+)?took\s+part|(?:will\s+)?(?:also\s+)?take\s+part|"
    r"(?:is|are|was|were)\s+(?:also\s+)?participating|(?:also\s+)?participated)\b"
)
# what may follow: nothing of its own, the exercise itself, or what the party brings ("with its Type 12 missiles");
# not another activity ("took part in a joint sail", "take part in a rally")
JOINS_IT = re.compile(
    r"\s*(?:[,.;]|$|with\s+(?:its|their|his|her)\b|in\s+(?:the|this\s+year['\u2019]s|this)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:exercises?|drills?|training)\b|in\s+it\b)",
    re.IGNORECASE,
)
NOT_JOINING = re.compile(r"\b(?:of|about|against|toward|towards|over|near|off)\s+(?:the\s+)?$", re.IGNORECASE)
JOIN_REACH = 6  # sentences after an exercise's last mention that may tell who else takes part in it


def taking_part(analysis: Analysis, events: list[DocEvent], names: list[Named]) -> None:
    """States, services and people a sentence says are taking part, with no event of their own ("Troops from
    Australia, Canada and the United Kingdom are also taking part"): participants of the exercise the text told of
    in the sentences just before (the last one; none when no exercise was told within JOIN_REACH sentences). The
    subject is the words before the verb in its clause; a state that owns a named service ("Japan's") is not one."""
    text = analysis.text
    exercises = [e for e in events if e.type == "Exercise" and e.id]
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for verb in TAKING_PART.finditer(text, sentence.start, sentence.end):
            if analysis.quoted(verb.start()) or not JOINS_IT.match(text, verb.end(), sentence.end):
                continue
            told = [
                e
                for e in exercises
                if any(0 <= index - m.sentence <= JOIN_REACH and m.start < verb.start() for m in e.mentions)
            ]
            if not told:
                continue
            event = max(told, key=lambda e: max(m.start for m in e.mentions if m.start < verb.start()))
            clause = analysis.clause(sentence, verb.start())
            opening = max(clause[0], text.rfind(", and ", clause[0], verb.start()) + 1)
            said = analysis.context.lexicon.modality_of(text[opening : verb.end()])
            modality = MODALITY_OF_JOINING.get(said[0], "asserted") if said else event.modality
            for named in names:
                if opening <= named.start < verb.start() and named.type == "MilitaryUnit":
                    if NOT_JOINING.search(text, max(opening, named.start - 12), named.start) or named.known:
                        continue  # the registry's services are mentions, read below
                    analysis.propose(
                        ProposedClaim(
                            event.id,
                            "participant",
                            entity_of(analysis, named),
                            sentence.start,
                            sentence.end,
                            "exercise-taking-part",
                            0.6,
                            text[named.start : verb.end()],
                            modality=modality,
                        )
                    )
            for m in analysis.mentions_in(opening, verb.start()):
                if not any(analysis.is_a(m.entity, kind) for kind in ("State", "MilitaryUnit", "Person")):
                    continue
                if m.kind == "capital" or NOT_JOINING.search(text, max(opening, m.start - 12), m.start):
                    continue
                if analysis.is_a(m.entity, "State") and OWNER_OF_SERVICE.match(text, m.end):
                    continue  # "Japan's Ground Self-Defense Force is taking part": the service
                if m.kind == "demonym" and not re.match(
                    r"\s+(?:troops|forces|military|navy|army|sailors|soldiers|marines)\b",
                    text[m.end : m.end + 12],
                    re.IGNORECASE,
                ):
                    continue
                analysis.propose(
                    ProposedClaim(
                        event.id,
                        "participant",
                        m.entity,
                        sentence.start,
                        sentence.end,
                        "exercise-taking-part",
                        0.6,
                        text[m.start : verb.end()],
                        modality=modality,
                    )
                )


MODALITY_OF_JOINING = {"planned": "planned", "negated": "negated", "possible": "possible"}

# "Gen. X, chief of staff of …, and Lt. Gen. Y, the commander of …, are leading the exercise for their sides"
LEADING = re.compile(
    r"\b(?:is|are|was|were|will\s+be)\s+(?:jointly\s+)?(?:leading|commanding|overseeing|directing)\s+(?:the|this\s+"
    r"year['\u2019]s)\s+(?:[\w-]+\s+)?(?:exercises?|drills?|training)\b",
    re.IGNORECASE,
)


def leading(analysis: Analysis, events: list[DocEvent], people: list[PersonMention]) -> None:
    """The people a sentence says are leading the exercise told just before (or the only one told of before): its participants. The subject is the
    words before the verb in its clause, from the last coordinated clause with a verb of its own; people named in it
    by an office or a rank (persons.py), not the bodies their appositives name ("chief of staff of Japan's Joint
    Staff")."""
    text = analysis.text
    exercises = [e for e in events if e.type == "Exercise" and e.id]
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for verb in LEADING.finditer(text, sentence.start, sentence.end):
            told = [e for e in exercises if any(0 < index - m.sentence <= JOIN_REACH for m in e.mentions)]
            before = [e for e in exercises if e.mentions[0].sentence < index]
            if not told and len(before) == 1:
                told = before  # further on, "the exercise" is the only one the text has told of
            if analysis.quoted(verb.start()) or not told:
                continue
            event = max(told, key=lambda e: max(m.start for m in e.mentions if m.sentence < index))
            clause = analysis.clause(sentence, verb.start())
            opening = clause[0]
            for joint in COORDINATION.finditer(text, clause[0], verb.start()):
                if FINITE.search(text, opening, joint.start()):
                    opening = joint.end()  # "…, and Y is leading the drills": Y's clause
            said = analysis.context.lexicon.modality_of(text[opening : verb.end()])
            modality = MODALITY_OF_JOINING.get(said[0], "asserted") if said else event.modality
            for person in people:
                if opening <= person.start < verb.start():
                    analysis.propose(
                        ProposedClaim(
                            event.id,  # type: ignore[arg-type]  # only events with an id are told
                            "participant",
                            person.entity,
                            sentence.start,
                            sentence.end,
                            "exercise-leader",
                            0.6,
                            text[person.start : verb.end()],
                            modality=modality,
                        )
                    )


# "It is being held at locations across Japan, from Hokkaido in the north to Okinawa in the south", "This year's
# iteration spans locations from Hokkaido … to Kyushu and the southwestern islands, including Okinawa": where the
# exercise told just before is held, in a sentence whose subject refers back to it
EXERCISE_BACK = re.compile(
    r"\s*(?:It|They|The\s+(?:exercise|exercises|drills?|training)|This\s+year['\u2019]s\s+(?:exercise|iteration|"
    r"edition|drills?))\s",
)
SPREAD = re.compile(
    r"\b(?:(?:is|are|was|were|will\s+be)\s+(?:being\s+)?(?:held|conducted|staged)\s+(?:at|in|across)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:locations|sites|areas|bases|places)|spans?\s+(?:[\w-]+\s+){0,2}?(?:locations|sites|areas|bases))\b",
    re.IGNORECASE,
)
# a place the registry lacks, in a list of them: "from Hokkaido in the north to Kyushu"
NEW_WHERE = re.compile(
    r"\b(?:from|to|including|and)\s+(?-i:(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\b(?![\w.'\u2019-])"
)
NOT_WHERE = re.compile(r"\b(?:of|off|near|toward|towards)\s+(?:the\s+)?$", re.IGNORECASE)


def exercise_places(analysis: Analysis, events: list[DocEvent], names: list[Named]) -> None:
    """The places a sentence says the exercise told just before is held at ("It is being held at locations across
    Japan, from Hokkaido in the north to Okinawa in the south"): each place the registry or forces.py names after
    the verb (not the state the locations are "across", nor a place something is "of" or "near")."""
    text = analysis.text
    exercises = [e for e in events if e.type == "Exercise" and e.id]
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip or not EXERCISE_BACK.match(text, sentence.start):
            continue
        spread = SPREAD.search(text, sentence.start, sentence.end)
        told = [e for e in exercises if any(0 < index - m.sentence <= JOIN_REACH for m in e.mentions)]
        if spread is None or not told or analysis.quoted(spread.start()):
            continue
        event = max(told, key=lambda e: max(m.start for m in e.mentions if m.sentence < index))
        clause = analysis.clause(sentence, spread.start())
        seen: set[str] = set()
        found = [
            (n.start, n.end, n) for n in names if spread.end() <= n.start < clause[1] and n.type in ("Place", "Region")
        ]
        known = analysis.mentions_in(spread.end(), clause[1])
        for match in NEW_WHERE.finditer(text, spread.end(), clause[1]):
            name = match.group("place")
            if name.lower() in MONTH_WORDS or any(a < match.end() and match.start("place") < b for a, b, _ in found):
                continue
            if any(m.start < match.end() and match.start("place") < m.end for m in known):
                continue  # a state or body the registry knows is no new place
            found.append((match.start("place"), match.end("place"), name))
        for begin, end, named in sorted(found, key=lambda f: f[0]):
            if NOT_WHERE.search(text, max(clause[0], begin - 12), begin):
                continue
            place = entity_of(analysis, named) if isinstance(named, Named) else new_place(analysis, named, begin, end)
            if place in seen:
                continue
            seen.add(place)
            analysis.propose(
                ProposedClaim(
                    event.id,
                    "place",
                    place,
                    sentence.start,
                    sentence.end,
                    "exercise-places",
                    0.6,
                    text[spread.start() : end],
                    modality=event.modality,
                )
            )
