"""Reading the server's JSON-LD as a JSON-LD client does: PyLD, with a document loader that fetches the published
context from the live server on 127.0.0.1 (where w3id.org would redirect a client in deployment) and nothing else."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterable

from pyld import jsonld
from pyoxigraph import CanonicalizationAlgorithm, Dataset, Quad, RdfFormat, Triple, parse

CONTEXT = "https://w3id.org/alliance-kg/context.jsonld"


def loader_from(server: str):
    """A PyLD document loader: the published context's IRI read from `server`'s /context.jsonld, any other URL
    refused, so a test never reaches beyond 127.0.0.1."""

    def load(url: str, options=None) -> dict:
        if url != CONTEXT:
            raise jsonld.JsonLdError(f"test loader refuses {url}", "jsonld.LoadDocumentError")
        with urllib.request.urlopen(f"{server}/context.jsonld", timeout=30) as response:
            assert response.headers["Content-Type"].startswith("application/ld+json")
            return {"contextUrl": None, "documentUrl": url, "document": json.loads(response.read())}

    return load


def quads(body: bytes | str, server: str) -> list[Quad]:
    """The quads of a JSON-LD document (any form), read with PyLD and the server's published context."""
    nquads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads", "documentLoader": loader_from(server)})
    return list(parse(nquads.encode("utf-8"), format=RdfFormat.N_QUADS))


def canonical(items: Iterable[Quad] | Iterable[Triple]) -> set[Quad]:
    """Quads (triples go to the default graph) with canonical blank node labels, to compare as sets."""
    dataset = Dataset(q if isinstance(q, Quad) else Quad(q.subject, q.predicate, q.object) for q in items)
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)
