"""Compact JSON-LD: any triples or quads as a JSON-LD document that names the graph's published context.

The context (ontology/context.py) is served at `/context.jsonld`; its IRI is `PUBLIC_BASE` + `context.jsonld`.
PyLD compacts with a document loader that knows this one context and refuses any other URL, so no context is
ever fetched from the network. A client that cannot load remote contexts asks for the expanded form with
`Accept: application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"` (pyoxigraph's writer).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import chain, islice
from typing import Any

from alliance_kg.ontology.context import CONTEXT_FILE_NAME, jsonld_context
from pyld import jsonld
from pyoxigraph import Quad, RdfFormat, Triple, serialize

EXPANDED = "http://www.w3.org/ns/json-ld#expanded"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def context_url(public_base: str) -> str:
    """The stable IRI of the context: documents name it in `@context`."""
    return public_base + CONTEXT_FILE_NAME


def context_bytes() -> bytes:
    return json.dumps(jsonld_context(), ensure_ascii=False, indent=2).encode("utf-8")


def document_loader(public_base: str) -> Callable[..., dict[str, Any]]:
    """A PyLD document loader that answers the context's IRI with the context and refuses every other URL."""
    url_of_context = context_url(public_base)

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url != url_of_context:
            raise jsonld.JsonLdError(
                f"only the context {url_of_context} is loaded; {url} is not fetched",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": jsonld_context()}

    return load


def write(data: Iterable[Triple] | Iterable[Quad], public_base: str, max_triples: int, expanded: bool = False) -> bytes:
    """The triples (or quads: named graphs become `@graph` objects) as JSON-LD: compact with the published context,
    or expanded (pyoxigraph's writer) when asked for or when there are more than `max_triples`, which bounds the time
    PyLD may take (see JSONLD_COMPACT_MAX_TRIPLES in docs/configuration.md)."""
    rest = iter(data)
    head = list(islice(rest, max_triples + 1))
    if expanded or len(head) > max_triples:
        return serialize(chain(head, rest), format=RdfFormat.JSON_LD)
    document = json.loads(serialize(head, format=RdfFormat.JSON_LD))
    _types_as_keyword(document)
    compacted = jsonld.compact(document, context_url(public_base), {"documentLoader": document_loader(public_base)})
    return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")


def _types_as_keyword(nodes: list[dict[str, Any]]) -> None:
    """`rdf:type` with IRI or blank node values as `@type`, as JSON-LD's fromRdf does (pyoxigraph keeps rdf:type)."""
    for node in nodes:
        _types_as_keyword(node.get("@graph", []))
        values = node.get(RDF_TYPE, [])
        types = [value["@id"] for value in values if set(value) == {"@id"}]
        if types:
            rest = [value for value in values if set(value) != {"@id"}]
            node["@type"] = types
            if rest:
                node[RDF_TYPE] = rest
            else:
                del node[RDF_TYPE]


def to_quads(document: bytes | str | dict, public_base: str) -> list[Quad]:
    """A JSON-LD document (compact with our context, or expanded) read back as quads, with the same local loader."""
    from pyoxigraph import parse

    if not isinstance(document, dict):
        document = json.loads(document)
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader(public_base)})
    return list(parse(nquads.encode("utf-8"), format=RdfFormat.N_QUADS))


def wants_expanded(accept_values: Iterable[str]) -> bool:
    """Whether an Accept header's JSON-LD entry asks for the expanded profile."""
    return any(value.split(";")[0].strip() == "application/ld+json" and EXPANDED in value for value in accept_values)
