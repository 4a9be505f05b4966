"""JSON-LD with a published context: compact answers name https://w3id.org/alliance-kg/context.jsonld, which the
server publishes at /context.jsonld, and read back (PyLD, fetching the context from the live server only) they are
the same RDF as the Turtle, TriG or N-Quads of the same resource, answer or dump."""

from __future__ import annotations

import gzip
import json
import urllib.parse
import urllib.request

import jsonld_client
import pytest
from alliance_kg.ontology.context import jsonld_context
from alliance_kg.server import jsonld
from pyld.jsonld import JsonLdError
from pyoxigraph import RdfFormat, parse

CONTEXT = "https://w3id.org/alliance-kg/context.jsonld"
CONSTRUCT = """PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?article akg:coversDomain ?domain . ?domain skos:prefLabel ?label }
WHERE { ?article akg:coversDomain ?domain . ?domain skos:prefLabel ?label }"""
DESCRIBE = "DESCRIBE <https://w3id.org/alliance-kg/id/fumio-kishida>"


def fetch(url: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, dict(response.headers), response.read()


def sparql(server: str, query: str) -> str:
    return f"{server}/sparql?" + urllib.parse.urlencode({"query": query})


def test_the_context_is_published_with_the_ontologys_prefixes_and_terms(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/context.jsonld")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert headers["Access-Control-Allow-Origin"] == "*"  # browsers' JSON-LD processors fetch it cross-origin
    context = json.loads(body)["@context"]
    assert context["akg"] == "https://w3id.org/alliance-kg/ontology#"
    # prefixes the ontology's Turtle files declare, besides the project's own namespaces
    assert context["sem"] == "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert context["eli"] == "http://data.europa.eu/eli/ontology#"
    assert context["id"] == "https://w3id.org/alliance-kg/id/"
    assert context["coversDomain"] == {"@id": "akg:coversDomain", "@type": "@id"}  # an object property
    assert context["quote"] == "akg:quote"  # a datatype property
    assert context["Claim"] == "akg:Claim"
    # `domain` is a prefix of the ontology (domain:space) and so not the term of akg:domain
    assert context["domain"] == "https://w3id.org/alliance-kg/id/domain/"
    # the same context the server compacts with, revalidated by its ETag
    assert json.loads(body) == jsonld_context()
    request = urllib.request.Request(f"{live_graph_server}/context.jsonld", headers={"If-None-Match": headers["ETag"]})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=30)
    assert not_modified.value.code == 304


@pytest.mark.parametrize(
    "path", ["id/us-japan-security-treaty/art_5", "id/fumio-kishida", "doc/003", "id/domain/space", "ontology"]
)
def test_a_linked_data_page_as_compact_json_ld_is_the_same_rdf_as_its_turtle(live_graph_server, path):
    status, headers, body = fetch(f"{live_graph_server}/{path}", "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    document = json.loads(body)
    assert document["@context"] == CONTEXT
    _, _, turtle = fetch(f"{live_graph_server}/{path}", "text/turtle")
    expected = jsonld_client.canonical(parse(turtle, format=RdfFormat.TURTLE))
    assert jsonld_client.canonical(jsonld_client.quads(body, live_graph_server)) == expected
    assert len(expected) > 5


def test_compact_json_ld_reads_without_knowing_our_iris(live_graph_server):
    _, _, body = fetch(f"{live_graph_server}/id/us-japan-security-treaty/art_5", "application/ld+json")
    text = body.decode("utf-8")
    assert '"coversDomain": [' in text and '"domain:space"' in text
    assert '"@type": [' in text and '"TreatyArticle"' in text  # rdf:type as @type, classes by name
    assert "https://w3id.org/alliance-kg/ontology#" not in text


def test_a_claim_keeps_its_named_graph_as_in_trig(live_graph_server):
    path = f"{live_graph_server}/claim/000-article-v-space"
    _, _, body = fetch(path, "application/ld+json")
    _, _, trig = fetch(path, "application/trig")
    quads = jsonld_client.quads(body, live_graph_server)
    assert jsonld_client.canonical(quads) == jsonld_client.canonical(parse(trig, format=RdfFormat.TRIG))
    assert any(
        getattr(q.graph_name, "value", None) == "https://w3id.org/alliance-kg/claim/000-article-v-space" for q in quads
    )


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_construct_and_describe_answer_compact_json_ld_with_the_same_triples_as_turtle(live_graph_server, query):
    status, headers, body = fetch(sparql(live_graph_server, query), "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(body)["@context"] == CONTEXT
    _, _, turtle = fetch(sparql(live_graph_server, query), "text/turtle")
    expected = jsonld_client.canonical(parse(turtle, format=RdfFormat.TURTLE))
    assert jsonld_client.canonical(jsonld_client.quads(body, live_graph_server)) == expected
    assert len(expected) >= 10


def test_the_expanded_profile_needs_no_context(live_graph_server):
    accept = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
    status, headers, body = fetch(sparql(live_graph_server, CONSTRUCT), accept)
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert "@context" not in body.decode("utf-8")
    _, _, turtle = fetch(sparql(live_graph_server, CONSTRUCT), "text/turtle")
    # pyoxigraph, which loads no remote context, reads it
    assert jsonld_client.canonical(parse(body, format=RdfFormat.JSON_LD)) == jsonld_client.canonical(
        parse(turtle, format=RdfFormat.TURTLE)
    )


@pytest.mark.slow  # PyLD compacts the 14,000 quads of the dump in about 10 s
def test_the_json_ld_dump_is_compact_and_holds_every_named_quad(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/dumps/alliance-kg.jsonld.gz")
    assert (status, headers["X-Uncompressed-Content-Type"]) == (200, "application/ld+json")
    document = gzip.decompress(body)
    assert json.loads(document)["@context"] == CONTEXT
    _, _, nquads = fetch(f"{live_graph_server}/dumps/alliance-kg.nq.gz")
    expected = jsonld_client.canonical(parse(gzip.decompress(nquads), format=RdfFormat.N_QUADS))
    assert jsonld_client.canonical(jsonld_client.quads(document, live_graph_server)) == expected


def test_answers_over_the_compaction_bound_are_expanded(graph_store):
    from alliance_kg.server import create_app

    app = create_app({"STORE": graph_store, "JSONLD_COMPACT_MAX_TRIPLES": 5, "TESTING": True})
    client = app.test_client()
    small = client.get(
        "/sparql", query_string={"query": CONSTRUCT + " LIMIT 1"}, headers={"Accept": "application/ld+json"}
    )
    assert json.loads(small.data)["@context"] == CONTEXT
    large = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "application/ld+json"})
    assert large.status_code == 200 and "@context" not in large.get_data(as_text=True)
    assert len(list(parse(large.data, format=RdfFormat.JSON_LD))) >= 10


def test_the_server_loader_loads_only_the_published_context():
    load = jsonld.document_loader("https://w3id.org/alliance-kg/")
    assert load(CONTEXT)["document"] == jsonld_context()
    with pytest.raises(JsonLdError, match="is not fetched"):
        load("https://schema.org/")
    # a document naming another remote context is refused, not fetched
    with pytest.raises(JsonLdError):
        jsonld.to_quads(
            {"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://a/b"}, "https://w3id.org/alliance-kg/"
        )
