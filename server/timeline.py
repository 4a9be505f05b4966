"""The timeline's marks: every dated fact of the graph at the precision its source gives, with its claim, quote and
source, and the marks of sources that date the same thing differently linked to each other.

A mark spans what its date means: a day, a whole month, a whole year; an approximate date (`akg:earliestDate` /
`akg:latestDate`) spans its bounds and says so. Dates are read generically — any value of a property the ontology
marks `akg:dateValued`, in a claim's graph or in the source documents' graph — so new dated relations appear
without code. The views (`/timeline`, the entity pages) filter the marks by entity, type and source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from alliance_kg.ontology.namespaces import AKG, GRAPH, XSD
from alliance_kg.server.lookup import page_query
from alliance_kg.server.pages import Reader, curie
from pyoxigraph import NamedNode, Store

# Properties that place a state at a moment ("in office as of"): several moments do not contradict each other, so
# different values of these are never a disagreement.
SNAPSHOTS = frozenset({AKG.asOf.value})
LEXICAL_DATE = re.compile(r"(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?")
PRECISIONS = {XSD.date.value: "day", XSD.dateTime.value: "day", XSD.gYearMonth.value: "month", XSD.gYear.value: "year"}
# Kinds of marks, for colour: a mark's family is the first of these its subject's types fall under.
FAMILIES = (
    ("signing", ("Signing",)),
    ("meeting", ("Meeting", "Summit")),
    ("visit", ("Visit",)),
    ("speech", ("Speech",)),
    ("coverage", ("DomainCoverage",)),
    ("event", ("Event",)),
    ("source", ("SourceDocument",)),
)


@dataclass
class Ref:
    iri: str
    label: str
    href: str | None


@dataclass
class Mark:
    """One dated fact as one source states it."""

    id: str
    subject: Ref
    kind: Ref  # the subject's type (the most specific one the graph asserts)
    family: str  # signing, meeting, visit, speech, coverage, event, source or other: the mark's colour
    relation: Ref  # the date's property (date, start date, as of, issued), or "dated between" for bounds alone
    value: str | None  # the date as given ("1960", "2023-01", "2023-01-11"); None for bounds alone
    datatype: str | None
    precision: str  # day, month, year, or span (bounds alone)
    start: str | None  # the first day the mark covers (ISO), None when only an upper bound is known
    end: str  # the day after the last day it covers (ISO, exclusive)
    earliest: str | None
    latest: str | None
    source: Ref | None  # the source document
    claim: Ref | None  # None for a document's own date (the documents graph)
    quote: str | None
    quote_href: str | None
    entities: list[str] = field(default_factory=list)  # what the claims link the subject to (the entity filter)
    disagreement: str | None = None  # the key shared by marks of sources that date the subject differently
    disagrees_with: list[str] = field(default_factory=list)

    @property
    def approximate(self) -> bool:
        return self.earliest is not None or self.latest is not None

    @property
    def href(self) -> str | None:
        """Where the mark leads: its claim, or for a document's own date the document."""
        return (self.claim or self.source or self.subject).href

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "approximate": self.approximate, "href": self.href}


def span(value: str | None, datatype: str | None, earliest: str | None, latest: str | None) -> tuple[str | None, str]:
    """The first day and the day after the last that a date (at its precision) or its bounds cover."""
    if earliest or latest:
        end = _next_day(_day(latest)) if latest else _next_day(_unit_end(value, datatype))
        return (_day(earliest).isoformat() if earliest else None), end
    if value is None or datatype not in PRECISIONS:
        raise ValueError(f"not a date this timeline can place: {value!r} ({datatype})")
    return _unit_start(value), _next_day(_unit_end(value, datatype))


def _parts(value: str) -> tuple[int, int | None, int | None]:
    match = LEXICAL_DATE.match(value)
    if match is None:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _day(value: str) -> dt.date:
    year, month, day = _parts(value)
    return dt.date(year, month or 1, day or 1)


def _unit_start(value: str) -> str:
    return _day(value).isoformat()


