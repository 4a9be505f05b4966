"""Who commands a unit, as military news names officers: "Lt. Gen. Stephen Jost, the commander of U.S.
Forces Japan" (`holdsOffice` of "Commander of <unit>", the office `officeOf` the unit), "Lt. Gen. Lawrence Nicholson,
the top Marine commander in Okinawa" (the office in the text's words, the service's by lexicon.yaml's
`service_words`).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import known_or_new
from alliance_kg.curation.propose.forces import WORD, Named, entity_of
from alliance_kg.curation.propose.mentions import US
from alliance_kg.curation.propose.persons import NAME, person_as_of, person_named
from alliance_kg.loaders.sentences import Sentence

# --- who commands a unit

RANK = r"(?:(?:Lt\.|Maj\.|Brig\.|Vice|Rear|Lt\.\s+Col\.)\s+)?(?:Gen\.|Adm\.|Col\.|Capt\.|Cmdr\.)"
COMMANDER = re.compile(rf"\b{RANK}\s+(?P<name>{NAME}),\s+(?:the\s+)?commander\s+of\s+(?:the\s+)?")


def propose_commanders(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Lt. Gen. Stephen Jost, the commander of U.S. Forces Japan": the officer holds the office of commander of the
    unit (as of the sentence's date), and the office is the unit's."""
    text = analysis.text
    for found in COMMANDER.finditer(text, sentence.start, sentence.end):
        unit = next((n for n in here if n.start == found.end() and n.type == "MilitaryUnit"), None)
        if unit is None or analysis.quoted(found.start()):
            continue
        person = person_named(analysis, found.group("name"), found.start("name"), found.end("name"))
        if person is None:
            continue
        office = _commander_office(analysis, unit, found.start(), unit.end)
        if person in analysis.entities and not analysis.entities[person].definition:
            analysis.entities[
                person
            ].definition = (
                f"{analysis.label(office)} at the time of document {analysis.source.id}, as the text names them."
            )
        evidence = text[found.start() : unit.end]
        as_of = person_as_of(analysis, sentence, found.start())
        for subject, relation, obj, qualifiers in (
            (person, "holdsOffice", office, {"asOf": as_of}),
            (office, "officeOf", entity_of(analysis, unit), {}),
        ):
            analysis.propose(
                ProposedClaim(
                    subject, relation, obj, sentence.start, sentence.end, "forces-commander", 0.7, evidence,
                    qualifiers=qualifiers,
                )
            )  # fmt: skip


TOP_COMMANDER = re.compile(
    rf"\b{RANK}\s+(?P<name>{NAME}),\s+(?:the\s+)?(?P<office>top\s+(?P<service>(?:{US}\s+)?[A-Z][\w.]*(?:\s+Corps)?)\s+"
    rf"commander\s+in\s+(?P<place>{WORD}))\b"
)


def propose_top_commanders(analysis: Analysis, sentence: Sentence) -> None:
    """ "Lt. Gen. Lawrence Nicholson, the top Marine commander in Okinawa": the officer holds that office (named by
    the text's words), which is the office of the service its word names (lexicon.yaml's `service_words`)."""
    text = analysis.text
    for found in TOP_COMMANDER.finditer(text, sentence.start, sentence.end):
        words = re.sub(r"^" + US + r"\s+", "", found.group("service"))
        service = next((s for s, names in analysis.context.lexicon.service_words.items() if words in names), None)
        if service is None or service not in analysis.context.registry.entities or analysis.quoted(found.start()):
            continue
        person = person_named(analysis, found.group("name"), found.start("name"), found.end("name"))
        if person is None:
            continue
        label = found.group("office")[0].upper() + found.group("office")[1:]
        office = _office_named(analysis, label, f"The office of the {found.group('office')}.", found.start("office"))
        evidence = text[found.start() : found.end()]
        as_of = person_as_of(analysis, sentence, found.start())
        for subject, relation, obj, qualifiers in (
            (person, "holdsOffice", office, {"asOf": as_of}),
            (office, "officeOf", service, {}),
        ):
            analysis.propose(
                ProposedClaim(
                    subject, relation, obj, sentence.start, sentence.end, "forces-top-commander", 0.65, evidence,
                    qualifiers=qualifiers,
                )
            )  # fmt: skip


def _commander_office(analysis: Analysis, unit: Named, start: int, end: int) -> str:
    """The office "Commander of <unit>": the registry's, the one proposed already, or a new Office."""
    return _office_named(analysis, f"Commander of {unit.label}", f"The office of commander of {unit.label}.", start)


def _office_named(analysis: Analysis, label: str, definition: str, start: int) -> str:
    """The office of this label: the registry's, the one proposed already, or a new Office."""
    return known_or_new(analysis, "Office", label, definition, "forces-commander", 0.7, start, start + len(label))
