"""The `alliance-kg` command, the front door of the package: each sub-command hands over to its room.

build → loaders (and store), serve → server, query → queries, stats, link, add, propose and review → curation. Every command reads the
sources folder (`--sources`, ALLIANCE_KG_SOURCES) and the data folder (`--data-dir`, ALLIANCE_KG_DATA) from here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from alliance_kg import settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except BrokenPipeError:  # `alliance-kg query … | head`: the reader left; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _parser() -> argparse.ArgumentParser:
    environment = settings.read_environment()
    parser = argparse.ArgumentParser(
        prog="alliance-kg",
        description="A knowledge graph of the U.S.-Japan alliance, built from source texts with their evidence.",
        epilog="Typical use: `alliance-kg build`, then `alliance-kg serve` or `alliance-kg query article_v_domains`.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=settings.data_dir(),
        help="where built stores live (default: %(default)s; or set ALLIANCE_KG_DATA)",
    )
    parser.add_argument(
        "--sources",
        type=Path,
        default=settings.sources_dir(),
        help="the sources folder: texts, metadata.yaml, annotations/, entities.yaml and the reviewed links; the "
        "build reads only there and curation commands write there (default: %(default)s; or set "
        "ALLIANCE_KG_SOURCES)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the graph from the sources folder (texts, annotations, registry) into a new store",
        description="Check every claim against its source text, the entity registry and the ontology, then write "
        "a new store and switch to it atomically. On any error nothing changes, and every error is listed "
        "with its file and line. The assembled graph is then validated against ontology/shapes.ttl (SHACL) and "
        "checked for consistency by the OWL reasoner HermiT, whose inferences go into the graph "
        "https://w3id.org/alliance-kg/graph/inferred.",
    )
    build.add_argument(
        "--no-reason",
        dest="reason",
        action="store_false",
        help="skip the OWL reasoner (no Java needed, a few seconds faster; the store then has no inferred graph "
        "and an inconsistency goes unnoticed)",
    )
    _backend_options(build)
    build.set_defaults(handler=_build)

    stats = commands.add_parser(
        "stats",
        help="how every sentence of the texts is accounted for: by a claim, or listed as unclaimed with why",
        description="Per document of the current store: sentences, sentences with a claim, sentences listed "
        "under `unclaimed:` in the annotation files (by reason), the share accounted for, claims, distinct "
        "entities referenced; then every sentence that is neither claimed nor listed (the gaps), with its "
        "character offsets and the registered entities it names.",
    )
    stats.add_argument("--format", choices=["table", "json"], default="table", help="output (default: %(default)s)")
    stats.add_argument("--document", metavar="NNN", help="only this document (e.g. 000)")
    stats.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 if a sentence is neither claimed nor listed, or is listed as not-reviewed",
    )
    stats.set_defaults(handler=_stats)

    serve = commands.add_parser(
        "serve",
        help="serve the SPARQL endpoint: nginx in front of gunicorn (builds first if nothing is built)",
        description="Run the SPARQL 1.1 endpoint at http://HOST:PORT/sparql on the current store: nginx listens "
        "there and reads each request whole, within deadlines, before one of gunicorn's workers takes it (so that "
        "slow clients cannot hold the workers); gunicorn listens on a private unix socket. Both are watched, and "
        "stopped together. SIGHUP moves the workers onto a new build.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help="interface to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: %(default)s)")
    serve.add_argument(
        "--threads",
        type=int,
        help="threads per worker (default: QUERY_PROCESSES + QUEUE_LENGTH, and 4 more for /healthz and cached answers)",
    )
    serve.add_argument(
        "--front",
        choices=["nginx", "none"],
        default=environment.get("FRONT") or "nginx",
        help="nginx (default; or set ALLIANCE_KG_FRONT), or none: gunicorn alone on HOST:PORT, only ever behind a "
        "buffering reverse proxy of your own, which must set X-Forwarded-For (see TRUSTED_PROXIES)",
    )
    _backend_options(serve)
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
    query.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a value for a parameter of a catalogue query (repeatable), e.g. --param day=2020-01-01",
    )
    query.set_defaults(handler=_query)

    add = commands.add_parser(
        "add",
        help="add a source document (plain text, or a web page saved as HTML) to the sources folder",
        description="Store FILE as the next NNN_<hash>.txt of the sources folder (<hash>: the first 16 hex digits of "
        "the SHA-256 of the stored bytes) with its metadata.yaml entry: title, authors, publisher and date as far as "
        "the text states them, each with its quote; the date 'stated' (with its quote) or 'inferred' (with its "
        "evidence); its address and rights. A web page's main text and metadata are read with trafilatura and "
        "htmldate. An empty, binary or duplicate file, or one that is not UTF-8 and names no encoding, is refused "
        "and nothing is written.",
        epilog="Then: `alliance-kg propose NNN` and `alliance-kg review NNN` (or `propose --accept FILE`).",
    )
    add.add_argument("file", type=Path, metavar="FILE", help="a .txt file (UTF-8) or a saved web page (.html)")
    add.add_argument("--title", help="the title, as the text writes it (default: the page's own, for HTML)")
    add.add_argument("--author", action="append", metavar="NAME", help="an author, as the text names them (repeatable)")
    add.add_argument(
        "--date",
        help="the publication date, ISO (YYYY-MM-DD, YYYY-MM, or a span START/END) when the text's opening lines do "
        "not state it (default: the date the text states, or for HTML the one its markup gives)",
    )
    add.add_argument("--publisher", help="the publisher or site, as the text names it")
    add.add_argument("--url", help="where the document was published (default: the page's canonical address)")
    add.add_argument(
        "--redistribute",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="whether its licence lets the full text be redistributed (default: no: the graph, pages and dumps "
        "then hold only the quotes of its claims and their offsets)",
    )
    add.add_argument("--license", metavar="URL", help="the address of its licence (e.g. a Creative Commons licence)")
    add.add_argument("--rights", metavar="TEXT", help="its terms of use, in words")
    add.add_argument("--genre", help="e.g. news, commentary, analysis")
    add.add_argument(
        "--encoding", help="the file's encoding when it is not UTF-8 (e.g. cp1252); the text is stored as UTF-8"
    )
    add.set_defaults(handler=_add)

    propose = commands.add_parser(
        "propose",
        help="propose claims for a document into a draft to review (or --accept a reviewed draft, or --evaluate)",
        description="Read document NNN of the sources folder and write a draft annotation file, "
        "proposals/NNN.yaml (which the build does not read): proposed claims in the annotation format, each with "
        "its verbatim quote and offsets, the rule and words that produced it, a confidence and a review field; "
        "proposed new entities with the existing ones they may be; every other sentence under `unclaimed:` with "
        "why. Rules, not a model: nothing is downloaded. Review in the browser (`alliance-kg review NNN`) or edit "
        "the draft, then `--accept` it.",
        epilog="Measure the proposals with --evaluate: leave-one-document-out over the sources folder's annotated "
        "texts, and on each --gold DIR (texts, metadata.yaml, gold/NNN.yaml). After changing the rules, "
        "recalibrate their confidences: `alliance-kg propose --calibrate --no-seeds --gold evaluation/dev "
        "--gold evaluation/dev2 --gold evaluation/dev3 --gold evaluation/dev4 --gold evaluation/dev5 "
        "--gold evaluation/dev6 --gold evaluation/dev7 --gold evaluation/dev8 --gold evaluation/dev9 "
        "--gold evaluation/dev10 --gold evaluation/dev11`.",
    )
    propose.add_argument("document", nargs="?", metavar="NNN", help="the document to propose claims for")
    propose.add_argument(
        "--output", type=Path, help="draft file to write (default: proposals/NNN.yaml of the sources folder)"
    )
    propose.add_argument("--force", action="store_true", help="overwrite a draft that holds reviewed items")
    propose.add_argument(
        "--accept",
        type=Path,
        metavar="FILE",
        help="move what FILE (a reviewed draft) marks accept into the annotation file and the registry",
    )
    propose.add_argument(
        "--curator",
        help="who accepts (recorded with each claim as prov:wasAttributedTo; default: ALLIANCE_KG_CURATOR)",
    )
    propose.add_argument("--evaluate", action="store_true", help="score the proposals against gold annotations")
    propose.add_argument(
        "--gold", type=Path, action="append", metavar="DIR", help="a gold folder to evaluate on (repeatable)"
    )
    propose.add_argument(
        "--calibrate",
        action="store_true",
        help="measure how often each rule's proposals are right on the --gold folders (and the seeds, unless "
        "--no-seeds) and write it to the calibration table, from which proposals take their confidence",
    )
    propose.add_argument(
        "--calibration",
        type=Path,
        metavar="FILE",
        help="where --calibrate writes the table (default: the proposer's own, curation/propose/calibration.yaml)",
    )
    propose.add_argument("--no-seeds", action="store_true", help="evaluate or calibrate on --gold folders only")
    propose.add_argument(
        "--mistakes",
        action="store_true",
        help="with --evaluate: list each text's wrong proposals and missed gold claims in the report (reading them "
        "makes a set development data: not for a held-out set)",
    )
    propose.add_argument(
        "--results",
        type=Path,
        default=Path("docs/curation/results"),
        help="where --evaluate writes its dated report, Markdown and JSON (default: %(default)s)",
    )
    propose.set_defaults(handler=_propose)

    review = commands.add_parser(
        "review",
        help="review a document's proposals in the browser (a local page on 127.0.0.1)",
        description="Serve a review page for document NNN on 127.0.0.1 only: the text with every proposal "
        "highlighted; accept, edit or reject each claim, accept, link or reject each proposed entity; Save moves "
        "what is accepted into the annotation file and the registry (as `propose --accept` does). Proposes first "
        "when there is no draft yet.",
    )
    review.add_argument("document", metavar="NNN", help="the document to review")
    review.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    review.add_argument("--curator", help="who reviews (default: ALLIANCE_KG_CURATOR)")
    review.add_argument("--no-browser", action="store_true", help="print the address instead of opening a browser")
    review.set_defaults(handler=_review)

    link = commands.add_parser(
        "link",
        help="propose Wikidata links for unlinked entities into a review file (or --accept a reviewed file)",
        description="Look up every unlinked State, Organisation, Person, Place, Agreement and Event of the registry "
        "on a Wikidata SPARQL endpoint (label and alias, exact and case-insensitive; type checked; ranked) and write "
        "the candidates to a review file. Nothing is linked until a person accepts a row: mark it `yes` and run "
        "`alliance-kg link --accept FILE`.",
    )
    link.add_argument(
        "--endpoint",
        default=environment.get("WIKIDATA_ENDPOINT") or WIKIDATA_ENDPOINT,
        help="Wikidata SPARQL endpoint (default: %(default)s; or set ALLIANCE_KG_WIKIDATA_ENDPOINT)",
    )
    link.add_argument(
        "--output", type=Path, default=Path("link-proposals.tsv"), help="review file to write (default: %(default)s)"
    )
    link.add_argument(
        "--accept",
        type=Path,
        metavar="FILE",
        help="copy the rows marked `yes` in FILE into the reviewed mapping and entities.yaml of the sources folder",
    )
    link.add_argument("--only", action="append", metavar="ID", help="look up only this entity id (repeatable)")
    link.add_argument("--candidates", type=int, default=5, help="candidates kept per entity (default: %(default)s)")
    link.add_argument("--timeout", type=int, default=60, help="seconds per query (default: %(default)s)")
    link.set_defaults(handler=_link)
    return parser


def _backend_options(command: argparse.ArgumentParser) -> None:
    """--backend and the endpoint's URLs (docs/remote-backend.md); credentials only from the environment."""
    group = command.add_argument_group(
        "store backend",
        "the graph in the embedded store (default) or in any SPARQL 1.1 store with Update; each option defaults to "
        "its environment variable; credentials: ALLIANCE_KG_SPARQL_USER and ALLIANCE_KG_SPARQL_PASSWORD",
    )
    group.add_argument(
        "--backend",
        choices=["embedded", "sparql"],
        help="where the graph lives (ALLIANCE_KG_BACKEND; default embedded)",
    )
    group.add_argument("--query-url", help="the store's SPARQL query endpoint (ALLIANCE_KG_SPARQL_QUERY_URL)")
    group.add_argument("--update-url", help="its SPARQL Update endpoint, for build (ALLIANCE_KG_SPARQL_UPDATE_URL)")
    group.add_argument("--graph-store-url", help="its Graph Store endpoint (ALLIANCE_KG_SPARQL_GRAPH_STORE_URL)")


