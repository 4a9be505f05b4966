"""wrk as the load generator (a second process on 127.0.0.1), and how keep-alive connections spread."""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import threading
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

SCRIPTS = Path(__file__).resolve().parent / "wrk"
ACCEPT = "application/sparql-results+json"
CONNECTIONS = 8
THREADS = 2


def available() -> str | None:
    return None if shutil.which("wrk") else "wrk not found: apt-get install wrk"


def query_url(endpoint: str, text: str) -> str:
    """GET with the URL-encoded query, the SPARQL Protocol's simplest form (and cacheable)."""
    return f"{endpoint}?{urlencode({'query': text})}"


@dataclass
class WrkRun:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _wrk(url: str, seconds: float, timeout_s: float, script: str, script_args: tuple[str, ...] = ()) -> str:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={max(1, round(timeout_s))}s",
        "-H",
        f"Accept: {ACCEPT}",
        "-s",
        str(SCRIPTS / script),
        url,
        *(("--", *script_args) if script_args else ()),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout_s + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    return done.stdout


def _line(stdout: str, mark: str) -> dict[str, Any]:
    line = next((x for x in stdout.splitlines() if x.startswith(mark + " ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no {mark} line: {stdout[-1000:]}")
    return json.loads(line.removeprefix(mark + " "))


def _summary(stdout: str) -> WrkRun:
    data = _line(stdout, "WRK_JSON")
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    good = data["requests"] - data["status"]
    return WrkRun(
        rps=good / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=data["requests"],
        errors=errors,
    )


def run(url: str, seconds: float, timeout_s: float = 10) -> WrkRun:
    """The same request, over and over."""
    return _summary(_wrk(url, seconds, timeout_s, "summary.lua"))


def run_distinct(base: str, params: Path, start: int, seconds: float, timeout_s: float = 10) -> tuple[WrkRun, dict]:
    """A different request every time (bench/wrk/distinct.lua), from position `start` of the parameters file; the
    run's figures, and the last position sent, the answers the server's cache gave (`cache_hits`) and the requests
    sent after every parameter had been used once (`wrapped`: 0 unless the file is too short for the run)."""
    stdout = _wrk(base, seconds, timeout_s, "distinct.lua", (str(params), str(start), str(THREADS)))
    return _summary(stdout), _line(stdout, "WRK_DISTINCT")


def summarise(results: list[WrkRun]) -> dict[str, Any]:
    """The best and the median of each figure over runs."""
    rps = [r.rps for r in results]
    return {
        "best_rps": max(rps),
        "median_rps": statistics.median(rps),
        "p50_ms": statistics.median(r.p50_ms for r in results),
        "p99_ms": statistics.median(r.p99_ms for r in results),
        "best_p99_ms": min(r.p99_ms for r in results),
        "errors": sum(r.errors for r in results),
        "runs": [asdict(r) for r in results],
    }


def series(url: str, runs: int, seconds: float, warmup_s: float, timeout_s: float = 10) -> dict[str, Any]:
    """A warm-up run, then `runs` runs; the best and the median of each figure."""
    if warmup_s:
        run(url, warmup_s, timeout_s)
    return summarise([run(url, seconds, timeout_s) for _ in range(runs)])


def spread_by_wrk(url: str, seconds: float) -> dict[str, int]:
    """Responses per worker pid over one wrk run (8 keep-alive connections), from the X-Worker-Pid header."""
    stdout = _wrk(url, seconds, 10, "spread.lua")
    line = next((x for x in stdout.splitlines() if x.startswith("WRK_PIDS")), "WRK_PIDS")
    return {k: int(v) for k, v in (item.split("=") for item in line.split()[1:])}


def spread_by_connections(url: str, requests_each: int = 5) -> dict[str, Any]:
    """Which worker serves each of 8 keep-alive connections opened at once (as wrk opens them)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    barrier = threading.Barrier(CONNECTIONS)
    pids: list[list[str]] = [[] for _ in range(CONNECTIONS)]

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        barrier.wait()
        for _ in range(requests_each):
            connection.request("GET", path, headers={"Accept": ACCEPT})
            response = connection.getresponse()
            response.read()
            pids[index].append(response.getheader("X-Worker-Pid") or "none")
        connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sticky = all(len(set(p)) == 1 for p in pids)
    per_worker = Counter(p[0] for p in pids)
    return {"connections_per_worker": dict(per_worker), "each_connection_stays_on_one_worker": sticky}
