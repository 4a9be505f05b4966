"""The Python cost of one request, without the network: a cached answer of /sparql against the constant route.

    python -m bench.request_cost [--data-dir var] [--requests 5000]

Both apps are called as WSGI applications in this process, so the difference is the work of the SPARQL app
around a cached answer (its hooks: limits, cache lookup, CORS, access log, metrics) — what decides its share of
the HTTP limit in `bench.run`, where gunicorn's own cost per request is the same for both. The access log is
written to /dev/null, as a deployment writes it somewhere.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from werkzeug.test import EnvironBuilder

from bench.constant_app import app as constant_app

QUERY = Path(__file__).resolve().parent.parent / "queries" / "article_v_domains.rq"


def environ(path: str, query_string: str) -> dict:
    """The WSGI environ of a GET of `path` with `query_string`, as a client on 127.0.0.1 sends it."""
    return EnvironBuilder(
        path=path,
        query_string=query_string,
        base_url="http://127.0.0.1:8000",
        headers={"Accept": "application/sparql-results+json"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    ).get_environ()


_environ = lru_cache(maxsize=8)(environ)  # built once per URL and copied per request: not part of what is timed


def call(app: Callable, path: str, query_string: str = "") -> tuple[str, int]:
    """One request through `app`; its status line and the length of its body."""
    return call_with(app, _environ(path, query_string))


def call_with(app: Callable, built: dict) -> tuple[str, int]:
    """One request of a built environ through `app`; its status line and the length of its body."""
    started: list[str] = []
    fresh = {**built, "wsgi.input": io.BytesIO()}  # a fresh body stream per request
    body = b"".join(app(fresh, lambda status, headers, exc_info=None: started.append(status)))
    return started[0], len(body)


def microseconds(app: Callable, path: str, query_string: str, requests: int) -> float:
    began = time.perf_counter()
    for _ in range(requests):
        call(app, path, query_string)
    return (time.perf_counter() - began) / requests * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="built graph (default: ALLIANCE_KG_DATA or var/)")
    parser.add_argument("--requests", type=int, default=5000, help="requests per measurement (5000)")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each, side by side (3)")
    args = parser.parse_args(argv)

    from alliance_kg.server import create_app
    from alliance_kg.server.observability import configure_access_log
    from alliance_kg.server.state import state
    from alliance_kg.store.local import current_store_path

    from alliance_kg import settings

    store = current_store_path(args.data_dir or settings.data_dir())
    if store is None:
        parser.error("no graph has been built there: run `alliance-kg build` first")
    configure_access_log(open(os.devnull, "w"))  # noqa: SIM115 — kept open for the process's life, like stderr
    app = create_app({"STORE_PATH": str(store), "QUERY_PROCESSES": 1})
    query_string = urlencode({"query": QUERY.read_text(encoding="utf-8")})
    status, size = call(app, "/sparql", query_string)  # a miss: evaluated, then cached
    if not status.startswith("200"):
        parser.error(f"the flagship query answered {status}")
    print(f"flagship answer: {size:,} bytes; constant route with a body of the same size", flush=True)
    time.sleep(2)  # the app's query processes start in the background: let them settle before timing
    microseconds(app, "/sparql", query_string, args.requests // 5)  # warm-up, untimed
    microseconds(constant_app, f"/constant/{size}", "", args.requests // 5)
    hits, constants = [], []
    for round_ in range(1, args.rounds + 1):
        hits.append(microseconds(app, "/sparql", query_string, args.requests))
        constants.append(microseconds(constant_app, f"/constant/{size}", "", args.requests))
        print(f"round {round_}: cache hit {hits[-1]:.0f} µs, constant route {constants[-1]:.0f} µs", flush=True)
    print(f"best: cache hit {min(hits):.0f} µs, constant route {min(constants):.0f} µs")
    state(app).executor.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
