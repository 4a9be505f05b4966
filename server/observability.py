"""Access log, health check and metrics: what an operator sees of a running app.

- The access log: one JSON line per request on the logger `alliance_kg.access` (method, route, path, status,
  duration_ms, bytes, remote, and for queries `query_hash`, the first 16 hex digits of the SHA-256 of the query
  text, and `outcome`). Never the query text (unless `LOG_QUERY_TEXT`), a header (so never a token) or the query
  string. The app only emits; whoever runs it decides where lines go (`alliance-kg serve`: stderr).
- `/healthz`: JSON with the store's state, quad count and build id; `503` when the store cannot be read.
- `/metrics`: Prometheus text exposition of the app's own registry (server/metrics.py); under gunicorn each worker
  has its own, and `alliance_kg_worker_info` names the pid that answered. Open to everyone unless
  `METRICS_CLIENTS` names the networks that may read it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import time
from collections.abc import Iterable
from typing import Any

from alliance_kg.server import protocol
from alliance_kg.server.state import state
from flask import Flask, Response, current_app, g, jsonify, request
from prometheus_client import generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from werkzeug.exceptions import Forbidden

ACCESS_LOGGER = "alliance_kg.access"
METRICS_CLIENTS = "METRICS_CLIENTS"
QUERY_ROUTES = {"/sparql", "/api/queries/<name>"}


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def note_query(hash_: str | None = None, outcome: str | None = None) -> None:
    """Tell the access log this request's query hash and how its query ended, when they are known without reading
    the query again: a cache hit answers before the query string is parsed, and parsing it only for the log would
    cost more than the answer."""
    if hash_ is not None:
        g.query_hash = hash_
    if outcome is not None:
        g.query_outcome = outcome


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _query_text() -> str | None:
    """The query (or update) text of this request, if it has one."""
    route = _route()
    if route == "/api/queries/<name>":
        query = state().catalogue.get((request.view_args or {}).get("name", ""))
        return None if query is None else query.text
    return protocol.sent_text() if route == "/sparql" else None


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
    metrics = state().metrics
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
    log_text = current_app.config.get("LOG_QUERY_TEXT")
    if route in QUERY_ROUTES and (hash_ is None or log_text):
        try:
            text = _query_text()
        except Exception:  # an unreadable body (too large, cut off) has no hash; the request is answered anyway
            text = None
        if text is not None and hash_ is None:
            hash_ = query_hash(text)
    if hash_ is not None:
        entry["query_hash"] = hash_
        if text is not None and log_text:
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
    try:
        is_update = protocol.is_update()
    except Exception:  # a form body that could not be read
        is_update = False
    if is_update:
        return {204: "update", 200: "update", 401: "unauthorized"}.get(status, "refused")
    if status in (200, 304):  # answered without evaluation: from the answer cache
        return "cached"
    return "refused" if status >= 400 else None


def healthz() -> tuple[Response, int]:
    """The store's state: `503` when it cannot be read, or when the query processes cannot open it."""
    app_state = state()
    try:
        quads = app_state.quads()
    except Exception as error:  # whatever the store raises, the answer is that it cannot be read
        return jsonify({"status": "unavailable", "store": "unreadable", "error": str(error)}), 503
    health: dict[str, Any] = {
        "status": "ok",
        "store": "open",
        "quads": quads,
        "build": app_state.build_id(),
        "writable": app_state.writable,
    }
    if app_state.writable:
        health["updates"] = app_state.executor.generation  # type: ignore[attr-defined]  # applied since the start
    problem = getattr(app_state.executor, "problem", None)
    if problem:
        health.update(status="unavailable", store="cannot be opened by the query processes", error=problem)
        return jsonify(health), 503
    return jsonify(health), 200


def metrics() -> Response:
    """The Prometheus exposition, to the clients of METRICS_CLIENTS only (everyone by default)."""
    address = request.remote_addr or ""
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        client = None
    if client is None or not any(client in network for network in current_app.extensions[METRICS_CLIENTS]):
        raise Forbidden(f"/metrics is open only to the clients of METRICS_CLIENTS, and {address or 'you'} is not one")
    return Response(generate_latest(state().metrics.registry), content_type=CONTENT_TYPE_PLAIN_0_0_4)


def metrics_clients(configured: str | Iterable[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of METRICS_CLIENTS (a string of entries separated by spaces or commas, or a list)."""
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    try:
        return tuple(ipaddress.ip_network(str(entry).strip(), strict=False) for entry in configured)
    except ValueError as error:
        raise ValueError(f"METRICS_CLIENTS: {error} (list networks such as 10.0.0.0/8 or addresses)") from error


def init_app(app: Flask) -> None:
    """The clock starts before every other hook and the line is written after them (register this first)."""
    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.extensions[METRICS_CLIENTS] = metrics_clients(app.config["METRICS_CLIENTS"])  # a bad entry stops the start
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
