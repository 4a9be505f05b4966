"""Runs the app under gunicorn (the README's production server), one read-only store per worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    """gunicorn driven from Python, so `alliance-kg serve` needs no config file."""

    def __init__(self, data_dir: Path, options: dict[str, Any]) -> None:
        self.data_dir = data_dir
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Called in each worker after the fork: every worker opens its own read-only handle on the store.
        from loaders.store import current_store_path
        from server import create_app

        return create_app({"STORE_PATH": str(current_store_path(self.data_dir))})


def run_gunicorn(data_dir: Path, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": "-",
        "timeout": 60,
    }
    _Gunicorn(data_dir, options).run()


def app_from_environment():
    """WSGI entry point for any server: `gunicorn 'server.wsgi:app_from_environment()'` (uses ALLIANCE_KG_DATA)."""
    from loaders.store import current_store_path, default_data_dir
    from server import create_app

    return create_app({"STORE_PATH": str(current_store_path(default_data_dir()))})
