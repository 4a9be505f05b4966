"""A query process, started by server/executor.py as
`python -m alliance_kg.server.query_process READ_FD WRITE_FD CONFIG_JSON` (executor.ProcessConfig as JSON).

It limits its own data memory (QUERY_MEMORY), opens the store read-only (copied into memory when it has at most
IN_MEMORY_MAX_QUADS quads; read-write for the writer of an update-enabled server) and answers jobs from the pipe
until it closes: a query is checked (SERVICE against the allow-list, with rdflib's parser), evaluated and its answer
written here, so the server only passes bytes on, and the server can stop all of it at the time limit by killing
this process. A module run by `python -m`, not a multiprocessing target, so that starting it never re-imports the
server's `__main__`.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from multiprocessing.connection import Connection
from typing import Any

from alliance_kg.server import allocator, federation
from alliance_kg.server.executor import Job, QueryRejected, evaluate
from alliance_kg.server.formats import AnswerTooLarge
from pyoxigraph import Store

LARGE = 1024 * 1024  # bytes of an answer after which the process gives its free memory back
WARM_UP = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"


def open_store(store_path: str, in_memory_max_quads: int = 0, writable: bool = False) -> Store:
    """The store read-only (read-write for the writer), or its in-memory copy when it is small enough."""
    if writable:
        return Store(store_path)
    store = Store.read_only(store_path)
    if in_memory_max_quads > 0 and len(store) <= in_memory_max_quads:
        copy = Store()
        copy.bulk_extend(store)
        return copy
    return store


def limit_memory(limit: int) -> None:
    """At most `limit` bytes of data (heap and anonymous mappings: RLIMIT_DATA). Not RLIMIT_AS, which counts the
    address space reserved and never used (thread stacks, arenas): ~400 MB for an idle query process."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def main(read_fd: int, write_fd: int, config: dict[str, Any]) -> None:
    jobs, answers = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    allocator.configure()
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)  # it warns with the query's IRIs in the message
    allowlist = federation.Allowlist.parse(config["allowlist"])
    store_path = config["store_path"]
    try:
        limit_memory(int(config["memory"]))
        store = (
            None if store_path is None else open_store(store_path, config["in_memory_max_quads"], config["writable"])
        )
    except (OSError, ValueError, MemoryError) as error:
        answers.send(("unavailable", str(error)))
        return
    federation.service_terms(WARM_UP)  # import and warm rdflib's parser now, not within a query's time limit
    answers.send("ready")
    generation = 0
    while True:
        try:
            message = jobs.recv()
        except (EOFError, OSError):  # the server went away
            return
        if message[2] != generation and store is not None and not config["writable"]:
            try:  # an update was committed: open the store again to see it
                store = open_store(store_path, config["in_memory_max_quads"])
            except OSError as error:
                answers.send(("unavailable", str(error)))
                return
            generation = message[2]
        reply = _reply(message, store, allowlist)
        answers.send(reply)
        if reply[0] == "ok" and len(getattr(reply[1], "body", None) or b"") > LARGE:
            allocator.trim()


def _reply(message: tuple[Any, ...], store: Store | None, allowlist: federation.Allowlist) -> tuple[Any, ...]:
    try:
        if message[0] == "query":
            job: Job = message[1]
            federation.check(job.query, allowlist)
            return ("ok", evaluate(store, job))
        if message[0] == "update":
            federation.check(message[1], allowlist, update=True)
            try:
                store.update(message[1], base_iri=message[2])
            except SyntaxError as error:
                raise QueryRejected(str(error), syntax=True) from error
            except (OSError, RuntimeError, ValueError, TypeError) as error:
                raise QueryRejected(str(error)) from error
            store.flush()
            return ("ok", None)
        federation.check(message[1], allowlist)  # "check": a query evaluated elsewhere
        return ("ok", None)
    except QueryRejected as error:
        return ("rejected", str(error), error.syntax)
    except federation.ServiceRefused as error:
        return ("service", str(error))
    except federation.LoadRefused as error:
        return ("load", str(error))
    except federation.Unchecked as error:
        return ("unchecked", str(error))
    except AnswerTooLarge as error:
        return ("too_large", error.size, error.limit, error.note)
    except MemoryError as error:
        return ("memory", str(error) or "MemoryError")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]))
