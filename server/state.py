"""What an app serves from, made from its configuration and typed: the store, the query executor, the SERVICE
allow-list, the answer cache and the metrics, kept in `app.extensions` under one key and read with `state()`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from alliance_kg.queries.catalogue import Query, load_catalogue
from alliance_kg.server.cache import AnswerCache
from alliance_kg.server.executor import Executor, InlineExecutor, ProcessExecutor, RemoteExecutor, default_processes
from alliance_kg.server.federation import Allowlist, configured_allowlist
from alliance_kg.server.metrics import Metrics
from alliance_kg.server.statistics import Statistics, compute_statistics
from alliance_kg.store.remote import Endpoint, RemoteStore
from flask import Flask, current_app
from pyoxigraph import Store

KEY = "alliance_kg"
T = TypeVar("T")


@dataclass
class State:
    store: Store | RemoteStore
    executor: Executor
    allowlist: Allowlist
    metrics: Metrics
    answers: AnswerCache | None  # None when the store is writable: the graph may change under it
    fixed_build: str  # the build of a store opened by this process (BUILD_ID, or the store directory's name)
    dumps: dict[str, bytes] = field(default_factory=dict)  # gzipped dumps by build and file name (server/dumps.py)
    _statistics: Statistics | None = None
    _catalogue: dict[str, Query] | None = None
    _derived: dict[str, Any] = field(default_factory=dict)  # by build and name (`derived`)

    def build_id(self) -> str:
        """The build being answered from, which ETags, dumps and /healthz name: fixed for a store opened by this
        process; for a remote store, whose build can change under a running server, its current one."""
        if isinstance(self.store, RemoteStore):
            return f"remote-{self.store.build_id() or 'none'}"
        return self.fixed_build

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

    def store_changed(self) -> None:
        """Forget what was computed from the store (after an update): the dumps, the statistics, what views derived."""
        self.dumps.clear()
        self._statistics = None
        self._derived.clear()


def state(app: Flask | None = None) -> State:
    """The state of `app` (by default the app handling the current request)."""
    return (app or current_app).extensions[KEY]


def init_app(app: Flask) -> State:
    """Open what the app's configuration names; a bad setting stops the start with a message that names it."""
    config = app.config
    store = open_store(config)
    allowlist = configured_allowlist(config)  # before any query process starts
    executor = open_executor(config, store)
    writable = bool(config["UPDATE_TOKEN"])
    made = State(
        store=store,
        executor=executor,
        allowlist=allowlist,
        metrics=Metrics(lambda: len(made.store)),
        answers=None if writable else AnswerCache(int(config["ANSWER_CACHE_BYTES"])),
        fixed_build=_fixed_build(config, store),
    )
    app.extensions[KEY] = made
    return made


def open_store(config: Mapping[str, Any]) -> Store | RemoteStore:
    """The open `STORE`, the built store at `STORE_PATH` (read-only unless updates are on), or the remote store."""
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
    if not config["STORE_PATH"]:
        raise ValueError("create_app needs STORE or STORE_PATH; run `alliance-kg build` to make a store")
    if config["UPDATE_TOKEN"]:  # read-write: one process at a time (server/update.py)
        return Store(str(config["STORE_PATH"]))
    return Store.read_only(str(config["STORE_PATH"]))


def open_executor(config: dict[str, Any], store: Store | RemoteStore) -> Executor:
    """Query processes that open `STORE_PATH` (killable at the time limit) when they can; else the request thread."""
    timeout = float(config["QUERY_TIMEOUT"])
    if isinstance(store, RemoteStore):
        return RemoteExecutor(store, timeout)
    if config["STORE"] is not None or config["UPDATE_TOKEN"]:  # an open store, or a writable one: no path to open
        return InlineExecutor(store, timeout)
    if not config["QUERY_PROCESSES"]:
        config["QUERY_PROCESSES"] = default_processes()  # named in the message of a busy answer
    executor = ProcessExecutor(
        str(config["STORE_PATH"]),
        int(config["QUERY_PROCESSES"]),
        timeout,
        in_memory_max_quads=int(config["IN_MEMORY_MAX_QUADS"]),
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
