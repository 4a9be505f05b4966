"""Load: the README's production server (`alliance-kg serve`: nginx in front of gunicorn, 2 gthread workers and
their query processes) driven by wrk from a second process with concurrent catalogue queries.

- 60 s of catalogue queries after a 15 s warm-up: zero failed requests (non-2xx/3xx or socket errors), and the
  server's total memory (RSS of every process of it) at the end within 10 % of its memory after the warm-up.
- Issue 15's mixed load: the same beside one client's slow queries, slow clients, oversized and large answers:
  /healthz under 1 s throughout, every cheap query answered, no 500, and the workers' RSS back within 20 %.

Each prints what it measured (requests/s, p50 and p99; /healthz's slowest answer, RSS before and after):
`.venv/bin/pytest -m load -s tests/test_load.py`."""

from __future__ import annotations

import collections
import contextlib
import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse

import psutil
import pytest
from server_process import REPOSITORY, SLOW, fetch, served

pytestmark = pytest.mark.load

WARM_UP_SECONDS = 15
LOAD_SECONDS = 60
CONNECTIONS = 8
SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "application/sparql-results+json"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\\n', summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def tree_rss(master: int) -> int:
    root = psutil.Process(master)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):  # a query process replaced meanwhile
            total += process.memory_info().rss
    return total


def wrk(base: str, script, seconds: int) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return json.loads(re.search(r"^RESULT (.*)$", output, re.M)[1])


REPOSITORY_QUERY = "queries/article_v_domains.rq"


def catalogue_paths(base: str) -> list[str]:
    """The catalogue's queries that answer offline (a federated one needs Wikidata, which a test cannot reach), and
    the flagship through /sparql too."""
    catalogue = json.loads(fetch(f"{base}/api/queries")[1])
    paths = [f"/api/queries/{q['name']}" for q in catalogue if not any(p["required"] for p in q["parameters"])]
    paths += ["/api/queries/domains_covered_on?day=2020-01-01", "/api/queries/domains_covered_on?day=2023-01-11"]
    with open(REPOSITORY / REPOSITORY_QUERY) as flagship:
        paths.append("/sparql?" + urllib.parse.urlencode({"query": flagship.read()}))
    paths = [p for p in paths if fetch(base + p)[0] == 200]
    assert len(paths) >= 10, paths
    return paths


def test_sixty_seconds_of_catalogue_queries(built_graph, tmp_path):
    assert shutil.which("wrk"), "the Debian package wrk is needed: `make system-deps` installs it"
    data_dir = tmp_path / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    with served(data_dir, tmp_path / "server.log") as (base, master):
        paths = catalogue_paths(base)
        script = tmp_path / "catalogue.lua"
        script.write_text(SCRIPT % ", ".join(json.dumps(p) for p in paths))

        warm = wrk(base, script, WARM_UP_SECONDS)
        rss_after_warm_up = tree_rss(master.pid)
        result = wrk(base, script, LOAD_SECONDS)
        rss_at_end = tree_rss(master.pid)

    per_second = result["requests"] / (result["duration_us"] / 1e6)
    print(
        f"\n{len(paths)} catalogue queries ({REPOSITORY_QUERY} among them), {CONNECTIONS} connections, "
        f"{LOAD_SECONDS} s: {result['requests']} requests, {per_second:.0f} requests/s, "
        f"p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms; "
        f"RSS after warm-up {rss_after_warm_up / 2**20:.1f} MiB, at the end {rss_at_end / 2**20:.1f} MiB"
    )
    errors = {k: result[k] for k in ("connect", "read", "write", "status", "timeout")}
    assert warm["requests"] > 0 and result["requests"] > 0
    assert errors == dict.fromkeys(errors, 0), errors
    assert abs(rss_at_end - rss_after_warm_up) <= 0.10 * rss_after_warm_up


# The mixed load of issue 15: what one hostile or careless client can send, beside everyone else's cheap queries.
# SLOW (server_process.py) meets QUERY_TIMEOUT, whatever the machine's memory.
GRAPH = "CONSTRUCT WHERE { ?s ?p ?o }"  # 10,000 triples: more than a socket's buffers


def doubled(levels: int, volatile: bool = False) -> str:
    """A SELECT whose one solution holds a literal of 2**levels kB (made by doubling); with STRUUID, never cached."""
    binds = ['BIND("' + "a" * 1024 + '" AS ?x0)']
    binds += [f"BIND(CONCAT(?x{i - 1}, ?x{i - 1}) AS ?x{i})" for i in range(1, levels + 1)]
    extra = " (STRUUID() AS ?u)" if volatile else ""
    return f"SELECT ?x{levels}{extra} WHERE {{ {' '.join(binds)} }}"


