"""The same report in another house style gets the same proposals (evaluation/tools/restyle.py measures it on the
evaluation sets). Saved web pages put no-break spaces where a text has spaces ("Article\u00a05", "Prime
Minister\u00a0Ishiba"): the rules read them as spaces, and every quote, piece of evidence and unclaimed sentence written
to the draft keeps the source's own characters, so that the build finds it. Many outlets write "US" for "U.S.": the
rules' names of forces, bases and services read both."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alliance_kg.curation import roundtrip
from alliance_kg.curation.accept import accept_draft
from alliance_kg.curation.add import AddOptions, add_document
from alliance_kg.curation.propose import draft_path
from alliance_kg.curation.propose_command import propose
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.yamlfile import read_yaml
from proposal_fixtures import proposed_on
from test_curation_accept import review

pytestmark = pytest.mark.slow  # the rules run over the text with the seeds' registry, and the graph is built

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"
FIXTURE = FIXTURES / "documents-issued.txt"
NO_BREAK = "\u00a0"


def no_break_copy(folder: Path) -> Path:
    """The fixture with every space inside a sentence (not one after its full stop) a no-break space."""
    text = re.sub(r"(?<![.!?]) ", NO_BREAK, FIXTURE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "documents-issued-no-break.txt"
    copy.write_text(text, encoding="utf-8")
    return copy


def triples(run) -> set[tuple]:
    return {(c.subject, c.relation, c.object, c.modality) for c in run.analysis.claims}


def test_no_break_spaces_change_no_proposal(tmp_path):
    plain = proposed_on(FIXTURE, tmp_path / "plain" / "sources")
    no_break = proposed_on(no_break_copy(tmp_path / "text"), tmp_path / "no-break" / "sources")
    assert len(triples(plain)) >= 20
    assert triples(no_break) == triples(plain)
    entities = {(e.type, e.label) for e in no_break.analysis.entities.values()}
    assert entities == {(e.type, e.label) for e in plain.analysis.entities.values()}
    assert not any(NO_BREAK in label for _, label in entities)  # a name is written with spaces


def test_a_draft_of_a_text_with_no_break_spaces_is_accepted_and_built(tmp_path, sources_copy):
    added = add_document(no_break_copy(tmp_path / "text"), sources_copy, AddOptions())
    propose(sources_copy, added.id, None, False, lambda _: None)
    path = draft_path(sources_copy, added.id)
    draft = roundtrip.load(path)
    quotes = [str(c["quote"]) for c in draft["claims"]]
    assert "Defense\u00a0Minister\u00a0Gen\u00a0Testnakatani" in " ".join(quotes)  # the source's characters
    assert all(NO_BREAK in str(u["sentence"]) for u in draft["unclaimed"] if " " in str(u["sentence"]).strip(". "))
    review(path, claims={"*": "accept"}, entities={"*": "accept"})
    accept_draft(path, sources_copy, "Hana Curator", datetime(2026, 3, 2, tzinfo=UTC))
    accepted = read_yaml(sources_copy.annotations / f"{added.id}.yaml")["claims"]
    result = assemble(sources_copy, reason=False)
    assert result.claims_per_document[added.id] == len(accepted) + 1  # and the metadata's own: its stated date


def test_us_for_u_s_changes_no_proposal_on_a_military_report(tmp_path):
    fixture = FIXTURES / "forces-in-military-news.txt"
    with_us = tmp_path / "text" / "forces-in-military-news-us.txt"
    with_us.parent.mkdir(parents=True)
    with_us.write_text(fixture.read_text(encoding="utf-8").replace("U.S.", "US"), encoding="utf-8")
    plain = proposed_on(fixture, tmp_path / "plain" / "sources")
    us = proposed_on(with_us, tmp_path / "us" / "sources")
    assert len(triples(plain)) >= 20
    assert ("harold-testman", "holdsOffice", "commander-of-us-forces-japan", "asserted") in triples(plain)
    # the same claims; a figure keeps the text's own words ("About 300 US Marines")
    assert triples(us) == {(s, r, o.replace("U.S.", "US"), m) for s, r, o, m in triples(plain)}
