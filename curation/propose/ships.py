"""Whose ships and units are, as news reports say it in the names they give them.

- `possesses`: a ship named with its hull prefix and its owner's word right before it ("the Japanese helicopter
  carrier JS Izumo", "Britain's HMS Queen Elizabeth"); a U.S. Navy ship ("USS …") in a sentence that names the Navy
  ("…, the U.S. Navy said", "restoring the Navy's only forward-deployed carrier"); a ship's sister ship has the owners
  the text gives the ship ("the Kaga and its sister ship, the Izumo", "The Izumo's sister ship, the Kaga").
- `possesses`: a U.S. service named right before an aircraft's model ("an Air Force CV-22B", "U.S. Marine Corps
  F-35B fighters").
- `memberOf`: a unit right after its service's possessive ("the U.S. Navy's 7th Fleet", "the Army's 3rd Multi-Domain
  Task Force"), and a unit whose name has its service's word ("the 12th Marine Regiment", "Marine Fighter Attack
  Squadron 242": lexicon.yaml's `service_words`).

The owner is proposed only where the text names it: a hull prefix alone says whose navy, but a reviewer checks what
the text says.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.forces import APOS, Named, entity_of, find_named, force_claim, sentences_with_names
from alliance_kg.curation.propose.mentions import US
from alliance_kg.loaders.sentences import Sentence

US_HULLS = ("USS", "USNS")
# the owner right before a ship's name: a state's possessive or a nationality word, with the ship's kind between
OWNER_BEFORE = re.compile(
    rf"(?P<owner>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?P<possessive>{APOS}s)?\s+(?:(?:[a-z-]+\s+){{0,3}})$"
)
# "the Navy", "the U.S. Navy" — not "the Philippine Navy" or "the Royal Navy"
NAVY = re.compile(r"(?<![\w-])(?:(?:" + US + r"|[Tt]he)\s+)?Navy\b")
OTHER_STATES_WORD = re.compile(r"\b(?!The\b|" + US + r")[A-Z][a-z]+\s+$")
SISTER = re.compile(
    rf"\b(?P<first>[A-Z][a-z]+)(?:{APOS}s|\s+and\s+its)\s+sister\s+ship,\s+the\s+(?P<second>[A-Z][a-z]+)\b"
)
# a service named right before an aircraft's model: "an Air Force CV-22B crashed", "Two U.S. Marine Corps F-35B …"
SERVICE_BEFORE_MODEL = re.compile(
    r"(?<![\w.-])(?:(?P<us>" + US + r")\s+)?(?P<service>Navy|Army|Air\s+Force|Marine\s+Corps|Space\s+Force)\s+$"
)
# the service whose possessive a unit follows: "the U.S. Navy's 7th Fleet", "the Army's 3rd Multi-Domain Task Force"
SERVICE_POSSESSIVE = re.compile(
    rf"(?:{US}\s+)?(?P<service>Navy|Army|Air\s+Force|Marine\s+Corps|Space\s+Force){APOS}s\s+$"
)


def _state_of_word(analysis: Analysis, word: str, possessive: bool) -> str | None:
    """The registry state a nationality word ("Japanese") or, with its possessive, a name ("Britain's") denotes."""
    if possessive:
        known = analysis.context.registry.resolve(word)
        return known.id if known is not None and analysis.is_a(known.id, "State") else None
    return next((s for s, words in analysis.context.lexicon.demonyms.items() if word in words), None)


def propose_ship_owners(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the Japanese helicopter carrier JS Izumo", "Britain's HMS Queen Elizabeth": the state possesses the ship;
    "the carriers USS Ronald Reagan and USS Carl Vinson …, the U.S. Navy said": the Navy possesses each."""
    text = analysis.text
    navy = next(
        (
            m
            for m in NAVY.finditer(text, sentence.start, sentence.end)
            if not OTHER_STATES_WORD.search(text, max(sentence.start, m.start() - 20), m.start())
        ),
        None,
    )
    for ship in here:
        if ship.form != "ship" or analysis.quoted(ship.start) or not re.match(r"[A-Z]{2,5}\s", text[ship.start :]):
            continue  # the ship as written with its hull prefix ("the Ronald Reagan" again is not)
        before = OWNER_BEFORE.search(text, max(sentence.start, ship.start - 60), ship.start)
        state = _state_of_word(analysis, before.group("owner"), bool(before.group("possessive"))) if before else None
        if state is not None and state in analysis.context.registry.entities:
            owner = Named(before.start("owner"), before.end("owner"), analysis.label(state), "State", state)
            force_claim(analysis, sentence, owner, "possesses", ship, "ships-owner-named", confidence=0.65)
        if navy is not None and ship.label.split()[0] in US_HULLS:
            service = Named(navy.start(), navy.end(), "U.S. Navy", "MilitaryUnit", None, ("Navy",), "service")
            force_claim(analysis, sentence, service, "possesses", ship, "ships-navy", confidence=0.6)


