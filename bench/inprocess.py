"""In-process latency of the catalogue's queries on one store: pyoxigraph `Store.query`, median of N runs.

    python -m bench.inprocess STORE                        every catalogue query, with its example parameters
    python -m bench.inprocess STORE --against DIR          each query beside its other form in DIR (same file
                                                           name), interleaved run by run, answers compared
    python -m bench.inprocess STORE --only article_v_domains,domains_covered_on --runs 50 --json out.json

A run is evaluation plus serialisation to SPARQL JSON, the work a query process does for a request; parameterised
queries are bound (SEP-0007 substitutions, as the server binds them) to the values of EXAMPLES. With --against,
the two forms run alternately, so a busy machine slows both alike, and their answers must be the same rows (a
difference is reported and makes the exit status 1). Federated queries (SERVICE) are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from alliance_kg.ontology import ID
from alliance_kg.queries.catalogue import Query, load_catalogue
from alliance_kg.queries.parameters import substitutions
from pyoxigraph import QueryResultsFormat, Store

from bench.stats import summarize

# One value per parameter: the catalogue's own examples (tests/expected/), answered at every size of the corpus.
EXAMPLES: dict[str, dict[str, str]] = {
    "domains_covered_on": {"day": "2020-01-01"},
    "evidence_for_entity": {"entity": f"{ID}us-japan-security-treaty/art_5"},
    "events_between": {"from": "2023-01-01", "to": "2023-01-31"},
}


def _runner(store: Store, query: Query):
    bound = substitutions(query, EXAMPLES.get(query.name, {}))

    def run() -> bytes:
        return store.query(query.text, substitutions=bound).serialize(format=QueryResultsFormat.JSON)  # type: ignore[union-attr]

    return run


def _rows(body: bytes) -> Counter[str]:
    """The answer as a bag of rows (order left aside: ORDER BY ties may come in either order)."""
    return Counter(json.dumps(row, sort_keys=True) for row in json.loads(body)["results"]["bindings"])


def measure(store: Store, forms: dict[str, Query], runs: int, budget_s: float) -> dict[str, Any]:
    """Each form once to warm up, then the forms in turn, `runs` rounds or until `budget_s` (at least 3 rounds)."""
    runners = {label: _runner(store, query) for label, query in forms.items()}
    answers = {label: run() for label, run in runners.items()}
    times: dict[str, list[float]] = {label: [] for label in forms}
    began = time.perf_counter()
    for round_number in range(runs):
        for label, run in runners.items():
            t0 = time.perf_counter()
            run()
            times[label].append((time.perf_counter() - t0) * 1000)
        if round_number >= 2 and time.perf_counter() - began > budget_s:
            break
    out: dict[str, Any] = {
        label: {**summarize(times[label]), "rows": sum(_rows(answers[label]).values())} for label in forms
    }
    if len(answers) == 2:
        first, second = (_rows(body) for body in answers.values())
        out["same_answer"] = first == second
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a store directory (e.g. var/stores/<id>, or a bench build's)")
    parser.add_argument("--against", type=Path, help="a folder of other forms of the queries, by file name")
    parser.add_argument("--only", help="comma-separated query names (default: every catalogue query)")
    parser.add_argument("--runs", type=int, default=20, help="rounds (default 20)")
    parser.add_argument("--budget", type=float, default=20, help="seconds per query before stopping (default 20)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    store = Store.read_only(str(args.store))
    catalogue = {name: q for name, q in load_catalogue().items() if "federated" not in q.tags}
    others = load_catalogue(args.against) if args.against else {}
    names = args.only.split(",") if args.only else sorted(catalogue)
    results, differ = {}, False
    print(f"{'query':40} {'rows':>7} {'median ms':>10}" + (f" {'other':>10} {'same':>5}" if others else ""))
    for name in names:
        forms = {"catalogue": catalogue[name]}
        if name in others:
            forms["other"] = others[name]
        result = measure(store, forms, args.runs, args.budget)
        results[name] = result
        line = f"{name:40} {result['catalogue']['rows']:>7} {result['catalogue']['median_ms']:>10.2f}"
        if "other" in result:
            line += f" {result['other']['median_ms']:>10.2f} {'yes' if result['same_answer'] else 'NO':>5}"
            differ |= not result["same_answer"]
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps({"store": str(args.store), "store_quads": len(store), "queries": results}))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
