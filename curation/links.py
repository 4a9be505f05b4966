"""`alliance-kg link`: propose Wikidata identifiers for unlinked entities, for a person to review and accept.

Proposals go to a review file; `--accept FILE` copies the rows a person marked `yes` into the reviewed mapping and
entities.yaml; nothing is linked until then. How names are matched and candidates ranked: docs/linking.md.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from alliance_kg.loaders.entity import Entity, normalise_name
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.linking import ReviewedRow, read_reviewed_wikidata
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import WIKIDATA_REVIEWED, SourcesFolder
from alliance_kg.ontology import AKG, Vocabulary, ontology_quads
from alliance_kg.ontology.namespaces import RDFS
from pyoxigraph import NamedNode

from alliance_kg import settings

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_OUTPUT = Path("link-proposals.tsv")
USER_AGENT = (
    "alliance-kg/0.1 (https://w3id.org/alliance-kg; link proposals for reviewed entity linking) SPARQLWrapper/2.0.0"
)
ACCEPTED = {"yes", "y", "x", "accept", "accepted", "true", "1"}

# Expected Wikidata classes per linkable class of our ontology (subclasses included on both sides).
EXPECTED_CLASSES: dict[str, dict[str, str]] = {
    "State": {"Q6256": "country", "Q3624078": "sovereign state"},
    "Organisation": {"Q43229": "organization"},
    "Person": {"Q5": "human"},
    "Place": {"Q2221906": "geographic location", "Q56061": "administrative territorial entity"},
    "Agreement": {"Q131569": "treaty"},
    "Event": {"Q1656682": "event", "Q1190554": "occurrence"},
}
NAME_SCORES = {("label", "label"): 4, ("alias", "label"): 3, ("label", "alias"): 2, ("alias", "alias"): 1}
TYPE_SCORE = 4
COLUMNS = [
    "accept",
    "entity",
    "entity_label",
    "entity_type",
    "rank",
    "candidate",
    "candidate_label",
    "candidate_description",
    "score",
    "reasons",
]

Say = Callable[[str], None]


class EndpointError(RuntimeError):
    """The endpoint could not be reached or refused the query; the message says what to do."""


@dataclass
class Candidate:
    entity: Entity
    kind: str
    qid: str
    label: str = ""
    description: str = ""
    sitelinks: int = 0
    typed: bool = False
    instance_of: set[str] = field(default_factory=set)
    name_matches: set[tuple[str, str, str]] = field(default_factory=set)  # (our kind, their kind, name)

    @property
    def name_score(self) -> int:
        return max(NAME_SCORES[(ours, theirs)] for ours, theirs, _ in self.name_matches)

    @property
    def score(self) -> float:
        return round(self.name_score + (TYPE_SCORE if self.typed else 0) + math.log10(1 + self.sitelinks), 2)

    @property
    def reasons(self) -> str:
        ours, theirs, name = max(self.name_matches, key=lambda m: NAME_SCORES[(m[0], m[1])])
        parts = [f"our {ours} {name!r} = Wikidata {theirs}"]
        expected = ", ".join(f"{label} ({qid})" for qid, label in EXPECTED_CLASSES[self.kind].items())
        if self.typed:
            parts.append(f"instance of {expected}")
        else:
            seen = ", ".join(sorted(self.instance_of)) or "none"
            parts.append(f"type mismatch: not an instance of {expected} (P31: {seen})")
        parts.append(f"{self.sitelinks} sitelinks")
        return "; ".join(parts)


def linkable_kinds(vocabulary_quads: Iterable = ()) -> Callable[[NamedNode], str | None]:
    """A function from a class of the ontology to the linkable class it falls under (State, Person, …), or None."""
    parents: dict[NamedNode, set[NamedNode]] = {}
    for quad in vocabulary_quads or ontology_quads():
        if quad.predicate == RDFS.subClassOf and isinstance(quad.object, NamedNode):
            parents.setdefault(quad.subject, set()).add(quad.object)

    def kind(cls: NamedNode) -> str | None:
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo += parents.get(current, ())
        return next((name for name in EXPECTED_CLASSES if AKG[name] in seen), None)

    return kind


def name_variants(name: str) -> list[str]:
    """The spellings looked up for a name: Wikidata's label index is exact, so case variants are listed."""
    written = " ".join(name.split())
    hyphened = written.replace("\u2013", "-").replace("\u2014", "-")
    variants: list[str] = []
    for text in (written, hyphened):
        for variant in (text, text.lower(), text.upper(), text.title(), text[:1].upper() + text[1:]):
            if variant and variant not in variants:
                variants.append(variant)
    return variants


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@en'


