"""The `alliance-kg` command: build the graph, serve it, and ask it questions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    from loaders.store import default_data_dir

    parser = argparse.ArgumentParser(
        prog="alliance-kg",
        description="A knowledge graph of the U.S.-Japan alliance, built from source texts with their evidence.",
        epilog="Typical use: `alliance-kg build`, then `alliance-kg serve` or `alliance-kg query article_v_domains`.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default_data_dir(),
        help="where built stores live (default: %(default)s; or set ALLIANCE_KG_DATA)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the graph from seeds/ and the annotations into a new store",
        description="Check every claim against its source text, the entity registry and the ontology, then write "
        "a new store and switch to it atomically. On any error nothing changes, and every error is listed "
        "with its file and line.",
    )
    build.set_defaults(handler=_build)

    serve = commands.add_parser(
        "serve",
        help="serve the SPARQL endpoint with gunicorn (builds first if nothing is built)",
        description="Run the SPARQL 1.1 endpoint at http://HOST:PORT/sparql on the current store.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help="interface to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: %(default)s)")
    serve.add_argument("--threads", type=int, default=4, help="threads per worker (default: %(default)s)")
    serve.set_defaults(handler=_serve)

    query = commands.add_parser(
        "query",
        help="run a catalogue query (or any SPARQL) and print the answer as a table",
        description="Run a query of the queries/ catalogue by name, a .rq file, or SPARQL text, on the current "
        "store, or on a remote endpoint with --endpoint.",
    )
    query.add_argument("query", nargs="?", help="catalogue name (see --list), path to a .rq file, or SPARQL text")
    query.add_argument("--list", action="store_true", help="list the catalogue's queries and exit")
    query.add_argument(
        "--format", choices=["table", "csv", "tsv", "json"], default="table", help="output (default: %(default)s)"
    )
    query.add_argument("--endpoint", help="query this SPARQL endpoint URL instead of the local store")
    query.set_defaults(handler=_query)
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from loaders.build import build
    from loaders.errors import BuildError

    _say(f"building the graph into {args.data_dir}")
    try:
        result = build(args.data_dir, progress=_say)
    except BuildError as error:
        _say(str(error))
        _say("fix the files named above and run `alliance-kg build` again")
        return 1
    _say(f"built {len(result.claims)} claims from {len(result.claims_per_document)} documents → {result.store_path}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from loaders.store import current_store_path

    if current_store_path(args.data_dir) is None:
        _say("no graph built yet: building it first")
        if _build(args) != 0:
            return 1
    from server.wsgi import run_gunicorn

    _say(f"serving http://{args.host}:{args.port}/sparql (Ctrl-C stops)")
    run_gunicorn(args.data_dir, host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    return 0


def _query(args: argparse.Namespace) -> int:
    from queries.run import QueryInputError, print_answer

    try:
        return print_answer(args)
    except QueryInputError as error:
        _say(f"alliance-kg query: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
