"""The name tagger's data: the dev sets' texts and gold `entities:` of named types, and the registry's entities.

Read through the project's loaders (load_sources, read_yaml, Registry). The held-out set never trains or tunes
anything here: `check_sets` refuses it (and dev8, dev13, kept out of these experiments).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alliance_kg.curation.evaluate import GOLD
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.loaders.yamlfile import read_yaml
from alliance_kg.ontology import Vocabulary

SETS = ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev9", "dev10", "dev11", "dev12"]
REFUSED = {
    "heldout": "the held-out set never trains or tunes anything",
    "dev8": "kept out of these experiments",
    "dev13": "kept out of these experiments (the out-of-sample check of round 15)",
}

LABEL = {
    "Person": "PERSON",
    "Organisation": "ORG",
    "Place": "PLACE",
    "Region": "PLACE",
    "State": "PLACE",
    "Facility": "FACILITY",
    "MilitaryUnit": "UNIT",
    "Capability": "CAPABILITY",
    "StateDocument": "DOCUMENT",
    "StrategyDocument": "DOCUMENT",
    "Agreement": "DOCUMENT",
    "Treaty": "DOCUMENT",
    "Guidelines": "DOCUMENT",
    "FrameworkAgreement": "DOCUMENT",
    "MemorandumOfUnderstanding": "DOCUMENT",
    "Arrangement": "DOCUMENT",
    "Office": "OFFICE",
}
# the types evaluated (State is trained as PLACE and reported on its own line)
EVAL_TYPES = [
    "Person",
    "Place",
    "Region",
    "State",
    "Organisation",
    "Facility",
    "Capability",
    "MilitaryUnit",
    "Office",
    "StateDocument",
    "StrategyDocument",
    "Agreement",
    "Treaty",
]

# (set, document id, text, gold entities as dicts with id, type, label, aliases)
Doc = tuple[str, str, str, list[dict[str, Any]]]


def check_sets(sets: list[str]) -> list[str]:
    """The sets, or SystemExit naming a set these experiments must not read."""
    for name in sets:
        if Path(name).name in REFUSED:
            raise SystemExit(f"refusing {name!r}: {REFUSED[Path(name).name]}")
    return sets


def norm(name: str) -> str:
    """Case/space-insensitive comparison key; a leading 'the' and U.S./US spelling do not count."""
    s = re.sub(r"\s+", " ", name.strip().lower())
    s = s.replace("’", "'")
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"\bu\.s\.(?=\W|$)", "us", s)
    return s


def names(entity: dict[str, Any]) -> list[str]:
    return [entity["label"], *(entity.get("aliases") or [])]


def load_docs(evaluation: Path, sets: list[str]) -> list[Doc]:
    """Every text of the gold folders `evaluation/<set>`, with its gold file's `entities:`."""
    docs = []
    for name in check_sets(sets):
        folder = evaluation / name
        texts = {s.id: s.text for s in load_sources(SourcesFolder(folder))}
        for path in sorted((folder / GOLD).glob("*.yaml")):
            gold = read_yaml(path)
            docs.append((name, gold["document"], texts[gold["document"]], gold.get("entities") or []))
    return docs


def load_registry() -> list[dict[str, Any]]:
    """The sources folder's registry entities (not the ontology's concepts), as dicts like the gold's entities."""
    registry = Registry.load(Vocabulary.load(), SourcesFolder.default())
    return [
        {"id": e.id, "type": e.type.value.rsplit("#", 1)[-1], "label": e.label, "aliases": list(e.aliases)}
        for e in registry.entities.values()
        if e.iri is None
    ]


def variants(name: str) -> list[str]:
    n = re.sub(r"^[Tt]he ", "", name.strip())
    out = {n}
    for a, b in (("U.S.", "US"), ("US", "U.S.")):
        if re.search(rf"(?<![\w.]){re.escape(a)}(?![\w])", n):
            out.add(re.sub(rf"(?<![\w.]){re.escape(a)}(?![\w])", b, n))
    return [v for v in out if v]


def usable(name: str) -> bool:
    """A name worth marking: not a single lowercase word ('ministry'), at least 2 characters."""
    if len(name) < 2:
        return False
    return not (" " not in name and not re.search(r"[A-Z0-9]", name))


def find(text: str, name: str) -> list[tuple[int, int]]:
    """Character spans of `name` in `text`: case-sensitive for one-word names, case-insensitive for longer ones."""
    flags = re.I if " " in name or "-" in name else 0
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])", flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def mark(text: str, lexicon: list[tuple[str, str, int]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) spans: every occurrence of every lexicon name (name, label, priority);
    longer spans win, then higher priority."""
    candidates = []
    for name, label, priority in lexicon:
        for v in variants(name):
            if not usable(v):
                continue
            for a, b in find(text, v):
                candidates.append((a, b, label, priority))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[3], c[0]))
    taken: list[tuple[int, int, str]] = []
    for a, b, label, _ in candidates:
        if any(a < y and x < b for x, y, _ in taken):
            continue
        taken.append((a, b, label))
    return sorted(taken)


def lexicon_for(train_docs: list[Doc], registry: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """The names of named types: gold entities of all training texts (priority 1), then the registry's (priority 0)."""
    lexicon: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    gold = [e for *_, entities in train_docs for e in entities]
    for priority, entities in ((1, gold), (0, registry)):
        for entity in entities:
            if entity["type"] in LABEL:
                for n in names(entity):
                    if n not in seen:
                        seen.add(n)
                        lexicon.append((n, LABEL[entity["type"]], priority))
    return lexicon
