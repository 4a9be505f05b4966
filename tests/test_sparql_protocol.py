"""The SPARQL 1.1 Protocol as clients use it, over HTTP on 127.0.0.1: operations, formats and errors."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import jsonld_client
import pytest
from graph_fixtures import on_graph, running_app
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse
from server_process import SLOW
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
COUNT_DOMAINS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(?c) AS ?n) WHERE { ?c skos:inScheme <https://w3id.org/alliance-kg/id/domain/scheme> }"""
ASK_SPACE = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
ASK { ?c skos:prefLabel "space"@en }"""
CONSTRUCT_DOMAINS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:inScheme <https://w3id.org/alliance-kg/id/domain/scheme> ; skos:prefLabel ?l }"""


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, content type, body) of a request; 4xx/5xx answers are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def get(base: str, query: str, accept: str | None = None, **params: str):
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return http(url, headers={"Accept": accept} if accept else {})


def count_from_json(body: str) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(live_graph_server):
    base = live_graph_server
    status, kind, body = get(base, COUNT_DOMAINS, "application/sparql-results+json")
    assert (status, kind, count_from_json(body)) == (200, "application/sparql-results+json", 5)

    form = urllib.parse.urlencode({"query": COUNT_DOMAINS}).encode()
    status, _, body = http(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, count_from_json(body)) == (200, 5)

    status, _, body = http(
        f"{base}/sparql", COUNT_DOMAINS.encode(), {"Content-Type": "application/sparql-query; charset=utf-8"}
    )
    assert (status, count_from_json(body)) == (200, 5)


@pytest.mark.parametrize(
    ("accept", "expected_type", "check"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: "<literal" in b),
        ("text/csv", "text/csv; charset=utf-8", lambda b: list(csv.reader(io.StringIO(b))) == [["n"], ["5"]]),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", lambda b: b.splitlines()[0] == "?n"),
        ("*/*", "application/sparql-results+json", lambda b: count_from_json(b) == 5),
    ],
)
def test_select_answers_in_each_results_format(live_graph_server, accept, expected_type, check):
    status, kind, body = get(live_graph_server, COUNT_DOMAINS, accept)
    assert (status, kind) == (200, expected_type)
    assert check(body)


def test_format_parameter_overrides_accept(live_graph_server):
    status, kind, body = get(live_graph_server, COUNT_DOMAINS, "application/sparql-results+xml", format="csv")
    assert (status, kind, body.splitlines()) == (200, "text/csv; charset=utf-8", ["n", "5"])


def test_ask_and_construct_through_sparqlwrapper(live_graph_server):
    client = SPARQLWrapper(f"{live_graph_server}/sparql")
    client.setQuery(ASK_SPACE)
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setReturnFormat(XML)
    client.setMethod(POST)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"

    client.setQuery(CONSTRUCT_DOMAINS)
    client.setReturnFormat(TURTLE)
    client.setMethod("GET")
    turtle = client.query().convert().decode("utf-8")
    for label in ("land", "air", "maritime", "cyber", "space"):
        assert f'"{label}"@en' in turtle


@pytest.mark.parametrize(
    ("accept", "expected_type", "marker"),
    [
        ("application/n-triples", "application/n-triples", '"space"@en .'),
        ("application/ld+json", "application/ld+json", '"@language"'),
        ("application/rdf+xml", "application/rdf+xml", "xml:lang"),
    ],
)
def test_construct_answers_in_each_graph_format(live_graph_server, accept, expected_type, marker):
    status, kind, body = get(live_graph_server, CONSTRUCT_DOMAINS, accept)
    assert (status, kind) == (200, expected_type)
    assert marker in body


