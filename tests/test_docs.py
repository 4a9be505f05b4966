"""The example queries of docs/data-model.md run on the real graph and answer: the documentation is tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DATA_MODEL = Path(__file__).resolve().parent.parent / "docs" / "data-model.md"
BLOCKS = re.findall(r"```sparql\n(.*?)```", DATA_MODEL.read_text(encoding="utf-8"), re.S)
PREFIXES = BLOCKS[0]  # the page's first block declares the prefixes the others use


def test_the_page_declares_its_prefixes_and_has_examples():
    assert all(line.startswith("PREFIX ") for line in PREFIXES.strip().splitlines())
    assert len(BLOCKS) >= 9


@pytest.mark.parametrize("query", BLOCKS[1:], ids=lambda q: " ".join(q.split())[:60])
def test_every_example_query_answers(graph_store, query):
    rows = list(graph_store.query(PREFIXES + query))
    assert rows, query


def test_the_modality_examples_tell_done_from_planned(graph_store):
    done, plans = (PREFIXES + BLOCKS[1], PREFIXES + BLOCKS[2])
    capabilities = {row["capability"].value for row in graph_store.query(done)}
    assert capabilities == {"Ballistic missile interceptor"}
    planned = {(row["modality"].value, row["object"].value) for row in graph_store.query(plans)}
    assert ("planned", "Hypersonic weapon systems") in planned and ("agenda item", "Missiles") in planned
