"""A change to the server measured side by side: the server of a git revision (before) and of the working tree
(after), both with the answer cache off, and Oxigraph's own server, on the same store, in interleaved rounds of a
workload that sends a different query each request (or the flagship, repeated).

    python -m bench.ab REV [--workload domains_covered_on|evidence_for_entity|flagship] [--runs 3] [--seconds 5]

Each side runs from a copy of its files laid out as installed (`alliance_kg/server/…`, package data included), so
the editable install of the working tree does not leak into the revision's server. Prints each server's best and
median req/s and CPU per request, and after/before and after/Oxigraph with the spread of the per-round ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

from alliance_kg.queries.catalogue import load_catalogue
from alliance_kg.store.local import current_store_path

from alliance_kg import settings
from bench import compare, servers, workloads, wrk
from bench.run import CLIENT_QUERIES, HTTP_QUERIES

WORK = Path(__file__).resolve().parent / "work" / "ab"


def lay_out(files: Path, tree: Path) -> Path:
    """The package's files under `files` (a checkout) laid out as installed under `tree` (pyproject's package-dir)."""
    package_dirs = tomllib.loads((files / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(tree, ignore_errors=True)
    for package, folder in package_dirs.items():
        target = tree.joinpath(*package.split("."))
        source = files / folder
        if "." in package:
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:  # the root package: its own files only, its rooms come from the other entries
            target.mkdir(parents=True, exist_ok=True)
            for path in source.glob("*.py"):
                shutil.copy2(path, target / path.name)
    return tree


def checkout(revision: str, folder: Path) -> Path:
    """The files of `revision` (git archive) in `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", revision], cwd=servers.REPOSITORY, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to measure the working tree against (e.g. HEAD~1)")
    parser.add_argument(
        "--workload", default="domains_covered_on", help="domains_covered_on, evidence_for_entity or flagship"
    )
    parser.add_argument("--data-dir", type=Path, help="built graph (default: ALLIANCE_KG_DATA or var/)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    data_dir = (args.data_dir or settings.data_dir()).resolve()
    store = current_store_path(data_dir)
    if store is None:
        parser.error(f"no graph has been built in {data_dir}: run `make build` first")
    WORK.mkdir(parents=True, exist_ok=True)
    before = lay_out(checkout(args.revision, WORK / "before-files"), WORK / "before")
    after = lay_out(servers.REPOSITORY, WORK / "after")
    logs = WORK / "logs"
    logs.mkdir(exist_ok=True)
    neutral = WORK / "cwd"  # no alliance_kg/ folder here, so each side imports its own tree
    neutral.mkdir(exist_ok=True)

    def ours(tree: Path, name: str) -> contextlib.AbstractContextManager[servers.Server]:
        env = {
            "ALLIANCE_KG_CLIENT_QUERIES": CLIENT_QUERIES,
            "ALLIANCE_KG_ANSWER_CACHE_BYTES": "0",
            "PYTHONPATH": str(tree),
        }
        command = [sys.executable, "-m", "alliance_kg", "--data-dir", str(data_dir), "serve", "--host", "127.0.0.1"]
        command += ["--port", "{port}", "--workers", "2"]
        return servers.started(name, command, servers.ASK, logs, env=env, cwd=neutral)

    catalogue = load_catalogue()
    with contextlib.ExitStack() as stack:
        running = {
            "before": stack.enter_context(ours(before, "before")),
            "after": stack.enter_context(ours(after, "after")),
            "oxigraph": stack.enter_context(servers.oxigraph(store, logs)),
        }
        time.sleep(5)  # the query processes start in the background
        if args.workload == "flagship":
            text = catalogue[HTTP_QUERIES["flagship"]].text
            urls = {name: wrk.query_url(server.endpoint, text) for name, server in running.items()}
            measured = compare.repeated(urls, args.runs, args.seconds, args.warmup, cpu=running)
        else:
            from pyoxigraph import Store

            opened = Store.read_only(str(store))
            chosen = {
                "domains_covered_on": ("_day_xsd_date", workloads.days()),
                "evidence_for_entity": ("_entity_iri", workloads.entities(opened)),
            }[args.workload]
            del opened
            workload = workloads.Distinct(args.workload, catalogue[args.workload].text, *chosen, args.seed)
            measured = compare.distinct(workload, running, WORK, args.runs, args.seconds, args.warmup)
    print(f"{args.workload}: {args.revision} (before) against the working tree (after), cache off; {args.runs} rounds")
    for name, found in measured.items():
        print(
            f"  {name}: best {found['best_rps']:,.0f} req/s, median {found['median_rps']:,.0f}, "
            f"CPU {found.get('cpu_us_per_request', 0):,.0f} µs per request, errors {found['errors']}"
        )
    for ours_, reference in (("after", "before"), ("after", "oxigraph"), ("before", "oxigraph")):
        found = compare.ratio(measured, ours_, reference)
        if found:
            print(
                f"  {ours_}/{reference}: {found['best']:.2f}× (rounds {found['low']:.2f}–{found['high']:.2f}, "
                f"median {found['median']:.2f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
