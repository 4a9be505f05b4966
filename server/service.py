"""What the service and its dataset are: the SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-
description/) and the VoID description (https://www.w3.org/TR/void/), both for the URL the client used."""

from __future__ import annotations

from alliance_kg.ontology.namespaces import BASE, DCTERMS, RDF, RDFS, SKOS, WD, XSD, Namespace
from alliance_kg.server.dumps import DUMPS
from alliance_kg.server.formats import GRAPHS, RESULTS, content_type, format_iri, media_types, negotiate, write_rdf
from alliance_kg.server.state import state
from alliance_kg.server.statistics import DBPEDIA_RESOURCE, LINKS_GRAPH
from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple

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
TITLE = "alliance-kg: a knowledge graph of the U.S.–Japan alliance"
DESCRIPTION = (
    "Facts about the U.S.–Japan alliance taken from five source texts, each claim in its own named graph with "
    "its evidence: the source document, the verbatim quote and its character offsets."
)
DEFAULT_GRAPH_NOTE = (
    "The default graph is the RDF merge (union) of all the named graphs, materialised when the graph is built: "
    "a query without GRAPH sees each fact once; GRAPH ?g reaches each claim graph."
)
# What the descriptions are written in, best first; what /sparql answers in is stated by the formats' W3C IRIs.
DESCRIPTION_TYPES = media_types(RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.N_TRIPLES, RdfFormat.RDF_XML)
ANSWER_FORMATS = (*RESULTS, *GRAPHS)


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of the endpoint at the URL this request used."""
    stats = state().statistics()
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
    if state().allowlist.endpoints:  # SERVICE_ALLOWLIST (server/federation.py)
        triples.append(Triple(service, SD.feature, SD.BasicFederatedQuery))
    triples += [Triple(service, SD.resultFormat, NamedNode(format_iri(f))) for f in ANSWER_FORMATS]
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
    stats = state().statistics()
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
    for name in DUMPS:
        triples.append(Triple(DATASET, VOID.dataDump, NamedNode(url_for("dumps.dump", name=name, _external=True))))
    triples += [Triple(DATASET, VOID.feature, NamedNode(format_iri(f))) for f in ANSWER_FORMATS]
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
    media_type = negotiate(DESCRIPTION_TYPES, "graph")
    body = write_rdf(triples, media_type, PREFIXES)
    return Response(body, content_type=content_type(media_type), headers={"Vary": "Accept"})


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)