def candidate_query(names: Iterable[str], kind: str) -> str:
    values = " ".join(_literal(variant) for name in names for variant in name_variants(name))
    classes = " ".join(f"wd:{qid}" for qid in EXPECTED_CLASSES[kind])
    return f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
SELECT ?item ?name ?kind ?itemLabel ?description ?sitelinks ?type ?typed WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name . BIND("label" AS ?kind) }} UNION {{ ?item skos:altLabel ?name . BIND("alias" AS ?kind) }}
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
  OPTIONAL {{ ?item rdfs:label ?itemLabel . FILTER(LANG(?itemLabel) = "en") }}
  OPTIONAL {{ ?item schema:description ?description . FILTER(LANG(?description) = "en") }}
  OPTIONAL {{ ?item wikibase:sitelinks ?sitelinks }}
  OPTIONAL {{ ?item wdt:P31 ?type }}
  BIND(EXISTS {{ ?item wdt:P31/wdt:P279* ?class . VALUES ?class {{ {classes} }} }} AS ?typed)
}}
LIMIT 1000"""


class WikidataClient:
    """SPARQLWrapper on a Wikidata-shaped endpoint, with the User-Agent Wikidata's policy asks for."""

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, user_agent: str | None = None, timeout: int = 60) -> None:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        self.endpoint = endpoint
        self.client = SPARQLWrapper(
            endpoint, agent=user_agent or settings.read_environment().get("USER_AGENT") or USER_AGENT
        )
        self.client.setReturnFormat(JSON)
        self.client.setMethod(POST)
        self.client.setTimeout(timeout)

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        from urllib.error import HTTPError, URLError

        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        self.client.setQuery(query)
        try:
            return self.client.query().convert()["results"]["bindings"]
        except HTTPError as error:
            hint = "wait a minute and run again (rate limit)" if error.code == 429 else "check --endpoint"
            raise EndpointError(f"{self.endpoint} answered HTTP {error.code} {error.reason}: {hint}") from error
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndpointError(
                f"cannot reach {self.endpoint} ({reason}). Check the network (Wikidata needs internet access), "
                "or pass --endpoint URL of a reachable Wikidata SPARQL endpoint or mirror"
            ) from error
        except SPARQLWrapperException as error:
            raise EndpointError(f"{self.endpoint} refused the query: {error}") from error
        except (ValueError, KeyError) as error:
            raise EndpointError(f"{self.endpoint} did not answer with SPARQL JSON results: {error}") from error


def candidates_for(entity: Entity, kind: str, client: WikidataClient) -> list[Candidate]:
    """The ranked candidates of one entity (best first)."""
    names = {normalise_name(entity.label): "label"}
    for alias in entity.aliases:
        names.setdefault(normalise_name(alias), "alias")
    found: dict[str, Candidate] = {}
    for row in client.select(candidate_query([entity.label, *entity.aliases], kind)):
        ours = names.get(normalise_name(row["name"]["value"]))
        if ours is None:
            continue
        qid = row["item"]["value"].rsplit("/", 1)[-1]
        candidate = found.setdefault(qid, Candidate(entity, kind, qid))
        candidate.name_matches.add((ours, row["kind"]["value"], row["name"]["value"]))
        candidate.label = row.get("itemLabel", {}).get("value", candidate.label)
        candidate.description = row.get("description", {}).get("value", candidate.description)
        if "sitelinks" in row:
            candidate.sitelinks = int(row["sitelinks"]["value"])
        if "type" in row:
            candidate.instance_of.add(row["type"]["value"].rsplit("/", 1)[-1])
        candidate.typed = candidate.typed or row.get("typed", {}).get("value") in ("true", "1")
    return sorted(found.values(), key=lambda c: (-c.score, int(c.qid[1:])))


