"""Access log, health check and metrics.

- The access log: one JSON line per request on the logger `alliance_kg.access` (method, route, path, status,
  duration_ms, bytes, remote, and for queries `query_hash`, the first 16 hex digits of the SHA-256 of the query
  text). Never the query text (unless `LOG_QUERY_TEXT`), never a header (so never a token), never the query
  string. The app only emits; whoever runs it decides where lines go (`alliance-kg serve` sends them to stderr).
- `/healthz`: JSON with the store's state, quad count and build id; `503` when the store cannot be read.
- `/metrics`: Prometheus text exposition from a registry of this app's own (no global state): requests by
  route and status, a latency histogram by route, queries by outcome, the store's quads, and this process's
  CPU and memory. Under gunicorn each worker process has its own app and so its own numbers: a scrape is
  answered by whichever worker takes it (`alliance_kg_worker_info` names its pid).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from typing import Any

from alliance_kg.server.executor import QueryBusy, QueryCrashed, QueryRejected, QueryTimeout
from flask import Flask, Response, current_app, g, jsonify, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

ACCESS_LOGGER = "alliance_kg.access"
QUERY_ROUTES = {"/sparql", "/api/queries/<name>"}
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """The app's metrics, in a registry of its own."""

    def __init__(self, app: Flask) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "alliance_kg_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "alliance_kg_http_request_duration_seconds",
            "time from request to response (the body of a streamed answer excluded)",
            ["route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.queries = Counter(
            "alliance_kg_queries",
            "queries by outcome: ok, capped (cut at MAX_ROWS), syntax_error, rejected (cannot be evaluated), "
            "refused (a limit or policy before evaluation), cached (answered from the answer cache), timeout, busy, "
            "crashed, update, unauthorized",
            ["outcome"],
            registry=self.registry,
        )
        store_quads = Gauge("alliance_kg_store_quads", "quads in the served store", registry=self.registry)
        store_quads.set_function(lambda: len(app.extensions["alliance_kg.store"]))
        worker = Gauge("alliance_kg_worker_info", "the process answering this scrape", ["pid"], registry=self.registry)
        worker.labels(pid=str(os.getpid())).set(1)
        ProcessCollector(registry=self.registry)
        self._request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._query_children: dict[str, Any] = {}

    def count_request(self, method: str, route: str, status: int, duration: float) -> None:
        # The labelled children are looked up once per label set: `labels()` validates its arguments each call,
        # a cost paid on every request otherwise.
        key = (method, route, status)
        children = self._request_children.get(key)
        if children is None:
            children = (self.requests.labels(method, route, str(status)), self.latency.labels(route))
            self._request_children[key] = children
        children[0].inc()
        children[1].observe(duration)

    def count_query(self, outcome: str) -> None:
        child = self._query_children.get(outcome)
        if child is None:
            child = self._query_children[outcome] = self.queries.labels(outcome)
        child.inc()


class InstrumentedExecutor:
    """Wraps the app's executor to count queries by how their evaluation ended."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def run(self, job):
        outcome = "crashed"
        try:
            answer = self.inner.run(job)
            outcome = "capped" if answer.capped else "ok"
            return answer
        except QueryRejected as error:
            outcome = "syntax_error" if error.syntax else "rejected"
            raise
        except QueryTimeout:
            outcome = "timeout"
            raise
        except QueryBusy:
            outcome = "busy"
            raise
        except QueryCrashed:
            outcome = "crashed"
            raise
        finally:
            g.query_outcome = outcome

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def query_text() -> str | None:
    """The query (or update) text of this request, if it has one and it was already read."""
    route = _route()
    if route == "/api/queries/<name>":
        query = current_app.extensions.get("alliance_kg.catalogue", {}).get((request.view_args or {}).get("name"))
        return None if query is None else query.text
    if route != "/sparql":
        return None
    for key in ("query", "update"):
        if key in request.args:
            return request.args.get(key)
    if request.method == "POST":
        if request.mimetype in ("application/sparql-query", "application/sparql-update"):
            data = request.get_data(cache=True, parse_form_data=False)
            return data.decode("utf-8", "replace")
        if request.mimetype == "application/x-www-form-urlencoded":
            for key in ("query", "update"):
                if key in request.form:
                    return request.form.get(key)
    return None


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def note_query(hash_: str, outcome: str | None = None) -> None:
    """Tell the access log this request's query hash (and outcome) when it is known without reading the query
    again: a cache hit (server/cache.py) answers before the query string is parsed, and parsing it only for the
    log would cost more than the answer."""
    g.query_hash = hash_
    if outcome is not None:
        g.query_outcome = outcome


def _start() -> None:
    g.request_started = time.perf_counter()


class _Clock:
    """The access log's timestamp, formatted once per second rather than once per request."""

    def __init__(self) -> None:
        self.second = -1
        self.text = ""

    def now(self) -> str:
        second = int(time.time())
        if second != self.second:
            self.text = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(second))
            self.second = second
        return self.text


