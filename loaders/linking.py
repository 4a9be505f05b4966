"""Links to open data: reviewed Wikidata identifiers and English Wikipedia titles → skos:exactMatch with provenance.

Two reviewed files feed the links graph, and nothing else does:
- `wikidata-verified.tsv` (label, Wikidata id, note): identifiers a person saw beside their label in a public source;
- `enwiki-titles.tsv` (Wikidata id, English Wikipedia title, basis): titles recorded only where the reviewed label,
  or the registry's own label, is itself the exact title of the English Wikipedia article (see that file's header).
A DBpedia resource is named by its English Wikipedia title, so only entities with a recorded title get a DBpedia link.
Each link is described in the links graph by a reified statement (`rdf:Statement`) that names the reviewed file and
row it comes from, so `GRAPH graph:links { ?link rdf:object ?wd ; dcterms:source ?row }` answers "says who?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.loaders.entity import Entity
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.sources import WIKIDATA_REVIEWED
from alliance_kg.ontology import BASE, GRAPH
from alliance_kg.ontology.namespaces import DCTERMS, PROV, RDF, RDFS, SKOS, WD, XSD, Namespace
from pyoxigraph import Literal, NamedNode, Quad

SOURCE = Namespace(BASE + "source/")  # stable IRIs of the reviewed files, independent of any checkout
LINK = Namespace(BASE + "link/")  # one reified link statement per entity and target
DBR = Namespace("http://dbpedia.org/resource/")
VOID = Namespace("http://rdfs.org/ns/void#")

_QID = re.compile(r"^Q[1-9][0-9]*$")
_TITLE_FORBIDDEN = re.compile(r'[<>"{}|\\^`\[\]#_]|\s\s|^\s|\s$')


@dataclass(frozen=True)
class ReviewedRow:
    """One row of wikidata-verified.tsv: the label seen beside the identifier, the identifier, the reviewer's note."""

    label: str
    wikidata: str
    note: str
    line: int


@dataclass(frozen=True)
class TitleRow:
    """One row of enwiki-titles.tsv: the English Wikipedia title of a reviewed Wikidata item, and why it is known."""

    wikidata: str
    title: str
    basis: str
    line: int


@dataclass
class ReviewedLinks:
    """The two reviewed files, read and checked."""

    wikidata_file: Path
    titles_file: Path
    wikidata: dict[str, ReviewedRow] = field(default_factory=dict)
    titles: dict[str, TitleRow] = field(default_factory=dict)

    @classmethod
    def read(cls, wikidata_file: Path, titles_file: Path) -> ReviewedLinks:
        """The reviewed identifiers, and the recorded titles (when that file exists)."""
        wikidata = read_reviewed_wikidata(wikidata_file)
        titles = read_enwiki_titles(titles_file, wikidata) if titles_file.is_file() else {}
        return cls(wikidata_file, titles_file, wikidata, titles)


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip() and not line.startswith("#"):
                yield number, line.rstrip("\r\n").split("\t")


def read_reviewed_wikidata(path: Path) -> dict[str, ReviewedRow]:
    """The reviewed identifiers by Q-id; a malformed or repeated row is a LoadError naming its line."""
    rows: dict[str, ReviewedRow] = {}
    for number, cells in _rows(path):
        if len(cells) < 2 or not _QID.match(cells[1].strip()):
            raise LoadError(path, number, "a row is: label <TAB> Wikidata id (Q…) <TAB> note")
        row = ReviewedRow(cells[0].strip(), cells[1].strip(), cells[2].strip() if len(cells) > 2 else "", number)
        if row.wikidata in rows:
            raise LoadError(path, number, f"{row.wikidata} is listed twice (first on line {rows[row.wikidata].line})")
        rows[row.wikidata] = row
    return rows


def read_enwiki_titles(path: Path, reviewed: dict[str, ReviewedRow]) -> dict[str, TitleRow]:
    """Recorded English Wikipedia titles by Q-id; only for reviewed identifiers, one title each."""
    rows: dict[str, TitleRow] = {}
    for number, cells in _rows(path):
        if len(cells) < 3 or not _QID.match(cells[0].strip()) or not cells[1].strip() or not cells[2].strip():
            raise LoadError(path, number, "a row is: Wikidata id <TAB> English Wikipedia title <TAB> basis")
        row = TitleRow(cells[0].strip(), cells[1], cells[2].strip(), number)
        if row.wikidata not in reviewed:
            raise LoadError(path, number, f"{row.wikidata} is not in {WIKIDATA_REVIEWED}: review it first")
        if row.wikidata in rows:
            raise LoadError(path, number, f"{row.wikidata} has a title already (line {rows[row.wikidata].line})")
        if _TITLE_FORBIDDEN.search(row.title):
            raise LoadError(path, number, f"{row.title!r}: write the title as displayed, with spaces, no '_' or '#'")
        rows[row.wikidata] = row
    return rows


