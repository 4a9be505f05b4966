"""`alliance-kg propose --evaluate`: how good the proposals are, measured against hand-written gold annotations.

Two measurements, reported apart:
- leave-one-document-out over the sources folder's own annotated texts (the seeds): each text is proposed with the
  registry *without* the entities only that text introduces, and with the facts of the other texts' annotations
  only, then scored against its own annotation file;
- each `--gold DIR` (texts, metadata.yaml, gold/NNN.yaml in the gold format of evaluation/README.md: an annotation
  file plus `entities:` for what the text introduces), proposed with the sources folder's registry and annotations.

Scores (per relation and over all):
- strict: a proposal matches a gold claim with the same subject, relation and object whose quotes lie in the same
  sentence; lenient: the same triple, wherever quoted. Precision, recall and F1 of each, micro-averaged.
- date accuracy (value and precision, over gold dates of events the proposals date), qualifier accuracy (over
  lenient matches), modality accuracy (over lenient matches), entity-linking accuracy (for proposals that share
  a relation and a sentence with gold claims: the share of their subjects and objects that are the gold's),
  new-entity precision (proposed new entities that the gold also introduces), and the share of gold claims a
  reviewer gets by accepting proposals unchanged (triple, qualifiers and modality all as in the gold); and recall
  apart for gold triples whose ends the registry names (or are values) and for those with an entity the text
  introduces, which a proposal can match only by proposing that entity too; and, per relation, how many of the
  gold triples the proposals miss have both ends in the proposals already (what composing them could reach).

Entities are compared by registry id. A proposed new entity counts as the gold's when their names agree (label or
alias, case and dashes aside, or RapidFuzz token-set ratio ≥ 90) and their types are compatible, or else — for the
unnamed (events, mostly) — when it shares the most (relation, other argument) pairs with one gold entity (at least
two, or one for an entity of the same type), and whose dates, where both are dated, share a year: one proposed
entity to one gold entity, greedily by that count.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alliance_kg.curation.propose import analyse
from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.calibration import Measured
from alliance_kg.curation.propose.context import ProposalContext, class_ancestors
from alliance_kg.loaders.dates import DateResolutionError, resolve_date
from alliance_kg.loaders.entity import Entity, normalise_name
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.quotes import QuoteError, find_quote
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sentences import split_sentences
from alliance_kg.loaders.sources import SourcesFolder, SourceText, load_sources
from alliance_kg.loaders.yamlfile import read_yaml
from alliance_kg.ontology import AKG, Vocabulary
from alliance_kg.ontology.namespaces import PREFIXES
from rapidfuzz import fuzz

GOLD = "gold"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)  # the confidence thresholds the report gives precision and recall at
Triple = tuple[str, str, str]


class EvaluationError(Exception):
    """A gold folder that cannot be read; the message names the file."""


@dataclass
class Item:
    """A claim reduced to what is compared: resolved triple, the sentences its quotes lie in, qualifiers, modality."""

    subject: str
    relation: str
    object: str
    sentences: frozenset[int]
    qualifiers: dict[str, str] = field(default_factory=dict)
    modality: str = "asserted"
    date_precision: str | None = None
    rule: str | None = None  # a proposal's: the rule that made it, and its confidence
    confidence: float | None = None

    @property
    def triple(self) -> Triple:
        return (self.subject, self.relation, self.object)


@dataclass
class Counts:
    """Matches counted from both sides: proposals that match some gold claim, gold claims that some proposal matches."""

    matched_proposed: int = 0
    matched_gold: int = 0
    proposed: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.matched_proposed += other.matched_proposed
        self.matched_gold += other.matched_gold
        self.proposed += other.proposed
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.matched_proposed / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.right, self.total = self.right + other.right, self.total + other.total

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class Score:
    """What one document (or a sum of documents) scores."""

    strict: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    lenient: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    dates: Ratio = field(default_factory=Ratio)
    date_precision: Ratio = field(default_factory=Ratio)
    qualifiers: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)
    linking: Ratio = field(default_factory=Ratio)
    new_entities: Ratio = field(default_factory=Ratio)
    unchanged: Ratio = field(default_factory=Ratio)
    registry_named: Ratio = field(default_factory=Ratio)  # recall on gold triples the registry can name
    text_introduced: Ratio = field(default_factory=Ratio)  # recall on gold triples needing a new entity
    # per type, the gold's entities the text introduces (and its claims name) that the proposals introduce too
    introduced_found: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    # per relation, the gold triples the proposals miss, and how many of them have both ends in the proposals (an
    # entity some proposal names, or a value): what composing the proposals' own ends could reach at most
    missed_within_reach: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    documents: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for mine, theirs in ((self.strict, other.strict), (self.lenient, other.lenient)):
            for relation, counts in theirs.items():
                mine[relation].add(counts)
        for name in (
            "dates",
            "date_precision",
            "qualifiers",
            "modality",
            "linking",
            "new_entities",
            "unchanged",
            "registry_named",
            "text_introduced",
        ):
            getattr(self, name).add(getattr(other, name))
        for kind, ratio in other.introduced_found.items():
            self.introduced_found[kind].add(ratio)
        for relation, ratio in other.missed_within_reach.items():
            self.missed_within_reach[relation].add(ratio)
        self.documents += other.documents

    def overall(self, kind: str) -> Counts:
        total = Counts()
        for counts in getattr(self, kind).values():
            total.add(counts)
        return total


# --- reading claims into comparable items


class Resolver:
    """Names (ids, labels, aliases) to registry ids, and claim values to canonical strings, for one document."""

    def __init__(self, vocabulary: Vocabulary, registry: Registry, source: SourceText) -> None:
        self.vocabulary, self.registry, self.source = vocabulary, registry, source
        self.sentences = split_sentences(source.text)
        self.extra: dict[str, str] = {}  # normalised name → id, for entities outside the registry (proposed, gold)

    def entity(self, name: str) -> str:
        if normalise_name(name) == "this document":
            return f"doc:{self.source.id}"
        key = normalise_name(name)
        if key in self.extra:
            return self.extra[key]
        found = self.registry.resolve(name)
        return found.id if found else f"?{key}"

    def relation(self, name: str) -> str:
        """The relation's local name for akg: terms, prefix:local for reused ones (dcterms:issued is not akg:issued)."""
        term = self.vocabulary.term(name)
        if term is None:
            return name
        if term.value.startswith(str(AKG)):
            return term.value[len(str(AKG)) :]
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value

    def value(self, relation: str, value: str, anchor: str | None) -> tuple[str, str | None]:
        """(canonical value, date precision or None) of an object or qualifier."""
        term = self.vocabulary.term(relation)
        if term is not None and term in self.vocabulary.object_properties:
            return self.entity(str(value)), None
        if term is not None and self.vocabulary.is_date_valued(term):
            try:
                base = resolve_date(anchor, self.source.date) if anchor else None
                date = resolve_date(str(value), self.source.date, base)
                return date.iso(), date.precision or "span"
            except DateResolutionError:
                return f"?{value}", None
        return " ".join(str(value).split()).casefold(), None

    def sentences_of(self, quotes: list[tuple[str, str | None]]) -> frozenset[int]:
        found = set()
        for quote, occurrence in quotes:
            try:
                start, end = find_quote(self.source.text, quote, int(occurrence) if occurrence else None)
            except (QuoteError, ValueError):
                continue
            found |= {i for i, s in enumerate(self.sentences) if s.start < end and start < s.end}
        return frozenset(found)

    def item(self, claim: dict[str, Any]) -> Item:
        relation = self.relation(claim["relation"])
        anchor = claim.get("anchor")
        obj, precision = self.value(claim["relation"], claim["object"], anchor)
        quotes = [(claim["quote"], claim.get("occurrence"))]
        for extra in claim.get("also_quotes") or []:
            quotes.append((extra["quote"], extra.get("occurrence")) if isinstance(extra, dict) else (extra, None))
        qualifiers = {}
        for key, value in (claim.get("qualifiers") or {}).items():
            if key != "__line__":
                qualifiers[self.relation(key)] = self.value(key, value, anchor)[0]
        modality = normalise_name(str(claim.get("modality") or "asserted")).replace(" ", "-")
        return Item(
            self.entity(claim["subject"]), relation, obj, self.sentences_of(quotes), qualifiers, modality, precision
        )


