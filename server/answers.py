"""The path of a query after its view (/sparql, /api/queries/<name>), in the order of `respond`: the answer cache,
the nesting limit, negotiation, admission (server/admission.py), the executor — which checks SERVICE, evaluates and
writes the answer where it can be stopped at the time limit — and the answer kept in the cache.

A GET whose answer is cached is answered before the view, by the fast path that `init_app` registers. Keys, ETags
and `Cache-Control` are described in docs/design/server.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from alliance_kg.server import federation
from alliance_kg.server.admission import ClientBusy, QueueFull, QueueTimeout
from alliance_kg.server.cache import Entry, deterministic
from alliance_kg.server.executor import (
    Answer,
    Job,
    QueryBusy,
    QueryCrashed,
    QueryRejected,
    QueryTimeout,
    StoreUnavailable,
)
from alliance_kg.server.formats import AnswerTooLarge, content_type, media_type, negotiate, offers_for, write_rdf
from alliance_kg.server.limits import check_nesting
from alliance_kg.server.observability import note_query, query_hash
from alliance_kg.server.state import state
from alliance_kg.store.errors import BackendUnavailable
from flask import Flask, Response, current_app, request
from pyoxigraph import RdfFormat, parse
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, ServiceUnavailable, TooManyRequests

JSON_LD = media_type(RdfFormat.JSON_LD)
N_TRIPLES = media_type(RdfFormat.N_TRIPLES)

CAPPED_HEADER = "X-Result-Rows-Capped"  # the answer was cut at this many rows
LIMIT_HEADER = "X-Result-Rows-Limit"  # the key that sets the cap (MAX_ROWS), beside X-Result-Rows-Capped
KEPT_HEADERS = ("Content-Type", "Vary", CAPPED_HEADER, LIMIT_HEADER, "Content-Disposition")  # of a cached answer
CACHED_ROUTES = frozenset({"sparql.endpoint", "api.run"})
KINDS = ("solutions", "boolean", "graph")
RETRY_SECONDS = 5

Offers = Callable[[str], Sequence[str]]  # the media types an answer of a kind may be written in, best first
# Negotiations remembered, by the offers, the Accept header and `format`: matching Accept against the offers of the
# three kinds costs more than the rest of the request's checks, and clients send few distinct headers. A kind that
# found no media type is kept as its error's class and message, and raised anew; the least recently used go first.
NEGOTIATIONS = 256
_negotiations: OrderedDict[tuple[Offers, str, str | None], dict[str, str | tuple[type[HTTPException], str]]] = (
    OrderedDict()
)
_negotiations_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """The fast path of the answer cache, unless the app has none (a writable store). Register it after the other
    `before_request` hooks (access log, limits): they run on a hit too."""
    if state(app).answers is not None:
        app.before_request(_serve_from_cache)


def respond(job: Job, offers: Offers = offers_for) -> Response:
    """The answer to `job`: from the cache (or `304` for the client's ETag), else checked, evaluated and written,
    and kept when it is a `200` of a deterministic query."""
    cache = state().answers
    if cache is None:  # a writable store: neither cache nor ETags
        return write(run(job, offers))
    if not deterministic(job.query):
        response = write(run(job, offers))
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
    response = write(run(job, offers))
    if response.status_code != 200:
        return response
    _finish(response, etag, "miss")
    if not response.is_streamed:
        headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
        headers += [("ETag", response.headers["ETag"]), ("Cache-Control", response.headers["Cache-Control"])]
        cache.put(key, Entry(response.get_data(), (*headers, ("X-Cache", "hit")), hash_))
    return response


def run(job: Job, offers: Offers = offers_for) -> Answer:
    """Check and evaluate `job` with the app's limits, once admitted for this client; every failure an HTTP error
    that says what to do. How the evaluation ended goes to the access log and the metrics."""
    config = current_app.config
    check_nesting(job.query)
    negotiated = _negotiated(offers)
    media_types = {kind: found for kind, found in negotiated.items() if isinstance(found, str)}
    # compact JSON-LD needs the request (its profile) and PyLD: the query process writes N-Triples, compacted here
    compact = media_types.get("graph") == JSON_LD
    if compact:
        media_types["graph"] = N_TRIPLES
    max_bytes = int(config["MAX_ANSWER_BYTES"])
    job = dataclasses.replace(job, max_rows=int(config["MAX_ROWS"]), max_bytes=max_bytes, media_types=media_types)
    app_state = state()
    outcome = "crashed"
    try:
        with app_state.admission.enter(request.remote_addr or ""):
            answer = app_state.executor.run(job)
        if compact and answer.kind == "graph" and answer.body is not None:
            body = write_rdf(parse(answer.body, format=RdfFormat.N_TRIPLES), JSON_LD)
            if len(body) > max_bytes:
                raise AnswerTooLarge(len(body), max_bytes)
            answer = dataclasses.replace(answer, body=body, media_type=JSON_LD)
        outcome = "capped" if answer.capped else "ok"
    except Exception as error:
        outcome, http_error = refusal(error)
        raise http_error from error
    finally:
        note_query(outcome=outcome)
    if answer.body is None:  # evaluated, but no media type fits its kind
        raise negotiated[answer.kind]
    return answer


def refusal(error: Exception, what: str = "query") -> tuple[str, HTTPException]:
    """The outcome (for the log and metrics) and the HTTP error of a failed evaluation of a query or an update;
    anything else is raised again as it is."""
    config = current_app.config
    if isinstance(error, QueryRejected):
        if error.syntax:
            return "syntax_error", BadRequest(f"the {what} does not parse: {error}")
        applied = "applied" if what == "update" else "evaluated"
        return "rejected", BadRequest(f"the {what} could not be {applied}: {error}")
    if isinstance(error, federation.LoadRefused):
        return "refused", Forbidden(str(error))
    if isinstance(error, federation.ServiceRefused | federation.Unchecked):
        return "refused", BadRequest(str(error))
    if isinstance(error, QueryTimeout):
        advice = (
            "Nothing of it was applied (each update is one transaction); split it into smaller updates"
            if what == "update"
            else "Make it more selective (LIMIT does not shorten ORDER BY or GROUP BY), download the data from "
            "/dumps/ and query your own copy"
        )
        return "timeout", ServiceUnavailable(
            f"the {what} ran longer than this endpoint's time limit of {config['QUERY_TIMEOUT']} s (QUERY_TIMEOUT) "
            f"and was stopped. {advice}, or run the server with a larger QUERY_TIMEOUT."
        )
    if isinstance(error, AnswerTooLarge):
        size = f"{error.size} bytes, " if error.size else ""
        return "too_large", ServiceUnavailable(
            error.note
            or f"the answer is larger ({size}in the format asked for) than this endpoint's limit of "
            f"{config['MAX_ANSWER_BYTES']} bytes (MAX_ANSWER_BYTES). Select fewer or shorter values, add LIMIT, "
            "download the data from /dumps/ and query your own copy, or run a server with a larger MAX_ANSWER_BYTES"
        )
    if isinstance(error, QueryCrashed):
        return "crashed", ServiceUnavailable(_crash_message(error, what))
    if isinstance(error, BackendUnavailable):  # BACKEND "sparql": the endpoint is down or failed (store/remote.py)
        return "unavailable", ServiceUnavailable(f"{error}; try again in a moment", retry_after=RETRY_SECONDS)
    if isinstance(error, StoreUnavailable):
        return "unavailable", ServiceUnavailable(
            f"{error}. The server cannot answer queries until its store can be opened (its operator should "
            "restart it on a current build); /healthz says so too",
            retry_after=RETRY_SECONDS,
        )
    if isinstance(error, ClientBusy):
        return "busy", TooManyRequests(
            f"you already have {config['CLIENT_QUERIES']} queries being evaluated or waiting here, this endpoint's "
            "limit per client (CLIENT_QUERIES); wait for their answers, then send the next",
            retry_after=RETRY_SECONDS,
        )
    if isinstance(error, QueryBusy):
        busy = "another update is being applied" if what == "update" else "the query processes are starting"
        return "busy", ServiceUnavailable(f"{busy}; try again in a moment", retry_after=RETRY_SECONDS)
    if isinstance(error, QueueFull):
        return "busy", ServiceUnavailable(
            f"all {config['QUERY_PROCESSES']} query processes (QUERY_PROCESSES) are busy and {config['QUEUE_LENGTH']} "
            "queries wait for them, as many as may (QUEUE_LENGTH); try again in a moment",
            retry_after=RETRY_SECONDS,
        )
    if isinstance(error, QueueTimeout):
        return "busy", ServiceUnavailable(
            f"all {config['QUERY_PROCESSES']} query processes (QUERY_PROCESSES) stayed busy for "
            f"{config['QUEUE_TIMEOUT']} s (QUEUE_TIMEOUT) while this query waited; try again in a moment",
            retry_after=RETRY_SECONDS,
        )
    raise error


def _crash_message(error: QueryCrashed, what: str) -> str:
    if error.reason == "memory":
        limit = int(current_app.config["QUERY_MEMORY"])
        return (
            f"the {what} needed more memory than this endpoint's limit of {limit // 2**20} MiB per query process "
            "(QUERY_MEMORY) and was stopped; make it more selective (ORDER BY, GROUP BY and DISTINCT over many "
            "solutions hold them all), or run a server with a larger QUERY_MEMORY"
        )
    if error.reason == "stack":
        return (
            f"the {what} is too deeply nested for the evaluator, whose process stopped; flatten it (fewer nested "
            "groups, expressions or property paths)"
        )
    return f"the process evaluating the {what} died ({error.detail}); try again, and tell the operator if it recurs"


def _negotiated(offers: Offers) -> dict[str, str | HTTPException]:
    """The media type each kind of answer would be written in, or the error of asking for one that does not fit."""
    key = (offers, request.headers.get("Accept", ""), request.values.get("format"))
    with _negotiations_lock:
        known = _negotiations.get(key)
        if known is not None:
            _negotiations.move_to_end(key)
    if known is not None:
        return {kind: found if isinstance(found, str) else found[0](found[1]) for kind, found in known.items()}
    negotiated: dict[str, str | HTTPException] = {}
    for kind in KINDS:
        try:
            negotiated[kind] = negotiate(offers(kind), kind)
        except HTTPException as error:
            negotiated[kind] = error
    kept = {
        kind: found if isinstance(found, str) else (type(found), str(found.description))
        for kind, found in negotiated.items()
    }
    with _negotiations_lock:
        _negotiations[key] = kept
        if len(_negotiations) > NEGOTIATIONS:
            _negotiations.popitem(last=False)
    return negotiated


def write(answer: Answer) -> Response:
    """The answer as written, with `X-Result-Rows-Capped: N` when it was cut at N rows."""
    response = Response(answer.body, content_type=content_type(answer.media_type), headers={"Vary": "Accept"})
    if answer.capped:
        response.headers[CAPPED_HEADER] = str(current_app.config["MAX_ROWS"])
        response.headers[LIMIT_HEADER] = "MAX_ROWS"
    return response


# --- the answer cache's keys and ETags ------------------------------------------------------------------------


def _raw_key() -> bytes:
    """A GET's key from the request as received: its URL (scheme, host, path and the query string, which holds
    the query, the dataset, `format` and /api's parameters) and its Accept header, so that a hit needs no
    parsing; plus the build and the row cap. Requests that differ only in spelling get entries of their own."""
    environ = request.environ
    parts = (
        "GET",
        state().build_id(),
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT", ""),
        str(current_app.config["MAX_ROWS"]),
    )
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def request_key(job: Job) -> bytes:
    """The key of this request: for GET, the request as received (`_raw_key`); for POST, the normalised request
    (query text, dataset, base IRI, /api's bound parameters, Accept, `format`, row cap)."""
    if request.method in ("GET", "HEAD"):
        return _raw_key()
    parts = (
        "POST",
        state().build_id(),
        request.path,
        job.query,
        job.base_iri or "",
        "\x1f".join(job.default_graph) if job.default_graph is not None else "\x00",
        "\x1f".join(job.named_graphs) if job.named_graphs is not None else "\x00",
        "\x1f".join(f"{k}={v}" for k, v in sorted(job.substitutions.items())),
        request.headers.get("Accept", ""),
        request.values.get("format", ""),
        str(current_app.config["MAX_ROWS"]),
    )
    return hashlib.blake2b("\x1e".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _etag(key: bytes) -> str:
    return f"{state().build_id()}-{key.hex()}"


def _serve_from_cache() -> Response | None:
    """The fast path: a GET whose answer is cached (or whose ETag the client holds), answered before the view."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in CACHED_ROUTES:
        return None
    cache = state().answers
    if cache is None:
        return None
    key = _raw_key()
    if "HTTP_IF_NONE_MATCH" in request.environ:
        etag = _etag(key)
        if request.if_none_match.contains_weak(etag):
            cache.revalidated += 1
            return _finish(Response(status=304, headers={"Vary": "Accept"}), etag, "revalidated")
    entry = cache.get(key, count_miss=False)  # a miss is counted by `respond`, if the answer is cacheable at all
    if entry is None:
        return None
    if entry.query_hash is not None:
        note_query(entry.query_hash, "cached")
    return Response(entry.body, headers=entry.headers)


def _finish(response: Response, etag: str, outcome: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={int(current_app.config['ANSWER_MAX_AGE'])}, must-revalidate"
    response.headers["X-Cache"] = outcome
    return response
