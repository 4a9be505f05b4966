"""`alliance-kg review NNN`: a local page to review a document's proposals, bound to 127.0.0.1 and nothing else.

The page shows the text with every proposed claim's quote highlighted (as the public document pages do), and the
proposals beside it: accept, edit (subject, relation, object, qualifiers, modality, quote span — select words in
the text to take them as the quote) or reject each claim; accept, link to an existing entity, or reject each
proposed entity; and add what the proposer missed — a claim on selected words, an entity. Save writes the decisions into the draft and moves what is accepted into the annotation file and
the registry with the same code as `propose --accept` (curation/accept.py), so the build checks the result as it
checks hand-written claims. This app is not part of the public SPARQL service: it lives here, shares nothing with
server/, and answers only requests to its own 127.0.0.1 address that carry the page's token (no other site can
send one: a cross-origin page cannot set the header, and a rebinding host name is refused).
"""

from __future__ import annotations

import argparse
import secrets
import threading
import webbrowser
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alliance_kg.curation import roundtrip
from alliance_kg.curation.accept import AcceptError, accept_draft
from alliance_kg.curation.propose import ProposeError, draft_path, find_source
from alliance_kg.curation.propose.draft import claim_id
from alliance_kg.curation.writes import Changes, WriteConflict, locked
from alliance_kg.loaders.claims import MODALITIES
from alliance_kg.loaders.errors import LoadError
from alliance_kg.loaders.quotes import QuoteError, find_quote
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.ontology import AKG, Vocabulary
from flask import Flask, abort, jsonify, render_template, request

from alliance_kg import settings

Say = Callable[[str], None]
TOKEN_HEADER = "X-Review-Token"
HERE = Path(__file__).resolve().parent


def create_review_app(sources: SourcesFolder, document: str, curator: str | None, token: str | None = None) -> Flask:
    """The review app for one document of `sources` (its draft must exist)."""
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        SOURCES=sources, DOCUMENT=document, CURATOR=curator or "", TOKEN=token or secrets.token_urlsafe(24)
    )
    app.before_request(_local_only)
    app.after_request(_headers)
    app.add_url_rule("/", "page", page)
    app.add_url_rule("/api/save", "save", save, methods=["POST"])
    return app


def _local_only() -> None:
    host = (request.host or "").rsplit(":", 1)[0].strip("[]")
    if host not in ("127.0.0.1", "localhost", "::1"):
        abort(400, description="the review page answers only on 127.0.0.1")
    if request.method == "POST" and request.headers.get(TOKEN_HEADER) != _config("TOKEN"):
        abort(403, description="missing or wrong review token: reload the review page")


def _headers(response):
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def _config(key: str) -> Any:
    from flask import current_app

    return current_app.config[key]


def _context() -> dict:
    sources: SourcesFolder = _config("SOURCES")
    document: str = _config("DOCUMENT")
    source = find_source(sources, document)
    path = draft_path(sources, source.id)
    draft = roundtrip.load(path)
    vocabulary = Vocabulary.load()
    registry = Registry.load(vocabulary, sources)
    return {
        "sources": sources,
        "source": source,
        "path": path,
        "draft": draft,
        "vocabulary": vocabulary,
        "registry": registry,
    }


