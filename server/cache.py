"""Answers of the read-only graph, cached per server process, and validated with ETags keyed on the build.

The graph a server process answers from never changes (a new build is a new store, served after a restart),
so the same request always gets the same answer — unless the query calls a function whose value changes per
call (RAND, NOW, UUID, STRUUID, BNODE) or fetches another endpoint (SERVICE). Every other successful answer is
kept, as the bytes sent, in a bounded LRU cache per server process (`ANSWER_CACHE_BYTES`, default 64 MB; 0
switches the cache off, ETags stay). Errors, timeouts and cut-off evaluations are never kept: only `200`
answers are.

The cache belongs to one store (one build; for a remote backend whose build can change under a running
server, every key and ETag includes its current build id, see `current_build`). The key of a GET is the request as received — scheme, host and
path (the base IRI), the query string (query, `default-graph-uri`, `named-graph-uri`, `format`, /api's
parameters) — with its `Accept` header and the row cap (`MAX_ROWS`): a hit is answered by a `before_request`
hook without parsing the query string or running the view (the other hooks — rate limits, access log, metrics,
CORS — still run). The key of a POST is the normalised request: route, query text, dataset, base IRI, `Accept`,
`format` and row cap.

Headers of a cacheable answer:
- `ETag: "<build id>-<hash of the request key>"` — strong: the same request on the same build is answered with
  the same bytes. It does not depend on the body, so `If-None-Match` with it gets `304 Not Modified` without
  the query being evaluated at all (nor looked up).
- `Cache-Control: public, max-age=ANSWER_MAX_AGE (default 60), must-revalidate` — clients and proxies may reuse
  an answer for a minute, then must revalidate (a cheap 304 while the build is the same). Short, because
  a restarted server may serve a new build under the same URL.
- `X-Cache: hit | miss | revalidated` (and `bypass` with `Cache-Control: no-store` for the uncacheable).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from alliance_kg.server.observability import note_query, query_hash
from flask import Response, current_app, request

DEFAULT_BYTES = 64 * 2**20
KEPT_HEADERS = ("Content-Type", "Vary", "X-Result-Rows-Capped", "Content-Disposition")
ENTRY_OVERHEAD = 256  # bytes counted per entry besides its body and key (the objects around them)

# Text that is not code: IRIs, strings, comments (as in server/sparql.py), so that "now(" in a literal or an
# IRI does not make a query uncacheable.
_NOT_CODE = re.compile(r"<[^<>\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*", re.S)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_VOLATILE = re.compile(r"(?<![\w?$:])(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(|(?<![\w?$:])SERVICE(?![\w:-])", re.I)


@lru_cache(maxsize=4096)
def deterministic(query: str) -> bool:
    """False when the query's answer may change from one call to the next (or reaches outside the graph)."""
    text = _ESCAPE.sub(lambda m: chr(min(int(m[1] or m[2], 16), 0x10FFFF)), query)
    return _VOLATILE.search(_NOT_CODE.sub(" ", text)) is None


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    query_hash: str | None = None  # for the access log of a hit, which answers without reading the query


