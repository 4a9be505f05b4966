"""Fixtures that build the real graph from seeds/ once per test session, into a temporary data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from loaders.build import BuildResult, build
from loaders.store import current_store_path

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    data_dir = tmp_path_factory.mktemp("data")
    return data_dir, build(data_dir)


@pytest.fixture(scope="session")
def graph_store(built_graph: tuple[Path, BuildResult]) -> Store:
    data_dir, _ = built_graph
    return Store.read_only(str(current_store_path(data_dir)))


@pytest.fixture(scope="session")
def graph_app(built_graph: tuple[Path, BuildResult]):
    from server import create_app

    data_dir, _ = built_graph
    return create_app({"STORE_PATH": str(current_store_path(data_dir)), "TESTING": True})


@pytest.fixture(scope="session")
def live_graph_server(graph_app):
    """The app on a live HTTP server on 127.0.0.1; yields its base URL."""
    from live_server import live_server

    with live_server(graph_app) as url:
        yield url