@dataclass
class Proposals:
    rows: list[Candidate]
    without_candidates: list[Entity]
    reviewed_but_unrecorded: list[tuple[Entity, str]]


def propose(
    registry: Registry,
    client: WikidataClient,
    only: Iterable[str] = (),
    per_entity: int = 5,
    say: Say = lambda _: None,
) -> Proposals:
    """Query the endpoint for every linkable entity without a Wikidata identifier."""
    kind_of = linkable_kinds()
    unrecorded = [(m.entity, m.row.wikidata) for m in reviewed_matches(registry, registry.links.wikidata) if m.missing]
    skip = {entity.id for entity, _ in unrecorded}
    for entity, qid in unrecorded:
        say(f"reviewed already: {entity.id} matches {qid} in {WIKIDATA_REVIEWED}; add `wikidata: {qid}`")
    wanted = set(only)
    todo = [
        (entity, kind)
        for entity in registry.entities.values()
        if entity.iri is None and not entity.wikidata and entity.id not in skip
        if (not wanted or entity.id in wanted)
        for kind in [kind_of(entity.type)]
        if kind is not None
    ]
    say(f"looking up {len(todo)} unlinked entities on {client.endpoint}")
    rows: list[Candidate] = []
    empty: list[Entity] = []
    for number, (entity, kind) in enumerate(todo, start=1):
        candidates = candidates_for(entity, kind, client)[:per_entity]
        rows += candidates
        if not candidates:
            empty.append(entity)
            say(f"[{number}/{len(todo)}] {entity.id} ({kind}): no candidate")
        else:
            best = candidates[0]
            say(
                f"[{number}/{len(todo)}] {entity.id} ({kind}): {len(candidates)} candidates, "
                f"best {best.qid} {best.label!r} ({best.score})"
            )
    return Proposals(rows, empty, unrecorded)


@dataclass(frozen=True)
class ReviewedMatch:
    """A registry entity one of whose names is the label of a reviewed row."""

    entity: Entity
    row: ReviewedRow

    @property
    def missing(self) -> bool:
        return self.entity.wikidata is None

    @property
    def conflicting(self) -> bool:
        return self.entity.wikidata is not None and self.entity.wikidata != self.row.wikidata


def reviewed_matches(registry: Registry, reviewed: dict[str, ReviewedRow]) -> list[ReviewedMatch]:
    """Entities whose label or an alias equals a reviewed label (case, dashes and quotes aside)."""
    by_label = {normalise_name(row.label): row for row in reviewed.values()}
    matches = []
    for entity in registry.entities.values():
        if entity.iri is not None:
            continue
        for name in (entity.label, *entity.aliases):
            row = by_label.get(normalise_name(name))
            if row is not None:
                matches.append(ReviewedMatch(entity, row))
                break
    return matches


def record_wikidata(entities_file: Path, identifiers: dict[str, str]) -> list[str]:
    """Insert `wikidata: Q…` into the entries of `entities_file` (by id) that have none; returns the ids changed.

    A targeted text edit, so comments and layout of the hand-written file stay as they are.
    """
    lines = entities_file.read_text(encoding="utf-8").splitlines(keepends=True)
    changed: list[str] = []
    for entity_id, qid in identifiers.items():
        start = next(
            (i for i, line in enumerate(lines) if re.match(rf"^\s*- id: {re.escape(entity_id)}\s*$", line)), None
        )
        if start is None:
            continue
        indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
        end = start + 1
        while end < len(lines) and lines[end].startswith(indent) and not lines[end].lstrip().startswith("- id:"):
            end += 1
        block = lines[start:end]
        if any(line.strip().startswith("wikidata:") for line in block):
            continue
        lines.insert(end, f"{indent}wikidata: {qid}\n")
        changed.append(entity_id)
    entities_file.write_text("".join(lines), encoding="utf-8")
    return changed


