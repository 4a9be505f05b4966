"""The SPARQL 1.1 Protocol endpoint, `/sparql`: a query is answered on the query path (server/answers.py), an
update handed to server/update.py; without either, a browser gets the query page and any other client the
SPARQL 1.1 Service Description (server/service.py)."""

from __future__ import annotations

from alliance_kg.server import answers, protocol, update
from alliance_kg.server.executor import Job
from alliance_kg.server.formats import HTML, negotiate
from alliance_kg.server.limits import check_query_length
from alliance_kg.server.service import DESCRIPTION_TYPES, service_description
from alliance_kg.server.state import state
from flask import Blueprint, Response, render_template, request

blueprint = Blueprint("sparql", __name__)
EXAMPLE = "article_v_domains"  # the query the page opens with


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | str:
    if protocol.is_update():  # off unless UPDATE_TOKEN is configured, then only with that bearer token
        return update.handle()
    query = protocol.query()
    if query is None:
        if negotiate([*DESCRIPTION_TYPES, HTML], "graph") == HTML:
            examples = state().catalogue
            return render_template("sparql.html", examples=examples, query=examples[EXAMPLE].text)
        return service_description()
    check_query_length(query)
    default_graph, named_graphs = protocol.dataset()
    job = Job(query, base_iri=request.base_url, default_graph=default_graph, named_graphs=named_graphs)
    return answers.respond(job)
