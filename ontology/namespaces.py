"""IRIs of the vocabulary, of the instance data, and of the standard vocabularies the graph reuses.

`AKG` is closed, as rdflib's closed namespaces are: `AKG.coversDomain` is a term only if the ontology's Turtle
files declare it; any other name raises AttributeError (KeyError when asked by key, `AKG[...]`), so a typo or a term the
ontology lacks fails where it is written, not as a silent IRI in the graph.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

BASE = "https://w3id.org/alliance-kg/"
ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILES: tuple[Path, ...] = tuple(ONTOLOGY_DIR / name for name in ("alliance.ttl", "domains.ttl", "schemes.ttl"))


class Namespace(str):
    """An IRI prefix; `ns["local"]` or `ns.local` gives the NamedNode."""

    def __getitem__(self, local: str) -> NamedNode:  # type: ignore[override]
        return NamedNode(str(self) + local)

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("__"):
            raise AttributeError(local)
        return self[local]


class ClosedNamespace(Namespace):
    """A namespace whose terms are only those `declared()` returns (read when a term is first asked for)."""

    def __new__(cls, base: str, declared):
        namespace = super().__new__(cls, base)
        namespace._declared = declared
        return namespace

    def __getitem__(self, local: str) -> NamedNode:  # type: ignore[override]
        if local not in self._declared():
            raise KeyError(
                f"{self}{local} is not declared in the ontology ({', '.join(f.name for f in ONTOLOGY_FILES)})"
            )
        return NamedNode(str(self) + local)

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("_"):
            raise AttributeError(local)
        try:
            return self[local]
        except KeyError as error:
            raise AttributeError(error.args[0]) from None

    def __contains__(self, local: object) -> bool:  # type: ignore[override]
        return local in self._declared()


@cache
def _ontology_terms() -> frozenset[str]:
    """Local names of every IRI of the ontology namespace that the ontology files describe."""
    base = BASE + "ontology#"
    return frozenset(
        quad.subject.value.removeprefix(base)
        for path in ONTOLOGY_FILES
        for quad in parse(path=str(path), format=RdfFormat.TURTLE)
        if isinstance(quad.subject, NamedNode) and quad.subject.value.startswith(base)
    )


AKG = ClosedNamespace(BASE + "ontology#", _ontology_terms)
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
CLAIM = Namespace(BASE + "claim/")
GRAPH = Namespace(BASE + "graph/")

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "akg": str(AKG),
    "id": str(ID),
    "domain": str(ID) + "domain/",
    "doc": str(DOC),
    "claim": str(CLAIM),
    "graph": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "wd": str(WD),
}
