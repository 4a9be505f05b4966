"""The benchmark's synthetic corpus (bench/generate.py) answers every catalogue question, and the bounded ones
exactly as the real graph does, so that what the benchmark times at a million quads is the catalogue's real work.

Grown here by a few thousand quads beyond the real graph (the generator's smallest sizes); bench.run grows it to
a million."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from alliance_kg.store.local import add_union_default_graph
from catalogue_answers import answer_tsv, cases
from pyoxigraph import Store

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPOSITORY))

from bench.generate import generate  # noqa: E402

GROWTH = 6_000  # synthetic quads beyond the real graph: a dozen documents with their claims
# Questions whose answer does not grow with the graph: the synthetic claims never touch what they ask about.
BOUNDED = {"article_v_domains", "domains_covered_on", "evidence_for_entity", "space_coverage_sources_disagree"}


@pytest.fixture(scope="module")
def synthetic(built_graph) -> tuple[Store, int, int]:
    _, result = built_graph
    base = result.quads + result.inferred_quads
    corpus = generate(len(base) + GROWTH, seed=5, base=base)
    store = Store()
    store.extend(corpus.quads)
    add_union_default_graph(store)
    return store, len(base), len(corpus.quads)


def test_the_corpus_is_the_real_graph_grown_to_the_asked_size(synthetic):
    _, real, grown = synthetic
    assert real + GROWTH <= grown < real + GROWTH + 3_000  # documents are added whole


@pytest.mark.parametrize("case", cases(), ids=str)
def test_every_catalogue_question_has_an_answer_on_the_synthetic_corpus(synthetic, wikidata_service, case):
    store, _, _ = synthetic
    answer = answer_tsv(store, case, wikidata_service.services)
    assert answer.splitlines()[1:], f"{case} has no answer on the synthetic corpus"
    if case.name in BOUNDED:
        assert answer == case.file.read_text(encoding="utf-8")
