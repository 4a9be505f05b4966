"""The W3C SPARQL test manifests (copied under tests/w3c/): which tests there are, how to run one, how to compare.

Manifests are read with rdflib; data, queries and results with pyoxigraph. Every file is given the IRI it has
where the W3C publishes the suite (https://w3c.github.io/rdf-tests/ + its path), so relative IRIs in data,
queries and results resolve as the suite intends, whatever the checkout's location.

Results are compared the way the W3C test suite asks: as RDF terms (no value equality: "01"^^xsd:integer is not
"1"^^xsd:integer), up to a renaming of blank nodes (result sets and graphs alike: an isomorphism search by colour
refinement and backtracking, result sets encoded as triples), in order only when the query has a top-level
ORDER BY, and as sets of distinct solutions when the test allows lax cardinality (REDUCED).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

W3C_DIR = Path(__file__).resolve().parent / "w3c"
PUBLISHED = "https://w3c.github.io/rdf-tests/"  # where the suite is published; tests/w3c/X is PUBLISHED + X

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# The query-evaluation suites: SPARQL 1.0 (data-r2), SPARQL 1.1 Query and SPARQL 1.1 result formats.
EVALUATION_MANIFESTS = (
    "sparql/sparql10/manifest-evaluation.ttl",
    "sparql/sparql11/manifest-sparql11-query.ttl",
    "sparql/sparql11/manifest-sparql11-results.ttl",
)
EVALUATION_TYPES = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}

RESULTS_FORMATS = {  # expected-result file extension -> (pyoxigraph format or None for CSV, media type to Accept)
    ".srx": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ".srj": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    ".tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
    ".csv": (None, "text/csv"),
}
GRAPH_FORMATS = {  # expected-graph (or data) file extension -> (pyoxigraph format, media type to Accept)
    ".ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ".rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}


def iri_of(path: Path) -> str:
    return PUBLISHED + path.resolve().relative_to(W3C_DIR).as_posix()


def path_of(iri: str) -> Path:
    if not iri.startswith(PUBLISHED):
        raise ValueError(f"{iri} is not a file of the copied test suite")
    return W3C_DIR / iri.removeprefix(PUBLISHED)


# ---------------------------------------------------------------------------------------------------------------
# Manifests


@dataclass(frozen=True)
class EvaluationTest:
    iri: str
    name: str  # e.g. sparql11/aggregates/agg01: the manifest's folder and the test's local name
    title: str
    query: Path
    data: tuple[Path, ...]
    result: Path
    lax_cardinality: bool

    def query_text(self) -> str:
        """The query as sent: the file, preceded by `BASE <the file's IRI>` (see test_w3c_evaluation)."""
        return f"BASE <{iri_of(self.query)}>\n" + self.query.read_text(encoding="utf-8")

    def files(self) -> set[Path]:
        return {self.query, *self.data, self.result}


@dataclass
class Selection:
    """The tests of the evaluation manifests, split by the selection rule of test_w3c_evaluation."""

    selected: list[EvaluationTest] = field(default_factory=list)
    excluded: dict[str, list[str]] = field(default_factory=dict)  # reason -> test names
    manifests: list[Path] = field(default_factory=list)
    missing_manifests: list[str] = field(default_factory=list)  # included by a manifest, not copied

    def exclude(self, reason: str, name: str) -> None:
        self.excluded.setdefault(reason, []).append(name)


def read_manifest(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=iri_of(path))
    return graph


def walk_manifests(path: Path, selection: Selection) -> Iterator[tuple[Path, Graph]]:
    graph = read_manifest(path)
    selection.manifests.append(path)
    yield path, graph
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for included in graph.objects(manifest, MF.include):
            for item in Collection(graph, included):
                child = path_of(str(item))
                if child.exists():
                    yield from walk_manifests(child, selection)
                else:
                    selection.missing_manifests.append(child.relative_to(W3C_DIR).as_posix())


def name_of_test(manifest: Path, test: Node) -> str:
    folder = manifest.parent.relative_to(W3C_DIR / "sparql").as_posix()
    local = re.split(r"[#/]", str(test))[-1]
    return f"{folder}/{local}"


def evaluation_tests() -> Selection:
    """Every entry of the evaluation manifests, selected or excluded with its reason; none left out unsaid."""
    selection = Selection()
    for top in EVALUATION_MANIFESTS:
        for manifest_path, graph in walk_manifests(W3C_DIR / top, selection):
            for manifest in graph.subjects(RDF.type, MF.Manifest):
                for entries in graph.objects(manifest, MF.entries):
                    for test in Collection(graph, entries):
                        _classify(graph, manifest_path, test, selection)
    return selection


def _classify(graph: Graph, manifest_path: Path, test: Node, selection: Selection) -> None:
    name = name_of_test(manifest_path, test)
    types = set(graph.objects(test, RDF.type))
    if not types & EVALUATION_TYPES:
        kinds = ", ".join(sorted(str(t).split("#")[-1] for t in types))
        selection.exclude(f"not a query-evaluation test ({kinds})", name)
        return
    action = graph.value(test, MF.action)
    data = sorted(path_of(str(d)) for d in graph.objects(action, QT.data))
    if list(graph.objects(action, QT.graphData)):
        selection.exclude("named graphs (qt:graphData)", name)
        return
    if list(graph.objects(action, QT.serviceData)):
        selection.exclude("federation (qt:serviceData)", name)
        return
    if not data:
        selection.exclude("no qt:data (dataset from FROM/FROM NAMED or empty)", name)
        return
    result = graph.value(test, MF.result)
    selection.selected.append(
        EvaluationTest(
            iri=str(test),
            name=name,
            title=str(graph.value(test, MF.name) or name),
            query=path_of(str(graph.value(action, QT.query))),
            data=tuple(data),
            result=path_of(str(result)),
            lax_cardinality=(test, MF.resultCardinality, MF.LaxCardinality) in graph,
        )
    )


# ---------------------------------------------------------------------------------------------------------------
# Outcomes: what a query answered, in one form for every source (a Store, an HTTP body, an expected-results file).
# Terms are tuples: ("I", iri), ("B", label), ("L", lexical form, datatype IRI, language or "").

Term = tuple[str, ...]


@dataclass
class Outcome:
    kind: str  # "boolean", "solutions" or "graph"
    boolean: bool | None = None
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)


def term(value: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    if isinstance(value, ox.NamedNode):
        return ("I", value.value)
    if isinstance(value, ox.BlankNode):
        return ("B", value.value)
    if isinstance(value, ox.Literal):
        return ("L", value.value, value.datatype.value, value.language or "")
    raise TypeError(f"unexpected term {value!r}")


def show(value: Term) -> str:
    if value[0] == "I":
        return f"<{value[1]}>"
    if value[0] == "B":
        return f"_:{value[1]}"
    _, lexical, datatype, language = value
    if language:
        return f'"{lexical}"@{language}'
    return f'"{lexical}"' if datatype == XSD_STRING else f'"{lexical}"^^<{datatype}>'


def outcome_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable) -> Outcome:
    """The outcome of a pyoxigraph query or results parser."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for variable in variables:
                value = solution[variable]
                if value is not None:
                    row[variable] = term(value)
            rows.append(row)
        return Outcome("solutions", variables=variables, rows=rows)
    return Outcome("graph", triples=[(term(t.subject), term(t.predicate), term(t.object)) for t in result])


