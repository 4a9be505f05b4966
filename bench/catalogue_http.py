"""Every catalogue query over HTTP, one request at a time: the same text (parameters bound into it, as the server
binds them) to any SPARQL endpoint, median of a few runs within a time budget per query, errors kept as errors."""

from __future__ import annotations

import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from alliance_kg.queries.catalogue import load_catalogue
from alliance_kg.queries.parameters import substitutions
from alliance_kg.store.sparql_text import substitute

from bench.inprocess import EXAMPLES

ACCEPT = "application/sparql-results+json"


def bound_queries() -> dict[str, str]:
    """Each catalogue query but the federated ones, its parameters bound to bench.inprocess's EXAMPLES in the text
    (SEP-0007 as the server binds them, written out by sparql_text.substitute), so every endpoint gets one text."""
    found = {}
    for name, query in sorted(load_catalogue().items()):
        if "federated" in query.tags:
            continue
        found[name] = substitute(query.text, substitutions(query, EXAMPLES.get(name, {})))
    return found


def ask(endpoint: str, text: str, timeout_s: float) -> tuple[float, int]:
    """One GET of the query: (milliseconds to the whole answer, rows); RuntimeError with the endpoint's message."""
    url = f"{endpoint}?{urllib.parse.urlencode({'query': text})}"
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            body = response.read()
            partial = response.headers.get("X-SQL-State")  # Virtuoso's anytime answer: cut at its time limit
    except urllib.error.HTTPError as error:
        message = error.read().decode("utf-8", "replace").strip()
        raise RuntimeError(f"HTTP {error.code}: {' '.join(message.split())[:300]}") from None
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        raise RuntimeError(f"{type(error).__name__}: {error}"[:300]) from None
    if partial:
        raise RuntimeError(f"a partial answer (X-SQL-State {partial}: {response.headers.get('X-SQL-Message', '')})")
    elapsed = (time.perf_counter() - started) * 1000
    try:
        rows = len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        raise RuntimeError(f"not SPARQL results JSON: {body[:200]!r}") from None
    return elapsed, rows


def sequential(
    endpoint: str, texts: dict[str, str], runs: int = 5, budget_s: float = 10, timeout_s: float = 30
) -> dict[str, dict[str, Any]]:
    """Each query in turn: one warm-up request, then up to `runs` timed ones while within `budget_s` (at least one);
    a query the endpoint refuses, fails, answers in part or does not answer within `timeout_s` is recorded with the
    message (`error`), not as a time."""
    out: dict[str, dict[str, Any]] = {}
    for name, text in texts.items():
        began = time.perf_counter()
        try:
            first, rows = ask(endpoint, text, timeout_s)
            times: list[float] = []
            while len(times) < runs and (not times or time.perf_counter() - began < budget_s):
                if first / 1000 > budget_s:  # too slow to repeat within the budget: the one run is the sample
                    times.append(first)
                    break
                elapsed, rows = ask(endpoint, text, timeout_s)
                times.append(elapsed)
        except RuntimeError as error:
            out[name] = {"error": str(error)}
            continue
        out[name] = {"median_ms": statistics.median(times), "runs": len(times), "rows": rows}
    return out
