"""A query process: `python -m server.query_process STORE_PATH READ_FD WRITE_FD` (started by server/executor.py).

It opens the store read-only and answers jobs from the pipe until the pipe closes. It is a module run by
`python -m`, not a multiprocessing target, so that starting it never re-imports the server's `__main__`.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from pyoxigraph import Store

from server.executor import QueryRejected, evaluate


def main(store_path: str, read_fd: int, write_fd: int) -> None:
    jobs, answers = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    store = Store.read_only(store_path)
    answers.send("ready")
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):  # the server went away
            return
        try:
            answers.send(("ok", evaluate(store, job)))
        except QueryRejected as error:
            answers.send(("rejected", str(error), error.syntax))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