def _backend_config(args: argparse.Namespace) -> dict:
    config = settings.read_environment()
    for key, option in (
        ("BACKEND", "backend"),
        ("SPARQL_QUERY_URL", "query_url"),
        ("SPARQL_UPDATE_URL", "update_url"),
        ("SPARQL_GRAPH_STORE_URL", "graph_store_url"),
    ):
        if getattr(args, option, None):
            config[key] = getattr(args, option)
    return config


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from alliance_kg.loaders.build import build
    from alliance_kg.loaders.errors import BuildError
    from alliance_kg.loaders.sources import SourcesFolder

    backend = _backend_config(args)
    if backend.get("BACKEND") == "sparql":
        return _build_remote(args, backend)
    _say(f"building the graph into {args.data_dir}")
    try:
        result = build(args.data_dir, SourcesFolder(args.sources), progress=_say, reason=getattr(args, "reason", True))
    except BuildError as error:
        _say(str(error))
        _say("fix the files named above and run `alliance-kg build` again")
        return 1
    inferred = f"; {result.inferred} inferred triples ({result.reasoner})" if result.reasoner else "; not reasoned"
    _say(
        f"built {len(result.claims)} claims from {len(result.claims_per_document)} documents{inferred} "
        f"→ {result.store_path}"
    )
    return 0