OVERSIZED = doubled(14)  # 16 MiB: over MAX_ANSWER_BYTES (8 MiB by default), refused
LARGE = doubled(12, volatile=True)  # 4 MiB, under the limit, and never cached: each one passes through a worker
# The refusals a slow query may meet: its client's share taken, its time or its process's
# memory used up, no query process free in time, or as many waiting as may.
SLOW_REFUSALS = {
    (429, "CLIENT_QUERIES"),
    (503, "QUERY_TIMEOUT"),
    (503, "QUERY_MEMORY"),
    (503, "QUEUE_TIMEOUT"),
    (503, "QUEUE_LENGTH"),
}


def connect(base: str, source: str, receive_buffer: int | None = None) -> socket.socket:
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    connection.bind((source, 0))
    connection.settimeout(30)
    host, port = base.removeprefix("http://").split(":")
    connection.connect((host, int(port)))
    return connection


def get(base: str, path: str, source: str, timeout: float = 30) -> tuple[int, bytes]:
    """GET over a socket from a loopback address of our choosing (each address is a client of its own)."""
    with connect(base, source) as connection:
        connection.settimeout(timeout)
        host = base.removeprefix("http://")
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        received = bytearray()
        while chunk := connection.recv(1 << 20):
            received += chunk
    head, _, body = bytes(received).partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def workers(supervisor: int) -> list[psutil.Process]:
    """The gunicorn workers under `alliance-kg serve` (children of the gunicorn master, beside nginx)."""
    (master,) = [p for p in psutil.Process(supervisor).children() if "alliance_kg.server.wsgi" in p.cmdline()]
    return master.children()


def workers_rss(processes: list[psutil.Process]) -> int:
    return sum(process.memory_info().rss for process in processes)


