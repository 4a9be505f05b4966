"""The Markdown report of a run: each figure beside its reference and their ratio, and the goals of issues 7 and 16."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import goals16
from bench.compare import ratio as interleaved_ratio
from bench.stats import ratio

# Where runs are written: each report is a dated page of the documentation site, its raw numbers beside it.
RESULTS = Path(__file__).resolve().parent.parent / "docs" / "performance"

GOALS = {
    "over_rdflib": 30.0,  # × rdflib-endpoint's throughput
    "over_virtuoso": 3.0,  # × Virtuoso's throughput
    "p99_ms_1m": 15.0,
    "load_s_1m": 10.0,
    "worker_mb_1m": 700.0,
}


_HTTP_NAMES = {"article_v_domains": "flagship", "evidence_for_document": "evidence"}


def _n(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def _x(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}×" if value < 10 else f"{value:,.0f}×"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _best(http: dict[str, Any], target: str) -> float | None:
    """Best req/s of a target; for a reference too slow to load-test, the upper bound of its throughput."""
    entry = http.get(target)
    if not entry:
        return None
    return entry.get("best_rps", entry.get("bound_rps"))


def _bound(http: dict[str, Any], target: str) -> bool:
    return "bound_rps" in http.get(target, {})


def _our_workers(size: dict[str, Any]) -> list[dict[str, Any]]:
    """The workers of both of our servers (cache on and off), measured after their load tests."""
    workers = size.get("workers", {})
    return workers.get("alliance-kg", []) + workers.get("alliance-kg-uncached", [])


def _worker_memory(workers: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """The largest worker's memory with its query processes, MB: RSS summed (a run before query processes were
    counted: the worker's own peak) and PSS (None before it was measured)."""
    rss = max((w.get("rss_with_children_mb", w["peak_rss_mb"]) for w in workers), default=None)
    pss = max((w["pss_with_children_mb"] for w in workers if "pss_with_children_mb" in w), default=None)
    return rss, pss


def load_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| size | named quads | + default graph | store quads | build s | build peak MB | in-memory load s | "
        "in-memory MB | worker MB, PSS (RSS summed), max, with its query processes | rdflib load s | rdflib MB | Virtuoso load s | build vs Virtuoso |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, size in sizes.items():
        build, memory = size.get("build", {}), size.get("memory_load", {})
        rdflib = size.get("latency", {}).get("rdflib", {})
        virtuoso = size.get("virtuoso", {})
        workers = _our_workers(size)
        worker_mb, worker_pss = _worker_memory(workers)
        worker_cell = f"{_n(worker_pss)} ({_n(worker_mb)})" if worker_pss is not None else _n(worker_mb)
        lines.append(
            f"| {label} | {_n(build.get('named_quads'))} | {_n(build.get('default_quads'))} | "
            f"{_n(build.get('store_quads'))} | {_n(build.get('seconds'), 2)} | {_n(build.get('peak_rss_mb'))} | "
            f"{_n(memory.get('seconds'), 2)} | {_n(memory.get('peak_rss_mb'))} | {worker_cell} | "
            f"{_n(rdflib.get('load_s'), 1)} | {_n(rdflib.get('load_rss_mb'))} | {_n(virtuoso.get('load_s'), 1)} | "
            f"{_x(ratio(virtuoso.get('load_s'), build.get('seconds')))} |"
        )
    return lines


