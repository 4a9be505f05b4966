"""The releases of the dataset (releases.yaml of the sources folder): versions, changelogs, and the IRIs each release
retired.

An IRI that a release served stays answerable: one that this release no longer describes is recorded as retired,
with its successor (the linked-data routes answer 301 to it) or without one (410 Gone), and the reason. The build
writes the record into the graph …/graph/release, so the dumps carry the version and the changelog:

    <…/release/0.2.0> a dcat:Dataset ; dcat:version "0.2.0" ; skos:changeNote "…"@en ;
        dcat:previousVersion <…/release/0.1.0> .
    <retired IRI> owl:deprecated true ; akg:retiredIn <…/release/0.2.0> ; skos:changeNote "why"@en ;
        dcterms:isReplacedBy <successor> .

released-iris.txt, beside it, lists every IRI a published release served; tests/test_releases.py checks that each is
still described or recorded as retired, so that no IRI disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.yamlfile import line_of, read_yaml
from alliance_kg.ontology import AKG, BASE, GRAPH
from alliance_kg.ontology.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, Namespace
from pyoxigraph import Literal, NamedNode, Quad

RELEASE = Namespace(BASE + "release/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")


@dataclass(frozen=True)
class Retirement:
    iri: NamedNode
    release: str
    reason: str
    successor: NamedNode | None
    line: int | None


@dataclass(frozen=True)
class Release:
    version: str
    changes: str
    line: int | None


@dataclass
class Releases:
    """The releases, newest first, and the IRIs they retired."""

    releases: list[Release]
    retired: dict[str, Retirement]
    path: Path

    @property
    def current(self) -> str:
        return self.releases[0].version

    @classmethod
    def load(cls, path: Path) -> Releases:
        data = read_yaml(path)
        releases: list[Release] = []
        retired: dict[str, Retirement] = {}
        for entry in data.get("releases") or []:
            line = line_of(entry)
            if not entry.get("version") or not entry.get("changes"):
                raise LoadError(path, line, "a release needs `version` and `changes`")
            releases.append(Release(entry["version"], " ".join(str(entry["changes"]).split("\n")).strip(), line))
            for item in entry.get("retired") or []:
                where = line_of(item)
                if not item.get("iri") or not item.get("reason"):
                    raise LoadError(path, where, "a retired IRI needs `iri` and `reason` (and `replaced_by` if any)")
                iri = _absolute(item["iri"])
                if iri.value in retired:
                    raise LoadError(path, where, f"{item['iri']} is already retired on line {retired[iri.value].line}")
                successor = _absolute(item["replaced_by"]) if item.get("replaced_by") else None
                retired[iri.value] = Retirement(
                    iri, entry["version"], " ".join(item["reason"].split()), successor, where
                )
        if not releases:
            raise LoadError(path, line_of(data), "no release: list at least the current one under `releases:`")
        return cls(releases, retired, path)

    def quads(self) -> list[Quad]:
        g = GRAPH.release
        quads: list[Quad] = []
        for newer, older in zip(self.releases, [*self.releases[1:], None], strict=True):
            node = RELEASE[newer.version]
            quads += [
                Quad(node, RDF.type, DCAT.Dataset, g),
                Quad(node, RDFS.label, Literal(f"alliance-kg {newer.version}", language="en"), g),
                Quad(node, DCAT.version, Literal(newer.version), g),
                Quad(node, SKOS.changeNote, Literal(newer.changes, language="en"), g),
            ]
            if older is not None:
                quads.append(Quad(node, DCAT.previousVersion, RELEASE[older.version], g))
        for item in self.retired.values():
            quads += [
                Quad(item.iri, OWL.deprecated, Literal("true", datatype=XSD.boolean), g),
                Quad(item.iri, AKG.retiredIn, RELEASE[item.release], g),
                Quad(item.iri, SKOS.changeNote, Literal(item.reason, language="en"), g),
            ]
            if item.successor is not None:
                quads.append(Quad(item.iri, DCTERMS.isReplacedBy, item.successor, g))
        return quads

    def check(self, quads: Iterable[Quad]) -> list[LoadError]:
        """A retired IRI is described nowhere else, and a successor is described (or retired in its turn)."""
        described = {q.subject.value for q in quads if q.graph_name != GRAPH.release}
        described |= {q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)}
        errors = []
        for item in self.retired.values():
            if item.iri.value in described:
                errors.append(
                    LoadError(self.path, item.line, f"{item.iri.value} is retired but the graph still describes it")
                )
            if item.successor is not None and item.successor.value not in described | set(self.retired):
                errors.append(
                    LoadError(
                        self.path,
                        item.line,
                        f"{item.iri.value} is replaced by {item.successor.value}, which the graph does not describe",
                    )
                )
        return errors


def released_iris(path: Path) -> list[str]:
    """The IRIs published releases served (one per line, relative to the base; '#' starts a comment)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [BASE + line for line in lines if line]


def _absolute(iri: str) -> NamedNode:
    """An IRI written relative to the base (`claim/000-x`, even `id/https://…` as an old mistake minted it)."""
    return NamedNode(iri if re.match(r"[a-z][a-z0-9+.-]*:", iri) else BASE + iri)
