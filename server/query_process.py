"""A query process, started by server/executor.py as
`python -m alliance_kg.server.query_process STORE_PATH READ_FD WRITE_FD [IN_MEMORY_MAX_QUADS]`.

It opens the store read-only (copied into memory when it has at most IN_MEMORY_MAX_QUADS quads; 0: never) and
answers jobs from the pipe until it closes, solutions written as SPARQL results JSON. A module run by `python -m`,
not a multiprocessing target, so that starting it never re-imports the server's `__main__`.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from alliance_kg.server.executor import QueryRejected, evaluate_compact
from pyoxigraph import Store


def open_store(store_path: str, in_memory_max_quads: int = 0) -> Store:
    """The store read-only, or its in-memory copy when it is small enough."""
    store = Store.read_only(store_path)
    if in_memory_max_quads > 0 and len(store) <= in_memory_max_quads:
        copy = Store()
        copy.bulk_extend(store)
        return copy
    return store


def main(store_path: str, read_fd: int, write_fd: int, in_memory_max_quads: int = 0) -> None:
    jobs, answers = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    store = open_store(store_path, in_memory_max_quads)
    answers.send("ready")
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):  # the server went away
            return
        try:
            answers.send(("ok", evaluate_compact(store, job)))
        except QueryRejected as error:
            answers.send(("rejected", str(error), error.syntax))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
