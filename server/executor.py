"""Runs a query job within the time limit and the row cap: in killable query processes (`ProcessExecutor`), in the
request thread (`InlineExecutor`, for an open or writable store) or on a remote SPARQL store (`RemoteExecutor`).

Why processes, and what the hand-over to them costs, is in docs/design/server.md.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any, Protocol

from alliance_kg.server.formats import media_type, write_solutions
from alliance_kg.store.errors import BackendUnavailable, QueryTimeout
from alliance_kg.store.remote import RemoteBoolean, RemoteStore, Solutions
from pyoxigraph import NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, Store, Variable

START_TIMEOUT = 120  # seconds a query process may take to open the store (and copy it into memory)


class QueryBusy(Exception):
    """Every query process stayed busy for the whole time limit."""


class QueryCrashed(Exception):
    """The query process died while evaluating (out of memory, or killed from outside)."""


class QueryRejected(Exception):
    """The query does not parse (`syntax` is True) or cannot be evaluated; the message says why."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


@dataclass(frozen=True)
class Job:
    query: str
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None  # IRIs; None = the store's default graph (the union)
    named_graphs: tuple[str, ...] | None = None  # IRIs; None = every named graph
    substitutions: dict[str, Any] = field(default_factory=dict)  # variable name -> pyoxigraph term
    max_rows: int = 10_000


class Executor(Protocol):
    """What runs the app's query jobs (one of the executors below)."""

    def run(self, job: Job) -> Answer: ...

    def close(self) -> None: ...


