"""Media types of SPARQL answers, and how each is written.

Answers are cut at the row cap before they are written (see server/executor.py), so they are written from
lists of terms: solutions as SPARQL results JSON, which pyoxigraph parses back and writes in the other results
formats (its own XML, CSV and TSV writers), graphs with `pyoxigraph.serialize`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from alliance_kg.ontology.namespaces import PREFIXES
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# The first of each list is what a client gets when it accepts anything.
RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
}
GRAPH_FORMATS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "text/plain": RdfFormat.N_TRIPLES,
}
# Formats of datasets (several graphs): the dumps are written in them; a CONSTRUCT answer (one graph) is not.
DATASET_FORMATS: dict[str, RdfFormat] = {
    "application/trig": RdfFormat.TRIG,
    "application/n-quads": RdfFormat.N_QUADS,
}
CHARSET_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "text/plain"}


def offers_for(kind: str) -> list[str]:
    """The media types an answer of this kind ("solutions", "boolean", "graph") can be written in, best first."""
    if kind == "graph":
        return list(GRAPH_FORMATS)
    if kind == "boolean":  # CSV/TSV have no boolean form in the SPARQL 1.1 specs
        return [t for t in RESULTS_FORMATS if not t.startswith("text/")]
    return list(RESULTS_FORMATS)


def write_solutions(variables: list[str], rows: Iterable[tuple[Any, ...]], media_type: str) -> bytes:
    document = {
        "head": {"vars": variables},
        "results": {
            "bindings": [
                {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
                for row in rows
            ]
        },
    }
    return _rewrite(json.dumps(document, ensure_ascii=False).encode("utf-8"), media_type)


def rewrite_solutions(results_json: bytes, media_type: str) -> bytes:
    """Solutions already written as SPARQL results JSON (by a query process), in `media_type`."""
    if RESULTS_FORMATS[media_type] == QueryResultsFormat.JSON:
        return results_json
    return _rewrite(results_json, media_type)


def write_boolean(value: bool, media_type: str) -> bytes:
    return _rewrite(json.dumps({"head": {}, "boolean": value}).encode("utf-8"), media_type)


def write_graph(triples: Iterable[Triple], media_type: str, prefixes: dict[str, str] | None = None) -> bytes:
    rdf_format = GRAPH_FORMATS[media_type]
    if rdf_format in (RdfFormat.TURTLE, RdfFormat.RDF_XML):
        return serialize(triples, format=rdf_format, prefixes={**PREFIXES, **(prefixes or {})})
    return serialize(triples, format=rdf_format)


def _rewrite(results_json: bytes, media_type: str) -> bytes:
    return parse_query_results(results_json, format=QueryResultsFormat.JSON).serialize(
        format=RESULTS_FORMATS[media_type]
    )


def _json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 Query Results JSON Format (with RDF 1.2 triple terms as `"type": "triple"`)."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in CHARSET_TYPES else media_type
