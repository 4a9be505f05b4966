"""What the proposer knows before it reads a new text: the registry, and what the other annotation files say.

The registry names entities but says nothing of an event's date or participants; those are claims in the annotation
files. To link "the meeting" of a new text to an event the graph already has (the same meeting reported by three
articles must be one event), the other documents' annotations are compiled with the build's own compiler and the
facts about events (type, dates, participants, places, series) and offices (who holds which, whose office it is)
are indexed here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from alliance_kg.curation.propose.lexicon import Lexicon, load_lexicon
from alliance_kg.loaders.claims import ClaimCompiler
from alliance_kg.loaders.dates import DateResolutionError, DateValue
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder, SourceText, load_sources
from alliance_kg.ontology import AKG, ID, Vocabulary, ontology_quads
from alliance_kg.ontology.namespaces import RDF, RDFS
from pyoxigraph import Literal, NamedNode

EVENT_CLASSES = ("Event", "Meeting", "Summit", "Signing", "Visit", "Speech", "Exercise")


@dataclass
class KnownEvent:
    id: str
    type: str
    label: str
    dates: list[DateValue] = field(default_factory=list)
    participants: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    series: set[str] = field(default_factory=set)
    issued: set[str] = field(default_factory=set)  # documents issued at it (joint statements)
    signs: set[str] = field(default_factory=set)  # agreements signed at it


@dataclass
class ProposalContext:
    vocabulary: Vocabulary
    registry: Registry
    lexicon: Lexicon
    events: dict[str, KnownEvent] = field(default_factory=dict)
    offices_held: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person → offices
    office_state: dict[str, str] = field(default_factory=dict)  # office → the state whose office it is
    article_of: dict[str, str] = field(default_factory=dict)  # treaty article → its treaty, as the graph records it
    superclasses: dict[str, set[str]] = field(default_factory=dict)  # class local name → itself and its ancestors
    warnings: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # what rules compile once per run (patterns built from the registry)

    @classmethod
    def from_sources(cls, sources: SourcesFolder, exclude: set[str] = frozenset()) -> ProposalContext:
        """The sources folder's registry, with the facts of its annotation files (but those of `exclude`d documents)."""
        vocabulary = Vocabulary.load()
        registry = Registry.load(vocabulary, sources)
        texts = {s.id: s for s in load_sources(sources)}
        return cls.build(vocabulary, registry, sources, texts, exclude)

    @classmethod
    def build(
        cls,
        vocabulary: Vocabulary,
        registry: Registry,
        sources: SourcesFolder,
        texts: dict[str, SourceText],
        exclude: set[str] = frozenset(),
    ) -> ProposalContext:
        context = cls(vocabulary, registry, load_lexicon())
        context.superclasses = class_ancestors()
        for entity in registry.entities.values():
            kind = entity.type.value.rsplit("#", 1)[-1]
            if kind in EVENT_CLASSES:
                context.events[entity.id] = KnownEvent(entity.id, kind, entity.label)
        compiler = ClaimCompiler(vocabulary, registry)
        for path in sources.annotation_files():
            try:
                from alliance_kg.loaders.yamlfile import read_yaml

                document = read_yaml(path).get("document")
                if document in exclude or document not in texts:
                    continue
                claims, errors = compiler.compile_file(path, texts)
            except LoadError as error:
                context.warnings.append(str(error))
                continue
            context.warnings += [str(e) for e in errors]
            for claim in claims:
                context._learn(claim.assertions)
        return context

    def is_a(self, entity_id: str, kind: str) -> bool:
        entity = self.registry.entities.get(entity_id)
        if entity is None:
            return False
        own = entity.type.value.rsplit("#", 1)[-1]
        return kind in self.superclasses.get(own, {own})

    def type_of(self, entity_id: str) -> str | None:
        entity = self.registry.entities.get(entity_id)
        return entity.type.value.rsplit("#", 1)[-1] if entity else None

    def _learn(self, triples) -> None:
        statements: dict = defaultdict(dict)
        for t in triples:
            if t.predicate in (RDF.subject, RDF.predicate, RDF.object):
                statements[t.subject][t.predicate] = t.object
        facts = [(t.subject, t.predicate, t.object) for t in triples]
        facts += [(s[RDF.subject], s[RDF.predicate], s[RDF.object]) for s in statements.values() if len(s) == 3]
        bounds: dict = defaultdict(dict)
        for s, p, o in facts:
            if p in (AKG.earliestDate, AKG.latestDate):
                bounds[s][p] = o
        for s, p, o in facts:
            subject = _local(s)
            if subject is None:
                continue
            if p == AKG.holdsOffice and (office := _local(o)):
                self.offices_held[subject].add(office)
            elif p == AKG.officeOf and (state := _local(o)):
                self.office_state[subject] = state
            elif p == AKG.articleOf and (treaty := _local(o)):
                self.article_of[subject] = treaty
            if p == AKG.issuedAt and (target := _local(o)) in self.events:
                self.events[target].issued.add(subject)
            event = self.events.get(subject)
            if event is None:
                continue
            if p == AKG.date and isinstance(o, Literal):
                try:
                    value = DateValue.parse_iso(o.value)
                    if AKG.earliestDate in bounds[s] and AKG.latestDate in bounds[s]:
                        value = DateValue.parse_iso(
                            f"{bounds[s][AKG.earliestDate].value}/{bounds[s][AKG.latestDate].value}"
                        )
                    event.dates.append(value)
                except (DateResolutionError, ValueError):
                    continue
            elif p == AKG.participant and (other := _local(o)):
                event.participants.add(other)
            elif p == AKG.place and (other := _local(o)):
                event.places.add(other)
            elif p == AKG.meetingOf and (other := _local(o)):
                event.series.add(other)
            elif p == AKG.signingOf and (other := _local(o)):
                event.signs.add(other)


def _local(node) -> str | None:
    if isinstance(node, NamedNode) and node.value.startswith(str(ID)):
        return node.value[len(str(ID)) :]
    return None


def class_ancestors() -> dict[str, set[str]]:
    """Each class of the ontology (by local name) with its superclasses in the ontology's namespace."""
    parents: dict[str, set[str]] = defaultdict(set)
    for quad in ontology_quads():
        ours = isinstance(quad.object, NamedNode) and quad.subject.value.startswith(str(AKG))
        if quad.predicate == RDFS.subClassOf and ours and quad.object.value.startswith(str(AKG)):
            parents[quad.subject.value[len(str(AKG)) :]].add(quad.object.value[len(str(AKG)) :])
    result: dict[str, set[str]] = {}
    for cls in list(parents) + [c for ps in list(parents.values()) for c in ps]:
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += parents.get(current, ())
        result[cls] = seen
    return result