def outcome_of_csv(text: str) -> Outcome:
    """CSV results keep no term types: each cell is a plain string, a blank node (_:x), or unbound (empty)."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    variables = records[0] if records else []
    rows = []
    for record in records[1:]:
        row = {}
        for variable, cell in zip(variables, record, strict=False):
            if cell.startswith("_:"):
                row[variable] = ("B", cell[2:])
            elif cell != "":
                row[variable] = ("L", cell, XSD_STRING, "")
        rows.append(row)
    return Outcome("solutions", variables=variables, rows=rows)


def outcome_of_result_set_graph(triples: list[tuple[Term, Term, Term]]) -> Outcome:
    """The DAWG result-set vocabulary (rs:ResultSet) of some SPARQL 1.0 tests' expected results."""
    objects: dict[tuple[Term, str], list[Term]] = {}
    for s, p, o in triples:
        objects.setdefault((s, p[1]), []).append(o)
    result_set = next(s for s, p, o in triples if p == ("I", str(RDF.type)) and o == ("I", str(RS.ResultSet)))
    booleans = objects.get((result_set, str(RS.boolean)))
    if booleans:
        return Outcome("boolean", boolean=booleans[0][1] == "true")
    variables = [v[1] for v in objects.get((result_set, str(RS.resultVariable)), [])]
    indexed = []
    for solution in objects.get((result_set, str(RS.solution)), []):
        row = {
            objects[(binding, str(RS.variable))][0][1]: objects[(binding, str(RS.value))][0]
            for binding in objects.get((solution, str(RS.binding)), [])
        }
        index = objects.get((solution, str(RS["index"])))
        indexed.append((int(index[0][1]) if index else 0, row))
    indexed.sort(key=lambda item: item[0])
    return Outcome("solutions", variables=variables, rows=[row for _, row in indexed])


