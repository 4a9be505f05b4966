"""The HTTP limit of this machine: a Flask route that returns a constant body, on the production gunicorn stack.

    python -m bench.constant_app --port 8100

`GET /constant/<bytes>` answers `bytes` bytes of `application/sparql-results+json` (built once per size), with
the worker's pid in `X-Worker-Pid` so a load generator can count how connections spread over workers. The
server is `server.wsgi.run_gunicorn` itself (same worker class, workers, threads, access log) serving this
app instead of the SPARQL app, so the only difference from `alliance-kg serve` is the work per request.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response

CONTENT_TYPE = "application/sparql-results+json"

app = Flask(__name__)


@lru_cache(maxsize=64)
def _body(size: int) -> bytes:
    pattern = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
    return (pattern * (size // len(pattern) + 1))[:size]


@app.get("/constant/<int:size>")
def constant(size: int) -> Response:
    response = Response(_body(size), content_type=CONTENT_TYPE)
    response.headers["X-Worker-Pid"] = str(os.getpid())
    return response


def serve(host: str, port: int) -> None:
    """Run this app on the production runner, so options cannot drift from `alliance-kg serve`."""
    from alliance_kg.server import wsgi

    production = wsgi._Gunicorn

    class ConstantGunicorn(production):  # type: ignore[misc,valid-type]
        def load(self):
            return app

    wsgi._Gunicorn = ConstantGunicorn  # type: ignore[misc]
    wsgi.run_gunicorn(Path("."), host=host, port=port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="constant-body reference server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
