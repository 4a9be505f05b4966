"""Synthetic corpora shaped like the real graph, at any size, reproducible from a seed.

    python -m bench.generate --quads 100k --seed 7 -o corpus.nq

A corpus is the real graph (every named graph `loaders.build.assemble` makes from seeds/, the reasoner's graph
included) grown with synthetic documents until it holds about the asked number of quads; a size below the real
graph's (about 17 k named quads) gives the real graph. So it follows the graph's current model by construction,
and every catalogue query has a non-empty answer at every size (tests/test_synthetic_corpus.py).

What the synthetic documents add, in the project's namespaces and graphs, as the build writes them:
- graph/registry: persons, organisations, agreements with their articles, events, each with type,
  skos:prefLabel, rdfs:label, skos:definition and alternative labels (real entities, such as the states, are
  reused, never described twice);
- graph/documents: one node per document with its full text (schema:text), file name, checksum and typed date;
- one named graph per claim with what it asserts, as `loaders.claims.ClaimCompiler` writes it: qualified nodes
  (akg:DomainCoverage, akg:AgreementParty) with their shortcut triple and akg:modality, typed event dates and
  participants with the event's modality, signatures, affiliations;
- graph/evidence: each claim's quote with Web Annotation selectors, written by the build's own code
  (`loaders.claims.Claim.quads`), whose offsets index the generated text (checked while generating).
Documents are made of template sentences; each claim quotes one sentence, some a second one too.

The catalogue's bounded queries give the real graph's answers at every size: the synthetic claims never mention
Article V, the real agreements or their articles, so the flagship's seven rows, `domains_covered_on` and
`evidence_for_entity` on the catalogue's entities stay as tests/expected/ has them, and their cost measures the
joins at scale, not the size of their answer. The evidence query of bench/queries asks about real document 000.

The output holds the named graphs only; the build adds their union as the default graph
(`alliance_kg.store.local.with_union_default_graph`).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.loaders.claims import MODALITY_ASSERTED, Claim, Evidence
from alliance_kg.ontology import AKG, CLAIM, DOC, GRAPH, ID
from alliance_kg.ontology.namespaces import DCTERMS, RDF, RDFS, SCHEMA, SKOS, XSD
from alliance_kg.queries.catalogue import load_catalogue
from alliance_kg.store.local import add_union_default_graph
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from bench import names

SIZES = {"2k": 2_000, "100k": 100_000, "1m": 1_000_000}
DOMAINS = ("land", "air", "maritime", "cyber", "space")
BENCH = Path(__file__).resolve().parent
EVIDENCE_DOCUMENT = "000"  # a real document: bench/queries/evidence_for_document.rq asks for its evidence
CLAIMS_PER_DOCUMENT = (16, 32)
FILLER_PER_DOCUMENT = (8, 16)
SECOND_QUOTE_SHARE = 0.2
SENTENCES_PER_PARAGRAPH = 4


def parse_size(text: str) -> int:
    """'2k', '100k', '1m' or a plain number of quads."""
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


@dataclass(frozen=True)
class Entity:
    node: NamedNode
    label: str


@dataclass(frozen=True)
class SynDate:
    """A date at the precision a sentence gives it: the literal, and how the sentence says it."""

    literal: Literal
    phrase: str


@dataclass(frozen=True)
class SyntheticSource:
    """What `Claim.quads` reads of a source: its id and its text."""

    id: str
    text: str
    redistributable: bool = True  # the quotes' context (oa:prefix, oa:suffix) is written beside them


@dataclass
class Corpus:
    quads: list[Quad]
    seed: int
    target: int
    documents: int = 0
    claims: int = 0
    flagship_rows: int = 0  # the real graph's, at every size
    evidence_document: str = EVIDENCE_DOCUMENT
    evidence_rows: int = 0  # the real graph's, at every size

    def summary(self) -> dict[str, int | str]:
        return {
            "seed": self.seed,
            "target": self.target,
            "named_quads": len(self.quads),
            "documents": self.documents,
            "claims": self.claims,
            "flagship_rows": self.flagship_rows,
            "evidence_document": self.evidence_document,
            "evidence_rows": self.evidence_rows,
        }


@dataclass
class _Sentence:
    text: str
    assertions: list[Triple] = field(default_factory=list)
    derived: list[NamedNode] = field(default_factory=list)
    kind: str = "filler"


def _lit(text: str) -> Literal:
    return Literal(text, language="en")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


class _Generator:
    def __init__(self, seed: int, base: list[Quad]) -> None:
        self.rng = random.Random(seed)
        # the real registry's entities, reused by label rather than described a second time
        self.known = {
            q.subject.value: q.object.value
            for q in base
            if q.graph_name == GRAPH.registry and q.predicate == RDFS.label and isinstance(q.subject, NamedNode)
        }
        self.document_ids = {q.subject.value for q in base if q.graph_name == GRAPH.documents}
        self.registry: list[Quad] = []
        self.documents: list[Quad] = []
        self.claims: list[Quad] = []
        self.states: list[Entity] = []
        self.persons: list[Entity] = []
        self.organisations: list[Entity] = []
        self.agreements: list[Entity] = []
        self.articles: list[Entity] = []
        self.events: list[Entity] = []
        self.claim_count = 0

    # -- registry -------------------------------------------------------------------------------------------

    def entity(self, local: str, cls: str, label: str, definition: str, alt: tuple[str, ...] = ()) -> Entity:
        node, g = ID[local], GRAPH.registry
        if node.value in self.known:
            return Entity(node, self.known[node.value])
        self.registry += [
            Quad(node, RDF.type, AKG[cls], g),
            Quad(node, SKOS.prefLabel, _lit(label), g),
            Quad(node, RDFS.label, _lit(label), g),
            Quad(node, SKOS.definition, _lit(definition), g),
        ]
        self.registry += [Quad(node, SKOS.altLabel, _lit(a), g) for a in alt]
        return Entity(node, label)

    def states_registry(self) -> None:
        """The states claims name: the real registry's where it has them (the U.S., Japan, …), others beside."""
        for local, label in (("united-states", "United States"), ("japan", "Japan"), *names.STATES):
            self.states.append(self.entity(local, "State", label.removeprefix("the "), f"The State of {label}."))

    def grow_registry(self, document: int) -> None:
        """New entities as documents accumulate, so the registry grows with the corpus."""
        rng = self.rng
        for _ in range(2):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            label = f"{first} {last}"
            self.persons.append(
                self.entity(
                    f"{_slug(label)}-{len(self.persons)}",
                    "Person",
                    label,
                    f"An official quoted in document {document:03d}.",
                    (f"Minister {last}",) if rng.random() < 0.3 else (),
                )
            )
        if document % 3 == 0:
            label = f"{rng.choice(names.ORG_TOPICS)} {rng.choice(names.ORG_KINDS)} of {rng.choice(names.CITIES)}"
            self.organisations.append(
                self.entity(f"org/{_slug(label)}-{len(self.organisations)}", "Organisation", label, f"The {label}.")
            )
        if document % 4 == 0:
            cls, kind = rng.choice(names.AGREEMENT_KINDS)
            year = rng.randint(1990, 2025)
            label = f"{year} {rng.choice(names.AGREEMENT_TOPICS)} {kind}"
            agreement = self.entity(f"agreement/{_slug(label)}-{len(self.agreements)}", cls, label, f"The {label}.")
            self.agreements.append(agreement)
            for number in range(1, rng.randint(4, 9)):
                article = self.entity(
                    f"{agreement.node.value.removeprefix(str(ID))}/art_{number}",
                    "TreatyArticle",
                    f"Article {number} of the {label}",
                    f"Article {number} of the {label}.",
                )
                self.registry.append(Quad(article.node, AKG.articleOf, agreement.node, GRAPH.registry))
                self.articles.append(article)
        for _ in range(2):
            cls, what = rng.choice(names.EVENT_KINDS)
            label = f"{cls} {len(self.events)}: {what} {rng.choice(names.CITIES)}"
            self.events.append(self.entity(f"event/{_slug(label)}", cls, label, f"The {what} {label.split(': ')[1]}."))

    # -- sentences ------------------------------------------------------------------------------------------

    def date(self) -> SynDate:
        rng = self.rng
        year, month, day = rng.randint(1960, 2025), rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        if precision < 0.5:
            return SynDate(Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date), self._day(year, month, day))
        if precision < 0.8:
            return SynDate(
                Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth), f"in {names.MONTHS[month - 1]} {year}"
            )
        return SynDate(Literal(f"{year:04d}", datatype=XSD.gYear), f"in {year}")

    @staticmethod
    def _day(year: int, month: int, day: int) -> str:
        return f"on {names.MONTHS[month - 1]} {day}, {year}"

    def coverage(
        self, article: Entity, domain: str, date: SynDate, event: Entity | None, text: str, bounds=None
    ) -> _Sentence:
        digest_input = repr((date.literal.value, event.node.value if event else None, bounds))
        digest = hashlib.sha256(digest_input.encode()).hexdigest()[:10]
        local = article.node.value.removeprefix(str(ID))
        node = ID[f"{local}/coversDomain/domain/{domain}/{digest}"]
        concept = ID[f"domain/{domain}"]
        assertions = [
            Triple(article.node, AKG.coversDomain, concept),
            Triple(node, RDF.type, AKG.DomainCoverage),
            Triple(node, AKG.article, article.node),
            Triple(node, AKG.domain, concept),
            Triple(node, AKG.startDate, date.literal),
            Triple(node, AKG.modality, MODALITY_ASSERTED),
        ]
        if event is not None:
            assertions.append(Triple(node, AKG.establishedBy, event.node))
        if bounds is not None:
            assertions += [
                Triple(node, AKG.earliestDate, Literal(bounds[0], datatype=XSD.date)),
                Triple(node, AKG.latestDate, Literal(bounds[1], datatype=XSD.date)),
            ]
        return _Sentence(text, assertions, [node], "coverage")

    def claim_sentence(self) -> _Sentence:
        rng, kind = self.rng, self.rng.random()
        if kind < 0.3 and self.articles:
            article, domain, date = rng.choice(self.articles), rng.choice(DOMAINS), self.date()
            event = rng.choice(self.events)
            text = f"The {event.label} confirmed {date.phrase} that {article.label} applies to attacks in the {domain} domain."
            return self.coverage(article, domain, date, event, text)
        if kind < 0.55:
            event, date = rng.choice(self.events), self.date()
            assertions = [
                Triple(event.node, AKG.date, date.literal),
                Triple(event.node, AKG.modality, MODALITY_ASSERTED),
            ]
            return _Sentence(f"The {event.label} took place {date.phrase}.", assertions, [], "date")
        if not self.agreements:
            return self.filler()
        if kind < 0.7:
            agreement, signer = rng.choice(self.agreements), rng.choice(self.persons + self.states)
            text = f"The {agreement.label} was signed by {signer.label} after {rng.choice(names.TOPICS)} was settled."
            return _Sentence(text, [Triple(agreement.node, AKG.signedBy, signer.node)], [], "signing")
        if kind < 0.8:
            state, agreement = rng.choice(self.states), rng.choice(self.agreements)
            text = f"{state.label} became a party to the {agreement.label} to advance {rng.choice(names.TOPICS)}."
            return self.party(agreement, state, text)
        if kind < 0.9:
            person, event = rng.choice(self.persons), rng.choice(self.events)
            text = f"{person.label} took part in the {event.label} and {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}."
            assertions = [
                Triple(event.node, AKG.participant, person.node),
                Triple(event.node, AKG.modality, MODALITY_ASSERTED),
            ]
            return _Sentence(text, assertions, [], "participant")
        if not self.organisations:
            return self.filler()
        person, org = rng.choice(self.persons), rng.choice(self.organisations)
        text = f"{person.label}, who works for the {org.label}, {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}."
        return _Sentence(text, [Triple(person.node, SCHEMA.affiliation, org.node)], [], "affiliation")

    @staticmethod
    def party(agreement: Entity, state: Entity, text: str) -> _Sentence:
        """akg:hasParty with its qualified form, as the claim compiler writes an asserted claim of it."""
        digest = hashlib.sha256(repr([]).encode()).hexdigest()[:10]
        agreement_local, state_local = (n.value.removeprefix(str(ID)) for n in (agreement.node, state.node))
        node = ID[f"{agreement_local}/hasParty/{state_local}/{digest}"]
        assertions = [
            Triple(agreement.node, AKG.hasParty, state.node),
            Triple(node, RDF.type, AKG.AgreementParty),
            Triple(node, AKG.agreement, agreement.node),
            Triple(node, AKG.party, state.node),
            Triple(node, AKG.modality, MODALITY_ASSERTED),
        ]
        return _Sentence(text, assertions, [node], "party")

    def filler(self) -> _Sentence:
        rng = self.rng
        who = rng.choice(self.persons).label if self.persons else "An official"
        return _Sentence(
            f"In {rng.choice(names.CITIES)}, {who} {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}"
            f" with counterparts from {rng.choice(self.states).label}."
        )

    # -- documents ------------------------------------------------------------------------------------------

    def document(self, number: int) -> None:
        rng, doc_id = self.rng, f"{number:03d}"
        assert DOC[doc_id].value not in self.document_ids, doc_id
        self.grow_registry(number)
        claimed = [self.claim_sentence() for _ in range(rng.randint(*CLAIMS_PER_DOCUMENT))]
        sentences = claimed + [self.filler() for _ in range(rng.randint(*FILLER_PER_DOCUMENT))]
        rng.shuffle(sentences)
        title = f"Alliance report {doc_id}: {rng.choice(names.TOPICS).capitalize()}"
        text, spans = self.compose(title, sentences)
        source = SyntheticSource(doc_id, text)
        fillers = [s for s in sentences if s.kind == "filler" and text.count(s.text) == 1]
        seen: set[str] = set()
        for index, sentence in enumerate(s for s in sentences if s.kind != "filler"):
            if sentence.text in seen or text.count(sentence.text) != 1:
                continue  # a quote must occur once in its document, as the build demands
            seen.add(sentence.text)
            evidence = [Evidence(sentence.text, *spans[id(sentence)])]
            if fillers and rng.random() < SECOND_QUOTE_SHARE:
                extra = rng.choice(fillers)
                evidence.append(Evidence(extra.text, *spans[id(extra)]))
            for item in evidence:
                assert text[item.start : item.end] == item.quote
            iri = CLAIM[f"{doc_id}-{sentence.kind}-{index}"]
            claim = Claim(iri, source, Path("synthetic"), None, evidence, sentence.assertions, sentence.derived)  # type: ignore[arg-type]
            self.claims += claim.quads()
            self.claim_count += 1
        self.documents += self.document_node(doc_id, text)

    @staticmethod
    def compose(title: str, sentences: list[_Sentence]) -> tuple[str, dict[int, tuple[int, int]]]:
        """The text, and each sentence's [start, end) in it (Python string offsets, as the build's)."""
        parts, spans, position = [title, "\n\n"], {}, len(title) + 2
        for index, sentence in enumerate(sentences):
            if index:
                separator = "\n\n" if index % SENTENCES_PER_PARAGRAPH == 0 else " "
                parts.append(separator)
                position += len(separator)
            spans[id(sentence)] = (position, position + len(sentence.text))
            parts.append(sentence.text)
            position += len(sentence.text)
        parts.append("\n")
        return "".join(parts), spans

    def document_node(self, doc_id: str, text: str) -> list[Quad]:
        doc, g = DOC[doc_id], GRAPH.documents
        issued = self.date().literal
        return [
            Quad(doc, RDF.type, AKG.SourceDocument, g),
            Quad(doc, RDFS.label, Literal(f"Source document {doc_id}"), g),
            Quad(doc, AKG.textRedistributable, Literal("true", datatype=XSD.boolean), g),
            Quad(doc, AKG.fileName, Literal(f"{doc_id}_synthetic.txt"), g),
            Quad(doc, SCHEMA.text, Literal(text), g),
            Quad(doc, SCHEMA.sha256, Literal(hashlib.sha256(text.encode()).hexdigest()), g),
            Quad(doc, AKG.dateBasis, Literal("stated"), g),
            Quad(doc, AKG.dateEvidence, _lit("Synthetic: the generator chose the date."), g),
            Quad(doc, DCTERMS.issued, issued, g),
        ]

    def size(self) -> int:
        return len(self.registry) + len(self.documents) + len(self.claims)


