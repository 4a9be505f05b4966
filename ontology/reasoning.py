"""Consistency checking and inference with owlready2's HermiT reasoner, for the build.

`reason` returns the class memberships and object-property values HermiT infers (closed under the ontology's
subclass and subproperty axioms), or raises `InconsistentGraph` with the conflicts that explain it. What it adds,
and why dates are shown to it as strings, is in docs/data-model.md ("What the reasoner adds").
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from alliance_kg.ontology.namespaces import OWL, RDF, RDFS, XSD
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

OWL2_UNSUPPORTED = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.gMonth, XSD.gDay, XSD.gMonthDay, XSD.time}
JAVA_MEMORY = 1000  # MB; the five texts make a few thousand triples
TRIVIAL_TYPES = {OWL.Thing.value, OWL.NamedIndividual.value}
TERM_TYPES = {
    OWL.Class.value,
    OWL.ObjectProperty.value,
    OWL.DatatypeProperty.value,
    OWL.AnnotationProperty.value,
    OWL.Ontology.value,
    OWL.FunctionalProperty.value,
    OWL.InverseFunctionalProperty.value,
    OWL.TransitiveProperty.value,
    OWL.SymmetricProperty.value,
    RDFS.Class.value,
    RDF.Property.value,
}

Key = tuple[str, str, str]


@dataclass(frozen=True)
class TypeReason:
    """Why an individual is in a class: the triple it follows from, and how (rdf:type, domain or range)."""

    cls: str
    triple: Key
    via: str  # "type", "domain" or "range"
    prop: str | None = None  # whose domain or range
    inverse_of: str | None = None  # when `prop` is the inverse of the triple's predicate


@dataclass(frozen=True)
class Conflict:
    """An individual in two disjoint classes, with the reason for each."""

    individual: str
    first: TypeReason
    second: TypeReason


class InconsistentGraph(Exception):
    """The reasoner found the graph inconsistent; `conflicts` says where, when a disjointness check can tell."""

    def __init__(self, message: str, conflicts: list[Conflict] | None = None) -> None:
        super().__init__(message)
        self.conflicts = conflicts or []


@dataclass
class ReasoningResult:
    inferred_types: set[tuple[str, str]] = field(default_factory=set)
    inferred_values: set[tuple[str, str, str]] = field(default_factory=set)
    reasoner: str = ""


def hermit_version() -> str:
    """HermiT's version as its bundled jar states it."""
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    try:
        with zipfile.ZipFile(jar) as archive:
            manifest = archive.read("META-INF/MANIFEST.MF").decode()
    except (OSError, KeyError, zipfile.BadZipFile):
        return "unknown"
    for line in manifest.splitlines():
        if line.startswith("Implementation-Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def reasoner_name() -> str:
    return f"HermiT {hermit_version()} via owlready2 {owlready2.VERSION}"


def reasoner_view(triples: Iterable[Triple]) -> list[Triple]:
    """The triples with date-typed literals retyped as strings (see module docstring)."""
    view = []
    for t in triples:
        o = t.object
        if isinstance(o, Literal) and o.datatype in OWL2_UNSUPPORTED:
            o = Literal(o.value, datatype=XSD.string)
        view.append(Triple(t.subject, t.predicate, o))
    return view


def relevant(triples: list[Triple]) -> list[Triple]:
    """What the reasoner needs: the axioms, every rdf:type, and the values of the properties the ontology declares.

    Triples of properties the ontology says nothing about (labels, the full texts, Web Annotation selectors,
    PROV links of the evidence graph) can neither make the graph inconsistent nor entail anything about our
    classes and properties; leaving them out makes HermiT several times faster.
    """
    declared = {
        t.subject for t in triples if t.predicate == RDF.type and t.object in (OWL.ObjectProperty, OWL.DatatypeProperty)
    }
    terms = {t.subject for t in triples if t.predicate == RDF.type and t.object.value in TERM_TYPES}
    return [
        t
        for t in triples
        if t.predicate == RDF.type or t.predicate in declared or isinstance(t.subject, BlankNode) or t.subject in terms
    ]


class Schema:
    """The class and property axioms of the graph that the closures and the disjointness check use."""

    def __init__(self, triples: list[Triple]) -> None:
        self.superclasses: dict[str, set[str]] = {}
        self.superproperties: dict[str, set[str]] = {}
        self.domains: dict[str, set[str]] = {}
        self.ranges: dict[str, set[str]] = {}
        self.inverses: dict[str, set[str]] = {}
        self.terms: set[str] = set()
        self.disjoint: set[frozenset[str]] = set()
        lists: dict[str, tuple[str, str]] = {}
        all_disjoint: list[str] = []
        for t in triples:
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            if isinstance(t.object, Literal):
                continue
            if p == RDF.first.value or p == RDF.rest.value:
                first, rest = lists.get(s, ("", ""))
                lists[s] = (o, rest) if p == RDF.first.value else (first, o)
            if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode):
                if p == RDF.type.value and o == OWL.AllDisjointClasses.value:
                    all_disjoint.append(s)
                continue
            if p == RDFS.subClassOf.value:
                self.superclasses.setdefault(s, set()).add(o)
            elif p == RDFS.subPropertyOf.value:
                self.superproperties.setdefault(s, set()).add(o)
            elif p == RDFS.domain.value:
                self.domains.setdefault(s, set()).add(o)
            elif p == RDFS.range.value:
                self.ranges.setdefault(s, set()).add(o)
            elif p == OWL.inverseOf.value:
                self.inverses.setdefault(s, set()).add(o)
                self.inverses.setdefault(o, set()).add(s)
            elif p == OWL.disjointWith.value:
                self.disjoint.add(frozenset((s, o)))
            elif p == RDF.type.value and o in TERM_TYPES:
                self.terms.add(s)
        members_of = {t.subject.value: t.object.value for t in triples if t.predicate == OWL.members}
        for node in all_disjoint:
            members, cell = [], members_of.get(node)
            while cell and cell in lists and cell != RDF.nil.value:
                members.append(lists[cell][0])
                cell = lists[cell][1]
            self.disjoint |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}

    def ancestors(self, cls: str, table: dict[str, set[str]] | None = None) -> set[str]:
        table = self.superclasses if table is None else table
        seen, todo = {cls}, [cls]
        while todo:
            for parent in table.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_term(self, iri: str) -> bool:
        return iri in self.terms


