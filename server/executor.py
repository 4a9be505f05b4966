"""Runs a query job within the time limit, the row cap and the answer's byte limit, and writes its answer: in killable
query processes (`ProcessExecutor`), in the request thread (`InlineExecutor`, for an open store) or on a remote SPARQL
store (`RemoteExecutor`). Each checks the text's SERVICE and LOAD (server/federation.py) where it evaluates, so that a
check is bounded by the same limits as the evaluation; updates go the same way (to a writer process with updates on).

Why processes, what the hand-over to them costs, and how a crash is told apart, is in docs/design/server.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from typing import Any, Protocol

from alliance_kg.server import federation
from alliance_kg.server.formats import AnswerTooLarge, write_answer
from alliance_kg.store.errors import BackendUnavailable, QueryTimeout
from alliance_kg.store.remote import RemoteBoolean, RemoteStore, Solutions
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store, Variable

START_TIMEOUT = 120  # seconds a query process may take to open the store (and copy it into memory)
RETRY_START = 5  # seconds after a process could not open the store before a request makes another try
PAGE = os.sysconf("SC_PAGE_SIZE")
SPARE = 1  # processes kept started beyond those that may be busy: a process killed at the time limit is replaced at
# once, and the next query (another client's, often) never waits the second or more that starting one takes
# What a dying process says on stderr, by the reason it is given as (Rust aborts with these lines).
CRASHES = {
    "memory": ("memory allocation of", "MemoryError", "Cannot allocate memory"),
    "stack": ("has overflowed its stack",),
}
KEPT_AFTER = frozenset(
    {"ok", "rejected", "service", "load", "unchecked", "too_large"}
)  # replies after which a process is reused
DEFAULT_MEDIA_TYPES = {
    "solutions": "application/sparql-results+json",
    "boolean": "application/sparql-results+json",
    "graph": "application/n-triples",
}


class QueryBusy(Exception):
    """No query process became ready in time (they are starting, or being replaced); or another update is applied."""


class QueryCrashed(Exception):
    """The query process died while evaluating; `reason` is "memory" (its QUERY_MEMORY), "stack" (too deep for
    the parser or the evaluator) or "crash" (anything else), `detail` what it said last."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class QueryRejected(Exception):
    """The query does not parse (`syntax` is True) or cannot be evaluated; the message says why."""

    def __init__(self, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


class StoreUnavailable(Exception):
    """A query process could not open the store (moved, removed, or unreadable); the message says which."""


@dataclass(frozen=True)
class Job:
    query: str
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None  # IRIs; None = the store's default graph (the union)
    named_graphs: tuple[str, ...] | None = None  # IRIs; None = every named graph
    substitutions: dict[str, Any] = field(default_factory=dict)  # variable name -> pyoxigraph term
    max_rows: int = 10_000
    max_bytes: int = 8 * 2**20  # of the written answer (MAX_ANSWER_BYTES)
    # The media type each kind of answer is written in ("solutions", "boolean", "graph"); a kind missing here
    # could not be negotiated: its answer comes back without a body, for the caller to refuse.
    media_types: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MEDIA_TYPES))


@dataclass
class Answer:
    """A query's answer as written: `kind` is "solutions", "boolean" or "graph"; `body` is None when no media type
    was negotiated for that kind; `capped` when it was cut at `max_rows`."""

    kind: str
    body: bytes | None
    media_type: str | None
    capped: bool = False


class Executor(Protocol):
    """What runs the app's query jobs and updates (one of the executors below)."""

    def run(self, job: Job) -> Answer: ...

    def update(self, text: str, base_iri: str | None) -> None: ...

    def close(self) -> None: ...


def evaluate(store: Store, job: Job, deadline: float | None = None) -> Answer:
    """Evaluate `job` on `store`, keeping at most `max_rows` solutions or triples, and write the answer."""
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            default_graph=None if job.default_graph is None else [NamedNode(g) for g in job.default_graph],
            named_graphs=None if job.named_graphs is None else [NamedNode(g) for g in job.named_graphs],
            substitutions={Variable(k): v for k, v in job.substitutions.items()} or None,
        )
        if isinstance(result, QueryBoolean):
            return _written(job, "boolean", boolean=bool(result))
        if isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            width = range(len(variables))
            rows, capped = _rows((tuple(s[i] for i in width) for s in result), job.max_rows, deadline)
            return _written(job, "solutions", variables=variables, rows=rows, capped=capped)
        rows, capped = _rows(iter(result), job.max_rows, deadline)
        return _written(job, "graph", rows=rows, capped=capped)
    except SyntaxError as error:
        raise QueryRejected(str(error), syntax=True) from error
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        raise QueryRejected(str(error)) from error


