"""The formats answers are written in, which one a request gets (`negotiate`), and the writers.

Formats are pyoxigraph's `QueryResultsFormat` and `RdfFormat`, which carry each one's media type, W3C IRI and file
extension; a route offers some of them (best first) and `negotiate` picks one by the `format` parameter or Accept.
Solutions are written as SPARQL results JSON and, for the other results formats, rewritten by pyoxigraph's writers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from alliance_kg.ontology.namespaces import PREFIXES
from alliance_kg.server import jsonld
from flask import current_app, has_request_context, request
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse_query_results,
    serialize,
)
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import BadRequest, NotAcceptable

Format = QueryResultsFormat | RdfFormat

HTML = "text/html"
RESULTS = (QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV)
GRAPHS = (RdfFormat.TURTLE, RdfFormat.N_TRIPLES, RdfFormat.JSON_LD, RdfFormat.RDF_XML)
DATASETS = (RdfFormat.TRIG, RdfFormat.N_QUADS)  # several graphs: the dumps, not a CONSTRUCT answer (one graph)
# Media types clients also send for some of them; offered after the registered ones.
ALIASES: dict[str, Format] = {
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
    "text/plain": RdfFormat.N_TRIPLES,
}
# The W3C's IRI where pyoxigraph 0.5.13 names another (https://www.w3.org/ns/formats/data/JSON-LD).
W3C_IRIS = {RdfFormat.JSON_LD: "http://www.w3.org/ns/formats/JSON-LD"}

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def media_type(format: Format) -> str:
    """The format's media type without parameters (pyoxigraph gives CSV and TSV a charset)."""
    return format.media_type.split(";")[0]


def media_types(*formats: Format) -> list[str]:
    return [media_type(f) for f in formats]


FORMATS: dict[str, Format] = {media_type(f): f for f in (*RESULTS, *GRAPHS, *DATASETS)} | ALIASES
# Names for the `format` parameter besides media types: each format's file extension (ttl, nt, srj, …) and the
# words people write; "json" is the JSON form of whatever the answer is (SPARQL results JSON, or JSON-LD).
NAMES: dict[str, str] = {f.file_extension: media_type(f) for f in (*RESULTS, *GRAPHS, *DATASETS)} | {
    "json": media_type(QueryResultsFormat.JSON),
    "xml": media_type(QueryResultsFormat.XML),
    "turtle": media_type(RdfFormat.TURTLE),
    "ntriples": media_type(RdfFormat.N_TRIPLES),
    "rdfxml": media_type(RdfFormat.RDF_XML),
    "nquads": media_type(RdfFormat.N_QUADS),
    "html": HTML,
}


def format_iri(format: Format) -> str:
    """The format's IRI in the W3C's list (https://www.w3.org/ns/formats/)."""
    return W3C_IRIS.get(format, format.iri)


def offers_for(kind: str) -> list[str]:
    """The media types an answer of this kind ("solutions", "boolean", "graph") can be written in, best first."""
    if kind == "graph":
        return [*media_types(*GRAPHS), "text/plain"]
    results = [*media_types(*RESULTS), "application/json", "application/xml"]
    if kind == "boolean":  # CSV/TSV have no boolean form in the SPARQL 1.1 specs
        return [t for t in results if not t.startswith("text/")]
    return results


def negotiate(offers: Sequence[str], kind: str = "") -> str:
    """The media type of `offers` (best first) to answer in: the `format` parameter if given (a media type, a file
    extension or a name of `NAMES`), else the best match for Accept, else the first; 400 or 406 if none fits."""
    requested = request.values.get("format")
    if requested:
        wanted = NAMES.get(requested.lower(), requested.lower())
        if requested.lower() == "json" and wanted not in offers:  # JSON of a graph is JSON-LD; of a page, JSON
            wanted = next((t for t in (media_type(RdfFormat.JSON_LD), "application/json") if t in offers), wanted)
        if wanted not in offers:
            raise BadRequest(
                f"format={requested!r} is not available for this answer; use one of {', '.join(offers)}"
                + _quads_note(kind, [wanted])
            )
        return wanted
    accept = request.accept_mimetypes
    if not accept:
        return offers[0]
    # Media type parameters (a JSON-LD profile, a charset) do not change which format is meant.
    best = MIMEAccept([(value.split(";")[0].strip(), quality) for value, quality in accept]).best_match(offers)
    if best is None:
        raise NotAcceptable(
            f"this answer can be sent as {', '.join(offers)}; none of them is in the Accept header"
            + _quads_note(kind, [value for value, _ in accept])
        )
    return best


