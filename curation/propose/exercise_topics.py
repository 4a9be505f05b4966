"""The weapons an exercise is about: what a sentence says is brought to it, deployed for it or used in it.

"The Marines have also deployed NMESIS … to Ishigaki Island for the drills", "As part of the drills, U.S. Marines
plan to deploy NMESIS …", "The Ground Self-Defense Force is taking part with its Type 12 surface-to-ship missiles",
"conducted a bombing drill with F-15K fighter jets": the exercise concerns the capability (as evaluation/README.md has
it, what an event takes up, it concerns). The exercise is the text's one exercise told by then (exercises.py and the
event rules propose it); where the text has told of two, or of none, which one "the drills" are is not the words'
to say, and nothing is proposed. A sentence that denies the use ("No missiles will be fired during the exercise")
proposes nothing: the build holds `concerns` only as fact; nor does what happens "during the exercise".
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.forces import entity_of, find_named

RULE = "capability-of-an-exercise"
# the words that tie a sentence's weapons to the exercise: "for the drills", "as part of the exercise", "taking part
# with its …", "a bombing drill with F-15K fighter jets"
FOR_THE_EXERCISE = re.compile(
    # (not "during the exercise": what happens meanwhile, "North Korea fired missiles during the exercise")
    r"\b(?:for|as\s+part\s+of)\s+the\s+(?:drills?|exercises?|maneuvers|manoeuvres)\b|"
    r"\btaking\s+part\s+with\s+(?:its|their)\b|"
    r"\b(?:drills?|exercises?)\s+with\s+(?=(?:[A-Z]|\d))",
    re.IGNORECASE,
)
DENIED = re.compile(r"\b(?:no|not|never|none)\b", re.IGNORECASE)
# what brings a capability into a sentence besides its name: the forces rules' claims about it
CAPABILITY_CLAIMS = ("deployedTo", "possesses", "operatedBy")


def propose_exercise_topics(analysis: Analysis) -> None:
    """`concerns` of the text's one exercise for the capabilities the sentence brings to it."""
    exercises = [e for e in analysis.entities.values() if e.type == "Exercise"]
    if not exercises:
        return
    named = [n for n in find_named(analysis) if n.type == "Capability"]
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for cue in FOR_THE_EXERCISE.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(cue.start()) or DENIED.search(analysis.text, sentence.start, cue.start()):
                continue
            # "a bombing drill with F-15K fighter jets": the exercise the cue's own noun names; else the one told by then
            told = [e for e in exercises if e.start <= cue.start() < e.end] or [
                e for e in exercises if e.start <= cue.start()
            ]
            if len(told) != 1:
                continue  # no exercise yet, or two: which one "the drills" are the words do not say
            for capability, words in _capabilities(analysis, index, named):
                analysis.propose(
                    ProposedClaim(
                        told[0].id,
                        "concerns",
                        capability,
                        sentence.start,
                        sentence.end,
                        RULE,
                        0.5,
                        f"{cue.group().strip()} … {words}",
                    )
                )


def _capabilities(analysis: Analysis, index: int, named: list) -> list[tuple[str, str]]:
    """The capabilities the sentence names (the registry's, or by their form) and those the forces rules read in it."""
    sentence = analysis.sentences[index]
    found: dict[str, str] = {}
    for name in named:
        if sentence.start <= name.start < sentence.end and not analysis.quoted(name.start):
            found.setdefault(entity_of(analysis, name), name.label)
    for claim in analysis.claims:
        if claim.relation not in CAPABILITY_CLAIMS or analysis.sentence_index(claim.start) != index:
            continue
        for end in (claim.subject, claim.object):
            if analysis.is_a(end, "Capability"):
                found.setdefault(end, analysis.label(end))
    return list(found.items())
