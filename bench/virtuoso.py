"""Debian's Virtuoso Open Source as a reference: a throw-away instance on 127.0.0.1, loaded with N-Quads.

The instance takes the tuning of the packaged /etc/virtuoso-opensource-7/virtuoso.ini ("default tuning")
and changes only paths, ports and the folders it may read. It runs in its own temporary folder and is stopped
(and the folder removed) when the context ends.
"""

from __future__ import annotations

import configparser
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import proc_mb, stop

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SERVER = "virtuoso-t"
ISQL = "isql-vt"
PASSWORD = "dba"  # a fresh database's; the instance listens on 127.0.0.1 only and lives for one run


def available() -> str | None:
    """None when Virtuoso can run here, else why not."""
    missing = [name for name in (SERVER, ISQL) if shutil.which(name) is None]
    if missing:
        return f"{', '.join(missing)} not found: apt-get install virtuoso-opensource"
    if not PACKAGED_INI.is_file():
        return f"{PACKAGED_INI} not found"
    return None


@dataclass
class Virtuoso:
    folder: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, *statements: str, timeout: float = 3600) -> str:
        command = [ISQL, f"127.0.0.1:{self.sql_port}", "dba", PASSWORD, "VERBOSE=OFF", "BANNER=OFF"]
        script = "\n".join(s.rstrip(";") + ";" for s in statements) + "\n"
        done = subprocess.run(command, input=script, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def load_nquads(self, path: Path) -> float:
        """Bulk-load one N-Quads file (graphs from the quads) and checkpoint; returns seconds."""
        data = self.folder / "data"
        data.mkdir(exist_ok=True)
        target = data / path.name
        shutil.copyfile(path, target)
        started = time.perf_counter()
        self.isql(
            f"ld_dir('{data}', '{path.name}', 'https://w3id.org/alliance-kg/graph/default')",
            "rdf_loader_run()",
            "checkpoint",
        )
        seconds = time.perf_counter() - started
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL")
        if "0 Rows" not in errors and "No. of rows in result: 0" not in errors and path.name in errors:
            raise RuntimeError(f"Virtuoso could not load {path.name}: {errors[-2000:]}")
        return seconds

    def count_quads(self) -> int:
        out = self.isql(
            "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/alliance-kg/')) }"
        )
        numbers = [line.strip() for line in out.splitlines() if line.strip().isdigit()]
        return int(numbers[-1]) if numbers else -1

    def rss_mb(self) -> float:
        return proc_mb(self.process.pid, "VmRSS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_ini(folder: Path, sql_port: int, http_port: int, settings: dict[tuple[str, str], str] | None = None) -> Path:
    ini = configparser.ConfigParser(inline_comment_prefixes=(";",), strict=False, interpolation=None)
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    ini.read(PACKAGED_INI)
    db = folder / "db"
    db.mkdir()
    for section, stem in (("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")):
        ini[section]["DatabaseFile"] = str(db / f"{stem}.db")
        ini[section]["TransactionFile"] = str(db / f"{stem}.trx")
    ini["Database"]["ErrorLogFile"] = str(db / "virtuoso.log")
    ini["Database"]["LockFile"] = str(db / "virtuoso.lck")
    ini["Database"]["xa_persistent_file"] = str(db / "virtuoso.pxa")
    ini["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    ini["Parameters"]["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    ini["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    for section in ("Striping", "Plugins"):
        ini.remove_section(section)
    for (section, key), value in (settings or {}).items():  # e.g. ("SPARQL", "ResultSetMaxRows"): "1000000"
        ini[section][key] = value
    path = folder / "virtuoso.ini"
    with open(path, "w") as handle:
        ini.write(handle)
    return path


def _wait(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"virtuoso-t did not listen on {port} within {timeout:.0f} s")


@contextmanager
def running(timeout: float = 120, settings: dict[tuple[str, str], str] | None = None) -> Iterator[Virtuoso]:
    """A fresh Virtuoso on free ports; stopped and deleted on exit. `settings` change entries of virtuoso.ini."""
    folder = Path(tempfile.mkdtemp(prefix="akg-bench-virtuoso-"))
    sql_port, http_port = _free_port(), _free_port()
    ini = _write_ini(folder, sql_port, http_port, settings)
    with open(folder / "stdout.log", "wb") as log:
        process = subprocess.Popen(
            [SERVER, "+foreground", "+configfile", str(ini)],
            cwd=folder / "db",
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(sql_port, process, timeout)
        _wait(http_port, process, timeout)
        instance = Virtuoso(folder, sql_port, http_port, process)
        _wait_sql(instance, timeout)
        yield instance
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_sql(instance: Virtuoso, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            instance.isql("SELECT 1", timeout=30)
            return
        except (RuntimeError, subprocess.TimeoutExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
