"""Finding entities and terms by name over HTTP: /search (page and JSON), the W3C Reconciliation Service API at
/reconcile as OpenRefine calls it, and the completions the query editor asks for."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

KISHIDA = "https://w3id.org/alliance-kg/id/fumio-kishida"
PERSON = "https://w3id.org/alliance-kg/ontology#Person"


def fetch(url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None):
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(url: str) -> dict:
    status, headers, body = fetch(url, "application/json")
    assert status == 200 and headers["Content-Type"] == "application/json", body
    return json.loads(body)


# --- /search ------------------------------------------------------------------------------------------------


def test_kishida_finds_the_registrys_person_first_typed(live_graph_server):
    answer = get_json(f"{live_graph_server}/search?q=Kishida")
    first, *rest = answer["results"]
    assert (first["iri"], first["matched"]) == (KISHIDA, "Kishida")  # by an alias of the registry
    assert first["types"] == [{"iri": PERSON, "label": "Person"}]
    assert first["href"] == "/id/fumio-kishida"
    assert rest and all(r["score"] < first["score"] for r in rest)  # events named after him come after
    assert any("summit" in r["name"] for r in rest)


@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("Article 5", "https://w3id.org/alliance-kg/id/us-japan-security-treaty/art_5"),  # an alias of "Article V"
        ("2+2", "https://w3id.org/alliance-kg/id/security-consultative-committee"),
        ("japan", "https://w3id.org/alliance-kg/id/japan"),
        ("Kishda", KISHIDA),  # a slip of the keyboard
        ("space", "https://w3id.org/alliance-kg/id/domain/space"),  # a SKOS concept of the ontology
    ],
)
def test_labels_aliases_and_near_spellings_are_found(live_graph_server, query, iri):
    answer = get_json(f"{live_graph_server}/search?" + urllib.parse.urlencode({"q": query}))
    assert answer["results"][0]["iri"] == iri


def test_search_filters_by_type(live_graph_server):
    query = urllib.parse.urlencode({"q": "Kishida", "type": "https://w3id.org/alliance-kg/ontology#Meeting"})
    results = get_json(f"{live_graph_server}/search?{query}")["results"]
    assert results and KISHIDA not in {r["iri"] for r in results}
    assert all("summit" in r["name"].lower() for r in results)  # summits are meetings (a subclass)


def test_the_search_page_links_each_result_to_its_page(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/search?q=Kishida", "text/html")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<a class="result-name" href="/id/fumio-kishida">Fumio Kishida</a>' in page
    assert 'title="https://w3id.org/alliance-kg/ontology#Person">Person</span>' in page
    status, _, body = fetch(f"{live_graph_server}/search?q=Kishida&format=json")
    assert status == 200 and json.loads(body)["results"][0]["iri"] == KISHIDA


def test_search_refuses_a_bad_limit(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/search?q=Japan&limit=many", "application/json")
    assert status == 400 and b"not a whole number" in body


# --- the Reconciliation Service API ------------------------------------------------------------------------


def test_the_manifest_follows_the_specification(live_graph_server):
    status, headers, body = fetch(f"{live_graph_server}/reconcile")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert headers["Access-Control-Allow-Origin"] == "*"  # browsers call it across origins (no JSONP)
    manifest = json.loads(body)
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == "https://w3id.org/alliance-kg/"
    assert manifest["schemaSpace"] == "https://w3id.org/alliance-kg/ontology#"
    assert isinstance(manifest["name"], str) and manifest["name"]
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    assert isinstance(manifest["preview"]["width"], int) and isinstance(manifest["preview"]["height"], int)
    types = manifest["defaultTypes"]
    assert {"id": "Person", "name": "Person"} in types and len({t["id"] for t in types}) == len(types)
    for kind in ("entity", "type", "property"):
        service = manifest["suggest"][kind]
        assert service["service_url"] == live_graph_server and service["service_path"].startswith("/reconcile/")


def openrefine_batch(server: str, queries: dict) -> dict:
    """A batch as OpenRefine 3 sends it: POST, form-encoded, one `queries` field holding JSON."""
    body = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode("utf-8")
    status, headers, answer = fetch(
        f"{server}/reconcile", data=body, content_type="application/x-www-form-urlencoded; charset=UTF-8"
    )
    assert status == 200 and headers["Content-Type"] == "application/json", answer
    return json.loads(answer)


def assert_result_batch(batch: dict, keys: set[str]) -> None:
    """The shape of a reconciliation result batch (version 0.2)."""
    assert set(batch) == keys
    for result in batch.values():
        for candidate in result["result"]:
            assert isinstance(candidate["id"], str) and isinstance(candidate["name"], str)
            assert isinstance(candidate["score"], int | float) and isinstance(candidate["match"], bool)
            assert all(isinstance(t["id"], str) for t in candidate["type"])
            assert all(isinstance(f["value"], bool | int | float) for f in candidate["features"])


def test_kishida_is_reconciled_to_the_registrys_person_typed_and_matched(live_graph_server):
    batch = openrefine_batch(
        live_graph_server,
        {
            "q0": {"query": "Kishida", "type": "Person", "type_strict": "should"},
            "q1": {"query": "Japan", "limit": 3},
            "q2": {"query": "U.S. Department of Nothing"},
        },
    )
    assert_result_batch(batch, {"q0", "q1", "q2"})
    first, second, *_ = batch["q0"]["result"]
    assert (first["id"], first["name"], first["type"]) == (
        "id/fumio-kishida",
        "Fumio Kishida",
        [{"id": "Person", "name": "Person"}],
    )
    assert first["match"] is True and first["score"] > second["score"] and second["match"] is False
    assert batch["q1"]["result"][0]["id"] == "id/japan" and len(batch["q1"]["result"]) <= 3
    assert batch["q2"]["result"] == [] or batch["q2"]["result"][0]["match"] is False
    # the manifest's view URL leads to the candidate's page on this server
    status, _, page = fetch(f"{live_graph_server}/{first['id']}", "text/html")
    assert status == 200 and b"<h1>Fumio Kishida</h1>" in page


def test_types_restrict_and_properties_confirm(live_graph_server):
    batch = openrefine_batch(
        live_graph_server,
        {
            "strict": {"query": "Kishida", "type": ["Meeting"], "type_strict": "any"},
            "office": {"query": "Biden", "properties": [{"pid": "holdsOffice", "v": "President of the United States"}]},
            "wrong": {"query": "Joe Biden", "properties": [{"pid": "akg:holdsOffice", "v": "Prime Minister of Japan"}]},
            "by_id": {"properties": [{"pid": "participant", "v": {"id": "id/joe-biden"}}], "type": "Summit"},
        },
    )
    assert_result_batch(batch, {"strict", "office", "wrong", "by_id"})
    assert all(c["id"] != "id/fumio-kishida" for c in batch["strict"]["result"])
    office = batch["office"]["result"][0]
    assert office["id"] == "id/joe-biden" and office["match"] is True
    assert {"id": "property:holdsOffice", "value": True} in office["features"]
    wrong = batch["wrong"]["result"][0]
    assert wrong["id"] == "id/joe-biden" and wrong["match"] is False  # the name is his, the office is not
    summits = {c["id"] for c in batch["by_id"]["result"]}
    assert "id/event/kishida-biden-summit-2023-01" in summits
    assert all(c["id"].startswith("id/event/") for c in batch["by_id"]["result"])


def test_a_single_query_of_version_0_1_and_a_get_batch(live_graph_server):
    single = get_json(f"{live_graph_server}/reconcile?query=Kishida")
    assert single["result"][0]["id"] == "id/fumio-kishida"
    batch = get_json(
        f"{live_graph_server}/reconcile?" + urllib.parse.urlencode({"queries": '{"a": {"query": "NASA"}}'})
    )
    assert batch["a"]["result"][0]["id"] == "id/nasa"


@pytest.mark.parametrize(
    ("queries", "message"),
    [
        ("not json", b"not valid JSON"),
        ("[1, 2]", b"JSON object of queries"),
        ('{"q0": "Kishida"}', b"must be a JSON object"),
        ('{"q0": {"query": 5}}', b"'query' must be a string"),
        ('{"q0": {"query": "x", "type_strict": "maybe"}}', b"type_strict"),
        ('{"q0": {"query": "x", "limit": -1}}', b"'limit' must be a positive number"),
        ('{"q0": {}}', b"needs a 'query' string or 'properties'"),
    ],
)
def test_malformed_batches_are_400_with_what_is_wrong(live_graph_server, queries, message):
    body = urllib.parse.urlencode({"queries": queries}).encode("utf-8")
    status, _, answer = fetch(
        f"{live_graph_server}/reconcile", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert status == 400 and message in answer


def test_suggest_and_preview(live_graph_server):
    entities = get_json(f"{live_graph_server}/reconcile/suggest/entity?prefix=kishi")["result"]
    assert entities[0]["id"] == "id/fumio-kishida" and entities[0]["notable"] == [{"id": "Person", "name": "Person"}]
    types = get_json(f"{live_graph_server}/reconcile/suggest/type?prefix=Summ")["result"]
    assert types[0] == {"id": "Summit", "name": "Summit"}
    properties = get_json(f"{live_graph_server}/reconcile/suggest/property?prefix=holds")["result"]
    assert {"id": "holdsOffice", "name": "holds office"} in properties
    status, headers, page = fetch(f"{live_graph_server}/reconcile/preview?id=id/fumio-kishida")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Fumio Kishida" in page and b"Prime Minister of Japan" in page
    assert fetch(f"{live_graph_server}/reconcile/preview?id=id/nobody")[0] == 404
    assert fetch(f"{live_graph_server}/reconcile/suggest/colour?prefix=x")[0] == 404


# --- completion in the query editor --------------------------------------------------------------------------


def completions(server: str, text: str, kind: str) -> list[dict]:
    query = urllib.parse.urlencode({"q": text, "kind": kind})
    return get_json(f"{server}/api/completions?{query}")["completions"]


def test_akg_cov_offers_covers_domain(live_graph_server):
    found = completions(live_graph_server, "akg:cov", "property")
    assert found[0] == {
        "text": "akg:coversDomain",
        "iri": "https://w3id.org/alliance-kg/ontology#coversDomain",
        "kind": "property",
        "label": "covers domain",
    }
    # the editor sends the IRI itself when the query declares the prefix
    by_iri = completions(live_graph_server, "https://w3id.org/alliance-kg/ontology#cov", "property")
    assert by_iri[0]["iri"] == "https://w3id.org/alliance-kg/ontology#coversDomain"


def test_classes_reused_vocabularies_entities_and_prefixes_complete(live_graph_server):
    assert completions(live_graph_server, "akg:Sum", "class")[0]["text"] == "akg:Summit"
    assert "skos:prefLabel" in [c["text"] for c in completions(live_graph_server, "skos:pref", "property")]
    entities = completions(live_graph_server, "id:kishi", "entity")
    assert entities[0] == {"text": "id:fumio-kishida", "iri": KISHIDA, "kind": "entity", "label": "Fumio Kishida"}
    # an IRI whose local part holds a slash is written with SPARQL's escape
    scc = completions(live_graph_server, "id:event\\/scc", "entity")
    assert "id:event\\/scc-2023-01" in [c["text"] for c in scc]
    prefixes = completions(live_graph_server, "ak", "prefix")
    assert prefixes == [
        {
            "text": "akg: <https://w3id.org/alliance-kg/ontology#>",
            "iri": "https://w3id.org/alliance-kg/ontology#",
            "kind": "prefix",
            "label": None,
        }
    ]
    assert completions(live_graph_server, "sem", "prefix")[0]["iri"] == "http://semanticweb.cs.vu.nl/2009/11/sem/"


def test_completions_refuse_an_unknown_kind(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/api/completions?q=a&kind=colour")
    assert status == 400 and b"kind must be one of" in body
