"""The answers kept per server process (a thread-safe LRU bounded in bytes), and which queries may be kept.

The graph a server process answers from does not change, so the same request gets the same answer — unless the
query is not `deterministic`. The HTTP side (keys, ETags, the fast path) is server/answers.py; why it works so is
in docs/design/server.md.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from alliance_kg.store.sparql_text import code, unescape

DEFAULT_BYTES = 64 * 2**20
ENTRY_OVERHEAD = 256  # bytes counted per entry besides its body and key (the objects around them)

# Functions whose value changes per call, and SERVICE (another endpoint's answer), looked for in the code only:
# "now(" in a literal or an IRI does not make a query uncacheable.
_VOLATILE = re.compile(r"(?<![\w?$:])(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(|(?<![\w?$:])SERVICE(?![\w:-])", re.I)
# Words one of which any match of _VOLATILE holds: a text without them is decided without the regex, whose lookbehind
# at every position costs about a millisecond for a 3,000-character query (the question's own time, or more).
_VOLATILE_WORDS = ("rand", "now", "uuid", "bnode", "service")
# The text lower-cased, one character for one, with the three that re.I also takes for a letter of those words and
# lower() does not turn into it: "İ" and "ı" (i), "ſ" (s).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


DECISIONS = 4096  # `deterministic` remembers this many decisions, keyed by a 16-byte hash of the text
_decisions: OrderedDict[bytes, bool] = OrderedDict()
_decisions_lock = threading.Lock()


def deterministic(query: str) -> bool:
    """False when the query's answer may change from one call to the next (or reaches outside the graph). Decisions
    are remembered by the hash of the text (never the text itself, which may be 100,000 characters long)."""
    key = hashlib.blake2b(query.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    with _decisions_lock:
        decided = _decisions.get(key)
        if decided is not None:
            _decisions.move_to_end(key)
            return decided
    text = code(unescape(query))
    folded = text.translate(_FOLD).lower()
    decided = not any(word in folded for word in _VOLATILE_WORDS) or _VOLATILE.search(text) is None
    with _decisions_lock:
        _decisions[key] = decided
        if len(_decisions) > DECISIONS:
            _decisions.popitem(last=False)
    return decided


@dataclass(frozen=True)
class Entry:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    query_hash: str | None = None  # for the access log of a hit, which answers without reading the query


class AnswerCache:
    """A thread-safe LRU of answers, bounded by the bytes of their bodies and keys."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.bypassed = self.revalidated = 0

    def get(self, key: bytes, count_miss: bool = True) -> Entry | None:
        """The entry of `key`, now the most recently used; a miss is counted unless `count_miss` is False (the
        fast path, whose misses are counted later on the query path, when the answer is known to be cacheable)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                if count_miss:
                    self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: bytes, entry: Entry) -> None:
        size = _size(key, entry)
        if size > self.max_bytes // 4:  # the cache off, or one answer that would crowd out the others
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= _size(key, old)
            self._entries[key] = entry
            self.bytes += size
            while self.bytes > self.max_bytes:
                evicted_key, evicted = self._entries.popitem(last=False)
                self.bytes -= _size(evicted_key, evicted)

    def clear(self) -> None:
        """Forget every answer (the counters stay)."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self.bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
                "bypassed": self.bypassed,
                "revalidated": self.revalidated,
            }


def _size(key: bytes, entry: Entry) -> int:
    return len(entry.body) + len(key) + ENTRY_OVERHEAD