def _unit_end(value: str | None, datatype: str | None) -> dt.date:
    if value is None:
        raise ValueError("a span needs a date or an upper bound")
    year, month, day = _parts(value)
    precision = PRECISIONS.get(datatype or "", "day")
    if precision == "year" or month is None:
        return dt.date(year, 12, 31)
    if precision == "month" or day is None:
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, month, day)


def _next_day(day: dt.date) -> str:
    return (day + dt.timedelta(days=1)).isoformat()


def load_marks(store: Store) -> list[Mark]:
    """Every dated fact of the store as a mark, earliest first, disagreements linked."""
    reader = Reader(store)
    types = _asserted_types(store)
    links: dict[str, list[str]] = defaultdict(list)
    for row in store.query(page_query("timeline_links")):
        links[row["subject"].value].append(row["entity"].value)
    marks: list[Mark] = []
    claimed_dates: set[tuple[str, str]] = set()
    rows = list(store.query(page_query("timeline_dates")))
    rows.sort(key=lambda r: r["graph"] == GRAPH.documents)  # claims first: a document's own date only if unclaimed
    for row in rows:
        graph, subject, prop = row["graph"], row["subject"], row["property"]
        date, earliest, latest = row["date"], row["earliest"], row["latest"]
        from_documents = graph == GRAPH.documents
        key = (subject.value, prop.value if prop is not None else "")
        if from_documents and key in claimed_dates:
            continue
        claimed_dates.add(key)
        datatype = date.datatype.value if date is not None else None
        value = date.value if date is not None else None
        try:
            start, end = span(value, datatype, _value(earliest), _value(latest))
        except ValueError:
            continue  # a value no calendar here can place (a malformed or out-of-range date)
        source = reader.source(graph) if not from_documents else None
        quote = source.quotes[0] if source and source.quotes else None
        document = source.document if source else reader.term(subject)
        kind_iri, kind_label = _kind(types.get(subject.value, []), from_documents)
        marks.append(
            Mark(
                id=_mark_id(graph, subject, prop),
                subject=_ref(reader, subject),
                kind=Ref(kind_iri, kind_label, None),
                family=_family(kind_iri, types.get(subject.value, [])),
                relation=_ref(reader, prop) if prop is not None else Ref(AKG.earliestDate.value, "dated between", None),
                value=value,
                datatype=curie(datatype) if datatype else None,
                precision=PRECISIONS.get(datatype or "", "span") if value is not None else "span",
                start=start,
                end=end,
                earliest=_value(earliest),
                latest=_value(latest),
                source=Ref(document.value, document.label, document.href) if document else None,
                claim=Ref(graph.value, reader.label(graph), reader.term(graph).href) if not from_documents else None,
                quote=quote.text if quote else None,
                quote_href=quote.href if quote else None,
                entities=sorted({subject.value, *links.get(subject.value, [])}),
            )
        )
    statements = {}
    for mark in marks:
        statement = reader.qualified_statement(NamedNode(mark.subject.iri))
        if statement is not None:
            statements[mark.subject.iri] = " ".join(
                (statement.subject.value, statement.relation.value, statement.object.value)
            )
    _link_disagreements(marks, statements)
    marks.sort(key=lambda m: (m.start or m.end, m.subject.label, m.source.iri if m.source else "", m.id))
    return marks


def _value(term) -> str | None:
    return term.value if term is not None else None


def _ref(reader: Reader, node: NamedNode) -> Ref:
    term = reader.term(node)
    return Ref(node.value, term.label, term.href)


def _mark_id(graph: NamedNode, subject: NamedNode, prop: NamedNode | None) -> str:
    local = graph.value.rstrip("/").rsplit("/", 1)[-1]
    if graph == GRAPH.documents:
        local = "document-" + subject.value.rstrip("/").rsplit("/", 1)[-1]
    what = prop.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if prop is not None else "bounds"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"{local}-{what}")


def _asserted_types(store: Store) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(page_query("asserted_types")):
        label = row["label"].value if row["label"] is not None else curie(row["type"].value)
        found[row["resource"].value].append((row["type"].value, label))
    return found


