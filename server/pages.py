"""What the HTML pages show, read from the store: labels, facts with their evidence, documents with their quotes.

The functions here build plain view objects; the templates (server/templates/) decide how they look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from alliance_kg.ontology.namespaces import AKG, DCTERMS, GRAPH, OA, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, WD
from flask import current_app, has_request_context, request
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Store, Variable

PAGE_PATHS = ("id/", "claim/", "doc/", "graph/", "ontology")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label)
HEADER_PROPERTIES = {RDF.type, SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.definition, RDFS.comment, SCHEMA.text}
LINK_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs)
DATE_TYPES = ("xsd:date", "xsd:gYearMonth", "xsd:gYear", "xsd:dateTime")
SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

QUALIFIERS = (
    SPARQL_PREFIXES
    + """SELECT DISTINCT ?claim ?subject ?relation ?object ?qualifier ?value WHERE {
  ?form akg:qualifies ?relation ; akg:subjectProperty ?sp ; akg:objectProperty ?op .
  GRAPH ?claim { ?node a ?form ; ?sp ?subject ; ?op ?object ; ?qualifier ?value . }
  FILTER (?qualifier != rdf:type && ?qualifier != ?sp && ?qualifier != ?op)
}"""
)
QUALIFIED_FORM = (
    SPARQL_PREFIXES
    + """SELECT ?node ?relation ?sp ?op WHERE {
  ?node a ?form . ?form akg:qualifies ?relation ; akg:subjectProperty ?sp ; akg:objectProperty ?op .
}"""
)
CLAIMS_OF_DOCUMENT = SPARQL_PREFIXES + "SELECT ?this ?claim WHERE { ?claim a akg:Claim ; akg:sourceDocument ?this }"


def local_href(iri: str) -> str | None:
    """Where a browser should go for an IRI: this server's page for ours, the IRI itself for other web IRIs."""
    base = current_app.config["PUBLIC_BASE"]
    if iri.startswith(base):
        rest = iri[len(base) :]
        if rest.startswith(PAGE_PATHS):
            root = request.script_root if has_request_context() else ""
            return f"{root}/{rest}"
        return None
    return iri if iri.startswith(("http://", "https://")) else None


@dataclass(frozen=True)
class Term:
    """An IRI or literal as a page shows it."""

    value: str
    label: str
    is_iri: bool = True
    href: str | None = None
    datatype: str | None = None
    language: str | None = None

    @property
    def external(self) -> bool:
        return bool(self.href) and self.href == self.value


@dataclass
class Quote:
    text: str
    start: int
    end: int
    anchor: str  # the id of its place in the document page
    href: str | None  # the document page at that place
    document: Term
    prefix: str = ""
    suffix: str = ""


@dataclass
class Source:
    claim: Term
    document: Term | None
    quotes: list[Quote]


@dataclass
class Statement:
    subject: Term
    relation: Term
    object: Term
    qualifiers: list[tuple[Term, Term]] = field(default_factory=list)


@dataclass
class Fact:
    statement: Statement
    sources: list[Source] = field(default_factory=list)


@dataclass
class FactGroup:
    relation: Term
    inverse: bool  # True: this resource is the object of the relation
    facts: list[Fact]


@dataclass
class ClaimView:
    term: Term
    statements: list[Statement]
    quotes: list[Quote]
    document: Term | None
    note: str | None
    number: int = 0


