"""The REST API fuzzed against its own OpenAPI document (/api/openapi.json) with schemathesis.

schemathesis reads the document from a live server on 127.0.0.1, generates requests for every operation it
describes (valid ones, and invalid ones that must be refused with a 4xx), sends them over HTTP and checks each
answer: never a server error, a status code the document lists, the content type and headers it declares, and
a body that conforms to the declared schema. Derandomised and bounded, so CI sees the same requests every run.
"""

from __future__ import annotations

import pytest
import schemathesis
from graph_fixtures import on_graph, running_app
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_base(built_graph):
    from live_server import live_server

    with running_app(on_graph(built_graph, QUERY_TIMEOUT=3, QUERY_PROCESSES=2)) as app, live_server(app) as url:
        yield url


def test_every_operation_conforms_to_the_openapi_document(api_base):
    # Left out: `positive_data_acceptance` (a schema-valid request must get 2xx). A `query` string that the
    # schema allows is rarely valid SPARQL, and a federated catalogue query is refused when Wikidata cannot be
    # reached (offline CI): both are rightly 4xx. Every other check (no 5xx, documented statuses, content types,
    # headers, response schemas, invalid data refused, unsupported methods answered 405) runs.
    # schemathesis' pytest plugin (`from_fixture`) does not run under pytest 9, so each operation's strategy is
    # driven by hypothesis here; the checks are schemathesis' own (call_and_validate).
    schema = schemathesis.openapi.from_url(f"{api_base}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def conforms(case):
            case.call_and_validate(timeout=30, excluded_checks=[positive_data_acceptance])

        conforms()
