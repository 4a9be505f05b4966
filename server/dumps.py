"""Downloads of the whole dataset: every named graph, as gzipped TriG and N-Quads.

The default graph is left out: it is the union of the named graphs, materialised at build time, so a client
that loads a dump gets it back by querying with its store's union-default-graph option (or by copying every
graph into the default graph). A dump is written once per app from the store it serves and kept in memory; its
ETag is the build id (the store's directory name), so clients revalidate with If-None-Match and get 304.
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

from alliance_kg.ontology.namespaces import PREFIXES
from flask import Blueprint, Response, current_app, request
from pyoxigraph import DefaultGraph, RdfFormat, serialize
from werkzeug.exceptions import NotFound

blueprint = Blueprint("dumps", __name__)

DUMPS: dict[str, tuple[str, RdfFormat]] = {  # file name -> (media type of the uncompressed data, format)
    "alliance-kg.trig.gz": ("application/trig", RdfFormat.TRIG),
    "alliance-kg.nq.gz": ("application/n-quads", RdfFormat.N_QUADS),
}
_lock = threading.Lock()


def build_id() -> str:
    store = current_app.extensions["alliance_kg.store"]
    if hasattr(store, "build_id"):  # a SPARQL endpoint (server/remote.py): the build its manifest names
        return f"remote-{store.build_id()}"
    path = current_app.config["STORE_PATH"]
    if path and current_app.config["STORE"] is None:
        return Path(path).name
    return f"memory-{id(current_app.extensions['alliance_kg.store']):x}"


@blueprint.get("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        raise NotFound(f"there is no dump {name!r}; the dumps are {', '.join(DUMPS)}")
    media_type, rdf_format = DUMPS[name]
    response = Response(
        _compressed(name, rdf_format),
        content_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Uncompressed-Content-Type": media_type},
    )
    response.set_etag(f"{build_id()}-{name}")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


def _compressed(name: str, rdf_format: RdfFormat) -> bytes:
    cache: dict[str, bytes] = current_app.extensions.setdefault("alliance_kg.dumps", {})
    with _lock:
        name = f"{build_id()}/{name}"  # a remote store's build can change under a running server
        if name not in cache:
            store = current_app.extensions["alliance_kg.store"]
            quads = (q for q in store if not isinstance(q.graph_name, DefaultGraph))
            prefixes = PREFIXES if rdf_format == RdfFormat.TRIG else None
            data = serialize(quads, format=rdf_format, prefixes=prefixes)
            cache[name] = gzip.compress(data, mtime=0)
        return cache[name]
