"""`alliance-kg propose --accept FILE` (and the review page's Save): what a person accepted goes into the sources folder.

From a reviewed draft (curation/propose/draft.py): each claim marked `review: accept` becomes a claim of the
document's annotation file, exactly as written there (edits included), without its `proposal:` and with
`accepted_by` / `accepted_at` (prov:wasAttributedTo the curator, prov:generatedAtTime); each entity marked
`accept` is added to the registry, one marked `link` (with `link: <existing id>`) is replaced by that entity in the
accepted claims. Sentences left without a claim keep their `unclaimed:` entry. Before anything is written the
accepted claims are compiled with the build's own compiler against the registry as it will be: any error (an
unknown entity, a quote the text does not contain, a relation the ontology lacks) is reported with the claim's id
and nothing is written. Then the annotation file, the registry and the draft (whose accepted and rejected items
are marked so) are written together (curation/writes.py), keeping every comment and the order of what was there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alliance_kg.curation import roundtrip
from alliance_kg.curation.propose import find_source
from alliance_kg.curation.writes import Changes, WriteConflict, locked
from alliance_kg.loaders.claims import ClaimCompiler
from alliance_kg.loaders.entity import Entity
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import Vocabulary

Say = Callable[[str], None]
ACCEPT = {"accept", "yes", "edit", "edited"}
REJECT = {"reject", "no"}
PENDING = {"pending", "", "none"}
LINK = {"link"}
DONE = {"accepted", "rejected", "linked"}  # marked by an earlier acceptance: not taken again
ENTITY_KEYS = ("id", "type", "label", "aliases", "definition")


class AcceptError(Exception):
    """The reviewed draft cannot be accepted as it is; every problem is listed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Accepted:
    document: str
    claims: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    linked: dict[str, str] = field(default_factory=dict)
    rejected_claims: int = 0
    pending_claims: int = 0
    unmarked: list[str] = field(default_factory=list)  # claims written into the draft without a `proposal:` review
    files: list[Path] = field(default_factory=list)


def _decision(item: Any) -> str:
    proposal = item.get("proposal") or {}
    return str(proposal.get("review", "pending") or "pending").strip().lower()


