"""IRIs of the vocabulary, of the instance data, and of the standard vocabularies the graph reuses."""

from pyoxigraph import NamedNode

BASE = "https://w3id.org/alliance-kg/"


class Namespace(str):
    """An IRI prefix; `ns["local"]` or `ns.local` gives the NamedNode."""

    def __getitem__(self, local: str) -> NamedNode:  # type: ignore[override]
        return NamedNode(str(self) + local)

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("__"):
            raise AttributeError(local)
        return self[local]


AKG = Namespace(BASE + "ontology#")
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
