"""Organisations the text introduces, proposed with the claims that make them worth proposing.

- An organisation's name as a clause's subject (capitalised words ending in a noun of organisations.yaml, with an
  "of …" part and the acronym it goes by: "The Coastal Surveillance Agency (CSA)", "South Korea's Defense Ministry",
  "the Ministry of Defense"), read for deeds.py, which makes the organisation's dated act of record an event with the
  organisation (and the state named as its owner) as participant.
- A city's mayor named with the city ("Iwakuni Mayor Yoshihiko Fukuda"): the person holds the office of mayor, an
  office of the city's government.
- A party named as another's coalition partner ("the Liberal Democratic Party and its junior coalition partner,
  Komeito"): an organisation characterised by that role.

An organisation the registry lacks is proposed as a new Organisation, labelled with its state where the text names it
or lexicon.yaml's `state_bodies` gives it ("Cabinet of Japan"), with the acronym the text gives in parentheses as an
alias and the registry's organisations of near names as candidates. An organisation named without such a claim is
left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import known_or_new, similar_entities
from alliance_kg.curation.propose.persons import NAME, person_as_of, person_named
from alliance_kg.loaders.sentences import Sentence
from alliance_kg.loaders.yamlfile import read_yaml

DATA = Path(__file__).with_name("organisations.yaml")
# what may stand before the subject at the start of its clause: a dateline ("TOKYO — "), a fronted date ("In
# November, "), an article or a state as owner ("the", "Japan's", "the U.S.")
LEAD = re.compile(
    r"\W*(?:[A-Z]{2,}(?:[\s,.]+[A-Z][\w.]*)*\s+[\u2014\u2013-]+\s+)?"
    r"(?P<fronted>(?:In|On)\s+[A-Z][\w.]*(?:\s+\d{1,2})?(?:,?\s+\d{4})?,\s+)?"
    r"(?:[Tt]he\s+)?(?:(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['\u2019]s\s+)?"
)
NAME_WORD = r"(?:[A-Z][\w.&-]*|of|for|on|and)"
# between the subject and its verb: the acronym it goes by ("(USAID)"), a day ("on Monday", "early Saturday"), an
# auxiliary of the past ("had")
BEFORE_VERB = re.compile(
    r"(?:\s*\([A-Z][A-Z.&-]{1,9}\))?\s+(?:(?:on|early|late|in)\s+)?"
    r"(?:[A-Z][\w.]*(?:\s+\d{1,2})?(?:,\s+\d{4})?,?\s+)?(?:(?:had|has)\s+)?"
)
# "Iwakuni Mayor Yoshihiko Fukuda": a city's mayor named with the city before the title (not "Deputy Mayor", not a
# clause opener before it)
MAYOR = re.compile(rf"(?<![\w.-])(?P<city>(?-i:[A-Z][a-z]+))\s+Mayor\s+(?P<name>{NAME})")
NOT_CITIES = {
    "Deputy",
    "Vice",
    "Former",
    "Acting",
    "The",
    "Then",
    "When",
    "As",
    "After",
    "Before",
    "Incoming",
    "Outgoing",
}
FORMER = re.compile(r"\b(?:former|then-|ex-)\s*$", re.IGNORECASE)
# "the Liberal Democratic Party and its junior coalition partner, Komeito": a party named by its role beside another
PARTNER = re.compile(
    r"\b(?P<party>(?:[A-Z][\w-]*\s+){0,4}Party)\s+and\s+its\s+(?P<role>(?:(?:junior|senior|smaller|main)\s+)?coalition\s+partner),?\s+"
    r"(?P<name>(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}))(?=[,.;\s])"
)
ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Z.&-]{1,9})\)")


@dataclass(frozen=True)
class Organisation:
    """An organisation named in the text: the registry's (entity set) or one to propose (entity None)."""

    name: str
    start: int
    end: int
    entity: str | None


@cache
def _names() -> re.Pattern[str]:
    data = read_yaml(DATA)
    heads = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(data["heads"], key=len, reverse=True))
    # the name, then what may stand before the verb: the whole must fill the span, so "Ministry of Defense on Monday"
    # is the Ministry of Defense, not a Ministry followed by "of Defense"
    name = rf"(?:{NAME_WORD}\s+){{0,5}}?(?:{heads})\b(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,2}})?"
    return re.compile(rf"(?P<name>{name}){BEFORE_VERB.pattern}")


def organisation_subject(
    analysis: Analysis, clause: tuple[int, int], verb_start: int
) -> tuple[Organisation, str | None] | None:
    """The organisation that is the clause's subject right before its verb, and the state named as its owner."""
    text = analysis.text
    lead = LEAD.match(text, clause[0], verb_start)
    if lead is None:
        return None
    found = _names().fullmatch(text, lead.end(), verb_start)
    if found is None:
        return None
    words = found.group("name")
    if words.split()[0] in ("of", "for", "on", "and"):
        return None
    owner = None
    if lead.group("owner"):
        owner_start = lead.start("owner")
        owned = [m for m in analysis.mentions_in(owner_start, lead.end("owner")) if analysis.is_a(m.entity, "State")]
        if not owned:
            return None  # "Abe's private advisory panel": a person's, not a state's
        owner = owned[0].entity
    known = analysis.context.registry.resolve(words)
    entity = known.id if known is not None and analysis.is_a(known.id, "Organisation") else None
    if known is not None and entity is None:
        return None  # a registry entity of another kind (a place, a person)
    return Organisation(words, found.start("name"), found.end("name"), entity), owner


