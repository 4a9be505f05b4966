"""What a visitor does on a visit: an event the text tells of the visitor — a ceremony, a speech, a launch — is part
of their visit (`subEventOf`), when the text tells of one visit of theirs only ("Hegseth made his first visit to Japan
…. On March 29, Hegseth and Ishiba attended the Reunion of Honor ceremony on Iwo To").

Only events of their own kind (ceremonies, speeches, deeds, launches; not meetings and summits, which the event
layer places in a visit by the words that say so, nor visits), not part of another event already, told with the
visit's modality (a ceremony done is no part of a visit planned), and dated, if both are, in the visit's days (from its first, within a week of its last).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity

STAY = timedelta(days=7)  # how long after the day a visit is dated by its parts may be
PARTS = ("Event", "Speech")
# what a visitor says to the press: whether it is part of the visit or of the talks it follows, the sets do not agree
# (evaluation/README.md, "Conventions the sets do not yet agree on"); left to the reviewer
SAID = re.compile(
    r"\b(?:press|news)\s+conference|\bremarks\b|\bbriefing\b|\bannouncement\b", re.IGNORECASE
)  # the kinds of event that are parts of a visit by what their visitor does


def propose_visit_parts(analysis: Analysis) -> None:
    """subEventOf from each event of the visitor's own kind to the one visit the text tells of them."""
    participants: dict[str, set[str]] = defaultdict(set)
    modality: dict[str, str] = {}
    first: dict[str, ProposedClaim] = {}
    dates: dict[str, list[str]] = defaultdict(list)
    whole: set[str] = set()
    for c in analysis.claims:
        if c.relation == "participant" and c.modality != "negated":
            participants[c.subject].add(c.object)
            modality.setdefault(c.subject, c.modality)
            first.setdefault(c.subject, c)
        elif c.relation == "date":
            dates[c.subject].append(c.object)
        elif c.relation == "subEventOf":
            whole.add(c.subject)
    kind = {e: _type(analysis, e) for e in participants}
    visits = [e for e, t in kind.items() if t == "Visit"]
    for event, people in participants.items():
        if kind[event] not in PARTS or event in whole or SAID.search(_label(analysis, event)):
            continue
        visitors = {p for p in people if analysis.is_a(p, "Person")}
        theirs = [
            v
            for v in visits
            if visitors & {p for p in participants[v] if analysis.is_a(p, "Person")} and modality[v] == modality[event]
        ]
        if len(theirs) != 1:
            continue  # none, or more than one visit the event may belong to (a visit planned is none for a deed done)
        visit = theirs[0]
        if not _within(analysis, dates[event], dates[visit]):
            continue
        claim = first[event]
        analysis.propose(
            ProposedClaim(
                event, "subEventOf", visit, claim.start, claim.end, "visit-part", 0.6, claim.evidence,
                modality=modality[event],
            )
        )  # fmt: skip


def _type(analysis: Analysis, entity: str) -> str | None:
    proposed: ProposedEntity | None = analysis.entities.get(entity)
    return proposed.type if proposed is not None else analysis.type_of(entity)


def _label(analysis: Analysis, entity: str) -> str:
    proposed = analysis.entities.get(entity)
    return proposed.label if proposed is not None else analysis.label(entity)


def _within(analysis: Analysis, part: list[str], visit: list[str]) -> bool:
    """Whether the part's dates fall in the visit's days: not before it began, and within a week of its last day (a
    visit is often dated by its arrival: "arrived in Tokyo on Saturday"); true when either is undated or a date
    cannot be read."""
    inner = [v for v in (analysis.resolve(d) for d in part) if v is not None]
    outer = [v for v in (analysis.resolve(d) for d in visit) if v is not None]
    if not inner or not outer:
        return True
    return any(o.earliest <= i.earliest and i.latest <= o.latest + STAY for i in inner for o in outer)
