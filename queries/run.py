"""Runs a query of the catalogue (or any SPARQL) on the local store or an endpoint, and prints its answer."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from alliance_kg.queries.catalogue import QUERIES_DIR, load_catalogue
from alliance_kg.queries.table import render_table, term_text
from alliance_kg.store.sparql_text import substitute
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, Store


class QueryInputError(ValueError):
    """The query could not be found, parsed or run; the message says what to do."""


def query_text(reference: str) -> str:
    """Catalogue name, path of a .rq file, or the SPARQL itself."""
    catalogue = load_catalogue()
    if reference in catalogue:
        return catalogue[reference].text
    path = Path(reference)
    if reference.endswith(".rq"):
        if not path.is_file():
            raise QueryInputError(f"no such file: {reference}")
        return path.read_text(encoding="utf-8")
    if any(word in reference.upper() for word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        return reference
    names = ", ".join(catalogue) or "(none)"
    raise QueryInputError(f"{reference!r} is not a catalogue query ({names}), a .rq file, or SPARQL text")


def run_local(store: Store, text: str, substitutions: dict | None = None):
    try:
        return store.query(text, substitutions=substitutions or None)
    except SyntaxError as error:
        raise QueryInputError(f"the query does not parse: {error}") from error
    except OSError as error:
        raise QueryInputError(f"the query failed: {error}") from error


def _bindings(reference: str, pairs: list[str]) -> dict:
    """`--param name=value` pairs bound to the catalogue query's grlc-style parameters."""
    from alliance_kg.queries.parameters import ParameterError, substitutions

    catalogue = load_catalogue()
    if reference not in catalogue:
        if pairs:
            raise QueryInputError("--param works with catalogue queries only (their parameters are declared)")
        return {}
    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            raise QueryInputError(f"--param {pair!r}: write it as name=value")
        values[name.strip()] = value.strip()
    try:
        return substitutions(catalogue[reference], values)
    except ParameterError as error:
        raise QueryInputError(str(error)) from error


def print_answer(args: argparse.Namespace) -> int:
    if args.list:
        catalogue = load_catalogue()
        rows = [(q.name, q.title) for q in catalogue.values()]
        print(render_table(["name", "question"], rows))
        print(f"files in {QUERIES_DIR}", file=sys.stderr)
        return 0
    if not args.query:
        raise QueryInputError("name a query (see `alliance-kg query --list`), a .rq file, or SPARQL text")
    text = query_text(args.query)
    bindings = _bindings(args.query, getattr(args, "param", None) or [])
    if args.endpoint:
        try:
            text = substitute(text, bindings)  # the endpoint takes no substitutions over HTTP: they go in the text
        except SyntaxError as error:
            raise QueryInputError(str(error)) from error
        return _print_remote(args.endpoint, text, args.format)
    from alliance_kg.store.local import open_current_store

    try:
        store = open_current_store(args.data_dir)
    except FileNotFoundError as error:
        raise QueryInputError(str(error)) from error
    result = run_local(store, text, bindings)
    out = sys.stdout
    if isinstance(result, QueryBoolean):
        print(json.dumps({"boolean": bool(result)}) if args.format == "json" else ("yes" if result else "no"))
    elif isinstance(result, QuerySolutions):
        if args.format == "table":
            header = [v.value for v in result.variables]
            table = [[term_text(solution[v]) for v in result.variables] for solution in result]
            print(render_table(header, table))
        else:
            fmt = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON}
            out.write(_serialized(result, fmt[args.format]))
    else:
        out.write(_serialized(result, RdfFormat.TURTLE))
    return 0


def _serialized(result: QuerySolutions | QueryTriples, format: QueryResultsFormat | RdfFormat) -> str:
    buffer = io.BytesIO()
    result.serialize(buffer, format=format)  # type: ignore[arg-type]  # each answer kind gets its own kind of format
    return buffer.getvalue().decode("utf-8")


def _print_remote(endpoint: str, text: str, output: str) -> int:
    from SPARQLWrapper import CSV, JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    client.setReturnFormat(CSV if output in ("csv", "table") else JSON)
    try:
        response = client.query().convert()
    except (SPARQLWrapperException, OSError) as error:
        raise QueryInputError(f"{endpoint} answered with an error: {error}") from error
    if output == "json":
        print(json.dumps(response, indent=2))
        return 0
    if not isinstance(response, bytes):
        raise QueryInputError(f"{endpoint} did not answer in CSV; is it a SPARQL endpoint?")
    rows = list(csv.reader(response.decode("utf-8").splitlines()))
    if output == "csv":
        csv.writer(sys.stdout).writerows(rows)
    else:
        print(render_table(rows[0], rows[1:]) if rows else "(no answer)")
    return 0
