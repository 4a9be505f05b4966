"""The catalogue's stored queries as a REST API, in the manner of grlc (https://github.com/CLARIAH/grlc).

`GET /api/queries` lists them; `GET /api/queries/<name>?param=value` runs one. Parameters are the query's
grlc-style variables (`?_name_type` required, `?__name_type` optional); a value is checked against its type
and bound as an RDF term through pyoxigraph's `substitutions` (SPARQL SEP-0007), never pasted into the text.
`GET /api/openapi.json` describes every route in OpenAPI 3.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from typing import Any

import yaml
from alliance_kg.queries.catalogue import XSD, Parameter, Query
from alliance_kg.queries.parameters import ParameterError, substitutions, type_hint
from alliance_kg.server import answers
from alliance_kg.server.executor import Job
from alliance_kg.server.formats import media_types, offers_for
from alliance_kg.server.state import state
from flask import Blueprint, Response, jsonify, request, url_for
from pyoxigraph import QueryResultsFormat
from werkzeug.exceptions import BadRequest, NotFound

blueprint = Blueprint("api", __name__, url_prefix="/api")

# What stored queries answer in, best first: results JSON (also as application/json), CSV, TSV; a graph as /sparql.
JSON, CSV, TSV = media_types(QueryResultsFormat.JSON, QueryResultsFormat.CSV, QueryResultsFormat.TSV)
ANSWER_TYPES = [JSON, "application/json", CSV, TSV]
RESERVED = {"format"}
OPENAPI_FILE = "openapi.yaml"  # the static part of /api/openapi.json
SCHEMAS = {  # JSON Schema of a parameter value, by datatype
    XSD + "integer": {"type": "integer"},
    XSD + "decimal": {"type": "number"},
    XSD + "double": {"type": "number"},
    XSD + "boolean": {"type": "boolean"},
    XSD + "date": {"type": "string", "format": "date"},
    XSD + "dateTime": {"type": "string", "format": "date-time"},
    XSD + "gYear": {"type": "string", "pattern": r"^-?\d{4,}$"},
    XSD + "gYearMonth": {"type": "string", "pattern": r"^-?\d{4,}-\d\d$"},
}


@blueprint.get("/queries")
def list_queries() -> Response:
    return jsonify([_summary(query) for query in state().catalogue.values()])


@blueprint.get("/queries/<name>")
def run(name: str) -> Response:
    query = state().catalogue.get(name)
    if query is None:
        raise NotFound(f"there is no stored query {name!r}; GET {url_for('api.list_queries')} lists them")
    values = {key: value for key, value in request.args.items() if key not in RESERVED}
    try:
        bound = substitutions(query, values)
    except ParameterError as error:
        raise BadRequest(str(error)) from error
    job = Job(query.text, base_iri=request.base_url, substitutions={v.value: term for v, term in bound.items()})
    return answers.respond(job, _offers)


def _offers(kind: str) -> list[str]:
    if kind == "graph":
        return offers_for(kind)
    return [t for t in ANSWER_TYPES if kind == "solutions" or not t.startswith("text/")]


def _summary(query: Query) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [_parameter_summary(p) for p in query.parameters],
        "url": url_for("api.run", name=query.name, _external=True),
    }


def _parameter_summary(parameter: Parameter) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "variable": "?" + parameter.variable,
        "required": parameter.required,
        "type": parameter.kind,
        "datatype": parameter.datatype,
        "language": parameter.language,
        "description": type_hint(parameter),
    }


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def openapi_document() -> dict[str, Any]:
    """server/openapi.yaml, with this server's address and one operation per stored query of the catalogue."""
    document = copy.deepcopy(_openapi_file())
    document["servers"] = [{"url": request.host_url.rstrip("/")}]
    for query in state().catalogue.values():
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": type_hint(p),
                "schema": SCHEMAS.get(
                    p.datatype or "", {"type": "string", "format": "uri"} if p.kind == "iri" else {"type": "string"}
                ),
            }
            for p in query.parameters
        ]
        error = {"$ref": "#/components/responses/Error"}
        document["paths"][f"/api/queries/{query.name}"] = {
            "get": {
                "summary": query.title,
                "description": query.description,
                "operationId": query.name,
                "tags": list(query.tags),
                "parameters": [*parameters, {"$ref": "#/components/parameters/Format"}],
                "responses": {
                    "200": {"$ref": "#/components/responses/Results"},
                    "400": error,
                    "406": error,
                    "503": error,
                },
            }
        }
    return document


@cache
def _openapi_file() -> dict[str, Any]:
    with resources.files(__package__).joinpath(OPENAPI_FILE).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
