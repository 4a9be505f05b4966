"""Servers measured side by side: every server running at once, and each round of wrk runs going through all of them
in turn (A B C, A B C, ...), so that a busy moment of the machine weighs on all of them alike. Ratios come from the
best runs, with the spread of the per-round ratios beside them.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bench import wrk
from bench.servers import Server
from bench.workloads import Distinct


def repeated(
    servers: dict[str, str], runs: int, seconds: float, warmup_s: float, timeout_s: float = 10
) -> dict[str, Any]:
    """The same URL per server (`servers`: name -> URL), interleaved."""
    for url in servers.values():
        if warmup_s:
            wrk.run(url, warmup_s, timeout_s)
    results: dict[str, list[wrk.WrkRun]] = {name: [] for name in servers}
    for _ in range(runs):
        for name, url in servers.items():
            results[name].append(wrk.run(url, seconds, timeout_s))
    return {name: wrk.summarise(found) for name, found in results.items()}


def distinct(
    workload: Distinct,
    servers: dict[str, Server],
    folder: Path,
    runs: int,
    seconds: float,
    warmup_s: float,
    timeout_s: float = 10,
) -> dict[str, Any]:
    """A different query every request, per server, interleaved; each server walks the workload's order from where
    its previous run stopped (the warm-up included), so no query is sent to it twice until the order runs out."""
    files = {name: workload.write(server.path, folder) for name, server in servers.items()}
    extra: dict[str, dict[str, int]] = {name: {"cache_hits": 0, "wrapped": 0} for name in servers}

    def one(name: str, duration: float) -> wrk.WrkRun:
        measured, told = wrk.run_distinct(servers[name].base, files[name], workload.start(name), duration, timeout_s)
        workload.advance(name, told["last"])
        extra[name]["cache_hits"] += told["cache_hits"]
        extra[name]["wrapped"] += told["wrapped"]
        return measured

    for name in servers:
        if warmup_s:
            one(name, warmup_s)
    results: dict[str, list[wrk.WrkRun]] = {name: [] for name in servers}
    for _ in range(runs):
        for name in servers:
            results[name].append(one(name, seconds))
    return {
        name: {**wrk.summarise(found), **extra[name], "distinct_values": len(workload.values)}
        for name, found in results.items()
    }


def ratio(measured: dict[str, Any], ours: str, reference: str) -> dict[str, float] | None:
    """`ours` over `reference`: the ratio of their best runs, and the lowest, median and highest of the ratios of
    the runs made in the same round."""
    if ours not in measured or reference not in measured:
        return None
    a, b = measured[ours], measured[reference]
    if not b["best_rps"]:
        return None
    rounds = [x["rps"] / y["rps"] for x, y in zip(a["runs"], b["runs"], strict=True) if y["rps"]]
    return {
        "best": a["best_rps"] / b["best_rps"],
        "low": min(rounds),
        "median": statistics.median(rounds),
        "high": max(rounds),
    }
