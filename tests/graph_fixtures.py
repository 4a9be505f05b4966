"""Fixtures that build the real graph from seeds/ once per test session, into a temporary data directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alliance_kg.loaders.build import BuildResult, build
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.store.local import current_store_path
from pyoxigraph import Store

REPOSITORY = Path(__file__).resolve().parent.parent


def copy_of_sources(folder: Path) -> SourcesFolder:
    """A copy of the project's sources folder at `folder`, for a test to change without touching the real one."""
    shutil.copytree(SourcesFolder.default().root, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return SourcesFolder(folder)


@pytest.fixture
def sources_copy(tmp_path: Path) -> SourcesFolder:
    return copy_of_sources(tmp_path / "sources")


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
    from alliance_kg.server import create_app

    data_dir, _ = built_graph
    return create_app({"STORE_PATH": str(current_store_path(data_dir)), "TESTING": True})


@pytest.fixture(scope="session")
def live_graph_server(graph_app):
    """The app on a live HTTP server on 127.0.0.1; yields its base URL."""
    from live_server import live_server

    with live_server(graph_app) as url:
        yield url
