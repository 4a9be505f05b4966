"""A source whose text may not be redistributed: the graph, its pages and its dumps carry its quotes only.

Its metadata says `redistribute: false` (and where it comes from, `url`, and its terms, `rights`); the build then
leaves out the document's schema:text and the context around each quote (oa:prefix/oa:suffix).
"""

from __future__ import annotations

import gzip
import hashlib

import pytest
from alliance_kg.loaders.build import build
from alliance_kg.ontology import AKG, DOC
from alliance_kg.ontology.namespaces import OA, SCHEMA, XSD
from alliance_kg.store.local import current_store_path
from pyoxigraph import Literal, NamedNode, Store

TEXT = (
    "Invented for the tests: the foreign ministers of Japan and the United States met in Tokyo on Feb. 3, 2025.\n"
    "A second sentence that no claim quotes, which must not reach the graph.\n"
)
QUOTE = "the foreign ministers of Japan and the United States met in Tokyo"
URL = "https://news.example.org/2025/02/ministers-meet"


def _add_restricted_document(sources) -> None:
    data = TEXT.encode()
    name = f"005_{hashlib.sha256(data).hexdigest()[:16]}.txt"
    (sources.root / name).write_bytes(data)
    with open(sources.metadata, "a", encoding="utf-8") as handle:
        handle.write(
            f"""
  - id: "005"
    file: {name}
    url: {URL}
    redistribute: false
    rights: All rights reserved by the (invented) publisher; quoted for research.
    date: 2025-02-04
    date_basis: inferred
    date_evidence: Invented for the tests.
"""
        )
    (sources.annotations / "005.yaml").write_text(
        f"""document: "005"
claims:
  - id: place
    quote: "{QUOTE}"
    subject: event/scc-2023-01
    relation: place
    object: Tokyo
""",
        encoding="utf-8",
    )


@pytest.mark.slow  # builds the graph
def test_the_graph_pages_and_dumps_hold_the_quotes_but_not_the_text(sources_copy, tmp_path):
    from alliance_kg.server import create_app

    _add_restricted_document(sources_copy)
    build(tmp_path / "data", sources_copy, reason=False)
    path = current_store_path(tmp_path / "data")
    store = Store.read_only(str(path))
    doc = DOC["005"]
    assert not list(store.quads_for_pattern(doc, SCHEMA.text, None, None))
    assert list(store.quads_for_pattern(doc, AKG.textRedistributable, Literal("false", datatype=XSD.boolean), None))
    assert list(store.quads_for_pattern(doc, SCHEMA.url, NamedNode(URL), None))
    exact = [q.subject for q in store.quads_for_pattern(None, OA.exact, Literal(QUOTE), None)]
    assert exact and not list(store.quads_for_pattern(exact[0], OA.prefix, None, None))
    seed = DOC["001"]  # the seeds keep their text
    assert list(store.quads_for_pattern(seed, SCHEMA.text, None, None))

    app = create_app({"STORE_PATH": str(path), "TESTING": True, "WARM_QUERY_PROCESSES": False})
    client = app.test_client()
    page = client.get("/doc/005", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert QUOTE in html and "do not allow its full text to be redistributed" in html
    assert "A second sentence" not in html and URL in html
    for name in ("alliance-kg.nq.gz", "alliance-kg.trig.gz"):
        dump = gzip.decompress(client.get(f"/dumps/{name}").data).decode()
        assert QUOTE in dump
        assert "A second sentence" not in dump and "met in Tokyo on Feb. 3" not in dump
