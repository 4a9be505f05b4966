"""Finding entities and terms by name: `/search` (a page, or JSON), the W3C Reconciliation Service API at
`/reconcile` (version 0.2, as OpenRefine speaks it: manifest, query batches with types, properties and scores,
suggest and preview), and `/api/completions`, which the query editor asks for classes, properties, entities and
prefixes as one types. All of it reads the lookup (server/lookup.py) made from the store once per build.
"""

from __future__ import annotations

import json
from typing import Any

from alliance_kg.ontology.namespaces import AKG, PREFIXES
from alliance_kg.server.formats import HTML, content_type, negotiate
from alliance_kg.server.lookup import Entity, Lookup, Match, fold, load_lookup, name_score
from alliance_kg.server.pages import local_href
from alliance_kg.server.state import state
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from pyoxigraph import DefaultGraph, Literal, NamedNode
from werkzeug.exceptions import BadRequest, NotFound

blueprint = Blueprint("search", __name__)

JSON = "application/json"
MAX_LIMIT = 100  # candidates per query
MAX_QUERIES = 100  # queries per reconciliation batch
KINDS = ("class", "property", "entity", "prefix")
SCHEMA_SPACE = str(AKG)
VERSIONS = ["0.1", "0.2"]


def lookup() -> Lookup:
    app_state = state()
    return app_state.derived("lookup", lambda: load_lookup(app_state.store))


# --- /search ------------------------------------------------------------------------------------------------


@blueprint.get("/search")
def search() -> Response:
    media_type = negotiate([HTML, JSON])
    query = request.args.get("q", "").strip()
    types = [_type_iri(t) for t in request.args.getlist("type") if t.strip()]
    limit = _limit(request.args.get("limit"), 20)
    matches = lookup().search(query, types, limit=limit) if query else []
    if media_type == JSON:
        return jsonify({"query": query, "types": types, "results": [_result(m) for m in matches]})
    type_choices = _type_choices()
    body = render_template("search.html", query=query, types=types, matches=matches, type_choices=type_choices)
    return Response(body, content_type=content_type(HTML))


def _result(match: Match) -> dict[str, Any]:
    entity = match.entity
    return {
        "iri": entity.iri,
        "name": entity.name,
        "matched": match.matched,
        "score": match.score,
        "types": [{"iri": t.iri, "label": t.label} for t in entity.types],
        "description": entity.description,
        "href": local_href(entity.iri),
    }


def _type_choices() -> list[tuple[str, str]]:
    """The asserted types of the graph's entities, to filter a search by."""
    found = {t.iri: t.label for e in lookup().entities for t in e.types if t.iri.startswith(SCHEMA_SPACE)}
    return sorted(found.items(), key=lambda item: item[1].lower())


# --- the Reconciliation Service API ------------------------------------------------------------------------


@blueprint.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    """The manifest without `queries`; else the candidates of each query of the batch."""
    batch = request.values.get("queries")
    single = request.values.get("query")
    if batch is None and single is None:
        if request.method == "POST":
            raise BadRequest("POST a batch as the form field queries=<JSON>; GET /reconcile for the manifest")
        return jsonify(manifest())
    if batch is not None:
        queries = _json(batch, "queries")
        if not isinstance(queries, dict) or not queries:
            raise BadRequest('queries must be a JSON object of queries by key: {"q0": {"query": "Kishida"}}')
        if len(queries) > MAX_QUERIES:
            raise BadRequest(f"a batch holds at most {MAX_QUERIES} queries; send more batches")
        return jsonify({key: {"result": _candidates(_query(key, value))} for key, value in queries.items()})
    # version 0.1: one query, as a string or a JSON object
    text = single.strip()
    value = _json(text, "query") if text.startswith("{") else {"query": single}
    return jsonify({"result": _candidates(_query("query", value))})


