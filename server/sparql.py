"""The SPARQL 1.1 Protocol endpoint (query operation): GET, POST form, and POST of the query itself.

https://www.w3.org/TR/sparql11-protocol/ — every client error is a 4xx with a plain-text message saying what
was wrong and what to do; a query that does not parse gets 400 with the parser's own message. `GET /sparql`
without a query answers with the SPARQL 1.1 Service Description (server/service.py), or the query page for a
browser.
"""

from __future__ import annotations

import dataclasses

from alliance_kg.server import cache, federation, update
from alliance_kg.server.executor import Answer, Job, QueryBusy, QueryCrashed, QueryRejected, QueryTimeout
from alliance_kg.server.formats import (
    DATASET_FORMATS,
    content_type,
    offers_for,
    rewrite_solutions,
    write_boolean,
    write_graph,
    write_solutions,
)
from alliance_kg.server.limits import check_query_length
from alliance_kg.store.errors import BackendUnavailable
from flask import Blueprint, Response, current_app, render_template, request
from pyoxigraph import NamedNode
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    NotAcceptable,
    ServiceUnavailable,
    UnsupportedMediaType,
)

blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE_TYPES = {"application/sparql-update"}
CAPPED_HEADER = "X-Result-Rows-Capped"
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
    "trig": "application/trig",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
}


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | str:
    if update.is_update_request():  # off unless UPDATE_TOKEN is configured, then only with that bearer token
        return update.handle()
    query = _query_from_request()
    if query is not None:
        check_query_length(query)
    if query is None:
        if _wants_html():
            from alliance_kg.server.api import catalogue

            examples = catalogue()
            return render_template("sparql.html", examples=examples, query=examples["article_v_domains"].text)
        from alliance_kg.server.service import service_description

        return service_description()
    default_graph, named_graphs = _dataset()
    job = Job(query, base_iri=request.base_url, default_graph=default_graph, named_graphs=named_graphs)
    return cache.respond(job, lambda: answer_response(run_query(job)))  # server/cache.py: cached answers, ETags


def run_query(job: Job) -> Answer:
    """Evaluate with the app's limits; turn every failure into an HTTP error that says what to do."""
    config = current_app.config
    _refuse_service(job.query)  # here, so that every path to the executor (/sparql, /api/queries) is checked
    job = dataclasses.replace(job, max_rows=int(config["MAX_ROWS"]))
    try:
        return current_app.extensions["alliance_kg.executor"].run(job)
    except QueryRejected as error:
        if error.syntax:
            raise BadRequest(f"the query does not parse: {error}") from error
        raise BadRequest(f"the query could not be evaluated: {error}") from error
    except QueryTimeout as error:
        raise ServiceUnavailable(
            f"the query ran longer than this endpoint's time limit of {config['QUERY_TIMEOUT']} s (QUERY_TIMEOUT) "
            "and was stopped. Make it more selective (LIMIT does not shorten ORDER BY or GROUP BY), download the "
            "data from /dumps/ and query your own copy, or run the server with a larger QUERY_TIMEOUT."
        ) from error
    except BackendUnavailable as error:  # BACKEND "sparql": the endpoint is down or failed (server/remote.py)
        raise ServiceUnavailable(f"{error}; try again in a moment", retry_after=5) from error
    except QueryCrashed as error:
        raise ServiceUnavailable(
            "the process evaluating the query died (most likely out of memory); make the query more selective"
        ) from error
    except QueryBusy as error:
        raise ServiceUnavailable(
            f"all {config['QUERY_PROCESSES']} query processes stayed busy for {config['QUERY_TIMEOUT']} s "
            "(QUERY_PROCESSES); try again in a moment",
            retry_after=5,
        ) from error


def answer_response(answer: Answer, offers: list[str] | None = None) -> Response:
    """The answer in the negotiated format, with `X-Result-Rows-Capped: N` when it was cut at N rows."""
    media_type = negotiate(offers or offers_for(answer.kind), answer.kind)
    if answer.kind == "boolean":
        body = write_boolean(answer.boolean, media_type)
    elif answer.kind == "graph":
        body = write_graph(answer.rows, media_type)
    elif answer.body is not None:  # solutions a query process wrote as results JSON (server/executor.py)
        body = rewrite_solutions(answer.body, media_type)
    else:
        body = write_solutions(answer.variables, answer.rows, media_type)
    response = Response(body, content_type=content_type(media_type), headers={"Vary": "Accept"})
    if answer.capped:
        response.headers[CAPPED_HEADER] = str(current_app.config["MAX_ROWS"])
    return response


