"""Finding things by name: the graph's entities by label and alias (for /search and the reconciliation service),
and the vocabulary and entities a SPARQL writer completes in the editor — all read from the store once per build.

Names are compared folded (case, accents, punctuation and dashes set aside). A candidate's score (0–100) is its
best name's: 100 for the preferred label itself, 95 for an alias or other label, then every query word among the
name's words (60–90, more for a name the query covers more of), every query word the start of a name word
(40–70), the query inside the name (20–40), or a near spelling (up to 40). See docs/search.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from alliance_kg.ontology.context import jsonld_context
from pyoxigraph import Literal, NamedNode, Store

QUERIES = "page_queries"
PREFERRED = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
TITLE = "http://purl.org/dc/terms/title"
MATCH_SCORE = 95  # a candidate this good, and ahead of the next by MATCH_MARGIN, is a match (reconciliation)
MATCH_MARGIN = 10
SPARQL_LOCAL_ESCAPES = set("~.!$&'()*+,;=/?#@%")


@cache
def page_query(name: str) -> str:
    """The SPARQL of server/page_queries/<name>.rq."""
    return resources.files(__package__).joinpath(QUERIES, f"{name}.rq").read_text(encoding="utf-8")


def fold(text: str) -> str:
    """Lower case, without accents, punctuation or dashes, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’`]s\b", "", plain)  # "Kishida's visit" is about Kishida
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


@dataclass(frozen=True)
class TypeRef:
    iri: str
    label: str


@dataclass
class Entity:
    iri: str
    name: str  # the preferred label
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, "label" | "alias"), the preferred first
    types: list[TypeRef] = field(default_factory=list)  # the asserted types, most specific first (akg: ones)
    all_types: set[str] = field(default_factory=set)  # with the inferred superclasses
    description: str | None = None


@dataclass(frozen=True)
class Match:
    entity: Entity
    score: float
    matched: str  # the name that matched
    exact: bool

    @property
    def is_match(self) -> bool:
        return self.exact and self.score >= MATCH_SCORE


@dataclass(frozen=True)
class VocabularyTerm:
    iri: str
    kind: str  # "class" | "property"
    label: str | None


@dataclass(frozen=True)
class Completion:
    text: str  # what to write in SPARQL: a prefixed name (or <IRI>), or a PREFIX declaration's `name: <IRI>`
    iri: str
    kind: str  # "class" | "property" | "entity" | "prefix"
    label: str | None = None


def name_score(query: str, name: str, preferred: bool) -> tuple[float, bool]:
    """How well the folded `query` matches the folded `name`, 0–100, and whether it is the name itself."""
    if not query or not name:
        return 0.0, False
    if query == name:
        return (100.0 if preferred else 95.0), True
    words, name_words = query.split(), name.split()
    coverage = len(query) / len(name)
    if all(word in name_words for word in words):
        return 60 + 30 * coverage, False
    if all(any(n.startswith(word) for n in name_words) for word in words):
        return 40 + 30 * coverage, False
    if query in name:
        return 20 + 20 * coverage, False
    ratio = difflib.SequenceMatcher(None, query, name).ratio()
    return (40 * ratio, False) if ratio >= 0.8 else (0.0, False)


class Lookup:
    """The names, types and descriptions of the graph's entities, and its vocabulary, held in memory."""

    def __init__(self, entities: list[Entity], terms: list[VocabularyTerm], prefixes: dict[str, str]) -> None:
        self.entities = entities
        self.by_iri = {entity.iri: entity for entity in entities}
        self.terms = terms
        self.prefixes = prefixes
        self._folded = [
            [(fold(n), kind == "label" and i == 0) for i, (n, kind) in enumerate(e.names)] for e in entities
        ]

    # --- entities by name

    def search(self, query: str, types: Iterable[str] = (), type_strict: str = "any", limit: int = 10) -> list[Match]:
        """Entities whose names match `query`, best first; with `types` (class IRIs), those of any of them
        ("any"), of all of them ("all"), or all entities with those of the types first ("should")."""
        wanted = set(types)
        folded = fold(query)
        found = []
        for entity, names in zip(self.entities, self._folded, strict=True):
            if wanted and type_strict == "all" and not wanted <= entity.all_types:
                continue
            typed = not wanted or bool(wanted & entity.all_types)
            if not typed and type_strict != "should":
                continue
            best = max(
                (
                    (name_score(folded, name, preferred), original)
                    for (name, preferred), (original, _) in zip(names, entity.names, strict=True)
                ),
                key=lambda item: item[0][0],
                default=((0.0, False), ""),
            )
            (score, exact), matched = best
            if score <= 0:
                continue
            found.append(Match(entity, round(score if typed else score / 2, 1), matched, exact))
        found.sort(key=lambda m: (-m.score, len(m.entity.name), m.entity.name, m.entity.iri))
        return found[:limit]

    def is_unique_match(self, matches: list[Match]) -> bool:
        """Whether the first candidate is a certain match: its name itself, and clearly ahead of the next."""
        if not matches or not matches[0].is_match:
            return False
        return len(matches) == 1 or matches[0].score - matches[1].score >= MATCH_MARGIN

    # --- completion in the editor

    def complete(self, text: str, kind: str, limit: int = 50) -> list[Completion]:
        """What may complete `text` — a prefixed name begun (`akg:cov`), an IRI begun, or a word — as a class, a
        property, an entity (by its IRI or by its label) or a prefix."""
        if kind == "prefix":
            name = text.split(":", 1)[0].strip().lower()
            return [
                Completion(f"{p}: <{iri}>", iri, "prefix")
                for p, iri in sorted(self.prefixes.items())
                if p.lower().startswith(name)
            ][:limit]
        iri_start, word = self._expand(text.strip().lstrip("<"))
        found: list[tuple[tuple, Completion]] = []
        if kind in ("class", "property"):
            for term in self.terms:
                if term.kind != kind:
                    continue
                rank = _rank(term.iri, term.label, iri_start, word)
                if rank is not None:
                    found.append((rank, Completion(self.prefixed(term.iri), term.iri, kind, term.label)))
        elif kind == "entity":
            ranked = {e.iri: (0, len(e.iri), e.iri) for e in self.entities if iri_start and e.iri.startswith(iri_start)}
            for match in self.search(word, limit=limit) if word else []:
                ranked.setdefault(match.entity.iri, (1, -match.score, match.entity.iri))
            for iri, rank in ranked.items():
                entity = self.by_iri[iri]
                found.append((rank, Completion(self.prefixed(iri), iri, kind, entity.name)))
        else:
            raise ValueError(f"kind must be class, property, entity or prefix, not {kind!r}")
        found.sort(key=lambda item: item[0])
        return [completion for _, completion in found[:limit]]

    def _expand(self, text: str) -> tuple[str | None, str]:
        """The IRI a begun prefixed name or IRI stands for (None for a bare word), and its local part."""
        if "://" in text:
            return text.rstrip(">"), ""
        prefix, colon, local = text.partition(":")
        if colon and prefix in self.prefixes:
            local = re.sub(r"\\(.)", r"\1", local)  # SPARQL's local escapes (id:event\/…)
            return self.prefixes[prefix] + local, local
        return None, text

    def prefixed(self, iri: str) -> str:
        """The IRI as SPARQL writes it: by the longest prefix that fits, local part escaped; else `<IRI>`."""
        best = max(
            ((p, ns) for p, ns in self.prefixes.items() if iri.startswith(ns)), key=lambda i: len(i[1]), default=None
        )
        if best is None:
            return f"<{iri}>"
        prefix, namespace = best
        local = iri[len(namespace) :]
        escaped = "".join(
            "\\" + c if c in SPARQL_LOCAL_ESCAPES or (c == "-" and i == 0) else c for i, c in enumerate(local)
        )
        return f"{prefix}:{escaped}"


def _rank(
    iri: str, label: str | None, iri_start: str | None, word: str, other_names: list[str] | None = None
) -> tuple | None:
    """How well a candidate completes the text (lower is better), or None if it does not: its IRI continuing the
    IRI begun (exactly, then ignoring case), its local name beginning with the word, a word of its names beginning
    with it."""
    if iri_start is not None and iri.startswith(iri_start):
        return (0, len(iri), iri)
    if iri_start is not None and iri.lower().startswith(iri_start.lower()):
        return (1, len(iri), iri)
    folded = fold(word)
    if not folded:
        return None
    if fold(re.split(r"[#/]", iri)[-1]).startswith(folded):
        return (2, len(iri), iri)
    names = [label or "", *(other_names or [])]
    if any(w.startswith(folded) for name in names for w in fold(name).split()):
        return (3, len(label or iri), iri)
    return None


def load_lookup(store: Store) -> Lookup:
    """The lookup of the store's entities and vocabulary."""
    entities: dict[str, Entity] = {}
    for row in store.query(page_query("lookup_names")):
        iri, prop, name = row["entity"].value, row["property"].value, row["name"]
        if not isinstance(name, Literal):
            continue
        entity = entities.setdefault(iri, Entity(iri, ""))
        kind = "label" if prop in PREFERRED or prop == TITLE else "alias"
        if (name.value, kind) not in entity.names and (name.value, "label") not in entity.names:
            entity.names.append((name.value, kind))
    for entity in entities.values():
        entity.names.sort(key=lambda item: (item[1] != "label", item[0]))
        preferred = [n for n, k in entity.names if k == "label"]
        entity.name = preferred[0] if preferred else entity.names[0][0]
        entity.names.remove((entity.name, "label") if preferred else entity.names[0])
        entity.names.insert(0, (entity.name, "label"))
    for row in store.query(page_query("lookup_types")):
        entity = entities.get(row["entity"].value)
        if entity is None:
            continue
        type_iri = row["type"].value
        entity.all_types.add(type_iri)
        if row["asserted"].value == "true":
            label = row["typeLabel"].value if row["typeLabel"] is not None else type_iri.rsplit("#", 1)[-1]
            entity.types.append(TypeRef(type_iri, label))
    for entity in entities.values():
        entity.types.sort(key=lambda t: (not t.iri.startswith("https://w3id.org/alliance-kg/"), t.label))
    for row in store.query(page_query("lookup_descriptions")):
        entity = entities.get(row["entity"].value)
        if entity is not None:
            entity.description = row["description"].value
    terms = [
        VocabularyTerm(row["term"].value, row["kind"].value, row["label"].value if row["label"] is not None else None)
        for row in store.query(page_query("vocabulary_terms"))
        if isinstance(row["term"], NamedNode)
    ]
    prefixes = {
        name: iri
        for name, iri in jsonld_context()["@context"].items()
        if isinstance(iri, str) and iri.endswith(("/", "#"))
    }
    ordered = sorted(entities.values(), key=lambda e: e.iri)
    return Lookup(ordered, sorted(terms, key=lambda t: (t.kind, t.iri)), prefixes)
