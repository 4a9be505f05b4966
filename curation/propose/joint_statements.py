"""Joint statements: "in a joint statement", "issued a joint declaration" — a statement issued at the meeting of
its sentence (or the last one before), issued by the meeting's states, with its own modality (one still to come is
planned); one named in a comparison is none."""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity, short_id
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.event_details import TWO_SIDES
from alliance_kg.curation.propose.event_merging import people
from alliance_kg.curation.propose.event_records import DocEvent
from alliance_kg.curation.propose.persons import offices_of

# a statement for the press is one too: "a joint press statement", "a joint press release"
_STATEMENT = r"joint\s+(?:(?:statement|declaration)|press\s+(?:statement|release))"
JOINT_STATEMENT = re.compile(
    rf"\bin\s+(?:a|an|the|their)\s+{_STATEMENT}\b|\b(?:issued|released|adopted|signed|unveiled)\s+(?:a|an|the)\s+"
    rf"(?:[\w-]+\s+){{0,2}}{_STATEMENT}\b|\b{_STATEMENT}\s+(?:was\s+)?(?:issued|released|adopted)\b|"
    # the statement that followed the talks or that the report cites: "was followed by a joint press statement",
    # "…, according to a joint press release"
    rf"\b(?:followed\s+by|according\s+to)\s+(?:a|an|the|their)\s+{_STATEMENT}\b",
    re.IGNORECASE,
)
# "will say in a joint statement", "expected to issue …", "a joint statement to be issued": one still to come
STATEMENT_TO_COME = re.compile(r"\b(?:will|would|to|shall)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
STATEMENT_TO_COME_AFTER = re.compile(
    r"\s+(?:to\s+be\b|(?:that\s+)?(?:will|would|is\s+expected|are\s+expected)\b)", re.IGNORECASE
)
PEOPLE_AS_SUBJECT = re.compile(
    r"\b(?:the|both|all)\s+(?:two\s+|four\s+|three\s+)?(?:ministers|leaders|secretaries|presidents)\b", re.IGNORECASE
)
COMPARED_STATEMENT = re.compile(r"\s*since\b", re.IGNORECASE)  # "referred to Taiwan in a joint statement since 1969"


def joint_statements(analysis: Analysis, events: list[DocEvent]) -> None:
    """ "…issued a joint statement": a joint statement issued at the event of that sentence (or the last before)."""
    for match in JOINT_STATEMENT.finditer(analysis.text):
        index = analysis.sentence_index(match.start())
        if index in analysis.skip or analysis.quoted(match.start()):
            continue
        if COMPARED_STATEMENT.match(analysis.text, match.end()):
            analysis.why_not(match.start(), "a joint statement named in a comparison, not one issued")
            continue
        candidates = [
            e
            for e in events
            if e.id
            and e.id not in analysis.passing
            and (e.id not in analysis.background or any(m.sentence == index for m in e.mentions))
            and any(m.sentence <= index for m in e.mentions)
            and e.type in ("Meeting", "Summit")
        ]
        if not candidates:
            analysis.why_not(match.start(), "a joint statement whose meeting the rules cannot tell")
            continue
        sentence_text = analysis.text[analysis.sentences[index].start : match.start()]
        if PEOPLE_AS_SUBJECT.search(sentence_text):
            # "The Ministers also issued a joint statement": the meeting the ministers held, not one the text only
            # names in passing ("the SCC, which launched the review in October 2013")
            candidates = [e for e in candidates if people(e)] or candidates
        event = max(candidates, key=lambda e: max(m.sentence for m in e.mentions if m.sentence <= index))
        existing = next((s for s in _statements_of(analysis, event.id)), None)
        sentence = analysis.sentences[index]
        if existing is None:
            kind = _kind_of_statement(match.group())
            label = f"{kind} of the {analysis.label(event.id)}"
            existing = analysis.free_id(short_id(f"{slug(kind)}-{slug(analysis.label(event.id))}", 70))
            analysis.entity(
                ProposedEntity(
                    existing,
                    "JointStatement",
                    label,
                    f"{label}, as document {analysis.source.id} reports it.",
                    "joint-statement-issued",
                    0.7,
                    match.start(),
                    match.end(),
                    candidates=similar_entities(analysis, label, "JointStatement"),
                )
            )
        modality = _statement_modality(analysis, sentence, match, event)
        analysis.propose(
            ProposedClaim(
                existing,
                "issuedAt",
                event.id,
                sentence.start,
                sentence.end,
                "joint-statement-issued-at",
                0.75,
                match.group(),
                modality=modality,
            )
        )
        states = _parties_of(analysis, event, sentence)
        if len(states) < 2:
            analysis.why_not(
                match.start(), "a joint statement whose parties the rules cannot tell (a joint one needs two)"
            )
            states = []
        for state in states:
            # the states issue it, and are not its parties (evaluation/README.md); the build's shapes take a joint
            # statement's issuers for the party an agreement must have
            analysis.propose(
                ProposedClaim(
                    existing,
                    "issuedBy",
                    state,
                    sentence.start,
                    sentence.end,
                    "joint-statement-issued-by",
                    0.6,
                    match.group(),
                    modality=modality,
                )
            )


def _kind_of_statement(words: str) -> str:
    """What the text calls the statement: "Joint statement", "Joint declaration", "Joint press release"."""
    found = re.search(r"joint\s+(?:press\s+)?(?:statement|declaration|release)", words, re.IGNORECASE)
    return " ".join(found.group().split()).capitalize() if found else "Joint statement"


def _statement_modality(analysis: Analysis, sentence, match: re.Match, event: DocEvent) -> str:
    """ "In a joint statement issued after the talks, the leaders said …" reports a statement issued, whatever the
    event rules made of the meeting: the words right around it give its modality ("will say in a joint statement", "a
    joint statement to be issued"), else the meeting's, a planned meeting's statement told as issued being issued."""
    before = analysis.text[max(sentence.start, match.start() - 40) : match.start()]
    said = analysis.context.lexicon.modality_of(before) if STATEMENT_TO_COME.search(before) else None
    if said:
        return said[0]
    if STATEMENT_TO_COME_AFTER.match(analysis.text, match.end()):
        return "planned"
    return "asserted" if event.modality == "planned" else event.modality


def _parties_of(analysis: Analysis, event: DocEvent, sentence) -> list[str]:
    """The states behind an event's statement: its state participants, else the states of its people's offices
    (as proposed here or known to the graph), else "the two governments" of the sentence."""
    participants = sorted(event.participants)  # a set: sorted, so that a draft lists its claims in one order
    states = [p for p in participants if analysis.is_a(p, "State")]
    if states:
        return states
    for person in participants:
        for office in sorted(offices_of(analysis, person)):
            state = analysis.context.office_state.get(office) or next(
                (c.object for c in analysis.claims if c.relation == "officeOf" and c.subject == office), None
            )
            if state and state not in states:
                states.append(state)
    if not states and TWO_SIDES.search(analysis.text, sentence.start, sentence.end):
        states = analysis.main_states()
    return states


def _statements_of(analysis: Analysis, event_id: str) -> list[str]:
    """Joint statements issued at the event: proposed in this run, or known from the other annotation files."""
    found = [c.subject for c in analysis.claims if c.relation == "issuedAt" and c.object == event_id]
    known = analysis.context.events.get(event_id)
    return found + sorted(known.issued if known else ())