def _kind(types: list[tuple[str, str]], document: bool) -> tuple[str, str]:
    """The type a mark is shown as: the graph's own class of the subject (an akg: class first)."""
    if document:
        return AKG.SourceDocument.value, "Source document"
    ours = sorted((t for t in types if t[0].startswith(str(AKG))), key=lambda t: t[1])
    chosen = ours or sorted(types, key=lambda t: t[1])
    return chosen[0] if chosen else ("", "Other")


def _family(kind: str, types: list[tuple[str, str]]) -> str:
    local_names = {kind.rsplit("#", 1)[-1], *(t.rsplit("#", 1)[-1] for t, _ in types)}
    for family, names in FAMILIES:
        if local_names & set(names):
            return family
    return "other"


def _link_disagreements(marks: list[Mark], statements: dict[str, str]) -> None:
    """Sources disagree when they date the same thing (a subject, or the statement a qualified node stands for)
    by the same property, and no day is possible for both: their spans do not meet. A day inside another source's
    month is a finer date, not a disagreement; nor are two moments a state is placed at (SNAPSHOTS). Each such mark
    names the marks it disagrees with. A source that only bounds a thing ("a fortnight before", no calendar unit:
    bounds alone) is compared with the other sources' dates of it when they date it by one property."""
    groups: dict[tuple[str, str], list[Mark]] = defaultdict(list)
    bounds_alone: list[tuple[str, Mark]] = []
    for mark in marks:
        thing = statements.get(mark.subject.iri, mark.subject.iri)
        if mark.value is None:
            bounds_alone.append((thing, mark))
        elif mark.relation.iri not in SNAPSHOTS:
            groups[(thing, mark.relation.iri)].append(mark)
    for thing, mark in bounds_alone:
        dated_by = [relation for (other, relation) in groups if other == thing]
        groups[(thing, dated_by[0] if len(dated_by) == 1 else mark.relation.iri)].append(mark)
    for (thing, relation), group in groups.items():
        for mark in group:
            mark.disagrees_with = [other.id for other in group if other is not mark and _disjoint(mark, other)]
        if any(mark.disagrees_with for mark in group):
            key = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{thing.rsplit('/', 1)[-1]}-{relation.rsplit('#', 1)[-1]}")
            for mark in group:
                mark.disagreement = key


def _disjoint(a: Mark, b: Mark) -> bool:
    return b.end <= (a.start or "") or a.end <= (b.start or "")


@dataclass
class Filters:
    entity: str | None = None
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def select(marks: Iterable[Mark], filters: Filters) -> list[Mark]:
    """The marks that pass the filters: about the entity (or linked to it by a claim), of the kinds, from the
    sources. A disagreement stays whole: the marks it links are kept or dropped together by the entity filter."""
    chosen = []
    for mark in marks:
        if filters.entity and filters.entity not in mark.entities:
            continue
        if filters.kinds and mark.kind.iri not in filters.kinds:
            continue
        if filters.sources and (mark.source is None or mark.source.iri not in filters.sources):
            continue
        chosen.append(mark)
    return chosen


def facets(marks: list[Mark]) -> dict[str, list[dict[str, Any]]]:
    """What the filters offer: the kinds and sources of the marks, with counts."""
    kinds: dict[str, list] = {}
    sources: dict[str, list] = {}
    for mark in marks:
        kinds.setdefault(mark.kind.iri, [mark.kind.label, 0, mark.family])[1] += 1
        if mark.source:
            sources.setdefault(mark.source.iri, [mark.source.label, 0, mark.source.href])[1] += 1
    return {
        "kinds": [
            {"iri": iri, "label": label, "count": n, "family": family}
            for iri, (label, n, family) in sorted(kinds.items(), key=lambda i: i[1][0])
        ],
        "sources": [
            {"iri": iri, "label": label, "count": n, "href": href} for iri, (label, n, href) in sorted(sources.items())
        ],
    }
