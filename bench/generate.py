"""Synthetic corpora shaped like the real graph, at any size, reproducible from a seed.

    python -m bench.generate --quads 100k --seed 7 -o corpus.nq

What a corpus holds, in the project's namespaces and graphs (as `loaders.build.assemble` makes them):
- graph/ontology: the SKOS scheme of security domains (the same IRIs and labels as ontology/domains.ttl);
- graph/registry: states, persons, organisations, agreements with their articles, events, each with type,
  skos:prefLabel, rdfs:label, skos:definition and alternative labels; the real U.S.–Japan Security Treaty and
  its Article V ("Article V"@en is the only article with that label, as in the real registry);
- graph/documents: one node per document with its full text (schema:text), file name, checksum and typed date;
- one named graph per claim with what it asserts (DomainCoverage nodes with akg:article / akg:domain /
  akg:startDate / akg:establishedBy, typed event dates, signatures, parties, participants, memberships);
- graph/evidence: each claim's quote with Web Annotation selectors, written by the build's own code
  (`loaders.claims.Claim.quads`), whose offsets index the generated text (checked while generating).
Documents are made of template sentences; each claim quotes one sentence, some a second one too.

The flagship query (queries/article_v_domains.rq) returns the same seven rows at every size: the real
corpus's coverage of Article V is copied into the first documents, and the many synthetic coverage nodes
belong to other articles. So its cost measures the join at scale, not the size of its answer.
Document 000 carries 28 claims at every size: the evidence query on it returns the same rows at every size.

The output holds the named graphs only; the build adds their union as the default graph
(`alliance_kg.store.local.with_union_default_graph`).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.loaders.claims import Claim, Evidence
from alliance_kg.ontology import AKG, CLAIM, DOC, GRAPH, ID
from alliance_kg.ontology.namespaces import DCTERMS, RDF, RDFS, SCHEMA, SKOS, XSD
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from bench import names

SIZES = {"2k": 2_000, "100k": 100_000, "1m": 1_000_000}
DOMAINS = ("land", "air", "maritime", "cyber", "space")
MIN_DOCUMENTS = 3  # the real Article V claims span three documents
EVIDENCE_DOCUMENT = "000"
EVIDENCE_DOCUMENT_CLAIMS = 28
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


@dataclass
class Corpus:
    quads: list[Quad]
    seed: int
    target: int
    documents: int = 0
    claims: int = 0
    flagship_rows: int = 0
    evidence_document: str = EVIDENCE_DOCUMENT
    evidence_rows: int = 0

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
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
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
        self.flagship_rows = 0
        self.evidence_rows = 0

    # -- registry -------------------------------------------------------------------------------------------

    def entity(self, local: str, cls: str, label: str, definition: str, alt: tuple[str, ...] = ()) -> Entity:
        node, g = ID[local], GRAPH.registry
        self.registry += [
            Quad(node, RDF.type, AKG[cls], g),
            Quad(node, SKOS.prefLabel, _lit(label), g),
            Quad(node, RDFS.label, _lit(label), g),
            Quad(node, SKOS.definition, _lit(definition), g),
        ]
        self.registry += [Quad(node, SKOS.altLabel, _lit(a), g) for a in alt]
        return Entity(node, label)

    def core_registry(self) -> dict[str, Entity]:
        """The real entities the flagship rows need, with the IRIs and labels of seeds/entities.yaml."""
        us = self.entity("united-states", "State", "United States", "The United States of America.", ("U.S.",))
        japan = self.entity("japan", "State", "Japan", "The State of Japan.")
        self.states += [us, japan]
        for local, label in names.STATES:
            self.states.append(self.entity(local, "State", label.removeprefix("the "), f"The State of {label}."))
        treaty = self.entity(
            "us-japan-security-treaty",
            "Treaty",
            "U.S.–Japan Security Treaty",
            "The 1960 treaty of mutual cooperation and security between Japan and the United States.",
            ("security treaty",),
        )
        article_v = self.entity(
            "us-japan-security-treaty/art_5",
            "TreatyArticle",
            "Article V",
            "The defence obligation clause of the U.S.–Japan Security Treaty.",
            ("Article 5",),
        )
        self.registry.append(Quad(article_v.node, AKG.articleOf, treaty.node, GRAPH.registry))
        self.agreements.append(treaty)
        events = {
            "signing": ("event/security-treaty-signing-1960", "Signing", "Signing of the U.S.–Japan Security Treaty"),
            "cyber": (
                "event/article-v-cyber-affirmation-2019",
                "Event",
                "Allied affirmation that Article V applies to cyberattacks (2019)",
            ),
            "scc": ("event/scc-2023-01", "Meeting", "Security Consultative Committee meeting of January 2023"),
        }
        core = {"us": us, "japan": japan, "treaty": treaty, "article_v": article_v}
        for key, (local, cls, label) in events.items():
            core[key] = self.entity(local, cls, label, f"{label}.")
            self.events.append(core[key])
        core["space"] = self.entity(
            "us-japan-space-cooperation-framework-agreement",
            "FrameworkAgreement",
            "U.S.–Japan Space Cooperation Framework Agreement",
            "A framework agreement on cooperation in space between Japan and the United States.",
        )
        self.agreements.append(core["space"])
        return core

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
            return _Sentence(
                f"The {event.label} took place {date.phrase}.", [Triple(event.node, AKG.date, date.literal)], [], "date"
            )
        if kind < 0.7:
            agreement, signer = rng.choice(self.agreements), rng.choice(self.persons + self.states)
            text = f"The {agreement.label} was signed by {signer.label} after {rng.choice(names.TOPICS)} was settled."
            return _Sentence(text, [Triple(agreement.node, AKG.signedBy, signer.node)], [], "signing")
        if kind < 0.8:
            state, agreement = rng.choice(self.states), rng.choice(self.agreements)
            text = f"{state.label} became a party to the {agreement.label} to advance {rng.choice(names.TOPICS)}."
            return _Sentence(text, [Triple(state.node, AKG.partyTo, agreement.node)], [], "party")
        if kind < 0.9:
            person, event = rng.choice(self.persons), rng.choice(self.events)
            text = f"{person.label} took part in the {event.label} and {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}."
            return _Sentence(text, [Triple(event.node, AKG.participant, person.node)], [], "participant")
        if not self.organisations:
            return self.filler()
        person, org = rng.choice(self.persons), rng.choice(self.organisations)
        text = f"{person.label}, who works for the {org.label}, {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}."
        return _Sentence(text, [Triple(person.node, SCHEMA.affiliation, org.node)], [], "affiliation")

    def filler(self) -> _Sentence:
        rng = self.rng
        who = rng.choice(self.persons).label if self.persons else "An official"
        return _Sentence(
            f"In {rng.choice(names.CITIES)}, {who} {rng.choice(names.VERBS)} {rng.choice(names.TOPICS)}"
            f" with counterparts from {rng.choice(self.states).label}."
        )

    def article_v_sentences(self, document: int, core: dict[str, Entity]) -> list[_Sentence]:
        """The real corpus's Article V coverage: five rows from document 000, one each from 001 and 002."""
        article = core["article_v"]
        year = SynDate(Literal("1960", datatype=XSD.gYear), "in 1960")
        if document == 0:
            sentences = [
                self.coverage(
                    article,
                    domain,
                    year,
                    core["signing"],
                    f"Since the signing of the treaty in 1960, an attack in the {domain} domain could be recognized "
                    "as triggering Article V.",
                )
                for domain in ("land", "air", "maritime")
            ]
            sentences.append(
                self.coverage(
                    article,
                    "cyber",
                    SynDate(Literal("2019", datatype=XSD.gYear), "in 2019"),
                    core["cyber"],
                    "In 2019, the allies affirmed that Article V applies to cyberattacks.",
                )
            )
            sentences.append(
                self.coverage(
                    article,
                    "space",
                    SynDate(Literal("2023-01-11", datatype=XSD.date), self._day(2023, 1, 11)),
                    core["scc"],
                    "The Security Consultative Committee clarified that the scope of Article V includes attacks from space.",
                )
            )
            return sentences
        january = SynDate(Literal("2023-01", datatype=XSD.gYearMonth), "last week")
        if document == 1:
            text = (
                "Notably, the agreement clarifies that attacks to, from, and within outer space could invoke Article 5."
            )
            return [self.coverage(article, "space", january, core["space"], text, ("2023-01-09", "2023-01-15"))]
        if document == 2:
            text = "It also extended Article 5 of the security treaty to apply U.S. defense commitments to space."
            return [self.coverage(article, "space", january, None, text)]
        return []

    # -- documents ------------------------------------------------------------------------------------------

    def document(self, number: int, core: dict[str, Entity]) -> None:
        rng, doc_id = self.rng, f"{number:03d}"
        self.grow_registry(number)
        claimed = self.article_v_sentences(number, core)
        self.flagship_rows += len(claimed)
        wanted = EVIDENCE_DOCUMENT_CLAIMS if doc_id == EVIDENCE_DOCUMENT else rng.randint(*CLAIMS_PER_DOCUMENT)
        claimed += [self.claim_sentence() for _ in range(wanted - len(claimed))]
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
            if doc_id == EVIDENCE_DOCUMENT:
                self.evidence_rows += len(evidence)
        self.documents += self.document_node(doc_id, title, text)

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

    def document_node(self, doc_id: str, title: str, text: str) -> list[Quad]:
        doc, g = DOC[doc_id], GRAPH.documents
        issued = self.date().literal
        return [
            Quad(doc, RDF.type, AKG.SourceDocument, g),
            Quad(doc, RDFS.label, Literal(title), g),
            Quad(doc, AKG.fileName, Literal(f"{doc_id}_synthetic.txt"), g),
            Quad(doc, SCHEMA.text, Literal(text), g),
            Quad(doc, SCHEMA.sha256, Literal(hashlib.sha256(text.encode()).hexdigest()), g),
            Quad(doc, AKG.dateBasis, Literal("stated"), g),
            Quad(doc, AKG.dateEvidence, _lit("Synthetic: the generator chose the date."), g),
            Quad(doc, DCTERMS.issued, issued, g),
        ]

    def size(self) -> int:
        return len(self.registry) + len(self.documents) + len(self.claims)


