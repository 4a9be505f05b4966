"""The flagship question, end to end: which domains does Article V cover, and since when?"""

from __future__ import annotations

import csv
import io

from alliance_kg.queries import load_catalogue
from SPARQLWrapper import JSON, SPARQLWrapper

AKG = "https://w3id.org/alliance-kg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TREATY_1960 = "Since the signing of the treaty in 1960, there was consensus that an attack in the land, air, or maritime domains could be recognized as triggering Article V."
SIGNING = "Signing of the U.S.–Japan Security Treaty"

# domain, since (lexical, datatype), latest start, established by, source document, quote — in the query's order.
# Document 003 gives no start: it credits a week of diplomacy that it places only before January 13, 2023.
EXPECTED = [
    ("air", "1960", "gYear", None, SIGNING, "000", TREATY_1960),
    ("land", "1960", "gYear", None, SIGNING, "000", TREATY_1960),
    ("maritime", "1960", "gYear", None, SIGNING, "000", TREATY_1960),
    (
        "cyber",
        "2019",
        "gYear",
        None,
        "Allied affirmation that Article V applies to cyberattacks (2019)",
        "000",
        "In 2019, the allies affirmed that Article V applies to cyberattacks",
    ),
    (
        "space",
        "2023-01",
        "gYearMonth",
        "2023-01-15",
        "U.S.–Japan Space Cooperation Framework Agreement",
        "001",
        "Notably, the agreement clarifies that attacks to, from, and within outer space could invoke Article 5 of the U.S.–Japan Security Treaty.",
    ),
    (
        "space",
        "2023-01-11",
        "date",
        None,
        "Security Consultative Committee meeting of January 2023",
        "000",
        "The Security Consultative Committee clarified that the scope of Article V — the defense obligation clause of the Japan-U.S. alliance treaty — includes attacks from space.",
    ),
    (
        "space",
        None,
        None,
        "2023-01-13",
        "Week of U.S.-Japan high-level diplomacy before Kishida's arrival (January 13, 2023)",
        "003",
        "It also extended Article 5 of the security treaty to apply U.S. defense commitments to space",
    ),
]


def flagship_text() -> str:
    return load_catalogue()["article_v_domains"].text


def rows_from_json(results: dict) -> list[tuple]:
    rows = []
    for b in results["results"]["bindings"]:
        since = b.get("since")
        rows.append(
            (
                b["domain"]["value"],
                since["value"] if since else None,
                since["datatype"].removeprefix(XSD) if since else None,
                b["latest"]["value"] if "latest" in b else None,
                b.get("establishedBy", {}).get("value"),
                b["source"]["value"].removeprefix(AKG + "doc/"),
                b["quote"]["value"],
            )
        )
    return rows


def test_flagship_in_process(graph_store):
    solutions = graph_store.query(flagship_text())

    def value(term):
        return term.value if term is not None else None

    rows = [
        (
            s["domain"].value,
            value(s["since"]),
            s["since"].datatype.value.removeprefix(XSD) if s["since"] is not None else None,
            value(s["latest"]),
            value(s["establishedBy"]),
            s["source"].value.removeprefix(AKG + "doc/"),
            s["quote"].value,
        )
        for s in solutions
    ]
    assert rows == EXPECTED


def test_flagship_through_flask_test_client(graph_app):
    response = graph_app.test_client().get(
        "/sparql", query_string={"query": flagship_text()}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert rows_from_json(response.get_json()) == EXPECTED


def test_flagship_over_http_with_sparqlwrapper(live_graph_server):
    client = SPARQLWrapper(f"{live_graph_server}/sparql")
    client.setQuery(flagship_text())
    client.setReturnFormat(JSON)
    assert rows_from_json(client.query().convert()) == EXPECTED


def test_flagship_as_csv_over_http(live_graph_server):
    client = SPARQLWrapper(f"{live_graph_server}/sparql")
    client.setQuery(flagship_text())
    client.setReturnFormat("csv")
    table = list(csv.DictReader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert [(r["domain"], r["since"], r["latest"]) for r in table] == [(e[0], e[1] or "", e[3] or "") for e in EXPECTED]


def test_every_row_quote_is_in_its_source_text(graph_store):
    """The quote of every row is a verbatim passage of the document the row names."""
    from alliance_kg.loaders.sources import SourcesFolder

    for domain, *_, doc, quote in EXPECTED:
        text = next(SourcesFolder.default().root.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
        assert text.count(quote) == 1, (domain, doc)
