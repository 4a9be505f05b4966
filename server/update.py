"""SPARQL 1.1 Update, off unless `UPDATE_TOKEN` is configured, and then only by POST with that bearer token.

Without the token every update is `403`; with it, none is `401` (with `WWW-Authenticate: Bearer`), another `403`.
The token is compared in constant time and never logged nor repeated. LOAD is always refused (server/federation.py).
Why the store is then opened read-write, by one process, is in docs/design/server.md.
"""

from __future__ import annotations

import hmac
import threading

from alliance_kg.server import protocol
from alliance_kg.server.answers import check_federation
from alliance_kg.server.errors import plain_error, read_only
from alliance_kg.server.limits import check_query_length
from alliance_kg.server.state import state
from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest, Forbidden, Unauthorized

REALM = "alliance-kg SPARQL Update"
_lock = threading.Lock()  # one update at a time (each is a transaction; this keeps them in arrival order)


def handle() -> Response:
    """Authorise, check and run the update of this request; 204 when it has been applied."""
    if not current_app.config.get("UPDATE_TOKEN"):
        raise read_only("a server configured with UPDATE_TOKEN accepts updates from clients that send that token")
    if request.method != "POST":
        raise Forbidden("SPARQL Update is accepted only by POST (application/sparql-update, or a form with update=)")
    refusal = _authorise()
    if refusal is not None:
        return refusal
    text = protocol.update()
    check_query_length(text, "update")
    check_federation(text)  # LOAD, and SERVICE outside the allow-list
    app_state = state()
    try:
        with _lock:
            app_state.store.update(text, base_iri=request.base_url)
    except SyntaxError as error:
        raise BadRequest(f"the update does not parse: {error}") from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise BadRequest(f"the update could not be applied: {error}") from error
    app_state.store_changed()  # the dumps and statistics of the store before the update are stale now
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
