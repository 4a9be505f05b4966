"""Linked data: every entity, claim, source document and ontology term IRI dereferences through this server.

`PUBLIC_BASE` (https://w3id.org/alliance-kg/ by default) is the server's own root, so `…/id/<path>`,
`…/claim/<id>`, `…/doc/<id>`, `…/graph/<name>` and `…/ontology` are served at `/id/<path>`, `/claim/<id>`,
`/doc/<id>`, `/graph/<name>` and `/ontology`. Clients get Turtle, JSON-LD, N-Triples or TriG by `Accept` (or
`?format=`); browsers get HTML. The RDF of a resource is its concise bounded description (see `description`).
An IRI that an earlier release served and this one retired (the sources folder's releases.yaml, in the graph
…/graph/release) answers 301 to its successor, or 410 Gone, each with the reason; `/release/<version>`
describes a release and its changes.
"""

from __future__ import annotations

import hashlib

from alliance_kg.ontology.namespaces import GRAPH, PREFIXES
from alliance_kg.server import errors, jsonld, named_graphs, pages
from alliance_kg.server.formats import FORMATS, HTML, content_type, media_types, negotiate, write_rdf
from alliance_kg.server.state import state
from flask import Blueprint, Response, current_app, redirect, render_template, request
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Store, Variable
from werkzeug.exceptions import Gone, NotFound

blueprint = Blueprint("linked_data", __name__)

# HTML for browsers, then RDF in order of preference for a client that accepts anything.
OFFERS = [HTML, *media_types(RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.N_TRIPLES, RdfFormat.TRIG)]

QUALIFIED_NODES = """
PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
SELECT DISTINCT ?target ?node WHERE {
  ?node ?link ?target ; a ?form .
  ?form akg:qualifies ?shortcut .
  { ?form akg:subjectProperty ?link } UNION { ?form akg:objectProperty ?link }
}
"""


