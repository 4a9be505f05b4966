"""The C allocator of a long-running server process (glibc's malloc), set so that memory taken by one large answer is
given back: few arenas (each thread would otherwise keep its own, with its freed memory), a fixed threshold above
which blocks are mapped (and unmapped when freed) instead of taken from the heap, and `trim` after large answers.

Without glibc (another C library) these do nothing. Measurements are in docs/design/server.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 256 * 1024  # blocks from this size are mapped on their own and given back when freed
TRIM_THRESHOLD = 1024 * 1024  # free memory at the top of the heap beyond this is given back at once


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018  # glibc's, or not glibc
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def configure() -> None:
    """Set this process's allocator for serving (call once, early, in a server or query process)."""
    libc = _libc()
    if libc is None:
        return
    libc.mallopt(M_ARENA_MAX, ARENAS)
    libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def trim() -> None:
    """Give the free memory of every arena back to the system (after a large answer has been sent)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
