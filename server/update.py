"""SPARQL 1.1 Update, off unless configured, and then only with the configured bearer token.

Without `UPDATE_TOKEN` the endpoint is read-only: every recognisable update (`POST` of
`application/sparql-update`, or an `update` parameter in a form body or the URL) is answered `403`. With
`UPDATE_TOKEN` (or `ALLIANCE_KG_UPDATE_TOKEN`, read by `alliance-kg serve` and `server.wsgi`), an update `POST`
must carry `Authorization: Bearer <token>`: none is `401` with `WWW-Authenticate: Bearer`, another token `403`.
The token is compared in constant time (`hmac.compare_digest`) and never logged nor repeated in an answer.

The store must then be writable, and RocksDB lets one process at a time open a store read-write (measured: a
second read-write open fails on `LOCK`; a read-only open succeeds but sees the store as it was when opened, not
later updates). So with `UPDATE_TOKEN` the app opens its store read-write and evaluates queries in the request
thread on that same store, where they see every update at once; `alliance-kg serve` then runs one gunicorn
worker. `LOAD` is always refused, token or not: it would make the server fetch a URL or read a file.
`CLEAR`/`DROP` (also `ALL`) are allowed to the token holder: they touch only this store, and
`alliance-kg build` makes the graph again from its sources. Updates change the store of the current build; a
new build starts again from the sources, without them.
"""

from __future__ import annotations

import hmac
import re
import threading

from alliance_kg.server.limits import check_query_length
from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest, Forbidden

UPDATE_TYPE = "application/sparql-update"
FORM = "application/x-www-form-urlencoded"
REALM = "alliance-kg SPARQL Update"
# LOAD makes the server read a URL or a file; it is looked for outside IRIs, strings and comments, after
# undoing \u escapes (the same rule as for SERVICE in server/sparql.py).
_NOT_CODE = re.compile(r"<[^<>\s]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*", re.S)
_LOAD = re.compile(r"(?<![\w?$:])LOAD(?![\w:-])", re.I)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_lock = threading.Lock()  # one update at a time (each is a transaction; this keeps them in arrival order)


def is_update_request() -> bool:
    if request.method == "POST" and request.mimetype == UPDATE_TYPE:
        return True
    if request.method == "POST" and request.mimetype == FORM and "update" in request.form:
        return True
    return "update" in request.args


def handle() -> Response:
    """Authorise, check and run the update of this request; 204 when it has been applied."""
    if not current_app.config.get("UPDATE_TOKEN"):
        raise Forbidden(
            "this endpoint is read-only: SPARQL Update is not accepted (a server configured with UPDATE_TOKEN "
            "accepts updates from clients that send that token)"
        )
    if request.method != "POST":
        raise Forbidden("SPARQL Update is accepted only by POST (application/sparql-update, or a form with update=)")
    refusal = _authorise()
    if refusal is not None:
        return refusal
    text = _update_text()
    check_query_length(text, "update")
    _refuse_load(text)
    from alliance_kg.server.sparql import _refuse_service

    _refuse_service(text)
    store = current_app.extensions["alliance_kg.store"]
    try:
        with _lock:
            store.update(text, base_iri=request.base_url)
    except SyntaxError as error:
        raise BadRequest(f"the update does not parse: {error}") from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise BadRequest(f"the update could not be applied: {error}") from error
    _after_update(store)
    return Response(status=204)


def _authorise() -> Response | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return _refusal(
            401,
            "SPARQL Update needs the header `Authorization: Bearer <token>` with this server's update token",
            f'Bearer realm="{REALM}"',
        )
    sent = _header_bytes(credentials.strip())
    expected = _header_bytes(str(current_app.config["UPDATE_TOKEN"]))
    if not hmac.compare_digest(sent, expected):
        return _refusal(
            403, "the bearer token is not this server's update token", f'Bearer realm="{REALM}", error="invalid_token"'
        )
    return None


def _header_bytes(value: str) -> bytes:
    """The bytes the client sent: WSGI gives header values decoded as Latin-1 (a UTF-8 token arrives so)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:  # not from a real HTTP request; still compared, never equal by accident
        return value.encode("utf-8", "surrogatepass")


def _refusal(status: int, message: str, challenge: str) -> Response:
    name = {401: "Unauthorized", 403: "Forbidden"}[status]
    return Response(
        f"{status} {name}: {message}\n",
        status=status,
        content_type="text/plain; charset=utf-8",
        headers={"WWW-Authenticate": challenge},
    )


def _update_text() -> str:
    if request.mimetype == UPDATE_TYPE:
        if request.args.getlist("using-graph-uri") or request.args.getlist("using-named-graph-uri"):
            raise BadRequest("using-graph-uri and using-named-graph-uri are not supported; write USING in the update")
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadRequest(f"the update is not valid UTF-8 ({error}); send it UTF-8 encoded") from error
    else:
        values = request.form.getlist("update")
        if len(values) != 1:
            raise BadRequest(f"the request has {len(values)} 'update' parameters; send exactly one")
        text = values[0]
    if not text.strip():
        raise BadRequest("the update is empty; send a SPARQL Update")
    return text


def _refuse_load(text: str) -> None:
    code = _NOT_CODE.sub(" ", _ESCAPE.sub(lambda m: chr(min(int(m[1] or m[2], 16), 0x10FFFF)), text))
    if _LOAD.search(code):
        raise Forbidden(
            "LOAD is refused on this endpoint, with or without the update token: it would make the server read a "
            "URL or a file; fetch the data yourself and send it with INSERT DATA"
        )


def _after_update(store) -> None:
    """Answers computed from the store before the update are stale now: drop them."""
    current_app.extensions.pop("alliance_kg.dumps", None)
    current_app.extensions.pop("alliance_kg.statistics", None)  # recomputed on next use
    cache = current_app.extensions.get("alliance_kg.cache")
    if cache is not None and hasattr(cache, "clear"):
        cache.clear()
