"""The front-end libraries served from server/static/ are the files their ORIGIN.md names, byte for byte: each
file in its table has the SHA-256 written there, and every library folder has a note and a licence."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "server" / "static"
LIBRARIES = sorted(p.parent for p in STATIC.glob("*/ORIGIN.md"))
ROW = re.compile(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", re.MULTILINE)


def test_every_library_folder_has_an_origin_note():
    assert {p.name for p in LIBRARIES} == {"yasgui", "vistimeline", "cytoscape", "chartjs"}
    assert [p.name for p in STATIC.iterdir() if p.is_dir() and not (p / "ORIGIN.md").exists()] == []


@pytest.mark.parametrize("library", LIBRARIES, ids=lambda p: p.name)
def test_files_match_the_checksums_of_their_origin_note(library):
    note = (library / "ORIGIN.md").read_text(encoding="utf-8")
    rows = dict(ROW.findall(note))
    served = {p.name for p in library.iterdir() if p.suffix in (".js", ".css")}
    assert served and set(rows) == served  # every served file is listed, nothing listed is missing
    for name, digest in rows.items():
        assert hashlib.sha256((library / name).read_bytes()).hexdigest() == digest, name
    assert re.search(r"Licen[cs]e: ", note) and any(p.name.startswith("LICENSE") for p in library.iterdir())
    assert "sha256" in note and re.search(r"\*\*\d+\.\d+\.\d+\*\*", note)  # the version and the tarball's checksum