def organisation_entity(
    analysis: Analysis, subject: Organisation, owner: str | None, rule: str, described: str | None = None
) -> str:
    """The registry's organisation, the one this text proposed already, or a new one for the reviewer."""
    if subject.entity is not None:
        return subject.entity
    aliases = []
    acronym = ACRONYM.match(analysis.text, subject.end)
    if acronym is not None:
        aliases.append(acronym.group("acronym"))
    # whose it is: the state the text names as its owner, else the one lexicon.yaml gives a legislature's or cabinet's
    # name ("the Diet", "the Cabinet": Japan's); the label says it where the name alone would not
    state = owner or next(
        (s for s, names in analysis.context.lexicon.state_bodies.items() if subject.name in names), None
    )
    label = subject.name
    if state is not None:
        label, aliases = f"{subject.name} of {analysis.label(state)}", [subject.name, *aliases]
    for entity in analysis.entities.values():
        if entity.type == "Organisation" and entity.label == label:
            return entity.id  # named before (a Defense Ministry of another state is another ministry)
    definition = (
        f"{label}, {described} (document {analysis.source.id})."
        if described
        else f"{label}, an organisation document {analysis.source.id} names."
    )
    identifier = analysis.free_id(slug(label))
    analysis.entity(
        ProposedEntity(
            identifier, "Organisation", label, definition, rule, 0.5, subject.start, subject.end,
            aliases=aliases, candidates=similar_entities(analysis, label, "Organisation"),
        )
    )  # fmt: skip
    return identifier


def propose_mayors(analysis: Analysis, sentence: Sentence) -> None:
    """ "Iwakuni Mayor Yoshihiko Fukuda": the person holds the office of mayor of the city (as of the sentence's date),
    an office of the city's government, which the text introduces as an organisation of its own."""
    text = analysis.text
    for found in MAYOR.finditer(text, sentence.start, sentence.end):
        city, name = found.group("city"), found.group("name")
        if city in NOT_CITIES or analysis.quoted(found.start()) or len(name.split()) < 2:
            continue
        if FORMER.search(text, max(sentence.start, found.start() - 12), found.start()):
            continue  # "former Nago Mayor X": no office held now, and the rules do not date the past one
        person = person_named(analysis, name, found.start("name"), found.end("name"))
        if person is None:
            continue
        office = _office(analysis, f"Mayor of {city}", f"The office of mayor of the city of {city}", found)
        government = _city_government(analysis, city, found)
        evidence = found.group()
        if person in analysis.entities and not analysis.entities[person].definition:
            analysis.entities[person].definition = f"Mayor of {city} at the time of document {analysis.source.id}."
        as_of = person_as_of(analysis, sentence, found.start("name"))
        analysis.propose(
            ProposedClaim(
                person, "holdsOffice", office, sentence.start, sentence.end, "mayor-title", 0.8, evidence,
                qualifiers={"asOf": as_of},
            )
        )  # fmt: skip
        analysis.propose(
            ProposedClaim(office, "officeOf", government, sentence.start, sentence.end, "mayor-title", 0.8, evidence)
        )


def _office(analysis: Analysis, label: str, definition: str, found: re.Match[str]) -> str:
    definition = f"{definition}, as document {analysis.source.id} names it."
    return known_or_new(analysis, "Office", label, definition, "mayor-title", 0.5, found.start(), found.end())


def _city_government(analysis: Analysis, city: str, found: re.Match[str]) -> str:
    definition = f"The municipal government of {city}, whose mayor document {analysis.source.id} names."
    label = f"{city} city government"
    return known_or_new(analysis, "Organisation", label, definition, "mayor-title", 0.5, *found.span("city"))


def propose_partners(analysis: Analysis, sentence: Sentence) -> None:
    """ "the Liberal Democratic Party and its junior coalition partner, Komeito": the partner is an organisation (the
    registry's, or one the text introduces) that the text characterises by that role."""
    text = analysis.text
    for found in PARTNER.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(found.start()):
            continue
        name = found.group("name")
        partner = Organisation(name, found.start("name"), found.end("name"), None)
        known = analysis.context.registry.resolve(name)
        if known is not None:
            if not analysis.is_a(known.id, "Organisation"):
                continue
            partner = Organisation(name, partner.start, partner.end, known.id)
        role = " ".join(found.group("role").split())
        described = f"the {role} of the {' '.join(found.group('party').split())}"
        party = organisation_entity(analysis, partner, None, "coalition-partner", described)
        analysis.propose(
            ProposedClaim(
                party, "characterisation", role, sentence.start, sentence.end, "coalition-partner", 0.7, found.group()
            )
        )


def propose_organisations(analysis: Analysis) -> None:
    """The rules of this module, sentence by sentence."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        propose_mayors(analysis, sentence)
        propose_partners(analysis, sentence)
