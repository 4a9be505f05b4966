"""The HTTP limit of this machine: a Flask route that returns a constant body, on the production gunicorn stack.

    python -m bench.constant_app --port 8100            gunicorn alone on 127.0.0.1:8100
    python -m bench.constant_app --port 8100 --front    behind `alliance-kg serve`'s own nginx front

`GET /constant/<bytes>` answers `bytes` bytes of `application/sparql-results+json` (built once per size), with
the worker's pid in `X-Worker-Pid` so a load generator can count how connections spread over workers. The
server is `server.wsgi.run_gunicorn` itself (same worker class, workers, threads, access log) serving this
app instead of the SPARQL app, so the only difference from `alliance-kg serve` is the work per request. With
--front, `alliance_kg.server.wsgi.serve` itself runs (nginx configured by server/front.py, gunicorn on a unix
socket, both watched), with this app's gunicorn in place of the SPARQL app's.
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


def serve(host: str, port: int, bind: str | None = None, workers: int = 2, threads: int | None = None) -> None:
    """Run this app on the production runner, so options cannot drift from `alliance-kg serve`; `bind`: a unix
    socket (unix:PATH) in place of HOST:PORT."""
    from alliance_kg.server import wsgi

    production = wsgi._Gunicorn

    class ConstantGunicorn(production):  # type: ignore[misc,valid-type]
        def load(self):
            return app

    wsgi._Gunicorn = ConstantGunicorn  # type: ignore[misc]
    wsgi.run_gunicorn(Path("."), host=host, port=port, workers=workers, threads=threads, bind=bind)


def serve_behind_front(host: str, port: int) -> int:
    """`alliance-kg serve`'s own front (wsgi.serve: nginx from server/front.py's nginx_config, gunicorn on a unix
    socket) with this app's gunicorn as its child in place of the SPARQL app's; returns gunicorn's exit status."""
    from alliance_kg.server import wsgi

    def start_constant(data_dir: Path, app_socket: Path, workers: int, threads: int | None, config: dict) -> object:
        command = [sys.executable, "-m", "bench.constant_app", "--bind", f"unix:{app_socket}"]
        command += ["--workers", str(workers), *(["--threads", str(threads)] if threads else [])]
        return wsgi._start(command)

    wsgi._start_gunicorn = start_constant  # type: ignore[assignment]
    return wsgi.serve(Path("."), host, port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="constant-body reference server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bind", help="unix:PATH: gunicorn on this socket instead of HOST:PORT")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--front", action="store_true", help="behind alliance-kg serve's nginx front")
    args = parser.parse_args(argv)
    if args.front:
        return serve_behind_front(args.host, args.port)
    serve(args.host, args.port, args.bind, args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
