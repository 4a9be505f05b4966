"""The SPARQL 1.1 Protocol as clients use it, over HTTP on 127.0.0.1: operations, formats and errors."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

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