def page():
    ctx = _context()
    source, draft = ctx["source"], ctx["draft"]
    claims = []
    for claim in draft.get("claims") or []:
        proposal = claim.get("proposal") or {}
        start, end = int(proposal.get("start", -1)), int(proposal.get("end", -1))
        if not (0 <= start < end <= len(source.text)) or source.text[start:end] != str(claim.get("quote")):
            try:
                start, end = find_quote(
                    source.text, str(claim.get("quote")), int(claim["occurrence"]) if claim.get("occurrence") else None
                )
            except QuoteError:
                start, end = -1, -1
        claims.append(
            {
                "id": str(claim.get("id")),
                "subject": str(claim.get("subject")),
                "relation": str(claim.get("relation")),
                "object": str(claim.get("object")),
                "qualifiers": "\n".join(f"{k}: {v}" for k, v in (claim.get("qualifiers") or {}).items()),
                "modality": str(claim.get("modality") or "asserted"),
                "anchor": str(claim.get("anchor") or ""),
                "note": str(claim.get("note") or ""),
                "quote": str(claim.get("quote")),
                "start": start,
                "end": end,
                "rule": str(proposal.get("rule", "")),
                "confidence": proposal.get("confidence", ""),
                "measured": _measured(proposal.get("measured")),
                "evidence": str(proposal.get("evidence", "")),
                "review": str(proposal.get("review", "pending")),
            }
        )
    entities = []
    for entity in draft.get("entities") or []:
        proposal = entity.get("proposal") or {}
        entities.append(
            {
                "id": str(entity.get("id")),
                "type": str(entity.get("type")),
                "label": str(entity.get("label")),
                "definition": str(entity.get("definition") or ""),
                "rule": str(proposal.get("rule", "")),
                "evidence": str(proposal.get("evidence", "")),
                "candidates": [dict(c) for c in proposal.get("candidates") or []],
                "review": str(proposal.get("review", "pending")),
                "link": str(proposal.get("link") or ""),
            }
        )
    vocabulary: Vocabulary = ctx["vocabulary"]
    relations = sorted(
        p.value[len(str(AKG)) :] if p.value.startswith(str(AKG)) else _curie(p.value)
        for p in vocabulary.object_properties | vocabulary.datatype_properties
    )
    names = sorted({e.id for e in ctx["registry"].entities.values() if e.iri is None} | {e["id"] for e in entities})
    classes = sorted(c.value[len(str(AKG)) :] for c in vocabulary.classes if c.value.startswith(str(AKG)))
    return render_template(
        "review.html",
        source=source,
        segments=_segments(source.text, claims),
        claims=claims,
        entities=entities,
        unclaimed=[dict(u) for u in draft.get("unclaimed") or []],
        relations=relations,
        classes=classes,
        names=names,
        modalities=MODALITIES,
        token=_config("TOKEN"),
        curator=_config("CURATOR"),
        draft_file=ctx["path"].name,
    )


def _curie(iri: str) -> str:
    from alliance_kg.ontology.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _segments(text: str, claims: list[dict]) -> list[dict]:
    """The text cut at every quote's start and end; each piece with the claims whose quote covers it."""
    spans = [(c["start"], c["end"], c["id"]) for c in claims if c["start"] >= 0]
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        covering = [i for s, e, i in spans if s <= start and end <= e]
        pieces.append({"text": text[start:end], "start": start, "claims": covering})
    return pieces


