"""Every competency question of the catalogue gives its expected answer, taken from the texts."""

from __future__ import annotations

import pytest
from alliance_kg.queries import load_catalogue
from catalogue_answers import answer_tsv, cases

MINIMUM_QUESTIONS = 25


@pytest.mark.parametrize("case", cases(), ids=str)
def test_the_answer_is_the_expected_one(graph_store, wikidata_service, case):
    expected = case.file.read_text(encoding="utf-8")  # federated queries: over the local Wikidata fixture
    assert answer_tsv(graph_store, case, wikidata_service.services) == expected


def test_every_question_has_an_expected_answer_and_there_are_enough():
    catalogue = load_catalogue()
    answered = {case.name for case in cases()}
    assert sorted(set(catalogue) - answered) == []
    assert len(catalogue) >= MINIMUM_QUESTIONS


def test_every_expected_answer_is_a_real_answer():
    """No expected file is empty: each question has at least one row from the texts."""
    for case in cases():
        lines = case.file.read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 2, case
