"""Fixtures that build the real graph from seeds/ once per test session, into a temporary data directory.

The build (SHACL and the OWL reasoner: most of a quick run's time) is kept in pytest's cache folder, keyed on a
digest of everything it reads — the sources folder, the ontology, the loaders and store code, the versions of the
libraries that check and reason — so a run whose inputs did not change copies the previous run's graph instead of
building it again. `pytest --cache-clear` builds afresh; CI, on a clean clone, always does.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from alliance_kg.loaders.build import BuildResult, build
from alliance_kg.loaders.sources import SourcesFolder
from alliance_kg.store.local import current_store_path
from flask import Flask
from pyoxigraph import Store

REPOSITORY = Path(__file__).resolve().parent.parent
# What the build reads: the rooms whose files it takes its inputs and its code from, and the libraries that check
# and reason over what it assembles.
BUILD_INPUT_ROOMS = ("seeds", "ontology", "loaders", "store")
BUILD_LIBRARIES = ("pyoxigraph", "owlready2", "pyshacl", "rdflib")


def copy_of_sources(folder: Path) -> SourcesFolder:
    """A copy of the project's sources folder at `folder`, for a test to change without touching the real one."""
    shutil.copytree(SourcesFolder.default().root, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return SourcesFolder(folder)


@pytest.fixture
def sources_copy(tmp_path: Path) -> SourcesFolder:
    return copy_of_sources(tmp_path / "sources")


def build_inputs_digest(root: Path = REPOSITORY) -> str:
    """A digest of every file the build reads under `root` and of the checking libraries' versions."""
    digest = hashlib.sha256()
    for library in BUILD_LIBRARIES:
        digest.update(f"{library}=={version(library)}\n".encode())
    for room in BUILD_INPUT_ROOMS:
        for path in sorted((root / room).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached_build(cache_dir: Path, key: str) -> Path:
    """The folder holding the build for `key` (its data directory and its pickled BuildResult), built if missing.

    Concurrent xdist workers may both build on a cold cache; each writes beside the others and renames into place,
    so a reader never sees half a build. Builds for other keys are removed: the cache holds one graph.
    """
    entry = cache_dir / key
    if not (entry / "result.pickle").is_file():
        scratch = cache_dir / f"building-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        result = build(scratch / "data")
        result.store_path = None  # a path inside the scratch folder; the fixture sets the copy's
        (scratch / "result.pickle").write_bytes(pickle.dumps(result))
        try:
            scratch.rename(entry)
        except OSError:  # another worker put the same build there first
            shutil.rmtree(scratch, ignore_errors=True)
    for other in cache_dir.iterdir():
        if other.name != key and not (
            other.name.startswith("building-") and _alive(other.name.removeprefix("building-"))
        ):
            shutil.rmtree(other, ignore_errors=True)
    return entry


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def built_graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The session's graph: a data directory of its own (tests may write to it) and what the build returned."""
    entry = cached_build(request.config.cache.mkdir("built-graph"), build_inputs_digest())
    data_dir = tmp_path_factory.mktemp("data")
    shutil.copytree(entry / "data", data_dir, symlinks=True, dirs_exist_ok=True)
    result: BuildResult = pickle.loads((entry / "result.pickle").read_bytes())
    result.store_path = current_store_path(data_dir)
    return data_dir, result


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
