"""Fixtures that build the real graph from seeds/ once per test session, into a temporary data directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alliance_kg.loaders.build import BuildResult, build
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.store.local import current_store_path
from flask import Flask
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


@contextmanager
def running_app(config: Mapping[str, Any]) -> Iterator[Flask]:
    """`create_app(config)`; its query processes are closed when the block ends, however it ends."""
    from alliance_kg.server import create_app
    from alliance_kg.server.state import state

    app = create_app(config)
    try:
        yield app
    finally:
        state(app).executor.close()


def on_graph(built_graph: tuple[Path, BuildResult], **config: Any) -> dict[str, Any]:
    """App configuration serving the session's graph, with `config` beside it."""
    data_dir, _ = built_graph
    return {"STORE_PATH": str(current_store_path(data_dir)), **config}


@pytest.fixture(scope="session")
def graph_app(built_graph: tuple[Path, BuildResult]) -> Iterator[Flask]:
    with running_app(on_graph(built_graph, TESTING=True)) as app:
        yield app


@pytest.fixture(autouse=True)
def _fresh_answer_cache(request: pytest.FixtureRequest) -> None:
    """Each test meets the session's app with an empty answer cache: no test depends on what another one asked."""
    if {"graph_app", "live_graph_server"} & set(request.fixturenames):
        from alliance_kg.server.state import state

        cache = state(request.getfixturevalue("graph_app")).answers
        if cache is not None:
            cache.clear()


@pytest.fixture(scope="session")
def live_graph_server(graph_app):
    """The app on a live HTTP server on 127.0.0.1; yields its base URL."""
    from live_server import live_server

    with live_server(graph_app) as url:
        yield url
