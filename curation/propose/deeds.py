"""Deeds of record: what a named actor did, told by a past-tense verb with a date of its own ("Okinawa Gov. X on
Friday approved the central government's application …", "The Diet early Saturday enacted …", "The Defense
Ministry on Monday launched the Joint Operations Command", "The House of Representatives had approved the bills on
July 16", "In November, the U.S. State Department approved the possible sale …").

Each is an event of its own, not a meeting: its `participant` the actor (a person, state, organisation or military
unit the text names right before the verb), its `date` the one its clause gives the deed (between the actor and the
verb, in the verb's own phrase, or leading the clause), its `place` a place the verb's phrase names after "in" or
"at", and what it `concerns` the capabilities, agreements, documents and units that phrase names. The verbs are data
(deeds.yaml). Only what was done: a deed the clause plans, wishes, asks for or denies ("plans to deploy", "has not
approved") is left, as is one with no date (a state of affairs more often than an event), and a verb that is not the
actor's own ("was approved by") is no match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.organisations import organisation_entity, organisation_subject
from alliance_kg.curation.textdates import DateMention, month_label
from alliance_kg.loaders.dates import DateValue
from alliance_kg.loaders.sentences import Sentence

DEEDS_FILE = Path(__file__).resolve().parent / "deeds.yaml"
ACTORS = ("Person", "State", "Organisation", "MilitaryUnit")
TOPICS = ("Capability", "Agreement", "StateDocument", "Commitment", "MilitaryUnit", "Organisation")
# between the actor and the verb (dates taken out): an apposition, a time word, an auxiliary of the past
BETWEEN = re.compile(
    r"\s*(?:,\s*[^,;]{1,90}?,\s*)?(?:(?:on|in|early|late|also|first|formally|officially|has|had|have|then|finally|"
    r"later|earlier|this|last)\s+)*",
    re.IGNORECASE,
)
# where the verb's own phrase ends: what follows is another predicate, a reason or what was said
PHRASE_END = re.compile(
    r"[,;:(]|\s\u2014\s|\b(?:that|which|who|after|before|when|because|but|while|as|and|amid|despite|saying|since|"
    r"until|following)\b",
    re.IGNORECASE,
)
# a date leading the clause: "In November, the U.S. State Department approved …"
LEADING = re.compile(r"\s*(?:(?:in|on|early|late|last)\s+)?$", re.IGNORECASE)
TO_ACTOR = re.compile(
    r"\s*,?\s*(?:the\s+)?(?:(?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*)?['\u2019]s\s+)?$", re.IGNORECASE
)
DOCUMENTS_READ = "document-approved"  # documents.py's rules for an approval of documents the graph knows
# "documents that the Cabinet approved", "which the Japanese Cabinet approved on Dec. 16": the deed's object is named
# before, and the sentence tells of it, not of the deed
OBJECT_RELATIVE = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+)?$", re.IGNORECASE)
# "the Cabinet of Prime Minister Fumio Kishida": the person names whose body acts
OWNER_OF_BODY = re.compile(r"\bof\s+(?:(?-i:[A-Z])[\w.]*\s+){0,4}$", re.IGNORECASE)
OWNER = re.compile(r"^(?:U\.S\.|American|Japanese|Japan's)\s+")
# "a report by the Pentagon on Monday declared …": a name after a preposition is no subject
PREPOSITION = re.compile(r"\b(?:by|with|to|for|from|in|on|at|against|about|after|before)\s+(?:the\s+)?$", re.I)
PLACE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Deeds:
    verbs: re.Pattern[str]
    nouns: dict[str, str]
    not_after: dict[str, re.Pattern[str]]
    bodies: list[tuple[re.Pattern[str], str]]  # a body's name (with its state's word before it), its entity's type


@dataclass(frozen=True)
class Actor:
    entity: str | None  # None: a body the registry has no name for, proposed as new
    start: int
    end: int
    label: str
    type: str


@cache
def deeds() -> Deeds:
    """The verbs of deeds.yaml, compiled once."""
    data = yaml.safe_load(DEEDS_FILE.read_text(encoding="utf-8"))
    nouns = {entry["verb"]: entry["noun"] for entry in data["deeds"]}
    verbs = re.compile(r"\b(?P<verb>" + "|".join(nouns) + r")\b")
    not_after = {verb: re.compile(pattern, re.IGNORECASE) for verb, pattern in (data.get("not_after") or {}).items()}
    bodies = [
        (re.compile(rf"(?:(?P<owner>U\.S\.|American|Japanese|Japan['\u2019]s)\s+)?(?P<name>{re.escape(name)})$"), kind)
        for kind, names in (data.get("bodies") or {}).items()
        for name in sorted(names, key=len, reverse=True)
    ]
    return Deeds(verbs, nouns, not_after, bodies)


def propose_deeds(analysis: Analysis) -> None:
    """The deeds of record of the text, each an event with who did it, when, where and what it concerns."""
    lexicon = deeds()
    told: dict[tuple[str, DateValue], str] = {}  # (actor, day) → the event: a deed told again is the same deed
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for found in lexicon.verbs.finditer(analysis.text, sentence.start, sentence.end):
            if not analysis.quoted(found.start()):
                _deed(analysis, sentence, found, lexicon, told)


def _deed(
    analysis: Analysis, sentence: Sentence, found: re.Match, lexicon: Deeds, told: dict[tuple[str, DateValue], str]
) -> None:
    text = analysis.text
    clause = analysis.clause(sentence, found.start())
    verb = found.group("verb")
    phrase_end = PHRASE_END.search(text, found.end(), clause[1])
    phrase = (found.end(), phrase_end.start() if phrase_end else clause[1])
    if verb in lexicon.not_after and lexicon.not_after[verb].search(text, *phrase):
        return
    # an organisation's name as the clause's subject (organisations.py: "The Coastal Surveillance Agency (CSA)",
    # "South Korea's Defense Ministry", the state its owner), else a person, state, unit or body named before the verb
    organisation = organisation_subject(analysis, clause, found.start())
    owner = organisation[1] if organisation is not None else None
    if organisation is not None:
        named = organisation[0]
        actor: Actor | None = Actor(named.entity, named.start, named.end, named.name, "Organisation")
    else:
        actor = _actor(analysis, clause, found.start(), lexicon)
    if actor is None:
        return
    if any(c.rule.startswith(DOCUMENTS_READ) and c.start == sentence.start for c in analysis.claims):
        return  # the approval of documents the graph knows: documents.py reads it, and the graph has its event
    words = analysis.not_told_as_done(clause[0], found.start())
    if words is not None:
        analysis.why_not(found.start(), f"a deed the clause does not tell as done ({words!r})")
        return
    if actor.entity is not None and any(
        c.relation == "participant" and c.object == actor.entity and c.start == sentence.start for c in analysis.claims
    ):
        return  # the event layer told this sentence's event of the actor already (a decision, a launch)
    dated = _date(analysis, clause, actor, found.start(), phrase)
    if dated is None:
        analysis.why_not(found.start(), f"{verb!r} without a date of its own: a state of affairs as often as a deed")
        return
    date, when = dated
    noun = lexicon.nouns[verb]
    actor_label = actor.label
    if actor.entity is not None:
        actor_id = actor.entity
    elif organisation is not None:
        actor_id = organisation_entity(analysis, organisation[0], owner, "deed-actor")
    else:
        actor_id = _new_body(analysis, actor)
    label = f"{noun[0].upper() + noun[1:]} by {actor_label} ({month_label(when)})"
    identifier = told.get((actor_id, when))
    if identifier is None:
        # "The Cabinet on Tuesday approved …. The Cabinet adopted the decision at … on Tuesday evening": one deed
        identifier = analysis.reported_event(
            f"event/{slug(actor_label)}-{slug(noun)}-{when.earliest:%Y-%m}",
            label,
            "deed",
            0.6,
            found.start(),
            found.end(),
        )
        told[(actor_id, when)] = identifier

    def claim(relation: str, obj: str, evidence: str) -> None:
        analysis.propose(
            ProposedClaim(identifier, relation, obj, sentence.start, sentence.end, f"deed-{relation}", 0.6, evidence)
        )

    claim("participant", actor_id, text[actor.start : found.end()])
    if owner is not None:
        claim("participant", owner, text[actor.start : found.end()])  # "South Korea's Defense Ministry": the state too
    claim("date", date.expression, date.text)
    for m in analysis.mentions_in(*phrase):
        if m.kind != "name" or m.entity == actor_id:
            continue
        if analysis.is_a(m.entity, "Place") and PLACE_BEFORE.search(text, max(phrase[0], m.start - 10), m.start):
            claim("place", m.entity, text[found.start() : m.end])
        elif any(analysis.is_a(m.entity, kind) for kind in TOPICS):
            claim("concerns", m.entity, text[found.start() : m.end])


def _actor(analysis: Analysis, clause: tuple[int, int], verb_start: int, lexicon: Deeds) -> Actor | None:
    """The actor named right before the verb, with nothing between but an apposition, a date, a time word or an
    auxiliary ("X on Friday approved", "X had approved"): a person, state, organisation or unit the registry knows, or
    a body of a state the registry has no name for ("The Diet", "the U.S. State Department"). Not the subject of a
    relative clause whose object is the deed's ("documents that the Cabinet approved in December"), nor one named
    as whose a body is ("the Cabinet of Prime Minister X approved": the Cabinet acts)."""
    text = analysis.text
    gap = list(text[clause[0] : verb_start])
    for d in analysis.dates_in(clause[0], verb_start):
        gap[d.start - clause[0] : d.end - clause[0]] = " " * (d.end - d.start)
    blanked = "".join(gap)
    ends = [clause[0] + w.end() for w in re.finditer(r"\w(?=\W|$)", blanked) if BETWEEN.fullmatch(blanked, w.end())]
    found = next((a for end in reversed(ends) if (a := _named_at(analysis, clause, end, lexicon)) is not None), None)
    if found is None:
        return None
    lead = text[clause[0] : found.start]
    if OBJECT_RELATIVE.search(lead) or OWNER_OF_BODY.search(lead) or PREPOSITION.search(lead):
        return None
    return found


def _named_at(analysis: Analysis, clause: tuple[int, int], end: int, lexicon: Deeds) -> Actor | None:
    """The actor whose name ends at `end`: a mention of the registry's, or a body of a state by its kind."""
    text = analysis.text
    named = [m for m in analysis.mentions_in(clause[0], end) if m.end == end and m.kind != "demonym"]
    if named:
        m = named[-1]
        if any(analysis.is_a(m.entity, kind) for kind in ACTORS):
            return Actor(m.entity, m.start, m.end, analysis.label(m.entity), analysis.type_of(m.entity) or "")
        return None
    for pattern, kind in lexicon.bodies:
        body = pattern.search(text, clause[0], end)
        if body is not None and not re.search(r"\w", text[body.start() - 1 : body.start()]):
            return Actor(None, body.start(), body.end(), body.group().replace("\u2019", "'"), kind)
    return None


