"""The service describes itself: SPARQL 1.1 Service Description at /sparql, VoID at /.well-known/void, dumps."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import jsonld_client
import pytest
from pyoxigraph import Dataset, DefaultGraph, NamedNode, RdfFormat, parse

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def fetch(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def graph_of(body: bytes, content_type: str, server: str) -> list:
    if content_type.startswith("application/ld+json"):  # compact, naming the published context
        return [q.triple for q in jsonld_client.quads(body, server)]
    return list(parse(body, format=RdfFormat.from_media_type(content_type.split(";")[0])))


def objects(triples, predicate: str, subject=None) -> list:
    return [t.object for t in triples if t.predicate.value == predicate and (subject is None or t.subject == subject)]


@pytest.mark.slow
@pytest.mark.parametrize("accept", [None, "text/turtle", "application/ld+json", "application/n-triples", "*/*"])
def test_sparql_without_a_query_answers_the_service_description(live_graph_server, graph_store, accept):
    status, headers, body = fetch(f"{live_graph_server}/sparql", accept)
    assert status == 200
    triples = graph_of(body, headers["Content-Type"], live_graph_server)
    (service,) = [t.subject for t in triples if t.predicate == RDF_TYPE and t.object.value == SD + "Service"]
    assert objects(triples, SD + "endpoint", service) == [NamedNode(f"{live_graph_server}/sparql")]
    assert NamedNode(SD + "SPARQL11Query") in objects(triples, SD + "supportedLanguage", service)
    features = objects(triples, SD + "feature", service)
    assert NamedNode(SD + "UnionDefaultGraph") in features
    assert NamedNode(SD + "BasicFederatedQuery") in features  # SERVICE to the endpoints of SERVICE_ALLOWLIST
    formats = {o.value for o in objects(triples, SD + "resultFormat", service)}
    assert (
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
        and "http://www.w3.org/ns/formats/Turtle" in formats
    )
    graphs = {o.value for o in objects(triples, SD + "name")}
    stored = {r[0].value for r in graph_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == stored and "https://w3id.org/alliance-kg/graph/links" in graphs
    (default_graph,) = objects(triples, SD + "defaultGraph")
    assert "union" in objects(triples, "http://purl.org/dc/terms/description", default_graph)[0].value


def test_a_browser_still_gets_the_query_page(live_graph_server):
    status, headers, _ = fetch(f"{live_graph_server}/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_void_counts_the_store(live_graph_server, graph_store, accept):
    status, headers, body = fetch(f"{live_graph_server}/.well-known/void", accept)
    assert (status, headers["Content-Type"].split(";")[0]) == (200, accept)
    triples = graph_of(body, headers["Content-Type"], live_graph_server)
    dataset = NamedNode("https://w3id.org/alliance-kg/.well-known/void#dataset")

    def number(predicate: str, subject=dataset) -> int:
        (value,) = objects(triples, VOID + predicate, subject)
        return int(value.value)

    def count(query: str) -> int:
        return int(next(iter(graph_store.query(query)))[0].value)

    assert number("triples") == count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert number("distinctSubjects") == count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert number("classes") == count("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert number("properties") == len(objects(triples, VOID + "propertyPartition", dataset)) > 10
    assert number("entities") > 0 and number("distinctObjects") > 0
    assert objects(triples, VOID + "sparqlEndpoint", dataset) == [NamedNode(f"{live_graph_server}/sparql")]
    dumps = {o.value for o in objects(triples, VOID + "dataDump", dataset)}
    assert dumps == {f"{live_graph_server}/dumps/alliance-kg.{ext}.gz" for ext in ("trig", "nq", "jsonld")}
    assert objects(triples, "http://purl.org/dc/terms/license", dataset)
    linksets = [t.subject for t in triples if t.predicate == RDF_TYPE and t.object.value == VOID + "Linkset"]
    targets = {}
    for linkset in linksets:
        (target,) = objects(triples, VOID + "objectsTarget", linkset)
        (space,) = objects(triples, VOID + "uriSpace", target)
        targets[target.value] = space.value
        links = (
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/alliance-kg/graph/links> "
            f'{{ ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o }} FILTER(STRSTARTS(STR(?o), "{space.value}")) }}'
        )
        assert number("triples", linkset) == count(links) > 0
        assert objects(triples, VOID + "linkPredicate", linkset) == [
            NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
        ]
    assert targets == {
        "http://www.wikidata.org/": "http://www.wikidata.org/entity/",
        "http://dbpedia.org/": "http://dbpedia.org/resource/",
    }
    every_link = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/alliance-kg/graph/links> { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o } }"
    assert sum(number("triples", linkset) for linkset in linksets) == count(every_link)
    # each class partition counts the class's instances
    partitions = objects(triples, VOID + "classPartition", dataset)
    assert len(partitions) == number("classes")
    for partition in partitions[:5]:
        (cls,) = objects(triples, VOID + "class", partition)
        instances = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls.value}> }}"
        assert number("entities", partition) == count(instances) > 0


@pytest.mark.parametrize(
    ("name", "rdf_format"), [("alliance-kg.trig.gz", RdfFormat.TRIG), ("alliance-kg.nq.gz", RdfFormat.N_QUADS)]
)
@pytest.mark.slow
def test_dumps_hold_every_named_graph_and_revalidate_by_etag(live_graph_server, graph_store, name, rdf_format):
    url = f"{live_graph_server}/dumps/{name}"
    status, headers, body = fetch(url)
    assert (status, headers["Content-Type"]) == (200, "application/gzip")
    assert name.replace("alliance-kg.", "alliance-kg-0.2.0.") in headers["Content-Disposition"]  # the version
    dataset = Dataset(parse(gzip.decompress(body), format=rdf_format))
    named = [q for q in graph_store if not isinstance(q.graph_name, DefaultGraph)]
    assert len(dataset) == len(named)
    assert not any(isinstance(q.graph_name, DefaultGraph) for q in dataset)  # the union is left to the client
    request = urllib.request.Request(url, headers={"If-None-Match": headers["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=30)
    assert not_modified.value.code == 304


def test_an_unknown_dump_is_a_404_that_lists_the_dumps(graph_app):
    response = graph_app.test_client().get("/dumps/everything.zip")
    assert response.status_code == 404 and "alliance-kg.trig.gz" in response.get_data(as_text=True)
