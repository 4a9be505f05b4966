"""Load: the README's production server (`alliance-kg serve`: gunicorn, 2 gthread workers of 4 threads, their
query processes) driven by wrk from a second process with concurrent catalogue queries for 60 s, after a 15 s
warm-up: zero failed requests (non-2xx/3xx or socket errors), and the server's total memory (RSS of the master,
the workers and their query processes) at the end within 10 % of its memory after the warm-up. Prints
requests/s, p50 and p99."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import urllib.parse

import psutil
import pytest
from server_process import fetch, served

pytestmark = pytest.mark.load

WARM_UP_SECONDS = 15
LOAD_SECONDS = 60
CONNECTIONS = 8
SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "application/sparql-results+json"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\\n', summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def tree_rss(master: int) -> int:
    root = psutil.Process(master)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):  # a query process replaced meanwhile
            total += process.memory_info().rss
    return total


def wrk(base: str, script, seconds: int) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return json.loads(re.search(r"^RESULT (.*)$", output, re.M)[1])


def test_sixty_seconds_of_catalogue_queries(built_graph, tmp_path):
    assert shutil.which("wrk"), "the Debian package wrk is needed: `make system-deps` installs it"
    data_dir = tmp_path / "data"
    shutil.copytree(built_graph[0], data_dir, symlinks=True)
    with served(data_dir, tmp_path / "server.log") as (base, master):
        catalogue = json.loads(fetch(f"{base}/api/queries")[1])
        paths = [f"/api/queries/{q['name']}" for q in catalogue if not any(p["required"] for p in q["parameters"])]
        paths += ["/api/queries/domains_covered_on?day=2020-01-01", "/api/queries/domains_covered_on?day=2023-01-11"]
        with open(REPOSITORY_QUERY := "queries/article_v_domains.rq") as flagship:  # and the same through /sparql
            paths.append("/sparql?" + urllib.parse.urlencode({"query": flagship.read()}))
        # only what answers offline (a federated query of the catalogue needs Wikidata, which the test cannot reach)
        paths = [p for p in paths if fetch(base + p)[0] == 200]
        assert len(paths) >= 10, paths
        script = tmp_path / "catalogue.lua"
        script.write_text(SCRIPT % ", ".join(json.dumps(p) for p in paths))

        warm = wrk(base, script, WARM_UP_SECONDS)
        rss_after_warm_up = tree_rss(master.pid)
        result = wrk(base, script, LOAD_SECONDS)
        rss_at_end = tree_rss(master.pid)

    per_second = result["requests"] / (result["duration_us"] / 1e6)
    print(
        f"\n{len(paths)} catalogue queries ({REPOSITORY_QUERY} among them), {CONNECTIONS} connections, "
        f"{LOAD_SECONDS} s: {result['requests']} requests, {per_second:.0f} requests/s, "
        f"p50 {result['p50_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms; "
        f"RSS after warm-up {rss_after_warm_up / 2**20:.1f} MiB, at the end {rss_at_end / 2**20:.1f} MiB"
    )
    errors = {k: result[k] for k in ("connect", "read", "write", "status", "timeout")}
    assert warm["requests"] > 0 and result["requests"] > 0
    assert errors == dict.fromkeys(errors, 0), errors
    assert abs(rss_at_end - rss_after_warm_up) <= 0.10 * rss_after_warm_up
