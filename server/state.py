"""What an app serves from, made from its configuration and typed: the store, the query executor and its admission,
the SERVICE allow-list, the answer cache and the metrics, kept in `app.extensions` under one key and read with
`state()`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from alliance_kg.queries.catalogue import Query, load_catalogue
from alliance_kg.server.admission import Admission, default_queue
from alliance_kg.server.cache import AnswerCache
from alliance_kg.server.executor import (
    Executor,
    InlineExecutor,
    ProcessConfig,
    ProcessExecutor,
    RemoteExecutor,
    default_processes,
)
from alliance_kg.server.federation import Allowlist, configured_allowlist
from alliance_kg.server.metrics import Metrics
from alliance_kg.server.statistics import Statistics, compute_statistics
from alliance_kg.store.local import hold, working_copy
from alliance_kg.store.remote import Endpoint, RemoteStore
from flask import Flask, current_app
from pyoxigraph import Store

KEY = "alliance_kg"
T = TypeVar("T")


@dataclass
class State:
    store: Store | RemoteStore
    executor: Executor
    admission: Admission
    allowlist: Allowlist
    metrics: Metrics
    answers: AnswerCache | None  # None when the store is writable: the graph may change under it
    fixed_build: str  # the build of a store opened by this process (BUILD_ID, or the store directory's name)
    store_path: str | None = None  # the store on disk this app reads (for an update-enabled one: its copy)
    dumps: dict[str, bytes] = field(default_factory=dict)  # gzipped dumps of the current build (server/dumps.py)
    computing: threading.Lock = field(default_factory=threading.Lock)  # statistics and dumps, one at a time
    _statistics: Statistics | None = None
    _catalogue: dict[str, Query] | None = None
    _derived: dict[str, Any] = field(default_factory=dict)  # by build and name (`derived`)
    _quads: int | None = None

    def build_id(self) -> str:
        """The build being answered from, which ETags, dumps and /healthz name: fixed for a store opened by this
        process; for a remote store, whose build can change under a running server, its current one."""
        if isinstance(self.store, RemoteStore):
            return f"remote-{self.store.build_id() or 'none'}"
        return self.fixed_build

    @property
    def writable(self) -> bool:
        return bool(getattr(self.executor, "writable", False))

    @property
    def catalogue(self) -> dict[str, Query]:
        """The stored queries, read from their files once per app."""
        if self._catalogue is None:
            self._catalogue = load_catalogue()
        return self._catalogue

    def statistics(self) -> Statistics:
        """The store's statistics, computed on first use (not at start-up: most workers never serve VoID). Two first
        requests may both compute them; they agree."""
        if self._statistics is None:
            self._statistics = compute_statistics(self.store)
        return self._statistics

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """What a view computes from the store once per build (the search index, the timeline's marks): made on
        first use, kept until the build changes. Two first requests may both make it; they agree."""
        key = f"{self.build_id()}/{name}"
        if key not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if not k.endswith("/" + name)}  # older builds
            self._derived[key] = make()
        return self._derived[key]

    def quads(self) -> int:
        """The store's quads, counted once per store (a count reads every quad), after a read that shows the store
        can still be read; for a remote store, asked each time."""
        if isinstance(self.store, RemoteStore):
            return len(self.store)
        next(iter(self.store.quads_for_pattern(None, None, None, None)), None)
        if self._quads is None:
            self._quads = len(self.store)
        return self._quads

    def store_changed(self) -> None:
        """After an update: open the store again (a read-only handle sees the store as it was when opened), and
        forget what was computed from it (the dumps, the statistics, the count, what views derived)."""
        if self.store_path is not None and self.writable:
            self.store = _reopened(self.store_path)
        self.dumps.clear()
        self._statistics = None
        self._quads = None
        self._derived.clear()


def state(app: Flask | None = None) -> State:
    """The state of `app` (by default the app handling the current request)."""
    return (app or current_app).extensions[KEY]


def init_app(app: Flask) -> State:
    """Open what the app's configuration names; a bad setting stops the start with a message that names it."""
    config = app.config
    if not config["QUERY_PROCESSES"]:
        config["QUERY_PROCESSES"] = default_processes()  # named in the message of a busy answer
    if not config["CLIENT_QUERIES"]:
        config["CLIENT_QUERIES"] = max(1, int(config["QUERY_PROCESSES"]) // 2)
    if config["QUEUE_LENGTH"] is None:
        config["QUEUE_LENGTH"] = default_queue(int(config["QUERY_PROCESSES"]))  # named in the message of a full queue
    allowlist = configured_allowlist(config)  # before any query process starts
    store_path = _served_path(config)
    store = open_store(config, store_path)
    executor = open_executor(config, store, store_path, allowlist)
    made = State(
        store=store,
        executor=executor,
        admission=Admission(
            int(config["QUERY_PROCESSES"]),
            int(config["CLIENT_QUERIES"]),
            float(config["QUEUE_TIMEOUT"]),
            int(config["QUEUE_LENGTH"]),
        ),
        allowlist=allowlist,
        metrics=Metrics(lambda: made.quads(), lambda: made.admission.stats()),
        answers=None if config["UPDATE_TOKEN"] else AnswerCache(int(config["ANSWER_CACHE_BYTES"])),
        fixed_build=_fixed_build(config, store),
        store_path=None if store_path is None else str(store_path),
    )
    app.extensions[KEY] = made
    return made


def _served_path(config: Mapping[str, Any]) -> Path | None:
    """The store on disk this app reads, held (store.local.hold) so that no build removes it while the app lives:
    `STORE_PATH`, or with updates on, its working copy (store.local.working_copy)."""
    if config["BACKEND"] != "embedded" or config["STORE"] is not None or not config["STORE_PATH"]:
        return None
    path = Path(config["STORE_PATH"])
    if config["UPDATE_TOKEN"]:
        path = working_copy(path)
    hold(path)  # for the life of this process: the descriptor is not closed
    return path


def open_store(config: Mapping[str, Any], store_path: Path | None = None) -> Store | RemoteStore:
    """The open `STORE`, the built store at `store_path` (read-only: updates go through the executor's writer), or
    the remote store."""
    if config["BACKEND"] not in ("embedded", "sparql"):
        raise ValueError(f"BACKEND must be 'embedded' or 'sparql', not {config['BACKEND']!r}")
    if config["BACKEND"] == "sparql":
        if config["UPDATE_TOKEN"]:
            raise ValueError("UPDATE_TOKEN (SPARQL Update through this server) needs BACKEND 'embedded'")
        return RemoteStore(
            Endpoint.from_config(config),
            timeout=float(config["QUERY_TIMEOUT"]),
            consistent_reads=bool(config["SPARQL_CONSISTENT_READS"]),
        )
    if config["STORE"] is not None:
        return config["STORE"]
    if store_path is None:
        raise ValueError("create_app needs STORE or STORE_PATH; run `alliance-kg build` to make a store")
    return Store.read_only(str(store_path))


def open_executor(
    config: Mapping[str, Any], store: Store | RemoteStore, store_path: Path | None, allowlist: Allowlist
) -> Executor:
    """Query processes that open the store on disk (killable at the time limit, and with updates on, a writer
    process); for an open store, the request thread; for a remote store, the remote store with store-less
    processes that check SERVICE."""
    timeout = float(config["QUERY_TIMEOUT"])
    processes = ProcessConfig(
        store_path=None if store_path is None else str(store_path),
        memory=int(config["QUERY_MEMORY"] or 0),
        allowlist=allowlist.entries,
        in_memory_max_quads=int(config["IN_MEMORY_MAX_QUADS"]),
    )
    size, wait = int(config["QUERY_PROCESSES"]), float(config["QUEUE_TIMEOUT"])
    if isinstance(store, RemoteStore):
        return RemoteExecutor(store, timeout, ProcessExecutor(processes, size, timeout, wait))
    if store_path is None:  # an open store: no path to open
        return InlineExecutor(store, timeout, allowlist)
    executor = ProcessExecutor(
        processes,
        size,
        timeout,
        wait,
        writable=bool(config["UPDATE_TOKEN"]),
        max_resident=int(config["QUERY_PROCESS_RESIDENT"] or 0),
    )
    if config["WARM_QUERY_PROCESSES"]:
        executor.start_all()  # in the background: the worker answers at once, its processes are ready soon
    return executor


def _fixed_build(config: Mapping[str, Any], store: Store | RemoteStore) -> str:
    if config["BUILD_ID"]:
        return str(config["BUILD_ID"])
    if config["STORE"] is None and config["STORE_PATH"]:
        return Path(config["STORE_PATH"]).name
    return f"memory-{id(store):x}"


def _reopened(store_path: str, attempts: int = 5) -> Store:
    """A new read-only handle on a store the writer process holds. Opening reads RocksDB's manifest and then its
    files, and a compaction by the writer in between removes a file the manifest named ("Corruption: … No such
    file"): a race, not damage, so the open is tried again."""
    for attempt in range(1, attempts):
        try:
            return Store.read_only(store_path)
        except RuntimeError:
            time.sleep(0.05 * attempt)
    return Store.read_only(store_path)
