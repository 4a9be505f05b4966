"""A policy a report says a state is carrying out: "Japan has been strengthening its defense presence on its
southwestern islands", "Japan and the Philippines are also increasing joint drills", "Japan is paying part of the
cost of the relocation". The progressive of a verb of undertaking, with one or two states by name as the subject that
opens the clause, is a commitment the text says holds (`asserted`), each state's; what they are doing, verb and all,
is the commitment.

Not a state's acquiring or building up arms ("Japan is building up its own long-range strike capabilities",
"Japan is acquiring …": relations of their own), nor what it weighs ("is considering"), nor revising its documents
("is revising its National Security Strategy": the document's status), nor forces' doings (where forces go and train
are relations of their own).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitments import WHAT, opens_clause, propose_commitment, state_or_capital

RULE = "commitment-under-way"
UNDER_WAY = re.compile(
    r"\s+(?:is|are|has\s+been|have\s+been)\s+(?:(?:also|now|steadily|further)\s+)?"
    r"(?=(?:strengthening|increasing|expanding|raising|boosting|bolstering|reinforcing|deepening|stepping\s+up|"
    r"paying)\b)" + WHAT
)
AND = re.compile(r"\s+and\s+(?:the\s+)?")


def propose_under_way(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        mentions = analysis.mentions_in(sentence.start, sentence.end)
        for position, mention in enumerate(mentions):
            first = state_or_capital(analysis, mention)
            if first is None or not opens_clause(analysis, sentence.start, mention.start):
                continue
            previous = mentions[position - 1] if position else None
            if previous and AND.fullmatch(analysis.text, previous.end, mention.start):
                continue  # the second of "Japan and the United States": the pair is the subject, or none is
            states, end = [first], mention.end
            following = mentions[position + 1] if position + 1 < len(mentions) else None
            joined = AND.fullmatch(analysis.text, mention.end, following.start) if following else None
            if joined and following is not None and state_or_capital(analysis, following):
                states.append(state_or_capital(analysis, following))  # "Japan and the Philippines are …"
                end = following.end
            match = UNDER_WAY.match(analysis.text, end, sentence.end)
            if match is None or analysis.quoted(match.start()):
                continue
            propose_commitment(analysis, index, match, "asserted", list(dict.fromkeys(states)), RULE)
