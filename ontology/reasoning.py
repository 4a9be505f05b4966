"""Consistency checking and inference with owlready2's HermiT reasoner.

HermiT implements only the OWL 2 datatype map, which lacks xsd:date, xsd:gYearMonth and xsd:gYear, and stops
on the first literal of those types. The reasoner therefore sees a view of the graph in which such literals are
retyped as xsd:string: no class or property axiom of the ontology mentions dates, so consistency and the
inferences are the same, and the dates themselves are checked by the loader (and by SHACL shapes).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from ontology.namespaces import XSD

OWL2_UNSUPPORTED = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.gMonth, XSD.gDay, XSD.gMonthDay, XSD.time}
JAVA_MEMORY = 1000  # MB; the five texts make a few thousand triples


class InconsistentGraph(Exception):
    """The reasoner found the graph inconsistent."""


@dataclass
class ReasoningResult:
    inferred_types: set[tuple[str, str]] = field(default_factory=set)
    inferred_values: set[tuple[str, str, str]] = field(default_factory=set)


def reasoner_view(triples: Iterable[Triple]) -> list[Triple]:
    """The triples with date-typed literals retyped as strings (see module docstring)."""
    view = []
    for t in triples:
        o = t.object
        if isinstance(o, Literal) and o.datatype in OWL2_UNSUPPORTED:
            o = Literal(o.value, datatype=XSD.string)
        view.append(Triple(t.subject, t.predicate, o))
    return view


def reason(triples: Iterable[Triple]) -> ReasoningResult:
    """Run HermiT on the triples; raise InconsistentGraph, or return what it inferred beyond the input."""
    view = reasoner_view(triples)
    asserted = {(t.subject.value, t.predicate.value, t.object.value) for t in view if isinstance(t.object, NamedNode)}
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
            raise InconsistentGraph("the reasoner (HermiT) found the graph inconsistent") from error
    result = ReasoningResult()
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for s, p, o in world.as_rdflib_graph().triples((None, None, None)):
        key = (str(s), str(p), str(o))
        if key in asserted or not str(s).startswith("http") or not str(o).startswith("http"):
            continue
        if str(p) == rdf_type:
            result.inferred_types.add((key[0], key[2]))
        else:
            result.inferred_values.add(key)
    return result
