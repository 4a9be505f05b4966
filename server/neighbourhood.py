"""An entity's neighbourhood: the entities its claims link it to, with the relations' names, as a graph to draw.

The data is the answer of one CONSTRUCT query (page_queries/neighbourhood.rq with the entity written in), which
the entity page shows, so a reader can run it and get exactly what the picture draws. At most `limit` nodes are
drawn (the entity and the neighbours linked to it by most relations, then by name); the rest are summarised by
relation, each still a link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from alliance_kg.ontology.namespaces import AKG, RDF, RDFS
from alliance_kg.server.lookup import page_query
from alliance_kg.server.pages import curie, local_href
from alliance_kg.store.sparql_text import substitute
from pyoxigraph import NamedNode, Store, Variable

DEFAULT_NODES = 60
MAX_NODES = 500
TYPE_FAMILIES = (  # the colour of a node: the first family its asserted types fall in
    ("state", ("State",)),
    ("person", ("Person",)),
    ("organisation", ("Organisation", "MilitaryUnit")),
    ("event", ("Event", "Meeting", "Summit", "Visit", "Signing", "Speech")),
    ("document", ("Agreement", "Treaty", "TreatyArticle", "JointStatement", "StrategyDocument", "StateDocument",
                  "Guidelines", "FrameworkAgreement", "ExchangeOfNotes", "MemorandumOfUnderstanding", "SourceDocument")),
    ("concept", ("SecurityDomain", "Capability", "Office", "Commitment")),
    ("place", ("Place", "Region", "Facility")),
)  # fmt: skip


@dataclass
class Node:
    iri: str
    label: str
    href: str | None
    types: list[str] = field(default_factory=list)  # type labels (local names)
    family: str = "other"
    relations: int = 0  # how many relations link it to the entity


@dataclass
class Edge:
    source: str
    target: str
    relation: str  # IRI
    label: str


@dataclass
class Neighbourhood:
    entity: Node
    nodes: list[Node]  # drawn, the entity first
    edges: list[Edge]  # between drawn nodes
    rest: dict[str, list[Node]]  # relation label -> the neighbours not drawn
    query: str  # the CONSTRUCT whose answer this is
    total: int  # neighbours in all

    def as_cytoscape(self) -> list[dict[str, Any]]:
        """The drawn nodes and edges as Cytoscape.js elements."""
        elements: list[dict[str, Any]] = [
            {
                "data": {
                    "id": n.iri,
                    "label": n.label,
                    "href": n.href,
                    "family": n.family,
                    "types": n.types,
                    "center": n.iri == self.entity.iri,
                }
            }
            for n in self.nodes
        ]
        elements += [
            {"data": {"id": f"e{i}", "source": e.source, "target": e.target, "label": e.label, "relation": e.relation}}
            for i, e in enumerate(self.edges)
        ]
        return elements

    def listing(self) -> list[tuple[str, bool, Node]]:
        """The drawn links as (relation label, inverse, neighbour), by relation: the entity → relation → neighbour,
        or for an inverse link the neighbour → relation → the entity."""
        nodes = {n.iri: n for n in self.nodes}
        rows = [
            (e.label, e.source != self.entity.iri, nodes[e.target if e.source == self.entity.iri else e.source])
            for e in self.edges
        ]
        return sorted(rows, key=lambda row: (row[1], row[0], row[2].label.lower()))

    def families(self) -> list[str]:
        """The colours the drawing uses, for its legend."""
        return sorted({n.family for n in self.nodes}, key=[f for f, _ in TYPE_FAMILIES + (("other", ()),)].index)

    @property
    def hidden(self) -> int:
        """Neighbours not drawn."""
        return self.total - (len(self.nodes) - 1)


def neighbourhood_query(entity: NamedNode) -> str:
    """The CONSTRUCT of the entity's neighbourhood, the entity written in place of ?entity."""
    return substitute(page_query("neighbourhood"), {Variable("entity"): entity})


def neighbourhood(store: Store, entity: NamedNode, limit: int = DEFAULT_NODES) -> Neighbourhood:
    query = neighbourhood_query(entity)
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = defaultdict(list)
    links: list[tuple[str, str, str]] = []
    for triple in store.query(query):
        s, p, o = triple.subject, triple.predicate, triple.object
        if p == RDFS.label:
            labels.setdefault(s.value, o.value)
        elif p == RDF.type:
            types[s.value].append(o.value)
        elif isinstance(o, NamedNode):
            links.append((s.value, p.value, o.value))
    center = entity.value

    def node(iri: str) -> Node:
        local_types = sorted({t.rsplit("#", 1)[-1] for t in types.get(iri, []) if t.startswith(str(AKG))})
        return Node(iri, labels.get(iri) or curie(iri), local_href(iri), local_types, _family(local_types))

    neighbours: dict[str, Node] = {}
    for s, _, o in links:
        other = o if s == center else s
        neighbours.setdefault(other, node(other)).relations += 1
    ranked = sorted(neighbours.values(), key=lambda n: (-n.relations, n.label.lower(), n.iri))
    drawn = ranked[: max(limit - 1, 0)]
    drawn_iris = {n.iri for n in drawn} | {center}
    edges = [
        Edge(s, o, p, labels.get(p) or curie(p))
        for s, p, o in sorted(set(links))
        if s in drawn_iris and o in drawn_iris
    ]
    entity_node = node(center)
    rest: dict[str, list[Node]] = defaultdict(list)
    for s, p, o in sorted(set(links)):
        other = o if s == center else s
        if other not in drawn_iris:
            name = labels.get(p) or curie(p)
            rest[f"{entity_node.label} {name} …" if s == center else f"… {name} {entity_node.label}"].append(
                neighbours[other]
            )
    rest = {relation: sorted(set_of(nodes), key=lambda n: n.label.lower()) for relation, nodes in sorted(rest.items())}
    return Neighbourhood(entity_node, [entity_node, *drawn], edges, rest, query, len(neighbours))


def set_of(nodes: list[Node]) -> list[Node]:
    return list({n.iri: n for n in nodes}.values())


def _family(local_types: list[str]) -> str:
    for family, names in TYPE_FAMILIES:
        if set(local_types) & set(names):
            return family
    return "other"
