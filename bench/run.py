"""The benchmark of issues 7 and 16, in one run: load, in-process latency and HTTP throughput, beside their references.

    .venv/bin/python -m bench.run                      # 2k, 100k, 1m; everything
    .venv/bin/python -m bench.run --sizes real         # the graph `make build` built (about 15 minutes)
    .venv/bin/python -m bench.run --sizes real,1m      # every goal of issue 16 (about 45 minutes)
    .venv/bin/python -m bench.run --quick              # smoke run: small sizes, short runs
    .venv/bin/python -m bench.run --sizes 2k,100k --no-virtuoso

Over HTTP, ours (answer cache on, as deployed, and off), Oxigraph's own server on the same store and the HTTP limit
(gunicorn alone, and behind serve's own nginx front) run at once and are measured in interleaved rounds
(bench/compare.py), on a repeated query and on workloads that send a different query every request
(bench/workloads.py); rdflib-endpoint and Virtuoso after them, one at a time.
Every catalogue query is also sent one request at a time to ours (cache off) and Virtuoso (bench/catalogue_http.py),
and each synthetic build is timed beside `oxigraph load` of the same quads (bench/oxigraph_load.py); the report
judges issue 16's goals (bench/goals16.py).

Writes docs/performance/<UTC timestamp>.md (the report, a dated page of the documentation site: add it to the nav
of mkdocs.yml) and .json (the raw numbers), and prints the report; a --quick run writes into the work dir instead.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from alliance_kg.queries.catalogue import load_catalogue

from bench import catalogue_http, compare, oxigraph_load, report, servers, virtuoso, workloads, wrk
from bench.generate import generate, parse_size, write_nquads

BENCH = Path(__file__).resolve().parent
HTTP_QUERIES = {"flagship": "article_v_domains", "evidence": "evidence_for_document"}
REAL = "real"  # the size label of the graph `make build` built, in ALLIANCE_KG_DATA (var/)
# Ours serves 8 wrk connections from one address as 8 clients: CLIENT_QUERIES (1 per worker by default: the rest
# are refused with 429) raised to what the query processes can hold running and waiting.
CLIENT_QUERIES = "8"


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def queries() -> dict[str, str]:
    """Every catalogue query, its parameters bound into the text as the server binds them (bench/catalogue_http.py),
    and the benchmark's own (bench/queries)."""
    # Federated queries (tag `federated`: SERVICE to Wikidata) are left out: they measure the internet, not us.
    found = catalogue_http.bound_queries()
    found.update({name: q.text for name, q in load_catalogue(BENCH / "queries").items()})
    return found


