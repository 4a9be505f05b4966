"""Limits: request body, query length, result rows and query time; each over-limit answer names its key."""

from __future__ import annotations

import http.client
import time

import pytest
from alliance_kg.server.state import state
from graph_fixtures import on_graph, running_app

# Hours on the built graph, in constant memory: a sorted cross join would meet QUERY_MEMORY (1 GiB) first on a fast
# machine, and be answered with that limit instead.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def limited_app(built_graph):
    from alliance_kg.server.executor import Job

    config = on_graph(
        built_graph,
        QUERY_TIMEOUT=2,
        QUERY_PROCESSES=1,  # one query process: a timed-out query that kept it would block the next
        MAX_ROWS=4,
        MAX_CONTENT_LENGTH=10_000,
        MAX_QUERY_LENGTH=2_000,
    )
    with running_app(config) as app:
        for _ in range(2):  # start the query process now: its start-up must not count against the 2 s limit
            state(app).executor.run(Job(QUICK))
        yield app


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.slow
def test_a_body_over_max_content_length_is_413(limited_app):
    client = limited_app.test_client()
    for response in (
        client.post("/sparql", data=b"#" * 10_001, content_type="application/sparql-query"),
        client.post("/sparql", data={"query": "#" * 10_001}),
        client.post("/api/queries", data=b"x" * 20_000),
    ):
        assert response.status_code == 413
        assert "10000 bytes (MAX_CONTENT_LENGTH)" in text(response)


@pytest.mark.slow
def test_the_body_limit_holds_over_http_without_reading_the_body(limited_app):
    from live_server import live_server

    with live_server(limited_app) as base:
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        # announces 50 MB and sends none of it: the answer must come at once, from the header alone
        connection.putrequest("POST", "/sparql")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", str(50_000_000))
        connection.endheaders()
        started = time.monotonic()
        response = connection.getresponse()
        assert response.status == 413 and b"MAX_CONTENT_LENGTH" in response.read()
        assert time.monotonic() - started < 5
        connection.close()


def test_a_query_over_max_query_length_is_400(limited_app):
    client = limited_app.test_client()
    long_query = QUICK + " #" + "x" * 2_000
    for response in (
        client.get("/sparql", query_string={"query": long_query}),
        client.post("/sparql", data=long_query, content_type="application/sparql-query"),
        client.post("/sparql", data={"query": long_query}),
    ):
        assert response.status_code == 400
        assert "limit of 2000 characters (MAX_QUERY_LENGTH)" in text(response)
    assert client.get("/sparql", query_string={"query": QUICK + " #" + "x" * 1_900}).status_code == 200


def test_the_defaults_are_documented_and_bounded(graph_app):
    assert graph_app.config["MAX_CONTENT_LENGTH"] == 1_048_576
    assert graph_app.config["MAX_QUERY_LENGTH"] == 100_000
    assert graph_app.config["MAX_ROWS"] == 10_000 and graph_app.config["QUERY_TIMEOUT"] == 10
    response = graph_app.test_client().post("/sparql", data=b"#" * 1_048_577, content_type="application/sparql-query")
    assert response.status_code == 413


def test_rows_over_max_rows_are_cut_and_the_answer_names_the_key(limited_app):
    response = limited_app.test_client().get(
        "/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert len(text(response).splitlines()) == 1 + 4
    assert response.headers["X-Result-Rows-Capped"] == "4"
    assert response.headers["X-Result-Rows-Limit"] == "MAX_ROWS"


@pytest.mark.slow
def test_a_query_over_the_time_limit_is_503_and_frees_the_worker(limited_app):
    client = limited_app.test_client()
    assert client.get("/sparql", query_string={"query": QUICK}).status_code == 200  # the process is started
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": SLOW})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit of 2 s (QUERY_TIMEOUT)" in text(response)
    assert elapsed < 4
    # the only query process was killed and replaced: the next query is answered, not queued behind the slow one
    for _ in range(2):
        started = time.monotonic()
        assert client.get("/sparql", query_string={"query": QUICK}).status_code == 200
        assert time.monotonic() - started < 5
