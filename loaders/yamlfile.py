"""Reads YAML keeping every mapping's line number, and every scalar as the string the file wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from alliance_kg.loaders.errors import LoadError

LINE = "__line__"


class _LineLoader(yaml.BaseLoader):
    """BaseLoader, so that `1960` stays "1960" and `2023-01-16` is not turned into a datetime."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_yaml(path: Path) -> dict[str, Any]:
    """The file's top-level mapping; a syntax error becomes a LoadError naming the file and line."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - BaseLoader constructs no objects
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise LoadError(path, line, f"not valid YAML: {error.problem or error}") from error
    except UnicodeDecodeError as error:
        raise LoadError(path, None, f"not UTF-8 text: {error}") from error
    if not isinstance(data, dict):
        raise LoadError(path, 1, "expected a mapping at the top of the file")
    return data


def line_of(mapping: dict[str, Any]) -> int | None:
    return mapping.get(LINE)
