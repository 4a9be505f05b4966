"""The Wikidata-shaped fixture (tests/fixtures/wikidata) served as a SPARQL endpoint on 127.0.0.1, for federated
queries: the tests run `SERVICE <https://query.wikidata.org/sparql>` against it instead of the internet.

The endpoint answers the SPARQL 1.1 Protocol's three query forms (GET ?query=, POST form, POST
application/sparql-query — the one pyoxigraph's SERVICE client uses) with JSON results, and records every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask, Response, request
from pyoxigraph import QueryResultsFormat, RdfFormat, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikidata"
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


@dataclass
class LocalEndpoint:
    """A SPARQL endpoint on 127.0.0.1: its URL, and what it received (method, User-Agent, query), in order."""

    url: str
    requests: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def services(self) -> dict[str, str]:
        """The SERVICE IRI this endpoint stands in for, mapped to its URL (see catalogue_answers.offline_text)."""
        return {WIKIDATA_SPARQL: self.url}


def fixture_store() -> Store:
    store = Store()
    for path in sorted(FIXTURES.glob("*.ttl")):
        store.load(path=str(path), format=RdfFormat.TURTLE)
    return store


def endpoint_app(store: Store, received: list[tuple[str, str, str]]) -> Flask:
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        if request.mimetype == "application/sparql-query":
            query = request.get_data().decode("utf-8")
        else:
            query = request.values.get("query", "")
        received.append((request.method, request.headers.get("User-Agent", ""), query))
        body = store.query(query).serialize(format=QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")

    return app


@contextmanager
def serving(store: Store) -> Iterator[LocalEndpoint]:
    """Serve `store` as a SPARQL endpoint on 127.0.0.1 while the block runs."""
    from live_server import live_server

    received: list[tuple[str, str, str]] = []
    with live_server(endpoint_app(store, received)) as url:
        yield LocalEndpoint(f"{url}/sparql", received)


@pytest.fixture(scope="session")
def wikidata_service() -> Iterator[LocalEndpoint]:
    """The Wikidata-shaped fixture on a local endpoint, for the whole session."""
    with serving(fixture_store()) as endpoint:
        yield endpoint
