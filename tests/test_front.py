"""The front of `alliance-kg serve` (issue 15): slow clients cannot hold the workers, malformed or oversized bodies
are refused with the right status, the client is its address (X-Forwarded-For believed only from TRUSTED_PROXIES),
one client's slow queries leave everyone else served, and a server keeps no control socket another could take.

Every client here is a real socket on 127.0.0.1 (other clients speak from other loopback addresses, 127.0.0.2…),
against `alliance-kg serve` as a subprocess; every slow client stops within the test's own deadlines.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from server_process import SLOW, served

pytestmark = pytest.mark.slow

GRAPH = "CONSTRUCT WHERE { ?s ?p ?o }"  # 10,000 triples: more than a socket's buffers


@pytest.fixture
def data_dir(built_graph, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(built_graph[0], target, symlinks=True)
    return target


def address(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


def connect(base: str, source: str = "127.0.0.1", receive_buffer: int | None = None) -> socket.socket:
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    connection.bind((source, 0))
    connection.settimeout(10)
    connection.connect(address(base))
    return connection


def exchange(base: str, raw: bytes, source: str = "127.0.0.1") -> tuple[int, str]:
    """Send `raw` as it is, reading meanwhile (a server may answer before the body ends, and close); the status and
    the body of the answer."""
    with connect(base, source) as connection:

        def send() -> None:
            with contextlib.suppress(OSError):  # the server answered and closed before the end: read below
                connection.sendall(raw)

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
                if b"\r\n\r\n" in received:
                    head, _, body = received.partition(b"\r\n\r\n")
                    length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
                    if length and len(body) >= int(length[0].split(b":")[1]):
                        break
        except (TimeoutError, ConnectionResetError):
            pass
        sender.join(10)
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode("utf-8", "replace")


def get(base: str, path: str, source: str = "127.0.0.1", timeout: float = 30, headers=None) -> tuple[int, bytes]:
    """GET from a source address of our choosing (urllib cannot bind one)."""
    with connect(base, source) as connection:
        connection.settimeout(timeout)
        lines = [f"GET {path} HTTP/1.1", f"Host: {':'.join(map(str, address(base)))}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def query_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def timed(call) -> tuple[float, object]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


class Trickler(threading.Thread):
    """A client that sends `head`, then one more byte of `drip` every `every` seconds until told to stop (or the
    server closes the connection: `closed_after` says when)."""

    def __init__(self, base: str, source: str, head: bytes, drip: bytes, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.connection = connect(base, source)
        self.head, self.drip, self.every = head, drip, every
        self.stop = threading.Event()
        self.closed_after: float | None = None

    def run(self) -> None:
        started = time.monotonic()
        try:
            self.connection.sendall(self.head)
            for byte in self.drip:
                if self.stop.wait(self.every):
                    return
                self.connection.sendall(bytes([byte]))
        except OSError:
            self.closed_after = time.monotonic() - started
        finally:
            self.connection.close()


def test_slow_clients_cannot_hold_the_workers(data_dir, tmp_path):
    """12 connections trickling a header line every 4 s held all 2 × 4 gthread threads for as long as they liked."""
    environment = {"ALLIANCE_KG_CLIENT_TIMEOUT": "5"}
    with served(data_dir, tmp_path / "server.log", environment=environment) as (base, _):
        host = f"Host: {base.removeprefix('http://')}\r\n"
        tricklers = []
        for _ in range(10):  # a header, one byte every second
            head = f"GET /healthz HTTP/1.1\r\n{host}".encode()
            tricklers.append(Trickler(base, "127.0.0.2", head, b"X-Slow: " + b"y" * 60))
        for _ in range(10):  # a body, one byte every second
            head = f"POST /sparql HTTP/1.1\r\n{host}Content-Type: application/sparql-query\r\n".encode()
            tricklers.append(Trickler(base, "127.0.0.3", head + b"Content-Length: 60\r\n\r\n", b"#" * 60))
        for _ in range(10):  # a chunked body, one chunk every second
            head = f"POST /sparql HTTP/1.1\r\n{host}Content-Type: application/sparql-query\r\n".encode()
            tricklers.append(
                Trickler(base, "127.0.0.4", head + b"Transfer-Encoding: chunked\r\n\r\n", b"1\r\n#\r\n" * 10)
            )
        readers = []
        for n in range(6):  # never read their answers (a small receive buffer)
            reader = connect(base, "127.0.0.5", receive_buffer=4096)
            reader.sendall(f"GET {query_path(GRAPH + f' # {n}')} HTTP/1.1\r\n{host}\r\n".encode())
            readers.append(reader)
        try:
            for trickler in tricklers:
                trickler.start()
            waits = []
            for _ in range(8):
                waited, (status, _) = timed(lambda: get(base, "/healthz", timeout=10))
                assert status == 200
                waits.append(waited)
                time.sleep(1)
            assert max(waits) < 2, waits
            fresh = query_path("ASK { ?s ?p 'not cached' }")
            waited, (status, _) = timed(lambda: get(base, fresh, timeout=10))
            assert status == 200 and waited < 5
        finally:
            for trickler in tricklers:
                trickler.stop.set()
            for reader in readers:
                reader.close()
        header_tricklers = tricklers[:10]
        for trickler in header_tricklers:
            trickler.join(15)
        # the whole header within CLIENT_TIMEOUT (5 s): nginx closed every header trickler well before it was done
        assert all(t.closed_after is not None and t.closed_after < 5 + 3 for t in header_tricklers), [
            t.closed_after for t in header_tricklers
        ]


@pytest.mark.parametrize("front", [(), ("--front", "none")], ids=["nginx", "gunicorn-alone"])
def test_malformed_and_oversized_chunked_bodies_are_refused(data_dir, tmp_path, front):
    with served(data_dir, tmp_path / "server.log", *front) as (base, _):
        host = f"Host: {base.removeprefix('http://')}\r\n".encode()
        start = b"POST /sparql HTTP/1.1\r\n" + host + b"Content-Type: application/sparql-query\r\n"
        start += b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        negative = exchange(base, start + b"-5\r\nASK {}\r\n0\r\n\r\n")
        assert negative[0] == 400, negative
        long_line = exchange(base, start + b"5;" + b"x" * 9000 + b"\r\nASK {\r\n0\r\n\r\n")
        assert long_line[0] == 400, long_line
        body = b"ASK {} #" + b"x" * (2 * 2**20)
        chunks = b"".join(
            b"%x\r\n%s\r\n" % (len(part), part) for part in (body[i : i + 65536] for i in range(0, len(body), 65536))
        )
        too_large = exchange(base, start + chunks + b"0\r\n\r\n")
        assert too_large[0] == 413 and "MAX_CONTENT_LENGTH" in too_large[1], too_large
        assert get(base, "/healthz")[0] == 200


def test_the_fronts_own_refusals_say_what_to_do_in_plain_text_never_500(data_dir, tmp_path):
    """A request line over 8 kB was nginx's HTML 500 ("empty URI in redirect to named location")."""
    with served(data_dir, tmp_path / "server.log", "--workers", "1") as (base, _):
        long_line = get(base, query_path("ASK {} #" + "x" * 9000))
        assert long_line[0] == 414 and b"send the query by POST" in long_line[1], long_line
        long_header = get(base, "/healthz", headers={"X-Long": "y" * 9000})
        assert long_header[0] == 431 and b"a request header is longer than 8 kB" in long_header[1], long_header
        garbage = exchange(base, b"NOT HTTP AT ALL\r\n\r\n")
        assert garbage[0] == 400 and "send it again, well-formed" in garbage[1], garbage
        assert get(base, "/healthz")[0] == 200


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(data_dir, tmp_path):
    forwarded = {"X-Forwarded-For": "203.0.113.5"}
    log = tmp_path / "untrusted.log"
    with served(data_dir, log, "--workers", "1") as (base, _):
        assert get(base, "/healthz", headers=forwarded)[0] == 200
    remotes = [json.loads(line)["remote"] for line in log.read_text().splitlines() if line.startswith('{"time"')]
    assert "203.0.113.5" not in remotes and "127.0.0.1" in remotes

    log = tmp_path / "trusted.log"
    environment = {"ALLIANCE_KG_TRUSTED_PROXIES": "127.0.0.0/8"}
    with served(data_dir, log, "--workers", "1", environment=environment) as (base, _):
        assert get(base, "/healthz", headers=forwarded)[0] == 200
        assert get(base, "/healthz", headers={"X-Forwarded-For": "not an address"})[0] == 200
    remotes = [json.loads(line)["remote"] for line in log.read_text().splitlines() if line.startswith('{"time"')]
    assert "203.0.113.5" in remotes
    assert "not an address" not in remotes


