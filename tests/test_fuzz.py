"""Bad input never becomes a 500: property-based tests (hypothesis) at every route.

Malformed and hostile queries, parameters, headers (Accept, Content-Type, Authorization), encodings (UTF-16,
invalid UTF-8, NUL bytes, percent-encoded lone surrogates) and huge inputs go to every route through Flask's
test client (fast, many examples), and a smaller set goes over a live HTTP server on 127.0.0.1 as raw bytes.
Every answer must be a 2xx, 3xx or 4xx; a 4xx must carry a message; no answer may be a 5xx or show a stack
trace. The runs are derandomised (the same examples on every run, so CI is reproducible) and bounded.
"""

from __future__ import annotations

import http.client
import urllib.parse

import pytest
from graph_fixtures import on_graph, running_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
LIVE_SETTINGS = settings(SETTINGS, max_examples=30)

SPARQL_TOKENS = [
    "SELECT", "*", "WHERE", "{", "}", "?x", "?y", "$z", "<http://a>", "<>", "<file:///etc/passwd>", '"lit"', "'x'",
    '"""', "'''", "FILTER(", ")", "(", "SERVICE", "SERVICE SILENT", "GRAPH", "LIMIT", "OFFSET", "-1",
    "99999999999999999999999999", "1e999", "\\U00110000", "\\u0000", "\\uD800", "DESCRIBE", "CONSTRUCT", "ASK",
    "VALUES", "OPTIONAL", "UNION", "MINUS", "BIND(", "AS", "REGEX(", "STR(", "COUNT(", "GROUP BY", "ORDER BY",
    "#", "\n", "\x00", "PREFIX", "p:", ":", "a", ".", ";", ",", "^^", "@en", "BASE", "LOAD", "INSERT DATA",
    "DELETE", "CLEAR ALL", "DROP", "FROM", "FROM NAMED", "_:b", "[]", "()", "!", "/", "|", "*", "+", "?",
    "skos:prefLabel", "akg:coversDomain", "\ud800", "é", "日本", "\u202e",
]  # fmt: skip
PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX akg: <https://w3id.org/alliance-kg/ontology#>\n"
ACCEPTS = [
    "*/*", "text/html", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values", "text/turtle", "application/ld+json", "application/n-triples",
    "application/rdf+xml", "application/trig", "application/n-quads", "image/png", "text/*;q=0", "*/*;q=abc",
    "application/json;q=1.5", ";;;", ",", "text/turtle; charset=utf-16", "a" * 5000,
]  # fmt: skip
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update",
    "application/sparql-query; charset=utf-16", "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/json", "", ";", "/",
    "application/sparql-query; charset=nonsense",
]  # fmt: skip
AUTHORIZATIONS = ["", "Bearer", "Bearer ", "Bearer x", "Basic Zm9vOmJhcg==", "bearer \x7f", "Bearer " + "t" * 10_000]
RAW_ESCAPES = [
    "%00",
    "%FF",
    "%C0%AF",
    "%ED%A0%80",
    "%ED%BF%BF",
    "%F4%90%80%80",
    "%E2%82",
    "%",
    "%zz",
    "%25",
    "+",
    "&&",
    "==",
]
ROUTES = [
    "/", "/sparql", "/api/queries", "/api/openapi.json", "/api/queries/article_v_domains",
    "/api/queries/domains_covered_on", "/api/queries/nonexistent", "/id/japan", "/id/us-japan-security-treaty/art_5",
    "/id/", "/id/..%2F..%2Fetc%2Fpasswd", "/doc/000", "/doc/999", "/claim/000-article-v-space", "/claim/x",
    "/ontology", "/.well-known/void", "/dumps/alliance-kg.nq.gz", "/dumps/alliance-kg.trig.gz", "/dumps/x",
    "/healthz", "/metrics",
]  # fmt: skip

latin1_text = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=200)
any_text = st.text(st.characters(codec=None), max_size=300)  # includes lone surrogates and NUL
query_like = st.one_of(
    any_text,
    st.lists(st.sampled_from(SPARQL_TOKENS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(SPARQL_TOKENS), max_size=40).map(lambda t: PREFIXES + "SELECT * WHERE { " + " ".join(t)),
)
raw_component = st.lists(
    st.one_of(st.sampled_from(RAW_ESCAPES), st.text("abcxyz=&?;/.:#", max_size=5)), max_size=15
).map("".join)
header_value = st.one_of(st.sampled_from(ACCEPTS), latin1_text)


@pytest.fixture(scope="module")
def fuzz_app(built_graph):
    with running_app(on_graph(built_graph, QUERY_TIMEOUT=3, QUERY_PROCESSES=2, MAX_ROWS=50)) as app:
        yield app


@pytest.fixture(scope="module")
def client(fuzz_app):
    return fuzz_app.test_client()


def check(status: int, body: bytes, where: str, head: bool = False) -> None:
    assert status < 500, f"{where}: {status} {body[:500]!r}"
    assert b"Traceback" not in body and b'File "' not in body, f"{where}: a stack trace in the answer"
    if status >= 400 and not head:
        assert body.strip(), f"{where}: {status} without a message"


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(query=query_like, accept=header_value, fmt=st.one_of(st.none(), latin1_text, st.sampled_from(["json", "csv"])))
def test_sparql_get_never_fails(client, query, accept, fmt):
    params = {"query": encode(query)} | ({"format": fmt} if fmt is not None else {})
    url = "/sparql?" + urllib.parse.urlencode(params)
    response = client.get(url, headers={"Accept": accept})
    check(response.status_code, response.data, url[:200])


@SETTINGS
@given(
    body=st.one_of(
        query_like.map(encode), st.binary(max_size=300), query_like.map(lambda q: q.encode("utf-16", "surrogatepass"))
    ),
    content_type=st.one_of(st.sampled_from(CONTENT_TYPES), latin1_text),
    accept=header_value,
    authorization=st.one_of(st.sampled_from(AUTHORIZATIONS), latin1_text),
)
def test_sparql_post_never_fails(client, body, content_type, accept, authorization):
    headers = {"Content-Type": content_type, "Accept": accept, "Authorization": authorization}
    response = client.post("/sparql", data=body, headers=headers)
    check(response.status_code, response.data, f"POST {content_type!r} {body[:100]!r}")


@SETTINGS
@given(
    query=query_like,
    extra=st.dictionaries(
        st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "format", "x"]),
        query_like,
        max_size=3,
    ),
)
def test_sparql_form_never_fails(client, query, extra):
    body = urllib.parse.urlencode({"query": encode(query), **{k: encode(v) for k, v in extra.items()}})
    response = client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    check(response.status_code, response.data, body[:200])


