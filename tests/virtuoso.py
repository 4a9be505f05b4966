"""A throw-away Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1, for the `sparql` backend's tests.

It reuses bench/virtuoso.py's launcher: a temporary folder with its own database and virtuoso.ini, free ports,
stopped and removed after the session. The tests skip only when Virtuoso is not installed and this is not CI
(`make test` installs it as root, see the Makefile's system-deps); installed but failing to start is an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
if str(REPOSITORY) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(REPOSITORY))

from bench import virtuoso as launcher  # noqa: E402

USER = "dba"
SETTINGS = {
    ("SPARQL", "ResultSetMaxRows"): "1000000",  # above MAX_ROWS, so our row cap is the one that cuts
    ("SPARQL", "MaxQueryCostEstimationTime"): "0",  # no refusal by estimate: let the time limit act
    ("SPARQL", "MaxQueryExecutionTime"): "20",  # a query our server gave up on stops here too
}


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[launcher.Virtuoso]:
    why = launcher.available()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"Virtuoso is needed in CI: {why}")
        pytest.skip(f"Virtuoso cannot run here: {why} (as root, `make test` installs it)")
    with launcher.running(settings=SETTINGS) as instance:
        yield instance


def backend_config(instance: launcher.Virtuoso) -> dict[str, str]:
    """The app / CLI configuration of the `sparql` backend on this instance (updates with digest auth)."""
    base = f"http://127.0.0.1:{instance.http_port}"
    return {
        "BACKEND": "sparql",
        "SPARQL_QUERY_URL": f"{base}/sparql",
        "SPARQL_UPDATE_URL": f"{base}/sparql-auth",
        "SPARQL_USER": USER,
        "SPARQL_PASSWORD": launcher.PASSWORD,
    }