def test_slow_queries_of_one_client_leave_every_other_client_served(data_dir, tmp_path):
    """4 slow clients made cheap queries 503 after 10 s and /healthz wait 9.6 s."""
    environment = {"ALLIANCE_KG_QUERY_TIMEOUT": "8", "ALLIANCE_KG_QUERY_PROCESSES": "2"}
    with served(data_dir, tmp_path / "server.log", environment=environment) as (base, _):
        cached = query_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert get(base, cached)[0] == 200 and get(base, cached)[0] == 200
        with ThreadPoolExecutor(8) as pool:
            slow = [pool.submit(get, base, query_path(f"{SLOW} # {n}"), "127.0.0.2", 30) for n in range(8)]
            time.sleep(1)
            started = time.monotonic()
            for n in range(6):
                waited, (status, body) = timed(lambda n=n: get(base, query_path(f"ASK {{ ?s ?p {n} }}")))
                assert status == 200 and waited < 4, (status, body[:200], waited)
            for path in ("/healthz", cached):
                waited, (status, _) = timed(lambda path=path: get(base, path))
                assert status == 200 and waited < 1.5, (path, waited)
            assert time.monotonic() - started < 8, "the cheap queries were answered after the slow ones ended"
            answers = [future.result(60) for future in slow]
        statuses = sorted(status for status, _ in answers)
        assert statuses.count(429) >= 4, statuses  # beyond one per worker (CLIENT_QUERIES), refused at once
        refused = next(body.decode() for status, body in answers if status == 429)
        assert "(CLIENT_QUERIES)" in refused
        assert set(statuses) <= {429, 503}


