"""`queries.dataframe`: the same typed DataFrame from the embedded store and over HTTP."""

from __future__ import annotations

import pandas as pd
import pytest
from alliance_kg.queries import dataframe

OFFSETS = """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?claim ?start ?end WHERE { ?claim oa:hasTarget/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }
ORDER BY ?claim ?start LIMIT 5"""
DAYS = """PREFIX akg: <https://w3id.org/alliance-kg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?event ?date WHERE { ?event akg:date ?date FILTER(DATATYPE(?date) = xsd:date) } ORDER BY ?date ?event"""
YEARS = DAYS.replace("xsd:date)", "xsd:gYear)")


@pytest.fixture(scope="module")
def data_dir(built_graph):
    return built_graph[0]


def test_the_flagship_question_in_one_line(data_dir):
    df = dataframe("article_v_domains", data_dir=data_dir)
    assert list(df.columns) == ["domain", "since", "latest", "establishedBy", "source", "quote"]
    assert len(df) == 7
    # Mixed precision stays as the sources give it: each date a Period of its own precision; no "1960" silently
    # becomes 1960-01-01. Document 003 gives no start, only the latest day it can have been.
    since = df["since"]
    assert [str(p) for p in since.iloc[:6]] == ["1960", "1960", "1960", "2019", "2023-01", "2023-01-11"]
    assert [p.freqstr for p in since.iloc[:6]] == ["Y-DEC", "Y-DEC", "Y-DEC", "Y-DEC", "M", "D"]
    assert since.iloc[0] == pd.Period("1960", freq="Y")
    assert pd.isna(since.iloc[6])
    assert df.attrs["datatypes"]["since"] == [
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2001/XMLSchema#gYear",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
    ]
    assert [(str(p), p.freqstr) for p in df["latest"].dropna()] == [("2023-01-15", "D"), ("2023-01-13", "D")]
    assert df["source"].iloc[0] == "https://w3id.org/alliance-kg/doc/000"
    assert df["establishedBy"].iloc[6].startswith("Week of U.S.-Japan high-level diplomacy")


@pytest.mark.slow
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
    assert str(days["date"].dtype) == "period[D]"
    assert pd.Period("2023-01-11", freq="D") in set(days["date"])
    assert (days["date"].dt.year >= 1951).all()


def test_years_and_months_are_periods_of_their_precision(data_dir):
    years = dataframe(YEARS, data_dir=data_dir)
    assert str(years["date"].dtype) == "period[Y-DEC]"
    signing = years.set_index("event").loc["https://w3id.org/alliance-kg/id/event/security-treaty-signing-1960", "date"]
    assert (signing.start_time, signing.end_time.normalize()) == (
        pd.Timestamp("1960-01-01"),
        pd.Timestamp("1960-12-31"),
    )
    months = dataframe(YEARS.replace("gYear)", "gYearMonth)"), data_dir=data_dir)
    assert str(months["date"].dtype) == "period[M]" and len(months) > 3


def test_dates_pandas_cannot_hold_stay_strings():
    from alliance_kg.queries.client import to_dataframe

    xsd = "http://www.w3.org/2001/XMLSchema#"
    frame = to_dataframe(["d"], [[("literal", "2023-01-11Z", xsd + "date")], [("literal", "2023-01-12", xsd + "date")]])
    assert list(frame["d"]) == ["2023-01-11Z", "2023-01-12"]
    mixed = to_dataframe(
        ["d"], [[("literal", "2023", xsd + "gYear")], [None], [("literal", "2023-01", xsd + "gYearMonth")]]
    )
    assert mixed["d"].iloc[0] == pd.Period("2023", freq="Y") and pd.isna(mixed["d"].iloc[1])


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
