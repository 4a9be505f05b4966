"""Accepting reviewed proposals (`alliance-kg propose --accept FILE`), and the whole workflow on the command line:
add → propose → accept → build → query, on a fresh copy of the sources folder, with texts invented for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alliance_kg.curation import roundtrip
from alliance_kg.curation.accept import AcceptError, accept_draft
from alliance_kg.curation.add import AddOptions, add_document
from alliance_kg.curation.propose import draft_path
from alliance_kg.curation.propose_command import propose
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.yamlfile import read_yaml
from test_curation_add import snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"
REPOSITORY = Path(__file__).resolve().parent.parent
WHEN = datetime(2026, 3, 2, 1, 15, tzinfo=UTC)


def proposed(sources, fixture: str) -> tuple[str, Path]:
    added = add_document(FIXTURES / fixture, sources, AddOptions())
    propose(sources, added.id, None, False, lambda _: None)
    return added.id, draft_path(sources, added.id)


def review(path: Path, claims=None, entities=None) -> None:
    """Set review decisions in a draft file: `claims`/`entities` map an id (or "*") to a decision (or a dict)."""
    draft = roundtrip.load(path)
    for items, decisions in ((draft.get("claims") or [], claims or {}), (draft.get("entities") or [], entities or {})):
        for item in items:
            decision = decisions.get(str(item["id"]), decisions.get("*"))
            if decision is None:
                continue
            if isinstance(decision, dict):
                for key, value in decision.items():
                    if key in ("review", "link"):
                        item["proposal"][key] = value
                    else:
                        item[key] = value
            else:
                item["proposal"]["review"] = decision
    path.write_text(roundtrip.dumps(draft), encoding="utf-8")


@pytest.mark.slow  # builds the graph
def test_accepted_claims_and_entities_go_into_the_sources_folder_with_their_curator(sources_copy):
    document, path = proposed(sources_copy, "two-plus-two.txt")
    review(
        path,
        claims={"*": "accept", "develops-japan-long-range-missiles": "reject"},
        entities={"*": "accept", "dana-example": {"review": "link", "link": "antony-blinken"}},
    )
    result = accept_draft(path, sources_copy, "Hana Curator", WHEN)
    assert "dana-example" in result.linked and result.rejected_claims == 1
    annotation = read_yaml(sources_copy.annotations / f"{document}.yaml")
    accepted = annotation["claims"]
    assert {c["accepted_by"] for c in accepted} == {"Hana Curator"}
    assert {c["accepted_at"] for c in accepted} == {"2026-03-02T01:15:00Z"}
    assert not any("proposal" in c for c in accepted)
    assert not any(c["subject"] == "dana-example" or c["object"] == "dana-example" for c in accepted)
    assert any(c["subject"] == "antony-blinken" and c["relation"] == "holdsOffice" for c in accepted)  # linked
    # rejected (what Japan's plan to start talks names stays: a claim of its own, accepted)
    assert not any(c["relation"] == "develops" and c["object"] == "long-range-missiles" for c in accepted)
    registry = {e["id"] for e in read_yaml(sources_copy.entities)["entities"]}
    assert {"aiko-testmori", "ren-testkawa", "event/scc-2025-02"} <= registry and "dana-example" not in registry
    assert "Added for document 005: accepted from proposals by Hana Curator" in sources_copy.entities.read_text()
    draft = roundtrip.load(path)
    reviews = {str(c["id"]): c["proposal"]["review"] for c in draft["claims"]}
    assert set(reviews.values()) == {"accepted", "rejected"}
    # the build checks them as it checks hand-written claims
    result = assemble(sources_copy, reason=False)
    assert result.claims_per_document[document] == len(accepted) + 1  # and the metadata's own: its stated date
    # accepting the same draft again takes nothing twice
    with pytest.raises(AcceptError, match="nothing is marked accept"):
        accept_draft(path, sources_copy, "Hana Curator", WHEN)


@pytest.mark.slow  # builds the graph
def test_an_existing_annotation_file_keeps_its_comments_and_order(sources_copy):
    document, path = proposed(sources_copy, "article-five-cyber.txt")
    annotation = sources_copy.annotations / f"{document}.yaml"
    hand_written = (
        "# Written by hand before the proposals: this comment and this claim stay as they are.\n"
        f'document: "{document}"\n'
        "claims:\n"
        "  # the meeting's place, by hand\n"
        "  - id: by-hand-place\n"
        '    quote: "in Tokyo on June 10"\n'
        "    subject: event/scc-2023-01\n"
        "    relation: place\n"
        "    object: Tokyo\n"
    )
    annotation.write_text(hand_written, encoding="utf-8")
    review(path, claims={"*": "accept"}, entities={"*": "accept"})
    accept_draft(path, sources_copy, "Hana Curator", WHEN)
    written = annotation.read_text(encoding="utf-8")
    assert written.startswith(hand_written)
    assert written.count("accepted_by: Hana Curator") == len(read_yaml(annotation)["claims"]) - 1
    assert "unclaimed:" in written  # the sentences still without a claim, with why
    assemble(sources_copy, reason=False)


@pytest.mark.parametrize(
    ("claims", "entities", "message"),
    [
        ({"*": "accept"}, {}, "which is still pending: accept it, link it, or reject the claim"),
        ({"*": "accept"}, {"*": "reject"}, "which is rejected: link it to an existing entity or reject the claim"),
        (
            {"*": "accept"},
            {"*": {"review": "link", "link": "no-such-entity"}},
            "link to 'no-such-entity', which the registry lacks",
        ),
        ({"*": "maybe"}, {"*": "accept"}, "review 'maybe' is not accept, reject or pending"),
        (
            {"*": "reject", "place-scc-2025-06-tokyo": {"review": "accept", "quote": "words the text never wrote"}},
            {"*": "accept"},
            "quote not found in the text",
        ),
        (
            {"*": "reject", "place-scc-2025-06-tokyo": {"review": "accept", "relation": "isNear"}},
            {"*": "accept"},
            "relation 'isNear' is not a property of the ontology",
        ),
    ],
    ids=["pending-entity", "rejected-entity", "bad-link", "bad-review", "bad-quote", "bad-relation"],
)
@pytest.mark.slow
def test_a_draft_that_cannot_be_accepted_says_why_and_nothing_is_written(sources_copy, claims, entities, message):
    _, path = proposed(sources_copy, "article-five-cyber.txt")
    review(path, claims=claims, entities=entities)
    before = snapshot(sources_copy.root)
    with pytest.raises(AcceptError) as caught:
        accept_draft(path, sources_copy, "Hana Curator", WHEN)
    assert message in "\n".join(caught.value.problems)
    assert snapshot(sources_copy.root) == before


@pytest.mark.slow
def test_a_claim_written_into_the_draft_by_hand_is_accepted_when_its_review_says_so(sources_copy):
    document, path = proposed(sources_copy, "two-plus-two.txt")
    draft = roundtrip.load(path)
    mine = {"quote": "Japan will start talks on developing long-range missiles", "subject": "japan"}
    mine |= {"relation": "memberOf", "object": "quad"}
    draft["claims"].append(roundtrip.plain_to_roundtrip({"id": "mine-unmarked", **mine}))
    draft["claims"].append(
        roundtrip.plain_to_roundtrip({"id": "mine-accepted", **mine, "proposal": {"review": "accept"}})
    )
    path.write_text(roundtrip.dumps(draft), encoding="utf-8")
    said: list[str] = []
    result = accept_draft(path, sources_copy, "Hana Curator", WHEN, say=said.append)
    assert result.claims == ["mine-accepted"] and result.unmarked == ["mine-unmarked"]
    assert "without a review stay pending (mine-unmarked): to accept a claim of your own" in "\n".join(said)
    annotation = read_yaml(sources_copy.annotations / f"{document}.yaml")
    assert [c["id"] for c in annotation["claims"]] == ["mine-accepted"]


def test_accepting_needs_a_curator(sources_copy):
    _, path = proposed(sources_copy, "article-five-cyber.txt")
    review(path, claims={"*": "accept"}, entities={"*": "accept"})
    with pytest.raises(AcceptError, match="say who accepts"):
        accept_draft(path, sources_copy, " ", WHEN)


@pytest.mark.slow
def test_the_same_meeting_reported_by_three_articles_is_one_event(sources_copy):
    """A proposes the meeting as a new event; once accepted, B and C (other words, other dates) link to it."""
    events = []
    for fixture in ("meeting-report-a.txt", "meeting-report-b.txt", "meeting-report-c.txt"):
        document, path = proposed(sources_copy, fixture)
        draft = roundtrip.load(path)
        subjects = {str(c["subject"]) for c in draft["claims"] if str(c["relation"]) in ("participant", "date")}
        new_events = [str(e["id"]) for e in draft.get("entities") or [] if str(e["type"]) in ("Meeting", "Summit")]
        events.append((subjects, new_events, draft))
        review(path, claims={"*": "accept"}, entities={"*": "accept"})
        accept_draft(path, sources_copy, "Hana Curator", WHEN)
    (first_subjects, first_new, _), (second, second_new, second_draft), (third, third_new, third_draft) = events
    assert first_new == ["event/testnakatani-austin-meeting-2025-03"]
    assert second == third == first_subjects == {"event/testnakatani-austin-meeting-2025-03"}
    assert second_new == third_new == []
    notes = {str(c.get("note")) for c in second_draft["claims"] if str(c["subject"]).startswith("event/")}
    assert any("linked to event/testnakatani-austin-meeting-2025-03: date overlaps 2025-03-30" in n for n in notes)
    dates = {str(c["object"]) for d in (second_draft, third_draft) for c in d["claims"] if str(c["relation"]) == "date"}
    assert dates == {"March 30", "last week"}
    registry = [
        e["id"] for e in read_yaml(sources_copy.entities)["entities"] if e["id"].startswith("event/testnakatani")
    ]
    assert registry == ["event/testnakatani-austin-meeting-2025-03"]


def run(*args: str, sources: Path, data: Path, curator: str = "Hana Curator") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ALLIANCE_KG_SOURCES": str(sources),
        "ALLIANCE_KG_DATA": str(data),
        "ALLIANCE_KG_CURATOR": curator,
    }
    return subprocess.run(
        [sys.executable, "-m", "alliance_kg", *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow  # builds the graph
def test_add_propose_accept_build_query_on_the_command_line(sources_copy, tmp_path):
    root, data = sources_copy.root, tmp_path / "data"
    added = run("add", str(FIXTURES / "article-five-cyber.txt"), sources=root, data=data)
    assert added.returncode == 0, added.stderr
    proposed_run = run("propose", "005", sources=root, data=data)
    assert proposed_run.returncode == 0, proposed_run.stderr
    assert "wrote 8 proposed claims and 1 proposed new entities" in proposed_run.stderr
    path = draft_path(sources_copy, "005")
    review(path, claims={"*": "accept"}, entities={"*": "accept"})
    accepted = run("propose", "--accept", str(path), sources=root, data=data)
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted 8 claims into 005.yaml, 1 new entities" in accepted.stderr
    built = run("build", sources=root, data=data)
    assert built.returncode == 0, built.stderr
    # the flagship question gains the row the new text states, with its quote and source
    flagship = run("query", "article_v_domains", "--format", "tsv", sources=root, data=data)
    assert flagship.returncode == 0, flagship.stderr
    rows = flagship.stdout.splitlines()[1:]
    assert len(rows) == 8
    new = [r.split("\t") for r in rows if "/doc/005>" in r]
    assert len(new) == 1
    domain, since, latest, established, _, quote = new[0]
    assert (domain, since, latest) == ('"cyber"@en', '"2025-06-10"^^<http://www.w3.org/2001/XMLSchema#date>', "")
    assert established == '"Security Consultative Committee meeting of June 2025"@en'
    assert "confirmed that Article 5 of the U.S.-Japan Security Treaty covers attacks in cyberspace." in quote
    # the new event answers the catalogue's questions, each fact with its quote and offsets
    evidence = run(
        "query", "evidence_for_entity", "--format", "tsv",
        "--param", "entity=https://w3id.org/alliance-kg/id/event/scc-2025-06", sources=root, data=data,
    )  # fmt: skip
    assert evidence.returncode == 0, evidence.stderr
    facts = {tuple(line.split("\t")[3:5]) for line in evidence.stdout.splitlines()[1:]}
    assert ('"date"@en', '"2025-06-10"') in facts and (
        '"meeting of"@en',
        '"Security Consultative Committee"@en',
    ) in facts
    assert all(line.split("\t")[6:8] == ["170", "363"] for line in evidence.stdout.splitlines()[1:])