class Reader:
    """Reads one resource's neighbourhood from the store, with a cache of labels, for one page."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._labels: dict = {}
        self._claims: dict = {}

    def query(self, text: str, **bindings):
        return self.store.query(text, substitutions={Variable(k): v for k, v in bindings.items()})

    def values(self, node, predicate) -> list:
        return [q.object for q in self.store.quads_for_pattern(node, predicate, None, DefaultGraph())]

    def value(self, node, predicate):
        found = self.values(node, predicate)
        return found[0] if found else None

    def quads_about(self, node):
        """Quads of every graph with `node` as subject, then with it as object (a self-reference once)."""
        yield from self.store.quads_for_pattern(node, None, None, None)
        yield from (q for q in self.store.quads_for_pattern(None, None, node, None) if q.subject != node)

    def is_claim(self, graph) -> bool:
        if graph not in self._claims:
            found = isinstance(graph, NamedNode) and self.store.quads_for_pattern(graph, RDF.type, AKG.Claim, None)
            self._claims[graph] = bool(found) and any(True for _ in found)
        return self._claims[graph]

    # --- terms and labels

    def term(self, node) -> Term:
        if isinstance(node, Literal):
            datatype = curie(node.datatype.value) if node.datatype and not node.language else None
            if datatype in ("xsd:string", "rdf:langString"):
                datatype = None
            return Term(node.value, node.value, is_iri=False, datatype=datatype, language=node.language)
        if isinstance(node, BlankNode):
            return Term(str(node), "(anonymous node)")
        return Term(node.value, self.label(node), href=local_href(node.value))

    def label(self, node) -> str:
        if node not in self._labels:
            self._labels[node] = self._find_label(node)
        return self._labels[node]

    def _find_label(self, node: NamedNode) -> str:
        for predicate in LABEL_PROPERTIES:
            labels = self.values(node, predicate)
            english = [label for label in labels if getattr(label, "language", None) in ("en", None)]
            if english or labels:
                return (english or labels)[0].value
        statement = self.qualified_statement(node)
        if statement is not None:
            return f"{statement.subject.label} — {statement.relation.label} — {statement.object.label}"
        return curie(node.value)

    # --- claims, evidence, facts

    def qualified_statement(self, node) -> Statement | None:
        """The statement a qualified (n-ary) node stands for, with its qualifiers; None for other nodes."""
        for row in self.query(QUALIFIED_FORM, node=node):
            subject, obj = self.value(node, row["sp"]), self.value(node, row["op"])
            if subject is None or obj is None:
                return None
            skip = {RDF.type, row["sp"], row["op"]}
            qualifiers = [
                (self.term(q.predicate), self.term(q.object))
                for q in self.store.quads_for_pattern(node, None, None, DefaultGraph())
                if q.predicate not in skip
            ]
            return Statement(self.term(subject), self.term(row["relation"]), self.term(obj), sorted_pairs(qualifiers))
        return None

    def qualifiers(self, claim, subject, relation, obj) -> list[tuple[Term, Term]]:
        rows = self.query(QUALIFIERS, claim=claim, subject=subject, relation=relation, object=obj)
        return sorted_pairs([(self.term(r["qualifier"]), self.term(r["value"])) for r in rows])

    def evidence(self, claim: NamedNode) -> list[Quote]:
        """The claim's quotes: each Web Annotation target with its quote and position selectors."""
        local = claim.value.rsplit("/", 1)[-1]
        quotes = []
        for target in self.values(claim, OA.hasTarget):
            document = self.value(target, OA.hasSource)
            selectors = {self.value(s, RDF.type): s for s in self.values(target, OA.hasSelector)}
            text, position = selectors.get(OA.TextQuoteSelector), selectors.get(OA.TextPositionSelector)
            if document is None or text is None or position is None:
                continue
            anchor = f"quote-{local}-{target.value.rsplit('#', 1)[-1].removeprefix('quote-')}"
            document_term = self.term(document)
            quotes.append(
                Quote(
                    text=self.value(text, OA.exact).value,
                    start=int(self.value(position, OA.start).value),
                    end=int(self.value(position, OA.end).value),
                    anchor=anchor,
                    href=f"{document_term.href}#{anchor}" if document_term.href else None,
                    document=document_term,
                    prefix=getattr(self.value(text, OA.prefix), "value", ""),
                    suffix=getattr(self.value(text, OA.suffix), "value", ""),
                )
            )
        return sorted(quotes, key=lambda q: _number(q.anchor))

    def source(self, claim: NamedNode) -> Source:
        document = self.value(claim, AKG.sourceDocument)
        return Source(self.term(claim), self.term(document) if document else None, self.evidence(claim))

    def claim_statements(self, claim: NamedNode) -> list[Statement]:
        """What a claim asserts, qualified nodes folded into the statement they qualify."""
        triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, claim)]
        qualified = {t.subject for t in triples if self.qualified_statement(t.subject) is not None}
        statements = [
            Statement(
                self.term(t.subject),
                self.term(t.predicate),
                self.term(t.object),
                self.qualifiers(claim, t.subject, t.predicate, t.object),
            )
            for t in triples
            if t.subject not in qualified
        ]
        return sorted(statements, key=lambda s: (s.subject.label, s.relation.label, s.object.label))

    def claim_view(self, claim: NamedNode) -> ClaimView:
        source = self.source(claim)
        note = self.value(claim, RDFS.comment)
        return ClaimView(
            self.term(claim), self.claim_statements(claim), source.quotes, source.document, note.value if note else None
        )

    def fact_groups(self, node: NamedNode) -> list[FactGroup]:
        """Every claimed fact about `node`, by relation and direction; each fact with each source that states it."""
        groups: dict[tuple[bool, NamedNode], dict[tuple, Fact]] = {}
        sources: dict[NamedNode, Source] = {}
        for quad in self.quads_about(node):
            claim, subject, relation, obj = quad.graph_name, quad.subject, quad.predicate, quad.object
            if not self.is_claim(claim):
                continue
            inverse = subject != node
            if inverse and isinstance(subject, NamedNode):
                qualified = self.qualified_statement(subject)
                if qualified is not None and not any(q.value == relation.value for q, _ in qualified.qualifiers):
                    continue  # the node's link to its subject or object: the shortcut fact shows it
            qualifiers = self.qualifiers(claim, subject, relation, obj)
            statement = Statement(self.term(subject), self.term(relation), self.term(obj), qualifiers)
            key = (statement.object.value if not inverse else statement.subject.value, _pairs_key(qualifiers))
            fact = groups.setdefault((inverse, relation), {}).setdefault(key, Fact(statement))
            if claim not in sources:
                sources[claim] = self.source(claim)
            fact.sources.append(sources[claim])
        result = []
        for (inverse, relation), facts in groups.items():
            ordered = sorted(facts.values(), key=lambda f: _fact_order(f, inverse))
            for fact in ordered:
                fact.sources.sort(key=lambda s: s.claim.value)
            result.append(FactGroup(self.term(relation), inverse, ordered))
        return sorted(result, key=lambda g: (g.inverse, g.relation.label))

    def other_statements(self, node: NamedNode) -> list[tuple[bool, Term, list[Term], list[Term]]]:
        """Statements outside claims (registry, ontology, links), as (inverse, relation, values, graphs)."""
        grouped: dict[tuple[bool, NamedNode], tuple[dict, dict]] = {}
        for quad in self.quads_about(node):
            graph = quad.graph_name
            if graph == DefaultGraph() or graph == GRAPH.evidence or self.is_claim(graph):
                continue
            inverse = quad.subject != node
            if not inverse and quad.predicate in HEADER_PROPERTIES | set(LINK_PROPERTIES):
                continue
            values, graphs = grouped.setdefault((inverse, quad.predicate), ({}, {}))
            values[quad.subject if inverse else quad.object] = None
            graphs[graph] = None
        return [
            (inverse, self.term(predicate), [self.term(v) for v in values], [self.term(g) for g in graphs])
            for (inverse, predicate), (values, graphs) in sorted(
                grouped.items(), key=lambda i: (i[0][0], i[0][1].value)
            )
        ]

    def header(self, node: NamedNode) -> dict:
        """Labels, types, definitions and outside links of a resource."""
        links = [self.term(v) for p in LINK_PROPERTIES for v in self.values(node, p)]
        return {
            "term": self.term(node),
            "iri": node.value,
            "pref_labels": [self.term(v) for v in self.values(node, SKOS.prefLabel)],
            "labels": [self.term(v) for v in self.values(node, RDFS.label)],
            "alt_labels": sorted((self.term(v) for v in self.values(node, SKOS.altLabel)), key=lambda t: t.label),
            "types": [self.term(v) for v in self.values(node, RDF.type)],
            "definitions": [self.term(v) for v in self.values(node, SKOS.definition)],
            "comments": [self.term(v) for v in self.values(node, RDFS.comment)],
            "links": [(link, site_of(link.value)) for link in links],
            "qualified": self.qualified_statement(node),
        }


