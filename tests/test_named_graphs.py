"""Named graphs dereference: …/graph/<name> and every claim graph answer a page and RDF, as entity IRIs do."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

BASE = "https://w3id.org/alliance-kg/"


def fetch(url: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def named_graphs(store) -> list[NamedNode]:
    return [row[0] for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]


def test_every_named_graph_of_the_store_has_an_address_here(graph_store):
    graphs = named_graphs(graph_store)
    assert len(graphs) > 400  # a graph per claim, and the build's own graphs
    assert all(g.value.startswith((BASE + "graph/", BASE + "claim/")) for g in graphs)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["evidence", "documents", "registry", "links", "ontology", "inferred"])
def test_a_build_graph_answers_its_triples_as_rdf(live_graph_server, graph_store, name):
    graph = NamedNode(BASE + "graph/" + name)
    stored = {q.triple for q in graph_store.quads_for_pattern(None, None, None, graph)}
    status, headers, body = fetch(f"{live_graph_server}/graph/{name}", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in headers["Vary"]
    triples = {q.triple for q in parse(body, format=RdfFormat.TURTLE)}
    blank_free = {t for t in stored if not any(type(x).__name__ == "BlankNode" for x in (t.subject, t.object))}
    assert blank_free <= triples and len(triples) >= len(stored)
    # TriG keeps the graph's name
    status, _, body = fetch(f"{live_graph_server}/graph/{name}?format=trig")
    quads = list(parse(body, format=RdfFormat.TRIG))
    assert status == 200 and sum(q.graph_name == graph for q in quads) == len(stored)


def test_a_graph_that_describes_itself_says_so_in_its_rdf_and_page(live_graph_server):
    _, _, body = fetch(f"{live_graph_server}/graph/inferred", "text/turtle")
    triples = list(parse(body, format=RdfFormat.TURTLE))
    inferred = NamedNode(BASE + "graph/inferred")
    assert any(t.subject == inferred and t.predicate.value.endswith("wasGeneratedBy") for t in triples)
    status, headers, page = fetch(f"{live_graph_server}/graph/inferred", "text/html")
    text = page.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Inferred triples</h1>" in text and "Triples entailed by the ontology" in text


@pytest.mark.slow
def test_a_graph_page_counts_and_lists_its_triples_page_by_page(live_graph_server, graph_store):
    graph = NamedNode(BASE + "graph/evidence")
    count = sum(1 for _ in graph_store.quads_for_pattern(None, None, None, graph))
    _, _, first = fetch(f"{live_graph_server}/graph/evidence", "text/html")
    _, _, second = fetch(f"{live_graph_server}/graph/evidence?page=2", "text/html")
    first_text, second_text = first.decode("utf-8"), second.decode("utf-8")
    assert f"{count} triples" in first_text and "(page 1 of " in first_text and "(page 2 of " in second_text
    captions = re.compile(r'<caption><a href="([^"]+)"')
    assert set(captions.findall(first_text)).isdisjoint(captions.findall(second_text))
    assert 'href="/claim/' in first_text  # subjects link to their own pages here


@pytest.mark.slow
def test_every_claim_graph_dereferences_with_its_quads(live_graph_server, graph_store):
    claims = [g for g in named_graphs(graph_store) if g.value.startswith(BASE + "claim/")]
    for claim in claims[::25]:
        stored = set(graph_store.quads_for_pattern(None, None, None, claim))
        path = claim.value.removeprefix(BASE)
        status, _, body = fetch(f"{live_graph_server}/{path}", "application/trig")
        assert status == 200
        assert stored <= {q for q in parse(body, format=RdfFormat.TRIG) if isinstance(q, Quad)}
        status, headers, _ = fetch(f"{live_graph_server}/{path}", "text/html")
        assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_pages_link_graph_names_to_their_pages(live_graph_server):
    _, _, page = fetch(f"{live_graph_server}/id/japan", "text/html")
    assert 'href="/graph/inferred"' in page.decode("utf-8")  # "other statements" name their graph


def test_an_unknown_graph_is_404_with_a_message(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/graph/nothing-here", "text/turtle")
    assert status == 404 and b"no named graph" in body
