"""HTTP errors as a client sees them: each in plain text that says what was wrong and what to do next.

Routes raise werkzeug's exceptions (`BadRequest(message)`, …) or the constructors here, whose wording several
routes share; `plain_error`, the app's error handler, writes every one of them. Every answer says
`X-Content-Type-Options: nosniff`: an error echoes what the client sent, and no browser may read it as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from alliance_kg.store.errors import BackendUnavailable, QueryTimeout
from flask import Flask, Response
from werkzeug.exceptions import Forbidden, HTTPException, ServiceUnavailable

PASSED_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")  # headers of an error that its plain answer keeps


def plain_error(error: HTTPException, headers: Mapping[str, str] | None = None) -> Response:
    """`<code> <name>: <description>` as text a person can read (and a SPARQL client shows as it is)."""
    response = Response(
        f"{error.code} {error.name}: {error.description}\n", status=error.code, content_type="text/plain; charset=utf-8"
    )
    own = dict(error.get_headers())
    for name in PASSED_HEADERS:
        if own.get(name):
            response.headers[name] = own[name]
    response.headers.update(headers or {})
    return response


def read_only(hint: str = "") -> Forbidden:
    """403 for an update sent to an endpoint that takes none."""
    return Forbidden("this endpoint is read-only: SPARQL Update is not accepted" + (f" ({hint})" if hint else ""))


def _nosniff(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def store_unavailable(error: BackendUnavailable | QueryTimeout) -> Response:
    """A remote store that failed or did not answer in time, wherever the app reads it (/dumps, pages, the build
    id): 503, to try again, never a 500."""
    said = str(error) or "it did not answer within QUERY_TIMEOUT"
    return plain_error(
        ServiceUnavailable(f"the SPARQL store could not be read ({said}); try again in a moment", retry_after=5)
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, plain_error)
    app.register_error_handler(BackendUnavailable, store_unavailable)
    app.register_error_handler(QueryTimeout, store_unavailable)
    app.after_request(_nosniff)