def entity_page(store: Store, node: NamedNode) -> dict:
    reader = Reader(store)
    return {**reader.header(node), "facts": reader.fact_groups(node), "other": reader.other_statements(node)}


def claim_page(store: Store, node: NamedNode) -> dict:
    reader = Reader(store)
    return {**reader.header(node), "claim": reader.claim_view(node), "other": reader.other_statements(node)}


def document_page(store: Store, node: NamedNode) -> dict:
    reader = Reader(store)
    text = reader.value(node, SCHEMA.text)
    claims = [reader.claim_view(row["claim"]) for row in reader.query(CLAIMS_OF_DOCUMENT, this=node)]
    claims.sort(key=lambda c: (min((q.start for q in c.quotes), default=0), c.term.value))
    for number, claim in enumerate(claims, start=1):
        claim.number = number
    metadata = {
        name: [reader.term(v) for v in reader.values(node, predicate)]
        for name, predicate in {
            "title": DCTERMS["title"],  # not DCTERMS.title: that is str.title
            "creators": DCTERMS.creator,
            "publisher": DCTERMS.publisher,
            "original": AKG.originallyPublishedIn,
            "issued": DCTERMS.issued,
            "earliest": AKG.earliestDate,
            "latest": AKG.latestDate,
            "date_basis": AKG.dateBasis,
            "date_evidence": AKG.dateEvidence,
            "genre": SCHEMA.genre,
            "file_name": AKG.fileName,
            "sha256": SCHEMA.sha256,
            "url": SCHEMA.url,
            "redistributable": AKG.textRedistributable,
            "rights": DCTERMS.rights,
            "license": DCTERMS.license,
        }.items()
    }
    affiliations = {
        c.value: [reader.term(v) for v in reader.values(NamedNode(c.value), SCHEMA.affiliation)]
        for c in metadata["creators"]
    }
    return {
        **reader.header(node),
        "metadata": metadata,
        "affiliations": affiliations,
        "segments": segments(text.value if text else "", claims),
        "claims": claims,
        "facts": reader.fact_groups(node),
    }


