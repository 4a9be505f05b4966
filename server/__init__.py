"""The SPARQL service: a Flask application made by `create_app`, serving one read-only store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, url_for
from pyoxigraph import Store
from werkzeug.exceptions import HTTPException

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # an open pyoxigraph Store (tests, benchmarks) ...
    "STORE_PATH": None,  # ... or the path of a built store, opened read-only
    "PUBLIC_BASE": "https://w3id.org/alliance-kg/",  # the IRIs' base, served at this server's root (linked data)
    "QUERY_TIMEOUT": 10,  # seconds a query may run before it is stopped and answered 503
    "QUERY_PROCESSES": 4,  # query processes per server process (match the server's threads), started lazily
    "MAX_ROWS": 10_000,  # solutions or triples per answer; beyond, cut and marked `X-Result-Rows-Capped: N`
    "ALLOW_SERVICE": False,  # let queries use SERVICE (the server then fetches URLs that queries name)
    "DATA_LICENSE": "https://spdx.org/licenses/MIT",  # dcterms:license of the dataset in VoID (None: omitted)
    "DATA_RIGHTS": "Quotations from the source documents remain under their publishers' terms.",  # dcterms:rights
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from explicit configuration: `STORE` (an open Store) or `STORE_PATH` (a built store)."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(config or {})
    store = app.config["STORE"]
    if store is None:
        if not app.config["STORE_PATH"]:
            raise ValueError("create_app needs STORE or STORE_PATH; run `alliance-kg build` to make a store")
        store = Store.read_only(str(app.config["STORE_PATH"]))
    app.extensions["alliance_kg.store"] = store

    from server import api, cors, dumps, linked_data, service, sparql
    from server.executor import InlineExecutor, ProcessExecutor

    timeout = float(app.config["QUERY_TIMEOUT"])
    if app.config["STORE"] is None:  # a path that query processes can open, and processes that can be killed
        executor = ProcessExecutor(str(app.config["STORE_PATH"]), int(app.config["QUERY_PROCESSES"]), timeout)
    else:  # an open in-memory store: evaluated in the request thread, the limit checked between solutions
        executor = InlineExecutor(store, timeout)
    app.extensions["alliance_kg.executor"] = executor
    app.extensions["alliance_kg.statistics"] = service.compute_statistics(store)

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(service.blueprint)
    app.register_blueprint(dumps.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(linked_data.blueprint)
    app.register_error_handler(HTTPException, sparql.plain_error)
    cors.init_app(app)

    @app.get("/")
    def index():
        return redirect(url_for("sparql.endpoint"))

    return app
