"""Forces and places in the phrases news reports put around their names, and the driver of these
rules: a base or district in its town, a unit in its town, a service's camp on an island, members of a service
stationed somewhere or moved there (the move an event), what a service has where and what it deploys; appositions
(appositions.py), exercises (exercise_phrases.py) and commanders (commanders.py) are their own modules.

- `locatedIn`: "Marine Corps Air Station Futenma in Ginowan", "Camp Blaz on Guam", "the Abu district in the eastern
  part of Nago" — a base or a district, then the town or island it is in (a new place when the registry lacks it).
- `deployedTo`: "About 100 U.S. Marines stationed in Okinawa Prefecture have moved to the U.S. territory of Guam",
  "About 18,000 Marines are currently stationed in Okinawa" — the service of its members (lexicon.yaml's
  `service_members`), stationed at or moved to the place (never to a state); "U.S. Indo-Pacific Command in Hawaii";
  "a Ground Self-Defense Force camp opened on Yonaguni in 2016".
- `possesses` and `deployedTo`: "The Marines currently have 24 MV-22 Ospreys at Futenma" — the service has them, and
  they are deployed there, with their number; "U.S. Marines plan to deploy a … System", "The Marine Corps deployed
  the Osprey to Futenma" — the service has what it deploys.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.appositions import propose_appositions, propose_distances, propose_service_bases
from alliance_kg.curation.propose.commanders import propose_commanders, propose_top_commanders
from alliance_kg.curation.propose.exercise_phrases import (
    propose_exercise_apposition,
    propose_exercise_said,
)
from alliance_kg.curation.propose.forces import (
    APOS,
    NOT_NAMES,
    WORD,
    Named,
    find_named,
    force_claim,
    is_place,
    modality_before,
    sentences_with_names,
    units_before_places,
)
from alliance_kg.curation.propose.mentions import US
from alliance_kg.curation.propose.news_events import MONTH_WORDS
from alliance_kg.loaders.sentences import Sentence

# --- a base or a district in its town

IN_TOWN = re.compile(
    r"\s+(?:in|on)\s+(?:the\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western)\s+)?part\s+of\s+)?"
    rf"(?P<town>{WORD}(?:\s+{WORD})?)\b(?!\s+[A-Z])(?!{APOS})(?!-)"
)
AT_OR_OFF = re.compile(r"\s+(?:at|off)\s+(?:the\s+)?")
MONTHS_SHORT = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
DISTRICT_IN = re.compile(
    rf"\bthe\s+(?P<part>{WORD})\s+(?:district|area|ward|section|neighborhood|neighbourhood)(?=\s+in\s)"
)


def propose_in_town(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Marine Corps Air Station Futenma in Ginowan", "Camp Blaz on Guam", "the Abu district in the eastern part of
    Nago": the base or district is in the town or island after it."""
    text = analysis.text
    parts = [(n, n.end) for n in here if n.type == "Facility" and n.form in ("base", "registry")]
    for match in DISTRICT_IN.finditer(text, sentence.start, sentence.end):
        if match.group("part").split()[0] not in NOT_NAMES:
            at, label = match.start("part"), match.group("part")
            parts.append((Named(at, at + len(label), label, "Place", None, (), "district"), match.end()))
    for part, end in parts:
        found = IN_TOWN.match(text, end, sentence.end)
        if found is None:
            # "the Futenma Replacement Facility at Camp Schwab", "… facility off Henoko": a facility at a base or off a
            # place the text names
            at = AT_OR_OFF.match(text, end, sentence.end)
            place = next((n for n in here if at and n.start == at.end() and n.type in ("Place", "Facility")), None)
            if part.type == "Facility" and place is not None and not (part.known and place.known):
                force_claim(analysis, sentence, part, "locatedIn", place, "forces-in-town", confidence=0.65)
            continue
        town = found.group("town")
        if town.split()[0] in NOT_NAMES or town.lower() in MONTH_WORDS or town.lower() in MONTHS_SHORT:
            continue
        at = found.start("town")
        place = next((n for n in here if n.start == at), None)
        if place is None:
            if any(n.start <= at < n.end for n in here):
                continue
            place = Named(at, at + len(town), town, "Place", None, (), "place")
        if not is_place(place) or place.type == "Region":
            continue  # a state is no town, and a sea holds no base
        if part.known and place.known:
            continue  # the registry's own places: relations.py's place-in-place
        force_claim(analysis, sentence, part, "locatedIn", place, "forces-in-town", confidence=0.7)