def test_a_malformed_query_gets_400_with_the_parsers_message(live_graph_server):
    status, kind, body = get(live_graph_server, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400
    assert kind.startswith("text/plain")
    assert "the query does not parse" in body
    assert "error at 1:26" in body  # the parser's own message, with line:column

    client = SPARQLWrapper(f"{live_graph_server}/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p ?o ")
    with pytest.raises(QueryBadFormed):
        client.query()


@pytest.mark.parametrize(
    ("request_args", "status", "message"),
    [
        ({"url": "/sparql?query=ASK{}&query=ASK{}"}, 400, "send exactly one"),
        ({"url": "/sparql?query=%20"}, 400, "empty"),
        ({"url": "/sparql?update=CLEAR%20ALL"}, 403, "read-only"),
        ({"url": "/sparql", "data": b"CLEAR ALL", "type": "application/sparql-update"}, 403, "read-only"),
        ({"url": "/sparql", "data": b"ASK {}", "type": "text/plain"}, 415, "application/sparql-query"),
        ({"url": "/sparql", "data": b"ASK { \xff }", "type": "application/sparql-query"}, 400, "UTF-8"),
        ({"url": "/sparql?query=ASK{}", "accept": "image/png"}, 406, "application/sparql-results+json"),
        ({"url": "/sparql?query=ASK{}&format=text/csv"}, 400, "not available"),
    ],
)
def test_bad_requests_get_a_4xx_that_says_what_to_do(live_graph_server, request_args, status, message):
    headers = {}
    if "type" in request_args:
        headers["Content-Type"] = request_args["type"]
    if "accept" in request_args:
        headers["Accept"] = request_args["accept"]
    got_status, kind, body = http(live_graph_server + request_args["url"], request_args.get("data"), headers)
    assert got_status == status
    assert kind.startswith("text/plain")
    assert message in body


def test_a_browser_without_a_query_gets_the_query_form(live_graph_server):
    status, kind, body = http(f"{live_graph_server}/sparql", headers={"Accept": "text/html"})
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "<textarea" in body and "Which domains does Article V cover" in body


def test_the_root_redirects_to_the_endpoint(graph_app):
    response = graph_app.test_client().get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sparql")


# --- the dataset, base IRI, query forms (issue 4) --------------------------------------------------------------

LINKS = "https://w3id.org/alliance-kg/graph/links"
EVIDENCE = "https://w3id.org/alliance-kg/graph/evidence"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_the_default_graph_is_the_union_and_graph_reaches_each_claim(live_graph_server, graph_store):
    distinct_in_named = graph_store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    status, _, body = get(live_graph_server, COUNT_ALL, "application/sparql-results+json")
    assert (status, count_from_json(body)) == (200, int(next(iter(distinct_in_named))[0].value))
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/alliance-kg/claim/')) }"
    status, _, body = get(live_graph_server, query, "application/sparql-results+json")
    assert status == 200 and count_from_json(body) > 10


def test_default_and_named_graph_uri_make_the_dataset_in_get_post_form_and_direct_post(live_graph_server, graph_store):
    base = live_graph_server
    links = int(
        next(iter(graph_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS}> {{ ?s ?p ?o }} }}")))[0].value
    )
    assert links > 0
    status, _, body = get(base, COUNT_ALL, "application/sparql-results+json", **{"default-graph-uri": LINKS})
    assert (status, count_from_json(body)) == (200, links)

    form = urllib.parse.urlencode({"query": COUNT_ALL, "default-graph-uri": LINKS}).encode()
    status, _, body = http(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, count_from_json(body)) == (200, links)

    url = f"{base}/sparql?" + urllib.parse.urlencode({"default-graph-uri": LINKS})
    status, _, body = http(url, COUNT_ALL.encode(), {"Content-Type": "application/sparql-query"})
    assert (status, count_from_json(body)) == (200, links)

    # named-graph-uri alone: GRAPH ?g sees only those graphs, and the default graph is empty
    url = f"{base}/sparql?" + urllib.parse.urlencode([("named-graph-uri", LINKS), ("named-graph-uri", EVIDENCE)])
    status, _, body = http(url, COUNT_GRAPHS.encode(), {"Content-Type": "application/sparql-query"})
    assert (status, count_from_json(body)) == (200, 2)
    status, _, body = http(url, COUNT_ALL.encode(), {"Content-Type": "application/sparql-query"})
    assert (status, count_from_json(body)) == (200, 0)

    # the protocol's dataset overrides FROM in the query
    from_evidence = f"SELECT (COUNT(*) AS ?n) FROM <{EVIDENCE}> WHERE {{ ?s ?p ?o }}"
    status, _, body = get(base, from_evidence, "application/sparql-results+json", **{"default-graph-uri": LINKS})
    assert (status, count_from_json(body)) == (200, links)

    status, kind, body = get(base, COUNT_ALL, None, **{"default-graph-uri": "not an iri"})
    assert (status, kind.split(";")[0]) == (400, "text/plain") and "default-graph-uri" in body


def test_relative_iris_resolve_against_the_endpoint_url(live_graph_server):
    status, _, body = get(live_graph_server, "CONSTRUCT { <a> <b> <#c> } WHERE {}", "application/n-triples")
    base = live_graph_server
    assert (status, body.strip()) == (200, f"<{base}/a> <{base}/b> <{base}/sparql#c> .")


