"""Where built graphs live, and the atomic switch that makes a new build the current one.

Layout of the data directory (`--data-dir`, ALLIANCE_KG_DATA; alliance_kg.settings.data_dir):
    stores/<build-id>/   one pyoxigraph (RocksDB) store per build, never written once built
    building/<build-id>/ a store being written; renamed into stores/ once complete and closed
    updates/<build-id>/  the copy of a build that a server with SPARQL Update changes (`working_copy`)
    current              symlink to the store being served; replaced atomically by rename(2)
A build writes a new store beside the current one and only then moves the symlink, so a failed or killed
build leaves the previous graph in place, and a server that opened the previous store keeps reading it: a server
holds a shared lock on the store it serves (`hold`), and builds never remove a store so held. What a killed build
leaves in building/ is removed by the next build (never a store that a live build is writing).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

KEEP_PREVIOUS = 1  # builds kept besides the current one, for a quick roll-back by hand


def current_store_path(data_dir: Path) -> Path | None:
    """The store being served, or None when nothing has been built yet."""
    link = data_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def open_current_store(data_dir: Path) -> Store:
    """The current store, read-only, so any number of server workers can open it while a build runs."""
    path = current_store_path(data_dir)
    if path is None:
        raise FileNotFoundError(f"no graph has been built in {data_dir}: run `alliance-kg build` first")
    return Store.read_only(str(path))


def hold(store_path: Path) -> int:
    """Take a shared lock on the store at `store_path` for as long as this process lives (or until the returned
    descriptor is closed): builds do not remove a store that a server holds. Waits while a build is removing it."""
    descriptor = os.open(store_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fcntl.flock(descriptor, fcntl.LOCK_SH)
    return descriptor


def _remove_unless_held(path: Path) -> bool:
    """Remove the store at `path` unless a server holds it (`hold`); whether it was removed."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(path, ignore_errors=True)  # under the exclusive lock: no server takes it meanwhile
        return True
    finally:
        os.close(descriptor)


def working_copy(store_path: Path) -> Path:
    """The store that a server with SPARQL Update changes in place of the build at `store_path`:
    `updates/<build-id>/` of the same data folder, made once as a copy of the build (pyoxigraph's backup: hard
    links to the build's immutable files) and kept, so that updates survive a restart and the build itself — which
    read-only servers answer from — never changes."""
    target = store_path.parent.parent / "updates" / store_path.name
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{store_path.name}-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    Store.read_only(str(store_path)).backup(str(temporary))
    try:
        os.rename(temporary, target)  # whole or not at all
    except OSError:
        if not target.is_dir():
            raise
        shutil.rmtree(temporary, ignore_errors=True)  # another server made it first
    return target


def with_union_default_graph(quads: Iterable[Quad]) -> Iterator[Quad]:
    """Each quad of `quads` and, for a quad in a named graph, its triple in the default graph: the stream a store
    is written from, so that its default graph is the merge (a set: a store keeps each quad once) of its named
    graphs, and queries without GRAPH see each fact once even when three claims state it, while GRAPH ?g still
    reaches every claim."""
    default = DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield Quad(quad.subject, quad.predicate, quad.object)  # no graph name: the default graph


def add_union_default_graph(store: Store) -> None:
    """Materialise the default graph of an existing `store` as the merge of its named graphs (for in-memory
    copies; `write_store` writes the merge in the same pass as the named graphs)."""
    store.bulk_extend(
        Quad(q.subject, q.predicate, q.object, DefaultGraph())
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, DefaultGraph)
    )


def write_store(quads: Iterable[Quad] | Path, data_dir: Path) -> Path:
    """Write the named-graph `quads` (an iterable, consumed as a stream, or the path of an N-Quads file) and their
    union as the default graph into a new store, and make it current atomically; returns the new store's path.

    One pass: each quad and its default-graph copy go to the bulk loader together (why, and what `optimize()`
    buys, measured: docs/design/server.md).
    """
    stores = data_dir / "stores"
    stores.mkdir(parents=True, exist_ok=True)
    remove_leftovers(data_dir)
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"
    building = data_dir / "building" / build_id
    building.parent.mkdir(parents=True, exist_ok=True)
    store = Store(str(building))
    if isinstance(quads, Path):
        quads = parse(path=str(quads), format=RdfFormat.N_QUADS)
    store.bulk_extend(with_union_default_graph(quads))
    store.flush()
    store.optimize()
    del store  # closes RocksDB before the move and the switch
    path = stores / build_id
    os.replace(building, path)  # complete stores only ever appear in stores/
    switch_current(data_dir, path)
    prune(data_dir)
    return path


def switch_current(data_dir: Path, store_path: Path) -> None:
    temporary = data_dir / f".current-{os.getpid()}"
    if temporary.is_symlink():
        temporary.unlink()
    temporary.symlink_to(store_path.relative_to(data_dir))
    os.replace(temporary, data_dir / "current")


def remove_leftovers(data_dir: Path) -> None:
    """Remove the half-written stores of killed builds (those whose build process is gone)."""
    building = data_dir / "building"
    if not building.is_dir():
        return
    for path in building.iterdir():
        pid = path.name.rpartition("-")[2]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another build is writing it
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(data_dir: Path) -> None:
    """Remove builds older than the current one and the one before (with their updated copies), unless a server
    still serves them."""
    current = current_store_path(data_dir)
    builds = sorted((p for p in (data_dir / "stores").iterdir() if p.is_dir()), reverse=True)
    if current is None or current not in builds:
        return
    keep = set(builds[builds.index(current) : builds.index(current) + 1 + KEEP_PREVIOUS])
    for path in builds:
        if path not in keep and path.name < current.name:
            updated = data_dir / "updates" / path.name
            if updated.is_dir():
                _remove_unless_held(updated)
            _remove_unless_held(path)  # one a server still holds is left to a later build