def propose_sister_ships(analysis: Analysis, sentence: Sentence) -> None:
    """ "the Kaga and its sister ship, the Izumo": whoever the text says has the Kaga has the Izumo too."""
    text = analysis.text
    for match in SISTER.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(match.start()):
            continue
        first = next(
            (
                e
                for e in analysis.entities.values()
                if e.type == "Capability" and match.group("first") in (e.label, *(e.aliases or ()))
            ),
            None,
        )
        if first is None:
            continue
        owners = [c.subject for c in analysis.claims if c.relation == "possesses" and c.object == first.id]
        kind = re.search(r"\(([a-z ]+)\)$", first.label)
        name = match.group("second")
        label = f"{name} ({kind.group(1)})" if kind else name
        second = Named(match.start("second"), match.end("second"), label, "Capability", None, (name,), "ship")
        second_id = entity_of(analysis, second)
        for owner in dict.fromkeys(owners):
            analysis.propose(
                ProposedClaim(
                    owner, "possesses", second_id, sentence.start, sentence.end, "ships-sister-ship", 0.6,
                    match.group(),
                )
            )  # fmt: skip


def propose_unit_services(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the U.S. Navy's 7th Fleet", "the Army's 3rd Multi-Domain Task Force": the unit is a member of the service;
    "the 12th Marine Regiment": of the service its name's word names."""
    text = analysis.text
    words = analysis.context.lexicon.service_words
    for unit in here:
        if unit.type != "MilitaryUnit" or unit.form != "unit" or analysis.quoted(unit.start):
            continue
        own = SERVICE_POSSESSIVE.search(text, max(sentence.start, unit.start - 30), unit.start)
        if own is not None and OTHER_STATES_WORD.search(text, max(sentence.start, own.start() - 20), own.start()):
            continue  # "the Philippine Navy's …": another state's service
        service: Named | None = None
        if own is not None:
            label = "U.S. " + " ".join(own.group("service").split())
            known = analysis.context.registry.resolve(label)
            service = Named(own.start(), own.end(), label, "MilitaryUnit", known.id if known else None, (), "service")
        else:
            named = next(
                (s for s, names in words.items() for w in names if re.search(rf"\b{re.escape(w)}\b", unit.label)),
                None,
            )
            before = text[max(sentence.start, unit.start - 20) : unit.start]
            if (
                named is not None
                and named in analysis.context.registry.entities
                and not OTHER_STATES_WORD.search(before)
            ):
                service = Named(unit.start, unit.end, analysis.label(named), "MilitaryUnit", named)
        if service is not None and service.label != unit.label:
            force_claim(analysis, sentence, unit, "memberOf", service, "ships-unit-service", confidence=0.6)


def propose_service_models(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "an Air Force CV-22B crashed", "Two U.S. Marine Corps F-35B … stealth fighters": the U.S. service named right
    before a model's designator has it (no other state's word before the service: "Philippine Air Force")."""
    text = analysis.text
    for model in here:
        if model.type != "Capability" or model.form != "designator" or analysis.quoted(model.start):
            continue
        service = SERVICE_BEFORE_MODEL.search(text, max(sentence.start, model.start - 30), model.start)
        if service is None:
            continue
        before = text[max(sentence.start, service.start() - 20) : service.start()]
        if not service.group("us") and re.search(r"[A-Z][a-z]+\s+$", before):
            continue  # "a Philippine Air Force FA-50": another state's service
        label = "U.S. " + " ".join(service.group("service").split())
        known = analysis.context.registry.resolve(label)
        owner = Named(service.start(), service.end(), label, "MilitaryUnit", known.id if known else None, (), "service")
        force_claim(analysis, sentence, owner, "possesses", model, "ships-service-model", confidence=0.6)


def propose_ships(analysis: Analysis) -> None:
    """The rules of this module, sentence by sentence; the sister-ship rule last, as it reads the owners the others
    (and the forces rules) give."""
    sentences = list(sentences_with_names(analysis, find_named(analysis)))
    for sentence, here in sentences:
        propose_ship_owners(analysis, sentence, here)
        propose_unit_services(analysis, sentence, here)
        propose_service_models(analysis, sentence, here)
    for sentence, _ in sentences:  # a sister ship may come before the sentence that says whose its ship is
        propose_sister_ships(analysis, sentence)
