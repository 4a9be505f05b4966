"""Faults: a build killed with SIGKILL at any point leaves the previous store current and served, and its
leftovers are removed by the next build; a rebuild while the server runs never serves a half-built graph, and
SIGHUP to gunicorn moves the workers onto the new build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alliance_kg.store.local import current_store_path
from pyoxigraph import Store
from server_process import REPOSITORY, build_id, flagship_rows, served

pytestmark = pytest.mark.slow

FLAGSHIP_ROWS = 7


def start_build(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "alliance_kg", "--data-dir", str(data_dir), "build", "--no-reason"],
        cwd=REPOSITORY,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_after_line(data_dir: Path, marker: str) -> str:
    build = start_build(data_dir)
    for line in build.stderr:
        if marker in line:
            build.send_signal(signal.SIGKILL)
            break
    build.wait(30)
    assert build.returncode == -signal.SIGKILL, f"the build ended before {marker!r}"
    return line


def kill_when_the_new_store_appears(data_dir: Path) -> None:
    build = start_build(data_dir)
    building = data_dir / "building"
    deadline = time.monotonic() + 120
    while not (building.is_dir() and any(building.iterdir())):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before writing its store"
        time.sleep(0.002)
    time.sleep(0.05)  # into the writing
    build.send_signal(signal.SIGKILL)
    build.wait(30)
    assert build.returncode == -signal.SIGKILL, "the build finished before it was killed"


@pytest.fixture
def data_dir(built_graph, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(built_graph[0], target, symlinks=True)
    return target


def test_killed_builds_leave_the_previous_store_served_and_are_cleaned_up(data_dir, tmp_path):
    previous = current_store_path(data_dir)
    kill_after_line(data_dir, "[1/5]")
    kill_after_line(data_dir, "validating")
    kill_when_the_new_store_appears(data_dir)
    assert current_store_path(data_dir) == previous, "the current link did not move"
    assert len(list((data_dir / "building").iterdir())) == 1, "the killed writer left its half-built store"
    assert len(Store.read_only(str(previous))) > 0

    with served(data_dir, tmp_path / "server.log") as (base, _):
        assert build_id(base) == previous.name
        assert flagship_rows(base) == FLAGSHIP_ROWS

    build = start_build(data_dir)
    assert build.wait(180) == 0, build.stderr.read()
    new = current_store_path(data_dir)
    assert new != previous
    assert list((data_dir / "building").iterdir()) == [], "the next build removed the leftovers"
    assert sorted(p.name for p in (data_dir / "stores").iterdir()) == sorted([previous.name, new.name])


def test_a_rebuild_while_serving_never_serves_a_half_built_graph_and_sighup_reloads(data_dir, tmp_path):
    # three readers from one address: each may have a query evaluated at once (CLIENT_QUERIES is tested elsewhere)
    readers = {"ALLIANCE_KG_CLIENT_QUERIES": "3"}
    with served(data_dir, tmp_path / "server.log", environment=readers) as (base, master):
        old = build_id(base)
        failures: list[str] = []
        answered = 0
        stop = threading.Event()

        def keep_asking() -> None:
            nonlocal answered
            while not stop.is_set():
                try:
                    rows = flagship_rows(base)
                except Exception as error:  # any failure is recorded and fails the test
                    failures.append(repr(error))
                    continue
                if rows != FLAGSHIP_ROWS:
                    failures.append(f"{rows} rows")
                answered += 1

        askers = [threading.Thread(target=keep_asking) for _ in range(3)]
        for asker in askers:
            asker.start()
        try:
            build = start_build(data_dir)
            assert build.wait(180) == 0, build.stderr.read()
            assert build_id(base) == old, "the running workers keep the store they opened"
            assert not failures, f"failures during the rebuild: {failures[:5]}"
            new = current_store_path(data_dir).name
            assert new != old
            os.kill(master.pid, signal.SIGHUP)  # gunicorn: new workers (opening `current`), old ones stopped
            deadline = time.monotonic() + 60
            while build_id(base) != new:
                assert time.monotonic() < deadline, "the workers were not reloaded onto the new build"
                time.sleep(0.2)
            time.sleep(1)
        finally:
            stop.set()
            for asker in askers:
                asker.join(60)
        # During the reload itself gunicorn may reset a connection or a new worker may still be starting its query
        # processes (a 503 that says to retry); what must never happen is an answer from a half-built graph.
        assert answered > 10
        assert not [f for f in failures if "rows" in f], failures[:5]
        assert {build_id(base) for _ in range(10)} == {new}
