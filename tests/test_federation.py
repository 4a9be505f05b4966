"""Federated queries (SERVICE) to the endpoints of SERVICE_ALLOWLIST, and the network rules (issues 5 and 6).

Everything runs on 127.0.0.1: the Wikidata-shaped fixture (tests/fixtures/wikidata) on a second SPARQL endpoint
stands in for query.wikidata.org, and a third endpoint ("outside", not listed) records whether anything ever
reached it. Our server runs on the built graph with query processes, as `alliance-kg serve` does.
"""

from __future__ import annotations

import ipaddress
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from alliance_kg.queries import load_catalogue
from alliance_kg.server import create_app
from alliance_kg.server.federation import Allowlist, LoadRefused, ServiceRefused, check, parse_endpoint, service_terms
from alliance_kg.server.state import state
from catalogue_answers import offline_text
from flask import Flask, Response
from graph_fixtures import on_graph, running_app
from SPARQLWrapper import JSON, SPARQLWrapper
from wikidata_fixture import WIKIDATA_SPARQL, serving

CATALOGUE_QUERY = load_catalogue()["leaders_wikidata_birth_dates"]
BIRTHS = [  # the fixture's real dates of birth, joined with the graph's people through skos:exactMatch
    ("Bill Nelson", "http://www.wikidata.org/entity/Q358437", "1942-09-29"),
    ("Joe Biden", "http://www.wikidata.org/entity/Q6279", "1942-11-20"),
    ("Shinzo Abe", "http://www.wikidata.org/entity/Q132345", "1954-09-21"),
    ("Yasukazu Hamada", "http://www.wikidata.org/entity/Q1132836", "1955-10-21"),
    ("Fumio Kishida", "http://www.wikidata.org/entity/Q359480", "1957-07-29"),
    ("Yasutoshi Nishimura", "http://www.wikidata.org/entity/Q8050121", "1962-10-15"),
]


@pytest.fixture(scope="module")
def outside():
    """An endpoint on 127.0.0.1 that is not on the allow-list: it must never receive a request."""
    from pyoxigraph import Store

    with serving(Store()) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def slow():
    """A listed endpoint that answers only when released: for the time limit."""
    from live_server import live_server

    release, received = threading.Event(), []
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        received.append(time.monotonic())
        release.wait(60)
        return Response('{"head": {"vars": []}, "results": {"bindings": []}}', mimetype="application/json")

    with live_server(app) as url:
        yield f"{url}/sparql", received
        release.set()


@pytest.fixture(scope="module")
def endpoint(built_graph, wikidata_service, outside, slow):
    """Our endpoint on the built graph; the allow-list names the fixture by IP literal, the outside endpoint's
    port only behind the name `localhost`, and the slow endpoint."""
    from live_server import live_server

    outside_port = urllib.parse.urlsplit(outside.url).port
    allowlist = [wikidata_service.url, f"http://localhost:{outside_port}/sparql", slow[0]]
    config = on_graph(
        built_graph, SERVICE_ALLOWLIST=allowlist, QUERY_TIMEOUT=2, QUERY_PROCESSES=2, TRUSTED_PROXIES=["127.0.0.1"]
    )
    with running_app(config) as app, live_server(app) as url:
        yield url


def get(base: str, query: str | None, path: str = "/sparql", client: str | None = None) -> tuple[int, str]:
    """GET a query; from `client` (X-Forwarded-For, which the endpoint trusts from 127.0.0.1) when given."""
    url = f"{base}{path}" + ("" if query is None else "?" + urllib.parse.urlencode({"query": query}))
    headers = {"Accept": "application/sparql-results+json"} | ({"X-Forwarded-For": client} if client else {})
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def local_catalogue_query(endpoint_url: str) -> str:
    return offline_text(CATALOGUE_QUERY.text, {WIKIDATA_SPARQL: endpoint_url})


# --- federated join --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_federated_join_through_sparqlwrapper_gives_the_exact_rows(endpoint, wikidata_service):
    wikidata_service.requests.clear()
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(local_catalogue_query(wikidata_service.url))
    client.setReturnFormat(JSON)
    results = client.query().convert()
    assert results["head"]["vars"] == ["person", "wikidata", "born"]
    rows = [(b["person"]["value"], b["wikidata"]["value"], b["born"]["value"]) for b in results["results"]["bindings"]]
    assert rows == BIRTHS
    assert {b["born"]["datatype"] for b in results["results"]["bindings"]} == {
        "http://www.w3.org/2001/XMLSchema#date"  # Wikidata's day precision (11) kept as a day, not a dateTime
    }
    # pyoxigraph made the call: one POST of the SERVICE pattern alone, as Oxigraph
    ((method, agent, sent),) = wikidata_service.requests
    assert method == "POST" and agent.startswith("Oxigraph/")
    assert "VALUES" in sent and "P569" in sent and "exactMatch" not in sent