def _new_body(analysis: Analysis, actor: Actor) -> str:
    """The id of a body of a state the text names as the actor, proposed as new for the reviewer (the one proposed
    already for the same words)."""
    label = re.sub(r"^the\s+", "", actor.label, flags=re.IGNORECASE)
    label = label[0].upper() + label[1:]
    # "The Cabinet", "the Diet": the state lexicon.yaml's `state_bodies` says they are of ("Cabinet of Japan")
    name = OWNER.sub("", label)  # "Japan's Cabinet" is the Cabinet
    state = next((s for s, names in analysis.context.lexicon.state_bodies.items() if name in names), None)
    if state is not None:
        label = f"{name} of {analysis.label(state)}"
    for entity in analysis.entities.values():
        if entity.type == actor.type and entity.label == label:
            return entity.id
    identifier = analysis.free_id(slug(label))
    analysis.entity(
        ProposedEntity(
            identifier, actor.type, label, f"{label}, a body document {analysis.source.id} names as acting.",
            "deed-actor", 0.5, actor.start, actor.end, candidates=similar_entities(analysis, label, actor.type),
        )
    )  # fmt: skip
    return identifier


def _date(
    analysis: Analysis, clause: tuple[int, int], actor: Actor, verb_start: int, phrase: tuple[int, int]
) -> tuple[DateMention, DateValue] | None:
    """The deed's date: between the actor and the verb, in the verb's own phrase, or leading the clause before the
    actor; none that lies after the document's date (a deed to come is no deed done)."""
    text = analysis.text
    candidates = analysis.dates_in(actor.end, verb_start) + analysis.dates_in(*phrase)
    candidates += [
        d
        for d in analysis.dates_in(clause[0], actor.start)
        if TO_ACTOR.fullmatch(text, d.end, actor.start) and LEADING.fullmatch(text, clause[0], d.start)
    ]
    for date in candidates:
        value = analysis.resolve(date.expression, date)
        if value is not None and value.earliest <= analysis.source.date.latest and "(future)" not in date.expression:
            return date, value
    return None