# --- aligning proposed new entities with the gold's


def _compatible(kind_a: str, kind_b: str, ancestors: dict[str, set[str]]) -> bool:
    a, b = ancestors.get(kind_a, {kind_a}), ancestors.get(kind_b, {kind_b})
    top = {
        "Event",
        "Agreement",
        "StateDocument",
        "Place",
        "Organisation",
        "Person",
        "State",
        "Capability",
        "Office",
        "Commitment",
    }
    return bool((a & b) & top) or kind_a == kind_b


def align_new_entities(
    proposed: dict[str, dict], gold: dict[str, dict], proposed_items: list[Item], gold_items: list[Item]
) -> dict[str, str]:
    """proposed id → gold id (see module docstring). Each entity dict: id, type, names (normalised)."""
    ancestors = class_ancestors()
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for pid, p in proposed.items():
        best = None
        for gid, g in gold.items():
            if gid in taken or not _compatible(p["type"], g["type"], ancestors):
                continue
            if p["names"] & g["names"]:
                best = (100, gid)
                break
            if "Event" in ancestors.get(p["type"], {p["type"]}):
                continue  # an event's generated name is its participants' names and month: only its claims tell
            score = max((fuzz.token_set_ratio(a, b) for a in p["names"] for b in g["names"]), default=0)
            if score >= 90 and (best is None or score > best[0]):
                best = (score, gid)
        if best:
            mapping[pid] = best[1]
            taken.add(best[1])

    def pairs(items: list[Item], entity: str) -> Counter:
        found: Counter = Counter()
        for item in items:
            if item.subject == entity:
                found[("s", item.relation, item.object)] += 1
            if item.object == entity:
                found[("o", item.relation, item.subject)] += 1
        return found

    def sentences(items: list[Item], entity: str) -> set[int]:
        return {s for item in items if entity in (item.subject, item.object) for s in item.sentences}

    def years(items: list[Item], entity: str) -> set[int]:
        return {y for item in items if item.subject == entity and item.relation == "date" for y in _years(item.object)}

    # a new person aligned by name is the gold's in the claims that pair events too ("new:yoshihide-suga" is
    # "yoshihide-suga" when the meeting he takes part in is compared with the gold's)
    named = _renamed(proposed_items, mapping)
    scored = []
    for pid, p in proposed.items():
        if pid in mapping:
            continue
        mine = pairs(named, pid)
        for gid, g in gold.items():
            if gid in taken or not _compatible(p["type"], g["type"], ancestors):
                continue
            shared = sum((mine & pairs(gold_items, gid)).values())
            needed = 1 if p["type"] == g["type"] else 2
            dated, gold_dated = years(named, pid), years(gold_items, gid)
            if dated and gold_dated and not dated & gold_dated:
                continue  # the Security Consultative Committee of 1978 is not that of 2015, whatever it shares
            if shared >= needed:
                # ties (several commitments of the same two states) go to the one quoted in the same sentence, then
                # to the nearest words, not to whichever comes first
                near = bool(sentences(proposed_items, pid) & sentences(gold_items, gid))
                words = max((fuzz.token_set_ratio(a, b) for a in p["names"] for b in g["names"]), default=0)
                scored.append((shared, near, words, pid, gid))
    for *_, pid, gid in sorted(scored, reverse=True):
        if pid not in mapping and gid not in taken:
            mapping[pid] = gid
            taken.add(gid)
    return mapping