def accept_draft(
    path: Path, sources: SourcesFolder, curator: str, now: datetime | None = None, say: Say = lambda _: None
) -> Accepted:
    if not curator or not curator.strip():
        raise AcceptError(["say who accepts: --curator 'Your Name' (or set ALLIANCE_KG_CURATOR)"])
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    stamp = moment.isoformat().replace("+00:00", "Z")
    with locked(sources):
        try:
            draft = roundtrip.load(path)
        except FileNotFoundError as error:
            raise AcceptError([f"{path}: no such file"]) from error
        except LoadError as error:
            raise AcceptError([str(error)]) from error
        if not isinstance(draft, dict) or "document" not in draft or "claims" not in draft:
            raise AcceptError([f"{path} is not a draft of `alliance-kg propose` (no document and claims)"])
        document = str(draft["document"])
        source = find_source(sources, document)
        proposed_for = (draft.get("proposed") or {}).get("text_sha256")
        if proposed_for and proposed_for != source.sha256:
            raise AcceptError(
                [f"{path} was proposed for another version of {source.path.name} (SHA-256 differs): propose again"]
            )
        vocabulary = Vocabulary.load()
        registry = Registry.load(vocabulary, sources)
        problems: list[str] = []
        result = Accepted(document)

        # entities: accept, link or reject
        mapping: dict[str, str | None] = {}
        new_entities: list[dict] = []
        pending_entities: set[str] = set()
        for entity in draft.get("entities") or []:
            decision, identifier = _decision(entity), str(entity.get("id"))
            if decision in ACCEPT:
                if identifier in registry.entities:
                    problems.append(
                        f"entity {identifier}: the registry has this id already; link to it or change the id"
                    )
                    continue
                kind = vocabulary.term(str(entity.get("type", "")))
                if kind is None or kind not in vocabulary.classes:
                    problems.append(f"entity {identifier}: type {entity.get('type')!r} is not a class of the ontology")
                    continue
                mapping[identifier] = identifier
                new_entities.append(entity)
            elif decision in LINK:
                target = str((entity.get("proposal") or {}).get("link") or entity.get("link") or "")
                if target not in registry.entities:
                    problems.append(
                        f"entity {identifier}: link to {target or '(no id given)'!r}, which the registry lacks"
                    )
                    continue
                mapping[identifier] = target
                result.linked[identifier] = target
            elif decision in REJECT:
                mapping[identifier] = None
            elif decision in PENDING:
                pending_entities.add(identifier)
            elif decision == "linked":
                mapping[identifier] = str((entity.get("proposal") or {}).get("link") or entity.get("link"))
            elif decision == "rejected":
                mapping[identifier] = None
            elif decision != "accepted":
                problems.append(f"entity {identifier}: review {decision!r} is not accept, link, reject or pending")

        # claims
        annotation_path = sources.annotations / f"{document}.yaml"
        annotation = roundtrip.load(annotation_path) if annotation_path.exists() else None
        taken = {str(c.get("id")) for c in (annotation or {}).get("claims") or []}
        accepted_items: list[dict] = []
        for claim in draft.get("claims") or []:
            decision, identifier = _decision(claim), str(claim.get("id"))
            if decision in REJECT:
                result.rejected_claims += 1
                continue
            if decision in PENDING:
                result.pending_claims += 1
                if claim.get("proposal") is None:
                    result.unmarked.append(identifier)
                continue
            if decision in DONE:
                continue
            if decision not in ACCEPT:
                problems.append(f"claim {identifier}: review {decision!r} is not accept, reject or pending")
                continue
            item = roundtrip.mapping({k: v for k, v in claim.items() if k != "proposal"})
            for key in ("subject", "object"):
                problem = _replace(item, key, mapping, pending_entities)
                if problem:
                    problems.append(f"claim {identifier}: {problem}")
            for key in list((item.get("qualifiers") or {}).keys()):
                problem = _replace(item["qualifiers"], key, mapping, pending_entities)
                if problem:
                    problems.append(f"claim {identifier}: qualifier {key}: {problem}")
            base, number = identifier, 2
            while item["id"] in taken:
                item["id"], number = f"{base}-{number}", number + 1
            taken.add(item["id"])
            item["accepted_by"] = " ".join(curator.split())
            item["accepted_at"] = stamp
            accepted_items.append(item)
        if problems:
            raise AcceptError(problems)
        if not accepted_items and not new_entities and not result.linked:
            raise AcceptError([f"{path}: nothing is marked accept or link; set `review: accept` on what you accept"])

        # the compiler's check, against the registry as it will be
        entities = [
            Entity(
                str(e["id"]),
                vocabulary.term(str(e["type"])),
                str(e["label"]),
                tuple(str(a) for a in e.get("aliases") or ()),
            )
            for e in new_entities
        ]
        try:
            future = Registry([*registry.entities.values(), *entities], sources.entities, registry.links)
        except LoadError as error:
            raise AcceptError([f"the accepted entities clash with the registry: {error.message}"]) from error
        compiler = ClaimCompiler(vocabulary, future)
        _, errors = compiler.compile_items(
            [roundtrip.roundtrip_to_plain(i) for i in accepted_items], source, annotation_path
        )
        if errors:
            raise AcceptError([f"{e.message}" for e in errors])

        changes = Changes()
        if annotation is None:
            annotation = roundtrip.loads(
                f"# Claims taken from {source.path.name}, accepted from proposals (alliance-kg propose/review).\n"
                f'document: "{document}"\nclaims: []\n'
            )
        if annotation.get("claims") is None:
            annotation["claims"] = roundtrip.plain_to_roundtrip([])
        annotation["claims"].extend(accepted_items)
        _carry_unclaimed(annotation, draft, accepted_items)
        changes.write(annotation_path, roundtrip.dumps(annotation))
        if new_entities:
            registry_file = roundtrip.load(sources.entities)
            for entity in new_entities:
                entry = roundtrip.mapping({k: entity.get(k) for k in ENTITY_KEYS if entity.get(k)})
                registry_file["entities"].append(entry)
            registry_file["entities"].yaml_set_comment_before_after_key(
                len(registry_file["entities"]) - len(new_entities),
                before=f"---- Added for document {document}: accepted from proposals by {curator.strip()}, {stamp[:10]} ----",
                indent=2,
            )
            changes.write(sources.entities, roundtrip.dumps(registry_file))
        _mark_draft(draft, stamp, curator)
        changes.write(path, roundtrip.dumps(draft))
        changes.commit()
        result.claims = [str(i["id"]) for i in accepted_items]
        result.entities = [str(e["id"]) for e in new_entities]
        result.files = changes.paths
    say(
        f"accepted {len(result.claims)} claims into {annotation_path.name}, {len(result.entities)} new entities into "
        f"{sources.entities.name}, {len(result.linked)} linked to existing ones; {result.rejected_claims} rejected, "
        f"{result.pending_claims} still pending in {path.name}"
    )
    if result.unmarked:
        say(
            f"claims written into the draft without a review stay pending ({', '.join(result.unmarked)}): to accept "
            "a claim of your own, give it `proposal: {review: accept}`"
        )
    say("next: `alliance-kg build` checks them with the rest of the graph")
    return result


