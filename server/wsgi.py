"""Runs the app: `serve` (what `alliance-kg serve` runs) starts gunicorn on a unix socket in a private directory and
nginx in front of it (server/front.py), and watches both; `run_gunicorn` is gunicorn alone (`--front none`, and the
child `serve` starts); `app_from_environment` is the WSGI entry point for any other server.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from alliance_kg import settings

START_SECONDS = 120  # how long gunicorn may take to listen (its workers start their query processes after)
RESTARTS = 5  # nginx restarts within RESTART_WINDOW before `serve` gives up
RESTART_WINDOW = 60
SPARE_THREADS = 4  # threads of a worker beyond those queries may hold: /healthz, cached answers, pages


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
        from alliance_kg.server import allocator, create_app
        from alliance_kg.server.observability import configure_access_log
        from alliance_kg.store.local import current_store_path

        allocator.configure()  # memory of a large answer given back once it is sent
        configure_access_log()  # JSON lines on stderr, in place of gunicorn's (which would log query strings)
        return create_app({**self.config, "STORE_PATH": str(current_store_path(self.data_dir))})


def query_threads(config: dict[str, Any]) -> int:
    """The threads of a worker that queries may hold: QUERY_PROCESSES evaluating, QUEUE_LENGTH waiting
    (server/admission.py)."""
    from alliance_kg.server.admission import default_queue
    from alliance_kg.server.executor import default_processes

    processes = int(config.get("QUERY_PROCESSES") or default_processes())
    queue = config.get("QUEUE_LENGTH")
    return processes + (default_queue(processes) if queue is None else max(0, int(queue)))


def default_threads(config: dict[str, Any]) -> int:
    """Threads per worker: as many as queries may hold, and more for /healthz, cached answers and pages, which never
    wait behind queries."""
    return query_threads(config) + SPARE_THREADS


def run_gunicorn(
    data_dir: Path,
    host: str,
    port: int,
    workers: int = 2,
    threads: int | None = None,
    config: dict[str, Any] | None = None,
    bind: str | None = None,
) -> None:
    """gunicorn alone, on `bind` (a unix socket, behind `serve`'s nginx) or on HOST:PORT."""
    config = config or {}
    if config.get("UPDATE_TOKEN") and workers != 1:
        # one process may hold the store read-write (RocksDB's lock), so updates mean one worker
        print(f"SPARQL Update is on: serving with 1 worker, not {workers}", file=sys.stderr, flush=True)
        workers = 1
    needed = query_threads(config)
    threads = threads or default_threads(config)
    if threads <= needed:
        raise SystemExit(
            f"--threads {threads} leaves no thread for /healthz and cached answers: queries may hold {needed} "
            f"(QUERY_PROCESSES running, QUEUE_LENGTH waiting); give at least {needed + 1}, or a shorter QUEUE_LENGTH"
        )
    options = {
        "bind": bind or f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": None,
        "timeout": 60,
        "limit_request_line": 8190,
        # The scheme and the path come from PUBLIC_URL (server/proxy.py), never from a request's headers; no
        # gunicornc control socket (its default path is shared by every gunicorn of the user).
        "secure_scheme_headers": {},
        "forwarder_headers": "",
        "control_socket_disable": True,
    }
    if not options["bind"].startswith("unix:"):
        # Each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads new connections over
        # the workers; with one shared socket, one worker takes a burst of keep-alive connections and keeps them.
        options["reuse_port"] = True
    _Gunicorn(data_dir, options, config).run()


def serve(
    data_dir: Path,
    host: str,
    port: int,
    workers: int = 2,
    threads: int | None = None,
    config: dict[str, Any] | None = None,
) -> int:
    """nginx on HOST:PORT in front of gunicorn on a unix socket, both watched: a stopped nginx is started again; when
    gunicorn stops, nginx is stopped and `serve` returns gunicorn's exit status. SIGTERM and SIGINT stop both; SIGHUP
    reloads gunicorn's workers (onto a new build)."""
    from alliance_kg.server.front import find_nginx, nginx_config

    config = {**_front_defaults(), **(config or {})}
    nginx = find_nginx()
    runtime = Path(tempfile.mkdtemp(prefix="alliance-kg-serve-", dir=settings.runtime_dir()))
    runtime.chmod(0o700)
    app_socket = runtime / "app.sock"
    signals: list[int] = []
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, lambda received, frame: signals.append(received))
    app_server = nginx_process = None
    try:
        app_server = _start_gunicorn(data_dir, app_socket, workers, threads, config)
        _wait_for(lambda: app_socket.exists(), app_server, "gunicorn", START_SECONDS)
        (runtime / "nginx.conf").write_text(nginx_config(runtime, app_socket, host, port, config))
        command = [nginx, "-p", str(runtime), "-c", str(runtime / "nginx.conf"), "-e", "stderr"]
        nginx_process = _start(command, group=True)
        _wait_for(lambda: _listening(host, port), nginx_process, "nginx", 30)
        restarts: list[float] = []
        while True:
            while signals:
                received = signals.pop(0)
                if received == signal.SIGHUP:
                    app_server.send_signal(signal.SIGHUP)
                else:
                    return 0
            if app_server.poll() is not None:
                return app_server.returncode or 1
            if nginx_process.poll() is not None:
                restarts = [t for t in restarts if t > time.monotonic() - RESTART_WINDOW] + [time.monotonic()]
                if len(restarts) > RESTARTS:
                    print(f"nginx stopped {len(restarts)} times within {RESTART_WINDOW} s", file=sys.stderr)
                    return 1
                print(f"nginx stopped ({nginx_process.returncode}): starting it again", file=sys.stderr, flush=True)
                _kill_group(nginx_process)  # its workers outlive their master, and would keep the port
                nginx_process = _start(command, group=True)
            time.sleep(0.2)
    finally:
        for process, stop in ((nginx_process, signal.SIGQUIT), (app_server, signal.SIGTERM)):
            if process is not None and process.poll() is None:
                process.send_signal(stop)
        for process in (nginx_process, app_server):
            if process is not None:
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
        if nginx_process is not None:
            _kill_group(nginx_process)  # any worker left behind
        shutil.rmtree(runtime, ignore_errors=True)


