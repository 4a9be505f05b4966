"""Requests that used to slip past a limit or end in a 500 (issue 15, the low items): a chunked body over
MAX_CONTENT_LENGTH, a form field over MAX_FORM_MEMORY_SIZE, a form not in UTF-8, a body the WSGI server cannot read,
method names that grew the metrics, a 404 that echoes input without nosniff, /metrics for everyone, and /dumps when
the remote store does not answer.

Chunked bodies are given as a WSGI server that reads chunked encoding gives them (`wsgi.input_terminated`, no
Content-Length): gunicorn does so; tests/test_front.py sends the same over a real socket.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time

import pytest
from alliance_kg.server import create_app
from alliance_kg.server.state import state
from flask import Flask, Response
from pyoxigraph import Store
from werkzeug.test import EnvironBuilder

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def app():
    return create_app({"STORE": Store(), "METRICS_CLIENTS": ["127.0.0.0/8"]})


class Unreadable(io.RawIOBase):
    """A body whose reading fails as gunicorn's does for a chunk of size -5 (with its own exception)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        from gunicorn.http.errors import InvalidChunkSize

        raise InvalidChunkSize(b"-5")


def call(app, body: bytes | io.RawIOBase, content_type: str) -> tuple[int, str, dict[str, str]]:
    """POST /sparql with a body sent chunked (no Content-Length)."""
    environ = EnvironBuilder(path="/sparql", method="POST", content_type=content_type).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input_terminated"] = True
    environ["wsgi.input"] = io.BufferedReader(body) if isinstance(body, io.RawIOBase) else io.BytesIO(body)
    answered: dict = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(headers)

    text = b"".join(app(environ, start_response)).decode()
    return int(answered["status"].split()[0]), text, answered["headers"]


def test_a_chunked_body_over_max_content_length_is_413_not_cut_and_run(app):
    status, text, headers = call(app, b"ASK {} #" + b"x" * (2 * 2**20), "application/sparql-query")
    assert status == 413 and "(MAX_CONTENT_LENGTH)" in text
    assert headers.get("Connection") == "close"


def test_a_form_field_over_max_form_memory_size_is_413_also_when_chunked(app):
    status, text, _ = call(app, b"query=ASK%7B%7D&padding=" + b"x" * 600_000, FORM)
    assert status == 413 and "(MAX_FORM_MEMORY_SIZE)" in text
    response = app.test_client().post("/sparql", data={"query": "ASK {}", "padding": "x" * 600_000})
    assert response.status_code == 413 and "(MAX_FORM_MEMORY_SIZE)" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"query=ASK%7B%7D&x=\xff\xfe", b"query=ASK%7B%7D&x=%FF", b"quer\xffy=ASK%7B%7D"])
def test_a_form_body_not_in_utf8_is_400_not_the_service_description(app, body):
    response = app.test_client().post("/sparql", data=body, content_type=FORM)
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)


def test_a_body_the_server_cannot_read_is_400(app):
    status, text, _ = call(app, Unreadable(), "application/sparql-query")
    assert status == 400 and "could not be read" in text and "-5" in text


def test_made_up_method_names_do_not_grow_the_metrics(app):
    client = app.test_client()
    for n in range(300):
        assert client.open("/sparql", method=f"X{n}").status_code == 405
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="other"' in text
    assert "X17" not in text and text.count("alliance_kg_http_requests_total{") < 20


def test_a_404_that_echoes_input_is_never_sniffed(app):
    response = app.test_client().get("/api/queries/<script>alert(1)</script>")
    assert response.status_code == 404 and response.content_type.startswith("text/plain")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    answer = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_metrics_are_open_only_to_the_configured_clients(app):
    assert app.test_client().get("/metrics").status_code == 200  # 127.0.0.1
    elsewhere = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert elsewhere.status_code == 403 and "METRICS_CLIENTS" in elsewhere.get_data(as_text=True)
    with pytest.raises(ValueError, match="METRICS_CLIENTS"):
        create_app({"STORE": Store(), "METRICS_CLIENTS": "10.0.0.0/33"})


@pytest.mark.slow
def test_dumps_of_a_remote_store_that_does_not_answer_are_503():
    """The remote backend timed out while the dump was read: that was a 500."""
    from live_server import live_server

    release = threading.Event()
    silent = Flask(__name__)

    @silent.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        release.wait(10)
        return Response("{}", mimetype="application/sparql-results+json")

    try:
        with live_server(silent) as url:
            app = create_app({"BACKEND": "sparql", "SPARQL_QUERY_URL": f"{url}/sparql", "QUERY_TIMEOUT": 1})
            started = time.monotonic()
            response = app.test_client().get("/dumps/alliance-kg.nq.gz")
            assert response.status_code == 503 and response.headers["Retry-After"] == "5"
            assert "try again" in response.get_data(as_text=True)
            assert time.monotonic() - started < 8
            state(app).executor.close()
    finally:
        release.set()


def test_a_query_that_waits_goes_before_a_newcomer():
    """A client retrying at once took each query process as it was given back, ahead of queries that had waited for
    it: other clients' cheap queries then waited out QUEUE_TIMEOUT (503) under a mixed load (tests/test_load.py)."""
    from alliance_kg.server.admission import Admission

    admission = Admission(slots=1, per_client=1, queue_timeout=5)
    order: list[str] = []

    def hold(client: str) -> None:
        with admission.enter(client):
            order.append(client)
            time.sleep(0.2)

    with contextlib.ExitStack() as first:
        first.enter_context(admission.enter("192.0.2.1"))
        waiting = threading.Thread(target=hold, args=("192.0.2.2",))
        waiting.start()
        deadline = time.monotonic() + 5
        while admission.stats()["waiting"] == 0:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    hold("192.0.2.3")  # a newcomer, at once, from the thread that gave the slot back
    waiting.join(5)
    assert order == ["192.0.2.2", "192.0.2.3"]


def test_the_service_names_its_public_url_whatever_host_a_request_carries():
    """Behind a TLS proxy the service must name the URL it is reached at, not the Host a client made up."""
    public = create_app({"STORE": Store(), "PUBLIC_URL": "https://sparql.example.org/"})
    answer = public.test_client().get("/sparql", headers={"Accept": "text/turtle", "Host": "attacker.example"})
    description = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<https://sparql.example.org/sparql>" in description
    assert "attacker.example" not in description
    plain = create_app({"STORE": Store()}).test_client().get("/sparql", headers={"Accept": "text/turtle"})
    assert "<http://localhost/sparql>" in plain.get_data(as_text=True)
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app({"STORE": Store(), "PUBLIC_URL": "sparql.example.org"})
