"""Runs the app under gunicorn (`alliance-kg serve`), each worker with its own handle on the store, and the WSGI
entry point for any other server."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from alliance_kg import settings


class _Gunicorn(BaseApplication):
    """gunicorn driven from Python, so `alliance-kg serve` needs no config file."""

    def __init__(self, data_dir: Path, options: dict[str, Any], config: dict[str, Any] | None = None) -> None:
        self.data_dir = data_dir
        self.options = options
        self.config = config or {}
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Called in each worker after the fork: every worker opens its own read-only handle on the store.
        from alliance_kg.server import create_app
        from alliance_kg.server.observability import configure_access_log
        from alliance_kg.store.local import current_store_path

        configure_access_log()  # JSON lines on stderr, in place of gunicorn's (which would log query strings)
        return create_app({**self.config, "STORE_PATH": str(current_store_path(self.data_dir))})


def run_gunicorn(
    data_dir: Path, host: str, port: int, workers: int = 2, threads: int = 4, config: dict[str, Any] | None = None
) -> None:
    if (config or {}).get("UPDATE_TOKEN") and workers != 1:
        # one process may open the store read-write (RocksDB's lock), so updates mean one worker
        print(f"SPARQL Update is on: serving with 1 worker, not {workers}", file=sys.stderr, flush=True)
        workers = 1
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": None,
        "timeout": 60,
        # Each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads new connections over
        # the workers; with one shared socket, one worker takes a burst of keep-alive connections and keeps them.
        "reuse_port": True,
    }
    _Gunicorn(data_dir, options, config).run()


def app_from_environment():
    """WSGI entry point for any server: `gunicorn 'alliance_kg.server.wsgi:app_from_environment()'`, configured by
    ALLIANCE_KG_* (alliance_kg.settings), serving the current store of ALLIANCE_KG_DATA."""
    from alliance_kg.server import create_app
    from alliance_kg.store.local import current_store_path

    return create_app({"STORE_PATH": str(current_store_path(settings.data_dir()))})
