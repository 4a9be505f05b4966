"""The checks that read a query (issue 15): each is bounded in time and size, and none fails open.

- SERVICE is found by rdflib's parser in the query process, where the time limit stops it: a text that takes the
  parser a minute is a 503 at the limit, and other clients' queries go on meanwhile;
- LOAD is found by a parse of the update, so no escape hides it from the check;
- nesting is capped before any parser reads the text (MAX_NESTING);
- what rdflib logs while it parses (values of the query among it) never reaches the server's log.
"""

from __future__ import annotations

import concurrent.futures
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from alliance_kg.server import create_app
from alliance_kg.server.state import state
from alliance_kg.store.local import current_store_path
from flask import Flask, Response, request

TOKEN = "t0ken-checks-5f3a9c"
SLOW_TO_PARSE = "# service\nSELECT (CONCAT(" + ", ".join(['"a"'] * 16_000) + ") AS ?x) WHERE {}"  # ~80 kB
DEEP = "SELECT * WHERE " + "{" * 5_000 + "}" * 5_000


def get(base: str, query: str, client: str | None = None, timeout: float = 30, post: bool = False) -> tuple[int, str]:
    """The query by GET (or POSTed as application/sparql-query), from `client` when given (X-Forwarded-For)."""
    headers = {"Accept": "application/sparql-results+json"} | ({"X-Forwarded-For": client} if client else {})
    if post:
        headers["Content-Type"] = "application/sparql-query"
        request_ = urllib.request.Request(f"{base}/sparql", data=query.encode(), headers=headers)
    else:
        request_ = urllib.request.Request(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)
    try:
        with urllib.request.urlopen(request_, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_update(base: str, text: str, timeout: float = 30) -> tuple[int, str]:
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    try:
        request_ = urllib.request.Request(f"{base}/sparql", data=text.encode(), headers=headers)
        with urllib.request.urlopen(request_, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def checked(built_graph):
    """Our endpoint on the built graph, with query processes; X-Forwarded-For is believed from 127.0.0.1, so that
    the tests can speak as several clients."""
    from live_server import live_server

    store = current_store_path(built_graph[0])
    app = create_app(
        {"STORE_PATH": str(store), "QUERY_TIMEOUT": 5, "QUERY_PROCESSES": 2, "TRUSTED_PROXIES": ["127.0.0.1"]}
    )
    state(app).executor.start_all(wait=True)
    with live_server(app) as url:
        yield url
    state(app).executor.close()


@pytest.fixture(scope="module")
def outside():
    """An HTTP server on 127.0.0.1 that records every request: nothing may ever reach it."""
    from live_server import live_server

    received: list[str] = []
    app = Flask(__name__)

    @app.route("/<path:path>", methods=["GET", "POST"])
    def anything(path: str) -> Response:
        received.append(request.path)
        return Response("<http://x/s> <http://x/p> <http://x/o> .\n", mimetype="application/n-triples")

    with live_server(app) as url:
        yield url, received


@pytest.fixture(scope="module")
def writable(built_graph, tmp_path_factory):
    """An endpoint with SPARQL Update on a copy of the built graph (variant B); the tests on it change nothing
    another reads."""
    import shutil

    from live_server import live_server

    data_dir = tmp_path_factory.mktemp("writable") / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    app = create_app({"STORE_PATH": str(current_store_path(data_dir)), "UPDATE_TOKEN": TOKEN, "QUERY_TIMEOUT": 3})
    with live_server(app) as url:
        yield url
    state(app).executor.close()


@pytest.mark.slow
def test_the_service_check_is_stopped_by_the_time_limit_and_others_are_served_meanwhile(checked):
    """80 kB of CONCAT after the word service in a comment took rdflib 52 s in the request thread, under a lock."""

    def slow_query() -> tuple[int, str, float]:
        status, body = get(checked, SLOW_TO_PARSE, "192.0.2.1", 30, True)
        return status, body, time.monotonic()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        slow = pool.submit(slow_query)
        time.sleep(0.5)
        assert get(checked, "ASK { ?s ?p ?o }", "192.0.2.2", 15) == (200, '{"head":{},"boolean":true}')
        answered = time.monotonic()
        status, body, slow_answered = slow.result(timeout=30)
    assert answered < slow_answered, "another client's query waited behind the check"
    assert status == 503 and "time limit of 5 s (QUERY_TIMEOUT)" in body
    assert slow_answered - started < 5 + 5


@pytest.mark.parametrize(
    "update",
    [
        # the `\#` of a local name hid the rest of the line from the keyword scan
        "PREFIX e: <http://example.org/> INSERT DATA { e:a\\#b e:p e:o } ; LOAD <{outside}/data.nt>",
        "PREFIX e: <http://example.org/> INSERT DATA { e:x e:p e:a\\#b } ; lo\\u0041d <{outside}/data.nt>",
    ],
    ids=["local-name-escape", "escape-and-unicode-escape"],
)
@pytest.mark.slow
def test_load_cannot_hide_from_the_check(writable, outside, update):
    url, received = outside
    received.clear()
    status, body = post_update(writable, update.replace("{outside}", url))
    assert status == 403 and "LOAD is refused" in body
    assert get(writable, "ASK { <http://x/s> ?p ?o }") == (200, '{"head":{},"boolean":false}')
    assert received == [], "the server fetched the URL"


def test_an_update_the_checker_cannot_read_is_refused_not_run(writable, outside):
    """rdflib cannot parse a WHERE of 100 triple patterns (RecursionError): the update is refused, never run."""
    url, received = outside
    received.clear()
    patterns = " ".join(f"?s{i} <http://example.org/p{i}> ?o{i} ." for i in range(100))
    update = (
        f"PREFIX e: <http://example.org/> INSERT {{ e:s e:p ?o0 }} WHERE {{ {patterns} }} ; "
        f"INSERT DATA {{ e:a\\#b e:p e:o }} ; LOAD <{url}/data.nt>"
    )
    status, body = post_update(writable, update)
    assert status == 400 and "cannot parse it" in body and "refuses it" in body
    assert received == []


def test_deep_nesting_is_refused_before_any_parser_reads_it(checked):
    status, body = get(checked, DEEP)
    assert status == 400
    assert "5000 levels deep" in body and "limit of 32 levels (MAX_NESTING)" in body
    assert get(checked, "ASK { { { ?s ?p ?o } } }") == (200, '{"head":{},"boolean":true}')


@pytest.mark.slow
def test_with_updates_queries_are_stopped_by_the_time_limit_and_deep_nesting_crashes_nothing(writable):
    """Variant B (UPDATE_TOKEN): 5,000 nested `{` overflowed pyoxigraph's parser stack in the gunicorn worker (SIGSEGV,
    every request in flight lost), and a COUNT(*) over a three-way cross join ran at 100% CPU for ever."""
    status, body = get(writable, DEEP)
    assert status == 400 and "limit of 32 levels (MAX_NESTING)" in body
    started = time.monotonic()
    status, body = get(writable, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert status == 503 and "time limit of 3 s (QUERY_TIMEOUT)" in body
    assert time.monotonic() - started < 3 + 5
    assert post_update(writable, "INSERT DATA { <http://example.org/after> <http://example.org/p> 1 }")[0] == 204
    assert get(writable, "ASK { <http://example.org/after> ?p ?o }") == (200, '{"head":{},"boolean":true}')


@pytest.mark.slow
def test_brackets_in_strings_and_comments_do_not_count_and_escapes_do(checked):
    quoted = 'SELECT * WHERE { ?s ?p "' + "{" * 100 + '" } # ' + "(" * 100
    assert get(checked, quoted)[0] == 200
    escaped = "SELECT * WHERE " + "\\u007B" * 40 + "}" * 40
    status, body = get(checked, escaped)
    assert status == 400 and "40 levels deep" in body


@pytest.mark.slow
def test_what_rdflib_logs_while_it_parses_stays_out_of_the_server_log(built_graph, tmp_path):
    """rdflib logs a failed literal conversion with the literal itself (a value from the query) on stderr."""
    import shutil

    from server_process import served

    data_dir = tmp_path / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    marker = "MARKER-5c1e7a"
    query = (
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } "
        f'FILTER(?o = "{marker}"^^<http://www.w3.org/2001/XMLSchema#integer>) }}'
    )
    log = tmp_path / "server.log"
    environment = {"ALLIANCE_KG_SERVICE_ALLOWLIST": "", "ALLIANCE_KG_QUERY_PROCESSES": "2"}
    with served(data_dir, log, "--workers", "1", environment=environment) as (base, _):
        status, body = get(base, query)
        assert status == 400 and "federation is switched off" in body
    assert marker not in log.read_text()
