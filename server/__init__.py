"""The SPARQL service: a Flask application made by `create_app`, serving one store.

`create_app` registers the parts in the order a request meets them; server/answers.py is the path of a query
after its view. The modules and their layers are described in docs/design/server.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alliance_kg.server import federation
from flask import Flask, redirect, url_for

from alliance_kg import settings

DEFAULTS: dict[str, Any] = {
    "STORE": None,  # an open pyoxigraph Store (tests, benchmarks) ...
    "STORE_PATH": None,  # ... or the path of a built store, opened read-only
    "PUBLIC_BASE": "https://w3id.org/alliance-kg/",  # the IRIs' base, served at this server's root (linked data)
    "QUERY_TIMEOUT": 10,  # seconds a query may run before it is stopped and answered 503
    "QUERY_PROCESSES": None,  # query processes per server process; None: one per core (at least 2)
    "MAX_ROWS": 10_000,  # solutions or triples per answer; beyond, cut and marked `X-Result-Rows-Capped: N`
    "MAX_ANSWER_BYTES": 8 * 2**20,  # bytes of an answer as written, in any format; beyond, 503 naming the key
    "QUERY_MEMORY": 2**30,  # bytes of data memory per query process (RLIMIT_DATA); beyond, 503 naming the key
    # resident bytes a query process may hold after a query and be reused; beyond, it is replaced (0: always reused)
    "QUERY_PROCESS_RESIDENT": 256 * 2**20,
    "QUEUE_TIMEOUT": 5,  # seconds a query waits for a free query process before 503
    "QUEUE_LENGTH": None,  # queries that may wait per server process (each holds a thread; 503 at once beyond);
    # None: three per query process (server/admission.py)
    "CLIENT_QUERIES": None,  # queries one client may have evaluated or waiting per server process (429 beyond);
    # None: half of QUERY_PROCESSES (at least 1). A client is its address (server/proxy.py, TRUSTED_PROXIES)
    "ANSWER_CACHE_BYTES": 64 * 2**20,  # answers cached per server process (server/cache.py); 0: no cache, ETags stay
    "ANSWER_MAX_AGE": 60,  # seconds of `Cache-Control: public, max-age=N, must-revalidate` on cacheable answers
    "BUILD_ID": None,  # the build that ETags, dumps and /healthz name; None: the store's directory name (its build id)
    "WARM_QUERY_PROCESSES": True,  # start the query processes when the app is made, not on the first queries
    "IN_MEMORY_MAX_QUADS": 0,  # a query process copies a store of at most this many quads into memory (0: never)
    # SPARQL endpoints that SERVICE may call (server/federation.py): URLs, and `ip:port` for non-public addresses a
    # listed name may resolve to; () switches federation off. ALLIANCE_KG_SERVICE_ALLOWLIST replaces the default.
    "SERVICE_ALLOWLIST": federation.DEFAULT_ALLOWLIST,
    "UPDATE_TOKEN": None,  # bearer token that enables SPARQL Update (store opened read-write); None: read-only
    "MAX_CONTENT_LENGTH": 1_048_576,  # bytes of a request body, beyond which 413 (Flask's own key)
    "MAX_QUERY_LENGTH": 100_000,  # characters of a query or update, beyond which 400
    "MAX_NESTING": 32,  # levels of {, ( and [ in a query or update, beyond which 400 (before any parser reads it)
    "LOG_QUERY_TEXT": False,  # put the query text itself in the access log (its hash is always there)
    # JSON-LD is compact (with the published context) up to this many triples, expanded beyond: PyLD compacts one to
    # two thousand triples a second, so these bound the time one answer, and the JSON-LD dump, may take
    "JSONLD_COMPACT_MAX_TRIPLES": 2_000,  # CONSTRUCT and DESCRIBE answers, linked-data descriptions, graph documents
    "JSONLD_DUMP_COMPACT_MAX_QUADS": 50_000,  # /dumps/alliance-kg.jsonld.gz, written once per build and process
    "METRICS_CLIENTS": ("0.0.0.0/0", "::/0"),  # networks whose clients may read /metrics (403 for others): everyone
    # Proxies whose X-Forwarded-For names the client (server/proxy.py): addresses, networks, `unix`; () trusts none
    "TRUSTED_PROXIES": (),
    "PUBLIC_URL": None,  # the URL the service is reached at, named in its descriptions; None: the one each request used
    # The front of `alliance-kg serve` (server/front.py, nginx): deadlines for a client's reads and writes, and the
    # requests one client may have in progress (429 beyond)
    "CLIENT_TIMEOUT": 10,
    "CLIENT_REQUESTS": 32,
    # Where the graph lives: "embedded" (the pyoxigraph store above) or "sparql", any SPARQL 1.1 endpoint
    # (store/remote.py, docs/remote-backend.md); the SPARQL_* keys say where, credentials from the environment.
    "BACKEND": "embedded",
    "SPARQL_QUERY_URL": None,
    "SPARQL_UPDATE_URL": None,  # needed by `alliance-kg build --backend sparql`, not by the server
    "SPARQL_GRAPH_STORE_URL": None,
    "SPARQL_USER": None,
    "SPARQL_PASSWORD": None,
    "SPARQL_CONSISTENT_READS": True,  # re-run a query that overlapped a build's switch (store/remote.py)
    "DATA_LICENSE": "https://spdx.org/licenses/MIT",  # dcterms:license of the dataset in VoID (None: omitted)
    "DATA_RIGHTS": "Quotations from the source documents remain under their publishers' terms.",  # dcterms:rights
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: the defaults, then `ALLIANCE_KG_*` from the environment (alliance_kg.settings), then `config`,
    which must name `STORE` (an open Store) or `STORE_PATH` (a built store) unless the backend is remote."""
    # Imported here, as in Flask's tutorial: a query process (server/query_process.py) imports this package too.
    from alliance_kg.server import (
        answers,
        api,
        cors,
        dumps,
        errors,
        limits,
        linked_data,
        observability,
        protocol,
        proxy,
        search,
        service,
        sparql,
        state,
        visual,
    )

    app = Flask(__name__)
    app.request_class = protocol.Request  # the URL's parameters parsed faster (a GET's query is one)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(settings.read_environment())
    app.config.from_mapping(config or {})
    state.init_app(app)  # the store, the query executor, the SERVICE allow-list, the answer cache, the metrics

    # The request pipeline, in the order a request meets it (`before_request` hooks run in the order registered,
    # `after_request` hooks in the reverse): the access log's clock; the body limit; the answer cache's fast path;
    # a view, whose query goes on through answers.respond (federation check, executor, formats, cache store);
    # CORS headers; the access log line and the metrics, last.
    # the client and the public URL, before anything (WSGI middleware, as Flask documents it)
    app.wsgi_app = proxy.ProxyFront(app.wsgi_app, app.config)  # type: ignore[method-assign]
    observability.init_app(app)
    limits.init_app(app)
    answers.init_app(app)
    for view in (sparql, service, dumps, api, linked_data, search, visual):
        app.register_blueprint(view.blueprint)
    cors.init_app(app)
    errors.init_app(app)  # every HTTP error as plain text; nosniff on every answer

    @app.get("/")
    def index():
        return redirect(url_for("sparql.endpoint"))

    return app
