"""A base's move the text names as planned, in passing: "strain in the alliance over the planned relocation of Marine
Corps Air Station Futenma within Okinawa", "the planned relocation of Marine Corps Air Station Futenma in Okinawa and
Japan's defense spending are likely to come up …". Moving a base of the alliance is what its two states plan
together: each of the text's two states makes the commitment, `planned`. What is moved must be a facility the text
names; the move is the commitment, cut at the first "and", comma or verb.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitments import propose_commitment

RULE = "commitment-planned-move"
PLANNED_MOVE = re.compile(
    r"\bthe\s+planned\s+(?P<what>(?:relocation|transfer|return|closure)\s+of\s+"
    r"(?:[^,;:.\"\u201c\u201d]|(?<=\b[A-Z])\.){4,120}?)"
    r"(?=\s*(?:[,;:.\"\u201c\u201d]|\band\b|\b(?:is|are|was|were|has|have|had|will|would)\b|$))"
)

BASE_NAME = re.compile(
    r"\b(?:Air\s+Station|Air\s+Base|Naval\s+Base|Naval\s+Air\s+Facility)\s+[A-Z]|\bCamp\s+[A-Z]|[A-Z]\w+\s+(?:Air\s+Base|Naval\s+Base)\b"
)


def propose_planned_moves(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for match in PLANNED_MOVE.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            if not _names_a_facility(analysis, match.start("what"), match.end("what")):
                continue  # "the planned transfer of technology": no base of the alliance
            states = analysis.main_states()
            if len(states) != 2:
                continue
            propose_commitment(analysis, index, match, "planned", states, RULE)


def _names_a_facility(analysis: Analysis, start: int, end: int) -> bool:
    """Whether the words name a facility: one the registry holds, one the rules found in the text, or a name of the
    form of a base's ("Marine Corps Air Station Futenma", "Camp Schwab", "Kadena Air Base")."""
    if any(analysis.is_a(m.entity, "Facility") for m in analysis.mentions_in(start, end)):
        return True
    words = analysis.text[start:end]
    if BASE_NAME.search(words):
        return True
    return any(
        entity.type == "Facility" and any(name in words for name in (entity.label, *entity.aliases))
        for entity in analysis.entities.values()
    )
