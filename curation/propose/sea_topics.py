"""The seas a meeting's or statement's topic words name, though the registry lacks them.

The topic rules (commitments.py's `propose_topics`, news_topics.py's talks) read what a meeting or statement is about
from the registry's names in the words after a topic verb: "the ministers expressed serious concern over China's
dangerous and coercive actions in the South China Sea" gives the meeting's topic China. The sea in those same words
is a topic too, named by its form (forces.py's find_named: "East China Sea", "South China Sea") — a new Region for
the reviewer when the registry lacks it. Proposed only for a meeting or statement a topic rule has already read in
the sentence (which event the words are about is theirs to tell), with the same note.
"""

from __future__ import annotations

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.commitments import STATEMENT_ABOUT, TALKS_ABOUT, TOPIC, TOPIC_STOP
from alliance_kg.curation.propose.forces import entity_of, find_named

RULE = "sea-of-a-topic"
# the rules whose topics are read from the words after a topic verb of the sentence
TOPIC_RULES = frozenset(["topic-of-statement-or-meeting", "topic-of-a-pair", "topic-of-talks", "topic-of-a-statement"])


def propose_sea_topics(analysis: Analysis) -> None:
    """`concerns` of the seas named in a topic verb's words, for the meeting or statement read from them."""
    seas = [n for n in find_named(analysis) if n.type == "Region" and n.known is None]
    if not seas:
        return
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        read = [
            c
            for c in analysis.claims
            if c.relation == "concerns" and c.rule in TOPIC_RULES and analysis.sentence_index(c.start) == index
        ]
        subjects = {c.subject for c in read}
        if len(subjects) != 1:
            continue  # none read here, or two events: which one the sea belongs to the words do not say
        subject = read[0].subject
        for pattern in (TOPIC, TALKS_ABOUT, STATEMENT_ABOUT):
            for verb in pattern.finditer(analysis.text, sentence.start, sentence.end):
                if analysis.quoted(verb.start()):
                    continue
                _, clause_end = analysis.clause(sentence, verb.start())
                cut = TOPIC_STOP.search(analysis.text, verb.end(), clause_end)
                end = cut.start() if cut else clause_end
                for sea in seas:
                    if verb.end() <= sea.start and sea.end <= end and not analysis.quoted(sea.start):
                        analysis.propose(
                            ProposedClaim(
                                subject,
                                "concerns",
                                entity_of(analysis, sea),
                                sentence.start,
                                sentence.end,
                                RULE,
                                0.5,
                                f"{verb.group()} … {sea.label}",
                                note=read[0].note,
                            )
                        )
