"""The SPARQL service: a Flask application made by `create_app`, serving one read-only store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, url_for
from pyoxigraph import Store
from werkzeug.exceptions import HTTPException

from alliance_kg import settings

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # an open pyoxigraph Store (tests, benchmarks) ...
    "STORE_PATH": None,  # ... or the path of a built store, opened read-only
    "PUBLIC_BASE": "https://w3id.org/alliance-kg/",  # the IRIs' base, served at this server's root (linked data)
    "QUERY_TIMEOUT": 10,  # seconds a query may run before it is stopped and answered 503
    "QUERY_PROCESSES": None,  # query processes per server process; None: one per core (at least 2)
    "MAX_ROWS": 10_000,  # solutions or triples per answer; beyond, cut and marked `X-Result-Rows-Capped: N`
    "ANSWER_CACHE_BYTES": 64 * 2**20,  # answers cached per server process (server/cache.py); 0: no cache, ETags stay
    "ANSWER_MAX_AGE": 60,  # seconds of `Cache-Control: public, max-age=N, must-revalidate` on cacheable answers
    "BUILD_ID": None,  # what ETags are keyed on; None: the store's directory name (its build id)
    "WARM_QUERY_PROCESSES": True,  # start the query processes when the app is made, not on the first queries
    "IN_MEMORY_MAX_QUADS": 0,  # a query process copies a store of at most this many quads into memory (0: never)
    # SPARQL endpoints that SERVICE may call (server/federation.py): URLs, and `ip:port` for non-public addresses a
    # listed name may resolve to; () switches federation off. ALLIANCE_KG_SERVICE_ALLOWLIST replaces the default.
    "SERVICE_ALLOWLIST": ("https://query.wikidata.org/sparql", "https://dbpedia.org/sparql"),
    "UPDATE_TOKEN": None,  # bearer token that enables SPARQL Update (store opened read-write); None: read-only
    "MAX_CONTENT_LENGTH": 1_048_576,  # bytes of a request body, beyond which 413 (Flask's own key)
    "MAX_QUERY_LENGTH": 100_000,  # characters of a query or update, beyond which 400
    "LOG_QUERY_TEXT": False,  # put the query text itself in the access log (its hash is always there)
    # Where the graph lives: "embedded" (the pyoxigraph store above) or "sparql", any SPARQL 1.1 endpoint
    # (server/remote.py, README "Beyond one machine"); the SPARQL_* keys say where, credentials from the environment.
    "BACKEND": "embedded",
    "SPARQL_QUERY_URL": None,
    "SPARQL_UPDATE_URL": None,  # needed by `alliance-kg build --backend sparql`, not by the server
    "SPARQL_GRAPH_STORE_URL": None,
    "SPARQL_USER": None,
    "SPARQL_PASSWORD": None,
    "SPARQL_CONSISTENT_READS": True,  # re-run a query that overlapped a build's switch (server/remote.py)
    "DATA_LICENSE": "https://spdx.org/licenses/MIT",  # dcterms:license of the dataset in VoID (None: omitted)
    "DATA_RIGHTS": "Quotations from the source documents remain under their publishers' terms.",  # dcterms:rights
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: the defaults, then `ALLIANCE_KG_*` from the environment (alliance_kg.settings), then `config`,
    which must name `STORE` (an open Store) or `STORE_PATH` (a built store) unless the backend is remote."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(settings.read_environment())
    app.config.from_mapping(config or {})
    store = app.config["STORE"]
    remote = app.config["BACKEND"] == "sparql"
    if app.config["BACKEND"] not in ("embedded", "sparql"):
        raise ValueError(f"BACKEND must be 'embedded' or 'sparql', not {app.config['BACKEND']!r}")
    if remote:  # a SPARQL endpoint in place of the store (server/remote.py)
        from alliance_kg.store.remote import Endpoint, RemoteStore

        if app.config["UPDATE_TOKEN"]:
            raise ValueError("UPDATE_TOKEN (SPARQL Update through this server) needs BACKEND 'embedded'")
        store = RemoteStore(
            Endpoint.from_config(app.config),
            timeout=float(app.config["QUERY_TIMEOUT"]),
            consistent_reads=bool(app.config["SPARQL_CONSISTENT_READS"]),
        )
    elif store is None:
        if not app.config["STORE_PATH"]:
            raise ValueError("create_app needs STORE or STORE_PATH; run `alliance-kg build` to make a store")
        if app.config["UPDATE_TOKEN"]:  # read-write: one process at a time (server/update.py)
            store = Store(str(app.config["STORE_PATH"]))
        else:
            store = Store.read_only(str(app.config["STORE_PATH"]))
    app.extensions["alliance_kg.store"] = store

    from alliance_kg.server import (
        api,
        cache,
        cors,
        dumps,
        federation,
        limits,
        linked_data,
        observability,
        service,
        sparql,
    )
    from alliance_kg.server.executor import InlineExecutor, ProcessExecutor

    federation.init_app(app)  # SERVICE_ALLOWLIST checked now: a malformed entry stops the start, named

    timeout = float(app.config["QUERY_TIMEOUT"])
    if remote:
        from alliance_kg.server.executor import RemoteExecutor

        executor = RemoteExecutor(store, timeout)
    elif app.config["STORE"] is None and not app.config["UPDATE_TOKEN"]:  # processes that open the path, killable
        if not app.config["QUERY_PROCESSES"]:
            from alliance_kg.server.executor import default_processes

            app.config["QUERY_PROCESSES"] = default_processes()
        executor = ProcessExecutor(
            str(app.config["STORE_PATH"]),
            int(app.config["QUERY_PROCESSES"]),
            timeout,
            in_memory_max_quads=int(app.config["IN_MEMORY_MAX_QUADS"]),
        )
        if app.config["WARM_QUERY_PROCESSES"]:
            executor.start_all()  # in the background: the worker answers at once, its processes are ready soon
    else:  # an open store (or a writable one): evaluated in the request thread, limit checked between solutions
        executor = InlineExecutor(store, timeout)
    app.extensions["alliance_kg.executor"] = executor

    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(service.blueprint)
    app.register_blueprint(dumps.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(linked_data.blueprint)
    app.register_error_handler(HTTPException, sparql.plain_error)
    cors.init_app(app)
    observability.init_app(app)  # access log, /healthz, /metrics (wraps the executor to count outcomes)
    limits.init_app(app)
    cache.init_app(app)  # last: its fast path answers cached GETs after the other before_request hooks

    @app.get("/")
    def index():
        return redirect(url_for("sparql.endpoint"))

    return app
