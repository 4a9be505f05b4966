"""A query process left holding more than QUERY_PROCESS_RESIDENT after a query is replaced, not reused; below the
bound the same processes answer query after query (a live `alliance-kg serve`)."""

from __future__ import annotations

import json
import shutil
import time
import urllib.parse

import psutil
import pytest
from server_process import fetch, served


def query_processes(master: int) -> set[int]:
    found = set()
    for process in psutil.Process(master).children(recursive=True):
        try:
            if "alliance_kg.server.query_process" in " ".join(process.cmdline()):
                found.add(process.pid)
        except psutil.NoSuchProcess:
            continue
    return found


def settled(master: int, count: int) -> set[int]:
    """The query processes once `count` of them are running (started in the background)."""
    deadline = time.monotonic() + 60
    while len(live := query_processes(master)) != count:
        assert time.monotonic() < deadline, live
        time.sleep(0.2)
    return live


@pytest.mark.parametrize(("resident", "replaced"), [("1", True), ("268435456", False)], ids=["over", "under"])
def test_a_swollen_query_process_is_replaced_and_the_others_are_reused(built_graph, tmp_path, resident, replaced):
    data_dir = tmp_path / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    environment = {
        "ALLIANCE_KG_QUERY_PROCESS_RESIDENT": resident,  # 1 byte: every process is over it after any query
        "ALLIANCE_KG_QUERY_PROCESSES": "1",
        "ALLIANCE_KG_ANSWER_CACHE_BYTES": "0",
    }
    # The bound is the executor's, not the front's: served without nginx, as `make check` runs where it is not installed.
    front = ("--front", "none")
    with served(data_dir, tmp_path / "server.log", "--workers", "1", *front, environment=environment) as (base, master):
        before = settled(master.pid, 2)  # one query process and the spare
        for n in range(3):
            query = f"ASK {{ ?s ?p ?o }} # {n}"
            status, body = fetch(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}))
            assert status == 200 and json.loads(body)["boolean"] is True, body
        after = settled(master.pid, 2)
    if replaced:
        assert before.isdisjoint(after), (before, after)
    else:
        assert after == before