def manifest() -> dict[str, Any]:
    root = url_for("search.reconcile", _external=True).removesuffix("/reconcile")
    public = current_app.config["PUBLIC_BASE"]
    return {
        "versions": VERSIONS,
        "name": "alliance-kg: the U.S.–Japan alliance knowledge graph",
        "identifierSpace": public,
        "schemaSpace": SCHEMA_SPACE,
        "documentation": root + "/search",
        "defaultTypes": [{"id": _type_id(iri), "name": label} for iri, label in _type_choices()],
        "view": {"url": root + "/{{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 420, "height": 160},
        "suggest": {
            kind: {"service_url": root, "service_path": f"/reconcile/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
    }


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise BadRequest(f"{name} is not valid JSON: {error}") from error


def _query(key: str, value: Any) -> dict[str, Any]:
    """A reconciliation query checked against the shape of version 0.2 (a 400 that names the key otherwise)."""
    if not isinstance(value, dict):
        raise BadRequest(f'query {key!r} must be a JSON object, such as {{"query": "Kishida"}}')
    text, types, properties = value.get("query", ""), value.get("type", []), value.get("properties", [])
    if not isinstance(text, str):
        raise BadRequest(f"query {key!r}: 'query' must be a string")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise BadRequest(f"query {key!r}: 'type' must be a type id or a list of them")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and isinstance(p.get("pid"), str) and "v" in p for p in properties
    ):
        raise BadRequest(f'query {key!r}: \'properties\' must be a list of {{"pid": …, "v": …}}')
    if not text.strip() and not properties:
        raise BadRequest(f"query {key!r} needs a 'query' string or 'properties'")
    type_strict = value.get("type_strict", "any")
    if type_strict not in ("any", "all", "should"):
        raise BadRequest(f"query {key!r}: 'type_strict' is one of any, all, should")
    limit = value.get("limit", 10)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
        raise BadRequest(f"query {key!r}: 'limit' must be a positive number")
    return {
        "query": text,
        "types": [_type_iri(t) for t in types],
        "type_strict": type_strict,
        "properties": properties,
        "limit": min(int(limit), MAX_LIMIT),
    }


def _candidates(query: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates of one query, best first, each with its types, score, features and whether it matches."""
    found = lookup()
    limit = query["limit"]
    if query["query"].strip():
        matches = found.search(query["query"], query["types"], query["type_strict"], limit=max(limit, 25))
    else:  # properties alone: every entity of the types is a candidate
        matches = [Match(e, 0.0, "", False) for e in found.entities if _typed(e, query["types"], query["type_strict"])]
    scored = []
    for match in matches:
        checks = [_property_matches(match.entity, p["pid"], p["v"]) for p in query["properties"]]
        if not query["query"].strip() and not all(checks):
            continue
        share = sum(checks) / len(checks) if checks else 1.0
        score = match.score if not checks else round(0.8 * match.score + 20 * share, 1)
        if not query["query"].strip():
            score = round(100 * share, 1)
        features = [{"id": "name", "value": match.score}] if query["query"].strip() else []
        features += [
            {"id": f"property:{p['pid']}", "value": ok} for p, ok in zip(query["properties"], checks, strict=True)
        ]
        certain = (match.is_match or not query["query"].strip()) and all(checks)
        scored.append((score, certain, match, features))
    scored.sort(key=lambda item: (-item[0], item[2].entity.name))
    scored = scored[:limit]
    unique = len(scored) == 1 or (len(scored) > 1 and scored[0][0] - scored[1][0] >= 10)
    return [
        {
            "id": _entity_id(match.entity.iri),
            "name": match.entity.name,
            "type": [{"id": _type_id(t.iri), "name": t.label} for t in match.entity.types],
            "score": score,
            "match": bool(certain and index == 0 and unique),
            "description": match.entity.description or "",
            "features": features,
        }
        for index, (score, certain, match, features) in enumerate(scored)
    ]


def _typed(entity: Entity, types: list[str], type_strict: str) -> bool:
    if not types or type_strict == "should":
        return True
    return set(types) <= entity.all_types if type_strict == "all" else bool(set(types) & entity.all_types)


def _property_matches(entity: Entity, pid: str, wanted: Any) -> bool:
    """Whether the entity has, for property `pid`, one of the wanted values: an entity by id, or a name or
    literal compared folded."""
    try:
        prop = NamedNode(_property_iri(pid))
    except ValueError:
        return False
    values = [q.object for q in state().store.quads_for_pattern(NamedNode(entity.iri), prop, None, DefaultGraph())]
    wanted_values = wanted if isinstance(wanted, list) else [wanted]
    found = lookup()
    for value in wanted_values:
        if isinstance(value, dict):
            iri = _entity_iri(str(value.get("id", "")))
            if any(isinstance(v, NamedNode) and v.value == iri for v in values):
                return True
            value = value.get("name", "")
        text = fold(str(value).lower() if isinstance(value, bool) else str(value))
        for v in values:
            if isinstance(v, Literal) and fold(v.value) == text:
                return True
            other = found.by_iri.get(v.value) if isinstance(v, NamedNode) else None
            if other and any(name_score(text, fold(n), True)[1] for n, _ in other.names):
                return True
    return False


# ids: entities relative to identifierSpace (the public base), types and properties to schemaSpace (akg:)


def _entity_id(iri: str) -> str:
    return iri.removeprefix(current_app.config["PUBLIC_BASE"])


def _entity_iri(entity_id: str) -> str:
    return entity_id if "://" in entity_id else current_app.config["PUBLIC_BASE"] + entity_id


def _type_id(iri: str) -> str:
    return iri.removeprefix(SCHEMA_SPACE)


def _type_iri(type_id: str) -> str:
    return _property_iri(type_id)


def _property_iri(term: str) -> str:
    """A type or property id as an IRI: a local name of akg:, a prefixed name of the project's prefixes, or an IRI."""
    term = term.strip()
    if "://" in term:
        return term
    prefix, colon, local = term.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return SCHEMA_SPACE + term


@blueprint.get("/reconcile/suggest/<kind>")
def suggest(kind: str) -> Response:
    """The suggest services of the manifest: entities, types or properties whose names begin with `prefix`."""
    prefix = request.args.get("prefix", "")
    cursor = _limit(request.args.get("cursor"), 0, minimum=0)
    found = lookup()
    if kind == "entity":
        results = [
            {
                "id": _entity_id(m.entity.iri),
                "name": m.entity.name,
                "description": m.entity.description or "",
                "notable": [{"id": _type_id(t.iri), "name": t.label} for t in m.entity.types],
            }
            for m in (found.search(prefix, limit=cursor + 20) if prefix.strip() else [])
        ]
    elif kind in ("type", "property"):
        completions = found.complete(prefix, "class" if kind == "type" else "property", limit=cursor + 20)
        completions.sort(key=lambda c: not c.iri.startswith(SCHEMA_SPACE))  # the ontology's own terms first
        results = [
            {"id": _type_id(c.iri) if c.iri.startswith(SCHEMA_SPACE) else c.iri, "name": c.label or c.text}
            for c in completions
            if prefix.strip()
        ]
    else:
        raise NotFound(f"there is no suggest service {kind!r}; the services are entity, type and property")
    return jsonify({"result": results[cursor:]})


@blueprint.get("/reconcile/preview")
def preview() -> Response:
    """A small HTML card of one entity (the manifest's preview service), for OpenRefine's pop-ups."""
    entity = lookup().by_iri.get(_entity_iri(request.args.get("id", "")))
    if entity is None:
        raise NotFound("no entity has this id; ids are those the reconciliation service returns, e.g. id/japan")
    body = render_template("preview.html", entity=entity, href=local_href(entity.iri))
    return Response(body, content_type=content_type(HTML))


# --- completion in the query editor --------------------------------------------------------------------------


@blueprint.get("/api/completions")
def completions() -> Response:
    """What completes `q` as a `kind` (class, property, entity, prefix), for the query editor's autocompletion."""
    kind = request.args.get("kind", "property")
    if kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}")
    text = request.args.get("q", "")
    limit = _limit(request.args.get("limit"), 50)
    found = lookup().complete(text, kind, limit=limit) if text.strip() else []
    return jsonify(
        {
            "q": text,
            "kind": kind,
            "completions": [{"text": c.text, "iri": c.iri, "kind": c.kind, "label": c.label} for c in found],
        }
    )


def _limit(value: str | None, default: int, minimum: int = 1) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise BadRequest(f"{value!r} is not a whole number") from error
    if number < minimum:
        raise BadRequest(f"the number must be at least {minimum}")
    return min(number, MAX_LIMIT if minimum else 10 * MAX_LIMIT)
