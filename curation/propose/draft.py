"""The draft annotation file a proposal run writes: the annotation format itself, plus what a reviewer needs.

    document: "005"
    entities:             # proposed new registry entries, in the registry's format (as gold files list them)
      - id: takeshi-iwaya
        type: Person
        label: Takeshi Iwaya
        ...
        proposal: {rule: …, confidence: …, evidence: …, candidates: [...], review: pending}
    claims:               # claims exactly as annotation files write them …
      - id: …
        quote: "…"        # located by the build's own find_quote (offsets in `proposal`)
        subject/relation/object/qualifiers/anchor/modality/note
        proposal: {rule: …, confidence: …, evidence: …, start: …, end: …, review: pending}
    unclaimed:            # every other sentence, with why (notes/formats.md)

A reviewer sets each `review:` to accept or reject (an entity also to `link` with `link: <existing id>`), edits
what needs editing, and runs `alliance-kg propose --accept FILE` (or does all of it in `alliance-kg review`).
Removing the `proposal:` keys of the accepted items leaves a plain annotation file: an accepted proposal is an
annotation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import version

from alliance_kg.curation import roundtrip
from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.loaders.dates import days_named
from alliance_kg.loaders.quotes import QuoteError, find_quote

HEADER = """\
# Proposed claims for {file} (document {document}), written by `alliance-kg propose {document}` on {when}.
# NOTHING HERE IS IN THE GRAPH. It is a draft in the annotation format: review each item, then accept.
# - `review:` of each claim: accept or reject (edit subject, relation, object, qualifiers, quote as needed first);
#   of each proposed entity: accept (add it to the registry), reject, or link (with `link: <existing id>`, when
#   it is an entity the registry already has: its claims then use that one).
# - `proposal:` says which rule proposed it, on which words, with what confidence (`measured`: how many of that
#   rule's proposals were right on hand-annotated texts); `start`/`end` are the quote's offsets in the text as the
#   build locates it.
# - `unclaimed:` lists every sentence no proposal rests on, with why (`not-reviewed` until a person looks).
# Then: `alliance-kg propose --accept {path}` (or review it in the browser: `alliance-kg review {document}`).
"""


def draft_document(analysis: Analysis, unclaimed: list[dict], path_shown: str) -> str:
    source = analysis.source
    data = roundtrip.mapping(
        {
            "document": roundtrip.quoted(source.id),
            "proposed": {
                "by": f"alliance-kg propose {version('alliance-kg')}",
                "at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
                "text_sha256": source.sha256,
            },
        }
    )
    entities = []
    for entity in sorted(analysis.entities.values(), key=lambda e: (e.start, e.id)):
        entry = {"id": entity.id, "type": entity.type, "label": entity.label}
        if entity.aliases:
            entry["aliases"] = roundtrip.flow_list(entity.aliases)
        entry["definition"] = entity.definition or None
        entry["proposal"] = {
            "rule": entity.rule,
            "confidence": round(entity.confidence, 2),
            "evidence": roundtrip.quoted(analysis.original(entity.start, entity.end)),
            "start": entity.start,
            "end": entity.end,
            "candidates": entity.candidates or None,
            "review": "pending",
        }
        entities.append(entry)
    if entities:
        data["entities"] = roundtrip.plain_to_roundtrip(entities)
    claims = [_claim_entry(analysis, claim, number) for number, claim in enumerate(_ordered(analysis.claims), 1)]
    data["claims"] = roundtrip.plain_to_roundtrip(_unique_ids(claims))
    data["unclaimed"] = roundtrip.plain_to_roundtrip(
        [{**u, "sentence": roundtrip.quoted(u["sentence"])} for u in unclaimed]
    )
    header = HEADER.format(file=source.path.name, document=source.id, when=data["proposed"]["at"], path=path_shown)
    return header + roundtrip.dumps(data)


def _ordered(claims: list[ProposedClaim]) -> list[ProposedClaim]:
    return sorted(claims, key=lambda c: (c.start, -c.confidence, c.relation, c.subject, c.object))


def _claim_entry(analysis: Analysis, claim: ProposedClaim, number: int) -> dict:
    text = analysis.source.text
    quote = text[claim.start : claim.end]
    entry: dict = {"id": claim_id(claim.subject, claim.relation, claim.object)}
    entry["quote"] = roundtrip.quoted(quote)
    occurrence = _occurrence(text, quote, claim.start)
    if occurrence:
        entry["occurrence"] = str(occurrence)
    entry["subject"] = claim.subject
    entry["relation"] = claim.relation
    entry["object"] = claim.object
    also = _date_quotes(analysis, claim, quote)
    if also:
        entry["also_quotes"] = also
    if claim.qualifiers:
        entry["qualifiers"] = dict(claim.qualifiers)
    if claim.anchor:
        entry["anchor"] = claim.anchor
    if claim.modality != "asserted":
        entry["modality"] = claim.modality
    if claim.note:
        entry["note"] = claim.note
    entry["proposal"] = {
        "rule": claim.rule,
        "confidence": round(claim.confidence, 2),
        **({} if claim.measured is None else {"measured": {"right": claim.measured[0], "of": claim.measured[1]}}),
        "evidence": roundtrip.quoted(claim.evidence),
        "start": claim.start,
        "end": claim.end,
        "review": "pending",
    }
    return entry


def _date_quotes(analysis: Analysis, claim: ProposedClaim, quote: str) -> list[dict]:
    """The words elsewhere in the text that name a day the claim gives and its quote does not (the dateline for a
    date taken from the document's own, the sentence's neighbour for an event's day): the build claims a single
    day only when a quote names it (loaders/claims.py)."""
    vocabulary = analysis.context.vocabulary
    relation = vocabulary.term(claim.relation)
    values = [claim.object] if relation is not None and vocabulary.is_date_valued(relation) else []
    for key, value in claim.qualifiers.items():
        prop = vocabulary.term(key)
        if prop is not None and vocabulary.is_date_valued(prop):
            values.append(value)
    anchor = analysis.resolve(claim.anchor) if claim.anchor else None
    extra: list[dict] = []
    # "… the next day", counted from a day the sentence before names: quote that day too
    named = days_named(quote, analysis.source.date)
    if anchor is not None and anchor.precision == "day" and anchor.earliest not in named:
        values.append(claim.anchor)
    for value in values:
        day = analysis.resolve(value)
        if day is None or day.precision != "day" or day.earliest in days_named(quote, analysis.source.date, anchor):
            continue
        for mention in analysis.dates:
            named = analysis.resolve(mention.expression, mention)
            if named is not None and named.precision == "day" and named.earliest == day.earliest:
                words = analysis.original(mention.start, mention.end)
                item: dict = {"quote": roundtrip.quoted(words)}
                occurrence = _occurrence(analysis.source.text, words, mention.start)
                if occurrence:
                    item["occurrence"] = str(occurrence)
                extra.append(item)
                break
    return extra


def claim_id(subject: str, relation: str, obj: str) -> str:
    """A draft claim's id, from what it says: `relation-subject-object`, each shortened (made unique by the caller)."""
    return f"{slug(relation)}-{_short(subject)}-{_short(obj)}"[:80]


def _short(value: str) -> str:
    return slug(value.rsplit("/", 1)[-1])[:24]


def _unique_ids(claims: list[dict]) -> list[dict]:
    seen: dict[str, int] = {}
    for claim in claims:
        base = claim["id"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            claim["id"] = f"{base}-{seen[base]}"
    return claims


def _occurrence(text: str, quote: str, start: int) -> int | None:
    try:
        find_quote(text, quote)
        return None
    except QuoteError:
        position, number = text.find(quote), 1
        while position != -1 and position < start:
            position, number = text.find(quote, position + 1), number + 1
        return number