def expected_outcome(test: EvaluationTest) -> Outcome:
    suffix = test.result.suffix
    if suffix == ".csv":
        return outcome_of_csv(test.result.read_text(encoding="utf-8"))
    if suffix in RESULTS_FORMATS:
        return outcome_of(ox.parse_query_results(path=test.result, format=RESULTS_FORMATS[suffix][0]))
    quads = ox.parse(path=test.result, format=GRAPH_FORMATS[suffix][0], base_iri=iri_of(test.result))
    triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]
    if (("I", str(RDF.type)), ("I", str(RS.ResultSet))) in {(p, o) for _, p, o in triples}:
        return outcome_of_result_set_graph(triples)
    return Outcome("graph", triples=triples)


def accept_for(test: EvaluationTest, expected: Outcome) -> str:
    """The media type to ask the server for: the expected file's own format (RDF result sets: SPARQL XML)."""
    suffix = test.result.suffix
    if suffix in RESULTS_FORMATS:
        return RESULTS_FORMATS[suffix][1]
    if expected.kind == "graph":
        return GRAPH_FORMATS[suffix][1]
    return "application/sparql-results+xml"


def outcome_of_body(body: bytes, media_type: str) -> Outcome:
    """Parse an HTTP answer by its media type."""
    if media_type == "text/csv":
        return outcome_of_csv(body.decode("utf-8"))
    for results_format, accept in RESULTS_FORMATS.values():
        if accept == media_type:
            return outcome_of(ox.parse_query_results(body, format=results_format))
    for graph_format, accept in GRAPH_FORMATS.values():
        if accept == media_type:
            return outcome_of(ox.parse(body, format=graph_format))
    raise ValueError(f"unexpected media type {media_type}")


def csv_outcome(result: ox.QuerySolutions) -> Outcome:
    """What a CSV test compares: the results written as CSV (pyoxigraph's serialiser, in-process)."""
    return outcome_of_csv(result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))


# ---------------------------------------------------------------------------------------------------------------
# Comparison

_COMMENT = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)|#[^\n]*""")
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def has_top_level_order_by(query: str) -> bool:
    """ORDER BY after the query's last `}` (comments removed): the outer query's, not a sub-query's."""
    text = _COMMENT.sub(lambda m: m.group(1) or "", query)
    last_brace = text.rfind("}")
    return any(m.start() > last_brace for m in _ORDER_BY.finditer(text))


def _row_key(row: dict[str, Term]) -> tuple:
    return tuple(sorted(row.items()))


def _describe_rows(rows: list[dict[str, Term]], limit: int = 3) -> str:
    shown = "; ".join(" ".join(f"?{k}={show(v)}" for k, v in sorted(r.items())) or "{}" for r in rows[:limit])
    return shown + (" …" if len(rows) > limit else "")


