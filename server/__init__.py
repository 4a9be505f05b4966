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

    from server import sparql

    app.register_blueprint(sparql.blueprint)
    app.register_error_handler(HTTPException, sparql.plain_error)

    @app.get("/")
    def index():
        return redirect(url_for("sparql.endpoint"))

    return app
