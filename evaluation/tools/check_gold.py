"""Checks an evaluation set's gold files against the texts, the ontology and the seed registry (not part of the package).

Run from the repository, with its virtual environment:
    .venv/bin/python evaluation/tools/check_gold.py [FOLDER]   # FOLDER: evaluation/heldout (default) or a dev set
tests/test_evaluation_gold.py runs the same checks in the test suite, on every set.

Checks, per gold file: claim keys; quotes and also_quotes verbatim and unique (or `occurrence`);
relations and qualifiers are ontology properties; subjects/objects resolve in the seed registry plus the
file's own `entities:` (which must not collide with it); rdfs:domain/range of the relation where the
entity types allow a check; dates resolve (loaders/dates.py) at a calendar unit; modality names; `unclaimed`
fragments unique and `why` allowed; every sentence of the text (as loaders/sentences.py splits it, the unit the
build accounts for) claimed or listed. Prints counts.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from alliance_kg.loaders.claims import CLAIM_KEYS as CLAIM_KEYS_OF_ANNOTATIONS
from alliance_kg.loaders.claims import MODALITIES, enclosing_unit
from alliance_kg.loaders.dates import DateValue, resolve_date
from alliance_kg.loaders.entity import Entity, normalise_name
from alliance_kg.loaders.quotes import find_quote
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sentences import split_sentences
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import ONTOLOGY_FILES, Vocabulary
from alliance_kg.ontology.namespaces import RDFS
from pyoxigraph import NamedNode, RdfFormat, parse

HELDOUT = Path(__file__).resolve().parent.parent / "heldout"
CLAIM_KEYS = CLAIM_KEYS_OF_ANNOTATIONS - {"accepted_by", "accepted_at"}  # gold is written by hand, not accepted
WHY = {"opinion", "analysis", "quoted-view", "boilerplate", "caption", "repetition", "metadata", "not-reviewed"}
PROV_AGENT = NamedNode("http://www.w3.org/ns/prov#Agent")


def class_graph() -> tuple[dict, dict, dict]:
    """rdfs:subClassOf, rdfs:domain and rdfs:range of the ontology."""
    sub, dom, rng = defaultdict(set), {}, {}
    for path in ONTOLOGY_FILES:
        for q in parse(path=str(path), format=RdfFormat.TURTLE):
            if q.predicate == RDFS.subClassOf and isinstance(q.object, NamedNode):
                sub[q.subject].add(q.object)
            elif q.predicate == RDFS.domain:
                dom[q.subject] = q.object
            elif q.predicate == RDFS.range:
                rng[q.subject] = q.object
    return sub, dom, rng


def supers(cls, sub) -> set:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in sub.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def check(folder: Path = HELDOUT, sources: SourcesFolder | None = None) -> tuple[list[str], list[tuple], Counter, dict]:
    """(problems, per-file counts, claims per relation, the distinct new entities) of the gold files in `folder`,
    against the registry of `sources` (default: the package's sources folder)."""
    vocabulary = Vocabulary.load()
    base = Registry.load(vocabulary, sources or SourcesFolder.default())
    sub, dom, rng = class_graph()
    metadata = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in metadata["documents"]}
    problems: list[str] = []
    shared_entities: dict[str, dict] = {}
    totals = Counter()
    report = []
    for gold_path in sorted((folder / "gold").glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        doc = docs[gold["document"]]
        text_path = folder / doc["file"]
        text = text_path.read_text(encoding="utf-8")
        reference = DateValue.parse_iso(doc["date"])

        def fail(message: str, gold_path: Path = gold_path) -> None:
            problems.append(f"{gold_path.name}: {message}")

        # Entities: the seed registry plus this file's own.
        new = []
        for item in gold.get("entities") or []:
            for key in ("id", "type", "label", "definition"):
                if not item.get(key):
                    fail(f"entity {item.get('id')} lacks {key}")
            cls = vocabulary.term(item["type"])
            if cls is None or cls not in vocabulary.classes:
                fail(f"entity {item['id']}: type {item['type']} not a class")
                continue
            if item["id"] in base.entities:
                fail(f"entity {item['id']} is already in the seed registry")
            earlier = shared_entities.setdefault(item["id"], item)
            if earlier != item:
                fail(f"entity {item['id']} differs from its entry in another gold file")
            new.append(Entity(item["id"], cls, item["label"], tuple(item.get("aliases") or ()), item["definition"]))
        try:
            registry = Registry(list(base.entities.values()) + new, gold_path, links=base.links)
        except Exception as error:  # noqa: BLE001
            fail(f"registry: {error}")
            continue

        def resolve(name: str, where: str, registry: Registry = registry):
            if normalise_name(str(name)) == "this document":
                return "doc"
            entity = registry.resolve(str(name))
            if entity is None:
                fail(f"{where}: unknown entity {name!r}; near: {registry.suggestions(str(name))}")
            return entity

        def check_type(entity, expected, where: str) -> None:
            if entity in (None, "doc") or expected is None:
                return
            if expected not in supers(entity.type, sub):
                fail(
                    f"{where}: {entity.id} ({entity.type.value.rsplit('#', 1)[-1]}) is not a "
                    f"{expected.value.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"
                )

        def check_date(value, anchor, where: str, reference: DateValue = reference) -> None:
            try:
                enclosing_unit(resolve_date(str(value), reference, anchor))
            except Exception as error:  # noqa: BLE001
                fail(f"{where}: date {value!r}: {error}")

        used_entities = set()
        covered: list[tuple[int, int]] = []
        per_relation = Counter()
        per_modality = Counter()
        ids = set()
        for claim in gold.get("claims") or []:
            cid = claim.get("id")
            where = f"claim {cid}"
            if cid in ids:
                fail(f"{where}: duplicate id")
            ids.add(cid)
            if set(claim) - CLAIM_KEYS:
                fail(f"{where}: unknown keys {set(claim) - CLAIM_KEYS}")
            for key in ("quote", "subject", "relation", "object"):
                if not claim.get(key):
                    fail(f"{where}: lacks {key}")
            try:
                s, e = find_quote(text, claim["quote"], claim.get("occurrence"))
                covered.append((s, e))
            except Exception as error:  # noqa: BLE001
                fail(f"{where}: {error}")
            for extra in claim.get("also_quotes") or []:
                q, occ = (extra.get("quote"), extra.get("occurrence")) if isinstance(extra, dict) else (extra, None)
                try:
                    covered.append(find_quote(text, q, occ))
                except Exception as error:  # noqa: BLE001
                    fail(f"{where}: also_quote: {error}")
            relation = vocabulary.term(claim["relation"])
            if relation is None or relation in vocabulary.classes:
                fail(f"{where}: relation {claim['relation']} unknown")
                continue
            modality = claim.get("modality", "asserted")
            if modality not in MODALITIES:
                fail(f"{where}: modality {modality}")
            anchor = None
            if claim.get("anchor"):
                try:
                    anchor = resolve_date(str(claim["anchor"]), reference)
                except Exception as error:  # noqa: BLE001
                    fail(f"{where}: anchor: {error}")
            subject = resolve(claim["subject"], where)
            if subject not in (None, "doc"):
                used_entities.add(subject.id)
            check_type(subject, dom.get(relation), f"{where} subject")
            if relation in vocabulary.object_properties:
                obj = resolve(claim["object"], where)
                if obj not in (None, "doc"):
                    used_entities.add(obj.id)
                check_type(obj, rng.get(relation), f"{where} object")
            elif vocabulary.is_date_valued(relation):
                check_date(claim["object"], anchor, where)
            qualifiers = claim.get("qualifiers") or {}
            if qualifiers and relation not in vocabulary.qualified_forms:
                fail(f"{where}: {claim['relation']} takes no qualifiers")
            for key, value in qualifiers.items():
                prop = vocabulary.term(key)
                if prop is None or prop in vocabulary.classes:
                    fail(f"{where}: qualifier {key} unknown")
                    continue
                if prop in vocabulary.object_properties:
                    q = resolve(value, where)
                    if q not in (None, "doc"):
                        used_entities.add(q.id)
                elif vocabulary.is_date_valued(prop):
                    check_date(value, anchor, f"{where} {key}")
            if modality == "former" and claim["relation"] != "holdsOffice":
                pass
            per_relation[claim["relation"]] += 1
            per_modality[modality] += 1
        for item in gold.get("entities") or []:
            if item["id"] not in used_entities:
                fail(f"entity {item['id']} is listed but no claim uses it")
        for entry in gold.get("unclaimed") or []:
            if entry.get("why") not in WHY:
                fail(f"unclaimed {entry.get('sentence')!r}: why {entry.get('why')!r}")
            try:
                covered.append(find_quote(text, entry["sentence"], entry.get("occurrence")))
            except Exception as error:  # noqa: BLE001
                fail(f"unclaimed: {error}")
        spans = [(s.start, s.end) for s in split_sentences(text)]
        for a, b in spans:
            if not any(s < b and e > a for s, e in covered):
                fail(f"sentence not accounted for: {text[a:b]!r}")
        words = len(text.split())
        report.append(
            (
                gold_path.name,
                words,
                len(spans),
                sum(per_relation.values()),
                len(gold.get("entities") or []),
                len(gold.get("unclaimed") or []),
                per_relation,
                per_modality,
            )
        )
        totals.update(per_relation)
    return problems, report, totals, shared_entities


def main(argv: list[str]) -> int:
    problems, report, totals, shared_entities = check(Path(argv[0]) if argv else HELDOUT)
    for name, words, nsent, nclaims, nent, nuncl, rels, mods in report:
        print(f"{name}: {words} words, {nsent} sentences, {nclaims} claims, {nent} new entities, {nuncl} unclaimed")
        print("   relations:", dict(sorted(rels.items())))
        print("   modality:", dict(sorted(mods.items())))
    print("all relations:", dict(sorted(totals.items())), "total", sum(totals.values()))
    print("distinct new entities over the set:", len(shared_entities))
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
