"""Pictures of the graph: the timeline (`/timeline`, and on entity pages with dated facts) and the neighbourhood
graph of entity pages. The data comes from server/timeline.py and server/neighbourhood.py; the pages draw it with
libraries served from this server (vis-timeline, Cytoscape.js), and list the same marks and nodes as links for
readers without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from alliance_kg.server.formats import HTML, content_type, negotiate
from alliance_kg.server.neighbourhood import DEFAULT_NODES, MAX_NODES, neighbourhood
from alliance_kg.server.search import lookup
from alliance_kg.server.state import state
from alliance_kg.server.timeline import Filters, Mark, facets, load_marks, select
from flask import Blueprint, Response, jsonify, render_template, request, url_for
from pyoxigraph import NamedNode
from werkzeug.exceptions import BadRequest

blueprint = Blueprint("visual", __name__)
JSON = "application/json"


def marks() -> list[Mark]:
    """Every mark of the store, made once per build."""
    app_state = state()
    return app_state.derived("timeline", lambda: load_marks(app_state.store))


@blueprint.get("/timeline")
def timeline() -> Response:
    media_type = negotiate([HTML, JSON])
    filters = Filters(
        entity=request.args.get("entity") or None,
        kinds=tuple(k for k in request.args.getlist("type") if k),
        sources=tuple(s for s in request.args.getlist("source") if s),
    )
    window = {"from": _day(request.args.get("from"), "from"), "to": _day(request.args.get("to"), "to")}
    every = marks()
    chosen = select(every, filters)
    data = timeline_data(chosen, every, window)
    if media_type == JSON:
        return jsonify(
            {**data, "filters": {"entity": filters.entity, "type": filters.kinds, "source": filters.sources}}
        )
    entities = _entity_choices(every)
    body = render_template("timeline.html", data=data, filters=filters, entities=entities, window=window)
    return Response(body, content_type=content_type(HTML))


def timeline_data(chosen: list[Mark], every: list[Mark], window: dict[str, str | None] | None = None) -> dict[str, Any]:
    """What a timeline draws: its marks, the kinds and sources to filter by (counted over `every`), the window."""
    years = sorted({int(m.start[:4]) for m in chosen if m.start} | {int(m.end[:4]) for m in chosen if not m.start})
    return {"marks": [m.as_json() for m in chosen], **facets(every), "years": years, "window": window or {}}


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise BadRequest(f"{name} must be a day as YYYY-MM-DD, not {value!r}") from error


def _entity_choices(every: list[Mark]) -> list[tuple[str, str]]:
    """The entities the timeline can be filtered by: those its marks are about or linked to, by name."""
    names = lookup().by_iri
    found = {iri for mark in every for iri in mark.entities if iri in names}
    return sorted(((iri, names[iri].name) for iri in found), key=lambda item: item[1].lower())


@blueprint.app_context_processor
def entity_views() -> dict[str, Any]:
    """For the entity page (server/templates/entity.html): its timeline and its neighbourhood graph."""

    def entity_timeline(iri: str) -> dict[str, Any] | None:
        every = marks()
        chosen = select(every, Filters(entity=iri))
        if not chosen:
            return None
        data = timeline_data(chosen, chosen)
        data["href"] = url_for("visual.timeline", entity=iri)
        return data

    def entity_neighbourhood(iri: str):
        limit = request.args.get("nodes", DEFAULT_NODES, type=int)
        graph = neighbourhood(state().store, NamedNode(iri), max(2, min(limit, MAX_NODES)))
        return graph if graph.total else None

    return {"entity_timeline": entity_timeline, "entity_neighbourhood": entity_neighbourhood}
