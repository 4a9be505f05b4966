"""The servers under test, each started as a process of its own on 127.0.0.1 and stopped after."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ASK = "/sparql?query=ASK%7B%7D"


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen | None  # None: a server started elsewhere (Virtuoso)
    path: str = "/sparql"  # of its SPARQL endpoint

    @property
    def endpoint(self) -> str:
        return self.base + self.path

    def workers(self) -> list[dict[str, float]]:
        """Memory of each worker process (child of the started process), MB: its own current and peak RSS, and
        its RSS and PSS together with the processes it started (the server's query processes). RSS counts every page
        a process maps, so summed over processes it counts the store's mapped files and the libraries once per
        process; PSS divides each shared page among the processes that map it."""
        return [
            {
                "pid": pid,
                "rss_mb": proc_mb(pid, "VmRSS"),
                "peak_rss_mb": proc_mb(pid, "VmHWM"),
                "rss_with_children_mb": sum(proc_mb(p, "VmRSS") for p in descendants(pid)),
                "pss_with_children_mb": sum(proc_mb(p, "Pss", "smaps_rollup") for p in descendants(pid)),
                "processes": len(descendants(pid)),
            }
            for pid in (_children(self.process.pid) if self.process else [])
        ]


def cpu_seconds(server: Server) -> float:
    """User and system CPU time so far of the server's processes (all of them: nginx, gunicorn and its workers, the
    query processes); 0 for a server not started here. Processes that ended meanwhile are not counted."""
    if server.process is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in descendants(server.process.pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Children started by any thread of the process (a gthread worker starts them from request threads)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def descendants(pid: int) -> list[int]:
    """The process and all processes below it."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += _children(current)
    return found


def proc_mb(pid: int, key: str, file: str = "status") -> float:
    """A memory figure of a process from /proc/PID/FILE (`status`: VmRSS, VmHWM; `smaps_rollup`: Pss), MB; 0 for
    a process gone meanwhile."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _wait_ready(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} not ready within {timeout:.0f} s; see {log}")


@contextmanager
def started(
    name: str,
    command: list[str],
    ready_path: str,
    log_dir: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    path: str = "/sparql",
    cwd: Path = REPOSITORY,
) -> Iterator[Server]:
    port = free_port()
    command = [part.replace("{port}", str(port)) for part in command]
    log = log_dir / f"{name}.log"
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,  # gunicorn's access log: written, as in production, but not kept
            stderr=handle,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base + ready_path, process, timeout, log)
        yield Server(name, base, process, path)
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def ours(data_dir: Path, log_dir: Path, cache: bool = True, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`alliance-kg serve` itself (nginx in front of gunicorn gthread, 2 workers) on the store of `data_dir`; with
    `cache` false, its answer cache is off (ALLIANCE_KG_ANSWER_CACHE_BYTES=0), so every request is evaluated; `env`:
    more ALLIANCE_KG_* settings."""
    command = [str(BIN / "alliance-kg"), "--data-dir", str(data_dir), "serve", "--host", "127.0.0.1"]
    env = {**(env or {}), **({} if cache else {"ALLIANCE_KG_ANSWER_CACHE_BYTES": "0"})}
    name = "alliance-kg" if cache else "alliance-kg-uncached"
    return started(name, [*command, "--port", "{port}", "--workers", "2"], ASK, log_dir, env=env)


def constant(log_dir: Path, front: bool = False) -> Iterator[Server]:
    """The constant-body Flask route on the production gunicorn runner (bench/constant_app.py); with `front`, behind
    the same nginx front as `alliance-kg serve` (its own `serve`, nginx configured by server/front.py)."""
    command = [sys.executable, "-m", "bench.constant_app", "--port", "{port}"]
    name = "constant-front" if front else "constant"
    return started(name, [*command, *(["--front"] if front else [])], "/constant/1", log_dir)


def rdflib_endpoint(corpus: Path, log_dir: Path, timeout: float) -> Iterator[Server]:
    """rdflib-endpoint under uvicorn with 2 worker processes (one Dataset each), like our 2 workers."""
    command = [
        str(BIN / "uvicorn"),
        "--factory",
        "bench.rdflib_app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
    ]
    command += ["--workers", "2", "--log-level", "warning", "--no-access-log"]
    return started("rdflib-endpoint", command, ASK, log_dir, env={"BENCH_NQUADS": str(corpus)}, timeout=timeout)


def oxigraph(store: Path, log_dir: Path) -> Iterator[Server]:
    """Oxigraph's own server (`oxigraph serve-read-only`, the PyPI `oxigraph` wheel of pyoxigraph's version) on the
    same store, read-only beside ours; its SPARQL endpoint is /query, and it has no answer cache."""
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", "127.0.0.1:{port}"]
    return started("oxigraph", command, "/query?query=ASK%7B%7D", log_dir, path="/query")
