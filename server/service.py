"""What the service and its dataset are: the SPARQL 1.1 Service Description and the VoID description.

Both are written for the URL the client used (never a fixed host). The statistics behind them are counted from
the store once, on first use (`statistics`), and kept in `app.extensions`.
https://www.w3.org/TR/sparql11-service-description/ — https://www.w3.org/TR/void/
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alliance_kg.ontology.namespaces import BASE, DCTERMS, RDF, RDFS, SKOS, WD, XSD, Namespace
from alliance_kg.server.formats import GRAPH_FORMATS, RESULTS_FORMATS, content_type, write_graph
from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import BlankNode, Literal, NamedNode, Store, Triple

blueprint = Blueprint("service", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
PREFIXES = {"sd": str(SD), "void": str(VOID), "formats": str(FORMATS)}
DATASET = NamedNode(BASE + ".well-known/void#dataset")  # resolves (via w3id.org) to the VoID document itself
LINKSET = NamedNode(BASE + ".well-known/void#wikidata-links")
WIKIDATA = NamedNode("http://www.wikidata.org/")
DBPEDIA_LINKSET = NamedNode(BASE + ".well-known/void#dbpedia-links")
DBPEDIA = NamedNode("http://dbpedia.org/")
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
LINKS_GRAPH = BASE + "graph/links"
TITLE = "alliance-kg: a knowledge graph of the U.S.–Japan alliance"
DESCRIPTION = (
    "Facts about the U.S.–Japan alliance taken from five source texts, each claim in its own named graph with "
    "its evidence: the source document, the verbatim quote and its character offsets."
)
DEFAULT_GRAPH_NOTE = (
    "The default graph is the RDF merge (union) of all the named graphs, materialised when the graph is built: "
    "a query without GRAPH sees each fact once; GRAPH ?g reaches each claim graph."
)
# W3C format IRIs (https://www.w3.org/ns/formats/) of what /sparql can answer in
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/ld+json": FORMATS["JSON-LD"],
    "application/rdf+xml": FORMATS.RDF_XML,
}
DESCRIPTION_TYPES = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


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


def statistics() -> Statistics:
    """The store's statistics, computed on first use (not at start-up: most workers never serve VoID)."""
    stats = current_app.extensions.get("alliance_kg.statistics")
    if stats is None:  # two first requests may both compute it; the store is read-only, so they agree
        stats = current_app.extensions["alliance_kg.statistics"] = compute_statistics(
            current_app.extensions["alliance_kg.store"]
        )
    return stats


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of the endpoint at the URL this request used."""
    stats = statistics()
    endpoint = NamedNode(request.base_url)
    service, dataset, default_graph = BlankNode(), BlankNode(), BlankNode()
    triples = [
        Triple(service, RDF.type, SD.Service),
        Triple(service, SD.endpoint, endpoint),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(service, DCTERMS["title"], Literal(TITLE, language="en")),
        Triple(service, RDFS.seeAlso, NamedNode(url_for("service.void", _external=True))),
        Triple(service, SD.defaultDataset, dataset),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, SD.defaultGraph, default_graph),
        Triple(default_graph, RDF.type, SD.Graph),
        Triple(default_graph, DCTERMS.description, Literal(DEFAULT_GRAPH_NOTE, language="en")),
        Triple(default_graph, VOID.triples, _integer(stats.triples)),
    ]
    if current_app.extensions["alliance_kg.service_allowlist"].endpoints:  # SERVICE_ALLOWLIST (server/federation.py)
        triples.append(Triple(service, SD.feature, SD.BasicFederatedQuery))
    triples += [Triple(service, SD.resultFormat, iri) for iri in FORMAT_IRIS.values()]
    for name, size in stats.graphs.items():
        named, graph = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, SD.namedGraph, named),
            Triple(named, RDF.type, SD.NamedGraph),
            Triple(named, SD.name, NamedNode(name)),
            Triple(named, SD.graph, graph),
            Triple(graph, RDF.type, SD.Graph),
            Triple(graph, VOID.triples, _integer(size)),
        ]
    return _graph_response(triples)


@blueprint.get("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset (https://www.w3.org/TR/void/#well-known)."""
    stats = statistics()
    config = current_app.config
    triples = [
        Triple(DATASET, RDF.type, VOID.Dataset),
        Triple(DATASET, DCTERMS["title"], Literal(TITLE, language="en")),
        Triple(DATASET, DCTERMS.description, Literal(DESCRIPTION + " " + DEFAULT_GRAPH_NOTE, language="en")),
        Triple(DATASET, VOID.sparqlEndpoint, NamedNode(url_for("sparql.endpoint", _external=True))),
        Triple(DATASET, VOID.uriSpace, Literal(BASE)),
        Triple(DATASET, VOID.triples, _integer(stats.triples)),
        Triple(DATASET, VOID.entities, _integer(stats.entities)),
        Triple(DATASET, VOID.classes, _integer(len(stats.classes))),
        Triple(DATASET, VOID.properties, _integer(len(stats.properties))),
        Triple(DATASET, VOID.distinctSubjects, _integer(stats.distinct_subjects)),
        Triple(DATASET, VOID.distinctObjects, _integer(stats.distinct_objects)),
        Triple(DATASET, VOID.vocabulary, NamedNode(BASE + "ontology#")),
        Triple(DATASET, VOID.subset, LINKSET),
    ]
    if config["DATA_LICENSE"]:
        triples.append(Triple(DATASET, DCTERMS.license, NamedNode(config["DATA_LICENSE"])))
    if config["DATA_RIGHTS"]:
        triples.append(Triple(DATASET, DCTERMS.rights, Literal(config["DATA_RIGHTS"], language="en")))
    from alliance_kg.server.dumps import DUMPS

    for name in DUMPS:
        triples.append(Triple(DATASET, VOID.dataDump, NamedNode(url_for("dumps.dump", name=name, _external=True))))
    for media_type in (*RESULTS_FORMATS, *GRAPH_FORMATS):
        if media_type in FORMAT_IRIS:
            triples.append(Triple(DATASET, VOID.feature, FORMAT_IRIS[media_type]))
    for iri, instances in stats.classes.items():
        partition = BlankNode()
        triples += [
            Triple(DATASET, VOID.classPartition, partition),
            Triple(partition, VOID["class"], NamedNode(iri)),
            Triple(partition, VOID.entities, _integer(instances)),
        ]
    for iri, size in stats.properties.items():
        partition = BlankNode()
        triples += [
            Triple(DATASET, VOID.propertyPartition, partition),
            Triple(partition, VOID.property, NamedNode(iri)),
            Triple(partition, VOID.triples, _integer(size)),
        ]
    triples += _linkset(LINKSET, WIKIDATA, "Wikidata", str(WD), stats.wikidata_links)
    triples += _linkset(DBPEDIA_LINKSET, DBPEDIA, "DBpedia", DBPEDIA_RESOURCE, stats.dbpedia_links)
    return _graph_response(triples)


def _linkset(linkset: NamedNode, target: NamedNode, title: str, uri_space: str, links: int) -> list[Triple]:
    """A void:Linkset of our skos:exactMatch links to one other dataset, and that dataset."""
    return [
        Triple(linkset, RDF.type, VOID.Linkset),
        Triple(
            linkset,
            DCTERMS.description,
            Literal(f"skos:exactMatch links to {title}, in the graph {LINKS_GRAPH}", language="en"),
        ),
        Triple(linkset, VOID.subjectsTarget, DATASET),
        Triple(linkset, VOID.objectsTarget, target),
        Triple(linkset, VOID.linkPredicate, SKOS.exactMatch),
        Triple(linkset, VOID.triples, _integer(links)),
        Triple(target, RDF.type, VOID.Dataset),
        Triple(target, DCTERMS["title"], Literal(title, language="en")),
        Triple(target, VOID.uriSpace, Literal(uri_space)),
    ]


def _graph_response(triples: list[Triple]) -> Response:
    from alliance_kg.server.sparql import negotiate

    media_type = negotiate(DESCRIPTION_TYPES, "graph")
    body = write_graph(triples, media_type, PREFIXES)
    return Response(body, content_type=content_type(media_type), headers={"Vary": "Accept"})


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)
