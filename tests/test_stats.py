"""`alliance-kg stats`: coverage per document, computed from the store, equals what the annotation files say."""

from __future__ import annotations

import json
import re

import pytest
from alliance_kg.curation.stats import EntityMatcher, compute_stats, split_sentences
from alliance_kg.loaders.documents import metadata_claims
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.loaders.yamlfile import read_yaml
from alliance_kg.ontology import AKG, Vocabulary
from alliance_kg.store.local import current_store_path
from pyoxigraph import Store

from alliance_kg.cli import main


def _span(text: str, quote: str, occurrence) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    start = starts[int(occurrence) - 1 if occurrence else 0]
    return start, start + len(quote)


@pytest.fixture(scope="module")
def expected():
    """Per document, from the annotation files and seeds/metadata.yaml alone: claims, quoted spans, entities."""
    vocabulary = Vocabulary.load()
    registry = Registry.load(vocabulary, SourcesFolder.default())
    sources = {s.id: s for s in load_sources(SourcesFolder.default())}
    items: dict[str, list[dict]] = {doc: list(metadata_claims(source)) for doc, source in sources.items()}
    for path in SourcesFolder.default().annotation_files():
        data = read_yaml(path)
        items[data["document"]] += data.get("claims") or []

    def entity(name: str):
        found = registry.resolve(name)
        registered = found is not None and (found.iri is None or found.type == AKG.SecurityDomain)
        return found.id if registered else None

    result = {}
    for doc, claims in items.items():
        text = sources[doc].text
        spans, entities = [], set()
        for item in claims:
            spans.append(_span(text, item["quote"], item.get("occurrence")))
            for extra in item.get("also_quotes") or []:
                quote, occurrence = (
                    (extra["quote"], extra.get("occurrence")) if isinstance(extra, dict) else (extra, None)
                )
                spans.append(_span(text, quote, occurrence))
            values = [item["subject"]]
            if vocabulary.term(item["relation"]) in vocabulary.object_properties:
                values.append(item["object"])
            for key, value in (item.get("qualifiers") or {}).items():
                if key != "__line__" and vocabulary.term(key) in vocabulary.object_properties:
                    values.append(value)
            entities |= {e for e in map(entity, values) if e}
        sentences = split_sentences(text)
        covered = [s for s in sentences if any(a < s.end and b > s.start for a, b in spans)]
        result[doc] = {"claims": len(claims), "sentences": len(sentences), "covered": covered, "spans": spans,
                       "entities": len(entities), "text": text}  # fmt: skip
    return result, registry


@pytest.fixture(scope="module")
def stats(built_graph):
    data_dir, _ = built_graph
    return {s.document: s for s in compute_stats(Store.read_only(str(current_store_path(data_dir))))}


def test_figures_per_document_equal_the_annotation_files(stats, expected):
    wanted, _ = expected
    assert sorted(stats) == sorted(wanted)
    for doc, figures in wanted.items():
        got = stats[doc]
        assert (got.claims, got.sentences, got.sentences_with_claims, got.entities) == (
            figures["claims"],
            figures["sentences"],
            len(figures["covered"]),
            figures["entities"],
        ), doc


def test_a_sentence_naming_an_entity_without_a_claim_is_listed(stats, expected):
    wanted, registry = expected
    names = sorted(
        {n for e in registry.entities.values() if e.iri is None for n in (e.label, *e.aliases) if len(n) > 3}, key=len
    )
    found = None
    for doc, figures in sorted(wanted.items()):
        for sentence in split_sentences(figures["text"]):
            if any(a < sentence.end and b > sentence.start for a, b in figures["spans"]):
                continue
            name = next((n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", sentence.text, re.I)), None)
            if name:
                found = (doc, sentence, registry.resolve(name).label)
                break
        if found:
            break
    assert found, "every sentence naming an entity has a claim: nothing to check"
    doc, sentence, label = found
    gap = next(g for g in stats[doc].gaps if (g.start, g.end) == (sentence.start, sentence.end))
    assert label in gap.entities
    assert gap.text == wanted[doc]["text"][gap.start : gap.end]
    covered = {(s.start, s.end) for s in wanted[doc]["covered"]}
    assert not any((g.start, g.end) in covered for g in stats[doc].gaps)


def test_sentence_splitter_respects_abbreviations_and_lines():
    text = "Heading line\nOn Jan. 11, Gen. Smith met U.S. officials. They agreed! Did they? Yes…\n\nLast one."
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Heading line",
        "On Jan. 11, Gen. Smith met U.S. officials.",
        "They agreed!",
        "Did they?",
        "Yes…",
        "Last one.",
    ]
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_entity_matching_is_case_insensitive_and_whole_word():
    matcher = EntityMatcher({"Japan": {"Japan"}, "United States": {"U.S.", "United States"}, "space": {"outer space"}})
    assert matcher.find("JAPAN and the U.S. agreed") == ["Japan", "United States"]
    assert matcher.find("Japanese officials in the US") == []
    assert matcher.find("attacks from outer space") == ["space"]
    assert matcher.find("the U.S.–Japan alliance") == ["Japan", "United States"]


def test_cli_json_and_table(built_graph, capsys):
    data_dir, _ = built_graph
    assert main(["--data-dir", str(data_dir), "stats", "--format", "json", "--document", "000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["document"] for d in data["documents"]] == ["000"]
    assert {"sentences", "sentences_with_claims", "claims", "entities", "gaps"} <= set(data["documents"][0])
    assert main(["--data-dir", str(data_dir), "stats"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:3] == ["document", "sentences", "with"]
    assert "sentence(s) name an entity but carry no claim" in table
    assert main(["--data-dir", str(data_dir), "stats", "--document", "999"]) == 2
