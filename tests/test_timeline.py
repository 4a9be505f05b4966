"""The timeline's marks and the neighbourhood graph as data: dates at their sources' precision, disagreements linked,
filters, every mark leading to its claim and quote, and the neighbourhood equal to the CONSTRUCT the page shows."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from alliance_kg.server.timeline import span
from pyoxigraph import NamedNode

BASE = "https://w3id.org/alliance-kg/"
KISHIDA = BASE + "id/fumio-kishida"


def fetch(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def marks(live_graph_server) -> dict[str, dict]:
    status, body = fetch(f"{live_graph_server}/timeline")
    assert status == 200
    return {mark["id"]: mark for mark in json.loads(body)["marks"]}


@pytest.mark.parametrize(
    ("value", "datatype", "earliest", "latest", "expected"),
    [
        ("1960", "http://www.w3.org/2001/XMLSchema#gYear", None, None, ("1960-01-01", "1961-01-01")),
        ("2024-02", "http://www.w3.org/2001/XMLSchema#gYearMonth", None, None, ("2024-02-01", "2024-03-01")),
        ("2022-12", "http://www.w3.org/2001/XMLSchema#gYearMonth", None, None, ("2022-12-01", "2023-01-01")),
        ("2023-01-11", "http://www.w3.org/2001/XMLSchema#date", None, None, ("2023-01-11", "2023-01-12")),
        (
            "2023-01",
            "http://www.w3.org/2001/XMLSchema#gYearMonth",
            "2023-01-09",
            "2023-01-15",
            ("2023-01-09", "2023-01-16"),
        ),
        (None, None, "2022-12-23", "2023-01-06", ("2022-12-23", "2023-01-07")),  # bounds alone
        (None, None, None, "2023-01-13", (None, "2023-01-14")),  # an upper bound alone
    ],
)
def test_a_date_spans_what_it_means(value, datatype, earliest, latest, expected):
    assert span(value, datatype, earliest, latest) == expected


def test_dates_keep_their_precision(marks):
    signing = marks["000-treaty-signing-date-date"]  # "1960"
    assert (signing["value"], signing["datatype"], signing["precision"]) == ("1960", "xsd:gYear", "year")
    assert (signing["start"], signing["end"], signing["approximate"]) == ("1960-01-01", "1961-01-01", False)
    week = marks["000-visit-2023-date-date"]  # "last week": a month with the week's bounds
    assert (week["value"], week["precision"], week["earliest"], week["latest"]) == (
        "2023-01",
        "month",
        "2023-01-09",
        "2023-01-15",
    )
    assert (week["start"], week["end"], week["approximate"]) == ("2023-01-09", "2023-01-16", True)
    day = marks["003-kishida-visit-date-date"]
    assert (day["precision"], day["start"], day["end"]) == ("day", "2023-01-13", "2023-01-14")


def test_coverages_meetings_offices_documents_and_sources_dates_are_all_marks(marks):
    kinds = {mark["kind"]["label"] for mark in marks.values()}
    assert {"Domain coverage", "Meeting", "Summit", "Signing", "Office holding", "Source document"} <= kinds
    space = [m for m in marks.values() if m["subject"]["label"] == "Article V — covers domain — space"]
    assert sorted(m["source"]["iri"].rsplit("/", 1)[-1] for m in space) == ["000", "001", "003"]
    document = marks["document-003-issued"]  # the source's own date, inferred: January 2023, from the 13th
    assert (document["value"], document["earliest"], document["latest"]) == ("2023-01", "2023-01-13", "2023-01-31")
    assert document["claim"] is None and document["href"] == "/doc/003"
    # document 002 dates itself in its text: its claim is the mark, not a second one from its metadata
    assert "002-meta-date-issued" in marks and "document-002-issued" not in marks


def test_sources_that_disagree_are_linked_and_finer_dates_are_not(marks):
    # 000 and 001 date the January 2023 "2+2" to the day; 003 only bounds it ("just a fortnight before" Jan. 13)
    a, b = (marks[f"{n}-scc-2023-date-date"] for n in ("000", "001"))
    c = marks["003-scc-2023-date-bounds"]
    assert (c["value"], c["earliest"], c["latest"]) == (None, "2022-12-23", "2023-01-06")
    assert a["disagreement"] == b["disagreement"] == c["disagreement"] is not None
    assert sorted(c["disagrees_with"]) == ["000-scc-2023-date-date", "001-scc-2023-date-date"]
    assert a["disagrees_with"] == ["003-scc-2023-date-bounds"]
    # "last week" (Jan. 9-15) and "January 13" can both be true: a finer date, not a disagreement
    assert marks["000-visit-2023-date-date"]["disagreement"] is None
    assert marks["003-kishida-visit-date-date"]["disagreement"] is None
    # an office held "as of" two days is two observations, not a disagreement
    assert marks["002-kishida-prime-minister-asOf"]["disagreement"] is None
    assert {m["disagreement"] for m in marks.values() if m["disagreement"]} == {a["disagreement"]}


@pytest.mark.slow
def test_every_mark_leads_to_its_claim_and_the_claim_holds_its_quote(live_graph_server, marks):
    for mark in marks.values():
        status, page = fetch(live_graph_server + mark["href"], "text/html")
        assert status == 200, mark["href"]
        if mark["quote"]:
            text = page.decode("utf-8").replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
            assert mark["quote"] in text
            assert mark["quote_href"].startswith(mark["source"]["href"] + "#quote-")


@pytest.mark.parametrize(
    ("parameters", "check"),
    [
        ({"entity": KISHIDA}, lambda m: KISHIDA in m["entities"]),
        ({"type": BASE + "ontology#DomainCoverage"}, lambda m: m["kind"]["label"] == "Domain coverage"),
        ({"source": BASE + "doc/004"}, lambda m: m["source"]["iri"] == BASE + "doc/004"),
    ],
)
def test_filters_by_entity_type_and_source(live_graph_server, marks, parameters, check):
    status, body = fetch(f"{live_graph_server}/timeline?" + urllib.parse.urlencode(parameters))
    chosen = json.loads(body)["marks"]
    assert status == 200 and chosen and all(check(m) for m in chosen)
    assert len(chosen) == sum(1 for m in marks.values() if check(m))


def test_a_bad_window_is_400(live_graph_server):
    status, body = fetch(f"{live_graph_server}/timeline?from=January")
    assert status == 400 and b"YYYY-MM-DD" in body


def test_the_timeline_page_lists_its_marks_without_javascript(live_graph_server, marks):
    status, body = fetch(f"{live_graph_server}/timeline", "text/html")
    page = body.decode("utf-8")
    assert status == 200 and page.count('<tr id="timeline-mark-') == len(marks)
    assert '<a class="claim-link" href="/claim/003-scc-2023-date">' in page
    assert "/static/vistimeline/vis-timeline-graph2d.min.js" in page and "cdn" not in page.lower()


# --- the neighbourhood graph --------------------------------------------------------------------------------------


def test_the_neighbourhood_is_the_answer_of_its_construct(graph_app, graph_store):
    from alliance_kg.server.neighbourhood import neighbourhood

    with graph_app.test_request_context():
        graph = neighbourhood(graph_store, NamedNode(KISHIDA))
    answer = list(graph_store.query(graph.query))
    links = {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in answer
        if not t.predicate.value.endswith(("#label", "#type"))
    }
    assert {(e.source, e.relation, e.target) for e in graph.edges} == links
    assert graph.total == len(graph.nodes) - 1 == 15 and graph.hidden == 0
    assert ("holds office", False) in {(label, inverse) for label, inverse, _ in graph.listing()}
    assert all(not n.iri.count("/holdsOffice/") for n in graph.nodes)  # qualified nodes are folded into shortcuts


def test_a_large_neighbourhood_is_cut_at_sixty_nodes_and_the_rest_summarised(graph_app, graph_store):
    from alliance_kg.server.neighbourhood import neighbourhood

    with graph_app.test_request_context():
        graph = neighbourhood(graph_store, NamedNode(BASE + "id/japan"))
        everything = neighbourhood(graph_store, NamedNode(BASE + "id/japan"), limit=500)
    assert len(graph.nodes) == 60 and graph.total > 60
    summarised = {n.iri for nodes in graph.rest.values() for n in nodes}
    assert len(summarised) == graph.hidden == graph.total - 59
    assert summarised.isdisjoint({n.iri for n in graph.nodes})
    drawn_relations = [n.relations for n in graph.nodes[1:]]
    assert drawn_relations == sorted(drawn_relations, reverse=True)  # the best-linked are drawn
    assert len(everything.nodes) == graph.total + 1 and not everything.rest


def test_the_entity_page_shows_the_construct_and_links_to_the_editor(live_graph_server):
    status, body = fetch(f"{live_graph_server}/id/fumio-kishida", "text/html")
    page = body.decode("utf-8")
    assert status == 200 and "CONSTRUCT {" in page
    assert f"&lt;{KISHIDA}&gt; ?relation ?object" in page  # the entity written in
    assert 'class="run-in-editor" href="/sparql#query=' in page
    assert "/static/cytoscape/cytoscape.min.js" in page