class Mix:
    """Threads that each play one kind of client until `stop`, recording (status, seconds) per request."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.stop = threading.Event()
        self.seen: dict[str, list[tuple[int, float]]] = collections.defaultdict(list)
        self.refusals: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)  # status, start of body
        self.failures: list[str] = []
        self.threads: list[threading.Thread] = []

    def start(self, name: str, loop, count: int = 1) -> None:
        def run() -> None:
            n = 0
            while not self.stop.is_set():
                try:
                    loop(n)
                except Exception as error:  # recorded, and asserted on at the end
                    self.failures.append(f"{name}: {error!r}")
                    self.stop.wait(1)
                n += 1

        for _ in range(count):
            thread = threading.Thread(target=run, name=name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def request(self, name: str, path: str, source: str, timeout: float = 60) -> int:
        started = time.monotonic()
        status, body = get(self.base, path, source, timeout)
        self.seen[name].append((status, time.monotonic() - started))
        if status >= 400:
            self.refusals[name].append((status, body[:2000].decode("utf-8", "replace")))
        return status

    def healthz(self, n: int) -> None:
        self.request("healthz", "/healthz", "127.0.0.6", timeout=10)
        self.stop.wait(0.25)

    def fresh(self, n: int) -> None:  # a cheap query no cache has seen: it needs a query process
        self.request("fresh", sparql(f'ASK {{ ?s ?p "fresh {threading.get_ident()} {n}" }}'), "127.0.0.7")
        self.stop.wait(0.2)

    def slow(self, n: int) -> None:  # one client sending slow queries, four at a time
        if self.request("slow", sparql(f"{SLOW} # {threading.get_ident()} {n}"), "127.0.0.2") == 429:
            self.stop.wait(0.5)

    def oversized(self, n: int) -> None:
        self.request("oversized", sparql(f"{OVERSIZED} # {n}"), "127.0.0.3")
        self.request("large", sparql(LARGE), "127.0.0.3")

    def trickle(self, n: int) -> None:  # a header, then a byte a second, until the front closes the connection
        host = self.base.removeprefix("http://")
        with contextlib.suppress(OSError), connect(self.base, "127.0.0.4") as connection:
            connection.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n".encode())
            for _ in range(60):
                if self.stop.wait(1):
                    return
                connection.sendall(b"X")
        self.stop.wait(0.5)

    def unread(self, n: int) -> None:  # asks for a large answer and does not read it
        host = self.base.removeprefix("http://")
        with connect(self.base, "127.0.0.5", receive_buffer=4096) as connection:
            connection.sendall(f"GET {sparql(GRAPH)} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            self.stop.wait(15)


def test_mixed_hostile_load_leaves_healthz_and_cheap_queries_served(built_graph, tmp_path):
    """Issue 15's load: cheap catalogue queries (wrk) beside one client's slow queries, slow clients (a header a
    byte a second, answers never read), oversized and large answers, for LOAD_SECONDS against `alliance-kg serve`
    with its nginx front: /healthz always under 1 s, every cheap query answered, not one 500, and the workers' RSS
    back within 20 % of its baseline afterwards."""
    assert shutil.which("wrk"), "the Debian package wrk is needed: `make system-deps` installs it"
    data_dir = tmp_path / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    log = tmp_path / "server.log"
    with served(data_dir, log) as (base, supervisor):
        paths = catalogue_paths(base)
        script = tmp_path / "catalogue.lua"
        script.write_text(SCRIPT % ", ".join(json.dumps(p) for p in paths))
        serving = workers(supervisor.pid)
        # every kind of request once (imports, caches, the allocator's arenas), then cheap queries: the baseline
        assert get(base, sparql(OVERSIZED), "127.0.0.3")[0] == 503
        assert get(base, sparql(LARGE), "127.0.0.3")[0] == 200
        assert get(base, sparql(GRAPH), "127.0.0.5")[0] == 200
        assert get(base, sparql(f"{SLOW} # warm-up"), "127.0.0.2")[0] == 503
        wrk(base, script, WARM_UP_SECONDS)
        baseline = workers_rss(serving)

        mix = Mix(base)
        mix.start("healthz", mix.healthz)
        mix.start("fresh", mix.fresh)
        mix.start("slow", mix.slow, count=4)
        mix.start("oversized", mix.oversized)
        mix.start("trickle", mix.trickle, count=8)
        mix.start("unread", mix.unread, count=6)
        try:
            result = wrk(base, script, LOAD_SECONDS)
        finally:
            mix.stop.set()
            for thread in mix.threads:
                thread.join(70)
        # the memory a worker took for large answers is given back: wait for the last answers to leave
        deadline = time.monotonic() + 30
        while (after := workers_rss(serving)) > 1.2 * baseline and time.monotonic() < deadline:
            time.sleep(1)
        assert [p.pid for p in workers(supervisor.pid)] == [p.pid for p in serving], "a worker was replaced"
    served_500 = [
        line
        for line in log.read_text().splitlines()
        if line.startswith('{"time"') and json.loads(line)["status"] == 500
    ]

    seen = mix.seen
    health = [seconds for _, seconds in seen["healthz"]]
    print(
        f"\n{LOAD_SECONDS} s of mixed load: {result['requests']} catalogue queries by wrk "
        f"({result['requests'] / (result['duration_us'] / 1e6):.0f}/s, p99 {result['p99_us'] / 1000:.1f} ms) and "
        f"{len(seen['fresh'])} fresh cheap queries answered; /healthz {len(health)} times, at most "
        f"{max(health) * 1000:.0f} ms; slow {collections.Counter(s for s, _ in seen['slow'])}, oversized "
        f"{collections.Counter(s for s, _ in seen['oversized'])}, large {collections.Counter(s for s, _ in seen['large'])}; "
        f"workers' RSS {baseline / 2**20:.1f} MiB before, {after / 2**20:.1f} MiB after"
    )
    assert mix.failures == [], mix.failures[:5]
    assert len(health) >= LOAD_SECONDS, len(health)
    assert max(health) < 1, sorted(health)[-5:]
    assert {status for status, _ in seen["healthz"]} == {200}
    errors = {k: result[k] for k in ("connect", "read", "write", "status", "timeout")}
    assert result["requests"] > 0 and errors == dict.fromkeys(errors, 0), errors
    assert mix.refusals["fresh"] == [], mix.refusals["fresh"][:3]
    assert len(seen["fresh"]) >= LOAD_SECONDS // 6  # one every 6 s at least
    assert mix.refusals["large"] == [], mix.refusals["large"][:3]
    assert len(seen["large"]) > 0
    oversized = {(status, "(MAX_ANSWER_BYTES)" in body) for status, body in mix.refusals["oversized"]}
    assert oversized == {(503, True)} and len(mix.refusals["oversized"]) == len(seen["oversized"])
    slow = [
        ({(status, key) for key in re.findall(r"\((\w+)\)", body)} & SLOW_REFUSALS, body)
        for status, body in mix.refusals["slow"]
    ]
    assert [body for named, body in slow if not named] == []  # each refusal names its key
    assert (503, "QUERY_TIMEOUT") in set().union(*(named for named, _ in slow))
    assert served_500 == [], served_500[:3]
    assert after <= 1.2 * baseline, (baseline, after)