def test_describe_answers_a_graph_never_a_results_document(live_graph_server):
    describe = "DESCRIBE <https://w3id.org/alliance-kg/id/domain/space>"
    status, kind, body = get(live_graph_server, describe, "*/*")
    assert (status, kind) == (200, "text/turtle; charset=utf-8") and '"space"@en' in body
    status, kind, body = get(live_graph_server, describe, "application/sparql-results+json")
    assert status == 406 and "text/turtle" in body
    client = SPARQLWrapper(f"{live_graph_server}/sparql")
    client.setQuery(describe)
    client.setReturnFormat(TURTLE)
    described = {quad.triple for quad in parse(client.query().convert(), format=RdfFormat.TURTLE)}
    space = NamedNode("https://w3id.org/alliance-kg/id/domain/space")
    assert Triple(space, NamedNode(SKOS_PREF_LABEL), Literal("space", language="en")) in described


def test_construct_cannot_answer_in_quad_formats_and_says_why(live_graph_server):
    status, kind, body = get(live_graph_server, CONSTRUCT_DOMAINS, "application/n-quads")
    assert (status, kind.split(";")[0]) == (406, "text/plain")
    assert "not quads" in body and "/dumps/alliance-kg.nq.gz" in body
    status, _, body = get(live_graph_server, CONSTRUCT_DOMAINS, None, format="trig")
    assert status == 400 and "not quads" in body


def test_service_outside_the_allow_list_is_refused(live_graph_server):  # more in test_federation.py
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = get(live_graph_server, query)
    assert status == 400 and "SERVICE_ALLOWLIST" in body
    status, _, _ = get(live_graph_server, "SELECT ?service WHERE { ?service ?p 'SERVICE' } LIMIT 1")
    assert status == 200  # a variable or a string named SERVICE is not federation


# --- bounded answers -----------------------------------------------------------------------------------------

LIMITS = {"QUERY_TIMEOUT": 1, "MAX_ROWS": 3, "QUERY_PROCESSES": 2}


@pytest.fixture(scope="module")
def limited_server(built_graph):
    from live_server import live_server

    with running_app(on_graph(built_graph, **LIMITS)) as app, live_server(app) as url:
        yield url


@pytest.mark.slow
def test_a_query_over_the_time_limit_is_stopped_with_503_within_a_second(limited_server):
    import time

    assert get(limited_server, ASK_SPACE)[0] == 200  # starts a query process (about 1 s, once)
    started = time.monotonic()
    status, kind, body = get(limited_server, SLOW, "application/sparql-results+json")
    elapsed = time.monotonic() - started
    assert (status, kind.split(";")[0]) == (503, "text/plain")
    assert "time limit of 1 s (QUERY_TIMEOUT)" in body and "larger QUERY_TIMEOUT" in body
    assert elapsed < LIMITS["QUERY_TIMEOUT"] + 1
    status, _, body = get(limited_server, COUNT_DOMAINS, "application/sparql-results+json")
    assert (status, count_from_json(body)) == (200, 5)  # a new process took the killed one's place


CAP = "X-Result-Rows-Capped"


def http_headers(url: str, headers: dict[str, str]):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read().decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("accept", "rows_of"),
    [
        ("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"])),
        ("application/sparql-results+xml", lambda b: b.count("<result>")),
        ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b)))) - 1),
        ("text/tab-separated-values", lambda b: len(b.strip().splitlines()) - 1),
    ],
)
def test_select_answers_are_cut_at_max_rows_in_every_format(limited_server, accept, rows_of):
    url = f"{limited_server}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    headers, body = http_headers(url, {"Accept": accept})
    assert (headers[CAP], rows_of(body)) == ("3", 3)
    url = f"{limited_server}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    headers, body = http_headers(url, {"Accept": accept})
    assert (headers[CAP], rows_of(body)) == (None, 2)


@pytest.mark.slow
@pytest.mark.parametrize(
    "accept", ["application/n-triples", "text/turtle", "application/ld+json", "application/rdf+xml"]
)
def test_graph_answers_are_cut_at_max_rows_in_every_format(limited_server, accept):
    from pyoxigraph import RdfFormat, parse

    url = f"{limited_server}/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    headers, body = http_headers(url, {"Accept": accept})
    assert headers[CAP] == "3"
    if accept == "application/ld+json":  # compact, naming the published context: read as a JSON-LD client does
        assert len(jsonld_client.quads(body, limited_server)) == 3
    else:
        assert len(list(parse(body.encode(), format=RdfFormat.from_media_type(accept)))) == 3


# --- CORS ------------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/sparql", "/api/queries", "/.well-known/void"])
def test_cors_preflight_and_answers(live_graph_server, path):
    request = urllib.request.Request(
        live_graph_server + path,
        method="OPTIONS",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Accept",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response.headers["Access-Control-Allow-Methods"]
        assert response.headers["Access-Control-Allow-Headers"] == "Content-Type, Accept"
    headers, _ = http_headers(live_graph_server + path, {"Origin": "https://example.org"})
    assert headers["Access-Control-Allow-Origin"] == "*"
