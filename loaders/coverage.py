"""Sentences that carry no claim: the `unclaimed:` entries of an annotation file, each with why.

An entry names a sentence by a verbatim fragment that occurs once in the text (or, for a passage the text repeats,
such as a pull quote, by `occurrence: N` as a claim's quote does), and says why it carries no claim
(a concept of the scheme of reasons in ontology/schemes.ttl: opinion, analysis, quoted-view, boilerplate, caption,
repetition, metadata, not-reviewed). With the claims, the entries account for every sentence of every text: the
sentences are those of `loaders.sentences.split_sentences`, and `alliance-kg stats --strict` fails when one is neither
claimed nor listed. In the graph each entry is an akg:UnclaimedPassage (a Web Annotation) in the evidence graph,
targeting the whole sentence as a claim targets its quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alliance_kg.loaders.claims import CONTEXT_CHARS, Claim
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.quotes import QuoteError, find_quote
from alliance_kg.loaders.sentences import Sentence, split_sentences
from alliance_kg.loaders.sources import SourceText
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import AKG, DOC, GRAPH, Vocabulary
from alliance_kg.ontology.namespaces import OA, RDF, RDFS, XSD
from pyoxigraph import Literal, NamedNode, Quad

ENTRY_KEYS = {"sentence", "why", "note", "occurrence"}


@dataclass(frozen=True)
class UnclaimedPassage:
    """One sentence without a claim, why, and where the entry was written."""

    source: SourceText
    sentence: Sentence
    reason: NamedNode
    note: str | None
    annotation_file: Path
    line: int | None

    @property
    def iri(self) -> NamedNode:
        return NamedNode(f"{DOC[self.source.id].value}#unclaimed-{self.sentence.start}-{self.sentence.end}")

    def quads(self) -> list[Quad]:
        g, doc, node = GRAPH.evidence, DOC[self.source.id], self.iri
        target = NamedNode(f"{node.value}-target")
        quote_selector, position_selector = NamedNode(f"{target.value}-text"), NamedNode(f"{target.value}-position")
        text, start, end = self.source.text, self.sentence.start, self.sentence.end
        quads = [
            Quad(node, RDF.type, AKG.UnclaimedPassage, g),
            Quad(node, AKG.unclaimedBecause, self.reason, g),
            Quad(node, OA.hasTarget, target, g),
            Quad(target, RDF.type, OA.SpecificResource, g),
            Quad(target, OA.hasSource, doc, g),
            Quad(target, OA.hasSelector, quote_selector, g),
            Quad(target, OA.hasSelector, position_selector, g),
            Quad(quote_selector, RDF.type, OA.TextQuoteSelector, g),
            Quad(quote_selector, OA.exact, Literal(self.sentence.text), g),
            Quad(quote_selector, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS) : start]), g),
            Quad(quote_selector, OA.suffix, Literal(text[end : end + CONTEXT_CHARS]), g),
            Quad(position_selector, RDF.type, OA.TextPositionSelector, g),
            Quad(position_selector, OA.start, Literal(str(start), datatype=XSD.nonNegativeInteger), g),
            Quad(position_selector, OA.end, Literal(str(end), datatype=XSD.nonNegativeInteger), g),
        ]
        if self.note:
            quads.append(Quad(node, RDFS.comment, Literal(self.note, language="en"), g))
        return quads


def compile_unclaimed(
    path: Path, sources: dict[str, SourceText], vocabulary: Vocabulary, claims: Iterable[Claim]
) -> tuple[list[UnclaimedPassage], list[LoadError]]:
    """The `unclaimed:` entries of one annotation file, checked against the text and the claims of its document."""
    data = read_yaml(path)
    source = sources.get(data.get("document"))
    items = data.get("unclaimed") or []
    if source is None or not items:
        return [], []  # an unknown document is reported by the claims' compiler
    if not isinstance(items, list):
        return [], [LoadError(path, line_of(data), "`unclaimed:` is a list of entries (sentence, why, note)")]
    sentences = split_sentences(source.text)
    quoted = [(e.start, e.end, c) for c in claims if c.source.id == source.id for e in c.evidence]
    reasons = {c.value.rsplit("/", 1)[-1] for c in vocabulary.concepts_of(AKG.UnclaimedReason)}
    passages: list[UnclaimedPassage] = []
    errors: list[LoadError] = []
    listed: dict[int, int | None] = {}
    for item in items:
        line = line_of(item) if isinstance(item, dict) else line_of(data)
        try:
            passage = _passage(item, source, sentences, vocabulary, reasons, path, line)
            claim = next((c for a, b, c in quoted if a < passage.sentence.end and b > passage.sentence.start), None)
            if claim is not None:
                raise LoadError(
                    path,
                    line,
                    f"the sentence {_clip(passage.sentence.text)!r} carries claim "
                    f"{claim.iri.value.rsplit('/', 1)[-1]} ({claim.annotation_file.name}:{claim.line}): "
                    "remove this `unclaimed:` entry",
                )
            if passage.sentence.start in listed:
                raise LoadError(path, line, f"the sentence is already listed on line {listed[passage.sentence.start]}")
            listed[passage.sentence.start] = line
            passages.append(passage)
        except LoadError as error:
            errors.append(error)
    return passages, errors


def _passage(item, source, sentences, vocabulary, reasons, path, line) -> UnclaimedPassage:
    def fail(message: str) -> LoadError:
        return LoadError(path, line, f"unclaimed sentence: {message}")

    if not isinstance(item, dict):
        raise fail("each entry is a mapping with `sentence` and `why` (and optionally `note`)")
    unknown = set(item) - ENTRY_KEYS - {"__line__"}
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}; an entry takes {', '.join(sorted(ENTRY_KEYS))}")
    if not item.get("sentence") or not item.get("why"):
        raise fail("an entry needs `sentence` (a verbatim fragment of it) and `why`")
    reason = vocabulary.concept_named(AKG.UnclaimedReason, item["why"])
    if reason is None:
        raise fail(f"why {item['why']!r} is not one of {', '.join(sorted(reasons))}")
    occurrence = item.get("occurrence")
    if occurrence is not None and not str(occurrence).isdigit():
        raise fail(
            f"occurrence {occurrence!r} is not a number (1 for the first copy of the passage, 2 for the second…)"
        )
    try:
        start, end = find_quote(source.text, item["sentence"], int(occurrence) if occurrence else None)
    except QuoteError as error:
        raise fail(f"{error} (in {source.path.name})") from error
    sentence = next((s for s in sentences if s.start <= start and end <= s.end), None)
    if sentence is None:
        raise fail(f"{_clip(item['sentence'])!r} is not inside one sentence: give a fragment of a single sentence")
    return UnclaimedPassage(source, sentence, reason, item.get("note"), path, line)


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
