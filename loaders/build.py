"""The build: source texts + annotations + registry + ontology → checked quads → a new current store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alliance_kg.loaders.claims import Claim, ClaimCompiler
from alliance_kg.loaders.coverage import UnclaimedPassage, compile_unclaimed
from alliance_kg.loaders.documents import document_quads, metadata_claims
from alliance_kg.loaders.errors import BuildError, LoadError
from alliance_kg.loaders.inference import InconsistencyReport, ReasoningFailed, infer
from alliance_kg.loaders.registry import Registry
from alliance_kg.loaders.releases import Releases
from alliance_kg.loaders.sources import SourcesFolder, load_sources
from alliance_kg.loaders.validation import GraphProblem, Origins, validate
from alliance_kg.ontology import Vocabulary, ontology_quads
from alliance_kg.store.local import write_store
from alliance_kg.store.remote import Endpoint
from alliance_kg.store.remote_load import RemoteLoad, load_remote
from pyoxigraph import Quad

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    quads: list[Quad]
    claims: list[Claim] = field(default_factory=list)
    unclaimed: list[UnclaimedPassage] = field(default_factory=list)
    claims_per_document: dict[str, int] = field(default_factory=dict)
    store_path: Path | None = None
    inferred_quads: list[Quad] = field(default_factory=list)  # the graph …/graph/inferred (empty without reasoning)
    inferred: int = 0  # how many triples that graph holds
    reasoner: str | None = None  # which reasoner made them, None when built without reasoning
    version: str | None = None  # the dataset's release (releases.yaml of the sources folder)


def assemble(
    sources: SourcesFolder | None = None, progress: Progress = lambda _: None, reason: bool = True
) -> BuildResult:
    """Read and check every input; return the quads (named graphs only) or raise BuildError with all problems.

    `quads` are the asserted graphs; `inferred_quads` the reasoner's graph, which `build` writes beside them.

    Checks, in order: each input file (claims against their texts, the registry and the ontology); then the
    assembled graph against the SHACL shapes of ontology/shapes.ttl; then, unless `reason` is false, its
    consistency under the OWL reasoner, whose inferences are added as the graph …/graph/inferred.
    """
    folder = sources or SourcesFolder.default()
    vocabulary = Vocabulary.load()
    errors: list[LoadError] = []
    try:
        registry = Registry.load(vocabulary, folder)
        texts = {source.id: source for source in load_sources(folder)}
        releases = Releases.load(folder.releases)
    except LoadError as error:
        raise BuildError([error]) from error

    errors += registry.unstated_years([source.text for source in texts.values()])
    compiler = ClaimCompiler(vocabulary, registry)
    quads: list[Quad] = ontology_quads() + registry.quads()
    claims: list[Claim] = []
    for source in texts.values():
        quads += document_quads(source)
        found, problems = compiler.compile_items(metadata_claims(source), source, folder.metadata)
        claims += found
        errors += problems

    files = folder.annotation_files()
    for number, path in enumerate(files, start=1):
        try:
            found, problems = compiler.compile_file(path, texts)
        except LoadError as error:
            found, problems = [], [error]
        claims += found
        errors += problems
        progress(
            f"[{number}/{len(files)}] {path.name}: {len(found)} claims"
            + (f", {len(problems)} errors" if problems else "")
        )
    unclaimed: list[UnclaimedPassage] = []
    for path in files:  # after every file's claims: a sentence listed in one file may be claimed in another
        try:
            found, problems = compile_unclaimed(path, texts, vocabulary, claims)
        except LoadError:
            continue  # the file could not be read: its claims' compiler has reported why
        unclaimed += found
        errors += problems
    if errors:
        raise BuildError(errors)

    for claim in claims:
        quads += claim.quads()
    for passage in unclaimed:
        quads += passage.quads()
    quads += releases.quads()
    retirement_problems = releases.check(quads)
    if retirement_problems:
        raise BuildError(retirement_problems)
    origins = Origins(claims, texts.values(), folder)
    progress("validating the graph against ontology/shapes.ttl (SHACL)")
    graph_problems: list[LoadError] = list(validate(quads, origins))
    inferred, reasoner = [], None
    if reason:
        progress("reasoning with HermiT (OWL 2): consistency and inferences")
        try:
            inference = infer(quads, origins)
            inferred, reasoner = inference.quads, inference.reasoner
        except InconsistencyReport as report:
            graph_problems += report.problems
        except ReasoningFailed as error:
            graph_problems.append(GraphProblem(None, None, str(error)))
    if graph_problems:
        raise BuildError(graph_problems)

    per_document: dict[str, int] = {source_id: 0 for source_id in texts}
    for claim in claims:
        per_document[claim.source.id] += 1
    return BuildResult(
        quads=quads,
        claims=claims,
        unclaimed=unclaimed,
        claims_per_document=per_document,
        inferred_quads=inferred,
        inferred=len(inferred),
        reasoner=reasoner,
        version=releases.current,
    )


def build(
    data_dir: Path, sources: SourcesFolder | None = None, progress: Progress = lambda _: None, reason: bool = True
) -> BuildResult:
    """Assemble, check, and write a new store; the current store changes only if every step succeeded."""
    result = assemble(sources, progress, reason=reason)
    quads = result.quads + result.inferred_quads
    progress(f"writing {len(quads)} quads (plus their union in the default graph)")
    result.store_path = write_store(quads, data_dir)  # the store derives the union default graph itself
    return result


def build_remote(
    endpoint: Endpoint, sources: SourcesFolder | None = None, progress: Progress = print, reason: bool = True
) -> tuple[BuildResult, RemoteLoad]:
    """`alliance-kg build --backend sparql`: assemble and check as `build` does, then load into the SPARQL store."""
    result = assemble(sources, progress, reason=reason)
    load = load_remote(endpoint, result.quads + result.inferred_quads, progress=progress)
    return result, load