def _quads_note(kind: str, wanted: list[str]) -> str:
    if kind == "graph" and any(t in media_types(*DATASETS) for t in wanted):
        return (
            ". CONSTRUCT and DESCRIBE answer one graph of triples, not quads, so TriG and N-Quads are not "
            "offered for them; the whole dataset with its named graphs is at /dumps/alliance-kg.trig.gz "
            "and /dumps/alliance-kg.nq.gz"
        )
    return ""


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer in `media_type`: text is always UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def write_rdf(
    data: Iterable[Triple] | Iterable[Quad], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples (or quads, in a dataset format) in `media_type`, with the project's prefixes where the format has any.
    JSON-LD is compact, with the published context (server/jsonld.py), unless the request asks for the expanded
    profile or there are more than JSONLD_COMPACT_MAX_TRIPLES."""
    if FORMATS[media_type] == RdfFormat.JSON_LD and has_request_context():
        config = current_app.config
        expanded = jsonld.wants_expanded(value for value, _ in request.accept_mimetypes)
        return jsonld.write(data, config["PUBLIC_BASE"], int(config["JSONLD_COMPACT_MAX_TRIPLES"]), expanded)
    return serialize(data, format=FORMATS[media_type], prefixes={**PREFIXES, **(prefixes or {})})


class AnswerTooLarge(Exception):
    """An answer written larger than `MAX_ANSWER_BYTES` (`size` bytes, or None when the writer gave up before)."""

    def __init__(self, size: int | None, limit: int, note: str = "") -> None:
        super().__init__(f"{size} bytes, limit {limit}")
        self.size = size
        self.limit = limit
        self.note = note


def write_answer(
    kind: str,
    media_type: str,
    max_bytes: int,
    variables: Sequence[str] = (),
    rows: Iterable[Any] = (),
    boolean: bool = False,
) -> bytes:
    """An answer ("solutions", "boolean" or "graph") written in `media_type`; AnswerTooLarge beyond `max_bytes`."""
    if kind == "boolean":
        body = write_boolean(boolean, media_type)
    elif kind == "graph":
        body = write_rdf(rows, media_type)
    else:  # results JSON first, checked before it is rewritten into another format
        body = rewrite_solutions(_bounded(_results_json(list(variables), rows), max_bytes), media_type)
    return _bounded(body, max_bytes)


def _bounded(body: bytes, max_bytes: int) -> bytes:
    if len(body) > max_bytes:
        raise AnswerTooLarge(len(body), max_bytes)
    return body


def write_solutions(variables: list[str], rows: Iterable[tuple[Any, ...]], media_type: str) -> bytes:
    return rewrite_solutions(_results_json(variables, rows), media_type)


def _results_json(variables: list[str], rows: Iterable[tuple[Any, ...]]) -> bytes:
    document = {
        "head": {"vars": variables},
        "results": {
            "bindings": [
                {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
                for row in rows
            ]
        },
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def rewrite_solutions(results_json: bytes, media_type: str) -> bytes:
    """Solutions already written as SPARQL results JSON (by a query process), in `media_type`."""
    if FORMATS[media_type] == QueryResultsFormat.JSON:
        return results_json
    return _rewrite(results_json, media_type)


def write_boolean(value: bool, media_type: str) -> bytes:
    return _rewrite(json.dumps({"head": {}, "boolean": value}).encode("utf-8"), media_type)


def _rewrite(results_json: bytes, media_type: str) -> bytes:
    """Results JSON written by pyoxigraph's writer of `media_type`. Its reader refuses a single value of 8 MiB or
    more ("Reached the buffer maximal size"): AnswerTooLarge, with a note that says what to ask for instead."""
    try:
        return parse_query_results(results_json, format=QueryResultsFormat.JSON).serialize(format=FORMATS[media_type])
    except MemoryError as error:
        raise AnswerTooLarge(
            None,
            len(results_json),
            f"a single value of the answer is too long to be rewritten into {media_type} ({error}); ask for "
            "application/sparql-results+json, which is sent as it is written",
        ) from error


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