@SETTINGS
@given(
    route=st.sampled_from(ROUTES),
    raw=raw_component,
    accept=header_value,
    method=st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"]),
)
def test_every_route_with_raw_query_strings(client, route, raw, accept, method):
    response = client.open(route + "?" + raw, method=method, headers={"Accept": accept})
    check(response.status_code, response.data, f"{method} {route}?{raw}", head=method == "HEAD")


@SETTINGS
@given(
    name=st.one_of(st.sampled_from(["article_v_domains", "domains_covered_on", "x"]), latin1_text),
    params=st.dictionaries(
        st.one_of(st.sampled_from(["day", "format", "country", "year", "label"]), latin1_text),
        st.one_of(any_text, st.sampled_from(["2020-01-01", "2020-13-45", "-0", "1e9", "<http://a>", "json", "csv"])),
        max_size=4,
    ),
    accept=header_value,
)
def test_rest_api_never_fails(client, name, params, accept):
    url = "/api/queries/" + urllib.parse.quote(encode(name), safe="")
    url += "?" + urllib.parse.urlencode({encode(k): encode(v) for k, v in params.items()})
    response = client.get(url, headers={"Accept": accept})
    check(response.status_code, response.data, url[:200])


@SETTINGS
@given(
    prefix=st.sampled_from(["/id/", "/doc/", "/claim/", "/dumps/", "/ontology/", "/api/queries/"]),
    path=st.one_of(any_text, raw_component),
    fmt=st.one_of(st.none(), latin1_text, st.sampled_from(["turtle", "trig", "html", "jsonld", "nt"])),
    accept=header_value,
)
def test_linked_data_paths_never_fail(client, prefix, path, fmt, accept):
    url = prefix + urllib.parse.quote(encode(path), safe="/%")
    if fmt is not None:
        url += "?" + urllib.parse.urlencode({"format": fmt})
    response = client.get(url, headers={"Accept": accept, "If-None-Match": accept})
    check(response.status_code, response.data, url[:200])


@pytest.mark.parametrize("route", ROUTES)
def test_huge_inputs_at_every_route(client, route):
    huge = "x" * 300_000
    for response in (
        client.get(route + "?" + urllib.parse.urlencode({"query": huge, "format": huge})),
        client.get(route, headers={"Accept": huge, "Authorization": "Bearer " + huge, "Content-Type": huge}),
        client.post(route, data=huge.encode() * 5, content_type="application/sparql-query"),
        client.post(route, data={"query": huge}),
    ):
        check(response.status_code, response.data, f"{route} huge")


def raw_request(base: str, request_line: bytes, headers: list[bytes], body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes as they are (no client-side checks) and read the answer."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.connect()
        head = request_line + b"\r\n" + b"".join(h + b"\r\n" for h in headers)
        head += b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
        connection.sock.sendall(head + body)
        response = http.client.HTTPResponse(connection.sock, method=request_line.split(b" ")[0].decode("latin-1"))
        response.begin()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def live_fuzz_server(fuzz_app):
    from live_server import live_server

    with live_server(fuzz_app) as url:
        yield url


@LIVE_SETTINGS
@given(
    route=st.sampled_from(ROUTES),
    raw=raw_component,
    accept=st.binary(max_size=100),
    method=st.sampled_from([b"GET", b"POST"]),
)
def test_live_raw_bytes_never_fail(live_fuzz_server, route, raw, accept, method):
    accept = accept.replace(b"\r", b"").replace(b"\n", b"")
    status, body = raw_request(
        live_fuzz_server,
        method + b" " + route.encode() + b"?" + raw.encode() + b" HTTP/1.1",
        [b"Host: 127.0.0.1", b"Accept: " + accept],
    )
    check(status, body, f"live {route}?{raw}")


@LIVE_SETTINGS
@given(
    body=st.one_of(
        st.binary(max_size=400), query_like.map(lambda q: q.encode("utf-16", "surrogatepass")), query_like.map(encode)
    ),
    content_type=st.sampled_from(CONTENT_TYPES).map(str.encode),
    authorization=st.binary(max_size=60).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
)
def test_live_posts_of_bad_encodings_never_fail(live_fuzz_server, body, content_type, authorization):
    headers = [b"Host: 127.0.0.1", b"Content-Type: " + content_type, b"Authorization: Bearer " + authorization]
    status, answer = raw_request(live_fuzz_server, b"POST /sparql HTTP/1.1", headers, body)
    check(status, answer, f"live POST {content_type!r} {body[:80]!r}")
