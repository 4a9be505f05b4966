"""Turns curated claims (annotation files) into triples, each in the named graph of the claim that asserts it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alliance_kg.loaders.dates import DateResolutionError, DateValue, days_named, resolve_date
from alliance_kg.loaders.entity import normalise_name
from alliance_kg.loaders.errors import LoadError, display_path
from alliance_kg.loaders.quotes import QuoteError, find_quote
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import METADATA_FILE, SourceText
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import AKG, BASE, CLAIM, DOC, GRAPH, ID, Vocabulary
from alliance_kg.ontology.namespaces import OA, PROV, RDF, RDFS, XSD
from pyoxigraph import Literal, NamedNode, Quad, Triple

THIS_DOCUMENT = "this document"
CONTEXT_CHARS = 32  # prefix/suffix kept beside a quote so it can be found again in an edited copy
TYPED_VALUES = {  # literal checks for the datatypes the ontology's ranges use, with what to write instead
    XSD.decimal: (
        lambda v: re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*", v) is not None,
        "a decimal number like 2 or 1.5",
    ),
    XSD.integer: (lambda v: re.fullmatch(r"\s*[+-]?\d+\s*", v) is not None, "a whole number like 400"),
    XSD.boolean: (lambda v: v.strip() in ("true", "false"), "true or false"),
}
MODALITY_ASSERTED = ID["modality/asserted"]  # what a claim commits to when it names no modality
# the modality scheme's concepts (ontology/schemes.ttl), as annotation files name them
MODALITIES = (
    "asserted",
    "planned",
    "agreed-to-pursue",
    "under-negotiation",
    "proposed",
    "agenda-item",
    "possible",
    "negated",
    "former",
)
CLAIM_KEYS = {
    "id",
    "modality",
    "quote",
    "occurrence",
    "also_quotes",
    "subject",
    "relation",
    "object",
    "qualifiers",
    "anchor",
    "note",
    "accepted_by",
    "accepted_at",
}


@dataclass(frozen=True)
class Evidence:
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Acceptance:
    """Who accepted a claim (a curator, by name) and when: the claim's PROV attribution and generation time."""

    curator: str
    at: datetime

    @property
    def curator_node(self) -> NamedNode:
        slug = re.sub(r"[^a-z0-9]+", "-", normalise_name(self.curator)).strip("-") or "curator"
        return ID[f"curator/{slug}"]


@dataclass
class Claim:
    """One claim: what it asserts (its graph), the quotes it rests on, and where it was written."""

    iri: NamedNode
    source: SourceText
    annotation_file: Path
    line: int | None
    evidence: list[Evidence]
    assertions: list[Triple] = field(default_factory=list)
    derived_nodes: list[NamedNode] = field(default_factory=list)
    note: str | None = None
    acceptance: Acceptance | None = None

    def quads(self) -> list[Quad]:
        quads = [Quad(t.subject, t.predicate, t.object, self.iri) for t in self.assertions]
        g, doc = GRAPH.evidence, DOC[self.source.id]
        quads += [
            Quad(self.iri, RDF.type, AKG.Claim, g),
            Quad(self.iri, RDFS.label, Literal(f"Claim {self.iri.value.rsplit('/', 1)[-1]}"), g),
            Quad(self.iri, AKG.sourceDocument, doc, g),
            Quad(self.iri, PROV.wasDerivedFrom, doc, g),
            Quad(self.iri, AKG.quote, Literal(self.evidence[0].quote), g),
        ]
        if self.acceptance is None:  # written by hand into the annotation file
            quads.append(Quad(self.iri, PROV.wasGeneratedBy, AKG.curation, g))
        else:  # accepted from a proposal (alliance-kg review / propose --accept): by whom, and when
            curator = self.acceptance.curator_node
            when = self.acceptance.at.isoformat().replace("+00:00", "Z")
            quads += [
                Quad(self.iri, PROV.wasAttributedTo, curator, g),
                Quad(self.iri, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime), g),
                Quad(curator, RDF.type, AKG.Curator, g),
                Quad(curator, RDFS.label, Literal(self.acceptance.curator), g),
            ]
        if self.note:
            quads.append(Quad(self.iri, RDFS.comment, Literal(self.note), g))
        text = self.source.text
        for number, item in enumerate(self.evidence, start=1):
            target = NamedNode(f"{self.iri.value}#quote-{number}")
            quote_selector = NamedNode(f"{target.value}-text")
            position_selector = NamedNode(f"{target.value}-position")
            quads += [
                Quad(self.iri, OA.hasTarget, target, g),
                Quad(target, RDF.type, OA.SpecificResource, g),
                Quad(target, OA.hasSource, doc, g),
                Quad(target, OA.hasSelector, quote_selector, g),
                Quad(target, OA.hasSelector, position_selector, g),
                Quad(quote_selector, RDF.type, OA.TextQuoteSelector, g),
                Quad(quote_selector, OA.exact, Literal(item.quote), g),
                Quad(position_selector, RDF.type, OA.TextPositionSelector, g),
                Quad(position_selector, OA.start, Literal(str(item.start), datatype=XSD.nonNegativeInteger), g),
                Quad(position_selector, OA.end, Literal(str(item.end), datatype=XSD.nonNegativeInteger), g),
            ]
            if self.source.redistributable:  # context beside the quote only where the whole text may be shared
                before, after = (
                    text[max(0, item.start - CONTEXT_CHARS) : item.start],
                    text[item.end : item.end + CONTEXT_CHARS],
                )
                quads += [
                    Quad(quote_selector, OA.prefix, Literal(before), g),
                    Quad(quote_selector, OA.suffix, Literal(after), g),
                ]
        quads += [Quad(node, PROV.wasDerivedFrom, self.iri, g) for node in self.derived_nodes]
        return quads


