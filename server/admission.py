"""Who may start a query evaluation now: at most `slots` evaluations at once, at most `queue` more waiting — each for
at most the queue deadline — and at most `per_client` evaluations (running or waiting) per client, so that a few
slow queries from one client cannot take every query process nor every request thread.

A waiting query holds a request thread, so `slots + queue` is the bound on the threads queries may hold; the server
gives each worker more threads than that (server/wsgi.py), for what never waits here. The queue is deep (a few times
`slots`) because the front hands each request to whichever worker takes it: a burst splits unevenly over the workers,
and a shallow queue refused queries in one worker while another had a free process. The deadline, not the length,
is what bounds a wait; a full queue is refused at once, so real overload is answered fast.

Waiting queries are served in the order they came: a newcomer never takes a slot from under one that waits (a
client retrying at once would otherwise take every slot as it is given back, however long the others have waited).

A client is its address (an IPv6 address by its /64, the block one host is usually given), as server/proxy.py
establishes it. Cached answers, `/healthz` and pages never come here: they never wait behind evaluations.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class ClientBusy(Exception):
    """This client already has its share of evaluations running or waiting (HTTP 429)."""


class QueueFull(Exception):
    """As many evaluations run and wait as may: every thread queries may hold is taken (HTTP 503, at once)."""


class QueueTimeout(Exception):
    """No evaluation finished within the queue deadline (HTTP 503)."""


QUEUE_PER_SLOT = 3  # queries that may wait per query process, unless QUEUE_LENGTH says otherwise


def default_queue(slots: int) -> int:
    """The queries that may wait when QUEUE_LENGTH is not set: three per query process."""
    return QUEUE_PER_SLOT * max(1, int(slots))


class Admission:
    def __init__(self, slots: int, per_client: int, queue_timeout: float, queue: int | None = None) -> None:
        self.slots = max(1, int(slots))
        self.per_client = max(1, int(per_client))
        self.queue_timeout = float(queue_timeout)
        self.queue = default_queue(self.slots) if queue is None else max(0, int(queue))
        self._changed = threading.Condition()
        self._running = 0
        self._waiting = 0
        self._line: deque[object] = deque()  # a ticket per waiting query, in the order they came
        self._by_client: dict[str, int] = {}

    @contextmanager
    def enter(self, client: str) -> Iterator[None]:
        """Hold one evaluation slot for `client` while the block runs; ClientBusy, QueueFull or QueueTimeout
        instead when it may not have one now."""
        key = client_key(client)
        with self._changed:
            if self._by_client.get(key, 0) >= self.per_client:
                raise ClientBusy
            # Full when every thread queries may hold is held (a slot just freed counts as taken until the one it
            # woke takes it: it holds a thread meanwhile).
            if self._running + self._waiting >= self.slots + self.queue:
                raise QueueFull
            self._by_client[key] = self._by_client.get(key, 0) + 1
            try:
                self._wait_for_a_slot()
            except QueueTimeout:
                self._leave(key)
                raise
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._leave(key)
                self._changed.notify_all()  # all: the first in line is the one to go, whichever wakes first

    def _wait_for_a_slot(self) -> None:
        deadline = time.monotonic() + self.queue_timeout
        ticket = object()
        self._line.append(ticket)
        self._waiting += 1
        try:
            while self._running >= self.slots or self._line[0] is not ticket:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueueTimeout
                self._changed.wait(remaining)
        finally:
            self._waiting -= 1
            self._line.remove(ticket)
            self._changed.notify_all()  # the next in line may go now, if a slot is free
        self._running += 1

    def _leave(self, key: str) -> None:
        left = self._by_client[key] - 1
        if left:
            self._by_client[key] = left
        else:
            del self._by_client[key]

    def stats(self) -> dict[str, int]:
        with self._changed:
            return {"running": self._running, "waiting": self._waiting, "clients": len(self._by_client)}


def client_key(address: str) -> str:
    """The client an address belongs to: an IPv4 address itself, an IPv6 address its /64 (`2001:db8::/64`)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP address (a unix socket's peer, or a test client's name)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