def _rows(items: Iterator[Any], max_rows: int, deadline: float | None) -> tuple[list[Any], bool]:
    rows: list[Any] = []
    for item in islice(items, max_rows + 1):
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout
        rows.append(item)
    if len(rows) > max_rows:
        del rows[max_rows:]
        return rows, True
    return rows, False


def _written(job: Job, kind: str, capped: bool = False, **content: Any) -> Answer:
    media_type = job.media_types.get(kind)
    if media_type is None:
        return Answer(kind, None, None, capped)
    return Answer(kind, write_answer(kind, media_type, job.max_bytes, **content), media_type, capped)


# --- query processes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessConfig:
    """What a query process is started with (as JSON on its command line)."""

    store_path: str | None  # None: a process that only checks texts (for a remote store)
    memory: int = 0  # bytes of data memory (RLIMIT_DATA); 0: no limit
    allowlist: tuple[str, ...] = ()  # SERVICE_ALLOWLIST as configured
    in_memory_max_quads: int = 0
    writable: bool = False  # the writer of an update-enabled server: the store opened read-write


class _Process:
    """One `python -m alliance_kg.server.query_process` child, talking through two pipes. What it writes on stderr
    goes to a file of its own, read when it dies: Rust says there whether memory or the stack ran out."""

    def __init__(self, config: ProcessConfig) -> None:
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115  # lives as long as the process; closed by kill()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "alliance_kg.server.query_process",
                str(job_read),
                str(answer_write),
                json.dumps(asdict(config)),
            ],
            pass_fds=(job_read, answer_write),
            stderr=self.stderr,
        )
        os.close(job_read)
        os.close(answer_write)
        self.jobs = Connection(job_write, readable=False)
        self.answers = Connection(answer_read, writable=False)
        try:
            ready = self.answers.recv() if self.answers.poll(START_TIMEOUT) else ("unavailable", "no answer")
        except (EOFError, OSError):
            ready = ("unavailable", self.last_words() or f"it exited with {self.process.poll()}")
        if ready != "ready":
            self.kill()
            what = f"the store {config.store_path}" if config.store_path else "a process to check queries"
            raise StoreUnavailable(f"a query process could not open {what}: {ready[1]}")

    def send(self, message: Any) -> None:
        self.jobs.send(message)

    def reply(self, timeout: float) -> Any:
        """The reply to the job sent, QueryTimeout if none began within `timeout` seconds, QueryCrashed if the
        process died."""
        if not self.answers.poll(timeout):
            raise QueryTimeout
        try:
            return self.answers.recv()
        except (EOFError, OSError) as error:
            raise self.crash() from error

    def crash(self) -> QueryCrashed:
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        lines = self.last_words().strip().splitlines()
        said = {reason: line for line in lines for reason, marks in CRASHES.items() if any(m in line for m in marks)}
        reason = next((r for r in CRASHES if r in said), "stack" if code == -signal.SIGSEGV else "crash")
        detail = said.get(reason) or (lines[-1] if lines else f"exit status {code}")
        print(f"alliance-kg: query process {self.process.pid} died ({reason}): {detail}", file=sys.stderr, flush=True)
        return QueryCrashed(reason, detail)

    def last_words(self, limit: int = 4096) -> str:
        try:
            size = self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, size - limit))
            return self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def resident_bytes(self) -> int:
        """Its resident memory now (0 when it cannot be read: not Linux, or it is gone)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.jobs.close()
        self.answers.close()
        self.stderr.close()


def default_processes() -> int:
    """One query process per core (at least 2): evaluation is CPU-bound, more processes only share the cores."""
    return max(2, os.cpu_count() or 2)


class ProcessExecutor:
    """`size` query processes (started by `start_all` when the app is made, or when first needed); a process is
    killed when its job outlives the limit, and replaced in the background; SPARE more are kept started, so the
    next job takes one at once. No more jobs come at once than there are processes (server/admission.py), so a job
    waits for one that is starting only when more than SPARE were killed within a start's time. With `writable`, updates go
    to one writer process holding the store read-write, one at a time (an update waits `wait` seconds for the one
    before), and each committed update makes the query processes reopen the store before their next job."""

    def __init__(
        self,
        config: ProcessConfig,
        size: int | None,
        timeout: float,
        wait: float = 5.0,
        writable: bool = False,
        max_resident: int = 0,
    ) -> None:
        self.config = config
        self.max_resident = max_resident  # bytes a process may hold after a job and be reused (0: no bound)
        self.writable = writable
        self.size = size or default_processes()
        self.timeout = timeout
        self.wait = wait
        self.problem: str | None = None  # why the last start failed, until a process starts
        self.generation = 0  # committed updates so far: a process reopens the store when its count is older
        self._idle: list[_Process] = []
        self._cond = threading.Condition()
        self._live = 0  # processes started or starting, idle or busy
        self._filling = False
        self._failed_at = 0.0
        self._closed = False
        self._writer: _Process | None = None
        self._write_lock = threading.Lock()
        if writable:
            self._writer = _Process(ProcessConfig(**{**asdict(config), "writable": True}))

    # -- starting and replacing processes --

    def start_all(self, wait: bool = False) -> None:
        """Start processes until `size` (and SPARE) are live, in a background thread (or in this one, with `wait`)."""
        with self._cond:
            if self._filling or self._closed:
                return
            self._filling = True
        if wait:
            self._fill()
        else:
            threading.Thread(target=self._fill, name="query-process-start", daemon=True).start()

    def _fill(self) -> None:
        while True:
            with self._cond:
                if self._closed or self._live >= self.size + SPARE:
                    self._filling = False
                    self._cond.notify_all()
                    return
                self._live += 1
            try:
                started = _Process(self.config)
            except StoreUnavailable as error:
                print(f"alliance-kg: {error}", file=sys.stderr, flush=True)
                with self._cond:
                    self._live -= 1
                    self.problem = str(error)
                    self._failed_at = time.monotonic()
                    self._filling = False
                    self._cond.notify_all()
                return
            with self._cond:
                if self._closed:
                    self._live -= 1
                    started.kill()
                    continue
                self.problem = None
                self._idle.append(started)
                self._cond.notify()

    def _take(self, deadline: float) -> _Process:
        with self._cond:
            while True:
                if self._idle:
                    return self._idle.pop()
                if not self._filling and self._live < self.size + SPARE:
                    if self.problem and time.monotonic() - self._failed_at < RETRY_START:
                        raise StoreUnavailable(self.problem)
                    self._filling = True
                    threading.Thread(target=self._fill, name="query-process-start", daemon=True).start()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryBusy
                self._cond.wait(remaining)

    def _swollen(self, worker: _Process) -> bool:
        """Left holding more than `max_resident` bytes by its last job: an evaluation over much of the store leaves
        memory the allocator keeps (malloc_trim gives back about half), so the process is replaced instead of reused,
        while the spare takes the next job."""
        return self.max_resident > 0 and worker.resident_bytes() > self.max_resident

    def _give_back(self, worker: _Process) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _discard(self, worker: _Process) -> None:
        worker.kill()
        with self._cond:
            self._live -= 1
        self.start_all()  # its replacement starts now, not on a later request

    # -- jobs --

    def run(self, job: Job) -> Answer:
        # No more jobs come than there are processes (server/admission.py): one is idle, or one is starting.
        deadline = time.monotonic() + START_TIMEOUT
        worker = self._take(deadline)
        try:
            try:
                worker.send(("query", job, self.generation))
            except OSError:  # it died while idle: replace it
                self._discard(worker)
                worker = None
                worker = self._take(deadline)
                worker.send(("query", job, self.generation))
            reply = worker.reply(self.timeout)
            # not one that ran out of memory or lost its store, nor one left holding much memory
            if reply[0] in KEPT_AFTER and not self._swollen(worker):
                self._give_back(worker)
                worker = None
            return _answered(reply)
        finally:
            if worker is not None:  # timed out or broken (it may still be computing), or swollen: it goes
                self._discard(worker)

    def update(self, text: str, base_iri: str | None) -> None:
        """Check and apply an update in the writer process, within the time limit: on timeout it is killed (nothing
        of the update is applied: each is one transaction) and another writer opens the store."""
        if not self.writable:
            raise QueryRejected("this server takes no updates")
        if not self._write_lock.acquire(timeout=self.wait):
            raise QueryBusy
        try:
            if self._writer is None:
                self._writer = _Process(ProcessConfig(**{**asdict(self.config), "writable": True}))
            writer, self._writer = self._writer, None
            try:
                writer.send(("update", text, base_iri))
                reply = writer.reply(self.timeout)
            except BaseException:
                writer.kill()
                raise
            if reply[0] in KEPT_AFTER:
                self._writer = writer
            else:
                writer.kill()
            _answered(reply)
            self.generation += 1
        finally:
            self._write_lock.release()

    def check(self, text: str) -> None:
        """Check a query's SERVICE endpoints in a process (for a store that evaluates elsewhere)."""
        deadline = time.monotonic() + START_TIMEOUT
        worker = self._take(deadline)
        try:
            worker.send(("check", text, self.generation))
            reply = worker.reply(self.timeout)
            if reply[0] in KEPT_AFTER:
                self._give_back(worker)
                worker = None
            _answered(reply)
        finally:
            if worker is not None:
                self._discard(worker)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
        if self._writer is not None:
            self._writer.kill()
            self._writer = None