def _years(value: str) -> set[int]:
    """The calendar years a resolved date ("2015-04-27", "2020-06-01/2020-08-31") touches; none for an unresolved one."""
    found = [int(part[:4]) for part in value.split("/") if re.match(r"^\d{4}", part)]
    return set(range(min(found), max(found) + 1)) if found else set()


def _renamed(items: list[Item], mapping: dict[str, str]) -> list[Item]:
    def rename(value: str) -> str:
        return mapping.get(value, value)

    return [
        replace(
            i,
            subject=rename(i.subject),
            object=rename(i.object),
            qualifiers={k: rename(v) for k, v in i.qualifiers.items()},
        )
        for i in items
    ]


# --- scoring one document


def score_document(
    proposed: list[Item],
    gold: list[Item],
    new_proposed: int,
    new_right: int,
    label: str,
    introduced: Mapping[str, str] | None = None,
) -> Score:
    """Score one text's proposals against its gold; `introduced` maps the gold's ids of entities the text introduces
    to their types (proposed new entities already renamed to the gold ids they were paired with)."""
    introduced = introduced or {}
    score = Score(documents=[label])
    proposed_triples = {i.triple for i in proposed}
    named_by_gold = {end for i in gold for end in (i.subject, i.object)}
    named_by_proposals = {end for i in proposed for end in (i.subject, i.object)}
    for entity, kind in introduced.items():
        if entity in named_by_gold:
            score.introduced_found[kind].total += 1
            score.introduced_found[kind].right += entity in named_by_proposals
    for triple in {i.triple for i in gold}:
        needs_new = triple[0] in introduced or triple[2] in introduced
        ratio = score.text_introduced if needs_new else score.registry_named
        ratio.total += 1
        ratio.right += triple in proposed_triples
        if triple not in proposed_triples:
            reach = score.missed_within_reach[triple[1]]
            reach.total += 1
            reach.right += all(end in named_by_proposals or not is_entity(end) for end in (triple[0], triple[2]))
    for relation in {i.relation for i in proposed + gold}:
        mine = [i for i in proposed if i.relation == relation]
        theirs = [i for i in gold if i.relation == relation]
        p_triples, g_triples = {i.triple for i in mine}, {i.triple for i in theirs}
        both = len(p_triples & g_triples)
        score.lenient[relation] = Counts(both, both, len(p_triples), len(g_triples))
        # strict: each proposal (a triple quoted in one sentence) and each gold claim (a triple and its quotes)
        p_units = {(i.triple, s) for i in mine for s in (i.sentences or {-1})}
        g_units = {(i.triple, i.sentences) for i in theirs}
        score.strict[relation] = Counts(
            sum(1 for t, s in p_units if any(t == gt and s in gs for gt, gs in g_units)),
            sum(1 for gt, gs in g_units if any(t == gt and s in gs for t, s in p_units)),
            len(p_units),
            len(g_units),
        )
    by_triple: dict[Triple, list[Item]] = defaultdict(list)
    for item in proposed:
        by_triple[item.triple].append(item)
    for item in gold:
        candidates = by_triple.get(item.triple, [])
        if candidates:
            best = max(candidates, key=lambda c: sum(c.qualifiers.get(k) == v for k, v in item.qualifiers.items()))
            for key, value in item.qualifiers.items():
                score.qualifiers.total += 1
                score.qualifiers.right += best.qualifiers.get(key) == value
                if key in ("startDate", "asOf", "endDate", "targetDate"):
                    score.dates.total += 1
                    score.dates.right += best.qualifiers.get(key) == value
            score.modality.total += 1
            score.modality.right += best.modality == item.modality
            unchanged = any(c.qualifiers == item.qualifiers and c.modality == item.modality for c in candidates) or any(
                all(c.qualifiers.get(k) == v for k, v in item.qualifiers.items())
                and c.modality == item.modality
                and not set(c.qualifiers) - set(item.qualifiers)
                for c in candidates
            )
            score.unchanged.right += unchanged
        score.unchanged.total += 1
    # dates of events: the gold's date of an event the proposals also date
    proposed_dates = defaultdict(list)
    for item in proposed:
        if item.relation == "date":
            proposed_dates[item.subject].append(item)
    for item in gold:
        if item.relation == "date" and item.subject in proposed_dates:
            score.dates.total += 1
            score.dates.right += any(p.object == item.object for p in proposed_dates[item.subject])
            score.date_precision.total += 1
            score.date_precision.right += any(
                p.date_precision == item.date_precision for p in proposed_dates[item.subject]
            )
    # linking: for proposals sharing relation and sentence with gold claims, are their arguments the gold's?
    for item in proposed:
        near = [g for g in gold if g.relation == item.relation and g.sentences & item.sentences]
        if not near:
            continue
        best = max(near, key=lambda g: (g.subject == item.subject) + (g.object == item.object))
        for mine, theirs in ((item.subject, best.subject), (item.object, best.object)):
            if is_entity(mine) or is_entity(theirs):
                score.linking.total += 1
                score.linking.right += mine == theirs
    score.new_entities = Ratio(new_right, new_proposed)
    return score