def save():
    """Apply the page's decisions to the draft, then accept what is accepted (curation/accept.py)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify({"problems": ["send the decisions as JSON"]}), 400
    curator = str(body.get("curator") or _config("CURATOR") or "").strip()
    if not curator:
        return jsonify({"problems": ["say who you are (the curator's name) before saving"]}), 422
    ctx = _context()
    sources, source, path, draft = ctx["sources"], ctx["source"], ctx["path"], ctx["draft"]
    problems: list[str] = []
    by_id = {str(c.get("id")): c for c in draft.get("claims") or []}
    for decision in body.get("claims") or []:
        claim = by_id.get(str(decision.get("id")))
        if claim is None:
            problems.append(f"claim {decision.get('id')!r} is not in the draft")
            continue
        _apply_claim(claim, decision, source.text, problems)
    added = [
        _added_entity(draft, a, ctx["registry"], ctx["vocabulary"], problems) for a in body.get("added_entities") or []
    ]
    added += [_added_claim(draft, a, source.text, problems) for a in body.get("added_claims") or []]
    entities = {str(e.get("id")): e for e in draft.get("entities") or []}
    for decision in body.get("entities") or []:
        entity = entities.get(str(decision.get("id")))
        if entity is None:
            problems.append(f"entity {decision.get('id')!r} is not in the draft")
            continue
        proposal = entity.setdefault("proposal", roundtrip.mapping({}))
        review = str(decision.get("review", "pending"))
        if review not in ("pending", "accept", "reject", "link") and review != proposal.get("review"):
            problems.append(f"entity {entity['id']}: review {review!r}")
            continue
        if review == "link":
            proposal["link"] = str(decision.get("link") or "")
        if review in ("pending", "accept", "reject", "link"):
            proposal["review"] = review
        for key in ("label", "type"):
            if decision.get(key):
                entity[key] = str(decision[key])
    if problems:
        return jsonify({"problems": problems}), 422
    try:
        with locked(sources):
            changes = Changes()
            changes.write(path, roundtrip.dumps(draft))
            changes.commit()
        decided = added + [
            d
            for d in (body.get("claims") or []) + (body.get("entities") or [])
            if d.get("review") in ("accept", "link")
        ]
        if not decided:
            return jsonify(
                {"saved": True, "accepted": [], "message": f"decisions saved in {path.name}; nothing accepted yet"}
            )
        result = accept_draft(path, sources, curator, datetime.now(UTC))
    except AcceptError as error:
        return jsonify({"saved": True, "problems": error.problems}), 422
    except (WriteConflict, LoadError, ProposeError) as error:
        return jsonify({"problems": [str(error)]}), 409
    return jsonify(
        {
            "saved": True,
            "accepted": result.claims,
            "entities": result.entities,
            "linked": result.linked,
            "message": f"accepted {len(result.claims)} claims and {len(result.entities)} entities into the sources folder",
        }
    )


def _apply_claim(claim: Any, decision: dict, text: str, problems: list[str]) -> None:
    proposal = claim.setdefault("proposal", roundtrip.mapping({}))
    review = str(decision.get("review", "pending"))
    if proposal.get("review") in ("accepted", "rejected"):
        return  # decided in an earlier save
    if review not in ("pending", "accept", "reject"):
        problems.append(f"claim {claim['id']}: review {review!r} is not accept, reject or pending")
        return
    proposal["review"] = review
    for key in ("subject", "relation", "object"):
        value = str(decision.get(key) or "").strip()
        if value and value != str(claim.get(key)):
            claim[key] = value
    modality = str(decision.get("modality") or "asserted")
    if modality not in MODALITIES:
        problems.append(f"claim {claim['id']}: modality {modality!r}")
    elif modality == "asserted":
        claim.pop("modality", None)
    else:
        claim["modality"] = modality
    if "qualifiers" in decision:
        _set_qualifiers(claim, decision.get("qualifiers"), problems)
    start, end = decision.get("start"), decision.get("end")
    if isinstance(start, int) and isinstance(end, int) and (start, end) != (proposal.get("start"), proposal.get("end")):
        _set_quote(claim, start, end, text, problems)


def _set_qualifiers(claim: Any, lines: object, problems: list[str]) -> None:
    """`name: value` lines of the page's qualifier box into the claim's qualifiers (none: the key goes)."""
    qualifiers = {}
    for line in str(lines or "").splitlines():
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or not value.strip():
            problems.append(f"claim {claim['id']}: qualifier line {line!r} is not `name: value`")
            continue
        qualifiers[key.strip()] = value.strip()
    if qualifiers:
        claim["qualifiers"] = roundtrip.mapping(qualifiers)
    else:
        claim.pop("qualifiers", None)


def _set_quote(claim: Any, start: int, end: int, text: str, problems: list[str]) -> None:
    """The characters start–end of the text as the claim's quote, with the occurrence the build needs to find it."""
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        problems.append(f"claim {claim['id']}: the quote span {start}–{end} is empty or outside the text")
        return
    quote = text[start:end]
    claim["quote"] = roundtrip.quoted(quote)
    try:
        find_quote(text, quote)
        claim.pop("occurrence", None)
    except QuoteError:
        claim["occurrence"] = str(text[:start].count(quote) + 1)
    proposal = claim.setdefault("proposal", roundtrip.mapping({}))
    proposal["start"], proposal["end"] = start, end