def ontology_page(store: Store, node: NamedNode) -> dict:
    reader = Reader(store)
    prefix = node.value + "#"
    terms = sorted(
        {
            q.subject
            for q in store.quads_for_pattern(None, RDF.type, None, DefaultGraph())
            if isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix)
        },
        key=lambda t: t.value,
    )
    kinds = {OWL.Class: "classes", OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype"}
    sections: dict[str, list] = {"classes": [], "object": [], "datatype": [], "other": []}
    for term in terms:
        types = reader.values(term, RDF.type)
        kind = next((kinds[t] for t in types if t in kinds), "other")
        properties: dict[NamedNode, list] = {}
        for quad in store.quads_for_pattern(term, None, None, DefaultGraph()):
            if quad.predicate not in (RDFS.label, SKOS.definition, RDFS.comment):
                properties.setdefault(quad.predicate, []).append(reader.term(quad.object))
        sections[kind].append(
            {
                "term": reader.term(term),
                "anchor": term.value[len(prefix) :],
                "definitions": [
                    reader.term(v) for p in (SKOS.definition, RDFS.comment) for v in reader.values(term, p)
                ],
                "properties": [
                    (reader.term(p), values) for p, values in sorted(properties.items(), key=lambda i: i[0].value)
                ],
            }
        )
    return {**reader.header(node), "sections": sections}


@dataclass
class Segment:
    """A stretch of a document's text that the same quotes cover (none, one, or several that overlap)."""

    text: str
    quotes: list[tuple[ClaimView, Quote]]
    opening: list[Quote]  # quotes that begin here: their anchors go before the text
    closing: list[ClaimView]  # claims whose quote ends here: their reference marks go after it

    @property
    def claims(self) -> list[ClaimView]:
        return list({id(c): c for c, _ in self.quotes}.values())


def segments(text: str, claims: list[ClaimView]) -> list[Segment]:
    """The text cut at every quote's start and end, so that overlapping quotes highlight correctly."""
    spans = [(claim, quote) for claim in claims for quote in claim.quotes if 0 <= quote.start < quote.end <= len(text)]
    bounds = sorted({0, len(text), *(q.start for _, q in spans), *(q.end for _, q in spans)})
    result = []
    for start, end in pairwise(bounds):
        covering = [(c, q) for c, q in spans if q.start <= start and end <= q.end]
        opening = [q for _, q in spans if q.start == start]
        closing = list({id(c): c for c, q in spans if q.end == end}.values())
        result.append(Segment(text[start:end], covering, opening, closing))
    return result


def curie(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and name not in ("id", "doc", "claim"):
            return f"{name}:{iri[len(namespace) :]}"
    return iri.rstrip("/").rsplit("/", 1)[-1] or iri


def site_of(iri: str) -> str:
    if iri.startswith(str(WD)):
        return "Wikidata"
    if "dbpedia.org/" in iri:
        return "DBpedia"
    return iri.split("/")[2] if "://" in iri else iri


def sorted_pairs(pairs: list[tuple[Term, Term]]) -> list[tuple[Term, Term]]:
    return sorted(pairs, key=lambda p: (p[0].label, p[1].label))


def _pairs_key(pairs: list[tuple[Term, Term]]) -> tuple:
    return tuple((p.value, v.value) for p, v in pairs)


def _other(fact: Fact, inverse: bool) -> Term:
    return fact.statement.subject if inverse else fact.statement.object


def _fact_order(fact: Fact, inverse: bool) -> tuple:
    """By the other resource, then chronologically by the earliest date among the qualifiers (as the queries do)."""
    dates = [v.value for _, v in fact.statement.qualifiers if v.datatype in DATE_TYPES]
    return (_other(fact, inverse).label, min(dates, default=""), _pairs_key(fact.statement.qualifiers))


def _number(anchor: str) -> int:
    tail = anchor.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
