"""The build: source texts + annotations + registry + ontology → checked quads → a new current store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from loaders.claims import ANNOTATIONS_DIR, Claim, ClaimCompiler, annotation_files
from loaders.coverage import UnclaimedPassage, compile_unclaimed
from loaders.documents import document_quads, metadata_claims
from loaders.errors import BuildError, LoadError
from loaders.inference import InconsistencyReport, ReasoningFailed, infer
from loaders.registry import ENTITIES_FILE, Registry
from loaders.releases import RELEASES_FILE, Releases
from loaders.sources import METADATA_FILE, SEEDS_DIR, load_sources
from loaders.store import write_store
from loaders.validation import GraphProblem, Origins, validate
from ontology import Vocabulary, ontology_quads

Progress = Callable[[str], None]


@dataclass
class BuildInputs:
    """Where a build reads from; the defaults are the repository's own folders."""

    seeds_dir: Path = SEEDS_DIR
    annotations_dir: Path = ANNOTATIONS_DIR
    entities_file: Path = ENTITIES_FILE
    releases_file: Path = RELEASES_FILE


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
    version: str | None = None  # the dataset's release (loaders/releases.yaml)


def assemble(
    inputs: BuildInputs | None = None, progress: Progress = lambda _: None, reason: bool = True
) -> BuildResult:
    """Read and check every input; return the quads (named graphs only) or raise BuildError with all problems.

    `quads` are the asserted graphs; `inferred_quads` the reasoner's graph, which `build` writes beside them.

    Checks, in order: each input file (claims against their texts, the registry and the ontology); then the
    assembled graph against the SHACL shapes of ontology/shapes.ttl; then, unless `reason` is false, its
    consistency under the OWL reasoner, whose inferences are added as the graph …/graph/inferred.
    """
    inputs = inputs or BuildInputs()
    vocabulary = Vocabulary.load()
    errors: list[LoadError] = []
    try:
        registry = Registry.load(vocabulary, inputs.entities_file)
        sources = {source.id: source for source in load_sources(inputs.seeds_dir)}
        releases = Releases.load(inputs.releases_file)
    except LoadError as error:
        raise BuildError([error]) from error

    errors += registry.unstated_years([source.text for source in sources.values()])
    compiler = ClaimCompiler(vocabulary, registry)
    quads: list[Quad] = ontology_quads() + registry.quads()
    claims: list[Claim] = []
    for source in sources.values():
        quads += document_quads(source)
        found, problems = compiler.compile_items(metadata_claims(source), source, inputs.seeds_dir / METADATA_FILE)
        claims += found
        errors += problems

    files = annotation_files(inputs.annotations_dir)
    for number, path in enumerate(files, start=1):
        try:
            found, problems = compiler.compile_file(path, sources)
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
            found, problems = compile_unclaimed(path, sources, vocabulary, claims)
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
    origins = Origins(claims, sources.values(), inputs.entities_file, inputs.seeds_dir)
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

    per_document: dict[str, int] = {source_id: 0 for source_id in sources}
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
    data_dir: Path, inputs: BuildInputs | None = None, progress: Progress = lambda _: None, reason: bool = True
) -> BuildResult:
    """Assemble, check, and write a new store; the current store changes only if every step succeeded."""
    result = assemble(inputs, progress, reason=reason)
    quads = result.quads + result.inferred_quads
    progress(f"writing {len(quads)} quads (plus their union in the default graph)")
    result.store_path = write_store(quads, data_dir)  # the store derives the union default graph itself
    return result