REVIEW_HEADER = """\
# Link proposals from `alliance-kg link` ({endpoint}, {today}). Nothing here is linked yet.
# Review: open https://www.wikidata.org/wiki/<candidate> for each row, and write `yes` in the `accept` column of
# the one candidate that is the same thing as the entity (at most one per entity; leave the rest empty).
# Then run `alliance-kg link --accept {path}`: accepted rows go to wikidata-verified.tsv and the `wikidata:`
# line to entities.yaml, in the sources folder; `alliance-kg build` then links them.
"""


def write_review_file(proposals: Proposals, path: Path, endpoint: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(REVIEW_HEADER.format(endpoint=endpoint, today=date.today().isoformat(), path=path))
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        rank: dict[str, int] = {}
        for c in proposals.rows:
            rank[c.entity.id] = rank.get(c.entity.id, 0) + 1
            writer.writerow(
                [
                    "",
                    c.entity.id,
                    c.entity.label,
                    c.entity.type.value.rsplit("#", 1)[-1],
                    rank[c.entity.id],
                    c.qid,
                    _cell(c.label),
                    _cell(c.description),
                    f"{c.score:.2f}",
                    _cell(c.reasons),
                ]
            )


def _cell(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def read_review_file(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def accept(review_file: Path, sources: SourcesFolder, say: Say = lambda _: None) -> dict[str, str]:
    """Copy the accepted rows of a review file into the reviewed mapping and entities.yaml; returns id → Q-id."""
    reviewed_file, entities_file = sources.wikidata_reviewed, sources.entities
    rows = read_review_file(review_file)
    if not rows or "accept" not in rows[0]:
        raise LoadError(review_file, None, "not a review file of `alliance-kg link` (no `accept` column)")
    accepted: dict[str, dict[str, str]] = {}
    for row in rows:
        if (row.get("accept") or "").strip().lower() not in ACCEPTED:
            continue
        if row["entity"] in accepted:
            raise LoadError(review_file, None, f"two candidates accepted for {row['entity']}: keep one")
        accepted[row["entity"]] = row
    if not accepted:
        say(f"no row of {review_file} says `yes` in the accept column: nothing to do")
        return {}
    reviewed = read_reviewed_wikidata(reviewed_file)
    today = date.today().isoformat()
    with open(reviewed_file, "a", encoding="utf-8") as handle:
        for entity_id, row in accepted.items():
            if row["candidate"] in reviewed:
                continue
            note = f"accepted {today} from link proposals for {entity_id}: {row['candidate_description']}".strip()
            handle.write(f"{row['candidate_label'] or row['entity_label']}\t{row['candidate']}\t{_cell(note)}\n")
    identifiers = {entity_id: row["candidate"] for entity_id, row in accepted.items()}
    changed = record_wikidata(entities_file, identifiers)
    for entity_id, qid in identifiers.items():
        where = "recorded in" if entity_id in changed else "already set (or id not found) in"
        say(f"{entity_id} → {qid}: added to {reviewed_file.name}; `wikidata:` {where} {entities_file.name}")
    say("run `alliance-kg build` to put the links into the graph")
    return identifiers


def run_link_command(args, say: Say) -> int:
    """The `alliance-kg link` sub-command (see alliance_kg/cli.py for its options)."""
    sources = SourcesFolder(args.sources)
    try:
        if args.accept:
            accept(args.accept, sources, say)
            return 0
        registry = Registry.load(Vocabulary.load(), sources)
        client = WikidataClient(args.endpoint, timeout=args.timeout)
        proposals = propose(registry, client, only=args.only or (), per_entity=args.candidates, say=say)
    except LoadError as error:
        say(str(error))
        return 1
    except EndpointError as error:
        say(f"alliance-kg link: {error}; nothing was written")
        return 1
    write_review_file(proposals, args.output, client.endpoint)
    entities = len({c.entity.id for c in proposals.rows})
    say(
        f"wrote {len(proposals.rows)} candidates for {entities} entities to {args.output} "
        f"({len(proposals.without_candidates)} entities without candidates)"
    )
    if proposals.rows:
        say(f"review it (instructions at its top), then run `alliance-kg link --accept {args.output}`")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `alliance-kg link`")
