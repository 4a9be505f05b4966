"""Linked data over HTTP: IRIs of the graph dereference on a live server, as RDF or as pages with their evidence."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser

import jsonld_client
import pytest
from alliance_kg.ontology.namespaces import AKG, RDFS, SKOS
from pyoxigraph import Literal, NamedNode, RdfFormat, parse

ARTICLE_V = "id/us-japan-security-treaty/art_5"
BASE = "https://w3id.org/alliance-kg/"


def fetch(url: str, accept: str | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


class Marks(HTMLParser):
    """The <mark> highlights of a document page: for each, its text and the quote anchors it belongs to."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[list[str], str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self._open = (dict(attrs).get("data-quotes") or "").split()
            self.marks.append((self._open, ""))

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            quotes, text = self.marks[-1]
            self.marks[-1] = (quotes, text + data)


def test_entity_as_turtle_parses_and_has_its_label(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/{ARTICLE_V}", "text/turtle")
    assert status == 200
    assert headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in headers["Vary"]
    triples = list(parse(body.encode(), format=RdfFormat.TURTLE))
    article = NamedNode(BASE + ARTICLE_V)
    assert any(
        t.subject == article and t.predicate == SKOS.prefLabel and t.object.value == "Article V" for t in triples
    )
    # the qualified coverage nodes that point to it come with their triples
    assert any(t.predicate == AKG.startDate and t.object.value == "2023-01-11" for t in triples)


@pytest.mark.slow
def test_entity_as_json_ld_and_n_triples_parse(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/{ARTICLE_V}", "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(body)["@context"] == "https://w3id.org/alliance-kg/context.jsonld"
    triples = jsonld_client.quads(body, live_graph_server)
    assert Literal("Article V", language="en") in {t.object for t in triples}
    status, _, body = fetch(f"{live_graph_server}/{ARTICLE_V}?format=nt")
    assert status == 200
    assert len(list(parse(body.encode(), format=RdfFormat.N_TRIPLES))) == len(triples)


@pytest.mark.slow
def test_browsers_get_html(live_graph_server):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = fetch(f"{live_graph_server}/{ARTICLE_V}", accept)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Article V</h1>" in body


def test_article_v_page_shows_coverage_with_qualifiers_quotes_and_sources(live_graph_server):
    _, _, body = fetch(f"{live_graph_server}/{ARTICLE_V}", "text/html")
    for domain in ("air", "land", "maritime", "cyber", "space"):
        assert f">{domain}</a>" in body
    assert "Article 5 of the U.S.–Japan Security Treaty" in body  # an alternative label
    assert "2023-01-11" in body and "Security Consultative Committee meeting of January 2023" in body
    assert "The Security Consultative Committee clarified that the scope of Article V" in body
    # each source of the three space coverages, each quote linked to its place in its document
    for claim in ("000-article-v-space", "001-article-5-space", "003-article-5-space"):
        assert f'href="/claim/{claim}"' in body
    assert re.search(r'href="/doc/000#quote-000-article-v-space-\d+"', body)
    assert re.search(r'href="/doc/001#quote-001-article-5-space-\d+"', body)


def test_document_page_highlights_every_quote(live_graph_server, graph_store):
    _, _, body = fetch(f"{live_graph_server}/doc/000", "text/html")
    parser = Marks()
    parser.feed(body)
    assert parser.marks, "the document page has no highlighted quote"
    highlighted: dict[str, str] = {}
    for quotes, text in parser.marks:
        for anchor in quotes:
            highlighted[anchor] = highlighted.get(anchor, "") + text
    expected = {
        f"quote-{row['claim'].value.rsplit('/', 1)[-1]}-{row['target'].value.rsplit('-', 1)[-1]}": row["exact"].value
        for row in graph_store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?claim ?target ?exact WHERE {
              ?claim a <https://w3id.org/alliance-kg/ontology#Claim> ; oa:hasTarget ?target .
              ?target oa:hasSource <https://w3id.org/alliance-kg/doc/000> ;
                oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
            }"""
        )
    }
    assert expected
    assert highlighted == expected  # every quote, and nothing else; overlapping quotes each complete
    for anchor in expected:
        assert f'id="{anchor}"' in body


def test_document_page_shows_metadata(live_graph_server):
    _, _, body = fetch(f"{live_graph_server}/doc/002", "text/html")
    assert "Japan&#39;s Alliance with the U.S. Has Just Gone Global" in body
    assert "Jeffrey W. Hornung" in body and "RAND" in body
    assert "2024-04-16" in body and "stated" in body


def test_claim_page_shows_statement_and_quote(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/claim/000-article-v-space", "text/html")
    assert status == 200
    assert "Article V" in body and "covers domain" in body and ">space</a>" in body
    assert "The Security Consultative Committee clarified that the scope of Article V" in body
    assert 'href="/doc/000#quote-000-article-v-space-1"' in body


def test_claim_as_trig_keeps_its_graph(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/claim/000-article-v-space", "application/trig")
    assert status == 200
    claim = NamedNode(BASE + "claim/000-article-v-space")
    quads = list(parse(body.encode(), format=RdfFormat.TRIG))
    assert any(q.graph_name == claim and q.predicate == AKG.coversDomain for q in quads)
    assert any(q.subject == claim and q.predicate == AKG.quote for q in quads)


def test_ontology_dereferences(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/ontology", "text/turtle")
    assert status == 200
    triples = list(parse(body.encode(), format=RdfFormat.TURTLE))
    assert any(t.subject == AKG.coversDomain and t.predicate == RDFS.label for t in triples)
    _, _, page = fetch(f"{live_graph_server}/ontology", "text/html")
    assert 'id="coversDomain"' in page


@pytest.mark.parametrize("path", ["id/no-such-thing", "claim/000-no-such-claim", "doc/999"])
def test_unknown_iri_is_404_with_a_message(live_graph_server, path):
    status, headers, body = fetch(f"{live_graph_server}/{path}", "text/turtle")
    assert status == 404
    assert BASE + path in body


def test_unacceptable_and_unknown_formats(live_graph_server):
    assert fetch(f"{live_graph_server}/{ARTICLE_V}", "image/png")[0] == 406
    assert fetch(f"{live_graph_server}/{ARTICLE_V}?format=pdf")[0] == 400


def test_entity_page_links_to_wikidata(live_graph_server):
    _, _, body = fetch(f"{live_graph_server}/id/japan", "text/html")
    assert 'href="http://www.wikidata.org/entity/Q17"' in body
