"""The SPARQL 1.1 Protocol endpoint (query operation): GET, POST form, and POST of the query itself.

https://www.w3.org/TR/sparql11-protocol/ — every client error is a 4xx with a plain-text message saying what
was wrong and what to do; a query that does not parse gets 400 with the parser's own message.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from pyoxigraph import Store
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    NotAcceptable,
    UnsupportedMediaType,
)

from queries import load_catalogue
from server.formats import content_type, offers_for, serialize

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE_TYPES = {"application/sparql-update"}
FORMAT_NAMES = {  # short names for the `format` parameter; "json" means the JSON form of whatever the answer is
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def store() -> Store:
    return current_app.extensions["alliance_kg.store"]


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | str:
    query = _query_from_request()
    if query is None:
        examples = load_catalogue()
        return render_template("sparql.html", examples=examples, query=examples["article_v_domains"].text)
    try:
        result = store().query(query)
    except SyntaxError as error:
        raise BadRequest(f"the query does not parse: {error}") from error
    offers = offers_for(result)
    media_type = _negotiate(offers)
    return Response(serialize(result, media_type), content_type=content_type(media_type), headers={"Vary": "Accept"})


def _query_from_request() -> str | None:
    if request.method == "GET":
        _refuse_update(request.args)
        return _single(request.args.getlist("query"))
    mimetype = request.mimetype
    if mimetype == FORM:
        _refuse_update(request.form)
        return _single(request.form.getlist("query"))
    if mimetype == DIRECT:
        try:
            return request.get_data().decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadRequest(f"the query is not valid UTF-8 ({error}); send it UTF-8 encoded") from error
    if mimetype in UPDATE_TYPES:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not accepted")
    raise UnsupportedMediaType(
        f"POST a query as {FORM} (query=...) or as {DIRECT} (the query as the body), not {mimetype or 'no type'}"
    )


def _refuse_update(params) -> None:
    if "update" in params:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not accepted")


def _single(values: list[str]) -> str | None:
    if len(values) > 1:
        raise BadRequest(f"the request has {len(values)} 'query' parameters; send exactly one")
    if values and not values[0].strip():
        raise BadRequest("the 'query' parameter is empty; send a SPARQL query")
    return values[0] if values else None


def _negotiate(offers: list[str]) -> str:
    """The `format` parameter if given (a media type or a short name), else the best match for Accept."""
    requested = request.values.get("format")
    if requested:
        media_type = FORMAT_NAMES.get(requested.lower(), requested.lower())
        if requested.lower() == "json" and media_type not in offers:  # JSON of a graph is JSON-LD
            media_type = "application/ld+json"
        if media_type not in offers:
            raise BadRequest(f"format={requested!r} is not available for this answer; use one of {', '.join(offers)}")
        return media_type
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    best = accept.best_match(offers)
    if best is None:
        raise NotAcceptable(f"this answer can be sent as {', '.join(offers)}; none of them is in the Accept header")
    return best


def plain_error(error: HTTPException) -> Response:
    """Client errors as text a person can read (and a SPARQL client shows as is)."""
    return Response(
        f"{error.code} {error.name}: {error.description}\n", status=error.code, content_type="text/plain; charset=utf-8"
    )
