"""Servers measured side by side: every server running at once, and each round of wrk runs going through all of them
in turn (A B C, A B C, ...), so that a busy moment of the machine weighs on all of them alike. Ratios come from the
best runs, with the spread of the per-round ratios beside them. Beside the throughput, the CPU time each server's
processes spent per answered request: what a busy machine inflates least (its wait for a core is not counted).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from bench import wrk
from bench.servers import Server, cpu_seconds
from bench.workloads import Distinct


class _Cpu:
    """CPU seconds per answered request of each server, summed over its measured runs."""

    def __init__(self, servers: dict[str, Server]) -> None:
        self.servers = servers
        self.seconds = {name: 0.0 for name in servers}
        self.requests = {name: 0 for name in servers}

    def run(self, name: str, measure: Any) -> wrk.WrkRun:
        server = self.servers.get(name)
        if server is None:
            return measure()
        began = cpu_seconds(server)
        measured = measure()
        self.seconds[name] += cpu_seconds(server) - began
        self.requests[name] += measured.requests - measured.errors
        return measured

    def per_request(self, name: str) -> dict[str, float]:
        if name not in self.servers or not self.requests[name] or self.servers[name].process is None:
            return {}
        return {"cpu_us_per_request": self.seconds[name] / self.requests[name] * 1e6}


def repeated(
    servers: dict[str, str],
    runs: int,
    seconds: float,
    warmup_s: float,
    timeout_s: float = 10,
    cpu: dict[str, Server] | None = None,
) -> dict[str, Any]:
    """The same URL per server (`servers`: name -> URL), interleaved; the CPU per request of those in `cpu`."""
    for url in servers.values():
        if warmup_s:
            wrk.run(url, warmup_s, timeout_s)
    counted = _Cpu(cpu or {})
    results: dict[str, list[wrk.WrkRun]] = {name: [] for name in servers}
    for _ in range(runs):
        for name, url in servers.items():
            results[name].append(counted.run(name, lambda url=url: wrk.run(url, seconds, timeout_s)))
    return {name: {**wrk.summarise(found), **counted.per_request(name)} for name, found in results.items()}


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
    counted = _Cpu(servers)
    results: dict[str, list[wrk.WrkRun]] = {name: [] for name in servers}
    for _ in range(runs):
        for name in servers:
            results[name].append(counted.run(name, lambda name=name: one(name, seconds)))
    return {
        name: {
            **wrk.summarise(found),
            **extra[name],
            **counted.per_request(name),
            "distinct_values": len(workload.values),
        }
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