_clock = _Clock()
_access_log = logging.getLogger(ACCESS_LOGGER)


def _finish(response: Response) -> Response:
    started = g.pop("request_started", None)
    duration = time.perf_counter() - started if started is not None else 0.0
    req = request._get_current_object()  # type: ignore[attr-defined]  # the proxy, resolved once
    route = _route()
    method = req.method
    status = response.status_code
    metrics: Metrics = current_app.extensions["alliance_kg.metrics"]
    metrics.count_request(method, route, status, duration)
    entry: dict[str, Any] = {
        "time": _clock.now(),
        "method": method,
        "route": route,
        "path": req.path,
        "status": status,
        "duration_ms": round(duration * 1000, 3),
        "bytes": response.calculate_content_length(),
        "remote": req.remote_addr,
    }
    hash_ = g.pop("query_hash", None)
    text = None
    if route in QUERY_ROUTES and (hash_ is None or current_app.config.get("LOG_QUERY_TEXT")):
        try:
            text = query_text()
        except Exception:  # an unreadable body (too large, cut off) has no hash; the request is answered anyway
            text = None
        if text is not None and hash_ is None:
            hash_ = query_hash(text)
    if hash_ is not None:
        entry["query_hash"] = hash_
        if text is not None and current_app.config.get("LOG_QUERY_TEXT"):
            entry["query"] = text
        outcome = g.pop("query_outcome", None)
        if outcome is None and method not in ("OPTIONS", "HEAD"):
            outcome = _outcome_without_evaluation(status)
        if outcome is not None:
            entry["outcome"] = outcome
            metrics.count_query(outcome)
    if _access_log.isEnabledFor(logging.INFO):
        _access_log.info(json.dumps(entry, ensure_ascii=False))
    return response


def _outcome_without_evaluation(status: int) -> str | None:
    from alliance_kg.server.update import is_update_request

    try:
        is_update = is_update_request()
    except Exception:  # a form body that could not be read
        is_update = False
    if is_update:
        return {204: "update", 200: "update", 401: "unauthorized"}.get(status, "refused")
    if status in (200, 304):  # answered without evaluation: from the answer cache (server/cache.py)
        return "cached"
    return "refused" if status >= 400 else None


def healthz() -> tuple[Response, int]:
    from alliance_kg.server.dumps import build_id

    try:
        quads = len(current_app.extensions["alliance_kg.store"])
    except Exception as error:  # whatever the store raises, the answer is that it cannot be read
        return jsonify({"status": "unavailable", "store": "unreadable", "error": str(error)}), 503
    return jsonify(
        {
            "status": "ok",
            "store": "open",
            "quads": quads,
            "build": build_id(),
            "writable": bool(current_app.config.get("UPDATE_TOKEN")),
        }
    ), 200


def metrics() -> Response:
    registry = current_app.extensions["alliance_kg.metrics"].registry
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_PLAIN_0_0_4)  # the classic text format


def init_app(app: Flask) -> None:
    app.extensions["alliance_kg.metrics"] = Metrics(app)
    app.extensions["alliance_kg.executor"] = InstrumentedExecutor(app.extensions["alliance_kg.executor"])
    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])


def configure_access_log(stream=None) -> None:
    """Send the access log's lines, as they are, to `stream` (stderr by default); for the server commands."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(getattr(h, "alliance_kg", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.alliance_kg = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