def _rows_as_triples(rows: list[dict[str, Term]], ordered: bool) -> list[tuple[Term, Term, Term]]:
    """A result set as triples (solutions and bindings are fresh blank nodes), for blank-node matching."""
    triples = []
    for index, row in enumerate(rows):
        solution = ("B", f"\0solution{index}")
        triples.append((("I", "rs:results"), ("I", "rs:solution"), solution))
        if ordered:
            triples.append((solution, ("I", "rs:index"), ("L", str(index), "", "")))
        for variable, value in row.items():
            triples.append((solution, ("I", f"rs:binding:{variable}"), value))
    return triples


def compare(expected: Outcome, actual: Outcome, *, ordered: bool, lax: bool) -> str | None:
    """None when `actual` is `expected` (up to blank-node renaming); else what differs, in one line."""
    if expected.kind != actual.kind:
        return f"expected a {expected.kind} answer, got a {actual.kind} answer"
    if expected.kind == "boolean":
        return None if expected.boolean == actual.boolean else f"expected {expected.boolean}, got {actual.boolean}"
    if expected.kind == "graph":
        if isomorphic(expected.triples, actual.triples):
            return None
        return f"graphs differ: expected {len(set(expected.triples))} triples, got {len(set(actual.triples))}"
    if expected.variables and set(expected.variables) != set(actual.variables):
        return f"expected variables {sorted(expected.variables)}, got {sorted(actual.variables)}"
    expected_rows, actual_rows = expected.rows, actual.rows
    if lax:  # REDUCED may drop any number of duplicates: compare the distinct solutions
        expected_rows = list({_row_key(r): r for r in expected_rows}.values())
        actual_rows = list({_row_key(r): r for r in actual_rows}.values())
        ordered = False
    if len(expected_rows) != len(actual_rows):
        return f"expected {len(expected_rows)} solutions, got {len(actual_rows)}: " + _rows_difference(
            expected_rows, actual_rows
        )
    if isomorphic(_rows_as_triples(expected_rows, ordered), _rows_as_triples(actual_rows, ordered)):
        return None
    if ordered and Counter(map(_row_key, expected_rows)) == Counter(map(_row_key, actual_rows)):
        return "same solutions in another order: " + _describe_rows(actual_rows)
    return _rows_difference(expected_rows, actual_rows)


def _rows_difference(expected: list[dict[str, Term]], actual: list[dict[str, Term]]) -> str:
    missing = Counter(map(_row_key, expected)) - Counter(map(_row_key, actual))
    extra = Counter(map(_row_key, actual)) - Counter(map(_row_key, expected))
    by_key = {_row_key(r): r for r in expected + actual}
    note = " (blank nodes compared up to renaming)" if any(k[1][0] == "B" for r in by_key for k in r) else ""
    return (
        f"missing {sum(missing.values())} [{_describe_rows([by_key[k] for k in missing])}], "
        f"unexpected {sum(extra.values())} [{_describe_rows([by_key[k] for k in extra])}]{note}"
    )


# Blank-node isomorphism of two lists of triples (as multisets): colour refinement, then backtracking on ties.


def _bnodes(triples: list[tuple[Term, ...]]) -> set[Term]:
    return {t for triple in triples for t in triple if t[0] == "B"}


def _refine(triples: list[tuple[Term, ...]], colours: dict[Term, int]) -> dict[Term, int]:
    signatures: dict[Term, list] = {b: [] for b in colours}
    for triple in triples:
        coloured = tuple(("B", colours[t]) if t[0] == "B" else t for t in triple)
        for position, t in enumerate(triple):
            if t[0] == "B":
                signatures[t].append((position, coloured))
    return {b: hash((colours[b], tuple(sorted(signature)))) for b, signature in signatures.items()}


def _stable(triples_a, triples_b, colours_a, colours_b):
    while True:
        next_a, next_b = _refine(triples_a, colours_a), _refine(triples_b, colours_b)
        if len(set(next_a.values())) == len(set(colours_a.values())) and len(set(next_b.values())) == len(
            set(colours_b.values())
        ):
            return next_a, next_b
        colours_a, colours_b = next_a, next_b


