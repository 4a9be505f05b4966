"""Reads the ontology's Turtle files and answers what the loaders need: classes, property kinds, qualified forms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.ontology.namespaces import AKG, GRAPH, ONTOLOGY_DIR, ONTOLOGY_FILES, OWL, PREFIXES, RDF, RDFS, SKOS
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse


def _triples(paths: Iterable[Path]) -> list[Triple]:
    triples: list[Triple] = []
    for path in paths:
        for quad in parse(path=str(path), format=RdfFormat.TURTLE):
            triples.append(quad.triple)
    return triples


def ontology_quads(paths: Iterable[Path] = ONTOLOGY_FILES) -> list[Quad]:
    """The ontology's triples, in its own named graph."""
    return [Quad(t.subject, t.predicate, t.object, GRAPH.ontology) for t in _triples(paths)]


@dataclass(frozen=True)
class QualifiedForm:
    """How statements of a shortcut property are qualified: node class, and node → subject/object properties."""

    node_class: NamedNode
    shortcut: NamedNode
    subject_property: NamedNode
    object_property: NamedNode


@dataclass
class Vocabulary:
    """The terms of the ontology, indexed for the loader."""

    classes: set[NamedNode] = field(default_factory=set)
    object_properties: set[NamedNode] = field(default_factory=set)
    datatype_properties: set[NamedNode] = field(default_factory=set)
    qualified_forms: dict[NamedNode, QualifiedForm] = field(default_factory=dict)
    concepts: dict[NamedNode, list[tuple[str, str]]] = field(default_factory=dict)
    concept_types: dict[NamedNode, NamedNode] = field(default_factory=dict)
    date_properties: set[NamedNode] = field(default_factory=set)
    datatype_ranges: dict[NamedNode, NamedNode] = field(default_factory=dict)
    superclasses: dict[NamedNode, set[NamedNode]] = field(default_factory=dict)  # direct rdfs:subClassOf
    domains: dict[NamedNode, NamedNode] = field(default_factory=dict)  # rdfs:domain of a property
    ranges: dict[NamedNode, NamedNode] = field(default_factory=dict)  # rdfs:range (a class) of an object property

    @classmethod
    def load(cls, paths: Iterable[Path] = ONTOLOGY_FILES) -> Vocabulary:
        vocabulary = cls()
        triples = _triples(paths)
        by_subject: dict[NamedNode, dict[NamedNode, list]] = {}
        for t in triples:
            if isinstance(t.subject, NamedNode):
                by_subject.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
        for subject, props in by_subject.items():
            types = props.get(RDF.type, [])
            if OWL.Class in types:
                vocabulary.classes.add(subject)
            if OWL.ObjectProperty in types:
                vocabulary.object_properties.add(subject)
            if OWL.DatatypeProperty in types:
                vocabulary.datatype_properties.add(subject)
            if RDFS.domain in props and isinstance(props[RDFS.domain][0], NamedNode):
                vocabulary.domains[subject] = props[RDFS.domain][0]
            if OWL.ObjectProperty in types and RDFS.range in props and isinstance(props[RDFS.range][0], NamedNode):
                vocabulary.ranges[subject] = props[RDFS.range][0]
            parents = {c for c in props.get(RDFS.subClassOf, []) if isinstance(c, NamedNode)}
            if parents:
                vocabulary.superclasses[subject] = parents
            if OWL.DatatypeProperty in types and RDFS.range in props:
                vocabulary.datatype_ranges[subject] = props[RDFS.range][0]
            if AKG.dateValued in props:
                vocabulary.date_properties.add(subject)
            if AKG.qualifies in props:
                shortcut = props[AKG.qualifies][0]
                vocabulary.qualified_forms[shortcut] = QualifiedForm(
                    node_class=subject,
                    shortcut=shortcut,
                    subject_property=props[AKG.subjectProperty][0],
                    object_property=props[AKG.objectProperty][0],
                )
            labels = [
                (label.value, kind)
                for kind in ("prefLabel", "altLabel")
                for label in props.get(SKOS[kind], [])
                if isinstance(label, Literal)
            ]
            if labels and SKOS.inScheme in props:
                vocabulary.concepts[subject] = labels
                vocabulary.concept_types[subject] = next(t for t in types if t != SKOS.Concept)
        return vocabulary

    def term(self, name: str) -> NamedNode | None:
        """The declared term for a local name ("coversDomain"), a prefixed name ("dcterms:title") or an IRI."""
        prefix, colon, local = name.partition(":")
        if "://" in name:
            iri = NamedNode(name)
        elif colon and prefix in PREFIXES:
            iri = NamedNode(PREFIXES[prefix] + local)
        else:
            iri = NamedNode(str(AKG) + name)
        known = self.classes | self.object_properties | self.datatype_properties
        return iri if iri in known else None

    def is_date_valued(self, prop: NamedNode) -> bool:
        return prop in self.date_properties

    def is_about_event(self, relation: NamedNode, subject_class: NamedNode | None) -> bool:
        """Whether `relation` states something of an event and its subject is one: the event node then carries the
        modality of what is said of it (planned, …), with or without a qualified form."""
        domain = self.domains.get(relation)
        return (
            subject_class is not None
            and domain is not None
            and self.is_subclass(domain, AKG.Event)
            and self.is_subclass(subject_class, AKG.Event)
        )

    def is_subclass(self, cls: NamedNode, ancestor: NamedNode) -> bool:
        """Whether `cls` is `ancestor` or below it (rdfs:subClassOf*)."""
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current == ancestor:
                return True
            if current not in seen:
                seen.add(current)
                todo += self.superclasses.get(current, ())
        return False

    def concepts_of(self, concept_type: NamedNode) -> dict[NamedNode, list[tuple[str, str]]]:
        """The concepts of one kind (e.g. akg:Modality), with their labels."""
        return {c: labels for c, labels in self.concepts.items() if self.concept_types.get(c) == concept_type}

    def concept_named(self, concept_type: NamedNode, name: str) -> NamedNode | None:
        """The concept of that kind one of whose labels, or whose IRI's last segment, is `name` (any case)."""
        wanted = " ".join(str(name).replace("-", " ").split()).casefold()
        for concept, labels in self.concepts_of(concept_type).items():
            names = [label for label, _ in labels] + [concept.value.rsplit("/", 1)[-1]]
            if any(" ".join(n.replace("-", " ").split()).casefold() == wanted for n in names):
                return concept
        return None

    def concept_label(self, concept: NamedNode) -> str:
        return next(label for label, kind in self.concepts[concept] if kind == "prefLabel")


__all__ = ["ONTOLOGY_DIR", "ONTOLOGY_FILES", "QualifiedForm", "Vocabulary", "ontology_quads"]
