"""The stored queries as a REST API (grlc conventions), and its OpenAPI document, over HTTP on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest


def fetch(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def test_the_catalogue_is_listed_with_parameters_and_urls(live_graph_server):
    status, kind, body = fetch(f"{live_graph_server}/api/queries")
    assert (status, kind) == (200, "application/json")
    queries = {q["name"]: q for q in json.loads(body)}
    assert queries["article_v_domains"]["parameters"] == []
    assert queries["article_v_domains"]["url"] == f"{live_graph_server}/api/queries/article_v_domains"
    (day,) = queries["domains_covered_on"]["parameters"]
    assert (day["name"], day["required"], day["datatype"]) == ("day", True, "http://www.w3.org/2001/XMLSchema#date")
    assert {"title", "description", "tags"} <= set(queries["domains_covered_on"])


def domains_on(base: str, day: str) -> list[str]:
    status, _, body = fetch(f"{base}/api/queries/domains_covered_on?day={day}")
    assert status == 200, body
    return [row["domain"]["value"] for row in json.loads(body)["results"]["bindings"]]


@pytest.mark.parametrize(
    ("day", "domains"),
    [
        ("1960-06-01", []),  # "1960" is certain only from its last day
        ("1961-01-01", ["air", "land", "maritime"]),
        ("2018-06-01", ["air", "land", "maritime"]),
        ("2019-06-01", ["air", "land", "maritime"]),  # "2019": not certainly by June
        ("2020-01-01", ["air", "land", "maritime", "cyber"]),
        ("2023-01-10", ["air", "land", "maritime", "cyber"]),
        ("2023-01-11", ["air", "land", "maritime", "cyber", "space"]),  # the 2+2 of 11 January 2023
        ("2023-02-01", ["air", "land", "maritime", "cyber", "space"]),
    ],
)
def test_domains_covered_on_a_day(live_graph_server, day, domains):
    assert domains_on(live_graph_server, day) == domains


def test_answers_as_csv_by_accept_or_format(live_graph_server):
    url = f"{live_graph_server}/api/queries/domains_covered_on?day=2020-01-01"
    for accept, extra in (("text/csv", ""), (None, "&format=csv")):
        status, kind, body = fetch(url + extra, accept)
        assert (status, kind) == (200, "text/csv; charset=utf-8")
        rows = list(csv.DictReader(io.StringIO(body)))
        assert [r["domain"] for r in rows] == ["air", "land", "maritime", "cyber"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "needs the parameter 'day'"),
        ("?day=", "needs the parameter 'day'"),
        ("?day=2020-02-30", "not a valid value for 'day'"),
        ("?day=yesterday", "YYYY-MM-DD"),
        ("?day=2020-01-01%22%20.%20%7D", "not a valid value"),  # no text reaches the query
        ("?day=2020-01-01&country=x", "unknown parameter(s) country"),
    ],
)
def test_missing_or_invalid_parameters_are_400_with_a_message(live_graph_server, query, message):
    status, kind, body = fetch(f"{live_graph_server}/api/queries/domains_covered_on{query}")
    assert (status, kind.split(";")[0]) == (400, "text/plain")
    assert message in body


def test_an_unknown_query_is_404(live_graph_server):
    status, _, body = fetch(f"{live_graph_server}/api/queries/nothing_here")
    assert status == 404 and "/api/queries" in body


def test_values_are_bound_as_typed_terms():
    from alliance_kg.queries.catalogue import XSD, Parameter
    from alliance_kg.queries.parameters import ParameterError, bind
    from pyoxigraph import Literal, NamedNode

    assert bind(Parameter("year", "_year_integer", True, "literal", XSD + "integer"), "2019") == Literal(
        "2019", datatype=NamedNode(XSD + "integer")
    )
    assert bind(
        Parameter("country", "_country_iri", True, "iri"), "https://w3id.org/alliance-kg/id/japan"
    ) == NamedNode("https://w3id.org/alliance-kg/id/japan")
    assert bind(Parameter("label", "_label_en", True, "literal", None, "en"), 'a "b" }') == Literal(
        'a "b" }', language="en"
    )
    with pytest.raises(ParameterError, match="not a valid value for 'country'"):
        bind(Parameter("country", "_country_iri", True, "iri"), "> } DROP ALL")


def test_grlc_parameter_names_are_parsed(tmp_path):
    from alliance_kg.queries import load_query

    path = tmp_path / "p.rq"
    path.write_text(
        "#+ summary: test\nSELECT ?_country_iri ?__year_integer ?_day_xsd_date ?_name_en ?_plain ?x WHERE { ?x ?p ?_country_iri }\n",
        encoding="utf-8",
    )
    parameters = {p.name: p for p in load_query(path).parameters}
    assert list(parameters) == ["country", "year", "day", "name", "plain"]
    assert (parameters["country"].kind, parameters["country"].required) == ("iri", True)
    assert (parameters["year"].datatype, parameters["year"].required) == (
        "http://www.w3.org/2001/XMLSchema#integer",
        False,
    )
    assert parameters["day"].datatype == "http://www.w3.org/2001/XMLSchema#date"
    assert parameters["name"].language == "en"
    assert (parameters["plain"].kind, parameters["plain"].datatype) == ("literal", None)


@pytest.mark.slow
def test_the_openapi_document_is_valid_and_describes_every_route(live_graph_server, graph_app):
    from openapi_spec_validator import validate

    status, kind, body = fetch(f"{live_graph_server}/api/openapi.json")
    assert (status, kind) == (200, "application/json")
    document = json.loads(body)
    validate(document)
    assert document["servers"] == [{"url": live_graph_server}]
    routes = {
        rule.rule.replace("<name>", "{name}")
        for rule in graph_app.url_map.iter_rules()
        if rule.rule.startswith(("/api", "/sparql", "/.well-known", "/dumps"))
    }
    documented = set(document["paths"])
    assert routes - {"/api/queries/{name}"} <= documented
    for name in ("article_v_domains", "domains_covered_on"):
        assert f"/api/queries/{name}" in documented
    (day,) = [
        p for p in document["paths"]["/api/queries/domains_covered_on"]["get"]["parameters"] if p.get("name") == "day"
    ]
    assert (day["required"], day["schema"]) == (True, {"type": "string", "format": "date"})


def test_the_openapi_file_names_the_dumps_and_answer_types_the_server_has(live_graph_server):
    from alliance_kg.server.api import ANSWER_TYPES
    from alliance_kg.server.dumps import DUMPS

    document = json.loads(fetch(f"{live_graph_server}/api/openapi.json")[2])
    (name,) = document["paths"]["/dumps/{name}"]["get"]["parameters"]
    assert name["schema"]["enum"] == list(DUMPS)
    assert sorted(document["components"]["responses"]["Results"]["content"]) == sorted(ANSWER_TYPES)
    flagship = document["paths"]["/api/queries/article_v_domains"]["get"]
    assert flagship["responses"]["200"] == {"$ref": "#/components/responses/Results"}