def test_prefixed_endpoint_names_are_resolved_before_the_check(endpoint, wikidata_service):
    base, local = wikidata_service.url.rsplit("/", 1)
    query = (
        f"PREFIX here: <{base}/> PREFIX wd: <http://www.wikidata.org/entity/> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?label WHERE {{ SERVICE here:{local} {{ wd:Q17 rdfs:label ?label }} }}"
    )
    status, body = get(endpoint, query)
    assert status == 200 and '"Japan"' in body


def test_the_catalogue_query_lists_exactly_the_people_linked_in_the_graph(graph_store):
    """The VALUES inside its SERVICE (pyoxigraph sends no bindings) must stay in step with the graph's links."""
    listed = set(re.search(r"VALUES \?wikidata \{([^}]*)\}", CATALOGUE_QUERY.text)[1].split())
    linked = {
        "wd:" + row["w"].value.rsplit("/", 1)[1]
        for row in graph_store.query(
            "PREFIX akg: <https://w3id.org/alliance-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?w WHERE { ?p a akg:Person . GRAPH <https://w3id.org/alliance-kg/graph/links> "
            '{ ?p skos:exactMatch ?w } FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) }'
        )
    }
    assert listed == linked
    assert "needs internet" in CATALOGUE_QUERY.title
    assert f"SERVICE <{WIKIDATA_SPARQL}>" in CATALOGUE_QUERY.text


def test_the_rest_api_lists_the_federated_query_and_checks_it_against_the_allow_list(endpoint, outside):
    status, body = get(endpoint, None, path="/api/queries")
    assert status == 200 and "leaders_wikidata_birth_dates" in body
    # This server's allow-list lacks Wikidata: running the stored query is refused before any connection.
    status, body = get(endpoint, None, path="/api/queries/leaders_wikidata_birth_dates")
    assert status == 400 and WIKIDATA_SPARQL in body and "SERVICE_ALLOWLIST" in body


def test_a_query_without_service_is_unaffected_and_not_parsed_by_rdflib(endpoint, monkeypatch):
    status, body = get(endpoint, "SELECT ?label WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }")
    assert status == 200 and "Article V" in body
    import alliance_kg.server.federation as federation

    monkeypatch.setattr(federation, "_parse", lambda text: pytest.fail("parsed a query without SERVICE"))
    assert federation.service_terms("SELECT * WHERE { ?s ?p ?o } LIMIT 1") == []


# --- refusals, before any connection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE {{ SERVICE <{outside}> {{ ?s ?p ?o }} }}", ["is refused", "{outside}", "SERVICE_ALLOWLIST"]),
        (
            "SELECT * WHERE {{ BIND(<{outside}> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
            ["SERVICE ?x is refused", "must be an IRI written in the query"],
        ),
        (
            "SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
            ["the name localhost resolves to", "loopback", "a listed name is not enough"],
        ),
        (
            "SELECT * WHERE {{ SERVICE <file:///etc/passwd> {{ ?s ?p ?o }} }}",
            ["scheme is file:", "only http and https"],
        ),
        ("SELECT * WHERE {{ SERVICE <ftp://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}", ["scheme is ftp:"]),
        ("SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}", ["relative IRI"]),
        (
            "BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
            ["may not declare BASE"],
        ),
        ("SELECT * WHERE {{ SERVI\\u0043E <{outside}> {{ ?s ?p ?o }} }}", ["{outside}", "is refused"]),
        (
            "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE SILENT <{outside}> {{ ?s ?p ?o }} }} }}",
            ["{outside}", "is refused"],
        ),
        (
            "SELECT * WHERE {{ SERVICE <{outside}> {{ SERVICE <{outside}> {{ ?s ?p ?o }} }} }}",
            ["{outside}", "is refused"],  # both found by the parser (and the inner one is not ours to call)
        ),
    ],
    ids=[
        "not-listed",
        "variable",
        "localhost-by-name",
        "file",
        "ftp",
        "relative",
        "base",
        "escaped",
        "silent",
        "nested",
    ],
)
def test_refused_before_any_connection_with_a_message(endpoint, outside, query, expected):
    port = urllib.parse.urlsplit(outside.url).port
    text = query.format(outside=outside.url, port=port)
    outside.requests.clear()
    status, body = get(endpoint, text)
    assert status == 400, body
    for part in expected:
        assert part.format(outside=outside.url, port=port) in body, body
    time.sleep(0.2)
    assert outside.requests == []  # nothing reached the endpoint that is not listed


def test_the_refusal_names_the_allow_list_and_how_to_configure_it(endpoint, wikidata_service, outside):
    status, body = get(endpoint, f"SELECT * WHERE {{ SERVICE <{outside.url}> {{ ?s ?p ?o }} }}")
    assert status == 400
    assert wikidata_service.url in body  # the list as configured
    assert "SERVICE_ALLOWLIST" in body and "ALLIANCE_KG_SERVICE_ALLOWLIST" in body


