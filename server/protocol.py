"""The SPARQL 1.1 Protocol request (https://www.w3.org/TR/sparql11-protocol/): which operation it is, the query or
update it carries (by GET, POST of a form, or POST of the text itself) and the dataset it names; and the app's
`Request`, whose URL parameters are parsed as werkzeug parses them, faster (`parse_query_string`)."""

from __future__ import annotations

import codecs
import re
from urllib.parse import parse_qsl

from flask import Request as FlaskRequest
from flask import request
from pyoxigraph import NamedNode
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.utils import cached_property

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


def is_update() -> bool:
    """Whether the request is an update: a POST of `application/sparql-update`, or an `update` parameter in a form
    body or the URL."""
    if request.method == "POST" and request.mimetype == UPDATE_TYPE:
        return True
    if request.method == "POST" and request.mimetype == FORM and "update" in request.form:
        return True
    return "update" in request.args


def query() -> str | None:
    """The query of a query request (not an update), or None when it has none; 400 or 415 when it is malformed."""
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without the body
        return _single("query", request.args.getlist("query"))
    if request.mimetype == FORM:
        return _single("query", request.form.getlist("query"))
    if request.mimetype == QUERY_TYPE:
        return _utf8(request.get_data(), "query")
    raise UnsupportedMediaType(
        f"POST a query as {FORM} (query=...) or as {QUERY_TYPE} (the query as the body), not "
        f"{request.mimetype or 'no type'}"
    )


def update() -> str:
    """The update of an update request (POSTed as a form or as the text); 400 when it is malformed."""
    if request.mimetype == UPDATE_TYPE:
        if request.args.getlist("using-graph-uri") or request.args.getlist("using-named-graph-uri"):
            raise BadRequest("using-graph-uri and using-named-graph-uri are not supported; write USING in the update")
        text = _utf8(request.get_data(), "update")
    else:
        values = request.form.getlist("update")
        if len(values) != 1:
            raise BadRequest(f"the request has {len(values)} 'update' parameters; send exactly one")
        text = values[0]
    if not text.strip():
        raise BadRequest("the update is empty; send a SPARQL Update")
    return text


def dataset() -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """`default-graph-uri` and `named-graph-uri` (§ 2.1.4): when either is given, they make the whole dataset (and
    override FROM / FROM NAMED); when neither is, (None, None): the service's dataset."""
    params = request.form if request.method == "POST" and request.mimetype == FORM else request.args
    defaults = [_graph_iri(v, "default-graph-uri") for v in params.getlist("default-graph-uri")]
    named = [_graph_iri(v, "named-graph-uri") for v in params.getlist("named-graph-uri")]
    if not defaults and not named:
        return None, None
    return tuple(defaults), tuple(named)


def sent_text() -> str | None:
    """The query or update text of the request as sent, without checking it (for the access log's hash); may raise
    when the body cannot be read."""
    for key in ("query", "update"):
        if key in request.args:
            return request.args.get(key)
    if request.method == "POST":
        if request.mimetype in (QUERY_TYPE, UPDATE_TYPE):
            return request.get_data(cache=True, parse_form_data=False).decode("utf-8", "replace")
        if request.mimetype == FORM:
            for key in ("query", "update"):
                if key in request.form:
                    return request.form.get(key)
    return None


def _single(name: str, values: list[str]) -> str | None:
    if len(values) > 1:
        raise BadRequest(f"the request has {len(values)} '{name}' parameters; send exactly one")
    if values and not values[0].strip():
        raise BadRequest(f"the '{name}' parameter is empty; send a SPARQL query")
    return values[0] if values else None


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {what} is not valid UTF-8 ({error}); send it UTF-8 encoded") from error


def _graph_iri(value: str, parameter: str) -> str:
    try:
        return NamedNode(value.strip()).value
    except ValueError as error:
        raise BadRequest(f"{parameter}={value!r} is not an absolute IRI ({error}); name a graph by its IRI") from error


# --- the URL's parameters ------------------------------------------------------------------------------------------

_PERCENT_ESCAPE = re.compile(rb"%(?=[0-9A-Fa-f]{2})")
UNDECODABLE = "werkzeug.url_quote"  # werkzeug's error handler: bytes that are not UTF-8 stay percent-encoded


def parse_query_string(query_string: str) -> list[tuple[str, str]]:
    """The name-value pairs of a URL's query string, exactly as werkzeug's `Request.args` has them (the standard
    library's `parse_qsl`, blank values kept, undecodable bytes left percent-encoded), with the percent-decoding
    done in C: a query of 3,000 characters sent by GET holds some 800 escapes, and `unquote`'s Python loop takes
    about 300 µs for them, a fifth of answering it. A query string that is not ASCII goes to `parse_qsl` itself."""
    if not query_string.isascii():
        return parse_qsl(query_string, keep_blank_values=True, errors=UNDECODABLE)
    pairs = []
    for part in query_string.split("&"):
        if part:
            name, _, value = part.partition("=")
            pairs.append((_unquote_plus(name), _unquote_plus(value)))
    return pairs


def _unquote_plus(text: str) -> str:
    """`urllib.parse.unquote_plus` of an ASCII text: each `%XY` of two hex digits one byte (escape_decode's `\\xXY`,
    with the text's own backslashes escaped first), any other `%` as it is; then UTF-8."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    escaped = _PERCENT_ESCAPE.sub(rb"\\x", text.encode("ascii").replace(b"\\", b"\\\\"))
    return codecs.escape_decode(escaped)[0].decode("utf-8", UNDECODABLE)


class Request(FlaskRequest):
    """Flask's request, with `args` parsed by `parse_query_string`."""

    @cached_property
    def args(self) -> MultiDict[str, str]:
        return self.parameter_storage_class(parse_query_string(self.query_string.decode()))