def is_entity(value: str) -> bool:
    """Whether a compared value is an entity id rather than a value (a date, a figure, words)."""
    return bool(re.match(r"^[a-z0-9][a-z0-9_\-/]*$", value)) and not re.match(r"^\d{4}", value)


# --- running one document


@dataclass
class DocumentResult:
    """One text's score, its proposals (new entities renamed to the gold ids they were paired with) and gold items;
    and, from `evaluate_document`, the proposer's run itself and that pairing (for the research experiments of
    evaluation/experiments/, which look past the proposals)."""

    label: str
    score: Score
    proposed: list[Item]
    gold: list[Item]
    analysis: Analysis | None = None  # the run's analysis: its claims are `proposed`, in the same order
    mapping: dict[str, str] = field(default_factory=dict)  # proposed new id ("new:…") → the gold id it is paired with


def evaluate_document(
    source: SourceText,
    gold_claims: list[dict],
    context: ProposalContext,
    gold_registry: Registry,
    gold_entities: dict[str, dict],
    label: str,
) -> DocumentResult:
    """Propose for `source` with `context`, and score against `gold_claims` (named in `gold_registry`)."""
    run = analyse(source, context)
    analysis = run.analysis
    vocabulary = context.vocabulary
    gold_resolver = Resolver(vocabulary, gold_registry, source)
    gold_items = []
    for claim in gold_claims:
        try:
            gold_items.append(gold_resolver.item(claim))
        except (KeyError, TypeError):
            continue
    proposed_resolver = Resolver(vocabulary, context.registry, source)
    for entity in analysis.entities.values():
        proposed_resolver.extra[normalise_name(entity.id)] = f"new:{entity.id}"
    proposed_items = []
    for claim in analysis.claims:
        item = {
            "subject": claim.subject,
            "relation": claim.relation,
            "object": claim.object,
            "quote": source.text[claim.start : claim.end],
            "qualifiers": claim.qualifiers,
            "anchor": claim.anchor,
            "modality": claim.modality,
        }
        try:
            start, end = find_quote(source.text, item["quote"])
        except QuoteError:
            item["occurrence"] = str(source.text[: claim.start].count(item["quote"]) + 1)
        proposed_items.append(replace(proposed_resolver.item(item), rule=claim.rule, confidence=claim.confidence))
    proposed_new = {
        f"new:{e.id}": {"type": e.type, "names": {normalise_name(n) for n in (e.label, *e.aliases)}}
        for e in analysis.entities.values()
    }
    mapping = align_new_entities(proposed_new, gold_entities, proposed_items, gold_items)
    proposed_items = _renamed(proposed_items, mapping)
    score = score_document(
        proposed_items,
        gold_items,
        len(proposed_new),
        len(mapping),
        label,
        introduced={gid: entity["type"] for gid, entity in gold_entities.items()},
    )
    return DocumentResult(label, score, proposed_items, gold_items, analysis, mapping)


