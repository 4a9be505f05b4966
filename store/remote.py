"""A remote store: any SPARQL 1.1 endpoint in place of the embedded pyoxigraph store.

`RemoteStore` offers the part of `pyoxigraph.Store` that the server reads through (`query`, `quads_for_pattern`,
`len()`, iteration) over the dataset of the current build (store/remote_load.py writes it), and re-runs a query
that overlapped a build's switch. How the dataset is laid out and kept consistent is in docs/design/server.md.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from alliance_kg.store.errors import BackendUnavailable, QueryTimeout
from alliance_kg.store.sparql_text import code, query_form, substitute
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, Variable, parse

MANIFEST_GRAPH = "urn:alliance-kg:manifest"  # the current build: its id and the names of its graphs
UNION_GRAPH = "urn:alliance-kg:union"  # the default graph: the RDF merge of the build's named graphs
EMPTY_GRAPH = "urn:alliance-kg:empty"  # never written: names an empty default graph or an empty set of named graphs
STAGING_PREFIX = "urn:alliance-kg:staging:"  # graphs of a build being loaded (store/remote_load.py)
BACKEND_NS = "urn:alliance-kg:backend#"
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

_FROM = re.compile(r"\bFROM\b", re.I)
_VIRTUOSO_BNODE = "nodeID://"
# Virtuoso echoes every named-graph-uri as a response header (X-SPARQL-named-graph), one per graph of the build;
# the standard library stops at 100 headers. Raised when an Endpoint is made (not at import): only a process that
# talks to a remote store has it raised.
MAX_RESPONSE_HEADERS = 1_000_000


@dataclass
class Endpoint:
    """Where and how to reach the store: the query URL, the update URL, optional HTTP credentials."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None  # not needed: loads go through SPARQL Update (kept for the record)
    user: str | None = None
    password: str | None = None
    _opener: Any = field(default=None, repr=False)
    dialect: str | None = None  # "virtuoso" once a response says so (blank nodes can then be named)

    def __post_init__(self) -> None:
        http.client._MAXHEADERS = max(http.client._MAXHEADERS, MAX_RESPONSE_HEADERS)  # type: ignore[attr-defined]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Endpoint:
        if not config.get("SPARQL_QUERY_URL"):
            raise ValueError(
                "BACKEND 'sparql' needs SPARQL_QUERY_URL (or ALLIANCE_KG_SPARQL_QUERY_URL / --query-url): "
                "the URL of the store's SPARQL query endpoint"
            )
        return cls(
            query_url=config["SPARQL_QUERY_URL"],
            update_url=config.get("SPARQL_UPDATE_URL") or None,
            graph_store_url=config.get("SPARQL_GRAPH_STORE_URL") or None,
            user=config.get("SPARQL_USER") or None,
            password=config.get("SPARQL_PASSWORD") or None,
        )

    def opener(self) -> urllib.request.OpenerDirector:
        if self._opener is None:
            handlers: list[Any] = []
            if self.user:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                for url in filter(None, (self.query_url, self.update_url, self.graph_store_url)):
                    passwords.add_password(None, url, self.user, self.password or "")
                handlers += [
                    urllib.request.HTTPDigestAuthHandler(passwords),
                    urllib.request.HTTPBasicAuthHandler(passwords),
                ]
            self._opener = urllib.request.build_opener(*handlers)
        return self._opener

    def post(self, url: str, fields: list[tuple[str, str]], accept: str, timeout: float):
        """POST form fields; returns the open response. Raises SyntaxError (4xx, with the endpoint's message),
        QueryTimeout, or BackendUnavailable."""
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(
            url, data=body, headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        )
        try:
            response = self.opener().open(request, timeout=max(timeout, 0.001))
        except urllib.error.HTTPError as error:
            message = _message(error.read().decode("utf-8", "replace"))
            if 400 <= error.code < 500 and error.code not in (401, 403, 407, 408, 429):
                raise SyntaxError(message) from None
            if error.code >= 500 and _timed_out(message):  # over the store's own time limits
                raise QueryTimeout from None
            raise BackendUnavailable(f"the SPARQL store at {url} answered {error.code}: {message}") from None
        except TimeoutError as error:
            raise QueryTimeout from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise QueryTimeout from error
            raise BackendUnavailable(f"the SPARQL store at {url} cannot be reached: {error.reason}") from None
        if self.dialect is None:
            self.dialect = "virtuoso" if "virtuoso" in response.headers.get("Server", "").lower() else "generic"
        if response.headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's "anytime" partial answer
            response.close()
            raise QueryTimeout
        return response

    def update(self, text: str, timeout: float = 3600) -> None:
        if not self.update_url:
            raise ValueError("building into a SPARQL store needs SPARQL_UPDATE_URL (--update-url)")
        try:
            self.post(self.update_url, [("update", text)], "*/*", timeout).read()
        except SyntaxError as error:
            raise BackendUnavailable(f"the SPARQL store refused an update: {error}") from None