class AnswerCache:
    """A thread-safe LRU of answers, bounded by the bytes of their bodies and keys."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.bypassed = self.revalidated = 0

    def get(self, key: bytes) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: bytes, entry: Entry) -> None:
        size = _size(key, entry)
        if size > self.max_bytes // 4:  # the cache off, or one answer that would crowd out the others
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= _size(key, old)
            self._entries[key] = entry
            self.bytes += size
            while self.bytes > self.max_bytes:
                evicted_key, evicted = self._entries.popitem(last=False)
                self.bytes -= _size(evicted_key, evicted)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self.bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
                "bypassed": self.bypassed,
                "revalidated": self.revalidated,
            }


def _size(key: bytes, entry: Entry) -> int:
    return len(entry.body) + len(key) + ENTRY_OVERHEAD


def init_app(app) -> None:
    """Set up the cache of `app` (unless ANSWER caching is impossible: a writable store) and its fast path.

    Call it after the other extensions' `before_request` hooks are registered (rate limits, observability): the
    fast path answers a cache hit from a `before_request` hook, so theirs run first, and every `after_request`
    hook (CORS, access log, metrics) still runs on a hit.
    """
    if app.config.get("UPDATE_TOKEN"):  # the graph can change under the cache: no cache, no ETags
        return
    app.extensions["alliance_kg.answer_cache"] = AnswerCache(int(app.config["ANSWER_CACHE_BYTES"]))
    with app.app_context():
        app.extensions["alliance_kg.build_id"] = _build_id()
    app.before_request(_serve_from_cache)


def _build_id() -> str:
    configured = current_app.config.get("BUILD_ID")
    if configured:
        return str(configured)
    from alliance_kg.server.dumps import build_id as store_build_id

    return store_build_id()


_CACHED_ROUTES = frozenset({"sparql.endpoint", "api.run"})


def _raw_key() -> bytes:
    """A GET's key from the request as received: its URL (scheme, host, path and the query string, which holds
    the query, the dataset, `format` and /api's parameters) and its Accept header, so that a hit needs no
    parsing; plus the row cap. Requests that differ only in spelling get entries of their own (never a wrong one)."""
    environ = request.environ
    parts = (
        "GET",
        current_build(),
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT", ""),
        str(current_app.config["MAX_ROWS"]),
    )
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def request_key(job) -> bytes:
    """The key of this request: for GET, the request as received (`_raw_key`); for POST, the normalised request
    (query text, dataset, base IRI, /api's bound parameters, Accept, `format`, row cap)."""
    if request.method in ("GET", "HEAD"):
        return _raw_key()
    config = current_app.config
    parts = (
        "POST",
        current_build(),
        request.path,
        job.query,
        job.base_iri or "",
        "\x1f".join(job.default_graph) if job.default_graph is not None else "\x00",
        "\x1f".join(job.named_graphs) if job.named_graphs is not None else "\x00",
        "\x1f".join(f"{k}={v}" for k, v in sorted(job.substitutions.items())),
        request.headers.get("Accept", ""),
        request.values.get("format", ""),
        str(config["MAX_ROWS"]),
    )
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def current_build() -> str:
    """The build being answered from: fixed for a store opened by this process; for a backend whose build can
    change under a running server (server/remote.py, `build_id()`), its current build, so that a new build
    changes every key and ETag and no answer of the previous one is served."""
    build_id = getattr(current_app.extensions["alliance_kg.store"], "build_id", None)
    if callable(build_id):
        return str(build_id() or "no-build")
    return current_app.extensions["alliance_kg.build_id"]


def _etag(key: bytes) -> str:
    return f"{current_build()}-{key.hex()}"


def _serve_from_cache() -> Response | None:
    """The fast path: a GET whose answer is cached (or whose ETag the client holds), answered before the view."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in _CACHED_ROUTES:
        return None
    cache: AnswerCache = current_app.extensions["alliance_kg.answer_cache"]
    key = _raw_key()
    if "HTTP_IF_NONE_MATCH" in request.environ:
        etag = _etag(key)
        if request.if_none_match.contains_weak(etag):
            cache.revalidated += 1
            return _finish(Response(status=304, headers={"Vary": "Accept"}), etag, "revalidated")
    with cache._lock:
        entry = cache._entries.get(key)
        if entry is None:
            return None  # counted as a miss by `respond`, if the answer is cacheable at all
        cache._entries.move_to_end(key)
        cache.hits += 1
    if entry.query_hash is not None:
        note_query(entry.query_hash, "cached")
    return Response(entry.body, headers=entry.headers)


def respond(job, produce: Callable[[], Response]) -> Response:
    """The answer to `job` from the cache, or from `produce()` (kept when it is a 200 of a cacheable query)."""
    cache: AnswerCache | None = current_app.extensions.get("alliance_kg.answer_cache")
    if cache is None:  # a writable store: neither cache nor ETags
        return produce()
    if not deterministic(job.query):
        response = produce()
        response.headers["X-Cache"] = "bypass"
        response.headers["Cache-Control"] = "no-store"
        cache.bypassed += 1
        return response
    hash_ = query_hash(job.query)
    note_query(hash_)
    key = request_key(job)
    etag = _etag(key)
    if request.if_none_match.contains_weak(etag):
        cache.revalidated += 1
        return _finish(Response(status=304, headers={"Vary": "Accept"}), etag, "revalidated")
    entry = cache.get(key)
    if entry is not None:
        note_query(hash_, "cached")
        return Response(entry.body, headers=entry.headers)
    response = produce()
    if response.status_code != 200:
        return response
    _finish(response, etag, "miss")
    if not response.is_streamed:
        headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
        headers += [("ETag", response.headers["ETag"]), ("Cache-Control", response.headers["Cache-Control"])]
        cache.put(key, Entry(response.get_data(), (*headers, ("X-Cache", "hit")), hash_))
    return response


def _finish(response: Response, etag: str, outcome: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={int(current_app.config['ANSWER_MAX_AGE'])}, must-revalidate"
    response.headers["X-Cache"] = outcome
    return response
