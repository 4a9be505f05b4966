"""Measurements that run in a child process of their own, so that peak memory is the measured work's alone.

    python -m bench.probe build CORPUS.nq DATA_DIR       our build's write path (write_store: stream, derive the union)
    python -m bench.probe memory CORPUS.nq               the same quads into an in-memory pyoxigraph store
    python -m bench.probe latency ENGINE SOURCE SPEC.json   in-process latency of queries (ENGINE: oxigraph-disk,
                                                          oxigraph-memory, rdflib; SOURCE: store dir or N-Quads)
Each prints one JSON object on its last line of stdout.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.stats import summarize


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(corpus: Path, data_dir: Path) -> dict[str, Any]:
    """Our build's write path (`alliance_kg.store.local.write_store`): the N-Quads streamed into the store, the union default
    graph derived inside it; timed from the file to the closed, current store."""
    from alliance_kg.store.local import write_store
    from pyoxigraph import DefaultGraph, Store

    started = time.perf_counter()
    path = write_store(corpus, data_dir)
    written = time.perf_counter()
    store = Store.read_only(str(path))
    total = len(store)
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
    return {
        "parse_s": 0.0,  # parsing is part of the streamed write
        "write_s": written - started,
        "seconds": written - started,
        "peak_rss_mb": peak_rss_mb(),
        "named_quads": total - default,
        "store_quads": total,
        "default_quads": default,
        "store_path": str(path),
        "store_mb": sum(f.stat().st_size for f in path.iterdir()) / 2**20,
    }


def _memory_store(corpus: str):
    """An in-memory store of the corpus and its union default graph, as a query process makes its copy."""
    from alliance_kg.store.local import add_union_default_graph
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.bulk_load(path=corpus, format=RdfFormat.N_QUADS)
    add_union_default_graph(store)
    return store


def memory(corpus: Path) -> dict[str, Any]:
    started = time.perf_counter()
    store = _memory_store(str(corpus))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "store_quads": len(store)}


def _oxigraph(engine: str, source: str) -> Callable[[str], bytes]:
    from pyoxigraph import QueryResultsFormat, Store

    store = Store.read_only(source) if engine == "oxigraph-disk" else _memory_store(source)
    return lambda text: store.query(text).serialize(format=QueryResultsFormat.JSON)


def _rdflib(source: str) -> Callable[[str], bytes]:
    from bench.rdflib_app import load_dataset

    dataset = load_dataset(source)
    return lambda text: dataset.query(text).serialize(format="json")


class QueryTimeout(Exception):
    pass


def _alarm(signum, frame) -> None:
    raise QueryTimeout


def latency(engine: str, source: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Each query: warm-up runs, then up to `runs` timed runs, all within `budget_s` (_measure); one
    that runs past `timeout_s` is stopped and reported as timed out (rdflib has no timeout of its own).

    A run is evaluation plus serialisation to SPARQL JSON, the work a server does for a request.
    """
    started = time.perf_counter()
    run = _rdflib(source) if engine == "rdflib" else _oxigraph(engine, source)
    result: dict[str, Any] = {"engine": engine, "load_s": time.perf_counter() - started, "queries": {}}
    result["load_rss_mb"] = peak_rss_mb()
    signal.signal(signal.SIGALRM, _alarm)
    for name, text in spec["queries"].items():
        signal.alarm(int(spec.get("timeout_s", 0)))
        try:
            result["queries"][name] = _measure(run, text, spec)
        except QueryTimeout:
            result["queries"][name] = {"timeout_s": spec["timeout_s"]}
            print(f"    {engine} {name}: timed out after {spec['timeout_s']} s", file=sys.stderr)
            continue
        except Exception as error:  # an engine that cannot answer a query: say so, and go on
            result["queries"][name] = {"error": f"{type(error).__name__}: {error}"[:300]}
            print(f"    {engine} {name}: failed: {result['queries'][name]['error']}", file=sys.stderr)
            continue
        finally:
            signal.alarm(0)
        print(f"    {engine} {name}: median {result['queries'][name]['median_ms']:.2f} ms", file=sys.stderr)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _measure(run: Callable[[str], bytes], text: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Warm-up runs within a quarter of `budget_s`, then timed runs until `runs` or the budget is spent (the budget
    counts from the first warm-up run). A query stopped by the budget before `min_runs` timed runs is `cut`; one
    whose warm-up alone spent the budget has that run as its only sample."""
    times: list[float] = []
    began, slow = time.perf_counter(), False
    for _ in range(spec["warmup"]):
        t0 = time.perf_counter()
        body = run(text)
        if time.perf_counter() - began > spec["budget_s"]:  # too slow to repeat: the one run is the sample
            times.append((time.perf_counter() - t0) * 1000)
            slow = True
            break
        if time.perf_counter() - began > spec["budget_s"] / 4:
            break
    while not slow and len(times) < spec["runs"]:
        t0 = time.perf_counter()
        body = run(text)
        times.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - began > spec["budget_s"]:
            break
    rows = len(json.loads(body)["results"]["bindings"])
    cut = len(times) < spec["min_runs"]
    return {**summarize(times), "rows": rows, "bytes": len(body), "cut": cut, "budget_s": spec["budget_s"]}


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "build":
        out = build(Path(args[0]), Path(args[1]))
    elif command == "memory":
        out = memory(Path(args[0]))
    elif command == "latency":
        out = latency(args[0], args[1], json.loads(Path(args[2]).read_text()))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
