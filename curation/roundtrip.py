"""The hand-written YAML files of the sources folder, read and written back with their comments, order and layout.

ruamel.yaml's round-trip mode keeps what a person wrote (comments, key order, quoting, flow lists, folded
strings); the layout below is the one the five annotation files, metadata.yaml and entities.yaml use, so a file
read and dumped unchanged comes back byte for byte (tests/test_curation_roundtrip.py checks it on every file).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from alliance_kg.loaders.errors import LoadError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long quote across lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path) -> Any:
    """The file's content as round-trip objects; a syntax error is a LoadError naming the file and line."""
    try:
        return _yaml().load(path.read_text(encoding="utf-8"))
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LoadError(path, mark.line + 1 if mark else None, f"not valid YAML: {error}") from error


def loads(text: str) -> Any:
    return _yaml().load(text)


def dumps(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def quoted(text: str) -> DoubleQuotedScalarString:
    """A string written in double quotes (ids such as "005", quotes of the text)."""
    return DoubleQuotedScalarString(text)


def mapping(items: dict[str, Any] | None = None) -> CommentedMap:
    """A new mapping for a round-trip document, nested dicts and lists converted, `None` values left out."""
    result = CommentedMap()
    for key, value in (items or {}).items():
        if value is None:
            continue
        result[key] = plain_to_roundtrip(value)
    return result


def plain_to_roundtrip(value: Any) -> Any:
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, dict):
        return mapping(value)
    if isinstance(value, list | tuple):
        seq = CommentedSeq()
        seq.extend(plain_to_roundtrip(v) for v in value)
        return seq
    return value


def roundtrip_to_plain(value: Any) -> Any:
    """Plain dicts, lists and strings (every scalar as the string it is written as, as the build reads it)."""
    if isinstance(value, dict):
        return {str(k): roundtrip_to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [roundtrip_to_plain(v) for v in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flow_list(values: list[str]) -> CommentedSeq:
    """A list written inline, `[a, b]`, as the registry writes aliases."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq
