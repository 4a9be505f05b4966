"""What a new commitment names besides the registry's entities: the bases, units, islands, prefectures and districts
the text introduces in the commitment's own words ("scrap the plan to build a new base off Henoko", "set up a
permanent Joint Operations Command") are what it `concerns`, as forces.py finds them by their form — proposed only
for the commitments the text itself introduces (what a registered commitment is about, the graph says already).
States are left to the commitment rules, which tell the parties who commit from a third state a commitment is about.

A list the commitment's words were cut from at its first comma goes on naming what it is about: "work with Australia,
India and other partners toward a free and open Indo-Pacific" — the commitment rules read "work with Australia"; the
rest of the list and what it leads to are the commitment's too (the registry's names of the kinds a commitment is
about, less the parties).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.commitments import COMMITMENT_TOPICS
from alliance_kg.curation.propose.forces import entity_of, find_named

KINDS = ("Place", "Facility", "Region", "MilitaryUnit", "Capability")
RULE = "what-a-commitment-names"
REGISTERED_RULE = "sea-of-a-registered-commitment"
LISTED = ("State", "Place", "Region")  # what a list after the commitment's last word goes on with
NEXT_ITEM = re.compile(r",\s+(?:and\s+)?")
# the words before a name that make it where something else named lies
SETTING = re.compile(r"\b(?:(?:area|district|ward|part)\s+of|at)\s+(?:the\s+)?$", re.IGNORECASE)
REST_OF_LIST = re.compile(r"[^,;:.\"\u201c\u201d]{0,80}")


def propose_commitment_topics(analysis: Analysis) -> None:
    commitments = [e for e in analysis.entities.values() if e.type == "Commitment"]
    registered = [c for c in analysis.claims if c.relation == "makesCommitment" and c.object not in analysis.entities]
    if not commitments and not registered:
        return
    names = [n for n in find_named(analysis) if n.known is None and n.type in KINDS]
    _particulars_of_registered(analysis, registered, [n for n in names if n.type == "Region"])
    for commitment in commitments:
        index = analysis.sentence_index(commitment.start)
        if index in analysis.skip:
            continue
        sentence = analysis.sentences[index]
        _list_goes_on(analysis, commitment, sentence)
        for named in names:
            if not (commitment.start <= named.start and named.end <= commitment.end) or analysis.quoted(named.start):
                continue
            if SETTING.search(analysis.text, max(commitment.start, named.start - 16), named.start):
                continue  # "the Henoko area of Nago", "the replacement facility at Camp Schwab": where, not what
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


def _list_goes_on(analysis: Analysis, commitment, sentence) -> None:
    """The names of a list the commitment's words end inside of, and of the words that end the list."""
    last = [m for m in analysis.mentions_in(commitment.start, commitment.end) if m.end == commitment.end]
    if not last or not any(analysis.is_a(last[0].entity, kind) for kind in LISTED):
        return
    position, items = commitment.end, []
    while True:
        comma = NEXT_ITEM.match(analysis.text, position, sentence.end)
        following = analysis.mentions_in(comma.end(), sentence.end) if comma else []
        if not comma or not following or following[0].start != comma.end():
            break
        if not any(analysis.is_a(following[0].entity, kind) for kind in LISTED):
            break
        items.append(following[0])
        position = following[0].end
    if not items:
        return
    rest = REST_OF_LIST.match(analysis.text, position, sentence.end)
    end = rest.end() if rest else position
    parties = {c.subject for c in analysis.claims if c.relation == "makesCommitment" and c.object == commitment.id}
    for mention in analysis.mentions_in(commitment.end, end):
        if mention.kind != "name" or mention.entity in parties or mention.entity in analysis.main_states():
            continue
        if not any(analysis.is_a(mention.entity, kind) for kind in COMMITMENT_TOPICS):
            continue
        analysis.propose(
            ProposedClaim(
                commitment.id,
                "concerns",
                mention.entity,
                sentence.start,
                sentence.end,
                RULE,
                0.5,
                analysis.text[commitment.start : end],
            )
        )


def _particulars_of_registered(analysis: Analysis, claims: list[ProposedClaim], names: list) -> None:
    """A registry commitment the text restates with particulars of its own ("oppose any unilateral attempts to change
    the status quo … in the East China Sea"): the seas its words name that the registry lacks are what it concerns
    here — the graph cannot say so already, as it can of the registry's own names. (Not the towns and bases of a
    registered plan's words, "the realignment … including the relocation of Futenma to Henoko in Nago": its setting.)"""
    done: set[tuple[str, int]] = set()
    for claim in claims:
        if analysis.sentence_index(claim.start) in analysis.skip:
            continue
        start = analysis.text.find(claim.evidence, claim.start, claim.end)
        if start < 0:
            continue
        end = start + len(claim.evidence)
        for named in names:
            if not (start <= named.start and named.end <= end) or analysis.quoted(named.start):
                continue
            if (claim.object, named.start) in done or analysis.context.registry.resolve(named.label) is not None:
                continue
            done.add((claim.object, named.start))
            analysis.propose(
                ProposedClaim(
                    claim.object,
                    "concerns",
                    entity_of(analysis, named),
                    claim.start,
                    claim.end,
                    REGISTERED_RULE,
                    0.5,
                    f"{claim.evidence} … {named.label}",
                )
            )