# --- the two measurements


def introduced_only_by(document: str, sources: SourcesFolder, registry: Registry) -> set[str]:
    """Registry ids that the document's annotations (or metadata) use and no other document's do."""
    uses: dict[str, set[str]] = defaultdict(set)
    for path in sources.annotation_files():
        data = read_yaml(path)
        doc = data.get("document")
        for claim in data.get("claims") or []:
            for name in _names(claim):
                found = registry.resolve(name)
                if found is not None:
                    uses[found.id].add(doc)
    for entry in read_yaml(sources.metadata).get("documents") or []:
        names = [a.get("person") for a in entry.get("authors") or []] + [
            a.get("affiliation") for a in entry.get("authors") or []
        ]
        names += [entry.get("publisher"), entry.get("originally_published_in")]
        for name in filter(None, names):
            found = registry.resolve(name)
            if found is not None:
                uses[found.id].add(entry.get("id"))
    return {
        entity
        for entity, docs in uses.items()
        if docs == {document} and registry.entities[entity].iri is None  # the ontology's concepts are not the text's
    }


def _names(claim: dict) -> list[str]:
    names = [claim.get("subject"), claim.get("object")]
    names += [v for k, v in (claim.get("qualifiers") or {}).items() if k != "__line__"]
    return [str(n) for n in names if n]


def leave_one_out(sources: SourcesFolder) -> list[DocumentResult]:
    vocabulary = Vocabulary.load()
    registry = Registry.load(vocabulary, sources)
    texts = {s.id: s for s in load_sources(sources)}
    results = []
    for path in sources.annotation_files():
        data = read_yaml(path)
        document = data.get("document")
        if document not in texts:
            continue
        removed = introduced_only_by(document, sources, registry)
        kept = [e for e in registry.entities.values() if e.id not in removed]
        reduced = Registry(kept, registry.source, registry.links)
        context = ProposalContext.build(vocabulary, reduced, sources, texts, exclude={document})
        gold_entities = {
            e: {
                "type": registry.entities[e].type.value.rsplit("#", 1)[-1],
                "names": _entity_names(registry.entities[e]),
            }
            for e in removed
        }
        results.append(
            evaluate_document(texts[document], data.get("claims") or [], context, registry, gold_entities, document)
        )
    return results


