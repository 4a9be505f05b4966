"""Renders SPARQL solutions as a readable text table, with IRIs shortened by the project's prefixes."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable, Sequence

from alliance_kg.ontology.namespaces import PREFIXES
from pyoxigraph import BlankNode, Literal, NamedNode

MIN_COLUMN = 6


def term_text(term: object) -> str:
    """A cell: a literal's lexical form, an IRI as a prefixed name where one fits, a blank node as _:id."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if term.value.startswith(namespace) and "/" not in term.value[len(namespace) :].strip("/"):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def render_table(header: Sequence[str], rows: Iterable[Sequence[str]], width: int | None = None) -> str:
    """Columns sized to their content; long cells wrap within a share of the terminal width."""
    rows = [list(row) for row in rows]
    width = width or shutil.get_terminal_size((120, 24)).columns
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    budget = max(width - 3 * (len(header) - 1), MIN_COLUMN * len(header))
    sizes = list(natural)
    while sum(sizes) > budget and max(sizes) > MIN_COLUMN:
        widest = sizes.index(max(sizes))
        sizes[widest] -= 1
    lines = [" | ".join(h.ljust(s) for h, s in zip(header, sizes, strict=True))]
    lines.append("-+-".join("-" * s for s in sizes))
    for row in rows:
        wrapped = [textwrap.wrap(cell, s) or [""] for cell, s in zip(row, sizes, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            lines.append(" | ".join((w[i] if i < len(w) else "").ljust(s) for w, s in zip(wrapped, sizes, strict=True)))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)