def _added_claim(draft: Any, addition: dict, text: str, problems: list[str]) -> dict:
    """A claim the reviewer wrote on words they selected: into the draft, marked accept (the build checks it)."""
    subject, relation, obj = (str(addition.get(k) or "").strip() for k in ("subject", "relation", "object"))
    start, end = addition.get("start"), addition.get("end")
    if not (subject and relation and obj):
        problems.append("an added claim needs a subject, a relation and an object")
        return addition
    if not (isinstance(start, int) and isinstance(end, int)):
        problems.append(f"the added claim {subject} {relation} {obj} needs a quote: select its words in the text")
        return addition
    taken = {str(c.get("id")) for c in draft.get("claims") or []}
    base = identifier = claim_id(subject, relation, obj)
    number = 2
    while identifier in taken:
        identifier, number = f"{base}-{number}", number + 1
    claim = roundtrip.mapping({"id": identifier, "quote": "", "subject": subject, "relation": relation, "object": obj})
    claim["proposal"] = roundtrip.mapping({"rule": "added by the reviewer", "review": "accept"})
    _set_quote(claim, start, end, text, problems)
    _set_qualifiers(claim, addition.get("qualifiers"), problems)
    modality = str(addition.get("modality") or "asserted")
    if modality not in MODALITIES:
        problems.append(f"claim {identifier}: modality {modality!r}")
    elif modality != "asserted":
        claim["modality"] = modality
    if draft.get("claims") is None:
        draft["claims"] = roundtrip.plain_to_roundtrip([])
    draft["claims"].append(claim)
    return {"review": "accept", "id": identifier}


def _added_entity(draft: Any, addition: dict, registry: Registry, vocabulary: Vocabulary, problems: list[str]) -> dict:
    """An entity the reviewer introduces (an event, a person the proposer did not find): into the draft, marked
    accept, so that claims can name it; its id must be new and its type a class of the ontology."""
    identifier, kind, label = (str(addition.get(k) or "").strip() for k in ("id", "type", "label"))
    drafted = {str(e.get("id")) for e in draft.get("entities") or []}
    if not (identifier and kind and label):
        problems.append("an added entity needs an id, a type and a label")
    elif identifier in registry.entities or identifier in drafted:
        problems.append(f"entity {identifier!r} exists already: use its id in the claims instead")
    elif vocabulary.term(kind) not in vocabulary.classes:
        problems.append(f"entity {identifier}: type {kind!r} is not a class of the ontology")
    else:
        entry = {"id": identifier, "type": kind, "label": label}
        definition = str(addition.get("definition") or "").strip()
        if definition:
            entry["definition"] = definition
        entry["proposal"] = {"rule": "added by the reviewer", "review": "accept"}
        if draft.get("entities") is None:
            draft["entities"] = roundtrip.plain_to_roundtrip([])
        draft["entities"].append(roundtrip.plain_to_roundtrip(entry))
    return {"review": "accept", "id": identifier}


def run_review_command(args: argparse.Namespace, say: Say) -> int:
    from werkzeug.serving import make_server

    sources = SourcesFolder(args.sources)
    try:
        source = find_source(sources, args.document)
        if not draft_path(sources, source.id).exists():
            from alliance_kg.curation.propose_command import propose

            propose(sources, source.id, None, False, say)
    except (ProposeError, LoadError, WriteConflict) as error:
        say(f"alliance-kg review: {error}")
        return 1
    curator = args.curator or settings.read_environment().get("CURATOR")
    app = create_review_app(sources, source.id, curator)
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}/"
    say(f"reviewing document {source.id} at {url} (127.0.0.1 only; Ctrl-C stops)")
    if not curator:
        say("say who you are on the page (or pass --curator / set ALLIANCE_KG_CURATOR): accepted claims record it")
    if not args.no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.server_close()
    return 0


def _measured(measured: object) -> str:
    """ "right 80 of 81": how the claim's rule did on hand-annotated texts, as the draft records it ("" if not)."""
    if not isinstance(measured, dict) or "right" not in measured or "of" not in measured:
        return ""
    return f"its rule right {measured['right']} of {measured['of']} times on annotated texts"