def domain_scheme() -> list[Quad]:
    """The SKOS scheme of security domains, as ontology/domains.ttl puts it in graph/ontology."""
    g, scheme = GRAPH.ontology, ID["domain/scheme"]
    quads = [Quad(scheme, RDF.type, SKOS.ConceptScheme, g), Quad(scheme, SKOS.prefLabel, _lit("Security domains"), g)]
    for domain in DOMAINS:
        node = ID[f"domain/{domain}"]
        quads += [
            Quad(scheme, SKOS.hasTopConcept, node, g),
            Quad(node, RDF.type, AKG.SecurityDomain, g),
            Quad(node, SKOS.inScheme, scheme, g),
            Quad(node, SKOS.topConceptOf, scheme, g),
            Quad(node, SKOS.prefLabel, _lit(domain), g),
        ]
    return quads


def generate(target: int, seed: int = 1, progress: Callable[[str], None] = lambda _: None) -> Corpus:
    """About `target` named-graph quads (documents are added until the target is reached)."""
    generator = _Generator(seed)
    core = generator.core_registry()
    ontology = domain_scheme()
    number = 0
    while number < MIN_DOCUMENTS or len(ontology) + generator.size() < target:
        generator.document(number, core)
        number += 1
        if number % 200 == 0:
            progress(f"  generated {number} documents, {generator.size():,} quads")
    quads = ontology + generator.registry + generator.documents + generator.claims
    return Corpus(
        quads=quads,
        seed=seed,
        target=target,
        documents=number,
        claims=generator.claim_count,
        flagship_rows=generator.flagship_rows,
        evidence_rows=generator.evidence_rows,
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
