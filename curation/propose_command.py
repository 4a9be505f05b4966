"""The `alliance-kg propose` sub-command: draft proposals for a document, accept a reviewed draft, or evaluate."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from alliance_kg.curation import roundtrip
from alliance_kg.curation.propose import ProposalContext, ProposeError, analyse, draft_path, find_source
from alliance_kg.curation.writes import Changes, WriteConflict, locked
from alliance_kg.loaders.errors import LoadError, display_path
from alliance_kg.loaders.sources import SourcesFolder

from alliance_kg import settings

Say = Callable[[str], None]
REVIEWED = {"accept", "reject", "link", "accepted", "rejected", "linked", "yes", "no", "edit", "edited"}


def run_propose_command(args: argparse.Namespace, say: Say) -> int:
    sources = SourcesFolder(args.sources)
    if args.evaluate:
        return _evaluate(args, sources, say)
    if args.calibrate:
        return _calibrate(args, sources, say)
    if args.accept:
        from alliance_kg.curation.accept import run_accept

        curator = args.curator or settings.read_environment().get("CURATOR")
        return run_accept(args.accept, sources, curator, say)
    if not args.document:
        say("alliance-kg propose: give a document (e.g. `alliance-kg propose 005`), or --accept FILE, or --evaluate")
        return 2
    try:
        return propose(sources, args.document, args.output, args.force, say)
    except (ProposeError, WriteConflict) as error:
        say(f"alliance-kg propose: {error}")
        return 1
    except LoadError as error:
        say(f"alliance-kg propose: the sources folder has a problem to fix first: {error}")
        return 1


def propose(sources: SourcesFolder, document: str, output: Path | None, force: bool, say: Say) -> int:
    source = find_source(sources, document)
    path = output or draft_path(sources, source.id)
    if path.exists() and not force:
        reviewed = _reviewed(path)
        if reviewed:
            raise ProposeError(
                f"{display_path(path)} holds {reviewed} reviewed item(s): accept them first "
                f"(`alliance-kg propose --accept {display_path(path)}`), or pass --force to overwrite it"
            )
    say(f"proposing claims for document {source.id} ({source.path.name})")
    context = ProposalContext.from_sources(sources, exclude={source.id})
    for warning in context.warnings:
        say(f"warning: {warning}")
    run = analyse(source, context)
    text = run.draft(display_path(path))
    with locked(sources):
        changes = Changes()
        changes.write(path, text)
        changes.commit()
    analysis = run.analysis
    why = Counter(u["why"] for u in run.unclaimed)
    linked = sorted({c.subject for c in analysis.claims if c.note and c.note.startswith("linked to")})
    say(
        f"wrote {len(analysis.claims)} proposed claims and {len(analysis.entities)} proposed new entities to "
        f"{display_path(path)}"
    )
    if linked:
        say(f"linked to events the graph already has: {', '.join(linked)}")
    say(
        f"{len(analysis.sentences)} sentences: {len(analysis.sentences) - len(run.unclaimed)} with a proposal, "
        + ", ".join(f"{n} {w}" for w, n in why.most_common())
    )
    say(
        f"review it: `alliance-kg review {source.id}` (in the browser) or edit the file, then `alliance-kg propose --accept {display_path(path)}`"
    )
    return 0


def _reviewed(path: Path) -> int:
    try:
        draft = roundtrip.load(path)
    except LoadError:
        return 0
    items = [*(draft.get("claims") or []), *(draft.get("entities") or [])]
    return sum(1 for i in items if str((i.get("proposal") or {}).get("review", "")).lower() in REVIEWED)


def _measured_sets(args: argparse.Namespace, sources: SourcesFolder, say: Say) -> dict | int:
    """The proposals scored on each set `--no-seeds` and `--gold` ask for, or the exit code of a failure."""
    from alliance_kg.curation.evaluate import EvaluationError, gold_folder, leave_one_out

    sets = {}
    try:
        if not args.no_seeds:
            say(f"leave-one-document-out over the annotated texts of {display_path(sources.root)}")
            sets["Seeds, leave-one-document-out"] = leave_one_out(sources)
        for folder in args.gold or []:
            say(f"gold folder {display_path(folder)}")
            sets[f"Gold folder {folder.name}"] = gold_folder(folder, sources)
    except EvaluationError as error:
        say(f"alliance-kg propose: {error}")
        return 1
    if not sets:
        say("alliance-kg propose: nothing to measure on (--no-seeds and no --gold DIR)")
        return 2
    return sets


def _options(args: argparse.Namespace) -> str:
    return "".join(f" --gold {g}" for g in args.gold or []) + (" --no-seeds" if args.no_seeds else "")


def _calibrate(args: argparse.Namespace, sources: SourcesFolder, say: Say) -> int:
    from alliance_kg.curation.evaluate import per_rule
    from alliance_kg.curation.propose.calibration import CALIBRATION_FILE, calibration_yaml
    from alliance_kg.queries.table import render_table

    sets = _measured_sets(args, sources, say)
    if isinstance(sets, int):
        return sets
    table = per_rule([result for results in sets.values() for result in results])
    names = [display_path(g) for g in args.gold or []] + (
        [] if args.no_seeds else [f"{display_path(sources.root)}, leave-one-document-out"]
    )
    path = args.calibration or CALIBRATION_FILE
    changes = Changes()
    changes.write(path, calibration_yaml(table, "alliance-kg propose --calibrate" + _options(args), names))
    changes.commit()
    rows = [(rule, str(m.right), str(m.proposed), f"{m.right / m.proposed:.2f}") for rule, m in table.items()]
    say(render_table(["rule", "right", "proposed", "precision"], rows))
    say(f"wrote {display_path(path)}: each proposal's confidence is now its rule's measured precision")
    return 0


def _evaluate(args: argparse.Namespace, sources: SourcesFolder, say: Say) -> int:
    from alliance_kg.curation.evaluate import as_json, total, write_report

    sets = _measured_sets(args, sources, say)
    if isinstance(sets, int):
        return sets
    command = "alliance-kg propose --evaluate" + _options(args) + (" --mistakes" if args.mistakes else "")
    report = as_json(sets, command, with_mistakes=args.mistakes)
    markdown, data = write_report(report, args.results)
    for name, results in sets.items():
        score = total(results)
        lenient, strict = score.overall("lenient"), score.overall("strict")
        say(
            f"{name}: lenient P {_f(lenient.precision)} R {_f(lenient.recall)} F1 {_f(lenient.f1)}; "
            f"strict P {_f(strict.precision)} R {_f(strict.recall)} F1 {_f(strict.f1)} "
            f"({lenient.proposed} proposed, {lenient.gold} gold)"
        )
    say(f"results: {display_path(markdown)} and {display_path(data)}")
    return 0


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
