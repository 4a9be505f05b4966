"""Request limits: body size (`MAX_CONTENT_LENGTH`, 413 before the body is read), query length
(`MAX_QUERY_LENGTH`, 400) and nesting (`MAX_NESTING`, 400, before any parser reads the text), each refused with a
message naming the limit and its key.

The row cap (`MAX_ROWS`) and the time limit (`QUERY_TIMEOUT`) are applied on the query path (server/answers.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from alliance_kg.server.errors import plain_error
from alliance_kg.store.sparql_text import nesting, unescape
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

FORM = "application/x-www-form-urlencoded"


def check_query_length(text: str, what: str = "query") -> None:
    limit = current_app.config.get("MAX_QUERY_LENGTH")
    if limit and len(text) > int(limit):
        raise BadRequest(
            f"the {what} is {len(text)} characters long, more than this endpoint's limit of {int(limit)} "
            "characters (MAX_QUERY_LENGTH); shorten it (e.g. fewer VALUES rows), or run a server with a larger "
            "MAX_QUERY_LENGTH"
        )


def check_nesting(text: str, what: str = "query") -> None:
    """400 when the brackets of `text` nest deeper than `MAX_NESTING`: parsers recurse per level (pyoxigraph's
    overflows its stack at some thousands, and nested `[` or `(` cost it time exponential in the depth)."""
    limit = int(current_app.config["MAX_NESTING"])
    plain = unescape(text)
    if sum(map(plain.count, "{([")) <= limit:  # cannot nest deeper than it has brackets
        return
    depth = nesting(plain)
    if depth > limit:
        raise BadRequest(
            f"the {what} nests {{, ( or [ {depth} levels deep, more than this endpoint's limit of {limit} levels "
            "(MAX_NESTING); flatten it (e.g. a join of patterns rather than nested groups), or run a server with a "
            "larger MAX_NESTING"
        )


def _too_large_message() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    form_limit = current_app.config.get("MAX_FORM_MEMORY_SIZE")
    length = request.content_length
    if form_limit and length is not None and (not limit or length <= int(limit)):  # a form field too large
        return (
            f"a form field of the request is larger than this endpoint's limit of {form_limit} bytes "
            "(MAX_FORM_MEMORY_SIZE); send the query as application/sparql-query, or run a server with a larger "
            "MAX_FORM_MEMORY_SIZE"
        )
    return (
        f"the request body is larger than this endpoint's limit of {limit} bytes (MAX_CONTENT_LENGTH); send a "
        "shorter query, or run a server with a larger MAX_CONTENT_LENGTH"
    )


def _check_body() -> None:
    """A body larger than MAX_CONTENT_LENGTH is 413 — from its Content-Length before it is read, or once the limit
    is reached while a chunked body is read (never cut and run); a body the server cannot read (a malformed chunk)
    is 400; a form whose field is larger than MAX_FORM_MEMORY_SIZE is 413, one not in UTF-8 400."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is not None and request.content_length > int(limit):
        raise RequestEntityTooLarge(_too_large_message())
    if request.method != "POST":
        return
    try:
        body = request.get_data(cache=True)
        if request.content_length is None and request.stream.read(1):  # a chunked body beyond the limit
            raise RequestEntityTooLarge(_too_large_message())
    except HTTPException:
        raise
    except Exception as error:  # what the WSGI server raises for a body it cannot read (gunicorn: InvalidChunkSize, …)
        raise BadRequest(f"the request body could not be read ({error}); send it again, well-formed") from error
    if request.mimetype == FORM:
        _check_form(body)


def _check_form(body: bytes) -> None:
    field_limit = current_app.config.get("MAX_FORM_MEMORY_SIZE")
    try:
        fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest(f"the form body is not valid UTF-8 ({error}); percent-encode the query as UTF-8") from error
    if field_limit and any(len(value.encode("utf-8")) > int(field_limit) for _, value in fields):
        raise RequestEntityTooLarge(
            f"a form field of the request is larger than this endpoint's limit of {field_limit} bytes "
            "(MAX_FORM_MEMORY_SIZE); send the query as application/sparql-query, or run a server with a larger "
            "MAX_FORM_MEMORY_SIZE"
        )


def _too_large(error: RequestEntityTooLarge) -> Response:
    """A body over the limit, also one cut off while it was read (sent without a length): 413, and the connection
    closed, so that the unread rest of the body is not taken for a request."""
    if not error.description or "MAX_" not in error.description:
        error = RequestEntityTooLarge(_too_large_message())
    return plain_error(error, {"Connection": "close"})


def init_app(app: Flask) -> None:
    app.before_request(_check_body)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