def _build_remote(args: argparse.Namespace, backend: dict) -> int:
    from alliance_kg.loaders.build import build_remote
    from alliance_kg.loaders.errors import BuildError
    from alliance_kg.loaders.sources import SourcesFolder
    from alliance_kg.store.errors import BackendUnavailable
    from alliance_kg.store.remote import Endpoint
    from alliance_kg.store.remote_load import RemoteLoadError

    try:
        endpoint = Endpoint.from_config(backend)
        _say(f"building the graph into the SPARQL store {endpoint.query_url}")
        result, load = build_remote(
            endpoint, SourcesFolder(args.sources), progress=_say, reason=getattr(args, "reason", True)
        )
    except BuildError as error:
        _say(str(error))
        _say("fix the files named above and run `alliance-kg build` again")
        return 1
    except (ValueError, BackendUnavailable, RemoteLoadError) as error:
        _say(f"alliance-kg build: {error}")
        return 1
    _say(
        f"built {len(result.claims)} claims → build {load.build_id} in {len(load.graphs)} graphs "
        f"(loaded in {load.load_seconds:.1f} s, switched in {load.switch_seconds:.2f} s)"
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    from alliance_kg.curation.stats import StatsError, print_stats

    try:
        return print_stats(args.data_dir, fmt=args.format, document=args.document, strict=args.strict)
    except StatsError as error:
        _say(f"alliance-kg stats: {error}")
        return 2


def _serve(args: argparse.Namespace) -> int:
    from alliance_kg.store.local import current_store_path

    backend = _backend_config(args)
    if backend.get("BACKEND") != "sparql" and current_store_path(args.data_dir) is None:
        _say("no graph built yet: building it first")
        if _build(args) != 0:
            return 1
    from alliance_kg.server.wsgi import run_gunicorn, serve

    config = backend  # ALLIANCE_KG_* (e.g. UPDATE_TOKEN: SPARQL Update, one worker), then --backend/--query-url
    front = "" if args.front == "nginx" else ", gunicorn alone: keep it behind a buffering proxy"
    _say(f"serving http://{args.host}:{args.port}/sparql{front} (Ctrl-C stops)")
    if args.front == "none":
        run_gunicorn(args.data_dir, args.host, args.port, workers=args.workers, threads=args.threads, config=config)
        return 0
    try:
        return serve(args.data_dir, args.host, args.port, workers=args.workers, threads=args.threads, config=config)
    except FileNotFoundError as error:  # no nginx
        _say(f"alliance-kg serve: {error}")
        return 1


def _query(args: argparse.Namespace) -> int:
    from alliance_kg.queries.catalogue import CatalogueError
    from alliance_kg.queries.run import QueryInputError, print_answer

    try:
        return print_answer(args)
    except (QueryInputError, CatalogueError) as error:
        _say(f"alliance-kg query: {error}")
        return 2


def _add(args: argparse.Namespace) -> int:
    from alliance_kg.curation.add import run_add_command

    return run_add_command(args, _say)


def _propose(args: argparse.Namespace) -> int:
    from alliance_kg.curation.propose_command import run_propose_command

    return run_propose_command(args, _say)


def _review(args: argparse.Namespace) -> int:
    from alliance_kg.curation.review import run_review_command

    return run_review_command(args, _say)


def _link(args: argparse.Namespace) -> int:
    from alliance_kg.curation.links import run_link_command

    return run_link_command(args, _say)


if __name__ == "__main__":
    sys.exit(main())
