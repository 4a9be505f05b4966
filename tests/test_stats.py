"""`alliance-kg stats`: coverage per document, computed from the store, equals what the annotation files say; every
sentence is accounted for, and --strict fails when one is not."""

from __future__ import annotations

import json
import re

import pytest
from alliance_kg.curation.stats import EntityMatcher, compute_stats
from alliance_kg.loaders.build import build
from alliance_kg.loaders.documents import metadata_claims
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sentences import split_sentences
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.loaders.yamlfile import read_yaml
from alliance_kg.ontology import AKG, Vocabulary
from alliance_kg.store.local import current_store_path
from graph_fixtures import copy_of_sources
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
    unclaimed: dict[str, list[dict]] = {doc: [] for doc in sources}
    for path in SourcesFolder.default().annotation_files():
        data = read_yaml(path)
        items[data["document"]] += data.get("claims") or []
        unclaimed[data["document"]] += data.get("unclaimed") or []

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
                    values += value if isinstance(value, list) else [value]
            entities |= {e for e in map(entity, values) if e}
        sentences = split_sentences(text)
        covered = [s for s in sentences if any(a < s.end and b > s.start for a, b in spans)]
        listed = {}
        for entry in unclaimed[doc]:
            start, end = _span(text, entry["sentence"], entry.get("occurrence"))
            sentence = next(s for s in sentences if s.start <= start and end <= s.end)
            listed[sentence.start] = entry["why"]
        result[doc] = {"claims": len(claims), "sentences": len(sentences), "covered": covered, "spans": spans,
                       "entities": len(entities), "text": text, "unclaimed": listed}  # fmt: skip
    return result, registry


@pytest.fixture(scope="module")
def stats(built_graph):
    data_dir, _ = built_graph
    return {s.document: s for s in compute_stats(Store.read_only(str(current_store_path(data_dir))))}


@pytest.mark.slow
def test_figures_per_document_equal_the_annotation_files(stats, expected):
    wanted, _ = expected
    assert sorted(stats) == sorted(wanted)
    for doc, figures in wanted.items():
        got = stats[doc]
        reasons: dict[str, int] = {}
        for why in figures["unclaimed"].values():
            reasons[why] = reasons.get(why, 0) + 1
        assert (got.claims, got.sentences, got.sentences_with_claims, got.entities) == (
            figures["claims"],
            figures["sentences"],
            len(figures["covered"]),
            figures["entities"],
        ), doc
        assert got.unclaimed == dict(sorted(reasons.items())), doc
        assert got.sentences_unclaimed == len(figures["unclaimed"]), doc


def test_every_sentence_of_every_text_is_accounted_for(stats):
    """Each sentence carries a claim or is listed under `unclaimed:` with why: 100%, and no gap."""
    for doc, figures in stats.items():
        assert figures.gaps == [], doc
        assert figures.not_reviewed == 0, doc
        assert figures.accounted_for == figures.sentences == figures.sentences_with_claims + figures.sentences_unclaimed
    assert sum(f.sentences for f in stats.values()) == 250


@pytest.fixture(scope="module")
def one_gap(tmp_path_factory):
    """A build whose annotations no longer list one sentence that carries no claim (001's "Let me be crystal
    clear."), and one whose entry for another sentence says it was not reviewed: what --strict must catch."""
    root = tmp_path_factory.mktemp("gap")
    sources = copy_of_sources(root / "sources")
    path = sources.annotations / "001.yaml"
    text = path.read_text(encoding="utf-8")
    listed = '  - sentence: "“Let me be crystal clear."\n    why: quoted-view\n    note: "Biden, quoted."\n'
    assert listed in text
    kishida = (
        '  - sentence: "“Japan and the United States are currently facing the most challenging"\n    why: quoted-view\n'
    )
    assert kishida in text
    path.write_text(
        text.replace(listed, "").replace(kishida, kishida.replace("quoted-view", "not-reviewed")), encoding="utf-8"
    )
    data_dir = root / "data"
    build(data_dir, sources, reason=False)
    return data_dir


@pytest.mark.slow
def test_a_sentence_neither_claimed_nor_listed_is_a_gap_and_fails_strict(one_gap, capsys):
    (got,) = compute_stats(Store.read_only(str(current_store_path(one_gap))), "001")
    assert [g.text for g in got.gaps] == ["“Let me be crystal clear."]
    assert got.not_reviewed == 1
    assert got.accounted_for == got.sentences - 2
    assert main(["--data-dir", str(one_gap), "stats", "--document", "001"]) == 0  # without --strict: a report
    capsys.readouterr()
    assert main(["--data-dir", str(one_gap), "stats", "--strict", "--document", "001"]) == 1
    captured = capsys.readouterr()
    assert "1 sentence(s) neither carry a claim nor are listed as unclaimed" in captured.out
    assert "neither claimed nor listed under `unclaimed:`: '“Let me be crystal clear.'" in captured.err
    assert "1 sentence(s) listed as not-reviewed" in captured.err


def test_a_gap_names_the_registered_entities_in_it(expected):
    """A gap lists the registered entities its sentence names, as the matcher finds them."""
    _, registry = expected
    names = {e.label: {e.label, *e.aliases} for e in registry.entities.values() if e.iri is None}
    matcher = EntityMatcher(names)
    assert matcher.find("Kishida said the United States and Japan agreed") == [
        "Fumio Kishida",
        "Japan",
        "United States",
    ]


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


@pytest.mark.slow
def test_cli_json_and_table(built_graph, capsys):
    data_dir, _ = built_graph
    assert main(["--data-dir", str(data_dir), "stats", "--format", "json", "--document", "000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["document"] for d in data["documents"]] == ["000"]
    assert {"sentences", "sentences_with_claims", "sentences_unclaimed", "unclaimed", "accounted_for", "claims",
            "entities", "gaps"} <= set(data["documents"][0])  # fmt: skip
    assert data["documents"][0]["accounted_for"] == data["documents"][0]["sentences"]
    assert main(["--data-dir", str(data_dir), "stats", "--strict"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:6] == ["document", "sentences", "with", "claims", "unclaimed", "accounted"]
    total = next(line for line in table.splitlines() if line.startswith("total"))
    assert total.split()[1] == "250" and "250 (100%)" in total
    assert "0 sentence(s) neither carry a claim nor are listed as unclaimed" in table
    assert main(["--data-dir", str(data_dir), "stats", "--document", "999"]) == 2
