"""The app's Prometheus metrics, in a registry of its own (no global state): requests by route and status, latency
by route, queries by outcome, evaluations running and waiting for a query process, the store's quads, and this
process's CPU and memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"})
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """The app's metrics; when a scrape asks, `quads` counts the served store's quads and `admission` says how many
    evaluations run and wait (server/admission.py's `stats`)."""

    def __init__(self, quads: Callable[[], int], admission: Callable[[], Mapping[str, int]]) -> None:
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
        store_quads.set_function(quads)
        # What queries are running and queued now, in this worker: the queue filling is what precedes 503s.
        running = Gauge("alliance_kg_queries_running", "query evaluations running now", registry=self.registry)
        running.set_function(lambda: admission()["running"])
        waiting = Gauge(
            "alliance_kg_queries_waiting", "queries waiting for a query process now", registry=self.registry
        )
        waiting.set_function(lambda: admission()["waiting"])
        worker = Gauge("alliance_kg_worker_info", "the process answering this scrape", ["pid"], registry=self.registry)
        worker.labels(pid=str(os.getpid())).set(1)
        ProcessCollector(registry=self.registry)
        self._request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._query_children: dict[str, Any] = {}

    def count_request(self, method: str, route: str, status: int, duration: float) -> None:
        # The labelled children are looked up once per label set: `labels()` validates its arguments each call,
        # a cost paid on every request otherwise. A method name a client made up is counted as "other": the label
        # sets stay as few as the routes and statuses (a client cannot grow the registry).
        if method not in METHODS:
            method = "other"
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
