"""The claim proposer run on a text written for the tests: the text added as document 005 to a copy of the
project's sources folder, and every rule run on it; and the readings of a run the proposer's tests share."""

from __future__ import annotations

from pathlib import Path

from alliance_kg.curation.add import AddOptions, add_document
from alliance_kg.curation.propose import ProposalContext, ProposalRun, analyse, find_source
from graph_fixtures import copy_of_sources

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"


def proposed_on(text: Path, folder: Path) -> ProposalRun:
    """Add `text` to a copy of the sources folder at `folder` (document 005) and propose claims for it."""
    sources = copy_of_sources(folder)
    add_document(text, sources, AddOptions())
    return analyse(find_source(sources, "005"), ProposalContext.from_sources(sources, exclude={"005"}))


def about(run: ProposalRun, event: str, relation: str) -> set[tuple[str, str]]:
    """(object, modality) of each proposed claim `event relation …`."""
    return {(c.object, c.modality) for c in run.analysis.claims if c.subject == event and c.relation == relation}


def event_with(run: ProposalRun, participant: str, kind: str) -> str:
    """The first proposed new event of type `kind` with `participant` among its participants."""
    return next(
        c.subject
        for c in run.analysis.claims
        if c.relation == "participant"
        and c.object == participant
        and run.analysis.entities.get(c.subject)
        and run.analysis.entities[c.subject].type == kind
    )


def claims_in(run: ProposalRun, words: str, relation: str) -> set[tuple[str, str]]:
    """(subject, object) of each proposed `relation` claim quoted in the sentence holding `words`."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    return {
        (c.subject, c.object)
        for c in run.analysis.claims
        if c.relation == relation and run.analysis.sentence_index(c.start) == index
    }


def events_in(run: ProposalRun, words: str, relations: tuple[str, ...] = ("participant", "date")) -> set[str]:
    """The events that claims of `relations` quoted in the sentence holding `words` are about."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    return {
        c.subject
        for c in run.analysis.claims
        if c.relation in relations and run.analysis.sentence_index(c.start) == index
    }


def in_sentence(run: ProposalRun, words: str, relation: str) -> list:
    """The claims of `relation` proposed in the sentence that holds `words`."""
    index = run.analysis.sentence_index(run.analysis.text.index(words))
    return [c for c in run.analysis.claims if c.relation == relation and run.analysis.sentence_index(c.start) == index]


def committed(run: ProposalRun, words: str) -> dict[str, set[tuple[str, str]]]:
    """The label of each commitment the sentence holding `words` proposes → {(party, modality)}."""
    found: dict[str, set[tuple[str, str]]] = {}
    for c in in_sentence(run, words, "makesCommitment"):
        found.setdefault(run.analysis.label(c.object), set()).add((c.subject, c.modality))
    return found


def triples(run: ProposalRun, relation: str) -> set[tuple[str, str]]:
    """(subject, object) of every proposed claim of `relation`."""
    return {(c.subject, c.object) for c in run.analysis.claims if c.relation == relation}


def claim(run: ProposalRun, subject: str, relation: str, obj: str):
    """The proposed claim with this triple; the test fails, naming it, when there is none."""
    found = [c for c in run.analysis.claims if (c.subject, c.relation, c.object) == (subject, relation, obj)]
    assert found, f"no proposal {subject} {relation} {obj}"
    return found[0]


def labelled(run: ProposalRun, label: str) -> str:
    """The id of the proposed new entity (an event, a ship, a system) of this label."""
    return next(e.id for e in run.analysis.entities.values() if e.label == label)


def concerns_of(run: ProposalRun, subject: str) -> set[str]:
    """What the proposals say `subject` concerns."""
    return {obj for obj, _ in about(run, subject, "concerns")}