@dataclass
class Answer:
    """A query's answer, cut at `max_rows`: `kind` is "solutions", "boolean" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)  # tuples of terms (None = unbound), or Triples
    boolean: bool = False
    capped: bool = False
    # Solutions already written as SPARQL results JSON by the query process (then `rows` is empty): the server
    # sends these bytes as they are, or rewrites them natively into XML, CSV or TSV (server/formats.py).
    body: bytes | None = None


def evaluate(store: Store, job: Job, deadline: float | None = None) -> Answer:
    """Evaluate `job` on `store`, keeping at most `max_rows` solutions or triples."""
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            default_graph=None if job.default_graph is None else [NamedNode(g) for g in job.default_graph],
            named_graphs=None if job.named_graphs is None else [NamedNode(g) for g in job.named_graphs],
            substitutions={Variable(k): v for k, v in job.substitutions.items()} or None,
        )
        if isinstance(result, QueryBoolean):
            return Answer("boolean", boolean=bool(result))
        rows: list[Any] = []
        if isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            answer = Answer("solutions", variables=variables, rows=rows)
            width = range(len(variables))
            items = (tuple(solution[i] for i in width) for solution in result)
        else:
            answer = Answer("graph", rows=rows)
            items = iter(result)
        for item in islice(items, job.max_rows + 1):
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout
            rows.append(item)
        if len(rows) > job.max_rows:
            del rows[job.max_rows :]
            answer.capped = True
        return answer
    except SyntaxError as error:
        raise QueryRejected(str(error), syntax=True) from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise QueryRejected(str(error)) from error


def evaluate_compact(store: Store, job: Job) -> Answer:
    """`evaluate`, with solutions written as SPARQL results JSON here (in the query process), so that the server
    process neither unpickles terms nor serialises them while holding its GIL: it gets bytes it sends as they are."""
    answer = evaluate(store, job)
    if answer.kind == "solutions":
        answer.body = write_solutions(answer.variables, answer.rows, media_type(QueryResultsFormat.JSON))
        answer.rows = []
    return answer


class _Process:
    """One `python -m alliance_kg.server.query_process` child, talking through two pipes."""

    def __init__(self, store_path: str, in_memory_max_quads: int = 0) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "alliance_kg.server.query_process",
                store_path,
                str(job_read),
                str(answer_write),
                str(in_memory_max_quads),
            ],
            pass_fds=(job_read, answer_write),
        )
        os.close(job_read)
        os.close(answer_write)
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        try:
            ready = self.answers.poll(START_TIMEOUT) and self.answers.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise QueryRejected(f"the query process could not open the store {store_path}")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.jobs.close()
        self.answers.close()


def default_processes() -> int:
    """One query process per core (at least 2): evaluation is CPU-bound, more processes only share the cores."""
    return max(2, os.cpu_count() or 2)


class ProcessExecutor:
    """`size` query processes (started by `start_all` when the app is made, or when first needed); a process is
    killed when its query outlives the limit, and replaced in the background."""

    def __init__(self, store_path: str, size: int | None, timeout: float, in_memory_max_quads: int = 0) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self.size = size or default_processes()
        self.in_memory_max_quads = in_memory_max_quads
        self._idle: queue.LifoQueue[_Process] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._live = 0  # processes started or starting, idle or busy
        self._closed = False

    def _start(self) -> _Process:
        try:
            return _Process(self.store_path, self.in_memory_max_quads)
        except BaseException:
            with self._lock:
                self._live -= 1
            raise

    def start_all(self, wait: bool = False) -> None:
        """Start processes until `size` are live, in a background thread (or in this one, with `wait`)."""

        def fill() -> None:
            while True:
                with self._lock:
                    if self._closed or self._live >= self.size:
                        return
                    self._live += 1
                try:
                    self._idle.put(self._start())
                except QueryRejected:
                    return

        if wait:
            fill()
        else:
            threading.Thread(target=fill, name="query-process-start", daemon=True).start()

    def _take(self) -> _Process:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            start_one = self._live < self.size
            if start_one:
                self._live += 1
        if start_one:
            return self._start()
        # Every process is busy or starting, and this request holds a slot, so one is starting (at boot, or replacing
        # a killed one): wait for it as long as a start may take, as if this request had started it itself.
        try:
            return self._idle.get(timeout=START_TIMEOUT)
        except queue.Empty as error:
            raise QueryBusy from error

    def _discard(self, worker: _Process) -> None:
        worker.kill()
        with self._lock:
            self._live -= 1
        self.start_all()  # its replacement starts now, not on a later request

    def run(self, job: Job) -> Answer:
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryBusy
        worker = None
        try:
            worker = self._take()
            try:
                worker.jobs.send(job)
            except OSError:  # the idle one has died: replace it
                self._discard(worker)
                worker = None
                worker = self._take()
                worker.jobs.send(job)
            if not worker.answers.poll(self.timeout):
                raise QueryTimeout
            try:
                reply = worker.answers.recv()
            except (EOFError, OSError) as error:  # killed from outside, or out of memory
                raise QueryCrashed from error
            self._idle.put(worker)
            worker = None
            if reply[0] == "rejected":
                raise QueryRejected(reply[1], syntax=reply[2])
            return reply[1]
        finally:
            if worker is not None:  # timed out or broken: it may still be computing, so it goes
                self._discard(worker)
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


class InlineExecutor:
    """Evaluates in the calling thread; the limit is checked between solutions (blocking operators overrun it)."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    def run(self, job: Job) -> Answer:
        return evaluate(self.store, job, deadline=time.monotonic() + self.timeout)

    def close(self) -> None:
        pass


class RemoteExecutor:
    """Runs jobs on the remote store within the time limit and the row cap (the executor interface)."""

    def __init__(self, store: RemoteStore, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    def run(self, job: Job) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            result = self.store.query(
                job.query,
                base_iri=job.base_iri,
                default_graph=job.default_graph,
                named_graphs=job.named_graphs,
                substitutions=job.substitutions,
                timeout=self.timeout,
            )
            if isinstance(result, RemoteBoolean):
                return Answer("boolean", boolean=bool(result))
            rows: list[Any] = []
            if isinstance(result, Solutions):
                answer = Answer("solutions", variables=[v.value for v in result.variables], rows=rows)
                items: Iterator[Any] = (tuple(s) for s in result)
            else:
                answer = Answer("graph", rows=rows)
                items = iter(result)
            for item in items:
                if time.monotonic() > deadline:
                    raise QueryTimeout
                rows.append(item)
                if len(rows) > job.max_rows:
                    del rows[job.max_rows :]
                    answer.capped = True
                    break
            return answer
        except SyntaxError as error:
            raise QueryRejected(str(error), syntax=True) from error
        except (ValueError, json.JSONDecodeError) as error:
            raise BackendUnavailable(f"the SPARQL store sent an answer that does not parse: {error}") from error
        except TimeoutError as error:
            raise QueryTimeout from error

    def close(self) -> None:
        pass
