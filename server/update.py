"""SPARQL 1.1 Update, off unless `UPDATE_TOKEN` is configured, and then only by POST with that bearer token.

Without the token every update is `403`; with it, none is `401` (with `WWW-Authenticate: Bearer`), another `403`.
The token is compared in constant time and never logged nor repeated. The update is checked (LOAD always refused,
SERVICE against the allow-list, both from one parse) and applied by the executor's writer, within the time limit.
Why a writer process holds the store, on a copy of the build, is in docs/design/server.md.
"""

from __future__ import annotations

import hmac

from alliance_kg.server import protocol
from alliance_kg.server.answers import refusal
from alliance_kg.server.errors import plain_error, read_only
from alliance_kg.server.limits import check_nesting, check_query_length
from alliance_kg.server.observability import note_query
from alliance_kg.server.state import state
from flask import Response, current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized

REALM = "alliance-kg SPARQL Update"


def handle() -> Response:
    """Authorise, check and run the update of this request; 204 when it has been applied."""
    if not current_app.config.get("UPDATE_TOKEN"):
        raise read_only("a server configured with UPDATE_TOKEN accepts updates from clients that send that token")
    if request.method != "POST":
        raise Forbidden("SPARQL Update is accepted only by POST (application/sparql-update, or a form with update=)")
    refusal_ = _authorise()
    if refusal_ is not None:
        return refusal_
    text = protocol.update()
    check_query_length(text, "update")
    check_nesting(text, "update")
    app_state = state()
    try:
        app_state.executor.update(text, request.base_url)
    except Exception as error:
        outcome, http_error = refusal(error, "update")
        note_query(outcome=outcome)
        raise http_error from error
    app_state.store_changed()  # a new handle on the store; its dumps and statistics are stale now
    return Response(status=204)


def _authorise() -> Response | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return plain_error(
            Unauthorized(
                "SPARQL Update needs the header `Authorization: Bearer <token>` with this server's update token"
            ),
            {"WWW-Authenticate": f'Bearer realm="{REALM}"'},
        )
    sent = _header_bytes(credentials.strip())
    expected = _header_bytes(str(current_app.config["UPDATE_TOKEN"]))
    if not hmac.compare_digest(sent, expected):
        return plain_error(
            Forbidden("the bearer token is not this server's update token"),
            {"WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token"'},
        )
    return None


def _header_bytes(value: str) -> bytes:
    """The bytes the client sent: WSGI gives header values decoded as Latin-1 (a UTF-8 token arrives so)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:  # not from a real HTTP request; still compared, never equal by accident
        return value.encode("utf-8", "surrogatepass")
