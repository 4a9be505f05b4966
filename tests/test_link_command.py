"""`alliance-kg link` against a second, Wikidata-shaped SPARQL endpoint on 127.0.0.1 (tests/fixtures/wikidata)."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import pytest
from alliance_kg.loaders.linking import read_reviewed_wikidata
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import Vocabulary
from wikidata_fixture import fixture_store, serving

from alliance_kg.cli import main

ENTITIES = """\
entities:
  - id: china
    type: State
    label: China
    aliases: [People's Republic of China]
  - id: japan
    type: State
    label: Japan
    wikidata: Q17
  - id: nato
    type: Organisation
    label: NATO
    aliases: [North Atlantic Treaty Organization]
  - id: yasutoshi-nishimura
    type: Person
    label: Yasutoshi Nishimura
    aliases: [Nishimura]
  - id: bill-nelson
    type: Person
    label: Bill Nelson
  - id: okinawa
    type: Place
    label: Okinawa
  - id: event/russian-invasion-of-ukraine
    type: Event
    label: Russian invasion of Ukraine
  - id: us-japan-security-treaty
    type: Treaty
    label: U.S.–Japan Security Treaty
  - id: us-japan-security-treaty/art_5
    type: TreatyArticle
    label: Article V
"""


REVIEWED = "# label\twikidata\tnote\nJapan\tQ17\tcountry\nBill Nelson\tQ358437\tperson\n"


@pytest.fixture(scope="module")
def wikidata_endpoint():
    """The fixture items on a second SPARQL endpoint on 127.0.0.1; yields (endpoint URL, the requests it received)."""
    with serving(fixture_store()) as endpoint:
        yield endpoint.url, endpoint.requests


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    path = tmp_path / "wikidata-verified.tsv"
    path.write_text(REVIEWED, encoding="utf-8")
    return path


@pytest.fixture
def entities(tmp_path: Path) -> Path:
    path = tmp_path / "entities.yaml"
    path.write_text(ENTITIES, encoding="utf-8")
    return path


def run_link(tmp_path: Path, endpoint: str, entities: Path, *extra: str) -> tuple[int, list[dict[str, str]]]:
    output, reviewed = tmp_path / "proposals.tsv", tmp_path / "wikidata-verified.tsv"
    assert entities.parent == reviewed.parent == tmp_path  # the sources folder of this test
    args = ["--sources", str(tmp_path), "link", "--endpoint", endpoint]
    code = main([*args, "--output", str(output), *extra])
    if not output.exists():
        return code, []
    lines = [line for line in output.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return code, list(csv.DictReader(lines, delimiter="\t"))


def ranking(rows: list[dict[str, str]], entity: str) -> list[str]:
    return [row["candidate"] for row in rows if row["entity"] == entity]


def test_proposals_are_ranked_by_name_type_and_sitelinks(tmp_path, wikidata_endpoint, entities, reviewed, capsys):
    endpoint, _ = wikidata_endpoint
    code, rows = run_link(tmp_path, endpoint, entities)
    assert code == 0
    # The country outranks the cultural region although only the region has "China" as its label.
    assert ranking(rows, "china") == ["Q148", "Q29520"]
    # The human outranks a same-label disambiguation page and the family name that matches an alias.
    assert ranking(rows, "yasutoshi-nishimura") == ["Q8050121", "Q999000001", "Q999000002"]
    # Case-insensitive: "Nato" (an album) is found for "NATO", and the alliance (organisation via P279*) wins.
    assert ranking(rows, "nato") == ["Q7184", "Q999000003"]
    # Two places carry the alias "Okinawa": sitelinks break the tie; a person must still choose.
    assert ranking(rows, "okinawa") == ["Q766445", "Q999000004"]
    assert ranking(rows, "event/russian-invasion-of-ukraine") == ["Q110999040"]
    by_pair = {(row["entity"], row["candidate"]): row for row in rows}
    assert by_pair["china", "Q148"]["score"] == "9.51"
    assert by_pair["china", "Q29520"]["score"] == "6.18"
    assert "type mismatch" in by_pair["china", "Q29520"]["reasons"]
    assert "instance of country (Q6256), sovereign state (Q3624078)" in by_pair["china", "Q148"]["reasons"]
    assert by_pair["nato", "Q7184"]["candidate_description"] == "intergovernmental military alliance"
    assert [row["rank"] for row in rows if row["entity"] == "yasutoshi-nishimura"] == ["1", "2", "3"]
    assert all(row["accept"] == "" for row in rows)
    # Linked entities, reviewed-but-unrecorded ones and non-linkable types are not looked up.
    assert not {"japan", "bill-nelson", "us-japan-security-treaty/art_5"} & {row["entity"] for row in rows}
    err = capsys.readouterr().err
    assert "bill-nelson matches Q358437" in err
    assert "us-japan-security-treaty (Agreement): no candidate" in err
    assert "[1/6]" in err and "wrote 10 candidates for 5 entities" in err


def test_requests_carry_a_descriptive_user_agent(tmp_path, wikidata_endpoint, entities, reviewed):
    endpoint, received = wikidata_endpoint
    received.clear()
    run_link(tmp_path, endpoint, entities, "--only", "china")
    seen = [agent for _, agent, _ in received]
    assert seen and all(agent.startswith("alliance-kg/") and "https://w3id.org/alliance-kg" in agent for agent in seen)


def test_an_unreachable_endpoint_is_reported_and_nothing_is_written(tmp_path, entities, reviewed, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, rows = run_link(tmp_path, f"http://127.0.0.1:{port}/sparql", entities)
    err = capsys.readouterr().err
    assert code == 1 and rows == []
    assert f"cannot reach http://127.0.0.1:{port}/sparql" in err and "--endpoint" in err
    assert "nothing was written" in err


def test_accepting_a_row_records_the_reviewed_id_and_the_registry_entry(
    tmp_path, wikidata_endpoint, entities, reviewed
):
    endpoint, _ = wikidata_endpoint
    run_link(tmp_path, endpoint, entities, "--only", "nato", "--only", "okinawa")
    review = tmp_path / "proposals.tsv"
    lines = review.read_text(encoding="utf-8").splitlines(keepends=True)
    marked = [("yes" + line) if "\tokinawa\t" in line and "\tQ766445\t" in line else line for line in lines]
    review.write_text("".join(marked), encoding="utf-8")

    assert main(["--sources", str(tmp_path), "link", "--accept", str(review)]) == 0
    assert read_reviewed_wikidata(reviewed)["Q766445"].label == "Okinawa Prefecture"
    registry = Registry.load(Vocabulary.load(), SourcesFolder(tmp_path))
    assert registry.entities["okinawa"].wikidata == "Q766445"
    assert registry.entities["nato"].wikidata is None  # not accepted, not linked
    assert "  - id: okinawa\n    type: Place\n    label: Okinawa\n    wikidata: Q766445\n" in entities.read_text()


@pytest.mark.slow
def test_two_accepted_candidates_for_one_entity_are_refused(tmp_path, wikidata_endpoint, entities, reviewed, capsys):
    endpoint, _ = wikidata_endpoint
    run_link(tmp_path, endpoint, entities, "--only", "okinawa")
    review = tmp_path / "proposals.tsv"
    text = "".join(
        ("yes" + line) if "\tokinawa\t" in line else line
        for line in review.read_text(encoding="utf-8").splitlines(keepends=True)
    )
    review.write_text(text, encoding="utf-8")
    before = reviewed.read_text()
    assert main(["--sources", str(tmp_path), "link", "--accept", str(review)]) == 1
    assert "two candidates accepted for okinawa" in capsys.readouterr().err
    assert reviewed.read_text() == before