def test_a_client_may_have_client_requests_in_progress_at_the_front(data_dir, tmp_path):
    environment = {
        "ALLIANCE_KG_CLIENT_REQUESTS": "2",
        "ALLIANCE_KG_CLIENT_QUERIES": "2",
        "ALLIANCE_KG_QUERY_PROCESSES": "2",
        "ALLIANCE_KG_QUERY_TIMEOUT": "5",
    }
    with served(data_dir, tmp_path / "server.log", environment=environment) as (base, _), ThreadPoolExecutor(2) as pool:
        held = [pool.submit(get, base, query_path(f"{SLOW} # {n}"), "127.0.0.2", 30) for n in range(2)]
        time.sleep(1.5)
        status, body = get(base, "/healthz", "127.0.0.2")
        assert status == 429 and b"(CLIENT_REQUESTS)" in body
        assert get(base, "/healthz", "127.0.0.3")[0] == 200  # another client is not counted with it
        assert [future.result(30)[0] for future in held] == [503, 503]


def test_servers_keep_no_control_socket_another_server_could_take(data_dir, tmp_path):
    """gunicornc's socket had one default path per user: a second server took it over and removed it."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    with (
        served(data_dir, tmp_path / "one.log", environment=environment) as (base, _),
        served(data_dir, tmp_path / "two.log", environment=environment) as (other, _),
    ):
        assert get(base, "/healthz")[0] == 200 and get(other, "/healthz")[0] == 200
        assert not (home / ".gunicorn").exists()


def test_nginx_is_restarted_when_it_stops(data_dir, tmp_path):
    import psutil

    log = tmp_path / "server.log"
    with served(data_dir, log) as (base, supervisor):
        (nginx,) = [p for p in psutil.Process(supervisor.pid).children() if p.name() == "nginx"]
        nginx.kill()
        deadline = time.monotonic() + 30
        while "starting it again" not in log.read_text():
            assert time.monotonic() < deadline, "nginx was not started again"
            time.sleep(0.2)
        while True:
            # the log line comes before the new process exists, and a child forked but not yet exec'd is not "nginx"
            if [p for p in psutil.Process(supervisor.pid).children() if p.name() == "nginx"]:
                with contextlib.suppress(OSError):
                    if get(base, "/healthz", timeout=5)[0] == 200:
                        break
            assert time.monotonic() < deadline, "the new nginx does not answer"
            time.sleep(0.3)
        (restarted,) = [p for p in psutil.Process(supervisor.pid).children() if p.name() == "nginx"]
        assert restarted.pid != nginx.pid
        assert not psutil.pid_exists(nginx.pid) or psutil.Process(nginx.pid).status() == psutil.STATUS_ZOMBIE
