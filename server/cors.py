"""CORS for the machine-facing routes, so that query editors and apps on other origins can use them.

Every origin may read the answers (the data is public and no route uses cookies); preflight OPTIONS requests,
answered by Flask for each route, get the methods and the request headers a SPARQL client sends.
"""

from __future__ import annotations

from flask import Flask, Response, request

PREFIXES = ("/sparql", "/api/", "/.well-known/void", "/dumps/", "/context.jsonld", "/search", "/reconcile")


def add_cors_headers(response: Response) -> Response:
    if request.path.startswith(PREFIXES):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Result-Rows-Capped, ETag, Content-Disposition"
        if request.method == "OPTIONS":
            methods = "GET, POST, OPTIONS" if request.path in ("/sparql", "/reconcile") else "GET, OPTIONS"
            response.headers["Access-Control-Allow-Methods"] = methods
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
