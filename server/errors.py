"""HTTP errors as a client sees them: each in plain text that says what was wrong and what to do next.

Routes raise werkzeug's exceptions (`BadRequest(message)`, …) or the constructors here, whose wording several
routes share; `plain_error`, the app's error handler, writes every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Response
from werkzeug.exceptions import Forbidden, HTTPException

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
