"""Where an uncached request's time goes, layer by layer, without the network: the same distinct queries
(`domains_covered_on`, a different day each) through each layer in turn, in this process, side by side.

    python -m bench.uncached_cost [--data-dir var] [--requests 2000] [--rounds 3] [--profile app.prof]

- engine: pyoxigraph's query and its own SPARQL results JSON writer (what Oxigraph's server does, less HTTP);
- evaluate: `executor.evaluate` in this process (the query process's work: rows, the row cap, the answer written);
- process: `ProcessExecutor.run`: a query process does `evaluate`, plus the hand-over (pickle, pipes, wake-ups);
- app: the SPARQL app called as a WSGI application (answer cache off): the view, its hooks, admission, `process`.

What gunicorn and nginx add on top is the difference between `app` and the HTTP figures of `bench.run`. With
--profile, the app layer's calls are profiled (cProfile, this process only) into the file named.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from bench import request_cost, servers, workloads


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes `pids` so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def per_request(work: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """Microseconds per call of `work` over `texts`: wall-clock, and CPU of this process and its children (the query
    processes), which a busy machine inflates far less than the wall-clock time."""
    children = servers.descendants(os.getpid())
    cpu = cpu_seconds(children)
    began = time.perf_counter()
    for text in texts:
        work(text)
    wall = time.perf_counter() - began
    return wall / len(texts) * 1e6, (cpu_seconds(children) - cpu) / len(texts) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="built graph (default: ALLIANCE_KG_DATA or var/)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per layer and round (2000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every layer, side by side (3)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the app layer's calls here")
    args = parser.parse_args(argv)

    from alliance_kg.queries.catalogue import load_catalogue
    from alliance_kg.server import create_app
    from alliance_kg.server.executor import Job, evaluate
    from alliance_kg.server.observability import configure_access_log
    from alliance_kg.server.state import state
    from alliance_kg.store.local import current_store_path
    from pyoxigraph import QueryResultsFormat, Store

    from alliance_kg import settings

    store_path = current_store_path(args.data_dir or settings.data_dir())
    if store_path is None:
        parser.error("no graph has been built there: run `alliance-kg build` first")
    configure_access_log(open(os.devnull, "w"))  # noqa: SIM115 — kept open for the process's life, like stderr
    config = {"STORE_PATH": str(store_path), "QUERY_PROCESSES": 1, "ANSWER_CACHE_BYTES": 0}
    app = create_app(config)
    executor = state(app).executor
    store = Store.read_only(str(store_path))
    workload = workloads.Distinct(
        "domains_covered_on", load_catalogue()["domains_covered_on"].text, "_day_xsd_date", workloads.days(), 1
    )
    order = workload.order()
    needed = args.requests * (args.rounds + 1)
    texts = [workload.text(order[i % len(order)]) for i in range(needed)]
    time.sleep(3)  # the query processes start in the background

    def engine(text: str) -> object:
        return store.query(text).serialize(format=QueryResultsFormat.JSON)

    def evaluated(text: str) -> object:
        return evaluate(store, Job(text))

    def process(text: str) -> object:
        return executor.run(Job(text))

    environs = {text: request_cost.environ("/sparql", urlencode({"query": text})) for text in texts}  # untimed

    def wsgi(text: str) -> object:
        status, _ = request_cost.call_with(app, environs[text])
        if not status.startswith("200"):
            raise SystemExit(f"the app answered {status}")
        return status

    layers = {"engine": engine, "evaluate": evaluated, "process": process, "app": wsgi}
    chunks = [texts[i * args.requests : (i + 1) * args.requests] for i in range(args.rounds + 1)]
    for work in layers.values():  # warm-up, untimed
        per_request(work, chunks[0][: args.requests // 5])
    walls: dict[str, list[float]] = {name: [] for name in layers}
    cpus: dict[str, list[float]] = {name: [] for name in layers}
    for round_ in range(1, args.rounds + 1):
        for name, work in layers.items():
            wall, cpu = per_request(work, chunks[round_])
            walls[name].append(wall)
            cpus[name].append(cpu)
        print(
            f"round {round_}: " + ", ".join(f"{n} {walls[n][-1]:.0f} µs ({cpus[n][-1]:.0f} µs CPU)" for n in layers),
            flush=True,
        )
    for what, found in (("wall-clock", walls), ("CPU, all processes", cpus)):
        best = {name: min(values) for name, values in found.items()}
        print(f"best {what}: " + ", ".join(f"{n} {t:.0f} µs" for n, t in best.items()))
        print(
            f"  added by each layer: evaluate {best['evaluate'] - best['engine']:+.0f} µs (rows and JSON in Python), "
            f"process {best['process'] - best['evaluate']:+.0f} µs (hand-over), "
            f"app {best['app'] - best['process']:+.0f} µs (Flask, hooks, admission)"
        )
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU: what a busy machine inflates least
        profiler.runcall(per_request, wsgi, chunks[1])
        profiler.dump_stats(str(args.profile))
        print(f"wrote {args.profile} (python -m pstats {args.profile})")
    executor.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
