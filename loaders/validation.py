"""SHACL validation of the assembled graph (ontology/shapes.ttl), with each problem traced to the file and line to fix.

The data graph is the merged default-graph view (the RDF merge of every named graph, the ontology's included, so
that sh:targetClass reaches instances of subclasses and sh:class follows rdfs:subClassOf). It is validated as
asserted: pySHACL is run without inference. A violation whose focus node (or value) comes from a claim names the
claim's annotation file and line; one about a registered entity names its line in entities.yaml and the claims
that mention it; one about a source document names its entry in metadata.yaml (both in the sources folder).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alliance_kg.loaders.claims import Claim
from alliance_kg.loaders.errors import LoadError, display_path
from alliance_kg.loaders.sources import SourcesFolder, SourceText
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import AKG, DOC, ID
from alliance_kg.ontology.namespaces import OWL, PREFIXES, RDF, RDFS, SKOS
from alliance_kg.ontology.vocabulary import ONTOLOGY_DIR
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
MAX_CLAIMS_NAMED = 4  # claims listed beside an entity a problem is about


class GraphProblem(LoadError):
    """A problem found in the assembled graph (by SHACL or the reasoner), located in the inputs where possible."""

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        self.path = path  # type: ignore[assignment]
        self.line = line
        self.message = message
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        if self.path is None:
            return f"(graph): {self.message}"
        where = f"{display_path(self.path)}:{self.line}" if self.line else display_path(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Location:
    path: Path | None
    line: int | None
    note: str = ""  # e.g. which claims mention the node


class Origins:
    """Where each node of the graph comes from: the claim, registry entry or metadata entry that introduced it."""

    def __init__(self, claims: Iterable[Claim], sources: Iterable[SourceText], folder: SourcesFolder) -> None:
        self.claims = list(claims)
        self.by_iri: dict[str, Claim] = {c.iri.value: c for c in self.claims}
        self.derived: dict[str, list[Claim]] = {}
        self.subject_of: dict[str, list[Claim]] = {}
        self.object_of: dict[str, list[Claim]] = {}
        self.triple_claims: dict[tuple[str, str, str], list[Claim]] = {}
        for claim in self.claims:
            for node in claim.derived_nodes:
                self.derived.setdefault(node.value, []).append(claim)
            for t in claim.assertions:
                self.subject_of.setdefault(t.subject.value, []).append(claim)
                if isinstance(t.object, NamedNode):
                    self.object_of.setdefault(t.object.value, []).append(claim)
                self.triple_claims.setdefault((t.subject.value, t.predicate.value, t.object.value), []).append(claim)
        self.entities_file = folder.entities
        self.entity_lines: dict[str, int | None] = {}
        try:
            for item in read_yaml(folder.entities).get("entities") or []:
                if isinstance(item, dict) and item.get("id"):
                    self.entity_lines[ID[item["id"]].value] = line_of(item)
        except LoadError:
            pass  # the registry itself was read before; its errors are reported there
        self.metadata_file = folder.metadata
        self.document_lines = {DOC[s.id].value: line_of(s.metadata) for s in sources}

    def claim_of(self, node: str) -> Claim | None:
        """The claim that owns a node: the claim itself, its targets and selectors, or a node only it derives."""
        claim = self.by_iri.get(node.split("#", 1)[0])
        if claim is not None:
            return claim
        derived = self.derived.get(node)
        return derived[0] if derived else None

    def claims_about(self, node: str) -> list[Claim]:
        seen: dict[str, Claim] = {}
        for claim in self.subject_of.get(node, []) + self.object_of.get(node, []):
            seen.setdefault(claim.iri.value, claim)
        return list(seen.values())

    def locate(self, node: str) -> Location:
        claim = self.claim_of(node)
        if claim is not None:
            others = [c for c in self.derived.get(node, []) if c is not claim]
            note = f"also stated by {cite_claims(others)}" if others else ""
            return Location(claim.annotation_file, claim.line, note)
        mentioned = self.claims_about(node)
        note = f"used by {cite_claims(mentioned)}" if mentioned else "used by no claim"
        if node in self.entity_lines:
            return Location(self.entities_file, self.entity_lines[node], note)
        if node in self.document_lines:
            return Location(self.metadata_file, self.document_lines[node], note)
        if mentioned:
            first = mentioned[0]
            return Location(first.annotation_file, first.line, note if len(mentioned) > 1 else "")
        return Location(None, None)

    def claims_stating(self, s: str, p: str, o: str) -> list[Claim]:
        return self.triple_claims.get((s, p, o), [])


def cite_claims(claims: list[Claim], limit: int = MAX_CLAIMS_NAMED) -> str:
    shown = [f"{display_path(c.annotation_file)}:{c.line} ({claim_name(c)})" for c in claims[:limit]]
    more = f" and {len(claims) - limit} more" if len(claims) > limit else ""
    return ", ".join(shown) + more


def claim_name(claim: Claim) -> str:
    return "claim " + claim.iri.value.rsplit("/", 1)[-1]


def short(iri: str) -> str:
    """A prefixed name where a prefix of the project fits, else the IRI in angle brackets."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def labels_of(quads: Iterable[Quad]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for q in quads:
        if q.predicate in (RDFS.label, SKOS.prefLabel) and isinstance(q.object, Literal):
            labels.setdefault(q.subject.value, q.object.value)
    return labels


