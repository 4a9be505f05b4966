"""Who travels when a report tells a visit with a pronoun: "He visited Okinawa on May 4 …", "Her visit to Taiwan on
Tuesday and Wednesday was the first …". As news reports write, the pronoun that opens such a sentence stands for the
person the report has been telling of: the subject of the sentence before (after any sentences that go on with
"He"/"She"), or the one person that sentence names. A sentence before that names no person, or several with none as
its subject, tells no visitor, and the visit is left out.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitment_speakers import PRONOUN_OPENING, subject_person

# the pronoun right before the visit's cue: "He visited", "She later traveled to", "Her visit to", "His first trip to"
PRONOUN_VISITOR = re.compile(
    r"\s*(?:(?:He|She)\s+(?:(?:also|later|then|first|again|had|has)\s+)*|(?:His|Her)\s+(?:(?:first|second|latest|"
    r"last|recent|earlier)\s+)?)$"
)
BACK = 3  # sentences of "He …" a report may string after the one that names its subject


def pronoun_visitor(analysis: Analysis, index: int, cue_start: int) -> str | None:
    """The person the pronoun that opens sentence `index`, right before a visit's cue at `cue_start`, stands for."""
    sentence = analysis.sentences[index]
    if not PRONOUN_VISITOR.fullmatch(analysis.text, sentence.start, cue_start):
        return None
    for back in range(index - 1, max(-1, index - 1 - BACK), -1):
        before = analysis.sentences[back]
        if person := subject_person(analysis, before.start, before.end):
            return person
        if PRONOUN_OPENING.match(analysis.text, before.start, before.end):
            continue  # "He said …": the same person, named further back
        people = {m.entity for m in analysis.mentions_in(before.start, before.end) if analysis.is_a(m.entity, "Person")}
        return people.pop() if len(people) == 1 else None
    return None
