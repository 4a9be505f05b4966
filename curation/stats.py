"""Coverage of the source texts by claims (`alliance-kg stats`), read from the current store.

Per document: its sentences; those that some claim's quote overlaps (quote or further quotes); those listed as
carrying no claim, with why (the `unclaimed:` entries of the annotation files, loaders/coverage.py); its claims;
and the distinct registered entities (the registry, entities.yaml, and the security domains) its claims reference. Then
the gaps: sentences that are neither claimed nor listed, each with the registered entities it names (by label or
alias, case-insensitive, as a whole word). In strict mode (`--strict`) a gap, or an entry whose reason is
`not-reviewed`, is a failure: every sentence must be accounted for.

The sentences are those of loaders/sentences.py, the splitter the build's `unclaimed:` entries are checked with.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import asdict, dataclass, field
from pathlib import Path

from alliance_kg.loaders.sentences import split_sentences
from alliance_kg.store.local import current_store_path
from pyoxigraph import Store

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
TEXT_SHOWN = 160  # characters of a gap sentence shown in the table
NOT_REVIEWED = "not-reviewed"


class StatsError(Exception):
    """Nothing to report on (no store built yet, or an unknown document)."""


@dataclass
class Gap:
    start: int
    end: int
    text: str
    entities: list[str]


@dataclass
class DocumentStats:
    document: str
    title: str
    file: str
    sentences: int
    sentences_with_claims: int
    claims: int
    entities: int
    sentences_unclaimed: int = 0  # listed under `unclaimed:` with a reason (not-reviewed ones included)
    unclaimed: dict[str, int] = field(default_factory=dict)  # reason -> sentences
    gaps: list[Gap] = field(default_factory=list)  # neither claimed nor listed

    @property
    def not_reviewed(self) -> int:
        return self.unclaimed.get(NOT_REVIEWED, 0)

    @property
    def accounted_for(self) -> int:
        """Sentences with a claim, or listed with a reason other than not-reviewed."""
        return self.sentences_with_claims + self.sentences_unclaimed - self.not_reviewed


def normalise(text: str) -> str:
    """Dash and curly-quote variants made plain, one character for one, so offsets are kept."""
    return _DASHES.sub("-", text).translate(_QUOTES)


class EntityMatcher:
    """Finds registered entities in text by their labels and aliases: case-insensitive, whole words."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        """`names`: each entity's preferred label → all its names (label and aliases)."""
        self.by_name: dict[str, set[str]] = {}
        for entity, aliases in names.items():
            for name in aliases | {entity}:
                key = normalise(name).lower().strip()
                if key:
                    self.by_name.setdefault(key, set()).add(entity)
        alternatives = sorted(self.by_name, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    def find(self, text: str) -> list[str]:
        if self.pattern is None:
            return []
        found: set[str] = set()
        for match in self.pattern.finditer(normalise(text)):
            found |= self.by_name.get(match.group().lower(), set())
        return sorted(found, key=str.casefold)


def _query(store: Store, sparql: str) -> list[dict[str, str]]:
    solutions = store.query(sparql)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows = []
    for solution in solutions:  # type: ignore[union-attr]
        rows.append({name: solution[name].value for name in names if solution[name] is not None})
    return rows


PREFIXES = """PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX graph: <https://w3id.org/alliance-kg/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# Registered entities: those of the registry (entities.yaml) (the registry graph) and the security domains (the SKOS
# scheme the annotations name like entities). The other schemes (meeting levels, document statuses) classify;
# their labels ("leaders", "signed") are common words and would only add noise to the gaps.
REGISTERED = """{ GRAPH graph:registry { ?e a ?type } }
    UNION { GRAPH graph:ontology { ?e skos:inScheme <https://w3id.org/alliance-kg/id/domain/scheme> } }"""


def compute_stats(store: Store, document: str | None = None) -> list[DocumentStats]:
    """The coverage figures and gaps of each document in the store (or of one document)."""
    documents = _query(
        store,
        PREFIXES
        + """SELECT ?doc ?file ?text ?title WHERE { GRAPH graph:documents {
            ?doc a akg:SourceDocument ; akg:fileName ?file ; schema:text ?text . OPTIONAL { ?doc rdfs:label ?title } } }
            ORDER BY ?doc""",
    )
    if document is not None:
        documents = [d for d in documents if d["doc"].rsplit("/", 1)[-1] == document]
        if not documents:
            raise StatsError(f"no document {document!r} in the store")
    spans: dict[str, list[tuple[int, int]]] = {}
    claims: dict[str, set[str]] = {}
    for row in _query(
        store,
        PREFIXES
        + """SELECT ?claim ?doc ?start ?end WHERE { GRAPH graph:evidence {
            ?claim a akg:Claim ; akg:sourceDocument ?doc ; oa:hasTarget ?target .
            ?target oa:hasSelector ?selector . ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end } }""",
    ):
        spans.setdefault(row["doc"], []).append((int(row["start"]), int(row["end"])))
        claims.setdefault(row["doc"], set()).add(row["claim"])
    referenced: dict[str, set[str]] = {}
    for row in _query(
        store,
        PREFIXES
        + """SELECT DISTINCT ?doc ?e WHERE {
            GRAPH graph:evidence { ?claim a akg:Claim ; akg:sourceDocument ?doc }
            GRAPH ?claim { { ?e ?p ?o } UNION { ?s ?p ?e } }
            FILTER (isIRI(?e)) """
        + REGISTERED
        + "}",
    ):
        referenced.setdefault(row["doc"], set()).add(row["e"])
    listed: dict[str, dict[tuple[int, int], str]] = {}
    for row in _query(
        store,
        PREFIXES
        + """SELECT ?doc ?start ?end ?reason WHERE { GRAPH graph:evidence {
            ?passage a akg:UnclaimedPassage ; akg:unclaimedBecause ?reason ; oa:hasTarget ?target .
            ?target oa:hasSource ?doc ; oa:hasSelector ?selector .
            ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end } }""",
    ):
        listed.setdefault(row["doc"], {})[(int(row["start"]), int(row["end"]))] = row["reason"].rsplit("/", 1)[-1]
    names: dict[str, set[str]] = {}
    preferred: dict[str, str] = {}
    for row in _query(
        store,
        PREFIXES
        + """SELECT ?e ?kind ?name WHERE { """
        + REGISTERED
        + """ { ?e rdfs:label ?name BIND("pref" AS ?kind) } UNION { ?e skos:prefLabel ?name BIND("pref" AS ?kind) }
            UNION { ?e skos:altLabel ?name BIND("alt" AS ?kind) } }""",
    ):
        names.setdefault(row["e"], set()).add(row["name"])
        if row["kind"] == "pref":
            preferred.setdefault(row["e"], row["name"])
    matcher = EntityMatcher({preferred.get(e, min(n)): n for e, n in names.items()})

    result = []
    for doc in documents:
        iri, text = doc["doc"], doc["text"]
        sentences = split_sentences(text)
        quoted = spans.get(iri, [])
        passages = listed.get(iri, {})
        with_claims, gaps, reasons = 0, [], {}
        for sentence in sentences:
            if any(start < sentence.end and end > sentence.start for start, end in quoted):
                with_claims += 1
                continue
            reason = passages.get((sentence.start, sentence.end))
            if reason is not None:
                reasons[reason] = reasons.get(reason, 0) + 1
                continue
            gaps.append(Gap(sentence.start, sentence.end, sentence.text, matcher.find(sentence.text)))
        result.append(
            DocumentStats(
                document=iri.rsplit("/", 1)[-1],
                title=doc.get("title", ""),
                file=doc["file"],
                sentences=len(sentences),
                sentences_with_claims=with_claims,
                claims=len(claims.get(iri, ())),
                entities=len(referenced.get(iri, ())),
                sentences_unclaimed=sum(reasons.values()),
                unclaimed=dict(sorted(reasons.items())),
                gaps=gaps,
            )
        )
    return result


def render_table(stats: list[DocumentStats]) -> str:
    header = ("document", "sentences", "with claims", "unclaimed", "accounted for", "claims", "entities", "title")
    rows = [
        (s.document, str(s.sentences), _share(s.sentences_with_claims, s.sentences),
         _share(s.sentences_unclaimed, s.sentences), _share(s.accounted_for, s.sentences), str(s.claims),
         str(s.entities), _clip(s.title, 40))
        for s in stats
    ]  # fmt: skip
    if len(stats) > 1:
        total = sum(s.sentences for s in stats)
        rows.append(
            ("total", str(total), _share(sum(s.sentences_with_claims for s in stats), total),
             _share(sum(s.sentences_unclaimed for s in stats), total), _share(sum(s.accounted_for for s in stats), total),
             str(sum(s.claims for s in stats)), "", "")
        )  # fmt: skip
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    numeric = {1, 2, 3, 4, 5, 6}

    def line(cells) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    out.append("")
    out.append("(unclaimed: sentences listed under `unclaimed:` with why; accounted for: claimed, or listed with a")
    out.append(
        " reason other than not-reviewed; entities: distinct registered entities the document's claims reference)"
    )
    for s in stats:
        out.append("")
        reasons = ", ".join(f"{reason} {count}" for reason, count in s.unclaimed.items()) or "none"
        out.append(f"document {s.document}: unclaimed by reason: {reasons}")
        out.append(
            f"document {s.document}: {len(s.gaps)} sentence(s) neither carry a claim nor are listed as unclaimed"
        )
        for gap in s.gaps:
            named = f" names {', '.join(gap.entities)}" if gap.entities else ""
            out.append(f"  [{gap.start}–{gap.end}]{named}")
            out += textwrap.wrap(
                _clip(gap.text, TEXT_SHOWN), width=100, initial_indent="      ", subsequent_indent="      "
            )
    return "\n".join(out).rstrip() + "\n"


def strict_problems(stats: list[DocumentStats]) -> list[str]:
    """What fails `--strict`: every sentence neither claimed nor listed, and every not-reviewed entry."""
    problems = []
    for s in stats:
        for gap in s.gaps:
            problems.append(
                f"document {s.document} [{gap.start}–{gap.end}]: neither claimed nor listed under `unclaimed:`: "
                f"{_clip(gap.text, 80)!r}"
            )
        if s.not_reviewed:
            problems.append(f"document {s.document}: {s.not_reviewed} sentence(s) listed as {NOT_REVIEWED}")
    return problems


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else str(part)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_json(stats: list[DocumentStats]) -> str:
    documents = [asdict(s) | {"accounted_for": s.accounted_for} for s in stats]
    return json.dumps({"documents": documents}, ensure_ascii=False, indent=2) + "\n"


def print_stats(data_dir: Path, fmt: str = "table", document: str | None = None, strict: bool = False) -> int:
    """Print the figures; in strict mode, return 1 (after the figures) when a sentence is not accounted for."""
    path = current_store_path(data_dir)
    if path is None:
        raise StatsError(f"no graph has been built in {data_dir}: run `alliance-kg build` first")
    stats = compute_stats(Store.read_only(str(path)), document)
    print(render_json(stats) if fmt == "json" else render_table(stats), end="")
    if not strict:
        return 0
    problems = strict_problems(stats)
    for problem in problems:
        print(f"alliance-kg stats --strict: {problem}", file=sys.stderr)
    if problems:
        print(
            "alliance-kg stats --strict: add a claim for each of these sentences, or list it under `unclaimed:` in "
            "its annotation file with why (opinion, analysis, quoted-view, boilerplate, caption, repetition, metadata)",
            file=sys.stderr,
        )
        return 1
    return 0
