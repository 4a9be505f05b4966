"""Downloads of the whole dataset: every named graph, as gzipped TriG and N-Quads.

The default graph is left out: it is the union of the named graphs, materialised at build time, so a client
that loads a dump gets it back by querying with its store's union-default-graph option (or by copying every
graph into the default graph). A dump is written once per app from the store it serves and kept in memory; its
ETag is the build id (the store's directory name), so clients revalidate with If-None-Match and get 304.
A dump carries the dataset's version and changelog: the graph …/graph/release (loaders/releases.yaml) is one of
its named graphs, and the file name a download is saved under names the version (alliance-kg-0.2.0.trig.gz).
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

from flask import Blueprint, Response, current_app, request
from pyoxigraph import DefaultGraph, RdfFormat, serialize
from werkzeug.exceptions import NotFound

from ontology.namespaces import PREFIXES

blueprint = Blueprint("dumps", __name__)

DUMPS: dict[str, tuple[str, RdfFormat]] = {  # file name -> (media type of the uncompressed data, format)
    "alliance-kg.trig.gz": ("application/trig", RdfFormat.TRIG),
    "alliance-kg.nq.gz": ("application/n-quads", RdfFormat.N_QUADS),
}
_lock = threading.Lock()
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
    store = current_app.extensions["alliance_kg.store"]
    row = next(iter(store.query(CURRENT_VERSION)), None)
    return row["version"].value if row is not None else None


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
    version = dataset_version()
    saved_as = name.replace("alliance-kg.", f"alliance-kg-{version}.", 1) if version else name
    response = Response(
        _compressed(name, rdf_format),
        content_type="application/gzip",
        headers={
            "Content-Disposition": f'attachment; filename="{saved_as}"',
            "X-Uncompressed-Content-Type": media_type,
        },
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
            if hasattr(store, "named_quads"):  # a SPARQL endpoint: skip the scan of the default graph (the union)
                quads = store.named_quads()
            else:
                quads = (q for q in store if not isinstance(q.graph_name, DefaultGraph))
            prefixes = PREFIXES if rdf_format == RdfFormat.TRIG else None
            data = serialize(quads, format=rdf_format, prefixes=prefixes)
            cache[name] = gzip.compress(data, mtime=0)
        return cache[name]
