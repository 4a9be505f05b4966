"""The registry of entities: ids, types, labels and aliases, and the lookup of a name to its entity."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from alliance_kg.loaders.entity import Entity, normalise_name
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.linking import ReviewedLinks, link_quads
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import AKG, GRAPH, ID, Vocabulary
from alliance_kg.ontology.namespaces import RDF, RDFS, SKOS
from pyoxigraph import Literal, Quad

NAMED_BY_THEIR_OWN_KEY = (AKG.Modality, AKG.UnclaimedReason)
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


class Registry:
    """Every entity by id, and every label and alias by its normalised form."""

    def __init__(self, entities: list[Entity], source: Path, links: ReviewedLinks | None = None) -> None:
        self.entities: dict[str, Entity] = {}
        self._by_name: dict[str, Entity] = {}
        self.source = source
        self.links = links if links is not None else ReviewedLinks.read()
        for entity in entities:
            if entity.id in self.entities:
                raise LoadError(source, None, f"entity id {entity.id!r} is registered twice; keep one entry")
            self.entities[entity.id] = entity
            for name in (entity.id, entity.label, *entity.aliases):
                key = normalise_name(name)
                other = self._by_name.get(key)
                if other is not None and other.id != entity.id:
                    raise LoadError(source, None, f"name {name!r} belongs to both {other.id!r} and {entity.id!r}")
                self._by_name[key] = entity

    @classmethod
    def load(cls, vocabulary: Vocabulary, sources: SourcesFolder) -> Registry:
        """The registry of a sources folder: its entities.yaml, with the reviewed links beside it."""
        links = ReviewedLinks.read(sources.wikidata_reviewed, sources.enwiki_titles)
        reviewed = links.wikidata
        path = sources.entities
        data = read_yaml(path)
        entities: list[Entity] = []
        for item in data.get("entities") or []:
            line = line_of(item)
            missing = [key for key in ("id", "type", "label") if not item.get(key)]
            if missing:
                raise LoadError(path, line, f"entity lacks {', '.join(missing)}")
            if not _ID.match(item["id"]):
                raise LoadError(path, line, f"id {item['id']!r}: use lower-case letters, digits, '-', '_' and '/'")
            entity_type = vocabulary.term(item["type"])
            if entity_type is None or entity_type not in vocabulary.classes:
                raise LoadError(path, line, f"type {item['type']!r} is not a class of the ontology")
            wikidata = item.get("wikidata")
            if wikidata and wikidata not in reviewed:
                raise LoadError(
                    path,
                    line,
                    f"Wikidata id {wikidata} is not in {sources.wikidata_reviewed.name}: only reviewed ids are linked",
                )
            entities.append(
                Entity(
                    id=item["id"],
                    type=entity_type,
                    label=item["label"],
                    aliases=tuple(item.get("aliases") or ()),
                    definition=item.get("definition"),
                    wikidata=wikidata,
                )
            )
        for concept, labels in vocabulary.concepts.items():
            if vocabulary.concept_types[concept] in NAMED_BY_THEIR_OWN_KEY:
                continue  # `modality:` and `why:` name these; as entities their labels ("former") would clash
            pref = next(label for label, kind in labels if kind == "prefLabel")
            entities.append(
                Entity(
                    id=concept.value.removeprefix(str(ID)),
                    type=vocabulary.concept_types[concept],
                    label=pref,
                    aliases=tuple(label for label, kind in labels if kind != "prefLabel"),
                    iri=concept,
                )
            )
        return cls(entities, source=path, links=links)

    def unstated_years(self, texts: list[str]) -> list[LoadError]:
        """Entries whose label or definition names a year that no source text names: the registry may say only
        what the texts say (a year from elsewhere, like "(2013)", is a claim without a source)."""
        stated = {year for text in texts for year in _YEAR.findall(text)}
        lines = {item.get("id"): line_of(item) for item in read_yaml(self.source).get("entities") or []}
        errors = []
        for entity in self.entities.values():
            if entity.iri is not None:
                continue
            for field, value in (("label", entity.label), ("definition", entity.definition or "")):
                for year in sorted(set(_YEAR.findall(value)) - stated):
                    errors.append(
                        LoadError(
                            self.source,
                            lines.get(entity.id),
                            f"{entity.id}: the {field} names the year {year}, which no source text names; say only "
                            "what the texts say",
                        )
                    )
        return errors

    def resolve(self, name: str) -> Entity | None:
        return self._by_name.get(normalise_name(name))

    def suggestions(self, name: str) -> list[str]:
        return difflib.get_close_matches(normalise_name(name), list(self._by_name), n=3, cutoff=0.6)

    def quads(self) -> list[Quad]:
        """Types, labels and definitions in the registry graph; reviewed links (loaders/linking.py) in the links graph."""
        quads: list[Quad] = []
        for entity in self.entities.values():
            if entity.iri is not None:
                continue  # SKOS concepts are described by the ontology's own graph
            s, g = entity.node, GRAPH.registry
            quads.append(Quad(s, RDF.type, entity.type, g))
            quads.append(Quad(s, RDFS.label, Literal(entity.label, language="en"), g))
            quads.append(Quad(s, SKOS.prefLabel, Literal(entity.label, language="en"), g))
            quads += [Quad(s, SKOS.altLabel, Literal(alias, language="en"), g) for alias in entity.aliases]
            if entity.definition:
                quads.append(Quad(s, SKOS.definition, Literal(entity.definition, language="en"), g))
        return quads + link_quads(self.entities.values(), self.links)
