"""Observability: the JSON access log, /healthz and /metrics (Prometheus text format, a registry per app)."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time

import pytest
from alliance_kg.server.executor import Job
from alliance_kg.server.state import state
from alliance_kg.store.local import current_store_path
from graph_fixtures import on_graph, running_app
from prometheus_client.parser import text_string_to_metric_families
from server_process import SLOW

MARKED = "SELECT ?s WHERE { ?s ?p 'secret-marker-7d1' } LIMIT 1"


@pytest.fixture
def app(built_graph):
    with running_app(on_graph(built_graph, QUERY_TIMEOUT=30, QUERY_PROCESSES=1)) as app:
        yield app


def access_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "alliance_kg.access"]


@pytest.mark.slow
def test_one_json_line_per_request_with_a_hash_not_the_query(app, caplog):
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="alliance_kg.access"):
        client.get("/sparql", query_string={"query": MARKED})
        client.post("/sparql", data={"query": MARKED})
        client.get("/id/does-not-exist")
    lines = access_lines(caplog)
    assert len(lines) == 3
    first = lines[0]
    assert {"method", "route", "status", "duration_ms", "query_hash", "bytes", "remote"} <= set(first)
    assert (first["method"], first["route"], first["status"]) == ("GET", "/sparql", 200), first
    assert first["query_hash"] == hashlib.sha256(MARKED.encode()).hexdigest()[:16] == lines[1]["query_hash"]
    assert first["remote"] == "127.0.0.1" and first["bytes"] > 0 and first["duration_ms"] > 0
    assert first["outcome"] == "ok"
    assert lines[2]["route"] == "/id/<path:path>" and lines[2]["status"] == 404 and "query_hash" not in lines[2]
    assert "secret-marker" not in caplog.text, "the query text (and the query string) stay out of the log"


@pytest.mark.slow
def test_an_answer_from_the_cache_is_logged_with_the_same_hash(app, caplog):
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="alliance_kg.access"):
        first = client.get("/sparql", query_string={"query": MARKED})
        again = client.get("/sparql", query_string={"query": MARKED})
        revalidated = client.get(
            "/sparql", query_string={"query": MARKED}, headers={"If-None-Match": first.headers["ETag"]}
        )
    assert (first.headers["X-Cache"], again.headers["X-Cache"], revalidated.status_code) == ("miss", "hit", 304)
    lines = access_lines(caplog)
    expected = hashlib.sha256(MARKED.encode()).hexdigest()[:16]
    assert [line["query_hash"] for line in lines] == [expected] * 3
    assert [line["outcome"] for line in lines] == ["ok", "cached", "cached"]
    assert "secret-marker" not in caplog.text


@pytest.mark.slow
def test_the_query_text_is_logged_only_when_configured(built_graph, caplog):
    with (
        running_app(on_graph(built_graph, LOG_QUERY_TEXT=True)) as app,
        caplog.at_level(logging.INFO, logger="alliance_kg.access"),
    ):
        app.test_client().get("/sparql", query_string={"query": MARKED})
        app.test_client().get("/sparql", query_string={"query": MARKED})  # from the cache
    assert [line["query"] for line in access_lines(caplog)] == [MARKED, MARKED]


def test_healthz_reports_the_store(app, graph_store, built_graph):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    health = response.get_json()
    assert health["status"] == "ok" and health["store"] == "open"
    assert health["quads"] == len(graph_store)
    assert health["build"] == current_store_path(built_graph[0]).name


def test_healthz_is_503_when_the_store_cannot_be_read(app):
    class Broken:
        def __len__(self):
            raise OSError("IO error: the store's files are gone")

        def quads_for_pattern(self, *pattern):
            raise OSError("IO error: the store's files are gone")

    state(app).store = Broken()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["store"] == "unreadable" and "files are gone" in response.get_json()["error"]


def samples(app) -> dict[tuple[str, tuple], float]:
    response = app.test_client().get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain; version=0.0.4")
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


@pytest.mark.slow
def test_metrics_count_requests_latency_and_query_outcomes(built_graph, graph_store):
    with running_app(on_graph(built_graph, QUERY_TIMEOUT=2, QUERY_PROCESSES=1)) as app:
        for _ in range(3):  # start the query process outside the counts (its start-up must not eat the limit)
            state(app).executor.run(Job("ASK {}"))
        client = app.test_client()
        client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        client.get("/sparql", query_string={"query": "SELEC nonsense"})
        client.get(
            "/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
        )
        client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update")
        client.get("/api/queries/article_v_domains")
        client.get("/nowhere")
        found = samples(app)
    requests = "alliance_kg_http_requests_total"
    assert found[(requests, (("method", "GET"), ("route", "/sparql"), ("status", "200")))] == 2
    assert found[(requests, (("method", "GET"), ("route", "/sparql"), ("status", "400")))] == 1
    assert found[(requests, (("method", "GET"), ("route", "/sparql"), ("status", "503")))] == 1
    assert found[(requests, (("method", "GET"), ("route", "unmatched"), ("status", "404")))] == 1
    assert found[("alliance_kg_http_request_duration_seconds_count", (("route", "/sparql"),))] == 5
    outcomes = {
        dict(labels)["outcome"]: v for (name, labels), v in found.items() if name == "alliance_kg_queries_total"
    }
    assert outcomes == {"ok": 2, "cached": 1, "syntax_error": 1, "timeout": 1, "refused": 1}
    assert found[("alliance_kg_store_quads", ())] == len(graph_store)
    assert found[("process_resident_memory_bytes", ())] > 0


def test_each_app_has_its_own_registry(built_graph):
    config = on_graph(built_graph, WARM_QUERY_PROCESSES=False)
    with running_app(config) as first, running_app(config) as second:
        for _ in range(3):
            first.test_client().get("/healthz")
        key = ("alliance_kg_http_requests_total", (("method", "GET"), ("route", "/healthz"), ("status", "200")))
        assert samples(first)[key] == 3
        assert key not in samples(second)


@pytest.mark.slow
def test_metrics_show_the_queries_running_and_waiting_for_a_query_process(built_graph):
    """One slow query holds the only query process and another, from a second client, waits for it: a scrape meanwhile
    shows one running and one waiting, and a scrape after both have ended shows none."""
    config = on_graph(built_graph, QUERY_TIMEOUT=2, QUERY_PROCESSES=1, QUEUE_TIMEOUT=10, ANSWER_CACHE_BYTES=0)
    with running_app(config) as app:
        state(app).executor.run(Job("ASK {}"))  # the query process started before the clock of either query

        def ask(address: str) -> None:
            app.test_client().get("/sparql", query_string={"query": SLOW}, environ_base={"REMOTE_ADDR": address})

        clients = [threading.Thread(target=ask, args=(address,)) for address in ("192.0.2.1", "192.0.2.2")]
        for client in clients:
            client.start()
        deadline = time.monotonic() + 5
        while (found := samples(app))[("alliance_kg_queries_waiting", ())] < 1:
            assert time.monotonic() < deadline, found
            time.sleep(0.05)
        assert found[("alliance_kg_queries_running", ())] == 1
        assert found[("alliance_kg_queries_waiting", ())] == 1
        for client in clients:
            client.join(30)
        after = samples(app)
    assert (after[("alliance_kg_queries_running", ())], after[("alliance_kg_queries_waiting", ())]) == (0, 0)
