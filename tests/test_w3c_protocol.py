"""The W3C SPARQL 1.1 Protocol tests (sparql11/protocol/manifest.ttl) and Service Description tests, over HTTP.

Each entry of the protocol manifest is one pytest case named after it (query_get, bad_query_method, ...). The
manifest describes each test as HTTP requests (method, path, headers, body and its character encoding) and the
response expected (status class, and for answers their kind — "boolean", "tabular" or "RDF" — and the boolean);
the requests are sent as written, with http.client (no header added: a missing Content-Type stays missing), to a
live server on 127.0.0.1. The path prefix `/sparql/` becomes this service's `/sparql`, as the manifest says to.

Each test gets a fresh in-memory store holding its `ut:graphData` files as named graphs (named by their
`rdfs:label`), served by `create_app({"STORE": store})`; the default graph is empty, so datasets come from the
protocol's `default-graph-uri` / `named-graph-uri` parameters, which these tests exercise.

Where this service differs from the suite, on purpose (README, "The endpoint"): the endpoint is read-only, so a
recognisable update request (`application/sparql-update`, or an `update` parameter in the query string or a form
body) must get 403 with a message saying so, where the suite expects 2xx from an update service; the queries that
follow an update in a test must then answer what the untouched store answers (false: nothing was written). The
suite's 4xx expectations stand as they are, and every 4xx must be plain text with a message.

Content types checked: a boolean answer in SPARQL XML or JSON; a "tabular" one in SPARQL XML, JSON, CSV or TSV;
an "RDF" one in RDF/XML, Turtle, N-Triples or RDFa (the manifest's list); every body parsed in its type.
"""

from __future__ import annotations

import csv
import http.client
import io
import urllib.parse

import pytest
from alliance_kg.server import create_app
from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat, Store, parse, parse_query_results
from w3c_manifest import (
    GRAPH_FORMATS,
    Dispatcher,
    HttpRequest,
    ProtocolTest,
    iri_of,
    protocol_tests,
    service_description_tests,
)

