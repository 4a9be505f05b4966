"""Existing registry entities a proposed new one may be (RapidFuzz), so the reviewer links instead of duplicating;
and the new places and forces the rule families propose with them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import ProposedEntity
from alliance_kg.loaders.entity import normalise_name
from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from alliance_kg.curation.propose.analysis import Analysis

MIN_SCORE = 75
LIMIT = 3


def similar_entities(analysis: Analysis, name: str, kind: str | None = None) -> list[dict]:
    """Up to three registry entities (of `kind`, or of any kind) whose label or an alias is close to `name`."""
    choices: dict[str, tuple[str, str]] = {}
    for entity in analysis.context.registry.entities.values():
        if entity.iri is not None:
            continue
        if kind and not analysis.context.is_a(entity.id, kind):
            continue
        for written in (entity.label, *entity.aliases):
            choices[f"{entity.id}\t{written}"] = (entity.id, normalise_name(written))
    found = process.extract(
        normalise_name(name),
        {key: value[1] for key, value in choices.items()},
        scorer=fuzz.token_set_ratio,
        limit=LIMIT * 3,
        score_cutoff=MIN_SCORE,
    )
    result: list[dict] = []
    for _, score, key in found:
        entity_id, written = key.split("\t", 1)
        if any(r["id"] == entity_id for r in result):
            continue
        entity = analysis.context.registry.entities[entity_id]
        result.append({"id": entity_id, "label": entity.label, "score": round(score), "matched": written})
        if len(result) == LIMIT:
            break
    return result


def known_or_new(
    analysis: Analysis, kind: str, label: str, definition: str, rule: str, confidence: float, start: int, end: int
) -> str:
    """The id of the entity of this kind and label: the registry's, the one this text proposed already, or a new one
    for the reviewer, with the registry's entities of near names as candidates."""
    known = analysis.context.registry.resolve(label)
    if known is not None and analysis.is_a(known.id, kind):
        return known.id
    for entity in analysis.entities.values():
        if entity.type == kind and entity.label == label:
            return entity.id
    proposed = ProposedEntity(
        analysis.free_id(slug(label)), kind, label, definition, rule, confidence, start, end,
        candidates=similar_entities(analysis, label, kind),
    )  # fmt: skip
    return analysis.entity(proposed).id


def new_place(analysis: Analysis, name: str, start: int, end: int) -> str:
    """The id of the place `name` as this text proposes it: the one proposed already, else a new Place for the
    reviewer, with the registry's places of near names as candidates."""
    for entity in analysis.entities.values():
        if entity.type == "Place" and (entity.label == name or _islands_plural(entity.label, name)):
            return entity.id
    identifier = analysis.free_id(slug(name))
    definition = f"{name}, a place document {analysis.source.id} names."
    candidates = similar_entities(analysis, name, "Place")
    analysis.entity(
        ProposedEntity(identifier, "Place", name, definition, "event-place", 0.5, start, end, candidates=candidates)
    )
    return identifier


def _islands_plural(label: str, name: str) -> bool:
    """ "the Senkakus" are the "Senkaku Islands" named before (the Spratlys, the Kurils): one place, not two."""
    group = re.fullmatch(r"(\w+) (?:Islands|Isles)", label)
    return group is not None and name == f"{group.group(1)}s"


def armed_forces(analysis: Analysis, state: str, start: int, end: int) -> str | None:
    """The id of a state's armed forces as lexicon.yaml names them ("U.S. Armed Forces", "Japan Self-Defense
    Forces"): the registry's, the one proposed already, or a new MilitaryUnit; None for a state the lexicon lacks."""
    named = analysis.context.lexicon.armed_forces.get(state)
    if not named:
        return None
    label, aliases = named[0], named[1:]
    for name in named:
        known = analysis.context.registry.resolve(name)
        if known is not None and analysis.context.is_a(known.id, "MilitaryUnit"):
            return known.id
    for entity in analysis.entities.values():
        if entity.type == "MilitaryUnit" and entity.label == label:
            return entity.id
    identifier = analysis.free_id(slug(label))
    definition = f"{label}, the armed forces of a state, as document {analysis.source.id} names them."
    candidates = similar_entities(analysis, label, "MilitaryUnit")
    analysis.entity(
        ProposedEntity(
            identifier, "MilitaryUnit", label, definition, "armed-forces", 0.6, start, end, aliases=list(aliases),
            candidates=candidates,
        )
    )  # fmt: skip
    return identifier
