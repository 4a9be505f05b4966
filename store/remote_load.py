"""Loading a build into a remote SPARQL store (Virtuoso, Fuseki, GraphDB, QLever, Neptune …) through SPARQL Update.

The new build is staged under other graph names, counted against what was sent, and only then switched into place
(`load_remote`); the previous build keeps serving until then, and a failed load changes nothing readers see. The
steps and why they are so are in docs/design/server.md.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from alliance_kg.store.remote import (
    BACKEND_NS,
    MANIFEST_GRAPH,
    STAGING_PREFIX,
    UNION_GRAPH,
    Endpoint,
    RemoteStore,
)
from pyoxigraph import BlankNode, DefaultGraph, Quad, Triple

BATCH_TRIPLES = 500  # triples per INSERT operation
REQUEST_TRIPLES = 2_000  # triples per update request
SWITCH_OPERATIONS = 50  # operations per request (Virtuoso compiles a request into one SQL text of limited size)


class RemoteLoadError(Exception):
    """The staged build does not match what was sent; nothing was switched."""


@dataclass
class RemoteLoad:
    build_id: str
    graphs: dict[str, int] = field(default_factory=dict)  # graph -> triples
    union_triples: int = 0
    previous_build: str | None = None
    dropped: list[str] = field(default_factory=list)  # graphs of the previous build that the new one lacks
    load_seconds: float = 0.0
    switch_seconds: float = 0.0


def new_build_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"


def load_remote(
    endpoint: Endpoint, quads: Iterable[Quad], build_id: str | None = None, progress: Callable[[str], None] = print
) -> RemoteLoad:
    """Load the named-graph `quads` of a build into the store and make it the current build there."""
    build_id = build_id or new_build_id()
    store = RemoteStore(endpoint, timeout=3600, manifest_ttl=0)
    by_graph: dict[str, dict[Triple, None]] = defaultdict(dict)
    for quad in quads:
        if isinstance(quad.graph_name, DefaultGraph):
            continue  # the default graph is made on the store, as the union of the named graphs
        by_graph[quad.graph_name.value][quad.triple] = None
    report = RemoteLoad(build_id, graphs={g: len(t) for g, t in sorted(by_graph.items())})
    report.union_triples = len({t for triples in by_graph.values() for t in triples})
    report.previous_build, previous_graphs = store.manifest()

    stage = {graph: f"{STAGING_PREFIX}{build_id}:{n}" for n, graph in enumerate(report.graphs)}
    stage_union = f"{STAGING_PREFIX}{build_id}:union"
    stage_manifest = f"{STAGING_PREFIX}{build_id}:manifest"
    started = time.perf_counter()
    _drop_leftovers(store, endpoint)
    progress(f"loading {sum(report.graphs.values())} triples in {len(stage)} graphs into staging graphs")
    operations = [
        (len(batch), _insert(stage[graph], batch))
        for graph, triples in by_graph.items()
        for batch in _batches(list(triples))
    ]
    manifest = [
        f"<{MANIFEST_GRAPH}> <{BACKEND_NS}build> {_string(build_id)} .",
        *(f"<{MANIFEST_GRAPH}> <{BACKEND_NS}graph> <{graph}> ." for graph in report.graphs),
    ]
    operations.append((len(manifest), f"INSERT DATA {{ GRAPH <{stage_manifest}> {{ {' '.join(manifest)} }} }}"))
    _send(endpoint, operations)
    _send(endpoint, [(1, f"ADD SILENT <{stage[graph]}> TO <{stage_union}>") for graph in report.graphs])

    progress("checking the staged graphs")
    expected = {stage[g]: n for g, n in report.graphs.items()} | {
        stage_union: report.union_triples,
        stage_manifest: len(manifest),
    }
    found = _staged_counts(store, build_id)
    wrong = {
        g: (expected.get(g, 0), found.get(g, 0))
        for g in expected.keys() | found.keys()
        if expected.get(g, 0) != found.get(g, 0)
    }
    if wrong:
        _drop(endpoint, list(expected))
        details = "; ".join(f"{g}: sent {a}, stored {b}" for g, (a, b) in sorted(wrong.items())[:10])
        raise RemoteLoadError(f"the store does not hold what was sent ({details}); the previous build still serves")
    report.load_seconds = time.perf_counter() - started

    progress(f"switching to build {build_id}" + (f" (was {report.previous_build})" if report.previous_build else ""))
    report.dropped = sorted(set(previous_graphs) - set(report.graphs))
    switch = [f"MOVE SILENT <{stage[g]}> TO <{g}>" for g in report.graphs]
    switch += [f"DROP SILENT GRAPH <{g}>" for g in report.dropped]
    switch += [
        f"MOVE SILENT <{stage_union}> TO <{UNION_GRAPH}>",
        f"MOVE SILENT <{stage_manifest}> TO <{MANIFEST_GRAPH}>",
    ]
    started = time.perf_counter()
    endpoint.update(  # committed before anything moves: readers retry until the new manifest is in place
        f"INSERT DATA {{ GRAPH <{MANIFEST_GRAPH}> {{ <{MANIFEST_GRAPH}> <{BACKEND_NS}switchingTo> {_string(build_id)} }} }}"
    )
    _send(endpoint, [(1, operation) for operation in switch], per_request=SWITCH_OPERATIONS)
    report.switch_seconds = time.perf_counter() - started
    return report


def _batches(triples: list[Triple]) -> list[list[Triple]]:
    """Batches of about BATCH_TRIPLES; every triple that mentions a given blank node lands in the same batch."""
    parent: dict[BlankNode, BlankNode] = {}

    def root(node: BlankNode) -> BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        nodes = [t for t in (triple.subject, triple.object) if isinstance(t, BlankNode)]
        for node in nodes[1:]:
            parent[root(node)] = root(nodes[0])
        if nodes:
            root(nodes[0])
    groups: dict[object, list[Triple]] = defaultdict(list)
    for n, triple in enumerate(triples):
        nodes = [t for t in (triple.subject, triple.object) if isinstance(t, BlankNode)]
        groups[root(nodes[0]) if nodes else n].append(triple)
    batches: list[list[Triple]] = [[]]
    for group in groups.values():
        if batches[-1] and len(batches[-1]) + len(group) > BATCH_TRIPLES:
            batches.append([])
        batches[-1].extend(group)
    return [b for b in batches if b]


def _insert(graph: str, triples: list[Triple]) -> str:
    body = " ".join(f"{t} ." for t in triples)
    if any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in triples):
        return f"INSERT {{ GRAPH <{graph}> {{ {body} }} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}"


def _send(endpoint: Endpoint, operations: list[tuple[int, str]], per_request: int = REQUEST_TRIPLES) -> None:
    request: list[str] = []
    size = 0
    for weight, operation in operations:
        if request and (size + weight > per_request or len(request) >= SWITCH_OPERATIONS):
            endpoint.update(" ;\n".join(request))
            request, size = [], 0
        request.append(operation)
        size += weight
    if request:
        endpoint.update(" ;\n".join(request))


def _staged_counts(store: RemoteStore, build_id: str) -> dict[str, int]:
    prefix = f"{STAGING_PREFIX}{build_id}:"
    rows = store._select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {_string(prefix)})) }} "
        "GROUP BY ?g",
        dataset=[],
    )
    return {row[0].value: int(row[1].value) for row in rows}


def _drop_leftovers(store: RemoteStore, endpoint: Endpoint) -> None:
    """Staging graphs of builds that were killed before their switch."""
    rows = store._select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {_string(STAGING_PREFIX)})) }}",
        dataset=[],
    )
    _drop(endpoint, [row[0].value for row in rows])


def _drop(endpoint: Endpoint, graphs: list[str]) -> None:
    if graphs:
        endpoint.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