def _front_defaults() -> dict[str, Any]:
    from alliance_kg.server import DEFAULTS

    return {**DEFAULTS, **settings.read_environment()}


def _start_gunicorn(
    data_dir: Path, app_socket: Path, workers: int, threads: int | None, config: dict[str, Any]
) -> subprocess.Popen:
    """gunicorn as a child, configured as this process is (ALLIANCE_KG_* and the command line's text settings),
    trusting X-Forwarded-For from its unix socket only (the front has established the client)."""
    environment = dict(os.environ)
    for key, value in config.items():
        if key in settings.TEXT_KEYS and isinstance(value, str):
            environment[settings.PREFIX + key] = value
    environment[settings.PREFIX + "TRUSTED_PROXIES"] = "unix"
    command = [sys.executable, "-m", "alliance_kg.server.wsgi", "--data-dir", str(data_dir)]
    command += ["--bind", f"unix:{app_socket}", "--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    return _start(command, environment)


def _start(command: list[str], environment: dict[str, str] | None = None, group: bool = False) -> subprocess.Popen:
    """A child that is sent SIGTERM if this process dies (even by SIGKILL), so that none outlives `serve`; with
    `group`, in a process group of its own (with the processes it starts)."""
    return subprocess.Popen(command, env=environment, preexec_fn=_die_with_parent, process_group=0 if group else None)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _die_with_parent() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for(ready, process: subprocess.Popen, name: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped while starting (exit status {process.returncode}); see above")
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} did not start within {seconds} s")
        time.sleep(0.1)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def app_from_environment():
    """WSGI entry point for any server: `gunicorn 'alliance_kg.server.wsgi:app_from_environment()'`, configured by
    ALLIANCE_KG_* (alliance_kg.settings), serving the current store of ALLIANCE_KG_DATA."""
    from alliance_kg.server import create_app
    from alliance_kg.store.local import current_store_path

    return create_app({"STORE_PATH": str(current_store_path(settings.data_dir()))})


def main(argv: list[str] | None = None) -> None:
    """gunicorn as `serve` starts it: `python -m alliance_kg.server.wsgi --data-dir D --bind unix:S …`."""
    parser = argparse.ArgumentParser(prog="python -m alliance_kg.server.wsgi")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bind", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args(argv)
    run_gunicorn(args.data_dir, "", 0, args.workers, args.threads, config=settings.read_environment(), bind=args.bind)


if __name__ == "__main__":
    main()