def describe(node: str, labels: dict[str, str]) -> str:
    label = labels.get(node)
    return f"{short(node)} ({label!r})" if label else short(node)


def load_shapes(path: Path = SHAPES_FILE):
    import rdflib

    return rdflib.Graph().parse(str(path), format="turtle")


def validate(quads: Iterable[Quad], origins: Origins, shapes_file: Path = SHAPES_FILE) -> list[GraphProblem]:
    """Every sh:Violation of the merged graph, each as a GraphProblem naming where to fix it (empty: conforms)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    quads = list(quads)
    triples = list({q.triple for q in quads})
    data = rdflib.Graph()
    data.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    rdflib_term_log = logging.getLogger("rdflib.term")
    level = rdflib_term_log.level
    rdflib_term_log.setLevel(logging.CRITICAL)  # ill-typed literals are reported by the shapes, not logged
    try:
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=load_shapes(shapes_file), inference="none", advanced=True, allow_warnings=True
        )
    finally:
        rdflib_term_log.setLevel(level)
    labels = labels_of(quads)
    problems = undeclared_terms(quads, origins)
    if conforms:
        return problems
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "violates " + str(report.value(result, SH.sourceShape)))
        problems.append(_problem(str(focus), _path_text(report, path), value, message, origins, labels))
    problems.sort(key=lambda p: (str(p.path), p.line or 0, p.message))
    return problems


DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDFS.Datatype,
}


def undeclared_terms(quads: list[Quad], origins: Origins) -> list[GraphProblem]:
    """Every IRI of the akg: namespace used anywhere in the graph (subject, predicate, object) that the ontology
    does not declare: a typo in an annotation, the registry, the code or the ontology itself. (A check in Python
    rather than a SPARQL shape: pySHACL needs some 20 s to scan every triple; this needs milliseconds.)"""
    namespace = str(AKG)
    declared = {q.subject for q in quads if q.predicate == RDF.type and q.object in DECLARATIONS}
    used: dict[NamedNode, Quad] = {}
    for q in quads:
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, NamedNode) and term.value.startswith(namespace) and term not in declared:
                used.setdefault(term, q)
    problems = []
    for term, quad in sorted(used.items(), key=lambda item: item[0].value):
        stating = origins.claims_stating(quad.subject.value, quad.predicate.value, quad.object.value)
        location = (
            Location(stating[0].annotation_file, stating[0].line) if stating else origins.locate(quad.subject.value)
        )
        problems.append(
            GraphProblem(
                location.path,
                location.line,
                f"{short(term.value)} is used ({short(quad.subject.value)} {short(quad.predicate.value)} …) but not "
                "declared in ontology/alliance.ttl: declare it (class, property, datatype or individual), or fix the "
                "name",
            )
        )
    return problems


def _problem(focus: str, path: str | None, value, message: str, origins: Origins, labels) -> GraphProblem:
    import rdflib

    location = origins.locate(focus)
    if isinstance(value, rdflib.URIRef) and (location.path is None or origins.claim_of(str(value))):
        location = origins.locate(str(value))  # e.g. a selector of a claim, reported on its document
    text = f"{describe(focus, labels)}"
    if path:
        text += f" {path}"
    if value is not None and str(value) != focus:
        shown = describe(str(value), labels) if isinstance(value, rdflib.URIRef) else repr(_literal_text(value))
        text += f" = {shown}"
    text += f": {message}"
    if location.note:
        text += f" [{location.note}]"
    return GraphProblem(location.path, location.line, text)


def _literal_text(value) -> str:
    datatype = getattr(value, "datatype", None)
    return f"{value}^^{short(str(datatype))}" if datatype else str(value)


def _path_text(report, path) -> str | None:
    """A SHACL property path in SPARQL notation (akg:hasParty|^akg:partyTo)."""
    import rdflib
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if path is None:
        return None
    if isinstance(path, rdflib.URIRef):
        return short(str(path))
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(report, inverse) or "?")
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(report, p) or "?" for p in Collection(report, alternatives))
    if report.value(path, rdflib.RDF.first) is not None:
        return "/".join(_path_text(report, p) or "?" for p in Collection(report, path))
    return None