def find_disjointness_conflicts(triples: Iterable[Triple]) -> list[Conflict]:
    """Individuals that the graph puts in two disjoint classes, by rdf:type or by the domain/range of a property."""
    triples = list(triples)
    schema = Schema(triples)
    reasons: dict[str, dict[str, TypeReason]] = {}

    def add(individual: str, cls: str, triple: Key, via: str, prop: str | None = None, inverse: str | None = None):
        for ancestor in schema.ancestors(cls):
            reasons.setdefault(individual, {}).setdefault(ancestor, TypeReason(cls, triple, via, prop, inverse))

    for t in triples:
        if not isinstance(t.subject, NamedNode) or schema.is_term(t.subject.value):
            continue
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        key = (s, p, o)
        if p == RDF.type.value:
            if isinstance(t.object, NamedNode):
                add(s, o, key, "type")
            continue
        for prop in schema.ancestors(p, schema.superproperties):
            for cls in schema.domains.get(prop, ()):
                add(s, cls, key, "domain", prop)
            if isinstance(t.object, NamedNode):
                for cls in schema.ranges.get(prop, ()):
                    add(o, cls, key, "range", prop)
            for inverse in schema.inverses.get(prop, ()):
                for cls in schema.ranges.get(inverse, ()):
                    add(s, cls, key, "range", inverse, prop)
                if isinstance(t.object, NamedNode):
                    for cls in schema.domains.get(inverse, ()):
                        add(o, cls, key, "domain", inverse, prop)
    conflicts, seen = [], set()
    for individual, classes in sorted(reasons.items()):
        for pair in sorted(schema.disjoint, key=sorted):
            a, b = sorted(pair)
            if a in classes and b in classes:
                key = (individual, frozenset((classes[a].triple, classes[b].triple)))
                if key not in seen:  # Treaty vs State and StateDocument vs State rest on the same two triples
                    seen.add(key)
                    conflicts.append(Conflict(individual, classes[a], classes[b]))
    return conflicts


def reason(triples: Iterable[Triple]) -> ReasoningResult:
    """Run HermiT on the triples; raise InconsistentGraph, or return what it inferred beyond the input."""
    everything = reasoner_view(triples)
    asserted = {
        (t.subject.value, t.predicate.value, t.object.value) for t in everything if isinstance(t.object, NamedNode)
    }
    view = relevant(everything)
    owlready2.JAVA_MEMORY = JAVA_MEMORY
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        serialize(view, output=str(path), format=RdfFormat.N_TRIPLES)
        ontology = world.get_ontology(path.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            conflicts = find_disjointness_conflicts(view)
            raise InconsistentGraph("the reasoner (HermiT) found the graph inconsistent", conflicts) from error
    schema = Schema(view)
    result = ReasoningResult(reasoner=reasoner_name())
    rdf_type = RDF.type.value
    from rdflib import URIRef

    types: dict[str, set[str]] = {}
    values: set[Key] = set()
    for s, p, o in world.as_rdflib_graph().triples((None, None, None)):
        key = (str(s), str(p), str(o))
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)) or schema.is_term(key[0]):
            continue
        if key[1] == rdf_type:
            if key[2] not in TERM_TYPES:
                types.setdefault(key[0], set()).add(key[2])
        elif key not in asserted:
            values.add(key)
    for s, p, o in asserted:
        if p == rdf_type and not schema.is_term(s) and o not in TERM_TYPES:
            types.setdefault(s, set()).add(o)
    for individual, classes in types.items():
        closure = set().union(*(schema.ancestors(c) for c in classes))
        for cls in closure - TRIVIAL_TYPES:
            if (individual, rdf_type, cls) not in asserted:
                result.inferred_types.add((individual, cls))
    for s, p, o in asserted | values:
        if p == rdf_type or schema.is_term(s) or schema.is_term(o):
            continue
        for prop in schema.ancestors(p, schema.superproperties):
            if (s, prop, o) not in asserted:
                values.add((s, prop, o))
    result.inferred_values = {v for v in values if not schema.is_term(v[0])}
    return result
