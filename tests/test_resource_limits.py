"""Bounds on what one request can take (issue 15): the bytes of an answer in every format (MAX_ANSWER_BYTES), the
memory of a query process (QUERY_MEMORY), and the memory the server keeps for decisions about queries; each limit
is a 503 or a 400 that names it, and the next query is answered as before."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from alliance_kg.server import create_app
from alliance_kg.server.state import state
from alliance_kg.store.local import current_store_path

EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
DESCRIBE = "DESCRIBE ?s WHERE { ?s ?p ?o }"
CROSS_JOIN_SORTED = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1"


def long_value(levels: int, select: bool = True) -> str:
    """A query whose one solution (or triple) holds a literal of 2**levels kB, made by doubling."""
    binds = ['BIND("' + "a" * 1024 + '" AS ?x0)']
    binds += [f"BIND(CONCAT(?x{i - 1}, ?x{i - 1}) AS ?x{i})" for i in range(1, levels + 1)]
    if select:
        return f"SELECT ?x{levels} WHERE {{ {' '.join(binds)} }}"
    return f"CONSTRUCT {{ <http://example.org/s> <http://example.org/p> ?x{levels} }} WHERE {{ {' '.join(binds)} }}"


@pytest.fixture(scope="module")
def bounded(built_graph):
    app = create_app(
        {
            "STORE_PATH": str(current_store_path(built_graph[0])),
            "MAX_ROWS": 100_000,
            "MAX_ANSWER_BYTES": 200_000,
            "QUERY_PROCESSES": 2,
            "CLIENT_QUERIES": 2,
        }
    )
    state(app).executor.start_all(wait=True)
    yield app
    state(app).executor.close()


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (EVERYTHING, "application/sparql-results+json"),
        (EVERYTHING, "application/sparql-results+xml"),
        (EVERYTHING, "text/csv"),
        (EVERYTHING, "text/tab-separated-values"),
        (CONSTRUCT, "text/turtle"),
        (CONSTRUCT, "application/n-triples"),
        (CONSTRUCT, "application/ld+json"),
        (CONSTRUCT, "application/rdf+xml"),
        (DESCRIBE, "text/turtle"),
        (DESCRIBE, "application/n-triples"),
    ],
)
@pytest.mark.slow
def test_an_answer_over_max_answer_bytes_is_refused_in_every_format(bounded, query, accept):
    response = bounded.test_client().get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 503, response.data[:200]
    text = response.get_data(as_text=True)
    assert "limit of 200000 bytes (MAX_ANSWER_BYTES)" in text and "/dumps/" in text
    small = bounded.test_client().get("/sparql", query_string={"query": query + " LIMIT 5"}, headers={"Accept": accept})
    assert small.status_code == 200


@pytest.mark.slow
def test_one_long_value_is_bounded_too(bounded):
    """One CONSTRUCT returned a 268 MB literal: a value is counted like any other bytes of the answer."""
    for query in (long_value(8), long_value(8, select=False)):
        response = bounded.test_client().get("/sparql", query_string={"query": query})
        assert response.status_code == 503
        assert "(MAX_ANSWER_BYTES)" in response.get_data(as_text=True)


@pytest.mark.slow
def test_a_value_too_long_to_rewrite_is_a_clear_error_and_json_is_written_as_it_is(built_graph):
    """pyoxigraph's results reader stops at 8 MiB for one value: the 16 MiB answer killed a query process and was
    answered with a misleading "out of memory". Now JSON is sent as written, and XML says what to ask for."""
    app = create_app(
        {"STORE_PATH": str(current_store_path(built_graph[0])), "MAX_ANSWER_BYTES": 40 * 2**20, "QUERY_PROCESSES": 1}
    )
    try:
        client = app.test_client()
        as_json = client.get(
            "/sparql", query_string={"query": long_value(13)}, headers={"Accept": "application/sparql-results+json"}
        )
        assert as_json.status_code == 200 and len(as_json.data) > 8 * 2**20
        as_xml = client.get(
            "/sparql", query_string={"query": long_value(13)}, headers={"Accept": "application/sparql-results+xml"}
        )
        assert as_xml.status_code == 503
        text = as_xml.get_data(as_text=True)
        assert "too long to be rewritten" in text and "application/sparql-results+json" in text
        assert "out of memory" not in text
    finally:
        state(app).executor.close()


@pytest.mark.slow
def test_a_query_process_over_query_memory_is_stopped_with_a_503_that_names_it(built_graph):
    """ORDER BY over a cross join reached 4 GB in 10 s; now the process stops at QUERY_MEMORY."""
    app = create_app(
        {
            "STORE_PATH": str(current_store_path(built_graph[0])),
            "QUERY_MEMORY": 400 * 2**20,
            "QUERY_TIMEOUT": 20,
            "QUERY_PROCESSES": 1,
        }
    )
    try:
        state(app).executor.start_all(wait=True)
        client = app.test_client()
        response = client.get("/sparql", query_string={"query": CROSS_JOIN_SORTED})
        assert response.status_code == 503
        text = response.get_data(as_text=True)
        assert "limit of 400 MiB per query process (QUERY_MEMORY)" in text
        assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    finally:
        state(app).executor.close()


@pytest.mark.slow  # 5,000 queries of 100,000 characters, traced
def test_decisions_about_queries_are_kept_by_hash_in_bounded_memory():
    """The LRU of query texts (4,096 entries of up to 100,000 characters) pinned ~1.9 GB per worker."""
    from alliance_kg.server.cache import deterministic

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(5_000):
            deterministic(f"SELECT * WHERE {{ ?s ?p {n} }} # " + "x" * 20_000)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 2 * 2**20, f"{kept} bytes kept for 5,000 decisions"
    assert deterministic("SELECT * WHERE { ?s ?p ?o }") is True
    assert deterministic("SELECT (RAND() AS ?r) WHERE {}") is False