def _entity_names(entity: Entity) -> set[str]:
    return {normalise_name(n) for n in (entity.label, *entity.aliases)}


def gold_folder(folder: Path, sources: SourcesFolder) -> list[DocumentResult]:
    """Each text of a gold folder, proposed with the sources folder's registry and annotations."""
    gold_dir = folder / GOLD
    if not (folder / "metadata.yaml").is_file() or not gold_dir.is_dir():
        raise EvaluationError(f"{folder} is not a gold folder: it needs metadata.yaml, the texts and {GOLD}/NNN.yaml")
    vocabulary = Vocabulary.load()
    registry = Registry.load(vocabulary, sources)
    try:
        texts = {s.id: s for s in load_sources(SourcesFolder(folder))}
    except LoadError as error:
        raise EvaluationError(str(error)) from error
    context = ProposalContext.build(vocabulary, registry, sources, {**{s.id: s for s in load_sources(sources)}})
    results = []
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            data = read_yaml(path)
        except LoadError as error:
            raise EvaluationError(str(error)) from error
        document = data.get("document")
        if document not in texts:
            raise EvaluationError(f"{path}: document {document!r} is not in {folder / 'metadata.yaml'}")
        entities = []
        for item in data.get("entities") or []:
            kind = vocabulary.term(item.get("type", ""))
            if kind is None or not item.get("id") or not item.get("label"):
                raise EvaluationError(
                    f"{path}: gold entity {item.get('id')!r} needs an id, a label and a type of the ontology"
                )
            entities.append(
                Entity(item["id"], kind, item["label"], tuple(item.get("aliases") or ()), item.get("definition"))
            )
        known = [e for e in registry.entities.values() if e.id not in {g.id for g in entities}]
        try:
            gold_registry = Registry(known + entities, path, registry.links)
        except LoadError as error:
            raise EvaluationError(str(error)) from error
        gold_entities = {e.id: {"type": e.type.value.rsplit("#", 1)[-1], "names": _entity_names(e)} for e in entities}
        results.append(
            evaluate_document(
                texts[document],
                data.get("claims") or [],
                context,
                gold_registry,
                gold_entities,
                f"{folder.name}/{document}",
            )
        )
    return results


# --- reports


def total(results: list[DocumentResult]) -> Score:
    score = Score()
    for result in results:
        score.add(result.score)
    return score


