"""The counts that the VoID and the service description state, computed from the store by SPARQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from alliance_kg.ontology.namespaces import BASE, RDF, SKOS, WD
from pyoxigraph import Store

LINKS_GRAPH = BASE + "graph/links"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"


@dataclass(frozen=True)
class Statistics:
    """Counts over the default graph (the union), and per named graph."""

    triples: int
    quads: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI -> triples
    graphs: dict[str, int] = field(default_factory=dict)  # named graph IRI -> triples
    wikidata_links: int = 0
    dbpedia_links: int = 0


def compute_statistics(store: Store) -> Statistics:
    def count(query: str) -> int:
        return int(next(iter(store.query(query)))[0].value)

    def by_key(query: str) -> dict[str, int]:
        return {row[0].value: int(row[1].value) for row in store.query(query)}

    return Statistics(
        triples=count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        quads=len(store),
        entities=count(
            f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) }}'
        ),
        distinct_subjects=count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        distinct_objects=count("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        classes=by_key(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF.type.value}> ?c }} GROUP BY ?c ORDER BY ?c"
        ),
        properties=by_key("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"),
        graphs=by_key("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"),
        wikidata_links=count(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s <{SKOS.exactMatch.value}> ?o }} "
            f'FILTER(STRSTARTS(STR(?o), "{WD}")) }}'
        ),
        dbpedia_links=count(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s <{SKOS.exactMatch.value}> ?o }} "
            f'FILTER(STRSTARTS(STR(?o), "{DBPEDIA_RESOURCE}")) }}'
        ),
    )
