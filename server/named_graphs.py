"""Named graphs as linked data: what `…/graph/<name>` (evidence, registry, documents, links, ontology, inferred)
answers — the graph's triples, with whatever the graph says about itself — as RDF and as a page.

Claim graphs are named by their claim's IRI (`…/claim/NNN-<id>`), which the claim's page already serves.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliance_kg.ontology.namespaces import DCTERMS
from alliance_kg.server.pages import Reader, Term
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, Store

SUBJECTS_PER_PAGE = 50


def graph_quads(store: Store, graph: NamedNode) -> list[Quad]:
    """The graph's own triples (as quads in it), after the triples about the graph itself in any other graph (its
    VoID or PROV description, with its `#fragment` nodes). Empty when the store has no such graph."""
    contents = list(store.quads_for_pattern(None, None, None, graph))
    if not contents:
        return []
    about: dict[Quad, None] = {}
    subjects, seen, prefix = [graph], set(), graph.value + "#"
    while subjects:
        node = subjects.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, DefaultGraph()):
            about[quad] = None
            if isinstance(quad.object, BlankNode) or (
                isinstance(quad.object, NamedNode) and quad.object.value.startswith(prefix)
            ):
                subjects.append(quad.object)
    return list(about) + contents


@dataclass
class SubjectRows:
    subject: Term
    rows: list[tuple[Term, Term]]


def graph_page(store: Store, graph: NamedNode, page: int) -> dict:
    """The graph's header, its size, and one page of its triples grouped by subject."""
    reader = Reader(store)
    by_subject: dict = {}
    predicates: dict = {}
    triples = 0
    for quad in store.quads_for_pattern(None, None, None, graph):
        by_subject.setdefault(quad.subject, []).append(quad)
        predicates[quad.predicate] = predicates.get(quad.predicate, 0) + 1
        triples += 1
    subjects = sorted(by_subject, key=lambda node: (isinstance(node, BlankNode), str(node)))
    pages = max(1, -(-len(subjects) // SUBJECTS_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = subjects[(page - 1) * SUBJECTS_PER_PAGE : page * SUBJECTS_PER_PAGE]
    return {
        **reader.header(graph),
        "descriptions": [reader.term(value) for value in reader.values(graph, DCTERMS.description)],
        "triples": triples,
        "subjects": len(subjects),
        "predicates": sorted(
            ((reader.term(p), n) for p, n in predicates.items()), key=lambda item: (-item[1], item[0].label)
        ),
        "rows": [
            SubjectRows(
                reader.term(subject),
                sorted(
                    ((reader.term(q.predicate), reader.term(q.object)) for q in by_subject[subject]),
                    key=lambda pair: (pair[0].label, pair[1].label),
                ),
            )
            for subject in shown
        ],
        "page": page,
        "pages": pages,
    }
