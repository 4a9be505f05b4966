"""Media types of SPARQL answers and how pyoxigraph writes each."""

from __future__ import annotations

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat

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
CHARSET_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "text/plain"}


def offers_for(result: QuerySolutions | QueryBoolean | QueryTriples) -> list[str]:
    """The media types this kind of answer can be written in, preferred first."""
    if isinstance(result, QueryTriples):
        return list(GRAPH_FORMATS)
    if isinstance(result, QueryBoolean):  # CSV/TSV have no boolean form in the SPARQL 1.1 specs
        return [t for t in RESULTS_FORMATS if not t.startswith("text/")]
    return list(RESULTS_FORMATS)


def serialize(result: QuerySolutions | QueryBoolean | QueryTriples, media_type: str) -> bytes:
    if isinstance(result, QueryTriples):
        return result.serialize(format=GRAPH_FORMATS[media_type])
    return result.serialize(format=RESULTS_FORMATS[media_type])


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in CHARSET_TYPES else media_type
