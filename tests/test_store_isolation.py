"""Store isolation (issue 15): a server's answers never change under it without a new build id.

- a read-only server keeps its store through any number of builds (it holds it; builds do not remove it), and a
  query process it starts later opens the same store;
- a server whose store is gone says so: 503 naming the store, and /healthz 503;
- a server with SPARQL Update works on its own copy of the build: its CLEAR ALL reaches no read-only server on the
  same data folder, the build itself never changes, and its updates survive a restart.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from alliance_kg.store.local import current_store_path
from pyoxigraph import Store
from server_process import REPOSITORY, build_id, fetch, flagship_rows, served

pytestmark = pytest.mark.slow

FLAGSHIP_ROWS = 7
TOKEN = "t0ken-isolation-81"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours, in constant memory
ONE_PROCESS = {"ALLIANCE_KG_QUERY_PROCESSES": "1", "ALLIANCE_KG_QUERY_TIMEOUT": "2"}


@pytest.fixture
def data_dir(built_graph, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(built_graph[0], target, symlinks=True)
    return target


def build(data_dir: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "alliance_kg", "--data-dir", str(data_dir), "build", "--no-reason"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]


def query(base: str, text: str) -> tuple[int, str]:
    status, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": text}))
    return status, body.decode()


def replace_the_query_process(base: str) -> None:
    """Run a query past the time limit: its (only) query process is killed, and another one started."""
    status, body = query(base, SLOW)
    assert status == 503 and "QUERY_TIMEOUT" in body


def update(base: str, text: str) -> int:
    request = urllib.request.Request(
        f"{base}/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_server_keeps_its_store_through_builds(data_dir, tmp_path):
    """After two builds without a reload, a new query process failed with 400 `could not open the store`."""
    served_build = current_store_path(data_dir).name
    with served(data_dir, tmp_path / "server.log", "--workers", "1", environment=ONE_PROCESS) as (base, _):
        build(data_dir)
        build(data_dir)
        assert current_store_path(data_dir).name != served_build
        assert (data_dir / "stores" / served_build).is_dir(), "a build removed the store a server holds"
        replace_the_query_process(base)
        assert flagship_rows(base) == FLAGSHIP_ROWS
        assert build_id(base) == served_build
    build(data_dir)  # with no server on it any more, the old build goes
    assert not (data_dir / "stores" / served_build).exists()


def test_a_server_whose_store_is_gone_says_so(data_dir, tmp_path):
    store = current_store_path(data_dir)
    with served(data_dir, tmp_path / "server.log", "--workers", "1", environment=ONE_PROCESS) as (base, _):
        assert flagship_rows(base) == FLAGSHIP_ROWS
        shutil.rmtree(store)  # by hand, past the lock that builds respect
        replace_the_query_process(base)
        status, body = query(base, "ASK { ?s ?p ?o }")
        assert status == 503 and str(store) in body and "/healthz" in body
        status, health = fetch(f"{base}/healthz")
        assert status == 503
        assert json.loads(health)["status"] == "unavailable" and str(store) in json.loads(health)["error"]


def test_updates_reach_no_read_only_server_and_never_the_build(data_dir, tmp_path):
    """A server with UPDATE_TOKEN on the same data folder ran CLEAR ALL: the read-only server's new query processes
    then found 0 triples, while its /healthz still said 28,744 quads under the same ETags."""
    build_path = current_store_path(data_dir)
    quads = len(Store.read_only(str(build_path)))
    writer = {"ALLIANCE_KG_UPDATE_TOKEN": TOKEN}
    with (
        served(data_dir, tmp_path / "reader.log", "--workers", "1", environment=ONE_PROCESS) as (reader, _),
        served(data_dir, tmp_path / "writer.log", environment=writer) as (writable, _),
    ):
        etag = urllib.request.urlopen(f"{reader}/api/queries/article_v_domains", timeout=30).headers["ETag"]
        assert update(writable, "CLEAR ALL") == 204
        assert query(writable, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":false}')
        replace_the_query_process(reader)
        assert flagship_rows(reader) == FLAGSHIP_ROWS
        assert json.loads(fetch(f"{reader}/healthz")[1])["quads"] == quads
        again = urllib.request.urlopen(f"{reader}/api/queries/article_v_domains", timeout=30).headers["ETag"]
        assert again == etag
        assert update(writable, "INSERT DATA { <http://example.org/kept> <http://example.org/p> 1 }") == 204
    assert len(Store.read_only(str(build_path))) == quads, "the build itself was changed"
    with served(data_dir, tmp_path / "again.log", environment=writer) as (writable, _):  # after a restart
        assert query(writable, "ASK { <http://example.org/kept> ?p ?o }") == (200, '{"head":{},"boolean":true}')
        assert json.loads(fetch(f"{writable}/healthz")[1])["quads"] == 1
