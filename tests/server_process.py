"""`alliance-kg serve` (the README's production server: gunicorn, gthread workers) as a subprocess on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# A query that runs for hours in constant memory, so that it meets QUERY_TIMEOUT on any machine: a three-way cross
# join, counted (a sorted cross join holds its rows, and on a quiet machine met QUERY_MEMORY before QUERY_TIMEOUT)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def flagship_rows(base: str) -> int:
    status, body = fetch(f"{base}/api/queries/article_v_domains")
    assert status == 200, body
    return len(json.loads(body)["results"]["bindings"])


def build_id(base: str) -> str:
    return json.loads(fetch(f"{base}/healthz")[1])["build"]


@contextmanager
def served(
    data_dir: Path, log: Path, *extra: str, environment: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `alliance-kg --data-dir DIR serve` until the block ends; yields (base URL, the gunicorn master)."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "alliance_kg", "--data-dir", str(data_dir), "serve", "--port", str(port), *extra],
            cwd=REPOSITORY,
            env={**os.environ, **(environment or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, f"the server stopped: {log.read_text()[-3000:]}"
            try:
                if fetch(f"{base}/healthz", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"no answer from {base}: {log.read_text()[-3000:]}"
            time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