def isomorphic(triples_a: list[tuple[Term, ...]], triples_b: list[tuple[Term, ...]]) -> bool:
    """Whether a renaming of blank nodes maps the multiset `triples_a` onto `triples_b`."""
    if len(triples_a) != len(triples_b):
        return False
    bnodes_a, bnodes_b = _bnodes(triples_a), _bnodes(triples_b)
    if not bnodes_a and not bnodes_b:
        return Counter(triples_a) == Counter(triples_b)
    if len(bnodes_a) != len(bnodes_b):
        return False
    ground = [t for t in triples_a if not _bnodes([t])], [t for t in triples_b if not _bnodes([t])]
    if Counter(ground[0]) != Counter(ground[1]):
        return False
    return _search(triples_a, triples_b, dict.fromkeys(bnodes_a, 0), dict.fromkeys(bnodes_b, 0))


def _search(triples_a, triples_b, colours_a, colours_b) -> bool:
    colours_a, colours_b = _stable(triples_a, triples_b, colours_a, colours_b)
    if Counter(colours_a.values()) != Counter(colours_b.values()):
        return False
    classes: dict[int, list[Term]] = {}
    for b, colour in colours_a.items():
        classes.setdefault(colour, []).append(b)
    ties = [members for members in classes.values() if len(members) > 1]
    if not ties:
        by_colour = {colour: b for b, colour in colours_b.items()}
        mapping = {b: by_colour[colour] for b, colour in colours_a.items()}
        mapped = [tuple(mapping.get(t, t) for t in triple) for triple in triples_a]
        return Counter(mapped) == Counter(triples_b)
    chosen = min(ties, key=len)[0]
    for candidate in [b for b, colour in colours_b.items() if colour == colours_a[chosen]]:
        marker = hash(("chosen", colours_a[chosen]))
        if _search(triples_a, triples_b, {**colours_a, chosen: marker}, {**colours_b, candidate: marker}):
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# The protocol manifest (sparql11/protocol/manifest.ttl): HTTP requests and the responses expected

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = Namespace("http://www.w3.org/2000/01/rdf-schema#").label
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
PROTOCOL_MANIFEST = W3C_DIR / "sparql/sparql11/protocol/manifest.ttl"
SERVICE_DESCRIPTION_MANIFEST = W3C_DIR / "sparql/sparql11/service-description/manifest.ttl"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # as in the manifest, beginning with /sparql/
    headers: dict[str, str]
    body: bytes | None
    expected_statuses: frozenset[str]  # "2xx", "3xx", "4xx"
    expected_format: str | None  # "boolean", "tabular" or "RDF"
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    graphs: dict[str, Path]  # graph IRI -> data file (ut:graphData)
    requests: tuple[HttpRequest, ...]


def protocol_tests() -> dict[str, ProtocolTest]:
    """The protocol manifest's entries, in order, by local name (query_get, bad_query_method, ...)."""
    graph = read_manifest(PROTOCOL_MANIFEST)
    tests = {}
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for entries in graph.objects(manifest, MF.entries):
            for test in Collection(graph, entries):
                name = str(test).split("#")[-1]
                graphs = {
                    str(graph.value(data, RDFS_LABEL)): path_of(str(graph.value(data, UT.graph)))
                    for data in graph.objects(test, UT.graphData)
                }
                connection = graph.value(test, MF.action)
                requests = tuple(_request(graph, r) for r in Collection(graph, graph.value(connection, HT.requests)))
                tests[name] = ProtocolTest(name, str(graph.value(test, MF.name)), graphs, requests)
    return tests


def _request(graph: Graph, node: Node) -> HttpRequest:
    headers = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = None
    content = graph.value(node, HT.body)
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    expected_format = graph.value(response, MF.expectedFormat)
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        expected_statuses=frozenset(str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)),
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def service_description_tests() -> dict[str, str]:
    """The service-description manifest's entries: local name -> mf:name."""
    graph = read_manifest(SERVICE_DESCRIPTION_MANIFEST)
    names = {}
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for entries in graph.objects(manifest, MF.entries):
            for test in Collection(graph, entries):
                names[str(test).split("#")[-1]] = str(graph.value(test, MF.name))
    return names


class Dispatcher:
    """A WSGI app that hands each request to the app of the current test (one live server, many stores)."""

    def __init__(self, app=None) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)
