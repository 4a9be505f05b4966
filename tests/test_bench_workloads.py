"""bench/'s workloads: a different query every request that no later run replays (bench/wrk/distinct.lua, driven by
wrk against a recording server on 127.0.0.1), the same text to every server, and Oxigraph's own server answering
the catalogue's queries on our store as ours does."""

from __future__ import annotations

import importlib
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from alliance_kg.queries.catalogue import load_catalogue
from alliance_kg.store.local import current_store_path
from alliance_kg.store.sparql_text import substitute
from pyoxigraph import Literal, NamedNode, Variable

sys.path.append(str(Path(__file__).resolve().parent.parent))  # bench/ runs from the repository; it is not installed
servers, workloads, wrk, run = (
    importlib.import_module(f"bench.{name}") for name in ("servers", "workloads", "wrk", "run")
)

FLAGSHIP = load_catalogue()["article_v_domains"].text
DOMAINS_COVERED_ON = load_catalogue()["domains_covered_on"].text


class Recorder(BaseHTTPRequestHandler):
    """Answers 200 to every GET (`X-Cache: hit` to every third), keeping each query it was sent."""

    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    seen: list[str]
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
        query = parse_qs(urlsplit(self.path).query)["query"][0]
        with self.lock:
            self.seen.append(query)
            hit = len(self.seen) % 3 == 0
        self.send_response(200)
        self.send_header("Content-Length", "2")
        if hit:
            self.send_header("X-Cache", "hit")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def days_workload(count: int = 50_000):
    return workloads.Distinct("days", DOMAINS_COVERED_ON, "_day_xsd_date", workloads.days(count), seed=7)


def test_each_query_is_the_catalogue_query_with_the_value_bound_in_place():
    workload = days_workload(10)
    day = workload.values[3]
    assert day == '"2026-12-25"^^<http://www.w3.org/2001/XMLSchema#date>'
    text = workload.text(day)
    assert f"({day} AS ?_day_xsd_date)" in text and "?_day_xsd_date" not in text.replace("AS ?_day_xsd_date", "")
    assert len(workload.values) == len(set(workload.values)) == 10
    assert workload.order() == days_workload(10).order() != workload.values  # shuffled, the same for a seed


@pytest.mark.load
def test_no_run_replays_a_query_of_an_earlier_run(recorder, tmp_path: Path):
    base, seen = recorder
    workload = days_workload()
    params = workload.write("/sparql", tmp_path)
    runs = []
    for _ in range(3):
        before = len(seen)
        measured, told = wrk.run_distinct(base, params, workload.start("recorder"), seconds=1)
        workload.advance("recorder", told["last"])
        runs.append(seen[before:])
        assert measured.requests > 50 and measured.errors == 0
        assert told["wrapped"] == 0 and 0 < told["cache_hits"] <= measured.requests
    for sent in runs:
        assert len(sent) == len(set(sent))  # within a run, every request a different query
    for earlier, later in ((0, 1), (0, 2), (1, 2)):
        assert not set(runs[earlier]) & set(runs[later])  # and none sent again by a later run
    expected = {workload.text(value) for value in workload.order()[: workload.start("recorder")]}
    assert set(seen) <= expected  # the catalogue query, with values taken in the workload's order


@pytest.mark.slow
def test_oxigraph_server_answers_as_ours_on_the_same_store(built_graph, live_graph_server, tmp_path: Path):
    data_dir, _ = built_graph
    store = current_store_path(data_dir)
    day = Literal("2020-01-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    texts = [FLAGSHIP, substitute(DOMAINS_COVERED_ON, {Variable("_day_xsd_date"): day})]
    with servers.oxigraph(store, tmp_path) as oxigraph:
        for text in texts:
            _, ours = run.fetch_answer(wrk.query_url(live_graph_server + "/sparql", text))
            _, theirs = run.fetch_answer(wrk.query_url(oxigraph.endpoint, text))
            assert ours and ours == theirs
        with urllib.request.urlopen(oxigraph.endpoint + "?query=ASK%7B%7D") as response:
            assert response.status == 200