def _replace(item: Any, key: str, mapping: dict[str, str | None], pending: set[str]) -> str | None:
    value = str(item.get(key))
    if value in pending:
        return f"uses the proposed entity {value!r}, which is still pending: accept it, link it, or reject the claim"
    if value in mapping:
        if mapping[value] is None:
            return f"uses the proposed entity {value!r}, which is rejected: link it to an existing entity or reject the claim"
        item[key] = mapping[value]
    return None


def _carry_unclaimed(annotation: Any, draft: Any, accepted: list[dict]) -> None:
    """The draft's unclaimed sentences go to the annotation file, but those an accepted claim now rests on."""
    quotes = [str(i.get("quote", "")) for i in accepted]
    listed = {str(u.get("sentence")) for u in annotation.get("unclaimed") or []}
    entries = [
        u
        for u in draft.get("unclaimed") or []
        if str(u.get("sentence")) not in listed
        and not any(str(u.get("sentence")) in q or q in str(u.get("sentence")) for q in quotes)
    ]
    if not entries:
        return
    if annotation.get("unclaimed") is None:
        annotation["unclaimed"] = roundtrip.plain_to_roundtrip([])
    annotation["unclaimed"].extend(roundtrip.mapping(dict(u)) for u in entries)


def _mark_draft(draft: Any, stamp: str, curator: str) -> None:
    for item in [*(draft.get("claims") or []), *(draft.get("entities") or [])]:
        proposal = item.get("proposal")
        if proposal is None:
            continue
        decision = _decision(item)
        if decision in ACCEPT:
            proposal["review"] = "accepted"
        elif decision in REJECT:
            proposal["review"] = "rejected"
        elif decision in LINK:
            proposal["review"] = "linked"
        else:
            continue
        proposal["reviewed_by"] = curator.strip()
        proposal["reviewed_at"] = stamp


def run_accept(path: Path, sources: SourcesFolder, curator: str | None, say: Say) -> int:
    try:
        accept_draft(path, sources, curator or "", say=say)
    except AcceptError as error:
        say(f"alliance-kg propose --accept: nothing was written; {len(error.problems)} problem(s) to fix in {path}:")
        for problem in error.problems:
            say(f"  {problem}")
        return 1
    except WriteConflict as error:
        say(f"alliance-kg propose --accept: {error}")
        return 1
    return 0
