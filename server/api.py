"""The catalogue's stored queries as a REST API, in the manner of grlc (https://github.com/CLARIAH/grlc).

`GET /api/queries` lists them; `GET /api/queries/<name>?param=value` runs one. Parameters are the query's
grlc-style variables (`?_name_type` required, `?__name_type` optional); a value is checked against its type
and bound as an RDF term through pyoxigraph's `substitutions` (SPARQL SEP-0007), never pasted into the text.
`GET /api/openapi.json` describes every route in OpenAPI 3.
"""

from __future__ import annotations

from typing import Any

from alliance_kg.queries.catalogue import XSD, Parameter, Query
from alliance_kg.queries.parameters import ParameterError, substitutions, type_hint
from alliance_kg.server import answers
from alliance_kg.server.dumps import DUMPS
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
    text = {"schema": {"type": "string"}}
    error = {"description": "what was wrong and what to do", "content": {"text/plain": text}}
    results = {
        "description": "SPARQL results (JSON, or CSV/TSV by Accept or `format`)",
        "headers": {
            "X-Result-Rows-Capped": {
                "description": "present when the answer was cut at this many rows (MAX_ROWS)",
                "schema": {"type": "integer"},
            }
        },
        "content": {t: {"schema": {"type": "object"} if "json" in t else {"type": "string"}} for t in ANSWER_TYPES},
    }
    fmt = {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "answer format, overriding Accept: json, csv, tsv",
        "schema": {"type": "string", "enum": ["json", "csv", "tsv"]},
    }
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "summary": "List the stored queries with their parameters",
                "operationId": "listQueries",
                "responses": {
                    "200": {
                        "description": "the catalogue",
                        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
                    }
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This OpenAPI document",
                "operationId": "openapi",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3 document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/sparql": {
            "get": {
                "summary": "SPARQL 1.1 Protocol query; without `query`, the SPARQL Service Description",
                "operationId": "sparqlGet",
                "parameters": [
                    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"}},
                    {
                        "name": "default-graph-uri",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
                    },
                    {
                        "name": "named-graph-uri",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
                    },
                    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "results, a graph, or the service description"},
                    "400": error,
                    "406": error,
                    "503": error,
                },
            },
            "post": {
                "summary": "SPARQL 1.1 Protocol query by POST (form-encoded, or the query as application/sparql-query)",
                "operationId": "sparqlPost",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {"query": {"type": "string"}},
                                "required": ["query"],
                            }
                        },
                        "application/sparql-query": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "200": {"description": "results or a graph"},
                    "400": error,
                    "406": error,
                    "415": error,
                    "503": error,
                },
            },
        },
        "/.well-known/void": {
            "get": {
                "summary": "VoID description of the dataset (Turtle, JSON-LD, N-Triples, RDF/XML by Accept)",
                "operationId": "void",
                "responses": {"200": {"description": "the VoID description", "content": {"text/turtle": text}}},
            }
        },
        "/dumps/{name}": {
            "get": {
                "summary": "The named graphs as a gzipped TriG or N-Quads file",
                "operationId": "dump",
                "parameters": [
                    {"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": list(DUMPS)}}
                ],
                "responses": {
                    "200": {
                        "description": "the dump",
                        "content": {"application/gzip": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "304": {"description": "not modified (If-None-Match)"},
                    "404": error,
                },
            }
        },
    }
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
        paths[f"/api/queries/{query.name}"] = {
            "get": {
                "summary": query.title,
                "description": query.description,
                "operationId": query.name,
                "tags": list(query.tags),
                "parameters": [*parameters, fmt],
                "responses": {"200": results, "400": error, "406": error, "503": error},
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "alliance-kg",
            "version": "1",
            "description": "Stored SPARQL queries over the alliance-kg knowledge graph, in the manner of grlc, "
            "beside the SPARQL 1.1 endpoint, its descriptions and the dumps.",
        },
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": paths,
    }
