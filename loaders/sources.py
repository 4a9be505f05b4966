"""The sources folder (seeds/ by default) and its texts with their metadata (metadata.yaml).

A sources folder holds everything a build reads and curation writes: the texts (`NNN_<hash>.txt`), their
`metadata.yaml`, one annotation file of claims per text (`annotations/NNN.yaml`), the entity registry
(`entities.yaml`), the reviewed links (`wikidata-verified.tsv`, `enwiki-titles.tsv`), and the record of the
dataset's releases: their changelogs and retired IRIs (`releases.yaml`) and every IRI a release served
(`released-iris.txt`).

A metadata entry may say where the text comes from (`url`) and whether its full text may be redistributed
(`redistribute: false` keeps the text out of the graph: only quotes and their offsets go in; absent means true,
as for the five seed texts the project publishes), with `license` (an IRI) and `rights` (the terms, in words).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_kg.loaders.dates import DateResolutionError, DateValue
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.yamlfile import line_of, read_yaml

from alliance_kg import settings

METADATA_FILE = "metadata.yaml"
ANNOTATIONS = "annotations"
ENTITIES = "entities.yaml"
WIKIDATA_REVIEWED = "wikidata-verified.tsv"
ENWIKI_TITLES = "enwiki-titles.tsv"
BOOLEANS = {"true": True, "yes": True, "false": False, "no": False}
RELEASES = "releases.yaml"
RELEASED_IRIS = "released-iris.txt"


@dataclass(frozen=True)
class SourcesFolder:
    """Where each input of a build lives, inside one folder."""

    root: Path

    @classmethod
    def default(cls) -> SourcesFolder:
        """`ALLIANCE_KG_SOURCES`, else the package's own seeds/ (alliance_kg.settings)."""
        return cls(settings.sources_dir())

    @property
    def metadata(self) -> Path:
        return self.root / METADATA_FILE

    @property
    def annotations(self) -> Path:
        return self.root / ANNOTATIONS

    @property
    def entities(self) -> Path:
        return self.root / ENTITIES

    @property
    def wikidata_reviewed(self) -> Path:
        return self.root / WIKIDATA_REVIEWED

    @property
    def enwiki_titles(self) -> Path:
        return self.root / ENWIKI_TITLES

    @property
    def releases(self) -> Path:
        return self.root / RELEASES

    @property
    def released_iris(self) -> Path:
        return self.root / RELEASED_IRIS

    def annotation_files(self) -> list[Path]:
        return sorted(self.annotations.glob("*.yaml"))


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
    redistributable: bool = True  # False: the graph carries the quotes and their offsets, never the whole text


def read_text(path: Path) -> str:
    """The file's text with its line ends as stored, so offsets index the file (newline='' keeps \\r\\n)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_sources(sources: SourcesFolder) -> list[SourceText]:
    """Every text of the folder with its metadata, checked: a bad entry is a LoadError naming its line."""
    seeds_dir = sources.root
    metadata_path = sources.metadata
    data = read_yaml(metadata_path)
    sources = []
    for entry in data.get("documents") or []:
        line = line_of(entry)
        for key in ("id", "file", "date", "date_basis", "date_evidence"):
            if not entry.get(key):
                raise LoadError(metadata_path, line, f"document entry lacks {key!r}")
        if entry["date_basis"] not in ("stated", "inferred"):
            raise LoadError(metadata_path, line, "date_basis must be 'stated' or 'inferred'")
        redistribute = str(entry.get("redistribute", "true")).strip().lower()
        if redistribute not in BOOLEANS:
            raise LoadError(metadata_path, line, f"redistribute must be true or false, not {entry['redistribute']!r}")
        if entry.get("url") and not re.match(r"https?://\S+$", str(entry["url"]).strip()):
            raise LoadError(metadata_path, line, f"url {entry['url']!r} is not an http(s) address")
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
                redistributable=BOOLEANS[redistribute],
            )
        )
    return sources
