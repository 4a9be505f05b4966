"""Reads the `.rq` files of this folder and their grlc-style headers (`#+ summary:`, `#+ description:`, ...).

Following grlc's conventions (https://github.com/CLARIAH/grlc) keeps the catalogue usable by grlc itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

QUERIES_DIR = Path(__file__).resolve().parent
DECORATOR = "#+"
XSD = "http://www.w3.org/2001/XMLSchema#"
# grlc's parameter variables: `?_name` is required, `?__name` optional; an optional suffix gives the type:
# `_iri`, `_number`, `_literal`/`_string`, an XSD datatype (`_integer`, `_date`), `_prefix_type` (`_xsd_date`),
# or a two-letter language tag (`_en`). As in grlc, the name itself has no underscore.
PARAMETER_VARIABLE = re.compile(
    r"[?$](?P<variable>(?P<required>__?)(?P<name>[^_\W]+)(?:_(?P<type>[A-Za-z0-9]+))?(?:_(?P<user>[A-Za-z0-9]+))?)\b"
)
PLAIN_TYPES = {"iri", "number", "literal", "string"}


class CatalogueError(ValueError):
    """A query file whose header is malformed or lacks a summary."""


@dataclass(frozen=True)
class Parameter:
    """A grlc-style parameter of a query: the variable `?_name_type` (required) or `?__name_type` (optional)."""

    name: str
    variable: str  # without the `?`
    required: bool
    kind: str  # "iri", "number", "literal"
    datatype: str | None = None  # full IRI, for typed literals
    language: str | None = None


def parameter_of(match: re.Match[str]) -> Parameter:
    kind, datatype, language = "literal", None, None
    suffix, user = match["type"], match["user"]
    if suffix and user:  # `_prefix_type`; only the xsd prefix is known without the query's PREFIX lines
        datatype = (XSD if suffix == "xsd" else f"{suffix}:") + user
    elif suffix in PLAIN_TYPES:
        kind = "literal" if suffix == "string" else suffix
    elif suffix and len(suffix) == 2 and suffix.islower():
        language = suffix
    elif suffix:
        datatype = XSD + suffix
    return Parameter(match["name"], match["variable"], match["required"] == "_", kind, datatype, language)


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    title: str
    description: str
    text: str
    tags: tuple[str, ...] = ()
    decorators: dict[str, Any] = field(default_factory=dict)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The grlc-style parameters (`?_name…`, `?__name…`) of the query body, in order of first use."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        found: dict[str, Parameter] = {}
        for match in PARAMETER_VARIABLE.finditer(body):
            found.setdefault(match["variable"], parameter_of(match))
        return tuple(found.values())


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