def _answered(reply: tuple[Any, ...]) -> Any:
    """The answer of a process's reply, or the exception it stands for."""
    kind = reply[0]
    if kind == "ok":
        return reply[1]
    if kind == "rejected":
        raise QueryRejected(reply[1], syntax=reply[2])
    if kind == "service":
        raise federation.ServiceRefused(reply[1])
    if kind == "load":
        raise federation.LoadRefused(reply[1])
    if kind == "unchecked":
        raise federation.Unchecked(reply[1])
    if kind == "too_large":
        raise AnswerTooLarge(*reply[1:])
    if kind == "memory":
        raise QueryCrashed("memory", reply[1])
    if kind == "unavailable":
        raise StoreUnavailable(f"a query process could not open the store again: {reply[1]}")
    raise QueryCrashed("crash", f"unexpected reply {kind!r}")


# --- in the request thread, and on a remote store ----------------------------------------------------------------


class InlineExecutor:
    """Evaluates in the calling thread (an open store: tests and benchmarks); the limit is checked between
    solutions only (blocking operators overrun it), and so is the SERVICE check, which runs here too."""

    def __init__(self, store: Store, timeout: float, allowlist: federation.Allowlist) -> None:
        self.store = store
        self.timeout = timeout
        self.allowlist = allowlist
        self._write_lock = threading.Lock()  # one update at a time, in arrival order

    def run(self, job: Job) -> Answer:
        federation.check(job.query, self.allowlist)
        return evaluate(self.store, job, deadline=time.monotonic() + self.timeout)

    def update(self, text: str, base_iri: str | None) -> None:
        federation.check(text, self.allowlist, update=True)
        try:
            with self._write_lock:
                self.store.update(text, base_iri=base_iri)
        except SyntaxError as error:
            raise QueryRejected(str(error), syntax=True) from error
        except (OSError, RuntimeError, ValueError, TypeError) as error:
            raise QueryRejected(str(error)) from error

    def close(self) -> None:
        pass