RETIREMENT = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?iri ?successor ?reason ?version WHERE {
  GRAPH <https://w3id.org/alliance-kg/graph/release> {
    ?iri owl:deprecated true ; skos:changeNote ?reason ; akg:retiredIn ?release .
    ?release dcat:version ?version .
    OPTIONAL { ?iri dcterms:isReplacedBy ?successor }
  }
}
"""


def store() -> Store:
    return state().store


def public_base() -> str:
    return current_app.config["PUBLIC_BASE"]


@blueprint.app_context_processor
def template_globals() -> dict:
    """What every page (the query page too) needs: the public base, the prefixes, and IRI → page links."""
    return {"public_base": public_base(), "rdf_prefixes": PREFIXES, "local_href": pages.local_href}


@blueprint.after_request
def vary_on_accept(response: Response) -> Response:
    response.vary.add("Accept")  # errors too: a 406 or 404 depends on what the client asked for
    return response


@blueprint.get("/id/<path:path>")
def entity(path: str) -> Response | str:
    iri = _iri(f"id/{path}")
    return _answer(iri, lambda: render_template("entity.html", page=pages.entity_page(store(), iri)))


@blueprint.get("/doc/<doc_id>")
def document(doc_id: str) -> Response | str:
    iri = _iri(f"doc/{doc_id}")
    return _answer(iri, lambda: render_template("document.html", page=pages.document_page(store(), iri)))


@blueprint.get("/claim/<claim_id>")
def claim(claim_id: str) -> Response | str:
    iri = _iri(f"claim/{claim_id}")
    return _answer(iri, lambda: render_template("claim.html", page=pages.claim_page(store(), iri)))


@blueprint.get("/graph/<path:path>")
def named_graph(path: str) -> Response | str:
    """A named graph (…/graph/evidence, …/graph/links, …): its triples with what it says of itself; a page in pages."""
    iri = _iri(f"graph/{path}")
    media_type = negotiate(OFFERS)
    quads = named_graphs.graph_quads(store(), iri)
    if not quads:
        raise NotFound(f"the store has no named graph <{iri.value}>; SELECT DISTINCT ?g {{ GRAPH ?g {{}} }} lists them")
    if media_type == HTML:
        page = named_graphs.graph_page(store(), iri, request.args.get("page", 1, type=int))
        return _html(render_template("graph.html", page=page))
    return _rdf(quads, media_type, iri.value.rstrip("/").rsplit("/", 1)[-1])


@blueprint.get("/release/<version>")
def release(version: str) -> Response | str:
    iri = _iri(f"release/{version}")
    return _answer(iri, lambda: render_template("entity.html", page=pages.entity_page(store(), iri)))


@blueprint.get("/ontology")
def ontology() -> Response | str:
    iri = _iri("ontology")
    media_type = negotiate(OFFERS)
    if media_type == HTML:
        return _html(render_template("ontology.html", page=pages.ontology_page(store(), iri)))
    quads = ontology_description(store(), iri)
    return _rdf(quads, media_type, "ontology")


@blueprint.get("/context.jsonld")
def context() -> Response:
    """The JSON-LD context that compact JSON-LD answers name (server/jsonld.py), at PUBLIC_BASE + context.jsonld."""
    body = jsonld.context_bytes()
    response = Response(body, content_type="application/ld+json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response.make_conditional(request)


def _iri(path: str) -> NamedNode:
    try:
        return NamedNode(public_base() + path)
    except ValueError as error:
        raise NotFound(f"{public_base()}{path} is not a valid IRI") from error


def _answer(iri: NamedNode, html) -> Response | str:
    media_type = negotiate(OFFERS)  # before the look-up: a bad format parameter is a 400 whatever the IRI
    retired = list(store().query(RETIREMENT, substitutions={Variable("iri"): iri}))  # read to the end, on this thread
    if retired:
        return _retired(iri, retired[0])
    quads = description(store(), iri)
    if not quads:
        raise NotFound(
            f"the graph has nothing about <{iri.value}>; check the address, or search with SPARQL at /sparql"
        )
    if media_type == HTML:
        return _html(html())
    return _rdf(quads, media_type, iri.value.rstrip("/").rsplit("/", 1)[-1])


def _retired(iri: NamedNode, row) -> Response:
    """301 to the successor of a retired IRI, or 410 Gone; the reason in a header and the body either way."""
    reason, version = row["reason"].value.rstrip("."), row["version"].value
    successor = row["successor"]
    note = f"<{iri.value}> was retired in release {version}: {reason}"
    if successor is not None and successor.value.startswith(public_base()):
        response = redirect("/" + successor.value.removeprefix(public_base()), code=301)
        response.set_data(f"{note}.\nIt is now <{successor.value}>.\n")
        response.content_type = "text/plain; charset=utf-8"
    else:
        response = errors.plain_error(Gone(f"{note}. It has no successor; search the graph with SPARQL at /sparql."))
    if successor is not None:
        response.headers["Link"] = f'<{successor.value}>; rel="successor-version"'  # RFC 5829
    return response


def _html(body: str) -> Response:
    return Response(body, content_type=content_type(HTML))


def _rdf(quads: list[Quad], media_type: str, name: str) -> Response:
    """The quads in `media_type`: with their graphs in a dataset format, else their triples, each once."""
    rdf_format = FORMATS[media_type]
    data = quads if rdf_format.supports_datasets else list(dict.fromkeys(q.triple for q in quads))
    headers = {"Content-Disposition": f'inline; filename="{name}.{rdf_format.file_extension}"'}
    return Response(write_rdf(data, media_type), content_type=content_type(media_type), headers=headers)


def description(store: Store, iri: NamedNode) -> list[Quad]:
    """The concise bounded description of `iri`, as quads.

    Triples with it as subject (following blank nodes and its own `#fragment` nodes, e.g. a claim's targets and
    selectors), the qualified nodes that point to it with their triples, and, for a claim, the claim's own graph
    (kept as a named graph, for TriG). Empty when the graph has nothing about it.
    """
    quads: dict[Quad, None] = {}
    subjects = [iri]
    subjects += [row["node"] for row in store.query(QUALIFIED_NODES, substitutions={Variable("target"): iri})]
    _closure(store, subjects, iri.value + "#", quads)
    if not quads:
        return []
    for quad in store.quads_for_pattern(None, None, None, iri):  # the claim's graph: what it asserts
        quads[quad] = None
    return list(quads)


def ontology_description(store: Store, iri: NamedNode) -> list[Quad]:
    """The ontology document: the ontology, every `…/ontology#term`, and the anonymous axioms, as in its graph."""
    graph = GRAPH.ontology
    prefix = iri.value + "#"
    quads = list(store.quads_for_pattern(None, None, None, graph))
    objects = {q.object for q in quads}
    roots = {
        q.subject
        for q in quads
        if q.subject == iri
        or (isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix))
        or (isinstance(q.subject, BlankNode) and q.subject not in objects)
    }
    found: dict[Quad, None] = {}
    _closure(store, sorted(roots, key=str), prefix, found, graph)
    return [Quad(q.subject, q.predicate, q.object) for q in found]


def _closure(store: Store, subjects: list, fragment_prefix: str, quads: dict[Quad, None], graph=None) -> None:
    seen: set = set()
    while subjects:
        node = subjects.pop(0)
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, graph or DefaultGraph()):
            quads[quad] = None
            obj = quad.object
            if isinstance(obj, BlankNode) or (isinstance(obj, NamedNode) and obj.value.startswith(fragment_prefix)):
                subjects.append(obj)