def test_load_is_never_run_on_a_read_only_endpoint(endpoint, outside):
    outside.requests.clear()
    status, body = get(endpoint, f"LOAD <{outside.url}>")  # a query must be a query: LOAD does not parse as one
    assert status == 400 and "the query does not parse" in body
    update = urllib.request.Request(
        f"{endpoint}/sparql",
        data=f"LOAD <{outside.url}>".encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=30)
    assert refused.value.code == 403 and "read-only" in refused.value.read().decode()
    assert outside.requests == []


@pytest.mark.slow
def test_a_slow_service_is_stopped_by_the_query_time_limit(endpoint, slow):
    url, received = slow
    started = time.monotonic()
    status, body = get(endpoint, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    elapsed = time.monotonic() - started
    assert status == 503 and "time limit" in body
    assert received and elapsed < 5  # QUERY_TIMEOUT is 2 s: the query process was killed mid-call


# --- the allow-list and the network rules, unit by unit ----------------------------------------------------------


def resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int):
        if host not in table:
            raise OSError(f"no such host {host}")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


def query(endpoint: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"


PUBLIC = {"query.wikidata.org": ["208.80.154.224", "2620:0:861:ed1a::1"], "dbpedia.org": ["194.109.129.58"]}


def test_the_default_endpoints_are_allowed_when_their_names_resolve_to_public_addresses():
    allowlist = Allowlist.parse(("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql"))
    for endpoint in ("https://query.wikidata.org/sparql", "HTTPS://Query.Wikidata.org:443/sparql"):
        assert check(query(endpoint), allowlist, resolver(PUBLIC)) == ["https://query.wikidata.org/sparql"]
    assert check(query("https://dbpedia.org/sparql"), allowlist, resolver(PUBLIC)) == ["https://dbpedia.org/sparql"]
    for near_miss in (
        "http://query.wikidata.org/sparql",  # another scheme
        "https://query.wikidata.org/sparql/",  # another path
        "https://query.wikidata.org:8443/sparql",  # another port
        "https://user@query.wikidata.org/sparql",  # user information
        "https://query.wikidata.org.evil.example/sparql",
    ):
        with pytest.raises(ServiceRefused):
            check(query(near_miss), allowlist, resolver({**PUBLIC, "query.wikidata.org.evil.example": ["1.2.3.4"]}))


@pytest.mark.parametrize(
    "addresses",
    [["127.0.0.1"], ["10.1.2.3"], ["192.168.0.7"], ["169.254.169.254"], ["::1"], ["fd00::1"], ["::ffff:127.0.0.1"]]
    + [["0.0.0.0"], ["100.64.0.1"], ["208.80.154.224", "10.0.0.1"], ["2002:7f00:1::1"]],
)
def test_a_listed_name_that_resolves_to_a_non_public_address_is_refused(addresses):
    allowlist = Allowlist.parse(["https://query.wikidata.org/sparql"])
    with pytest.raises(ServiceRefused, match="a listed name is not enough"):
        check(query("https://query.wikidata.org/sparql"), allowlist, resolver({"query.wikidata.org": addresses}))


def test_a_listed_name_may_resolve_to_a_non_public_address_that_is_listed_itself():
    allowlist = Allowlist.parse("http://sparql.internal:8890/sparql, 10.0.0.5:8890")
    table = {"sparql.internal": ["10.0.0.5"]}
    assert check(query("http://sparql.internal:8890/sparql"), allowlist, resolver(table))
    with pytest.raises(ServiceRefused, match="lists that address itself \\(10.0.0.5:8890"):  # listed with port 80
        check(
            query("http://sparql.internal:8890/sparql"),
            Allowlist.parse("http://sparql.internal:8890/sparql, 10.0.0.5:80"),
            resolver(table),
        )
    # an IP-literal endpoint lists its own address
    assert check(
        query("http://127.0.0.1:3030/ds/sparql"), Allowlist.parse(["http://127.0.0.1:3030/ds/sparql"]), resolver({})
    )


def test_an_unresolvable_listed_name_is_refused():
    with pytest.raises(ServiceRefused, match="cannot be resolved"):
        check(query("https://dbpedia.org/sparql"), Allowlist.parse(["https://dbpedia.org/sparql"]), resolver({}))


def test_an_empty_allow_list_switches_federation_off():
    with pytest.raises(ServiceRefused, match=r"\(empty: federation is switched off\)"):
        check(query("https://query.wikidata.org/sparql"), Allowlist.parse(()), resolver(PUBLIC))


def test_service_endpoints_are_found_by_a_parser_not_by_words():
    assert service_terms("SELECT ?service WHERE { ?service ?p 'SERVICE <http://x/>' } # SERVICE <http://y/>") == []
    found = service_terms(
        "PREFIX e: <http://e.example/> SELECT (EXISTS { SERVICE e:a { } } AS ?x) WHERE { "
        "{ SELECT * WHERE { SERVICE <http://b.example/> { ?s ?p ?o } } } OPTIONAL { SERVICE SILENT <http://c.example/> {} } "
        "MINUS { SERVICE <http://d.example/> {} } } ORDER BY (EXISTS { SERVICE <http://f.example/> {} })"
    )
    assert sorted(map(str, found)) == sorted([f"http://{c}.example/" for c in "bcdf"] + ["http://e.example/a"])
    update = "PREFIX e: <http://e.example/> INSERT { ?s ?p ?o } WHERE { SERVICE e:u { ?s ?p ?o } }"
    assert list(map(str, service_terms(update))) == ["http://e.example/u"]  # updates are checked as well


def test_load_is_recognised_by_the_parser():
    with pytest.raises(LoadRefused, match="read-only"):
        check("PREFIX x: <http://x/> LOAD SILENT x:data INTO GRAPH <http://g/>", Allowlist.parse(()), update=True)
    update = "INSERT DATA { <http://x/load> <http://x/p> 'LOAD <http://x/>' }"
    assert check(update, Allowlist.parse(()), update=True) == []
    assert check("SELECT * WHERE { ?s ?p 'LOAD <http://x/>' }", Allowlist.parse(())) == []


def test_the_allow_list_is_checked_when_the_app_starts(monkeypatch):
    from pyoxigraph import Store

    with pytest.raises(ValueError, match="SERVICE_ALLOWLIST entry 'ftp://x/sparql'"):
        create_app({"STORE": Store(), "SERVICE_ALLOWLIST": ["ftp://x/sparql"]})
    with pytest.raises(ValueError, match="ALLOW_SERVICE was replaced by SERVICE_ALLOWLIST"):
        create_app({"STORE": Store(), "ALLOW_SERVICE": True})
    default = state(create_app({"STORE": Store()})).allowlist
    assert default.entries == ("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql")
    monkeypatch.setenv("ALLIANCE_KG_SERVICE_ALLOWLIST", "http://127.0.0.1:7200/repositories/x [::1]:7200")
    from_environment = state(create_app({"STORE": Store()})).allowlist
    assert from_environment.endpoints == {"http://127.0.0.1:7200/repositories/x"}
    assert (ipaddress.ip_address("::1"), 7200) in from_environment.addresses
    explicit = state(create_app({"STORE": Store(), "SERVICE_ALLOWLIST": ()})).allowlist
    assert explicit.endpoints == frozenset()  # explicit configuration wins over the environment


def test_endpoint_urls_are_normalised_for_comparison():
    assert parse_endpoint("HTTPS://Query.Wikidata.ORG:443/sparql").url == "https://query.wikidata.org/sparql"
    assert parse_endpoint("http://[0:0::1]:80").url == "http://[::1]/"
    for bad in ("sparql", "file:///etc/passwd", "gopher://x/", "http://a b/", "http://x:99999/"):
        with pytest.raises(ValueError):
            parse_endpoint(bad)


def test_every_catalogue_query_with_service_is_tagged_federated_and_says_it_needs_internet():
    """The rule the benchmark (bench/run.py) and readers rely on: a query that calls out says so."""
    for query in load_catalogue().values():
        calls_out = bool(service_terms(query.text))
        assert calls_out == ("federated" in query.tags), query.name
        assert calls_out == ("needs internet" in query.title), query.name


@pytest.mark.slow
def test_concurrent_federated_queries_are_each_checked_and_answered(endpoint, wikidata_service, outside):
    """Each query is checked in the query process that evaluates it: concurrent checks never mix (rdflib's parser
    is not thread-safe, rdflib issue 1282). Four at a time, each from a client of its own: two run, two wait."""
    from concurrent.futures import ThreadPoolExecutor

    allowed = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX wd: <http://www.wikidata.org/entity/> "
        f"SELECT ?label WHERE {{ SERVICE <{wikidata_service.url}> {{ wd:Q17 rdfs:label ?label }} }}"
    )
    refused = f"SELECT * WHERE {{ SERVICE <{outside.url}> {{ ?s ?p ?o }} }}"
    outside.requests.clear()
    jobs = [(query, f"192.0.2.{n}") for n, query in enumerate([allowed, refused] * 8)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda job: get(endpoint, job[0], client=job[1]), jobs))
    assert all(status == 200 and '"Japan"' in body for status, body in answers[0::2])
    assert all(status == 400 and outside.url in body for status, body in answers[1::2])
    assert outside.requests == []