@functools.cache
def real_graph() -> tuple[Quad, ...]:
    """Every named graph of the real build (`loaders.build.assemble` on seeds/, the reasoner's graph included);
    built once per process (bench.run generates several sizes)."""
    from alliance_kg.loaders.build import assemble

    result = assemble()
    return tuple(result.quads + result.inferred_quads)


def _rows(quads: list[Quad], text: str) -> int:
    store = Store()
    store.extend(quads)
    add_union_default_graph(store)
    return sum(1 for _ in store.query(text))  # type: ignore[union-attr]


def generate(
    target: int, seed: int = 1, progress: Callable[[str], None] = lambda _: None, base: list[Quad] | None = None
) -> Corpus:
    """The real graph (`base`, by default `real_graph()`), grown with synthetic documents until it holds about
    `target` named-graph quads."""
    if base is None:
        progress("  the real graph from seeds/, the corpus's base")
        base = list(real_graph())
    generator = _Generator(seed, base)
    generator.states_registry()
    numbers = [int(d.rsplit("/", 1)[-1]) for d in generator.document_ids if d.rsplit("/", 1)[-1].isdigit()]
    first = number = max(numbers, default=-1) + 1
    while len(base) + generator.size() < target:
        generator.document(number)
        number += 1
        if (number - first) % 200 == 0:
            progress(f"  generated {number - first} documents, {len(base) + generator.size():,} quads")
    quads = base + generator.registry + generator.documents + generator.claims
    evidence = load_catalogue(BENCH / "queries")["evidence_for_document"].text
    return Corpus(
        quads=quads,
        seed=seed,
        target=target,
        documents=len(generator.document_ids) + number - first,
        claims=sum(1 for q in base if q.predicate == RDF.type and q.object == AKG.Claim) + generator.claim_count,
        flagship_rows=_rows(base, load_catalogue()["article_v_domains"].text),
        evidence_rows=_rows(base, evidence),
    )


def write_nquads(corpus: Corpus, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        serialize(corpus.quads, handle, format=RdfFormat.N_QUADS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", default="2k", help="named-graph quads: 2k, 100k, 1m or a number (default 2k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args(argv)
    corpus = generate(parse_size(args.quads), args.seed, progress=lambda m: print(m, file=sys.stderr))
    write_nquads(corpus, args.output)
    print(corpus.summary(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