def dbpedia_resource(title: str) -> NamedNode:
    """DBpedia names a resource by its English Wikipedia title with spaces as underscores."""
    return DBR[title.replace(" ", "_")]


def _where(path: Path) -> str:
    """The file as its sources folder names it ("seeds/wikidata-verified.tsv"), whatever the checkout's path."""
    return f"{path.parent.name}/{path.name}"


def _statement(link: NamedNode, subject: NamedNode, target: NamedNode, graph: NamedNode) -> list[Quad]:
    return [
        Quad(link, RDF.type, RDF.Statement, graph),
        Quad(link, RDF.type, PROV.Entity, graph),
        Quad(link, RDF.subject, subject, graph),
        Quad(link, RDF.predicate, SKOS.exactMatch, graph),
        Quad(link, RDF.object, target, graph),
    ]


def link_quads(entities: Iterable[Entity], reviewed: ReviewedLinks) -> list[Quad]:
    """skos:exactMatch to Wikidata (and DBpedia where the title is recorded), each with its reviewed source."""
    g = GRAPH.links
    wikidata_source, titles_source = SOURCE[reviewed.wikidata_file.name], SOURCE[reviewed.titles_file.name]
    quads: list[Quad] = []
    wikidata_links = dbpedia_links = 0
    for entity in entities:
        if not entity.wikidata:
            continue
        row = reviewed.wikidata[entity.wikidata]
        target = WD[entity.wikidata]
        link = LINK[f"{entity.id}/wikidata"]
        quads.append(Quad(entity.node, SKOS.exactMatch, target, g))
        quads += _statement(link, entity.node, target, g)
        quads += [
            Quad(link, PROV.wasDerivedFrom, wikidata_source, g),
            Quad(link, DCTERMS.source, Literal(f"{_where(reviewed.wikidata_file)}, line {row.line}"), g),
            Quad(link, RDFS.label, Literal(row.label, language="en"), g),
        ]
        if row.note:
            quads.append(Quad(link, SKOS.note, Literal(row.note, language="en"), g))
        wikidata_links += 1
        title = reviewed.titles.get(entity.wikidata)
        if title is None:
            continue
        if title.title not in (row.label, entity.label):
            raise LoadError(
                reviewed.titles_file,
                title.line,
                f"title {title.title!r} is neither the reviewed label {row.label!r} nor the registry label "
                f"{entity.label!r} of {entity.id}: a title is recorded only when a label is the exact title",
            )
        target = dbpedia_resource(title.title)
        link = LINK[f"{entity.id}/dbpedia"]
        quads.append(Quad(entity.node, SKOS.exactMatch, target, g))
        quads += _statement(link, entity.node, target, g)
        quads += [
            Quad(link, PROV.wasDerivedFrom, titles_source, g),
            Quad(link, PROV.wasDerivedFrom, wikidata_source, g),
            Quad(link, DCTERMS.source, Literal(f"{_where(reviewed.titles_file)}, line {title.line}"), g),
            Quad(link, RDFS.label, Literal(title.title, language="en"), g),
            Quad(link, SKOS.note, Literal(title.basis, language="en"), g),
        ]
        dbpedia_links += 1
    if wikidata_links:
        quads += _linkset_quads(wikidata_links, dbpedia_links, wikidata_source, titles_source, reviewed)
    return quads


def _linkset_quads(
    wikidata_links: int, dbpedia_links: int, wikidata_source: NamedNode, titles_source: NamedNode, r: ReviewedLinks
) -> list[Quad]:
    g = GRAPH.links
    quads = [
        Quad(g, RDF.type, VOID.Linkset, g),
        Quad(g, VOID.linkPredicate, SKOS.exactMatch, g),
        Quad(g, VOID.triples, Literal(str(wikidata_links + dbpedia_links), datatype=XSD.integer), g),
        Quad(g, PROV.wasDerivedFrom, wikidata_source, g),
        Quad(
            g,
            DCTERMS.description,
            Literal(
                f"{wikidata_links} links to Wikidata from a reviewed mapping (label seen beside the id in a public "
                f"source) and {dbpedia_links} to DBpedia where the English Wikipedia title is recorded; each link is "
                "described by an rdf:Statement naming its reviewed source row.",
                language="en",
            ),
            g,
        ),
        Quad(wikidata_source, RDF.type, PROV.Entity, g),
        Quad(wikidata_source, DCTERMS["title"], Literal("Reviewed Wikidata identifiers", language="en"), g),
        Quad(wikidata_source, DCTERMS.source, Literal(_where(r.wikidata_file)), g),
    ]
    if dbpedia_links:
        quads += [
            Quad(g, PROV.wasDerivedFrom, titles_source, g),
            Quad(titles_source, RDF.type, PROV.Entity, g),
            Quad(titles_source, DCTERMS["title"], Literal("Reviewed English Wikipedia titles", language="en"), g),
            Quad(titles_source, DCTERMS.source, Literal(_where(r.titles_file)), g),
        ]
    return quads