def http_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| size | query | bytes | ours req/s best (median) | p50 / p99 ms | HTTP limit req/s: behind the front (gunicorn "
        "alone) | share of limit behind the front (alone) | "
        "ours uncached req/s best (median) | uncached p50 / p99 ms | uncached share | "
        "rdflib-endpoint req/s | × rdflib | Virtuoso req/s | × Virtuoso |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, size in sizes.items():
        for query, http in size.get("http", {}).items():
            ours = http.get("alliance-kg")
            if not ours:
                continue
            best = ours["best_rps"]
            limit, rdflib, virtuoso = (_best(http, t) for t in ("constant", "rdflib-endpoint", "virtuoso"))
            front = _best(http, "constant-front")
            lines.append(
                f"| {label} | {query} | {_n(http.get('bytes'))} | {_n(best)} ({_n(ours['median_rps'])}) | "
                f"{_n(ours['p50_ms'], 1)} / {_n(ours['p99_ms'], 1)} | {_n(front)} ({_n(limit)}) | "
                f"{_pct(ratio(best, front))} ({_pct(ratio(best, limit))}) | "
                f"{_uncached(http, front or limit)} | "
                f"{'≤ ' if _bound(http, 'rdflib-endpoint') else ''}{_n(rdflib, 2)} | "
                f"{'≥ ' if _bound(http, 'rdflib-endpoint') else ''}{_x(ratio(best, rdflib))} | "
                f"{_n(virtuoso)} | {_x(ratio(best, virtuoso))} |"
            )
    return lines


def _uncached(http: dict[str, Any], limit: float | None) -> str:
    """Ours with the answer cache off (older runs did not measure it)."""
    entry = http.get("alliance-kg-uncached")
    if not entry:
        return "– | – | –"
    return (
        f"{_n(entry['best_rps'])} ({_n(entry['median_rps'])}) | {_n(entry['p50_ms'], 1)} / {_n(entry['p99_ms'], 1)} | "
        f"{_pct(ratio(entry['best_rps'], limit))}"
    )


def _ratio_text(measured: dict[str, Any], ours: str, reference: str) -> str:
    found = interleaved_ratio(measured, ours, reference)
    if found is None:
        return "–"
    return f"{found['best']:.2f}× ({found['low']:.2f}–{found['high']:.2f})"


def _rps(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    errors = f", {entry['errors']:,} refused" if entry.get("errors") else ""
    return f"{_n(entry['best_rps'])} ({_n(entry['median_rps'])}{errors})"


def _cpu(entry: dict[str, Any] | None) -> str:
    return _n((entry or {}).get("cpu_us_per_request"))


def oxigraph_table(sizes: dict[str, Any]) -> list[str]:
    """Ours beside Oxigraph's own server on the same store, measured in interleaved rounds: the repeated queries
    and the workloads of a different query each request."""
    lines = [
        "| size | workload | ours uncached req/s best (median) | ours as deployed | Oxigraph server | "
        "uncached ÷ Oxigraph, best (rounds) | deployed ÷ Oxigraph | CPU µs/request: uncached / deployed / Oxigraph | "
        "cache hits (deployed) | same answer | Virtuoso req/s |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|:-:|--:|",
    ]
    for label, size in sizes.items():
        rows = [(f"{name} (repeated)", http) for name, http in size.get("http", {}).items() if "oxigraph" in http]
        rows += [(f"{name} (a different query each request)", m) for name, m in size.get("distinct", {}).items()]
        for name, measured in rows:
            uncached, deployed, oxigraph = (
                measured.get(t) for t in ("alliance-kg-uncached", "alliance-kg", "oxigraph")
            )
            hits = (deployed or {}).get("cache_hits")
            same = measured.get("same_answer_as_oxigraph")
            lines.append(
                f"| {label} | {name} | {_rps(uncached)} | {_rps(deployed)} | {_rps(oxigraph)} | "
                f"{_ratio_text(measured, 'alliance-kg-uncached', 'oxigraph')} | "
                f"{_ratio_text(measured, 'alliance-kg', 'oxigraph')} | "
                f"{_cpu(uncached)} / {_cpu(deployed)} / {_cpu(oxigraph)} | "
                f"{'–' if hits is None else f'{hits:,}'} | {'–' if same is None else ('yes' if same else '**no**')} | "
                f"{_rps(measured.get('virtuoso'))} |"
            )
    return lines


def latency_table(sizes: dict[str, Any]) -> list[str]:
    lines = [
        "| size | query | rows | on-disk median / p99 ms (runs) | in-memory median / p99 ms | rdflib median ms (runs) | "
        "× rdflib (on-disk) | in-memory vs on-disk |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for label, size in sizes.items():
        latency = size.get("latency", {})
        disk = latency.get("oxigraph-disk", {}).get("queries", {})
        memory = latency.get("oxigraph-memory", {}).get("queries", {})
        rdflib = latency.get("rdflib", {}).get("queries", {})
        for name, d in disk.items():
            m, r = memory.get(name, {}), rdflib.get(name, rdflib.get(_HTTP_NAMES.get(name, ""), {}))
            if "median_ms" not in d:
                lines.append(f"| {label} | {name} | – | {d.get('error', 'timed out')} | | | | |")
                continue
            if "timeout_s" in r:  # stopped: rdflib's latency is at least the timeout
                r = {"median_ms": 1000 * r["timeout_s"], "runs": f"timed out; ≥ {r['timeout_s']} s"}
            cut = f"; cut at {d['budget_s']:g} s" if d.get("cut") else ""
            lines.append(
                f"| {label} | {name} | {d['rows']} | {_n(d['median_ms'], 2)} / {_n(d['p99_ms'], 2)} ({d['runs']}{cut}) | "
                f"{_n(m.get('median_ms'), 2)} / {_n(m.get('p99_ms'), 2)} | "
                f"{_n(r.get('median_ms'), 1)} ({r.get('runs', '–')}) | "
                f"{_x(ratio(r.get('median_ms'), d['median_ms']))} | {_x(ratio(d['median_ms'], m.get('median_ms')))} |"
            )
    return lines


def spread_lines(sizes: dict[str, Any]) -> list[str]:
    lines = []
    for label, size in sizes.items():
        spread = size.get("spread")
        if not spread:
            continue
        counts = sorted(spread["wrk_responses_per_worker"].values(), reverse=True)
        total = sum(counts) or 1
        shares = ", ".join(f"{100 * c / total:.0f}%" for c in counts)
        connections = sorted(spread["connections"]["connections_per_worker"].values(), reverse=True)
        connections += [0] * max(0, 2 - len(connections))  # workers that got no connection
        lines.append(
            f"- {label}: responses per worker over a wrk run (8 keep-alive connections): {shares} "
            f"({len(counts)} of 2 workers answered); 8 connections opened at once landed "
            f"{' + '.join(map(str, connections))} per worker; each connection stayed on one worker: "
            f"{'yes' if spread['connections']['each_connection_stays_on_one_worker'] else 'no'}."
        )
    return lines


def goals(sizes: dict[str, Any]) -> list[str]:
    """Each goal of issue 7: met, not met, or not measured in this run, with the figures that decide it."""
    out: list[str] = []

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("**met**" if ok else "**not met**")

    out.append("- ≥ 60% (flagship) / ≥ 45% (evidence) of the HTTP limit: judged with issue 16's goals, above")
    for target, key in (("rdflib-endpoint", "over_rdflib"), ("virtuoso", "over_virtuoso")):
        factors = {
            f"{label} {query}": ratio(_best(http, "alliance-kg"), _best(http, target))
            for label, s in sizes.items()
            for query, http in s.get("http", {}).items()
            if _best(http, target) is not None
        }
        ok = min(factors.values()) >= GOALS[key] if factors and None not in factors.values() else None
        detail = ", ".join(f"{k} {_x(v)}" for k, v in factors.items())
        out.append(f"- ≥ {GOALS[key]:.0f}× {target}'s throughput: {verdict(ok)} ({detail or 'no reference run'})")
    big = sizes.get("1m")
    if big is None:
        out.append("- p99 ≤ 15 ms, load < 10 s and < 700 MB per worker at 1 M quads: not measured (no 1m size)")
        return out
    p99 = {q: h["alliance-kg"]["p99_ms"] for q, h in big.get("http", {}).items() if "alliance-kg" in h}
    ok = max(p99.values()) <= GOALS["p99_ms_1m"] if p99 else None
    out.append(
        f"- p99 ≤ 15 ms at 1 M quads (HTTP, 8 connections): {verdict(ok)} ({', '.join(f'{q} {_n(v, 1)} ms' for q, v in p99.items())})"
    )
    load = big.get("build", {}).get("seconds")
    out.append(
        f"- 1 M-quad load < 10 s (our build's write path): {verdict(None if load is None else load < GOALS['load_s_1m'])} ({_n(load, 1)} s)"
    )
    workers = _our_workers(big)
    complete = bool(workers) and all("rss_with_children_mb" in w for w in workers)
    worker, pss = _worker_memory(workers)
    if pss is not None:  # judged on PSS: summed RSS counts the store's mapped pages once per query process
        out.append(
            f"- < 700 MB per worker at 1 M quads: {verdict(pss < GOALS['worker_mb_1m'])} (largest worker with its "
            f"query processes {_n(pss)} MB PSS; their RSS summed {_n(worker)} MB, shared pages counted once per process)"
        )
        return out
    ok = worker < GOALS["worker_mb_1m"] if complete and worker is not None else None
    if not complete and worker is not None:  # results of a run before query processes were counted
        out.append(
            f"- < 700 MB per worker at 1 M quads: not measured (a worker alone peaked at {_n(worker)} MB; its query processes were not counted)"
        )
        return out
    out.append(
        f"- < 700 MB per worker at 1 M quads: {verdict(ok)} (largest worker with its query processes {_n(worker)} MB)"
    )
    return out


def markdown(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    meta = results["machine"]
    busiest = max(
        (max(s.get("load_average_before", [0])[0], s.get("load_average_after", [0])[0]) for s in sizes.values()),
        default=0,
    )
    busy = (
        f"**The machine was shared**: 1-minute load average up to {busiest:.1f} on {meta['cores']} cores during "
        "this run (other processes competing for the CPU); absolute figures are low and noisy, ratios measured "
        "back to back are the more reliable.  "
        if busiest > meta["cores"]
        else f"Load average at most {busiest:.1f} on {meta['cores']} cores.  "
    )
    parts = [
        f"# Benchmark {results['started']}",
        "",
        f"Command: `{results['command']}`  ",
        busy,
        f"Machine: {meta['cores']} cores, {meta['memory_gb']:.0f} GB; Python {meta['python']}, pyoxigraph "
        f"{meta['pyoxigraph']}, rdflib {meta['rdflib']}, rdflib-endpoint {meta['rdflib_endpoint']}, "
        f"{meta['virtuoso']}, {meta['wrk']}.  ",
        f"Load: wrk, {results['options']['connections']} connections, {results['options']['threads']} threads, "
        f"{results['options']['seconds']} s × {results['options']['runs']} runs after a warm-up; GET with the "
        "URL-encoded query, `Accept: application/sparql-results+json`. Ours is `alliance-kg serve` (gunicorn "
        "gthread, 2 workers) on the synthetic store, as deployed (answer cache on: a repeated query is answered "
        "from the cache after the warm-up) and with the cache off (`ALLIANCE_KG_ANSWER_CACHE_BYTES=0`: every "
        "request evaluated by a query process); the goals are judged on the former; the HTTP limit is a constant body of the same size on the "
        "same runner, on gunicorn alone and behind the same nginx front as ours; rdflib-endpoint runs under uvicorn with 2 workers; Virtuoso with the packaged tuning.",
        "",
        "## Beside Oxigraph's own server (issue 16)",
        "",
        "All of these servers ran at once, on the same store, and each round of wrk runs went through them in turn; "
        "ratios are of the best runs, with the lowest and highest ratio of runs in the same round. A workload of a "
        "different query each request sends the catalogue query with a parameter drawn from a large set, in an "
        "order no run repeats (bench/wrk/distinct.lua): `domains_covered_on` over 20,000 days, `evidence_for_entity` "
        "over every entity of the store. CPU per request counts every process of a server (nginx, gunicorn, query "
        "processes), which a busy machine inflates less than it lowers throughput. Ours serves the 8 connections "
        "of one address as 8 clients (`CLIENT_QUERIES=8`); what it refused (503 when a worker's queue was full, "
        "429) is counted, not in the throughput.",
        "",
        *oxigraph_table(sizes),
        "",
        "## Goals of issue 16 (and the repeated-query goals of issue 7)",
        "",
        "Judged on this run's figures. Shares of the HTTP limit are of the constant body behind the same nginx front "
        "as `alliance-kg serve` (server/front.py's configuration, gunicorn on a unix socket); the limit of gunicorn "
        "alone is reported beside it. Catalogue queries go one request at a time over HTTP, the same text (parameters "
        "bound into it) to ours with the cache off and to Virtuoso; an error counts as an error, not as a time.",
        "",
        *goals16.goals(sizes),
        "",
        "## Every catalogue query beside Virtuoso (one request at a time)",
        "",
        *goals16.catalogue_table(sizes),
        "",
        "## Build beside `oxigraph load`",
        "",
        "`oxigraph load` writes the quads as given and derives no default graph; ours writes each named-graph quad "
        "and its default-graph copy. The goal compares our build with `oxigraph load` of the same store quads (the "
        "built store dumped as N-Quads: named quads and their copies), each into a fresh directory; `oxigraph load` of "
        "the named quads alone is beside it.",
        "",
        *goals16.build_lines(sizes),
        "",
        "## HTTP throughput",
        "",
        *http_table(sizes),
        "",
        "## In-process latency (evaluation + JSON serialisation)",
        "",
        *latency_table(sizes),
        "",
        "## Load and memory",
        "",
        *load_table(sizes),
        "",
        "## Keep-alive spread over gunicorn workers (constant route)",
        "",
        *(spread_lines(sizes) or ["- not measured"]),
        "",
        "## Goals of issue 7",
        "",
        *goals(sizes),
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Render the report of a raw results file again: `python -m bench.report docs/performance/<stamp>.json`."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument("results", type=Path)
    args = parser.parse_args(argv)
    text = markdown(json.loads(args.results.read_text()))
    args.results.with_suffix(".md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
