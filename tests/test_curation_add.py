"""`alliance-kg add FILE`: a text or a saved web page into a copy of the sources folder, and every bad input refused.

The files under tests/fixtures/curation/ are invented for these tests, in the style of news reports.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from alliance_kg.curation import roundtrip
from alliance_kg.curation.add import AddError, AddOptions, add_document
from alliance_kg.curation.writes import Changes, WriteConflict, locked
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.sources import load_sources
from alliance_kg.loaders.yamlfile import read_yaml

from alliance_kg.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the sources folder (but the curation lock) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".curation.lock"
    }


def entry(sources, document: str) -> dict:
    return next(e for e in read_yaml(sources.metadata)["documents"] if e["id"] == document)


@pytest.mark.slow
def test_a_saved_web_page_is_stored_as_its_main_text_with_its_metadata_quoted(sources_copy):
    added = add_document(FIXTURES / "ministers-meet.html", sources_copy, AddOptions())
    assert added.id == "005"
    text = added.path.read_text(encoding="utf-8")
    # the headline, byline and dateline as the page shows them, then the main text; no navigation or footer
    assert text.splitlines()[:3] == [
        "Japan, U.S. ministers agree to deepen space cooperation",
        "By Mariko Testwriter, The Example Ledger",
        "Feb. 6, 2025",
    ]
    assert "Japanese Defense Minister Gen Testnakatani" in text
    for boilerplate in ("Top Articles", "Share on Twitter", "Copyright", "Markets rally"):
        assert boilerplate not in text
    digest = hashlib.sha256(added.path.read_bytes()).hexdigest()
    assert added.path.name == f"005_{digest[:16]}.txt"

    meta = entry(sources_copy, "005")
    assert meta["title"] == meta["title_quote"] == "Japan, U.S. ministers agree to deepen space cooperation"
    assert meta["authors"][0]["person"] == "Mariko Testwriter"
    assert meta["authors"][0]["quote"] == "By Mariko Testwriter, The Example Ledger"
    assert meta["publisher"] == "The Example Ledger"
    assert (meta["date"], meta["date_basis"], meta["date_quote"]) == ("2025-02-06", "stated", "Feb. 6, 2025")
    assert meta["url"] == "https://ledger.example.org/world/2025/02/06/japan-us-ministers-space"
    assert meta["redistribute"] == "false"
    assert "trafilatura" in meta["notes"] and "htmldate" in meta["notes"]
    registered = {e["id"]: e for e in read_yaml(sources_copy.entities)["entities"]}
    assert registered["mariko-testwriter"]["type"] == "Person"
    assert registered["the-example-ledger"]["type"] == "Organisation"

    result = assemble(sources_copy, reason=False)  # the build checks the new entry like the seeds'
    assert result.claims_per_document["005"] == 4  # title, author, publisher, date: each with its quote


@pytest.mark.slow
def test_a_wire_services_page_keeps_the_story_and_drops_what_surrounds_it(sources_copy):
    """The page of a wire story: metadata in JSON-LD only, a photo caption, an advertisement, a related link, a
    newsletter prompt and a cookie banner inside or around the article, the reporter named at the end."""
    added = add_document(FIXTURES / "wire-page.html", sources_copy, AddOptions())
    text = added.path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "U.S., Japan to upgrade command ties as Austin visits Tokyo"
    assert "The ministers also agreed to expand the co-production of missiles, officials said." in text
    for around in ("cookies", "REUTERS/", "Advertisement", "China holds drills", "Sign up", "Read Next", "©"):
        assert around not in text
    meta = entry(sources_copy, added.id)
    assert [(a["person"], a["quote"]) for a in meta["authors"]] == [
        ("Kenji Testreporter", "Reporting by Kenji Testreporter; Editing by Sam Testeditor")
    ]
    assert (meta["date"], meta["date_basis"], meta["date_quote"]) == ("2024-07-28", "stated", "July 28, 2024")
    assert meta["url"] == "https://wire.example.com/asia/2024/07/28/us-japan-command"
    # the site is named only by the page's metadata, not in the stored text: said in a note, not claimed
    assert "publisher" not in meta
    assert "names the site 'Example Wire News'; the stored text does not" in meta["notes"]
    assemble(sources_copy, reason=False)


@pytest.mark.slow
def test_a_plain_text_is_stored_byte_for_byte_with_the_date_its_opening_lines_state(sources_copy):
    source = FIXTURES / "drills-agreed.txt"
    added = add_document(
        source,
        sources_copy,
        AddOptions(
            title="Allies agree to expand joint drills in the East China Sea",
            authors=["Kenji Fictional"],
            url="https://news.example.org/drills",
            redistribute=True,
        ),
    )
    assert added.path.read_bytes() == source.read_bytes()
    meta = entry(sources_copy, added.id)
    assert (meta["date"], meta["date_basis"], meta["date_quote"]) == ("2025-03-14", "stated", "March 14, 2025")
    assert meta["authors"][0] == {
        "person": "Kenji Fictional",
        "quote": "By Kenji Fictional",
        "__line__": meta["authors"][0]["__line__"],
    }
    assert meta["redistribute"] == "true"
    assert "title_quote" in meta
    assemble(sources_copy, reason=False)


def test_a_text_without_a_date_needs_one_and_then_records_it_as_inferred(sources_copy):
    with pytest.raises(AddError, match=r"states no date in its opening lines; give the publication date with --date"):
        add_document(FIXTURES / "undated.txt", sources_copy, AddOptions())
    added = add_document(FIXTURES / "undated.txt", sources_copy, AddOptions(date="2025-01-06/2025-01-12"))
    meta = entry(sources_copy, added.id)
    assert (meta["date"], meta["date_basis"]) == ("2025-01-06/2025-01-12", "inferred")
    assert "--date" in meta["date_evidence"]
    assert [s.id for s in load_sources(sources_copy)][-1] == added.id


def _refused(sources, path: Path, message: str, **options) -> None:
    before = snapshot(sources.root)
    with pytest.raises(AddError, match=message):
        add_document(path, sources, AddOptions(**options))
    assert snapshot(sources.root) == before  # nothing written


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: nothing to add"),
        (b"  \n\t\n", "is empty: nothing to add"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks binary"),
        (b"%PDF-1.7\n" + bytes([0, 1, 2, 3, 4, 5, 6, 7]) * 50, "looks binary"),
        (
            "Tokyo \u2014 caf\u00e9 talks on March 3, 2025.\n".encode("cp1252"),
            r"is not UTF-8 \(byte 0x97 at position 6\) and names no encoding",
        ),
        ("\ufeffTalks held.\n".encode("utf-16"), "is UTF-16: pass --encoding utf-16"),
        (
            b"<!doctype html><html><head><title>x</title></head><body><nav>Home</nav></body></html>",
            "no main text found",
        ),
    ],
    ids=["empty", "blank", "png", "pdf", "cp1252", "utf16", "html-without-text"],
)
def test_bad_input_is_refused_with_what_to_do_and_nothing_is_written(sources_copy, tmp_path, content, message):
    path = tmp_path / ("page.html" if content.startswith(b"<!doctype") else "input.txt")
    path.write_bytes(content)
    _refused(sources_copy, path, message, date="2025-03-03")


def test_a_missing_file_a_folder_and_an_unknown_encoding_are_refused(sources_copy, tmp_path):
    _refused(sources_copy, tmp_path / "nowhere.txt", "no such file")
    _refused(sources_copy, tmp_path, "is a directory")
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 talks, March 3, 2025.\n".encode("cp1252"))
    _refused(sources_copy, path, "unknown encoding 'klingon'", encoding="klingon")
    _refused(sources_copy, path, r"is not valid utf-8", encoding="utf-8", date="2025-03-03")


def test_a_declared_encoding_is_read_and_the_text_stored_as_utf8(sources_copy, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Tokyo \u2014 caf\u00e9 talks on March 3, 2025.\n".encode("cp1252"))
    added = add_document(path, sources_copy, AddOptions(encoding="cp1252", date="2025-03-03"))
    assert added.path.read_text(encoding="utf-8") == "Tokyo \u2014 caf\u00e9 talks on March 3, 2025.\n"


@pytest.mark.slow
def test_a_duplicate_is_refused_whatever_its_name(sources_copy, tmp_path):
    copy = tmp_path / "same-article-saved-again.txt"
    copy.write_bytes((sources_copy.root / "001_78950c21978bc090.txt").read_bytes())
    _refused(sources_copy, copy, "already in the sources folder as document 001 .*same SHA-256", date="2023-01-20")
    add_document(FIXTURES / "drills-agreed.txt", sources_copy, AddOptions())
    _refused(sources_copy, FIXTURES / "drills-agreed.txt", "already in the sources folder as document 005")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"title": "A Headline The Text Never Writes"},
            "--title 'A Headline The Text Never Writes' does not occur in the text",
        ),
        ({"authors": ["Nobody Named"]}, "--author 'Nobody Named' does not occur in the text"),
        ({"url": "ftp://example.org/x"}, "is not an http\\(s\\) address"),
        ({"license": "CC BY 4.0"}, "--license takes the licence's address"),
        ({"date": "March 2025"}, "--date 'March 2025'"),
    ],
)
def test_options_the_text_does_not_bear_out_are_refused(sources_copy, options, message):
    _refused(sources_copy, FIXTURES / "drills-agreed.txt", message, **options)


@pytest.mark.slow
def test_the_command_line_adds_and_reports_what_it_did(sources_copy, capsys):
    code = main(["--sources", str(sources_copy.root), "add", str(FIXTURES / "drills-agreed.txt"), "--redistribute"])
    err = capsys.readouterr().err
    assert code == 0
    assert "added document 005" in err and "next: `alliance-kg propose 005`" in err
    assert "registered Person kenji-fictional" in err
    code = main(["--sources", str(sources_copy.root), "add", str(FIXTURES / "drills-agreed.txt")])
    assert code == 1 and "alliance-kg add:" in capsys.readouterr().err


def test_a_failed_commit_puts_every_file_back(tmp_path, monkeypatch):
    first, second, new = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.txt"
    first.write_text("a: 1\n")
    second.write_text("b: 1\n")
    changes = Changes()
    changes.write(first, "a: 2\n")
    changes.create(new, "new\n")
    changes.write(second, "b: 2\n")
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        changes.commit()
    assert first.read_text() == "a: 1\n" and second.read_text() == "b: 1\n" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no temporary file left


def test_a_second_writer_is_told_to_wait(sources_copy):
    with locked(sources_copy), pytest.raises(WriteConflict, match="another curation command is writing"):
        add_document(FIXTURES / "drills-agreed.txt", sources_copy, AddOptions())


@pytest.mark.slow
def test_every_hand_written_yaml_file_survives_a_round_trip_unchanged(sources_copy):
    for path in [sources_copy.metadata, sources_copy.entities, *sources_copy.annotation_files()]:
        text = path.read_text(encoding="utf-8")
        assert roundtrip.dumps(roundtrip.loads(text)) == text, path.name
