"""What a new commitment names besides the registry's entities: the bases, units, islands, prefectures and districts
the text introduces in the commitment's own words ("scrap the plan to build a new base off Henoko", "set up a
permanent Joint Operations Command") are what it `concerns`, as forces.py finds them by their form — proposed only
for the commitments the text itself introduces (what a registered commitment is about, the graph says already).
States are left to the commitment rules, which tell the parties who commit from a third state a commitment is about.
"""

from __future__ import annotations

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.forces import entity_of, find_named

KINDS = ("Place", "Facility", "Region", "MilitaryUnit", "Capability")
RULE = "what-a-commitment-names"


def propose_commitment_topics(analysis: Analysis) -> None:
    commitments = [e for e in analysis.entities.values() if e.type == "Commitment"]
    if not commitments:
        return
    names = [n for n in find_named(analysis) if n.known is None and n.type in KINDS]
    for commitment in commitments:
        index = analysis.sentence_index(commitment.start)
        if index in analysis.skip:
            continue
        sentence = analysis.sentences[index]
        for named in names:
            if not (commitment.start <= named.start and named.end <= commitment.end) or analysis.quoted(named.start):
                continue
            known = analysis.context.registry.resolve(named.label)
            inside = [m for m in analysis.mentions_in(named.start, named.end) if not analysis.is_a(m.entity, "State")]
            if known is None and inside:
                continue  # a longer name around a registry name the commitment rules read already
            analysis.propose(
                ProposedClaim(
                    commitment.id,
                    "concerns",
                    known.id if known is not None else entity_of(analysis, named),  # "U.S. Navy": the registry's
                    sentence.start,
                    sentence.end,
                    RULE,
                    0.5,
                    f"{commitment.label} … {named.label}",
                )
            )
