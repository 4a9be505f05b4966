"""`queries.dataframe`: the same typed DataFrame from the embedded store and over HTTP."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import dataframe

OFFSETS = """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?start ?end WHERE { ?claim oa:hasTarget/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }
ORDER BY ?claim ?start LIMIT 5"""
DAYS = """PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?event ?date WHERE { ?event akg:date ?date FILTER(DATATYPE(?date) = xsd:date) } ORDER BY ?date ?event"""


@pytest.fixture(scope="module")
def data_dir(built_graph):
    return built_graph[0]


def test_the_flagship_question_in_one_line(data_dir):
    df = dataframe("article_v_domains", data_dir=data_dir)
    assert list(df.columns) == ["domain", "since", "latest", "establishedBy", "source", "quote"]
    assert len(df) == 7
    # Mixed precision stays as the sources give it: no "1960" silently becomes 1960-01-01.
    assert list(df["since"].iloc[:6]) == ["1960", "1960", "1960", "2019", "2023-01", "2023-01-11"]
    assert pd.isna(df["since"].iloc[6])  # document 003 gives no start, only the latest day it can have been
    assert df.attrs["datatypes"]["since"] == [
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2001/XMLSchema#gYear",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
    ]
    assert [str(d.date()) for d in df["latest"].dropna()] == ["2023-01-15", "2023-01-13"]  # days: typed as such
    assert df["source"].iloc[0] == "https://w3id.org/alliance-kg/doc/000"
    assert df["establishedBy"].iloc[6].startswith("Week of U.S.-Japan high-level diplomacy")


def test_embedded_and_http_answers_are_the_same_frame(data_dir, live_graph_server):
    for query in ("article_v_domains", OFFSETS, DAYS):
        local = dataframe(query, data_dir=data_dir)
        remote = dataframe(query, endpoint=f"{live_graph_server}/sparql")
        pd.testing.assert_frame_equal(local, remote)
        assert local.attrs == remote.attrs


def test_numbers_and_days_are_typed(data_dir):
    offsets = dataframe(OFFSETS, data_dir=data_dir)
    assert str(offsets["start"].dtype) == "Int64" and (offsets["end"] > offsets["start"]).all()
    days = dataframe(DAYS, data_dir=data_dir)
    assert pd.api.types.is_datetime64_any_dtype(days["date"])
    assert pd.Timestamp("2023-01-11") in set(days["date"])


def test_parameters_bind_variables(data_dir, live_graph_server):
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { ?_entity_iri rdfs:label ?label }"
    )
    japan = "https://w3id.org/alliance-kg/id/japan"
    assert list(dataframe(query, data_dir=data_dir, entity=japan)["label"]) == ["Japan"]
    assert list(dataframe(query, endpoint=f"{live_graph_server}/sparql", entity=japan)["label"]) == ["Japan"]
    with pytest.raises(ValueError, match=r"no variable \?country"):
        dataframe(query, data_dir=data_dir, country=japan)


def test_only_select_queries_make_frames(data_dir):
    with pytest.raises(ValueError, match="SELECT"):
        dataframe("ASK { ?s ?p ?o }", data_dir=data_dir)
