"""Downloads of the whole dataset: every named graph, as gzipped TriG, N-Quads and compact JSON-LD.

The default graph is left out: it is the union of the named graphs, materialised at build time, so a client gets
it back by loading a dump with its store's union-default-graph option. A dump is written once per build from the
store and kept in memory; its ETag names the build, so clients revalidate with If-None-Match and get 304.
A dump carries the dataset's version and changelog: the graph …/graph/release (the sources folder's releases.yaml)
is one of its named graphs, and the file name a download is saved under names the version
(alliance-kg-0.2.0.trig.gz).
"""

from __future__ import annotations

import gzip

from alliance_kg.server import jsonld
from alliance_kg.server.formats import DATASETS, media_type, write_rdf
from alliance_kg.server.state import state
from alliance_kg.store.remote import RemoteStore
from flask import Blueprint, Response, current_app, request
from pyoxigraph import DefaultGraph, RdfFormat
from werkzeug.exceptions import NotFound, ServiceUnavailable

blueprint = Blueprint("dumps", __name__)

# file name -> format; JSON-LD keeps each named graph as a `@graph` object, compact with the published context
DUMPS: dict[str, RdfFormat] = {f"alliance-kg.{f.file_extension}.gz": f for f in (*DATASETS, RdfFormat.JSON_LD)}
CURRENT_VERSION = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?version WHERE {
  GRAPH <https://w3id.org/alliance-kg/graph/release> {
    ?release dcat:version ?version FILTER NOT EXISTS { ?newer dcat:previousVersion ?release }
  }
}
"""


def dataset_version() -> str | None:
    """The version of the release the store holds (None for a store built before releases were recorded)."""
    rows = list(state().store.query(CURRENT_VERSION))  # read to the end: the solutions stay on this thread
    return rows[0]["version"].value if rows else None


@blueprint.get("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        raise NotFound(f"there is no dump {name!r}; the dumps are {', '.join(DUMPS)}")
    build = state().build_id()
    version = dataset_version()
    saved_as = name.replace("alliance-kg.", f"alliance-kg-{version}.", 1) if version else name
    response = Response(
        _compressed(build, name),
        content_type="application/gzip",
        headers={
            "Content-Disposition": f'attachment; filename="{saved_as}"',
            "X-Uncompressed-Content-Type": media_type(DUMPS[name]),
        },
    )
    response.set_etag(f"{build}-{name}")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


def _compressed(build: str, name: str) -> bytes:
    """The dump, written once per build (of the current build only: a remote store's build can change under a
    running server, and older dumps are dropped). One is written at a time; a request waits for it at most
    QUEUE_TIMEOUT (a remote store that fails or times out meanwhile is a 503: server/errors.py)."""
    app_state = state()
    key = f"{build}/{name}"
    if key in app_state.dumps:
        return app_state.dumps[key]
    if not app_state.computing.acquire(timeout=float(current_app.config["QUEUE_TIMEOUT"])):
        raise ServiceUnavailable("the dump is being written for another request; try again in a moment", retry_after=5)
    try:
        if key not in app_state.dumps:
            store = app_state.store
            if isinstance(store, RemoteStore):  # one query for the named graphs, no scan of the default graph
                quads = store.named_quads()
            else:
                quads = (q for q in store if not isinstance(q.graph_name, DefaultGraph))
            if DUMPS[name] == RdfFormat.JSON_LD:  # the same document whatever the first request's Accept
                config = current_app.config
                body = jsonld.write(quads, config["PUBLIC_BASE"], int(config["JSONLD_DUMP_COMPACT_MAX_QUADS"]))
            else:
                body = write_rdf(quads, media_type(DUMPS[name]))
            written = gzip.compress(body, mtime=0)
            for old in [k for k in app_state.dumps if not k.startswith(f"{build}/")]:
                del app_state.dumps[old]
            app_state.dumps[key] = written
        return app_state.dumps[key]
    finally:
        app_state.computing.release()
