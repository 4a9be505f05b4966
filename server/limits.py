"""Request limits: body size and query length, each refused with a message naming the limit and its key.

`MAX_CONTENT_LENGTH` (Flask's own key) bounds a request body: a request whose `Content-Length` says more is
answered `413` before its body is read, and a body sent without a length (chunked) is cut off at the limit and
answered `413` too. `MAX_QUERY_LENGTH` bounds the text of a query or update (characters): longer is `400`. The
row cap (`MAX_ROWS`) and the time limit (`QUERY_TIMEOUT`) are applied by server/sparql.py and the executor.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

ROWS_LIMIT_HEADER = "X-Result-Rows-Limit"  # names the key that sets the cap, beside X-Result-Rows-Capped


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
    from alliance_kg.server.sparql import plain_error

    if not error.description or "MAX_" not in error.description:
        error = RequestEntityTooLarge(_too_large_message())
    response = plain_error(error)
    response.headers["Connection"] = "close"  # the unread rest of the body must not be taken for a request
    return response


def _name_the_row_limit(response: Response) -> Response:
    if "X-Result-Rows-Capped" in response.headers:
        response.headers[ROWS_LIMIT_HEADER] = "MAX_ROWS"
    return response


def init_app(app: Flask) -> None:
    app.before_request(_refuse_large_bodies)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.after_request(_name_the_row_limit)