def _message(body: str) -> str:
    text = body.strip()
    text = text.split("\n\nSPARQL query:", 1)[0]  # Virtuoso repeats the whole query after its message
    return " ".join(text.split())[:2000] or "(no message)"


def _timed_out(message: str) -> bool:
    words = ("timeout", "timed out", "time limit", "estimated execution time")  # the last: Virtuoso's estimate
    return any(word in message.lower() for word in words)


class Solution:
    """One solution, read like pyoxigraph's QuerySolution: by position, by name, or by Variable."""

    __slots__ = ("_index", "_terms")

    def __init__(self, index: dict[str, int], terms: tuple[Any, ...]) -> None:
        self._index = index
        self._terms = terms

    def __getitem__(self, key: int | str | Variable) -> Any:
        if isinstance(key, int):
            return self._terms[key]
        name = key.value if isinstance(key, Variable) else key
        return self._terms[self._index[name]]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)


class Solutions:
    """SELECT answers, streamed: `variables` (pyoxigraph Variables) and an iterator of `Solution`s."""

    def __init__(self, names: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
        self.variables = [Variable(name) for name in names]
        self._index = {name: i for i, name in enumerate(names)}
        self._rows = rows

    def __iter__(self) -> Iterator[Solution]:
        return (Solution(self._index, row) for row in self._rows)


@dataclass(frozen=True)
class Manifest:
    build: str | None
    graphs: tuple[str, ...]
    switching: str | None = None  # the build being switched in, while its graphs move into place


class RemoteStore:
    """The SPARQL endpoint seen as a read-only pyoxigraph Store holding our dataset (see the module's doc)."""

    def __init__(
        self, endpoint: Endpoint, timeout: float = 60.0, manifest_ttl: float = 2.0, consistent_reads: bool = True
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.manifest_ttl = manifest_ttl
        self.consistent_reads = consistent_reads
        self._manifest: tuple[float, Manifest] | None = None

    # -- the current build ------------------------------------------------------------------------------
    def manifest(self) -> tuple[str | None, tuple[str, ...]]:
        """(build id, named graphs) of the current build, re-read at most every `manifest_ttl` seconds."""
        state = self._state()
        return state.build, state.graphs

    def build_id(self) -> str | None:
        return self.manifest()[0]

    def _state(self, fresh: bool = False) -> Manifest:
        now = time.monotonic()
        if fresh or self._manifest is None or now - self._manifest[0] > self.manifest_ttl:
            rows = self._select(
                f"SELECT ?p ?o WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{MANIFEST_GRAPH}> ?p ?o }} }}",
                dataset=[("default-graph-uri", EMPTY_GRAPH), ("named-graph-uri", MANIFEST_GRAPH)],
            )
            values: dict[str, list[str]] = {}
            for p, o in rows:
                values.setdefault(p.value.removeprefix(BACKEND_NS), []).append(o.value)
            state = Manifest(
                build=next(iter(values.get("build", [])), None),
                graphs=tuple(sorted(set(values.get("graph", [])))),
                switching=next(iter(values.get("switchingTo", [])), None),
            )
            self._manifest = (time.monotonic(), state)
        return self._manifest[1]

    def _consistent(self, run, deadline: float):
        """Run `run(graphs)` so that it read one build only: a seqlock on the manifest.

        A build first marks the manifest `switchingTo` (its own committed request), then moves its graphs
        into place, then writes its manifest. A query is accepted only when the manifest read *after* it (fresh)
        equals the one its dataset was taken from and shows no switch: a query that overlapped any part of a
        switch sees a different manifest afterwards and is run again (or, if the switch outlasts the time
        limit, answered 503). Costs one small query per query; SPARQL_CONSISTENT_READS=False turns it off.
        """
        state = self._state()
        empty_until = time.monotonic() + 1.0  # a manifest being moved into place reads empty for a moment
        while True:
            if state.switching or state.build is None:
                if state.build is None and not state.switching and time.monotonic() > min(empty_until, deadline):
                    raise BackendUnavailable(
                        f"the SPARQL store at {self.endpoint.query_url} holds no alliance-kg build: "
                        "run `alliance-kg build --backend sparql` first"
                    )
                if time.monotonic() > deadline:
                    raise QueryTimeout
                time.sleep(0.05)
                state = self._state(fresh=True)
                continue
            result = run(state.graphs)
            if not self.consistent_reads:
                return result
            after = self._state(fresh=True)
            if after == state:
                return result
            state = after

    # -- pyoxigraph.Store, read side ----------------------------------------------------------------------
    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph=None,
        named_graphs=None,
        substitutions: Mapping[Variable, Any] | None = None,
        use_default_graph_as_union: bool = False,
        timeout: float | None = None,
    ):
        """Like `Store.query`: Solutions (iterable, `.variables`), a bool-like `RemoteBoolean`, or an iterator
        of Triples. Raises SyntaxError with the endpoint's message when it refuses the query."""
        text = query
        if substitutions:
            text = substitute(text, substitutions, self.reference)
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        form = query_form(query)
        accept = N_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit

        def run(graphs: tuple[str, ...]):
            fields = [("query", text), *self._dataset(query, default_graph, named_graphs, graphs)]
            response = self.endpoint.post(self.endpoint.query_url, fields, accept, deadline - time.monotonic())
            if form in ("CONSTRUCT", "DESCRIBE"):
                return self._triples(response)
            with response:
                document = json.load(response)
            if "boolean" in document:
                return RemoteBoolean(bool(document["boolean"]))
            names = document.get("head", {}).get("vars", [])
            rows = [
                tuple(_term(binding[name]) if name in binding else None for name in names)
                for binding in document.get("results", {}).get("bindings", [])
            ]
            return Solutions(names, iter(rows))

        return self._consistent(run, deadline)

    def quads_for_pattern(self, subject, predicate, object, graph_name=None) -> list[Quad]:
        terms = {"s": subject, "p": predicate, "o": object}
        if any(isinstance(t, BlankNode) for t in terms.values()) and self.endpoint.dialect != "virtuoso":
            return []  # a blank node of an answer cannot be named in a query to a generic endpoint
        pattern = " ".join(self.reference(t) if t is not None else f"?{k}" for k, t in terms.items())
        wanted = [f"?{k}" for k, t in terms.items() if t is None]
        if isinstance(graph_name, DefaultGraph):
            where, graph_var = f"{{ {pattern} }}", False
        elif graph_name is not None:
            where, graph_var = f"GRAPH {self.reference(graph_name)} {{ {pattern} }}", False
        else:
            where, graph_var = f"{{ GRAPH ?g {{ {pattern} }} }} UNION {{ {pattern} }}", True
        projection = " ".join([*wanted, "?g"] if graph_var else wanted) or "*"
        rows = self._select(f"SELECT {projection} WHERE {{ {where} }}")
        quads = []
        for row in rows:
            values = dict(zip([w[1:] for w in wanted], row, strict=False))
            graph = graph_name if not graph_var else (row[len(wanted)] or DefaultGraph())
            quads.append(
                Quad(
                    values.get("s", subject),
                    values.get("p", predicate),
                    values.get("o", object),
                    graph or DefaultGraph(),
                )
            )
        return quads

    def __len__(self) -> int:
        """Quads, counted as the embedded store does: every named graph plus the default graph (the union)."""
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }")
        return int(rows[0][0].value)

    def named_quads(self) -> Iterator[Quad]:
        """Every quad of the named graphs, in one query: what a dump holds, without the default graph's scan."""
        for graph, subject, predicate, object in self._select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield Quad(subject, predicate, object, graph)

    def __iter__(self) -> Iterator[Quad]:
        """Every quad: the named graphs', then the default graph's (two queries, each one build)."""
        yield from self.named_quads()
        for subject, predicate, object in self._select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            yield Quad(subject, predicate, object, DefaultGraph())

    def reference(self, term) -> str:
        """A term as it is written in a query to this endpoint (Virtuoso names blank nodes `<nodeID://…>`)."""
        if isinstance(term, BlankNode):
            return f"<{_VIRTUOSO_BNODE}{term.value}>"
        return str(term)

    # -- helpers --------------------------------------------------------------------------------------
    def _dataset(self, query: str, default_graph, named_graphs, graphs: tuple[str, ...]) -> list[tuple[str, str]]:
        if default_graph is not None or named_graphs is not None:  # the request's own dataset
            defaults = [_iri(g) for g in default_graph or ()] or [EMPTY_GRAPH]
            named = [_iri(g) for g in named_graphs or ()] or [EMPTY_GRAPH]
            return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]
        if _FROM.search(code(query)):  # the query names its dataset
            return []
        return [("default-graph-uri", UNION_GRAPH)] + [("named-graph-uri", g) for g in graphs or (EMPTY_GRAPH,)]

    def _select(self, text: str, dataset: list[tuple[str, str]] | None = None) -> list[tuple[Any, ...]]:
        if dataset is None:
            return [tuple(row) for row in self.query(text)]
        response = self.endpoint.post(self.endpoint.query_url, [("query", text), *dataset], RESULTS_JSON, self.timeout)
        with response:
            document = json.load(response)
        names = document["head"]["vars"]
        return [tuple(_term(b[name]) if name in b else None for name in names) for b in document["results"]["bindings"]]

    def _triples(self, response) -> list[Triple]:
        with response:
            return [quad.triple for quad in parse(response.read(), format=RdfFormat.N_TRIPLES)]


class RemoteBoolean:
    """An ASK answer (pyoxigraph's QueryBoolean is not constructible from Python)."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return self.value


def _iri(graph: Any) -> str:
    return graph.value if isinstance(graph, NamedNode) else str(graph)


def _term(value: dict[str, Any]):
    kind = value["type"]
    if kind == "uri":
        return NamedNode(value["value"])
    if kind == "bnode":
        return BlankNode(_bnode_id(value["value"]))
    if kind in ("literal", "typed-literal"):
        if value.get("xml:lang"):
            return Literal(value["value"], language=value["xml:lang"])
        if value.get("datatype"):
            return Literal(value["value"], datatype=NamedNode(value["datatype"]))
        return Literal(value["value"])
    if kind == "triple":
        inner = value["value"]
        return Triple(_term(inner["subject"]), _term(inner["predicate"]), _term(inner["object"]))
    raise ValueError(f"unknown term type {kind!r} in a SPARQL results document")


def _bnode_id(label: str) -> str:
    label = label.removeprefix(_VIRTUOSO_BNODE).removeprefix("_:")
    return re.sub(r"[^A-Za-z0-9_\-]", "_", label) or "b"