def _query_from_request() -> str | None:
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without the body
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


def _dataset() -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """`default-graph-uri` and `named-graph-uri` (SPARQL 1.1 Protocol § 2.1.4): when either is given, they
    make the whole dataset (and override FROM / FROM NAMED); when neither is, the service's dataset is used."""
    params = request.form if request.method == "POST" and request.mimetype == FORM else request.args
    defaults = [_graph_iri(v, "default-graph-uri") for v in params.getlist("default-graph-uri")]
    named = [_graph_iri(v, "named-graph-uri") for v in params.getlist("named-graph-uri")]
    if not defaults and not named:
        return None, None
    return tuple(defaults), tuple(named)


def _graph_iri(value: str, parameter: str) -> str:
    try:
        return NamedNode(value.strip()).value
    except ValueError as error:
        raise BadRequest(f"{parameter}={value!r} is not an absolute IRI ({error}); name a graph by its IRI") from error


def _refuse_service(query: str) -> None:
    """SERVICE only to the endpoints of SERVICE_ALLOWLIST, and LOAD never, checked before anything runs or any
    connection is made (server/federation.py: rdflib's parser finds the endpoints; DNS is checked now)."""
    allowlist = current_app.extensions.get(federation.EXTENSION) or federation.init_app(current_app)
    try:
        federation.check(query, allowlist)
    except federation.LoadRefused as error:
        raise Forbidden(str(error)) from error
    except federation.ServiceRefused as error:
        raise BadRequest(str(error)) from error


def _refuse_update(params) -> None:
    if "update" in params:
        raise Forbidden("this endpoint is read-only: SPARQL Update is not accepted")


def _single(values: list[str]) -> str | None:
    if len(values) > 1:
        raise BadRequest(f"the request has {len(values)} 'query' parameters; send exactly one")
    if values and not values[0].strip():
        raise BadRequest("the 'query' parameter is empty; send a SPARQL query")
    return values[0] if values else None


def _wants_html() -> bool:
    offers = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "text/html"]
    return request.accept_mimetypes.best_match(offers) == "text/html" and not request.values.get("format")


def negotiate(offers: list[str], kind: str = "") -> str:
    """The `format` parameter if given (a media type or a short name), else the best match for Accept."""
    requested = request.values.get("format")
    if requested:
        media_type = FORMAT_NAMES.get(requested.lower(), requested.lower())
        if requested.lower() == "json" and media_type not in offers:  # JSON of a graph is JSON-LD
            media_type = "application/ld+json"
        if media_type not in offers:
            raise BadRequest(
                f"format={requested!r} is not available for this answer; use one of {', '.join(offers)}"
                + _quads_note(kind, [media_type])
            )
        return media_type
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    best = accept.best_match(offers)
    if best is None:
        raise NotAcceptable(
            f"this answer can be sent as {', '.join(offers)}; none of them is in the Accept header"
            + _quads_note(kind, [value for value, _ in accept])
        )
    return best


def _quads_note(kind: str, wanted: list[str]) -> str:
    if kind == "graph" and any(t in DATASET_FORMATS for t in wanted):
        return (
            ". CONSTRUCT and DESCRIBE answer one graph of triples, not quads, so TriG and N-Quads are not "
            "offered for them; the whole dataset with its named graphs is at /dumps/alliance-kg.trig.gz "
            "and /dumps/alliance-kg.nq.gz"
        )
    return ""


def plain_error(error: HTTPException) -> Response:
    """Client errors as text a person can read (and a SPARQL client shows as is)."""
    response = Response(
        f"{error.code} {error.name}: {error.description}\n", status=error.code, content_type="text/plain; charset=utf-8"
    )
    for name in ("Allow", "Retry-After"):
        if error.get_headers() and dict(error.get_headers()).get(name):
            response.headers[name] = dict(error.get_headers())[name]
    return response
