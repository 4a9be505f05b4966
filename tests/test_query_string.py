"""The app's URL parameters (server/protocol.py `parse_query_string`) are werkzeug's: the same pairs as the standard
library's `parse_qsl` gives werkzeug, for any query string, escapes valid or not, bytes UTF-8 or not."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import werkzeug.urls  # noqa: F401  # registers the error handler `werkzeug.url_quote`
from alliance_kg.server.protocol import UNDECODABLE, parse_query_string
from hypothesis import given, settings
from hypothesis import strategies as st

PIECES = [
    "%",
    "%4",
    "%41",
    "%4a",
    "%zz",
    "%C3",
    "%A9",
    "%C3%A9",
    "%E2%82",
    "+",
    "&",
    "=",
    "\\",
    "\\x41",
    "a",
    "Q",
    " ",
    "é",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_any_query_string_parses_as_werkzeug_parses_it(query_string):
    assert parse_query_string(query_string) == parse_qsl(query_string, keep_blank_values=True, errors=UNDECODABLE)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=20))
def test_an_encoded_query_comes_back_as_it_was_sent(query, other):
    sent = urlencode({"query": query, "format": other})
    assert parse_query_string(sent) == [("query", query), ("format", other)]


def test_the_app_reads_a_get_query_through_it(graph_app):
    client = graph_app.test_client()
    query = 'SELECT ("100% \\\\ %41 é+" AS ?text) WHERE {}'
    response = client.get(
        "/sparql?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert response.get_json()["results"]["bindings"][0]["text"]["value"] == "100% \\ %41 é+"
