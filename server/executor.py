"""Runs SPARQL queries within a time limit and a row cap.

pyoxigraph cannot cancel a query, and it releases the GIL while it evaluates: a query run in a thread keeps a
core busy until it finishes on its own, however long that takes. Measured here, on the built graph (2,412
quads), `SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f LIMIT 1` ran 56 s, and a Python thread beside it
kept 92 % of its speed: abandoning such a query in a thread frees the HTTP worker but not the CPU, and a few
repeats starve the machine. Checking a deadline between solutions stops streaming queries, but ORDER BY,
GROUP BY, DISTINCT and aggregates compute everything before their first solution. So queries run in worker
*processes* (`python -m server.query_process`, started when first needed — never `fork`ed from a threaded
server — each opening the store read-only), and a process whose query outlives the limit is killed (SIGKILL) and replaced. Measured
here: a 1 s limit answers after 1.12–1.17 s; the hand-over adds ~3.5 ms per query (5.7 ms against 2.2 ms
in-thread for a small ASK through Flask); a new process takes 0.7–0.9 s to start (once, and after each kill).

When the app was given an open in-memory `STORE` instead of a `STORE_PATH`, there is no path for a process to
open: queries then run in the request thread and the limit is checked between solutions only.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store, Variable

ROOT = str(Path(__file__).resolve().parent.parent)


class QueryTimeout(Exception):
    """The query ran longer than the limit; it has been stopped."""


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


@dataclass
class Answer:
    """A query's answer, cut at `max_rows`: `kind` is "solutions", "boolean" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)  # tuples of terms (None = unbound), or Triples
    boolean: bool = False
    capped: bool = False


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


class _Process:
    """One `python -m server.query_process` child, talking through two pipes."""

    def __init__(self, store_path: str) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.query_process", store_path, str(job_read), str(answer_write)],
            pass_fds=(job_read, answer_write),
            env=environment,
            cwd=ROOT,
        )
        os.close(job_read)
        os.close(answer_write)
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        try:
            ready = self.answers.poll(60) and self.answers.recv() == "ready"
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


class ProcessExecutor:
    """Up to `size` query processes, started when first needed; a process is killed when its query times out."""

    def __init__(self, store_path: str, size: int, timeout: float) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self._idle: queue.LifoQueue[_Process] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    def run(self, job: Job) -> Answer:
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryBusy
        worker = None
        try:
            try:
                worker = self._idle.get_nowait()
                worker.jobs.send(job)
            except (queue.Empty, OSError):  # none idle, or the idle one has died: start one
                if worker is not None:
                    worker.kill()
                worker = _Process(self.store_path)
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
                worker.kill()
            self._slots.release()

    def close(self) -> None:
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
