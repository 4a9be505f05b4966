"""The path of a query after its view (/sparql, /api/queries/<name>), in the order of `respond`: the answer cache,
the federation check, the executor, the formats, and the answer kept in the cache.

A GET whose answer is cached is answered before the view, by the fast path that `init_app` registers. Keys, ETags
and `Cache-Control` are described in docs/design/server.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence

from alliance_kg.server import federation
from alliance_kg.server.cache import Entry, deterministic
from alliance_kg.server.executor import Answer, Job, QueryBusy, QueryCrashed, QueryRejected, QueryTimeout
from alliance_kg.server.formats import (
    content_type,
    negotiate,
    offers_for,
    rewrite_solutions,
    write_boolean,
    write_rdf,
    write_solutions,
)
from alliance_kg.server.observability import note_query, query_hash
from alliance_kg.server.state import state
from alliance_kg.store.errors import BackendUnavailable
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, Forbidden, ServiceUnavailable

CAPPED_HEADER = "X-Result-Rows-Capped"  # the answer was cut at this many rows
LIMIT_HEADER = "X-Result-Rows-Limit"  # the key that sets the cap (MAX_ROWS), beside X-Result-Rows-Capped
KEPT_HEADERS = ("Content-Type", "Vary", CAPPED_HEADER, LIMIT_HEADER, "Content-Disposition")  # of a cached answer
CACHED_ROUTES = frozenset({"sparql.endpoint", "api.run"})

Offers = Callable[[str], Sequence[str]]  # the media types an answer of a kind may be written in, best first


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
        return write(run(job), offers)
    if not deterministic(job.query):
        response = write(run(job), offers)
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
    response = write(run(job), offers)
    if response.status_code != 200:
        return response
    _finish(response, etag, "miss")
    if not response.is_streamed:
        headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
        headers += [("ETag", response.headers["ETag"]), ("Cache-Control", response.headers["Cache-Control"])]
        cache.put(key, Entry(response.get_data(), (*headers, ("X-Cache", "hit")), hash_))
    return response


def check_federation(text: str) -> None:
    """SERVICE only to the endpoints of SERVICE_ALLOWLIST, LOAD never (server/federation.py): checked before anything
    runs or any connection is made, on every path to the store (queries of /sparql and /api, updates)."""
    try:
        federation.check(text, state().allowlist)
    except federation.LoadRefused as error:
        raise Forbidden(str(error)) from error
    except federation.ServiceRefused as error:
        raise BadRequest(str(error)) from error


def run(job: Job) -> Answer:
    """Check and evaluate `job` with the app's row cap and time limit; every failure an HTTP error that says what
    to do. How the evaluation ended goes to the access log and the metrics."""
    config = current_app.config
    check_federation(job.query)
    job = dataclasses.replace(job, max_rows=int(config["MAX_ROWS"]))
    outcome = "crashed"
    try:
        answer = state().executor.run(job)
        outcome = "capped" if answer.capped else "ok"
        return answer
    except QueryRejected as error:
        if error.syntax:
            outcome = "syntax_error"
            raise BadRequest(f"the query does not parse: {error}") from error
        outcome = "rejected"
        raise BadRequest(f"the query could not be evaluated: {error}") from error
    except QueryTimeout as error:
        outcome = "timeout"
        raise ServiceUnavailable(
            f"the query ran longer than this endpoint's time limit of {config['QUERY_TIMEOUT']} s (QUERY_TIMEOUT) "
            "and was stopped. Make it more selective (LIMIT does not shorten ORDER BY or GROUP BY), download the "
            "data from /dumps/ and query your own copy, or run the server with a larger QUERY_TIMEOUT."
        ) from error
    except BackendUnavailable as error:  # BACKEND "sparql": the endpoint is down or failed (store/remote.py)
        raise ServiceUnavailable(f"{error}; try again in a moment", retry_after=5) from error
    except QueryCrashed as error:
        raise ServiceUnavailable(
            "the process evaluating the query died (most likely out of memory); make the query more selective"
        ) from error
    except QueryBusy as error:
        outcome = "busy"
        raise ServiceUnavailable(
            f"all {config['QUERY_PROCESSES']} query processes stayed busy for {config['QUERY_TIMEOUT']} s "
            "(QUERY_PROCESSES); try again in a moment",
            retry_after=5,
        ) from error
    finally:
        note_query(outcome=outcome)


def write(answer: Answer, offers: Offers = offers_for) -> Response:
    """The answer in the negotiated format, with `X-Result-Rows-Capped: N` when it was cut at N rows."""
    media_type = negotiate(offers(answer.kind), answer.kind)
    if answer.kind == "boolean":
        body = write_boolean(answer.boolean, media_type)
    elif answer.kind == "graph":
        body = write_rdf(answer.rows, media_type)
    elif answer.body is not None:  # solutions a query process wrote as results JSON
        body = rewrite_solutions(answer.body, media_type)
    else:
        body = write_solutions(answer.variables, answer.rows, media_type)
    response = Response(body, content_type=content_type(media_type), headers={"Vary": "Accept"})
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