PROTOCOL_TESTS = protocol_tests()
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"}
RESULTS_PARSERS = {
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def server():
    """One live server; each test puts its own app (and store) behind it."""
    from live_server import live_server

    dispatcher = Dispatcher()
    with live_server(dispatcher) as base:
        yield dispatcher, urllib.parse.urlsplit(base).port


def store_for(test: ProtocolTest) -> Store:
    store = Store()
    for name, path in test.graphs.items():
        store.load(path=path, format=GRAPH_FORMATS[path.suffix][0], base_iri=iri_of(path), to_graph=NamedNode(name))
    return store


def send(port: int, request: HttpRequest) -> tuple[int, str, bytes]:
    """(status, media type, body) of the request exactly as the manifest writes it."""
    path = request.path.replace("/sparql/", "/sparql", 1)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(request.method, path, body=request.body, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, (response.getheader("Content-Type") or "").split(";")[0].strip(), body
    finally:
        connection.close()


def is_update(request: HttpRequest) -> bool:
    """An update this service can recognise as one (and must refuse as read-only)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    query_string = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)
    form = {}
    if content_type == "application/x-www-form-urlencoded" and request.body:
        form = urllib.parse.parse_qs(request.body.decode("utf-8"))
    return content_type == "application/sparql-update" or "update" in query_string or "update" in form


def boolean_of(media_type: str, body: bytes) -> bool:
    assert media_type in BOOLEAN_TYPES, f"a boolean answer must be SPARQL XML or JSON, not {media_type}"
    return bool(parse_query_results(body, format=RESULTS_PARSERS[media_type]))


def check_tabular(media_type: str, body: bytes) -> None:
    assert media_type in TABULAR_TYPES, f"a SELECT answer must be SPARQL XML, JSON, CSV or TSV, not {media_type}"
    if media_type == "text/csv":
        assert list(csv.reader(io.StringIO(body.decode("utf-8"))))[0] == ["value"]
    else:
        assert [v.value for v in parse_query_results(body, format=RESULTS_PARSERS[media_type]).variables] == ["value"]


def check_rdf(media_type: str, body: bytes) -> list:
    assert media_type in RDF_TYPES, f"a graph answer must be RDF/XML, Turtle, N-Triples or RDFa, not {media_type}"
    return list(parse(body, format=RdfFormat.from_media_type(media_type)))


@pytest.mark.parametrize("name", list(PROTOCOL_TESTS))
def test_w3c_protocol(name, server):
    dispatcher, port = server
    test = PROTOCOL_TESTS[name]
    store = store_for(test)
    dispatcher.app = create_app({"STORE": store, "TESTING": True})
    refused_update = False
    for number, request in enumerate(test.requests, start=1):
        status, media_type, body = send(port, request)
        where = f"{name}, request {number}: {request.method} {request.path[:80]}"
        text = body.decode("utf-8", "replace")
        if is_update(request):
            assert status == 403, f"{where}: an update on the read-only endpoint must get 403, got {status}: {text}"
            assert media_type == "text/plain" and "read-only" in text, f"{where}: {media_type} {text!r}"
            refused_update = True
            continue
        expected_classes = {f"{status // 100}xx"}
        assert expected_classes & request.expected_statuses, (
            f"{where}: expected {'/'.join(sorted(request.expected_statuses))}, got {status} {media_type}: {text[:300]}"
        )
        if status >= 400:
            assert media_type == "text/plain" and text.strip(), f"{where}: a 4xx must say why in plain text"
            continue
        if request.expected_format == "boolean":
            answer = boolean_of(media_type, body)
            expected = request.expected_boolean
            if refused_update:  # what the untouched store answers: the refused update wrote nothing
                expected = bool(store.query(request.body.decode("utf-8")))
                assert expected is False
            if expected is not None:
                assert answer is expected, f"{where}: expected {expected}, got {answer}"
        elif request.expected_format == "tabular":
            check_tabular(media_type, body)
        elif request.expected_format == "RDF":
            check_rdf(media_type, body)


def test_every_protocol_test_of_the_manifest_is_run():
    assert len(PROTOCOL_TESTS) == 34
    queries = [n for n in PROTOCOL_TESTS if n.startswith(("query_", "bad_query_", "bad_multiple_queries"))]
    updates = [n for n in PROTOCOL_TESTS if "update" in n]
    assert len(queries) == 20 and len(updates) == 14 and set(queries) | set(updates) == set(PROTOCOL_TESTS)


# ---------------------------------------------------------------------------------------------------------------
# Service Description (sparql11/service-description/manifest.ttl): GET on the endpoint, no query


def service_description(server, accept: str | None) -> tuple[str, list]:
    dispatcher, port = server
    dispatcher.app = create_app({"STORE": Store(), "TESTING": True})
    request = HttpRequest("GET", "/sparql/", {"Accept": accept} if accept else {}, None, frozenset(), None, None)
    status, media_type, body = send(port, request)
    assert status == 200, body.decode("utf-8", "replace")
    return f"http://127.0.0.1:{port}/sparql", check_rdf(media_type, body)


ACCEPTS = [None, "text/turtle", "application/rdf+xml", "application/n-triples", "*/*"]


@pytest.mark.parametrize("accept", ACCEPTS)
def test_sd_returns_rdf(server, accept):
    """returns-rdf: GET on endpoint returns RDF."""
    _, triples = service_description(server, accept)
    assert triples


@pytest.mark.parametrize("accept", ACCEPTS)
def test_sd_has_endpoint_triple(server, accept):
    """has-endpoint-triple: the description contains a matching sd:endpoint triple (the URL the client used)."""
    endpoint, triples = service_description(server, accept)
    services = [t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == SD + "Service"]
    assert len(services) == 1
    endpoints = [t.object for t in triples if t.subject == services[0] and t.predicate.value == SD + "endpoint"]
    assert endpoints == [NamedNode(endpoint)]


def test_sd_conforms_to_schema(server):
    """conforms-to-schema: the terms used are the vocabulary's, with the kinds of value its ranges say."""
    _, triples = service_description(server, "text/turtle")
    (service,) = [t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == SD + "Service"]

    def values(subject, local: str) -> list:
        return [t.object for t in triples if t.subject == subject and t.predicate.value == SD + local]

    languages = {v.value for v in values(service, "supportedLanguage")}
    assert SD + "SPARQL11Query" in languages
    assert languages <= {SD + "SPARQL10Query", SD + "SPARQL11Query", SD + "SPARQL11Update"}
    assert SD + "SPARQL11Update" not in languages  # read-only
    for local in ("resultFormat", "inputFormat", "feature", "extensionFunction", "extensionAggregate"):
        assert all(isinstance(v, NamedNode) for v in values(service, local)), local
    assert values(service, "resultFormat")
    assert len(values(service, "defaultDataset")) <= 1
    sd_terms = {t.predicate.value for t in triples if t.predicate.value.startswith(SD)}
    sd_terms |= {t.object.value for t in triples if t.predicate.value == RDF_TYPE and t.object.value.startswith(SD)}
    known = {
        SD + local
        for local in [
            "Service",
            "Feature",
            "Language",
            "Function",
            "Aggregate",
            "EntailmentRegime",
            "EntailmentProfile",
            "GraphCollection",
            "Dataset",
            "Graph",
            "NamedGraph",
            "endpoint",
            "feature",
            "defaultEntailmentRegime",
            "entailmentRegime",
            "defaultSupportedEntailmentProfile",
            "supportedEntailmentProfile",
            "extensionFunction",
            "extensionAggregate",
            "languageExtension",
            "supportedLanguage",
            "propertyFeature",
            "resultFormat",
            "inputFormat",
            "defaultDataset",
            "availableGraphs",
            "defaultGraph",
            "namedGraph",
            "name",
            "graph",
        ]
    }
    assert sd_terms <= known, sorted(sd_terms - known)
    for dataset in values(service, "defaultDataset"):
        for named in values(dataset, "namedGraph"):
            assert all(isinstance(v, NamedNode) for v in values(named, "name"))


@pytest.mark.slow
def test_every_service_description_test_of_the_manifest_is_run():
    assert set(service_description_tests()) == {"returns-rdf", "has-endpoint-triple", "conforms-to-schema"}
