"""IRIs stay stable: what a release served is still described, or answers 301 to its successor or 410 Gone with
the reason; the dumps carry the dataset's version and changelog."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest
from alliance_kg.loaders.build import assemble
from alliance_kg.loaders.errors import BuildError
from alliance_kg.loaders.releases import Releases, released_iris
from alliance_kg.loaders.sources import SourcesFolder
from graph_fixtures import copy_of_sources
from pyoxigraph import Dataset, DefaultGraph, NamedNode, RdfFormat, parse

BASE = "https://w3id.org/alliance-kg/"
DCAT = "http://www.w3.org/ns/dcat#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def get(base_url: str, path: str, accept: str = "text/turtle") -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed (a 301 is what is tested)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def get_text(base_url: str, path: str, accept: str = "text/turtle") -> tuple[int, dict[str, str], str]:
    status, headers, body = get(base_url, path, accept)
    return status, headers, body.decode("utf-8")


@pytest.mark.slow
def test_every_released_iri_is_still_described_or_retired(graph_store):
    release = NamedNode(BASE + "graph/release")
    described = {q.subject.value for q in graph_store if q.graph_name not in (release, DefaultGraph())}
    described |= {q.object.value for q in graph_store if isinstance(q.object, NamedNode)}
    described |= {q.graph_name.value for q in graph_store if isinstance(q.graph_name, NamedNode)}
    sources = SourcesFolder.default()
    releases = Releases.load(sources.releases)
    iris = released_iris(sources.released_iris)
    assert len(iris) > 800 and len(iris) == len(set(iris))
    missing = [iri for iri in iris if iri not in described and iri not in releases.retired]
    assert missing == []
    # a retired IRI is described nowhere else, and leads to a described successor (or to none: 410)
    for iri, item in releases.retired.items():
        assert iri not in described, iri
        seen = {iri}
        while item.successor is not None and item.successor.value in releases.retired:
            item = releases.retired[item.successor.value]
            assert item.iri.value not in seen
            seen.add(item.iri.value)
        assert item.successor is None or item.successor.value in described, iri


@pytest.mark.parametrize(
    ("retired", "successor"),
    [
        ("id/japan-national-security-strategy-2013", "id/japan-national-security-strategy-pre-2022"),
        ("claim/000-leaders-joint-statement-party-kishida", "claim/000-leaders-joint-statement-issued-by-kishida"),
        ("id/https://w3id.org/alliance-kg/doc/002/identifiesThreat/china/1e09b26e70",
         "id/doc/002/identifiesThreat/china/1e09b26e70"),
        ("id/japan/develops/hypersonic-weapon-systems/90123a0e3e", "id/japan/develops/hypersonic-weapon-systems/c256d56679"),
    ],
)  # fmt: skip
def test_a_retired_iri_with_a_successor_redirects_to_it(live_graph_server, retired, successor):
    status, headers, body = get_text(live_graph_server, "/" + retired)
    assert status == 301
    assert headers["Location"].endswith("/" + successor)
    assert headers["Link"] == f'<{BASE}{successor}>; rel="successor-version"'
    assert "retired in release 0.2.0" in body
    status, _, turtle = get_text(live_graph_server, urlsplit(headers["Location"]).path)
    assert status == 200 and turtle  # the successor is served


def test_a_retired_iri_without_a_successor_is_gone_with_the_reason(live_graph_server):
    status, _, body = get_text(live_graph_server, "/claim/002-joint-statement-title", "text/html")
    assert status == 410
    assert "retired in release 0.2.0" in body and "not the title itself" in body
    status, _, body = get_text(live_graph_server, "/id/document-status/revised")
    assert status == 410 and "akg:revises" in body
    status, _, body = get_text(live_graph_server, "/id/japan/develops/counter-hypersonic-systems/90123a0e3e")
    assert status == 410  # split in two: the reason names both successors
    assert "id/japan/develops/counter-hypersonic-systems/c256d56679" in body
    assert "id/japan/develops/counter-hypersonic-systems/7488b3cf39" in body


def test_a_release_is_described_with_its_version_and_changes(live_graph_server):
    status, _, body = get(live_graph_server, "/release/0.2.0")
    assert status == 200
    triples = list(parse(body, format=RdfFormat.TURTLE))
    release = NamedNode(BASE + "release/0.2.0")
    values = {t.predicate.value: t.object for t in triples if t.subject == release}
    assert values[DCAT + "version"].value == "0.2.0"
    assert values[DCAT + "previousVersion"] == NamedNode(BASE + "release/0.1.0")
    assert "akg:modality" in values[SKOS + "changeNote"].value


@pytest.mark.slow
def test_dumps_carry_the_version_and_the_changelog(live_graph_server):
    status, headers, body = get(live_graph_server, "/dumps/alliance-kg.trig.gz", "*/*")
    assert status == 200
    assert 'filename="alliance-kg-0.2.0.trig.gz"' in headers["Content-Disposition"]
    data = gzip.decompress(body)
    graph = NamedNode(BASE + "graph/release")
    release = list(Dataset(parse(data, format=RdfFormat.TRIG)).quads_for_graph_name(graph))
    versions = {q.object.value for q in release if q.predicate == NamedNode(DCAT + "version")}
    assert versions == {"0.1.0", "0.2.0"}
    notes = [q.object.value for q in release
             if q.subject == NamedNode(BASE + "release/0.2.0") and q.predicate == NamedNode(SKOS + "changeNote")]  # fmt: skip
    assert len(notes) == 1 and "unclaimed passage" in notes[0].lower()
    retired = NamedNode(BASE + "claim/002-joint-statement-title")
    assert any(q.subject == retired and q.predicate == NamedNode(SKOS + "changeNote") for q in release)


def releases_with(tmp_path, entry: str) -> SourcesFolder:
    """A copy of the sources folder whose current release also retires `entry`."""
    sources = copy_of_sources(tmp_path / "sources")
    text = sources.releases.read_text(encoding="utf-8")
    marker = "    retired:\n"
    assert marker in text
    sources.releases.write_text(text.replace(marker, marker + entry, 1), encoding="utf-8")
    return sources


@pytest.mark.slow
def test_the_build_refuses_to_retire_an_iri_the_graph_still_describes(tmp_path):
    sources = releases_with(tmp_path, "      - iri: id/japan\n        reason: a test\n")
    with pytest.raises(BuildError) as raised:
        assemble(sources, reason=False)
    assert "releases.yaml:" in str(raised.value) and "id/japan is retired but the graph still describes it" in str(
        raised.value
    )


@pytest.mark.slow
def test_the_build_refuses_a_successor_the_graph_does_not_describe(tmp_path):
    sources = releases_with(
        tmp_path, "      - iri: id/no-longer\n        replaced_by: id/not-there\n        reason: a test\n"
    )
    with pytest.raises(BuildError) as raised:
        assemble(sources, reason=False)
    assert (
        "id/no-longer is replaced by https://w3id.org/alliance-kg/id/not-there, which the graph does not describe"
        in str(raised.value)
    )