class RemoteExecutor:
    """Runs jobs on the remote store within the time limit and the row cap; a query that names SERVICE is checked
    first by `checker` (store-less query processes), where the check can be stopped at the time limit."""

    def __init__(self, store: RemoteStore, timeout: float, checker: ProcessExecutor) -> None:
        self.store = store
        self.timeout = timeout
        self.checker = checker

    def run(self, job: Job) -> Answer:
        if federation.mentions_service(job.query):
            self.checker.check(job.query)
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
                return _written(job, "boolean", boolean=bool(result))
            if isinstance(result, Solutions):
                rows, capped = _rows((tuple(s) for s in result), job.max_rows, deadline)
                variables = [v.value for v in result.variables]
                return _written(job, "solutions", variables=variables, rows=rows, capped=capped)
            rows, capped = _rows(iter(result), job.max_rows, deadline)
            return _written(job, "graph", rows=rows, capped=capped)
        except SyntaxError as error:
            raise QueryRejected(str(error), syntax=True) from error
        except (ValueError, json.JSONDecodeError) as error:
            raise BackendUnavailable(f"the SPARQL store sent an answer that does not parse: {error}") from error
        except TimeoutError as error:
            raise QueryTimeout from error

    def update(self, text: str, base_iri: str | None) -> None:
        raise QueryRejected("updates through this server need BACKEND 'embedded'")

    def close(self) -> None:
        self.checker.close()