def per_rule(results: list[DocumentResult]) -> dict[str, Measured]:
    """Each rule's proposals, and how many were right: their triple is a gold triple of the same text (lenient)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        gold = {g.triple for g in result.gold}
        for item in result.proposed:
            tally = counts[item.rule or "?"]
            tally[0] += item.triple in gold
            tally[1] += 1
    return {rule: Measured(right, proposed) for rule, (right, proposed) in sorted(counts.items())}


def by_confidence(
    results: list[DocumentResult], thresholds: tuple[float, ...] = THRESHOLDS
) -> list[tuple[float, Counts]]:
    """Lenient precision and recall of the proposals whose confidence, as the draft writes it (two decimals), is at
    least each threshold: what a reviewer gets by accepting only those (the review page's "Accept … ≥ 0.8")."""
    rows = []
    for threshold in thresholds:
        counts = Counts()
        for result in results:
            gold = {g.triple for g in result.gold}
            kept = {i.triple for i in result.proposed if round(i.confidence or 0.0, 2) >= threshold}
            both = len(kept & gold)
            counts.add(Counts(both, both, len(kept), len(gold)))
        rows.append((threshold, counts))
    return rows


def mistakes(result: DocumentResult) -> dict[str, list[dict]]:
    """One text's wrong proposals (their triple is no gold triple of the text) and missed gold claims (no proposal has
    their triple), each with its triple, modality, qualifiers and the sentences (1-based) it is quoted in."""

    def row(item: Item) -> dict:
        out = {"subject": item.subject, "relation": item.relation, "object": item.object, "modality": item.modality}
        if item.rule:
            out["rule"] = item.rule
        if item.qualifiers:
            out["qualifiers"] = dict(item.qualifiers)
        out["sentences"] = sorted(s + 1 for s in item.sentences if s >= 0)
        return out

    gold, proposed = {g.triple for g in result.gold}, {p.triple for p in result.proposed}
    return {
        "wrong": [row(p) for p in result.proposed if p.triple not in gold],
        "missed": [row(g) for g in result.gold if g.triple not in proposed],
    }


def as_json(sets: dict[str, list[DocumentResult]], command: str, with_mistakes: bool = False) -> dict:
    def counts(c: Counts) -> dict:
        return {
            "proposed": c.proposed,
            "gold": c.gold,
            "proposed_matched": c.matched_proposed,
            "gold_matched": c.matched_gold,
            "precision": _r(c.precision),
            "recall": _r(c.recall),
            "f1": _r(c.f1),
        }

    def ratio(r: Ratio) -> dict:
        return {"right": r.right, "total": r.total, "value": _r(r.value)}

    out: dict[str, Any] = {"date": datetime.now(UTC).replace(microsecond=0).isoformat(), "command": command, "sets": {}}
    for name, results in sets.items():
        score = total(results)
        out["sets"][name] = {
            "documents": score.documents,
            "overall": {"strict": counts(score.overall("strict")), "lenient": counts(score.overall("lenient"))},
            "per_relation": {
                relation: {"strict": counts(score.strict[relation]), "lenient": counts(score.lenient[relation])}
                for relation in sorted(score.lenient, key=lambda r: (-score.lenient[r].gold, r))
            },
            "dates": ratio(score.dates),
            "date_precision": ratio(score.date_precision),
            "qualifiers": ratio(score.qualifiers),
            "modality": ratio(score.modality),
            "entity_linking": ratio(score.linking),
            "new_entity_precision": ratio(score.new_entities),
            "accepted_unchanged": ratio(score.unchanged),
            "recall_registry_named": ratio(score.registry_named),
            "recall_text_introduced": ratio(score.text_introduced),
            "introduced_entities_found": {
                kind: ratio(score.introduced_found[kind])
                for kind in sorted(score.introduced_found, key=lambda k: (-score.introduced_found[k].total, k))
            },
            "missed_within_reach": {
                relation: ratio(score.missed_within_reach[relation])
                for relation in sorted(
                    score.missed_within_reach, key=lambda r: (-score.missed_within_reach[r].total, r)
                )
            },
            "by_confidence": [{"threshold": t, **counts(c)} for t, c in by_confidence(results)],
            "per_rule": {
                rule: {"proposed": m.proposed, "right": m.right, "precision": _r(m.right / m.proposed)}
                for rule, m in per_rule(results).items()
            },
            "per_document": {
                r.label: {"strict": counts(r.score.overall("strict")), "lenient": counts(r.score.overall("lenient"))}
                for r in results
            },
        }
        if with_mistakes:
            out["sets"][name]["mistakes"] = {r.label: mistakes(r) for r in results}
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def as_markdown(report: dict) -> str:
    lines = [f"# Proposal quality, {report['date'][:10]}", "", f"`{report['command']}`", ""]
    for name, data in report["sets"].items():
        lines += [f"## {name}", "", f"Documents: {', '.join(data['documents'])}", ""]
        lines += [
            "| | proposed | gold | matched (proposals/gold) | precision | recall | F1 |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for kind in ("lenient", "strict"):
            c = data["overall"][kind]
            lines.append(
                f"| overall, {kind} | {c['proposed']} | {c['gold']} | {c['proposed_matched']}/{c['gold_matched']} | "
                f"{_f(c['precision'])} | {_f(c['recall'])} | {_f(c['f1'])} |"
            )
        lines += ["", "| measure | value | of |", "|---|--:|--:|"]
        for key, title in (
            ("dates", "date accuracy (value and precision)"),
            ("date_precision", "date precision (day/month/year/span) right"),
            ("qualifiers", "qualifier accuracy (lenient matches)"),
            ("modality", "modality accuracy (lenient matches)"),
            ("entity_linking", "entity-linking accuracy"),
            ("new_entity_precision", "new-entity precision"),
            ("accepted_unchanged", "gold claims got by accepting proposals unchanged"),
            ("recall_registry_named", "recall, gold triples whose ends the registry names (or values)"),
            ("recall_text_introduced", "recall, gold triples with an entity the text introduces"),
        ):
            r = data[key]
            lines.append(f"| {title} | {_f(r['value'])} | {r['right']}/{r['total']} |")
        if data.get("introduced_entities_found"):
            lines += [
                "",
                "Entities the text introduces that the gold's claims name, and the share the proposals introduce too "
                "(paired with the gold's), per type:",
                "",
                "| type | found | of | share |",
                "|---|--:|--:|--:|",
            ]
            for kind, r in data["introduced_entities_found"].items():
                lines.append(f"| {kind} | {r['right']} | {r['total']} | {_f(r['value'])} |")
        lines += [
            "",
            "Per relation, lenient (strict):",
            "",
            "| relation | proposed | gold | precision | recall | F1 |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for relation, both in data["per_relation"].items():
            c, st = both["lenient"], both["strict"]
            lines.append(
                f"| {relation} | {c['proposed']} | {c['gold']} | {_f(c['precision'])} ({_f(st['precision'])}) | "
                f"{_f(c['recall'])} ({_f(st['recall'])}) | {_f(c['f1'])} ({_f(st['f1'])}) |"
            )
        reach = data.get("missed_within_reach") or {}
        if reach:
            within = sum(r["right"] for r in reach.values())
            missed = sum(r["total"] for r in reach.values())
            lines += [
                "",
                f"Gold triples the proposals miss ({missed}), and those whose two ends some proposal already names (an "
                f"entity, or a value): {within}. Composing the proposals' own ends reaches these at most; the rest "
                "needs an entity the proposals never introduce. Per relation:",
                "",
                "| relation | missed | both ends in the proposals |",
                "|---|--:|--:|",
            ]
            for relation, r in reach.items():
                lines.append(f"| {relation} | {r['total']} | {r['right']} |")
        lines += [
            "",
            "Accepting only proposals at or above a confidence (lenient):",
            "",
            "| confidence ≥ | proposed | precision | recall |",
            "|--:|--:|--:|--:|",
        ]
        for row in data["by_confidence"]:
            lines.append(
                f"| {row['threshold']:.1f} | {row['proposed']} | {_f(row['precision'])} | {_f(row['recall'])} |"
            )
        lines += ["", "Per rule (a proposal is right when its triple is a gold triple of the text):", ""]
        lines += ["| rule | proposed | right | precision |", "|---|--:|--:|--:|"]
        for rule, m in data["per_rule"].items():
            lines.append(f"| {rule} | {m['proposed']} | {m['right']} | {_f(m['precision'])} |")
        lines += [
            "",
            "Per document (lenient; strict in brackets):",
            "",
            "| document | proposed | gold | precision | recall |",
            "|---|--:|--:|--:|--:|",
        ]
        for label, both in data["per_document"].items():
            c, st = both["lenient"], both["strict"]
            lines.append(
                f"| {label} | {c['proposed']} | {c['gold']} | {_f(c['precision'])} ({_f(st['precision'])}) | "
                f"{_f(c['recall'])} ({_f(st['recall'])}) |"
            )
        lines += _mistakes_markdown(data.get("mistakes") or {})
        lines.append("")
    return "\n".join(lines)


def _mistakes_markdown(per_document: dict[str, dict[str, list[dict]]]) -> list[str]:
    lines = []
    for label, both in per_document.items():
        lines += [
            "",
            f"What went wrong in {label}: {len(both['wrong'])} wrong proposals, {len(both['missed'])} missed gold claims",
            "",
        ]
        lines += [
            "| | rule | subject | relation | object | modality | qualifiers | sentences |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for kind, rows in (("wrong", both["wrong"]), ("missed", both["missed"])):
            for r in rows:
                qualifiers = ", ".join(f"{k} {v}" for k, v in (r.get("qualifiers") or {}).items())
                sentences = ", ".join(str(n) for n in r["sentences"])
                lines.append(
                    f"| {kind} | {r.get('rule', '')} | {r['subject']} | {r['relation']} | {r['object']} | "
                    f"{r['modality']} | {qualifiers} | {sentences} |"
                )
    return lines


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def write_report(report: dict, output_dir: Path) -> tuple[Path, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = report["date"][:10]
    markdown, data = output_dir / f"proposals-{stamp}.md", output_dir / f"proposals-{stamp}.json"
    markdown.write_text(as_markdown(report), encoding="utf-8")
    data.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return markdown, data
