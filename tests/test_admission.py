"""Admission (server/admission.py): queries wait for a query process in a queue of QUEUE_LENGTH, each at most
QUEUE_TIMEOUT; a full queue is refused at once (503), a client beyond its share at once (429).

The live tests run `alliance-kg serve` with one worker, so that how nginx splits a burst over the workers cannot
decide the outcome: with as many waiting as running (the bound before QUEUE_LENGTH), 8 queries of one client in one
worker of 2 query processes met 4 refusals.
"""

from __future__ import annotations

import contextlib
import http.client
import shutil
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from alliance_kg.server.admission import Admission, ClientBusy, QueueFull, default_queue
from prometheus_client.parser import text_string_to_metric_families
from server_process import SLOW, served

# paths of four triples: over a second each on a quiet machine, so that a burst of them is still in when the test
# looks (paths of three took a quarter of a second, and the first had ended before a ninth came)
PATHS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?c ?e ?f . ?f ?g ?h . ?h ?i ?j }"


def test_the_queue_holds_queue_length_waiting_and_refuses_the_next_at_once():
    admission = Admission(slots=1, per_client=8, queue_timeout=10, queue=2)
    release = threading.Event()
    entered: list[str] = []

    def hold(client: str) -> None:
        with admission.enter(client):
            entered.append(client)
            release.wait(10)

    with contextlib.ExitStack() as held:
        held.enter_context(admission.enter("192.0.2.1"))
        waiting = [threading.Thread(target=hold, args=(f"192.0.2.{n}",)) for n in (2, 3)]
        for thread in waiting:
            thread.start()
        deadline = time.monotonic() + 5
        while admission.stats()["waiting"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        started = time.monotonic()
        with pytest.raises(QueueFull), admission.enter("192.0.2.4"):
            pass
        assert time.monotonic() - started < 0.5  # refused at once, not after the queue deadline
    release.set()
    for thread in waiting:
        thread.join(10)
    assert entered == ["192.0.2.2", "192.0.2.3"]  # the waiting ones went, in their order
    assert admission.stats() == {"running": 0, "waiting": 0, "clients": 0}


def test_one_clients_share_is_counted_before_the_queue():
    admission = Admission(slots=1, per_client=1, queue_timeout=10, queue=4)
    with admission.enter("192.0.2.1"), pytest.raises(ClientBusy), admission.enter("192.0.2.1"):
        pass


def test_the_default_queue_is_three_per_query_process():
    assert [default_queue(n) for n in (1, 2, 4)] == [3, 6, 12]
    assert Admission(slots=2, per_client=1, queue_timeout=5).queue == 6


def test_each_worker_has_a_thread_for_every_query_it_admits_and_spares_beyond(tmp_path):
    from alliance_kg.server.wsgi import SPARE_THREADS, default_threads, run_gunicorn

    assert default_threads({"QUERY_PROCESSES": 2}) == 2 + 6 + SPARE_THREADS
    assert default_threads({"QUERY_PROCESSES": 2, "QUEUE_LENGTH": 0}) == 2 + SPARE_THREADS
    with pytest.raises(SystemExit, match=r"queries may hold 8 .*QUEUE_LENGTH"):  # refused before gunicorn starts
        run_gunicorn(tmp_path, "127.0.0.1", 0, threads=8, config={"QUERY_PROCESSES": 2})


@pytest.fixture
def data_dir(built_graph, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(built_graph[0], target, symlinks=True)
    return target


def get(base: str, query: str, source: str = "127.0.0.1", timeout: float = 120) -> tuple[int, str]:
    """GET the query's JSON answer from the loopback address `source` (the client, as the front sees it)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout, source_address=(source, 0))
    try:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def in_flight(base: str) -> float:
    """Queries running and waiting in the (one) worker, as its /metrics says."""
    with urllib.request.urlopen(f"{base}/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name in ("alliance_kg_queries_running", "alliance_kg_queries_waiting")
    )


@pytest.mark.slow
def test_a_burst_of_one_clients_queries_is_queued_not_refused(data_dir, tmp_path):
    """8 uncached queries at once from one client whose share is 8, in one worker of 2 query processes: every one is
    answered (the queue holds 6), and a 9th while they are in is refused for the client's share (429)."""
    environment = {
        "ALLIANCE_KG_QUERY_PROCESSES": "2",
        "ALLIANCE_KG_CLIENT_QUERIES": "8",
        "ALLIANCE_KG_QUEUE_TIMEOUT": "60",
        "ALLIANCE_KG_QUERY_TIMEOUT": "30",
        "ALLIANCE_KG_ANSWER_CACHE_BYTES": "0",
    }
    with (
        served(data_dir, tmp_path / "server.log", "--workers", "1", environment=environment) as (base, _),
        ThreadPoolExecutor(8) as pool,
    ):
        assert get(base, PATHS + " # warm")[0] == 200  # the query processes are up
        burst = [pool.submit(get, base, f"{PATHS} # {n}", "127.0.0.2") for n in range(8)]
        deadline = time.monotonic() + 30
        while in_flight(base) < 8:  # the burst is in: 2 running, 6 waiting
            assert time.monotonic() < deadline, in_flight(base)
            time.sleep(0.05)
        beyond = get(base, PATHS + " # ninth", "127.0.0.2")
        answers = [future.result(120) for future in burst]
    assert [status for status, _ in answers] == [200] * 8, [body[:200] for _, body in answers]
    assert len({body for _, body in answers}) == 1  # the same count each time
    assert beyond[0] == 429 and "(CLIENT_QUERIES)" in beyond[1], beyond


@pytest.mark.slow
def test_a_full_queue_is_refused_at_once_while_the_server_stays_up(data_dir, tmp_path):
    """One query process, one place in the queue: a third query, from a third client, gets 503 at once, naming
    QUEUE_LENGTH; /healthz is answered meanwhile."""
    environment = {
        "ALLIANCE_KG_QUERY_PROCESSES": "1",
        "ALLIANCE_KG_QUEUE_LENGTH": "1",
        "ALLIANCE_KG_QUEUE_TIMEOUT": "20",
        "ALLIANCE_KG_QUERY_TIMEOUT": "3",
    }
    with (
        served(data_dir, tmp_path / "server.log", "--workers", "1", environment=environment) as (base, _),
        ThreadPoolExecutor(2) as pool,
    ):
        assert get(base, "ASK { ?s ?p ?o }")[0] == 200
        held = [pool.submit(get, base, f"{SLOW} # {n}", f"127.0.0.{n + 2}") for n in range(2)]
        time.sleep(1)  # one runs (for QUERY_TIMEOUT), the other waits
        started = time.monotonic()
        status, body = get(base, "ASK { ?s ?p 1 }", "127.0.0.9")
        assert status == 503 and "(QUEUE_LENGTH)" in body, (status, body)
        assert time.monotonic() - started < 2
        assert urllib.request.urlopen(f"{base}/healthz", timeout=5).status == 200
        statuses = [future.result(60)[0] for future in held]
    assert statuses == [503, 503]  # each stopped at QUERY_TIMEOUT, the second after its wait
