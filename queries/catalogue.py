"""Reads the `.rq` files of this folder and their grlc-style headers (`#+ summary:`, `#+ description:`, ...).

Following grlc's conventions (https://github.com/CLARIAH/grlc) keeps the catalogue usable by grlc itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

QUERIES_DIR = Path(__file__).resolve().parent
DECORATOR = "#+"


class CatalogueError(ValueError):
    """A query file whose header is malformed or lacks a summary."""


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    title: str
    description: str
    text: str
    tags: tuple[str, ...] = ()
    decorators: dict[str, Any] = field(default_factory=dict)


def load_query(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    header = "\n".join(
        line.removeprefix(DECORATOR)[1:] if line.startswith(DECORATOR + " ") else line.removeprefix(DECORATOR)
        for line in text.splitlines()
        if line.startswith(DECORATOR)
    )
    try:
        decorators = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: the '#+' header is not valid YAML: {error}") from error
    if not isinstance(decorators, dict) or not decorators.get("summary"):
        raise CatalogueError(f"{path.name}: the header needs a '#+ summary:' line (the query's title)")
    return Query(
        name=path.stem,
        path=path,
        title=str(decorators["summary"]),
        description=" ".join(str(decorators.get("description", "")).split()),
        text=text,
        tags=tuple(decorators.get("tags") or ()),
        decorators=decorators,
    )


def load_catalogue(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    """Every query of the folder, by name (the file name without `.rq`)."""
    return {query.name: query for query in map(load_query, sorted(directory.glob("*.rq")))}