class ClaimCompiler:
    """Checks each claim against the text, the registry and the ontology, and builds its triples."""

    def __init__(self, vocabulary: Vocabulary, registry: Registry) -> None:
        self.vocabulary = vocabulary
        self.registry = registry

    def compile_file(self, path: Path, sources: dict[str, SourceText]) -> tuple[list[Claim], list[LoadError]]:
        """All claims of one annotation file, and every error found in it (not just the first)."""
        data = read_yaml(path)
        document = data.get("document")
        if document not in sources:
            known = ", ".join(sorted(sources))
            raise LoadError(path, line_of(data), f"document {document!r} is not in {METADATA_FILE} ({known})")
        return self.compile_items(data.get("claims") or [], sources[document], path)

    def compile_items(
        self, items: list[dict[str, Any]], source: SourceText, path: Path
    ) -> tuple[list[Claim], list[LoadError]]:
        claims: list[Claim] = []
        errors: list[LoadError] = []
        seen: dict[str, int | None] = {}
        for item in items:
            line = line_of(item)
            claim_id = item.get("id")
            if claim_id in seen:
                errors.append(LoadError(path, line, f"claim id {claim_id!r} already used on line {seen[claim_id]}"))
                continue
            seen[claim_id] = line
            try:
                claims.append(self.compile_claim(item, source, path))
            except LoadError as error:
                errors.append(error)
        return claims, errors

    def compile_claim(self, item: dict[str, Any], source: SourceText, path: Path) -> Claim:
        line = line_of(item)

        def fail(message: str) -> LoadError:
            return LoadError(path, line, f"claim {item.get('id', '?')}: {message}")

        unknown = set(item) - CLAIM_KEYS - {"__line__"}
        if unknown:
            raise fail(f"unknown key(s) {', '.join(sorted(unknown))}; a claim takes {', '.join(sorted(CLAIM_KEYS))}")
        for key in ("id", "quote", "subject", "relation", "object"):
            if not item.get(key):
                raise fail(f"lacks {key!r}")
        evidence = [self._evidence(item["quote"], item.get("occurrence"), source, fail)]
        for extra in item.get("also_quotes") or []:
            if isinstance(extra, dict):
                evidence.append(self._evidence(extra.get("quote", ""), extra.get("occurrence"), source, fail))
            else:
                evidence.append(self._evidence(extra, None, source, fail))

        claim = Claim(CLAIM[f"{source.id}-{item['id']}"], source, path, line, evidence, note=item.get("note"))
        claim.acceptance = self._acceptance(item, fail)
        relation = self.vocabulary.term(item["relation"])
        if relation is None or relation in self.vocabulary.classes:
            raise fail(f"relation {item['relation']!r} is not a property of the ontology")
        modality = self._modality(item.get("modality"), fail)
        asserted = modality == MODALITY_ASSERTED
        anchor = self._date(item["anchor"], source, None, fail) if item.get("anchor") else None
        quoted = " … ".join(e.quote for e in evidence)
        if anchor is not None and anchor.precision == "day":
            self._check_day_named(anchor, quoted, source, None, "anchor", fail)
        subject = self._entity(item["subject"], source, fail)
        obj = self._value(relation, item["object"], source, anchor, quoted, fail)
        qualifiers = {k: v for k, v in (item.get("qualifiers") or {}).items() if k != "__line__"}
        form = self.vocabulary.qualified_forms.get(relation)
        # the event node is the statement of its own date, place, participants, level…: it carries their modality
        about_event = self.vocabulary.is_about_event(relation, self._registered_class(subject))

        if form is None:
            if qualifiers:
                raise fail(f"relation {item['relation']!r} takes no qualifiers (it has no qualified form)")
            if not asserted and not about_event:
                raise fail(
                    f"relation {item['relation']!r} has no qualified form to carry modality "
                    f"{self.vocabulary.concept_label(modality)!r}: only what the text states as fact can be claimed "
                    "with it (give the relation a qualified form in ontology/alliance.ttl, or claim the statement "
                    "with a relation that has one)"
                )
            if obj is not None:
                claim.assertions.append(Triple(subject, relation, obj))
            if self.vocabulary.is_date_valued(relation):
                claim.assertions += self._bounds(subject, item["object"], source, anchor, fail)
            if about_event:  # the event node carries what the claims about it commit to (planned, …)
                claim.assertions.append(Triple(subject, AKG.modality, modality))
            return claim

        # A relation with a qualified form: the n-ary node is the statement, with its modality; the plain
        # shortcut triple only when the text states it as fact.
        node = self._qualified_node(subject, relation, obj, qualifiers, modality, source, anchor)
        claim.derived_nodes.append(node)
        if asserted:
            claim.assertions.append(Triple(subject, relation, obj))
        claim.assertions += [
            Triple(node, RDF.type, form.node_class),
            Triple(node, form.subject_property, subject),
            Triple(node, form.object_property, obj),
            Triple(node, AKG.modality, modality),
        ]
        for key, values in sorted(qualifiers.items()):
            prop = self.vocabulary.term(key)
            if prop is None or prop in self.vocabulary.classes:
                raise fail(f"qualifier {key!r} is not a property of the ontology")
            for value in values if isinstance(values, list) else [values]:
                literal = self._value(prop, value, source, anchor, quoted, fail)
                if literal is not None:
                    claim.assertions.append(Triple(node, prop, literal))
                if self.vocabulary.is_date_valued(prop):
                    claim.assertions += self._bounds(node, value, source, anchor, fail)
        return claim

    @staticmethod
    def _acceptance(item: dict[str, Any], fail) -> Acceptance | None:
        """`accepted_by` (a curator's name) and `accepted_at` (ISO 8601 with its time zone), both or neither."""
        by, at = item.get("accepted_by"), item.get("accepted_at")
        if not by and not at:
            return None
        if not (by and str(by).strip()) or not at:
            raise fail("`accepted_by` (who) and `accepted_at` (when) go together: give both, or neither")
        try:
            moment = datetime.fromisoformat(str(at).strip().replace("Z", "+00:00"))
        except ValueError as error:
            raise fail(f"accepted_at {at!r} is not an ISO 8601 date and time, e.g. 2026-01-31T09:30:00Z") from error
        if moment.tzinfo is None:
            raise fail(f"accepted_at {at!r} has no time zone; write it in UTC, e.g. 2026-01-31T09:30:00Z")
        return Acceptance(" ".join(str(by).split()), moment.astimezone(UTC))

    def _modality(self, name: str | None, fail) -> NamedNode:
        if name is None:
            return MODALITY_ASSERTED
        concept = self.vocabulary.concept_named(AKG.Modality, name)
        if concept is None:
            known = ", ".join(c.value.rsplit("/", 1)[-1] for c in self.vocabulary.concepts_of(AKG.Modality))
            raise fail(f"modality {name!r} is not a concept of the modality scheme ({known})")
        return concept

    def _registered_class(self, node: NamedNode) -> NamedNode | None:
        entity = self.registry.entities.get(node.value.removeprefix(str(ID)))
        return entity.type if entity is not None and entity.node == node else None

    def _check_day_named(
        self, day: DateValue, quoted: str, source: SourceText, anchor: DateValue | None, what: str, fail
    ) -> None:
        """A day is claimed only when a quote names it ("Jan. 11", "two days later" from a quoted day)."""
        if day.earliest not in days_named(quoted, source.date, anchor):
            raise fail(
                f"{what} {day.iso()} is a single day, but no quote of the claim names that day: quote the words "
                'that give it (e.g. also_quotes: ["On Jan. 11"]), or write the date as the words bound it '
                "('last week', 'a fortnight before', a month or a year)"
            )

    def _evidence(self, quote: str, occurrence: str | None, source: SourceText, fail) -> Evidence:
        try:
            start, end = find_quote(source.text, quote, int(occurrence) if occurrence else None)
        except QuoteError as error:
            raise fail(f"{error} (in {source.path.name})") from error
        return Evidence(quote, start, end)

    def _entity(self, name: str, source: SourceText, fail) -> NamedNode:
        if name.strip().casefold() == THIS_DOCUMENT:
            return DOC[source.id]
        entity = self.registry.resolve(name)
        if entity is None:
            near = self.registry.suggestions(name)
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise fail(f"unknown entity {name!r}: add it to {display_path(self.registry.source)}{hint}")
        return entity.node

    def _value(
        self, prop: NamedNode, value: str, source: SourceText, anchor: DateValue | None, quoted: str, fail
    ) -> Literal | NamedNode | None:
        """The object of `prop` for `value`: an entity, a typed literal, or a date at its precision (None for a
        date that no calendar unit holds: it is given by its bounds alone, see `_bounds`)."""
        if prop in self.vocabulary.object_properties:
            return self._entity(value, source, fail)
        if self.vocabulary.is_date_valued(prop):
            date = self._date(value, source, anchor, fail)
            if date.precision == "day":
                self._check_day_named(date, quoted, source, anchor, prop.value.rsplit("#", 1)[-1], fail)
            unit = enclosing_unit(date)
            return date_literal(unit) if unit is not None else None
        datatype = self.vocabulary.datatype_ranges.get(prop)
        if datatype in TYPED_VALUES:
            check, message = TYPED_VALUES[datatype]
            if not check(str(value)):
                raise fail(f"{prop.value.rsplit('#', 1)[-1]} takes {message}, not {value!r}")
            return Literal(str(value).strip(), datatype=datatype)
        return Literal(value)

    def _bounds(
        self, subject: NamedNode, value: str, source: SourceText, anchor: DateValue | None, fail
    ) -> list[Triple]:
        """Earliest/latest day when the text bounds a date more tightly than any calendar unit."""
        date = self._date(value, source, anchor, fail)
        if date.precision is not None:
            return []
        day = XSD.date
        return [
            Triple(subject, AKG.earliestDate, Literal(date.earliest.isoformat(), datatype=day)),
            Triple(subject, AKG.latestDate, Literal(date.latest.isoformat(), datatype=day)),
        ]

    def _date(self, expression: str, source: SourceText, anchor: DateValue | None, fail) -> DateValue:
        try:
            return resolve_date(expression, source.date, anchor)
        except DateResolutionError as error:
            raise fail(str(error)) from error

    def _qualified_node(
        self,
        subject,
        relation,
        obj,
        qualifiers: dict[str, Any],
        modality: NamedNode,
        source: SourceText,
        anchor: DateValue | None,
    ) -> NamedNode:
        """A stable IRI from the statement, its qualifiers and (unless asserted) its modality, so sources that
        agree share one node and sources that disagree (done / only planned) keep apart."""
        resolved = sorted((key, self._canonical(key, value, source, anchor)) for key, value in qualifiers.items())
        if modality != MODALITY_ASSERTED:
            resolved.append(("modality", modality.value.rsplit("/", 1)[-1]))
        digest = hashlib.sha256(repr(resolved).encode()).hexdigest()[:10]
        local = "/".join(_local(n) for n in (subject, relation, obj))
        return ID[f"{local}/{digest}"]

    def _canonical(self, key: str, value: Any, source: SourceText, anchor: DateValue | None) -> Any:
        if isinstance(value, list):
            return tuple(sorted(self._canonical(key, v, source, anchor) for v in value))
        prop = self.vocabulary.term(key)
        if prop is not None and prop in self.vocabulary.object_properties:
            entity = self.registry.resolve(value)
            return entity.id if entity else value
        if prop is not None and self.vocabulary.is_date_valued(prop):
            try:
                return resolve_date(value, source.date, anchor).iso()
            except DateResolutionError:
                return value
        return value


def enclosing_unit(date: DateValue) -> DateValue | None:
    """The smallest calendar day, month or year that contains the span: what a source's words pin down; None when
    the span crosses a year boundary ("a fortnight before" January 13), so that only its bounds can be given."""
    if date.precision is not None:
        return date
    a, b = date.earliest, date.latest
    if (a.year, a.month) == (b.year, b.month):
        return DateValue.parse_iso(f"{a.year:04d}-{a.month:02d}")
    if a.year == b.year:
        return DateValue.parse_iso(f"{a.year:04d}")
    return None


def _local(node) -> str:
    """A term's path inside the project's IRIs: `japan` for an entity, `doc/002` for a document, `develops`."""
    value = node.value
    for prefix in (str(ID), str(AKG), BASE):
        if value.startswith(prefix):
            return value.removeprefix(prefix)
    return value


def date_literal(date: DateValue) -> Literal:
    lexical, datatype = date.xsd()
    return Literal(lexical, datatype=NamedNode(datatype))