def child(*args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run `python -m bench.probe ARGS` and return its JSON (its progress goes to our stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", *args],
        cwd=servers.REPOSITORY,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.probe {' '.join(args)} failed with {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fetch(url: str) -> tuple[int, int]:
    """Body size and row count of one answer."""
    body, rows = fetch_answer(url)
    return len(body), len(rows)


def fetch_answer(url: str) -> tuple[bytes, list[dict[str, Any]]]:
    """One answer's body and its solutions (SPARQL results JSON)."""
    request = urllib.request.Request(url, headers={"Accept": wrk.ACCEPT})
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
    return body, json.loads(body)["results"]["bindings"]


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work: Path = args.work_dir
        self.queries = queries()
        self.results: dict[str, Any] = {}

    def series(self, url: str, timeout_s: float = 10) -> dict[str, Any]:
        a = self.args
        return wrk.series(url, a.runs, a.seconds, a.warmup, timeout_s)

    def size(self, label: str) -> dict[str, Any]:
        a, out = self.args, {"load_average_before": os.getloadavg()}
        folder = self.work / label
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "logs").mkdir(parents=True)
        corpus_path = folder / "corpus.nq"
        if label == REAL:
            data_dir = self.real_graph(corpus_path, out)
        else:
            data_dir = folder / "data"
            say(f"{label}: generating the corpus (seed {a.seed})")
            started = time.perf_counter()
            corpus = generate(parse_size(label), a.seed, progress=say)
            write_nquads(corpus, corpus_path)
            out["corpus"] = {**corpus.summary(), "generate_s": time.perf_counter() - started}
            out["corpus"]["nquads_mb"] = corpus_path.stat().st_size / 2**20
            del corpus
            say(f"{label}: {out['corpus']['named_quads']:,} named-graph quads; building the store")
            out["build"] = child("build", str(corpus_path), str(data_dir))
            say(f"{label}: built {out['build']['store_quads']:,} quads in {out['build']['seconds']:.2f} s")
            out["oxigraph_load"] = oxigraph_load.beside_build(Path(out["build"]["store_path"]), corpus_path, folder)
            same = out["oxigraph_load"]["same_quads"]
            say(f"{label}: oxigraph load of the same {same['store_quads']:,} quads {same['seconds']:.2f} s")
        out["memory_load"] = child("memory", str(corpus_path))
        say(f"{label}: in-memory load {out['memory_load']['seconds']:.2f} s")
        if a.no_latency:  # the HTTP figures only
            out["latency"] = {}
        else:
            out["latency"] = self.latency(label, corpus_path, Path(out["build"]["store_path"]), folder)
        out["http"] = {name: {} for name in HTTP_QUERIES}
        out["workers"] = {}
        store = Path(out["build"]["store_path"])
        distinct = self.distinct_workloads(store)
        self.http_side_by_side(label, data_dir, store, folder, distinct, out)
        if self.rdflib_here(label):
            self.http_rdflib(label, corpus_path, folder, out)
        if not a.no_virtuoso:
            self.http_virtuoso(label, corpus_path, folder, distinct, out)
        if not a.keep and label != REAL:
            shutil.rmtree(data_dir, ignore_errors=True)
        out["load_average_after"] = os.getloadavg()
        return out

    def rdflib_here(self, label: str) -> bool:
        if label == REAL:
            return not self.args.no_rdflib
        return not self.args.no_rdflib and parse_size(label) <= parse_size(self.args.rdflib_max)

    def real_graph(self, corpus: Path, out: dict[str, Any]) -> Path:
        """The graph `make build` built: its store as it is (nothing built here), and its named graphs written as
        N-Quads for the references that load a file (in-memory pyoxigraph, rdflib, Virtuoso)."""
        from alliance_kg.store.local import current_store_path
        from pyoxigraph import DefaultGraph, RdfFormat, Store, serialize

        from alliance_kg import settings

        data_dir = settings.data_dir()
        store_path = current_store_path(data_dir)
        if store_path is None:
            raise SystemExit(f"no graph has been built in {data_dir}: run `make build` first")
        store = Store.read_only(str(store_path))
        named = (q for q in store.quads_for_pattern(None, None, None) if q.graph_name != DefaultGraph())
        with open(corpus, "wb") as handle:
            serialize(named, handle, format=RdfFormat.N_QUADS)
        total = len(store)
        default = sum(1 for _ in store.quads_for_pattern(None, None, None, DefaultGraph()))
        del store
        out["build"] = {
            "store_path": str(store_path),
            "store_quads": total,
            "named_quads": total - default,
            "default_quads": default,
        }
        out["corpus"] = {"nquads_mb": corpus.stat().st_size / 2**20, "named_quads": total - default}
        say(f"{REAL}: the graph of {data_dir}, {total:,} quads ({total - default:,} in named graphs)")
        return data_dir

    def distinct_workloads(self, store: Path) -> list[workloads.Distinct]:
        """`domains_covered_on` over 20,000 distinct days, `evidence_for_entity` for every entity of the store."""
        from pyoxigraph import Store

        catalogue = load_catalogue()
        opened = Store.read_only(str(store))
        entities = workloads.entities(opened)
        del opened
        seed = self.args.seed
        return [
            workloads.Distinct(
                "domains_covered_on", catalogue["domains_covered_on"].text, "_day_xsd_date", workloads.days(), seed
            ),
            workloads.Distinct(
                "evidence_for_entity", catalogue["evidence_for_entity"].text, "_entity_iri", entities, seed
            ),
        ]

    def latency(self, label: str, corpus: Path, store: Path, folder: Path) -> dict[str, Any]:
        a, out = self.args, {}
        fast = {
            "queries": self.queries,
            "warmup": 5,
            "runs": a.latency_runs,
            "min_runs": 5,
            "budget_s": a.latency_budget,
        }
        compared = {name: self.queries[query] for name, query in HTTP_QUERIES.items()}  # rdflib: minutes each
        slow = {
            "queries": compared if not a.rdflib_all else self.queries,
            "warmup": 1,
            "runs": 20,
            "min_runs": 3,
            "budget_s": a.rdflib_budget,
        }
        slow["timeout_s"] = a.rdflib_timeout
        engines = [("oxigraph-disk", str(store), fast), ("oxigraph-memory", str(corpus), fast)]
        if self.rdflib_here(label):
            engines.append(("rdflib", str(corpus), slow))
        for engine, source, spec in engines:
            say(f"{label}: in-process latency on {engine}")
            spec_path = folder / f"{engine}.json"
            spec_path.write_text(json.dumps(spec))
            out[engine] = child("latency", engine, source, str(spec_path))
        return out

    def http_side_by_side(
        self,
        label: str,
        data_dir: Path,
        store: Path,
        folder: Path,
        distinct: list[workloads.Distinct],
        out: dict[str, Any],
    ) -> None:
        """`alliance-kg serve` as deployed (answer cache on) and with the cache off (every request evaluated by a
        query process), Oxigraph's own server on the same store, and the HTTP limit, all running at once and
        measured in interleaved rounds: the repeated queries, then the workloads of a different query each request."""
        a, logs = self.args, folder / "logs"
        env = {"ALLIANCE_KG_CLIENT_QUERIES": CLIENT_QUERIES}
        with contextlib.ExitStack() as stack:
            running = {
                "alliance-kg": stack.enter_context(servers.ours(data_dir, logs, cache=True, env=env)),
                "alliance-kg-uncached": stack.enter_context(servers.ours(data_dir, logs, cache=False, env=env)),
                "oxigraph": stack.enter_context(servers.oxigraph(store, logs)),
            }
            constant = stack.enter_context(servers.constant(logs))
            front = stack.enter_context(servers.constant(logs, front=True))
            time.sleep(a.process_start_s)  # the query processes start in the background at boot
            for name, query in HTTP_QUERIES.items():
                text = self.queries[query]
                urls = {target: wrk.query_url(server.endpoint, text) for target, server in running.items()}
                answers = {target: fetch_answer(url) for target, url in urls.items()}
                http = out["http"][name]
                http["bytes"], http["rows"] = len(answers["alliance-kg"][0]), len(answers["alliance-kg"][1])
                http["oxigraph_rows"] = len(answers["oxigraph"][1])
                http["same_answer_as_oxigraph"] = answers["alliance-kg"][1] == answers["oxigraph"][1]
                urls["constant"] = f"{constant.base}/constant/{http['bytes']}"
                urls["constant-front"] = f"{front.base}/constant/{http['bytes']}"
                say(f"{label}: {name}, repeated ({http['bytes']:,} bytes): {', '.join(urls)}, interleaved")
                http.update(compare.repeated(urls, a.runs, a.seconds, a.warmup, cpu=running))
                self.tell_all(http, list(urls))
            out["distinct"] = {}
            for workload in distinct:
                sample = workload.text(workload.order()[0])
                answers = {t: fetch_answer(wrk.query_url(s.endpoint, sample)) for t, s in running.items()}
                say(f"{label}: {workload.name}, a different query each request ({len(workload.values):,} values)")
                measured = compare.distinct(workload, running, folder, a.runs, a.seconds, a.warmup)
                measured["sample_rows"] = len(answers["alliance-kg"][1])
                measured["same_answer_as_oxigraph"] = answers["alliance-kg"][1] == answers["oxigraph"][1]
                out["distinct"][workload.name] = measured
                self.tell_all(measured, list(running))
            say(f"{label}: every catalogue query, one request at a time, on ours with the cache off")
            out["catalogue_http"] = {"alliance-kg-uncached": self.catalogue_http(running["alliance-kg-uncached"])}
            url = f"{constant.base}/constant/{out['http']['flagship']['bytes']}"
            say(f"{label}: keep-alive spread over workers")
            out["spread"] = {
                "wrk_responses_per_worker": wrk.spread_by_wrk(url, a.seconds),
                "connections": wrk.spread_by_connections(url),
            }
            for target in ("alliance-kg", "alliance-kg-uncached"):
                out["workers"][target] = running[target].workers()
            out["workers"]["constant"] = constant.workers()
            out["workers"]["constant-front"] = front.workers()

    def catalogue_http(self, server: servers.Server) -> dict[str, Any]:
        a = self.args
        return catalogue_http.sequential(server.endpoint, catalogue_http.bound_queries(), 5, a.http_query_budget)

    def http_rdflib(self, label: str, corpus: Path, folder: Path, out: dict[str, Any]) -> None:
        say(f"{label}: starting rdflib-endpoint (2 workers load the corpus)")
        in_process = {HTTP_QUERIES.get(k, k): v for k, v in out["latency"].get("rdflib", {}).get("queries", {}).items()}
        with servers.rdflib_endpoint(corpus, folder / "logs", timeout=1800) as server:
            for name, query in HTTP_QUERIES.items():
                seconds = in_process[query].get("median_ms", 1000 * in_process[query].get("timeout_s", 0)) / 1000
                if seconds > self.args.seconds / 2:
                    # Too slow for a wrk run to finish more than a request or two: its 2 workers can at best
                    # answer 2 requests per in-process latency, which bounds its throughput from above.
                    out["http"][name]["rdflib-endpoint"] = {"bound_rps": 2 / seconds, "in_process_s": seconds}
                    say(f"{label}: rdflib-endpoint, {name}: {seconds:.1f} s per query in-process, bound only")
                    continue
                say(f"{label}: rdflib-endpoint, {name}")
                url = wrk.query_url(server.base + "/sparql", self.queries[query])
                measured = self.series(url, timeout_s=60)
                if measured["best_rps"] == 0:  # no answer within a run: fall back to the bound
                    measured = {"bound_rps": 2 / seconds, "in_process_s": seconds, "wrk": measured}
                out["http"][name]["rdflib-endpoint"] = measured
                if "best_rps" in measured:
                    self.tell(measured)
            out["workers"]["rdflib-endpoint"] = server.workers()

    def http_virtuoso(
        self, label: str, corpus: Path, folder: Path, distinct: list[workloads.Distinct], out: dict[str, Any]
    ) -> None:
        why = virtuoso.available()
        if why:
            say(f"{label}: Virtuoso skipped: {why}")
            out["virtuoso"] = {"skipped": why}
            return
        with virtuoso.running() as instance:
            say(f"{label}: loading Virtuoso")
            out["virtuoso"] = {"load_s": instance.load_nquads(corpus)}
            for name, query in HTTP_QUERIES.items():
                say(f"{label}: Virtuoso, {name}")
                url = wrk.query_url(instance.endpoint, self.queries[query])
                out["http"][name]["virtuoso_rows"] = fetch(url)[1]
                out["http"][name]["virtuoso"] = self.series(url)
                self.tell(out["http"][name]["virtuoso"])
            endpoint = urllib.parse.urlsplit(instance.endpoint)
            target = servers.Server("virtuoso", f"{endpoint.scheme}://{endpoint.netloc}", None, endpoint.path)  # type: ignore[arg-type]
            for workload in distinct:
                say(f"{label}: Virtuoso, {workload.name}")
                a = self.args
                measured = compare.distinct(workload, {"virtuoso": target}, folder, a.runs, a.seconds, a.warmup)
                out["distinct"][workload.name]["virtuoso"] = measured["virtuoso"]
                self.tell(measured["virtuoso"])
            say(f"{label}: every catalogue query, one request at a time, on Virtuoso")
            out.setdefault("catalogue_http", {})["virtuoso"] = self.catalogue_http(target)
            out["virtuoso"]["rss_mb"] = instance.rss_mb()

    def tell_all(self, measured: dict[str, Any], targets: list[str]) -> None:
        for target in targets:
            say(f"  {target}:")
            self.tell(measured[target])

    @staticmethod
    def tell(series: dict[str, Any]) -> None:
        say(
            f"    best {series['best_rps']:,.1f} req/s, median {series['median_rps']:,.1f}, "
            f"p50 {series['p50_ms']:.1f} ms, p99 {series['p99_ms']:.1f} ms, errors {series['errors']}"
        )


def machine() -> dict[str, Any]:
    def tool(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except OSError:
            return "absent"
        text = (done.stdout + done.stderr).strip().splitlines()
        return text[0] if text else "unknown"

    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    virtuoso_version = tool(["dpkg-query", "-W", "-f", "virtuoso-opensource ${Version}", "virtuoso-opensource-7"])
    return {
        "cores": os.cpu_count(),
        "memory_gb": pages / 2**30,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
        "rdflib": version("rdflib"),
        "rdflib_endpoint": version("rdflib-endpoint"),
        "virtuoso": virtuoso_version,
        "wrk": tool(["wrk", "--version"]).split(" Copyright")[0],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        help="comma-separated: 2k,100k,1m, numbers of named-graph quads, or real (the graph make build built)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 2k,20k, 1 s × 2 wrk runs")
    parser.add_argument("--no-virtuoso", action="store_true", help="skip the Virtuoso reference")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib references")
    parser.add_argument("--rdflib-all", action="store_true", help="all catalogue queries on rdflib, not just the two")
    parser.add_argument("--rdflib-max", default="100k", help="largest size for the rdflib references (100k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, help="interleaved wrk runs per measurement (default 3; --quick 2)")
    parser.add_argument("--seconds", type=float, help="seconds per wrk run (default 5; --quick 1)")
    parser.add_argument("--work-dir", type=Path, default=BENCH / "work", help="corpora and stores (deleted after)")
    parser.add_argument(
        "--results", type=Path, help="where the report goes (default: docs/performance; a --quick run: the work dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the built stores in the work dir")
    parser.add_argument("--no-latency", action="store_true", help="skip the in-process latency of every query")
    parser.add_argument(
        "--latency-budget", type=float, help="seconds of in-process runs per query and engine (default 5; --quick 1)"
    )
    parser.add_argument(
        "--http-query-budget",
        type=float,
        help="seconds per catalogue query sent one at a time over HTTP, per server (default 5; --quick 1)",
    )
    parser.add_argument(
        "--process-start-s", type=float, default=5, help="seconds for the server's query processes to start (5)"
    )
    args = parser.parse_args(argv)
    args.sizes = args.sizes or ("2k,20k" if args.quick else "2k,100k,1m")
    # a smoke run is no result: it stays out of the documentation
    args.results = args.results or (args.work_dir / "results" if args.quick else report.RESULTS)
    args.runs = args.runs or (2 if args.quick else 3)
    args.seconds = args.seconds or (1 if args.quick else 5)
    args.warmup = 1 if args.quick else 2
    args.latency_runs = 20 if args.quick else 50
    args.latency_budget = args.latency_budget or (1 if args.quick else 5)
    args.http_query_budget = args.http_query_budget or (1 if args.quick else 5)
    args.rdflib_budget = 5 if args.quick else 20
    args.rdflib_timeout = 20 if args.quick else 60
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for why in (wrk.available(),):
        if why:
            print(why, file=sys.stderr)
            return 2
    started = datetime.now(UTC)
    results: dict[str, Any] = {
        "started": f"{started:%Y-%m-%dT%H:%M:%SZ}",
        "command": shlex.join(["python", "-m", "bench.run", *(sys.argv[1:] if argv is None else argv)]),
        "machine": machine(),
        "options": {
            "sizes": args.sizes,
            "seed": args.seed,
            "runs": args.runs,
            "seconds": args.seconds,
            "connections": wrk.CONNECTIONS,
            "threads": wrk.THREADS,
            "virtuoso": not args.no_virtuoso,
            "rdflib": not args.no_rdflib,
            "rdflib_max": args.rdflib_max,
        },
        "sizes": {},
    }
    runner = Runner(args)
    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"{started:%Y%m%dT%H%M%SZ}"
    for label in args.sizes.split(","):
        results["sizes"][label] = runner.size(label.strip())
        stem.with_suffix(".json").write_text(json.dumps(results, indent=1))  # both kept after each size
        text = report.markdown(results)
        stem.with_suffix(".md").write_text(text)
    print(text)
    say(f"wrote {stem}.md and {stem}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
