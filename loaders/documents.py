"""The source documents as graph nodes: their metadata, and the claims the metadata quotes from each text."""

from __future__ import annotations

from typing import Any

from alliance_kg.loaders.claims import date_literal, enclosing_unit
from alliance_kg.loaders.sources import SourceText
from alliance_kg.ontology import AKG, DOC, GRAPH
from alliance_kg.ontology.namespaces import DCTERMS, RDF, RDFS, SCHEMA, XSD
from pyoxigraph import Literal, NamedNode, Quad


def document_quads(source: SourceText) -> list[Quad]:
    """What the project knows of the file itself: name, checksum, full text (when it may be redistributed), address,
    rights, and date with its basis."""
    doc, g = DOC[source.id], GRAPH.documents
    quads = [
        Quad(doc, RDF.type, AKG.SourceDocument, g),
        Quad(doc, RDFS.label, Literal(source.metadata.get("title") or f"Source document {source.id}"), g),
        Quad(doc, AKG.fileName, Literal(source.path.name), g),
        Quad(doc, SCHEMA.sha256, Literal(source.sha256), g),
        Quad(
            doc,
            AKG.textRedistributable,
            Literal("true" if source.redistributable else "false", datatype=XSD.boolean),
            g,
        ),
        Quad(doc, AKG.dateBasis, Literal(source.date_basis), g),
        Quad(doc, AKG.dateEvidence, Literal(source.date_evidence, language="en"), g),
    ]
    if source.redistributable:  # otherwise the claims' quotes and offsets are all the graph holds of the text
        quads.append(Quad(doc, SCHEMA.text, Literal(source.text), g))
    meta = source.metadata
    if meta.get("url"):
        quads.append(Quad(doc, SCHEMA.url, NamedNode(str(meta["url"]).strip()), g))
    if meta.get("license"):
        quads.append(Quad(doc, DCTERMS.license, NamedNode(str(meta["license"]).strip()), g))
    if meta.get("rights"):
        quads.append(Quad(doc, DCTERMS.rights, Literal(" ".join(str(meta["rights"]).split()), language="en"), g))
    # The date is here whether stated or inferred (akg:dateBasis says which); a stated one is also a claim with its quote.
    unit = enclosing_unit(source.date)
    if unit is not None:
        quads.append(Quad(doc, DCTERMS.issued, date_literal(unit), g))
    if source.date.precision is None:
        quads.append(Quad(doc, AKG.earliestDate, Literal(source.date.earliest.isoformat(), datatype=XSD.date), g))
        quads.append(Quad(doc, AKG.latestDate, Literal(source.date.latest.isoformat(), datatype=XSD.date), g))
    for key in ("genre", "notes"):
        if source.metadata.get(key):
            predicate = SCHEMA.genre if key == "genre" else RDFS.comment
            quads.append(Quad(doc, predicate, Literal(source.metadata[key], language="en"), g))
    return quads


def metadata_claims(source: SourceText) -> list[dict[str, Any]]:
    """Claims that the metadata file makes about a document, each resting on a quote of that document."""
    meta = source.metadata
    line = meta.get("__line__")
    claims: list[dict[str, Any]] = []

    def claim(claim_id: str, quote: str, subject: str, relation: str, obj: str, occurrence: str | None = None) -> None:
        item = {
            "__line__": line,
            "id": claim_id,
            "quote": quote,
            "subject": subject,
            "relation": relation,
            "object": obj,
        }
        if occurrence:
            item["occurrence"] = occurrence
        claims.append(item)

    if meta.get("title"):
        claim(
            "meta-title",
            meta["title_quote"],
            "this document",
            "dcterms:title",
            meta["title"],
            meta.get("title_occurrence"),
        )
    for number, author in enumerate(meta.get("authors") or [], start=1):
        claim(f"meta-author-{number}", author["quote"], "this document", "dcterms:creator", author["person"])
        if author.get("affiliation"):
            claim(
                f"meta-affiliation-{number}",
                author["quote"],
                author["person"],
                "schema:affiliation",
                author["affiliation"],
            )
    if meta.get("publisher"):
        claim("meta-publisher", meta["publisher_quote"], "this document", "dcterms:publisher", meta["publisher"])
    if meta.get("originally_published_in"):
        claim(
            "meta-original",
            meta["originally_published_quote"],
            "this document",
            "originallyPublishedIn",
            meta["originally_published_in"],
        )
    if source.date_basis == "stated":
        claim("meta-date", meta["date_quote"], "this document", "dcterms:issued", meta["date"])
    return claims
