"""What military news says of an exercise beyond its cue: its apposition ("Keen Sword 25, a large-scale
field training exercise that …", "this year's exercise, the largest in its history"), what a sentence opening with its
name says it is ("Keen Sword, held every two years since 1986, is the largest bilateral exercise of the two allies") —
of the text's only exercise told before, or the one event the sentence's claims tell of. Who leads it and who else
takes part are exercises.py's.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.appositions import apposition_span, headed, sentence_end
from alliance_kg.curation.propose.forces import is_exercise, the_exercise
from alliance_kg.curation.propose.news_events import NAME_APPOSED
from alliance_kg.loaders.sentences import Sentence

EXERCISE_HEADS = ["exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres", "war games"]
EXERCISE_NOUN = re.compile(r"\b(?:exercise|drills?|maneuvers|manoeuvres)\b(?=,)")
RANKED = re.compile(r"the\s+(?:\w+est|most\s+\w+|first|only)\b")


def propose_exercise_apposition(analysis: Analysis, sentence: Sentence) -> None:
    """ "began Keen Sword 25, a large-scale field training exercise that will run through Nov. 1": how the text
    characterises the exercise it names, when the sentence tells of that one event only."""
    text = analysis.text
    events = {
        c.subject
        for c in analysis.claims
        if c.start == sentence.start and c.subject.startswith("event/") and c.relation in ("participant", "date")
    }
    if not events and (exercise := the_exercise(analysis, sentence)):
        events = {exercise}
    if len(events) != 1:
        return
    event = events.pop()
    if not is_exercise(analysis, event):
        return
    end = sentence_end(text, sentence)
    names = [m.end("name") for m in NAME_APPOSED.finditer(text, sentence.start, sentence.end)]
    nouns = [m.end() for m in EXERCISE_NOUN.finditer(text, sentence.start, sentence.end)]
    for at in names + nouns:
        words = apposition_span(text, at, end)
        if words is None:
            continue
        said = text[words[0] : words[1]]
        # "Keen Sword 25, a large-scale field training exercise"; "this year's exercise, the largest in its history"
        if not (headed(said, EXERCISE_HEADS, ranked_only=False) or (at in nouns and RANKED.match(said))):
            continue
        analysis.propose(
            ProposedClaim(
                event, "characterisation", text[words[0] : words[1]], sentence.start, sentence.end,
                "exercise-apposition", 0.6, text[max(sentence.start, at - 40) : words[1]][:200],
            )
        )  # fmt: skip
        return


EXERCISE_SAID = re.compile(
    r"(?:,\s+(?P<apposed>(?:held|staged|conducted|first\s+held)\s+[^,;]{3,60}),)?\s+(?:is|was|has\s+become|remains)\s+"
    r"(?P<copula>(?:the|an?)\s+[^,.;]{3,80}?)(?=\s*(?:[,.;]|$))"
)


def propose_exercise_said(analysis: Analysis, sentence: Sentence) -> None:
    """ "Keen Sword, held every two years since 1986, is the largest bilateral exercise of the two allies": a sentence
    that opens with the name of the text's only exercise (without its year or number) says what it is."""
    text = analysis.text
    event = the_exercise(analysis, sentence, said=False)
    if event is None or event not in analysis.entities:
        return
    base = re.sub(r"(?:\s+\d{2,4})+$", "", analysis.entities[event].label)
    opening = re.match(rf"\s*(?:The\s+)?{re.escape(base)}(?:\s+\d{{2,4}})?\b", text[sentence.start : sentence.end])
    if len(base.split()) < 2 or opening is None:
        return
    said = EXERCISE_SAID.match(text, sentence.start + opening.end(), sentence_end(text, sentence))
    if said is None or not headed(said.group("copula"), EXERCISE_HEADS, ranked_only=False):
        return
    for group in ("apposed", "copula"):
        if said.group(group):
            analysis.propose(
                ProposedClaim(
                    event, "characterisation", " ".join(said.group(group).split()), sentence.start, sentence.end,
                    "exercise-said", 0.6, text[sentence.start : said.end()][:200],
                )
            )  # fmt: skip
