"""An entity of the registry, and the one way names are compared ("U.S.–Japan" is "u.s.-japan")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_kg.ontology import ID
from pyoxigraph import NamedNode

_DASHES = re.compile("[\u2010-\u2015\u2212]")


def normalise_name(name: str) -> str:
    """Case, dash and quote variants of a name compare equal ("U.S.–Japan" is "u.s.-japan")."""
    name = _DASHES.sub("-", name).replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Entity:
    id: str
    type: NamedNode
    label: str
    aliases: tuple[str, ...] = ()
    definition: str | None = None
    wikidata: str | None = None
    iri: NamedNode | None = None

    @property
    def node(self) -> NamedNode:
        return self.iri or ID[self.id]