def propose_unit_in_town(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "directed by U.S. Indo-Pacific Command in Hawaii", "the 7th Fleet in Yokosuka": a unit named by its form is
    deployed to the town or island it is "in" (a new place when no form names it; never a month or a state)."""
    text = analysis.text
    for unit in here:
        if unit.type != "MilitaryUnit" or unit.form != "unit":
            continue
        found = re.match(rf"\s+in\s+(?P<town>{WORD})\b(?!\s+[A-Z])(?!{APOS})(?!-)", text[unit.end : sentence.end])
        if found is None:
            continue
        town, at = found.group("town"), unit.end + found.start("town")
        if town in NOT_NAMES or town.lower() in MONTH_WORDS or town.lower() in MONTHS_SHORT:
            continue
        place = next((n for n in here if n.start == at), None)
        if place is None and not any(n.start <= at < n.end for n in here):
            place = Named(at, at + len(town), town, "Place", None, (), "place")
        if place is None or place.type not in ("Place", "Facility"):
            continue
        modality, words = modality_before(analysis, unit.end, at)
        force_claim(
            analysis, sentence, unit, "deployedTo", place, "forces-unit-in-town", confidence=0.65,
            modality=modality, note=f"the text says {words!r}" if words else None,
        )  # fmt: skip


SERVICE_POST = re.compile(
    r"\s+(?:camp|base|garrison|station|outpost|post)\s+(?:(?P<verb>opened|built|set\s+up|established|activated)\s+)?"
    r"(?:on|in|at)\s+(?:the\s+)?$"
)
OPENED_IN = re.compile(r"\s+in\s+(?P<year>(?:19|20)\d{2})\b")


def propose_service_posts(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "a Ground Self-Defense Force camp opened on Yonaguni in 2016": the service is deployed to the place its camp or
    base is on, since the year it opened when the text gives it."""
    text = analysis.text
    for service, place, post in units_before_places(analysis, here, SERVICE_POST):
        qualifiers = {}
        opened = OPENED_IN.match(text, place.end)
        if post.group("verb") and opened:
            qualifiers["startDate"] = opened.group("year")
        modality, words = modality_before(analysis, service.end, place.start)
        force_claim(
            analysis, sentence, service, "deployedTo", place, "forces-service-post", confidence=0.65,
            qualifiers=qualifiers, modality=modality, note=f"the text says {words!r}" if words else None,
        )  # fmt: skip


# --- members of a service stationed or moved somewhere

STATIONED = re.compile(
    r"\s+(?:(?:who\s+)?(?:are|were|is|was|have\s+been|had\s+been|remain)\s+)?(?:(?:currently|now|still|permanently)\s+)?"
    r"(?:stationed|based|deployed)\s+(?:in|at|on)\s+(?:the\s+)?$"
)
MOVED = re.compile(
    r"\s+(?:(?:stationed|based)\s+(?:in|at|on)\s+[^,;.]{1,40}?\s+)?(?:have|has|had)\s+(?:been\s+)?"
    r"(?:moved|relocated|transferred|redeployed|deployed)\s+to\s+(?:the\s+)?(?:(?:"
    + US
    + r"|American)\s+territory\s+of\s+)?$"
)
QUANTITY = re.compile(
    r"(?:(?:about|some|nearly|roughly|around|more\s+than|over|up\s+to)\s+)?\d{1,3}(?:,\d{3})*\s+(?:" + US + r"\s+)?$",
    re.IGNORECASE,
)


def propose_members_stationed(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "About 100 U.S. Marines stationed in Okinawa Prefecture have moved to the U.S. territory of Guam": the Marine
    Corps is deployed to both places (asserted: the words are past or present), with the number as written."""
    text = analysis.text
    for word, service in analysis.context.lexicon.service_members.items():
        if service not in analysis.context.registry.entities:
            continue
        for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
            at = sentence.start + match.start()
            before = text[max(sentence.start, at - 30) : at]
            if re.search(r"\b[A-Z][a-z]+(?:n|ese|ish|ine)\s+$", before) or analysis.quoted(at):
                continue  # "Philippine Marines", "South Korean Marines": another state's
            members = Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service)
            quantity = QUANTITY.search(before)
            for place in (n for n in here if n.start > members.end and is_place(n) and n.type != "Region"):
                between = text[members.end : place.start]
                if not (STATIONED.match(between) or MOVED.match(between)):
                    continue
                modality, words = modality_before(analysis, members.end, place.start)
                figure = " ".join((quantity.group() if quantity else "").split() + [word]) if quantity else None
                force_claim(
                    analysis, sentence, members, "deployedTo", place, "forces-members-stationed",
                    qualifiers={"quantity": figure} if figure else {}, modality=modality,
                    note=f"the text says {words!r}" if words else None,
                )  # fmt: skip
                if MOVED.match(between) and modality == "asserted":
                    _relocation(analysis, sentence, members, place, figure)


def _relocation(analysis: Analysis, sentence: Sentence, members: Named, place: Named, figure: str | None) -> None:
    """ "About 100 U.S. Marines … have moved to …": the move is an event of its own, the service its participant and
    the number as written its figure (its place and day are often the next sentence's, and left to the reviewer)."""
    when = analysis.source.date.earliest
    label = f"Relocation of {members.label} personnel to {place.label} ({when:%B %Y})"
    identifier = analysis.reported_event(
        f"event/{slug(members.label)}-relocation-{slug(place.label)}-{when:%Y-%m}",
        label,
        "forces-relocation",
        0.6,
        members.start,
        place.end,
    )
    evidence = analysis.text[members.start : place.end][:200]
    for relation, obj in (("participant", members.known), ("figure", figure)):
        if obj:
            analysis.propose(
                ProposedClaim(
                    identifier, relation, obj, sentence.start, sentence.end, "forces-relocation", 0.6, evidence
                )
            )


MEMBERS_DEPLOY = re.compile(
    r"\s+(?:(?:will|would|plan\s+to|plans\s+to|are\s+to|have|has|had|also|then)\s+){0,3}"
    r"(?:deploy(?:ed|s)?|fl(?:y|ies|ew|own)|sen[dt]s?|fielded|fields?)\s+(?P<det>an?|its|their|the)\s+"
)
NEW_SYSTEM = re.compile(r"(?P<label>(?:[A-Z][\w-]*\s+){1,6}(?:System|Missile|Launcher|Interceptor)s?)\b")


def propose_members_deploy(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "U.S. Marines plan to deploy a Navy-Marine Expeditionary Ship Interdiction System … to Yonaguni", "The Marine
    Corps deployed the Osprey to Futenma": a service, or its members, deploy what the service has (asserted: having
    it is no plan, whatever the deployment is; "the X" only after the sentence's subject)."""
    text = analysis.text
    for members in _services_named(analysis, sentence, here):
        clause = analysis.clause(sentence, members.start)
        verb = MEMBERS_DEPLOY.match(text, members.end, clause[1])
        if verb is None:
            continue
        if verb.group("det").lower() == "the" and text[sentence.start : members.start].strip() not in ("", "The"):
            continue
        start = verb.end()
        thing = next((n for n in here if n.start == start and n.type == "Capability"), None)
        if thing is None:
            system = NEW_SYSTEM.match(text, start, clause[1])
            if system is None or analysis.context.registry.resolve(system.group("label")) is not None:
                continue
            label = " ".join(system.group("label").split())
            thing = Named(start, start + len(system.group("label")), label, "Capability", None, (), "system")
        force_claim(analysis, sentence, members, "possesses", thing, "forces-members-deploy", confidence=0.65)


def _services_named(analysis: Analysis, sentence: Sentence, here: list[Named]) -> list[Named]:
    """The services and units of the sentence: by their names, their members ("U.S. Marines") and the words that
    name them alone ("the Marine Corps"), not another state's ("Philippine Marines")."""
    text = analysis.text
    found = [n for n in here if n.type == "MilitaryUnit"]
    lexicon = analysis.context.lexicon
    words = [(w, s) for w, s in lexicon.service_members.items()]
    words += [(w, s) for s, names in lexicon.service_words.items() for w in names if len(w.split()) > 1]
    for word, service in words:
        if service not in analysis.context.registry.entities:
            continue
        for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
            at = sentence.start + match.start()
            if re.search(r"\b[A-Z][a-z]+(?:n|ese|ish|ine)\s+$", text[max(sentence.start, at - 30) : at]):
                continue
            if not any(n.start <= at < n.end for n in found):
                found.append(Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service))
    return sorted(found, key=lambda n: n.start)


# --- what a force has where

HAS_AT = re.compile(
    r"\s+(?:(?:currently|now|still)\s+)?(?:has|have|had|keeps?|kept|maintains?)\s+(?P<n>\d{1,3}(?:,\d{3})*)\s+$"
)


def propose_has_at(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "The Marines currently have 24 MV-22 Ospreys at Futenma": the service has them, and they are deployed at the
    base, with their number as written."""
    text = analysis.text
    owners = [n for n in here if n.type == "MilitaryUnit"]
    for word, service in analysis.context.lexicon.service_members.items():
        if service in analysis.context.registry.entities:
            for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
                at = sentence.start + match.start()
                owners.append(Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service))
    for owner in owners:
        if text[sentence.start : owner.start].strip() not in ("", "The", "the"):
            continue  # the sentence's subject only
        thing = next((n for n in here if n.start > owner.end and n.type == "Capability"), None)
        if thing is None:
            continue
        has = HAS_AT.match(text[owner.end : thing.start])
        place = next((n for n in here if n.start > thing.end and is_place(n)), None)
        if has is None or place is None or place.type == "Region":
            continue
        after = re.match(r"(?P<plural>s|es)?\s+(?:at|in|on)\s+(?:the\s+)?$", text[thing.end : place.start])
        if after is None:
            continue
        figure = " ".join(text[owner.end + has.start("n") : thing.end + len(after.group("plural") or "")].split())
        quantity = {"quantity": figure}
        force_claim(analysis, sentence, owner, "possesses", thing, "forces-has-at", qualifiers=quantity)
        force_claim(analysis, sentence, thing, "deployedTo", place, "forces-has-at", qualifiers=quantity)


def propose_force_phrases(analysis: Analysis) -> None:
    """The rules of this module, sentence by sentence."""
    for sentence, here in sentences_with_names(analysis, find_named(analysis)):
        propose_appositions(analysis, sentence, here)
        propose_distances(analysis, sentence, here)
        propose_in_town(analysis, sentence, here)
        propose_unit_in_town(analysis, sentence, here)
        propose_service_posts(analysis, sentence, here)
        propose_service_bases(analysis, sentence, here)
        propose_members_stationed(analysis, sentence, here)
        propose_has_at(analysis, sentence, here)
        propose_members_deploy(analysis, sentence, here)
        propose_commanders(analysis, sentence, here)
        propose_top_commanders(analysis, sentence)
        propose_exercise_apposition(analysis, sentence)
        propose_exercise_said(analysis, sentence)
