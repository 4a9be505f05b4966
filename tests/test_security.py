"""Access: read-only unless UPDATE_TOKEN is configured; then updates need that bearer token; LOAD never.

Each write path (POST application/sparql-update, POST form `update=`) is tried without a token (401 with
`WWW-Authenticate: Bearer`), with a wrong one (403) and with the right one (204, and a following query sees
the change). The token never appears in an answer or the access log, in the app and under `alliance-kg serve`.
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from alliance_kg.store.local import current_store_path

TOKEN = "t0ken-5f3a9c_Zq-81"  # like secrets.token_urlsafe()
ASK_MARK = "ASK { <http://example.org/mark-%s> <http://example.org/p> ?o }"
INSERT_MARK = "INSERT DATA { <http://example.org/mark-%s> <http://example.org/p> 'written' }"
REPOSITORY = Path(__file__).resolve().parent.parent


def copy_data(built_graph, target: Path) -> Path:
    data_dir, _ = built_graph
    shutil.copytree(data_dir, target, symlinks=True)
    return target


@pytest.fixture
def writable_app(built_graph, tmp_path):
    from alliance_kg.server import create_app

    data_dir = copy_data(built_graph, tmp_path / "data")
    return create_app({"STORE_PATH": str(current_store_path(data_dir)), "UPDATE_TOKEN": TOKEN})


def send_update(client, how: str, text: str, authorization: str | None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    if how == "direct":
        return client.post("/sparql", data=text.encode(), content_type="application/sparql-update", headers=headers)
    return client.post("/sparql", data={"update": text}, headers=headers)


def asks(client, query: str) -> bool:
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.data
    return response.get_json()["boolean"]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["direct", "form"])
def test_each_write_path_needs_the_right_token(writable_app, how):
    client = writable_app.test_client()
    mark = how
    refused = send_update(client, how, INSERT_MARK % mark, None)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in refused.get_data(as_text=True)
    for wrong in ("Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer", TOKEN, "Bearer Ünï\u20ac"):
        answer = send_update(client, how, INSERT_MARK % mark, wrong)
        assert answer.status_code in (401, 403), (wrong, answer.status_code)
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert send_update(client, how, INSERT_MARK % mark, "Bearer wrong").status_code == 403
    assert not asks(client, ASK_MARK % mark), "a refused update wrote nothing"

    accepted = send_update(client, how, INSERT_MARK % mark, f"Bearer {TOKEN}")
    assert accepted.status_code == 204, accepted.data
    assert asks(client, ASK_MARK % mark), "the update is visible to the next query"


@pytest.mark.slow
def test_the_token_is_compared_in_constant_time(writable_app, monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    client = writable_app.test_client()
    assert send_update(client, "direct", INSERT_MARK % "ct", "Bearer nope").status_code == 403
    assert calls == [(b"nope", TOKEN.encode())]


def test_read_only_by_default(graph_app):
    client = graph_app.test_client()
    for response in (
        client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update"),
        client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": f"Bearer {TOKEN}"}),
        client.get("/sparql?update=CLEAR%20ALL"),
    ):
        assert response.status_code == 403
        assert "read-only" in response.get_data(as_text=True)
        assert "UPDATE_TOKEN" in response.get_data(as_text=True)
    assert asks(client, "ASK { ?s ?p ?o }"), "nothing was cleared"


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "load silent <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
        "# comment\nLOAD <http://127.0.0.1:1/x>",
        "INSERT DATA { <http://a> <http://b> 'c' } ; \\u004cOAD <http://example.org/x>",
    ],
)
@pytest.mark.slow
def test_load_is_refused_even_with_the_token(writable_app, update):
    response = send_update(writable_app.test_client(), "form", update, f"Bearer {TOKEN}")
    assert response.status_code == 403
    assert "LOAD is refused" in response.get_data(as_text=True)


@pytest.mark.slow
def test_the_word_load_in_data_is_not_a_load(writable_app):
    client = writable_app.test_client()
    update = "INSERT DATA { <http://example.org/load> <http://example.org/p> 'LOAD <http://x/>' }"
    assert send_update(client, "direct", update, f"Bearer {TOKEN}").status_code == 204
    assert asks(client, "ASK { <http://example.org/load> ?p 'LOAD <http://x/>' }")


@pytest.mark.slow
def test_clear_all_is_allowed_to_the_token_holder(writable_app):
    client = writable_app.test_client()
    assert asks(client, "ASK { ?s ?p ?o }")
    assert send_update(client, "direct", "CLEAR ALL", f"Bearer {TOKEN}").status_code == 204
    assert not asks(client, "ASK { ?s ?p ?o }")
    assert writable_app.test_client().get("/healthz").get_json()["quads"] == 0


@pytest.mark.slow
def test_bad_updates_are_client_errors(writable_app):
    client = writable_app.test_client()
    for text, status in (("INSERT DATA {", 400), ("", 400), ("SERVICE", 400)):
        response = send_update(client, "direct", text, f"Bearer {TOKEN}")
        assert response.status_code == status, (text, response.data)
    get = client.get(
        "/sparql", query_string={"update": INSERT_MARK % "get"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert get.status_code == 403 and "POST" in get.get_data(as_text=True)


@pytest.mark.slow
def test_the_token_is_never_in_an_answer_or_the_log(writable_app, caplog):
    client = writable_app.test_client()
    with caplog.at_level(logging.INFO, logger="alliance_kg.access"):
        bodies = [
            send_update(client, "direct", INSERT_MARK % "log", f"Bearer {TOKEN}x").get_data(as_text=True),
            send_update(client, "form", INSERT_MARK % "log", f"Bearer {TOKEN}").get_data(as_text=True),
            send_update(client, "form", "LOAD <http://x/>", f"Bearer {TOKEN}").get_data(as_text=True),
        ]
    assert len(caplog.records) == 3
    everything = "\n".join(bodies + [r.getMessage() for r in caplog.records])
    assert TOKEN not in everything
    assert "mark-log" not in everything, "nor the update text"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            if http(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.mark.slow  # starts alliance-kg serve
def test_serve_with_the_token_runs_one_worker_and_never_logs_the_token(built_graph, tmp_path):
    data_dir = copy_data(built_graph, tmp_path / "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    environment = {**os.environ, "ALLIANCE_KG_UPDATE_TOKEN": TOKEN}
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "alliance_kg",
                "--data-dir",
                str(data_dir),
                "serve",
                "--port",
                str(port),
                "--workers",
                "3",
            ],
            cwd=REPOSITORY,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"{base}/healthz", server)
        health = http(f"{base}/healthz")[1]
        assert b'"writable":true' in health
        insert = (INSERT_MARK % "served").encode()
        kind = {"Content-Type": "application/sparql-update"}
        assert http(f"{base}/sparql", insert, kind)[0] == 401
        assert http(f"{base}/sparql", insert, {**kind, "Authorization": "Bearer nope"})[0] == 403
        assert http(f"{base}/sparql", insert, {**kind, "Authorization": f"Bearer {TOKEN}"})[0] == 204
        query = urllib.parse.urlencode({"query": ASK_MARK % "served"})
        status, body = http(f"{base}/sparql?{query}", headers={"Accept": "application/sparql-results+json"})
        assert (status, b"true" in body) == (200, True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    output = log.read_text()
    assert "serving with 1 worker, not 3" in output
    assert '"route": "/sparql"' in output and '"query_hash"' in output, output[-2000:]
    assert TOKEN not in output and "mark-served" not in output, "no token and no query text in the log"
