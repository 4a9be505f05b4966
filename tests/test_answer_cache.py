"""The answer cache and ETags of server/cache.py: answers of the read-only graph kept per server process."""

from __future__ import annotations

import pytest
from alliance_kg.server.cache import AnswerCache, Entry, deterministic
from graph_fixtures import running_app
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # %s"
JSON = "application/sparql-results+json"


def ask(client, query: str, accept: str = JSON, **headers: str):
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept, **headers})


@pytest.mark.slow
def test_a_repeated_query_is_answered_from_the_cache_with_the_same_bytes(graph_app):
    client = graph_app.test_client()
    first = ask(client, COUNT % "repeated")
    second = ask(client, COUNT % "repeated")
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.data == second.data and first.headers["Content-Type"] == second.headers["Content-Type"]
    assert first.headers["ETag"] == second.headers["ETag"] and not first.headers["ETag"].startswith("W/")
    assert second.headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert "Accept" in second.headers["Vary"]


def test_another_media_type_is_another_answer(graph_app):
    client = graph_app.test_client()
    as_json = ask(client, COUNT % "media")
    as_csv = ask(client, COUNT % "media", accept="text/csv")
    assert as_csv.headers["X-Cache"] == "miss" and as_csv.data.decode().splitlines()[0] == "n"
    assert as_json.headers["ETag"] != as_csv.headers["ETag"]
    assert ask(client, COUNT % "media", accept="text/csv").data == as_csv.data


def test_if_none_match_gets_304_without_a_body(graph_app):
    client = graph_app.test_client()
    etag = ask(client, COUNT % "conditional").headers["ETag"]
    again = ask(client, COUNT % "conditional", **{"If-None-Match": etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    assert again.headers["X-Cache"] == "revalidated"
    other = ask(client, COUNT % "conditional", **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_stored_queries_of_the_api_are_cached_by_their_parameters(graph_app):
    client = graph_app.test_client()
    url = "/api/queries/domains_covered_on"
    first = client.get(url, query_string={"day": "2020-01-01"})
    second = client.get(url, query_string={"day": "2020-01-01"})
    other_day = client.get(url, query_string={"day": "1950-01-01"})
    assert (first.headers["X-Cache"], second.headers["X-Cache"], other_day.headers["X-Cache"]) == (
        "miss",
        "hit",
        "miss",
    )
    assert first.data == second.data != other_day.data


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (RAND() AS ?r) WHERE {}",
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "SELECT (uuid () AS ?u) WHERE {}",
        "SELECT (BNODE() AS ?b) WHERE {}",
    ],
)
def test_answers_of_non_deterministic_functions_are_not_cached(graph_app, query):
    client = graph_app.test_client()
    for _ in range(2):
        response = ask(client, query)
        assert response.status_code == 200
        assert response.headers["X-Cache"] == "bypass" and response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers


def test_function_names_in_strings_iris_and_comments_do_not_stop_caching():
    assert deterministic('SELECT * WHERE { ?s ?p "rand() now()" . ?s ?p <http://x/uuid()> } # BNODE()')
    assert deterministic("SELECT ?now WHERE { ?now ?p ?o }")  # a variable named now is no call
    assert not deterministic("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert not deterministic("SELECT (\\u0052AND() AS ?r) WHERE {}")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "rand(",
                "RAND (",
                "now(",
                "NoW\t(",
                "uuid(",
                "STRUUID(",
                "bnode(",
                "SERVICE <x>",
                "servİce",
                "ıd",
                "ſervice",
                "?now(",
                "a:rand(",
                " ",
                "#",
                "\n",
                '"',
                "<",
                ">",
                "x",
                "(",
                "{",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_quick_decision_agrees_with_the_regex_alone(text):
    """`deterministic` skips the regex when none of its words is in the text; it decides as the regex does."""
    from alliance_kg.server.cache import _VOLATILE
    from alliance_kg.store.sparql_text import code, unescape

    assert deterministic(text) == (_VOLATILE.search(code(unescape(text))) is None)


def test_errors_are_not_cached(graph_app):
    client = graph_app.test_client()
    for _ in range(2):
        response = ask(client, "SELECT WHERE {")
        assert response.status_code == 400 and "ETag" not in response.headers
    not_acceptable = ask(client, COUNT % "refused", accept="text/turtle")
    assert not_acceptable.status_code == 406 and "ETag" not in not_acceptable.headers
    assert ask(client, COUNT % "refused").headers["X-Cache"] == "miss"


def _store(data_dir, label: str) -> str:
    from alliance_kg.store.local import write_store

    quad = Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal(label), DefaultGraph())
    return str(
        write_store([Quad(quad.subject, quad.predicate, quad.object, NamedNode("http://example.org/g"))], data_dir)
    )


@pytest.mark.slow
def test_a_new_build_changes_the_etag(tmp_path):

    query = "SELECT ?o WHERE { ?s ?p ?o }"
    with (
        running_app({"STORE_PATH": _store(tmp_path, "one"), "WARM_QUERY_PROCESSES": False}) as first,
        running_app({"STORE_PATH": _store(tmp_path, "two"), "WARM_QUERY_PROCESSES": False}) as second,
    ):
        old = ask(first.test_client(), query)
        new = ask(second.test_client(), query, **{"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200 and b"two" in new.data
    assert new.headers["ETag"] != old.headers["ETag"]


def test_a_cache_of_zero_bytes_keeps_nothing_but_etags_stay(graph_store):
    from alliance_kg.server import create_app

    app = create_app({"STORE": graph_store, "ANSWER_CACHE_BYTES": 0})
    client = app.test_client()
    assert [ask(client, COUNT % "off").headers["X-Cache"] for _ in range(2)] == ["miss", "miss"]
    etag = ask(client, COUNT % "off").headers["ETag"]
    assert ask(client, COUNT % "off", **{"If-None-Match": etag}).status_code == 304


def test_the_cache_is_bounded_by_bytes_and_evicts_the_least_recently_used():
    cache = AnswerCache(4_000)
    for index in range(4):
        cache.put(bytes([index]), Entry(b"x" * 700, ()))
    assert cache.get(bytes([0])) is not None  # 0 is now the most recently used
    cache.put(bytes([9]), Entry(b"x" * 700, ()))
    assert cache.bytes <= 4_000
    assert cache.get(bytes([1])) is None and cache.get(bytes([0])) is not None
    cache.put(b"big", Entry(b"x" * 2_000, ()))  # more than a quarter of the cache: not kept
    assert cache.get(b"big") is None
