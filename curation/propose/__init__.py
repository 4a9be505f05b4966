"""`alliance-kg propose NNN`: proposed claims for one source text, drafted in the annotation format for review.

The machine proposes, a person decides, the build checks. Rules, not a trained model (nothing is downloaded at run
time): mentions of registry entities by label and alias (mentions.py), people by their office titles
(persons.py), events and their participants, dates, places, levels and series, linked to the graph's events
before new ones are proposed (events.py and its event_*.py modules; announcements and decisions, acts.py), the relations that do not hang on an event (relations.py), forces, places and capabilities (forces.py), and
commitments stated in fixed forms (commitments.py). A proposal's confidence is its rule's measured precision
(calibration.py). Every
sentence is accounted for (accounting.py). The draft goes to `proposals/NNN.yaml` of the sources folder, which
the build does not read (draft.py); `propose --accept` (accept.py) or `alliance-kg review` moves what a person
accepts into the annotation file and the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alliance_kg.curation.propose.accidents import propose_accidents
from alliance_kg.curation.propose.accounting import boilerplate_lines, caption_sentences, metadata_sentences, unclaimed
from alliance_kg.curation.propose.acts import propose_act_topics
from alliance_kg.curation.propose.agreement_nouns import propose_agreement_commitments
from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.calibration import calibrate, load_calibration
from alliance_kg.curation.propose.calls import propose_calls
from alliance_kg.curation.propose.capabilities import propose_capability_developers
from alliance_kg.curation.propose.commitment_planned import propose_planned_moves
from alliance_kg.curation.propose.commitment_pledges import propose_pledges
from alliance_kg.curation.propose.commitment_topics import propose_commitment_topics
from alliance_kg.curation.propose.commitment_under_way import propose_under_way
from alliance_kg.curation.propose.commitments import propose_commitments, propose_topics
from alliance_kg.curation.propose.context import ProposalContext
from alliance_kg.curation.propose.crowds import propose_crowds
from alliance_kg.curation.propose.deeds import propose_deeds
from alliance_kg.curation.propose.draft import draft_document
from alliance_kg.curation.propose.event_topics import propose_event_topics
from alliance_kg.curation.propose.events import find_events
from alliance_kg.curation.propose.exercise_topics import propose_exercise_topics
from alliance_kg.curation.propose.exercises import propose_exercise_parts
from alliance_kg.curation.propose.flights import propose_flights
from alliance_kg.curation.propose.force_phrases import propose_force_phrases
from alliance_kg.curation.propose.forces import propose_event_figures, propose_forces
from alliance_kg.curation.propose.government_plans import propose_government_plans
from alliance_kg.curation.propose.laws import propose_laws
from alliance_kg.curation.propose.news_topics import propose_news_topics
from alliance_kg.curation.propose.organisations import propose_organisations
from alliance_kg.curation.propose.parts import propose_parts
from alliance_kg.curation.propose.persons import find_people
from alliance_kg.curation.propose.relations import apply_rules
from alliance_kg.curation.propose.sea_topics import propose_sea_topics
from alliance_kg.curation.propose.ships import propose_ships
from alliance_kg.curation.propose.visit_parts import propose_visit_parts
from alliance_kg.loaders.sources import SourcesFolder, SourceText, load_sources

PROPOSALS = "proposals"


class ProposeError(Exception):
    """Nothing to propose for (an unknown document), or the draft would overwrite a reviewed one."""


@dataclass
class ProposalRun:
    analysis: Analysis
    unclaimed: list[dict]

    def draft(self, path_shown: str) -> str:
        return draft_document(self.analysis, self.unclaimed, path_shown)


def analyse(source: SourceText, context: ProposalContext) -> ProposalRun:
    """All the rules on one text: proposals, new entities and the accounting of every sentence."""
    analysis = Analysis.of(source, context)
    analysis.skip = metadata_sentences(analysis) | caption_sentences(analysis) | boilerplate_lines(analysis)
    people = find_people(analysis)
    events = find_events(analysis, people)
    propose_exercise_parts(analysis, events, people)  # exercises.py: services, further parties and places of exercises
    apply_rules(analysis)
    propose_forces(analysis)
    propose_force_phrases(analysis)
    propose_ships(analysis)
    propose_laws(analysis)
    propose_capability_developers(analysis)  # capabilities.py: "X was developed by A and B"
    propose_organisations(analysis)
    propose_accidents(analysis)
    propose_deeds(analysis)  # deeds.py: what a named actor did on a day, an event of its own
    propose_crowds(analysis)  # crowds.py: a protest told by its crowd
    propose_flights(analysis)  # flights.py: a dated flight of counted aircraft
    propose_visit_parts(analysis)  # visit_parts.py: what a visitor does on their one visit
    propose_commitments(analysis)
    propose_calls(analysis)
    propose_agreement_commitments(analysis)
    propose_government_plans(analysis)
    propose_pledges(analysis)
    propose_under_way(analysis)
    propose_planned_moves(analysis)
    propose_commitment_topics(analysis)
    propose_topics(analysis)
    propose_news_topics(analysis)
    propose_sea_topics(analysis)
    propose_exercise_topics(analysis)
    propose_act_topics(analysis)
    propose_event_topics(analysis)  # event_topics.py: what an event's own clause names
    propose_event_figures(analysis)
    propose_parts(analysis)
    analysis.drop_unused_entities()
    calibrate(analysis.claims, load_calibration())
    return ProposalRun(analysis, unclaimed(analysis))


def draft_path(sources: SourcesFolder, document: str) -> Path:
    return sources.root / PROPOSALS / f"{document}.yaml"


def find_source(sources: SourcesFolder, document: str) -> SourceText:
    texts = {s.id: s for s in load_sources(sources)}
    wanted = document.zfill(3) if document.isdigit() else document
    if wanted not in texts:
        raise ProposeError(f"no document {document!r} in {sources.metadata} (known: {', '.join(sorted(texts))})")
    return texts[wanted]


__all__ = ["PROPOSALS", "ProposalContext", "ProposalRun", "ProposeError", "analyse", "draft_path", "find_source"]
