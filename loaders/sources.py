"""The source texts in seeds/ and their metadata (seeds/metadata.yaml)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.dates import DateResolutionError, DateValue
from loaders.errors import LoadError
from loaders.yamlfile import line_of, read_yaml

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
METADATA_FILE = "metadata.yaml"


@dataclass(frozen=True)
class SourceText:
    """One source document: its text exactly as stored, and what its metadata says of it."""

    id: str
    path: Path
    text: str
    sha256: str
    date: DateValue
    date_basis: str
    date_evidence: str
    metadata: dict[str, Any] = field(default_factory=dict)


def read_text(path: Path) -> str:
    """The file's text with its line ends as stored, so offsets index the file (newline='' keeps \\r\\n)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_sources(seeds_dir: Path = SEEDS_DIR) -> list[SourceText]:
    metadata_path = seeds_dir / METADATA_FILE
    data = read_yaml(metadata_path)
    sources = []
    for entry in data.get("documents") or []:
        line = line_of(entry)
        for key in ("id", "file", "date", "date_basis", "date_evidence"):
            if not entry.get(key):
                raise LoadError(metadata_path, line, f"document entry lacks {key!r}")
        if entry["date_basis"] not in ("stated", "inferred"):
            raise LoadError(metadata_path, line, "date_basis must be 'stated' or 'inferred'")
        path = seeds_dir / entry["file"]
        if not path.is_file():
            raise LoadError(metadata_path, line, f"no such source text: {path}")
        try:
            date = DateValue.parse_iso(entry["date"])
        except (DateResolutionError, ValueError) as error:
            raise LoadError(metadata_path, line, f"date {entry['date']!r}: {error}") from error
        sources.append(
            SourceText(
                id=entry["id"],
                path=path,
                text=read_text(path),
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                date=date,
                date_basis=entry["date_basis"],
                date_evidence=" ".join(entry["date_evidence"].split()),
                metadata=entry,
            )
        )
    return sources
