"""Request limits: body size (`MAX_CONTENT_LENGTH`, 413 before the body is read) and query length
(`MAX_QUERY_LENGTH`, 400), each refused with a message naming the limit and its key.

The row cap (`MAX_ROWS`) and the time limit (`QUERY_TIMEOUT`) are applied on the query path (server/answers.py).
"""

from __future__ import annotations

from alliance_kg.server.errors import plain_error
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge


def check_query_length(text: str, what: str = "query") -> None:
    limit = current_app.config.get("MAX_QUERY_LENGTH")
    if limit and len(text) > int(limit):
        raise BadRequest(
            f"the {what} is {len(text)} characters long, more than this endpoint's limit of {int(limit)} "
            "characters (MAX_QUERY_LENGTH); shorten it (e.g. fewer VALUES rows), or run a server with a larger "
            "MAX_QUERY_LENGTH"
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


def _refuse_large_bodies() -> None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is not None and request.content_length > int(limit):
        raise RequestEntityTooLarge(_too_large_message())


def _too_large(error: RequestEntityTooLarge) -> Response:
    """A body over the limit, also one cut off while it was read (sent without a length): 413, and the connection
    closed, so that the unread rest of the body is not taken for a request."""
    if not error.description or "MAX_" not in error.description:
        error = RequestEntityTooLarge(_too_large_message())
    return plain_error(error, {"Connection": "close"})


def init_app(app: Flask) -> None:
    app.before_request(_refuse_large_bodies)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
