"""Who is speaking when a report's sentence opens with a pronoun: "Abe told reporters … . He said the government
would continue to explain the laws …". "He" or "She" opening a sentence is the one person the sentence before
names; when that sentence names no person, or more than one, the speaker is not told and nothing is proposed for
them (a commitment given to the wrong party is worse than none).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis

PRONOUN_OPENING = re.compile(r"\s*(?:He|She)\b")


def pronoun_speaker(analysis: Analysis, index: int, position: int) -> str | None:
    """The person a sentence-opening "He"/"She" before `position` stands for: the one person the previous sentence
    names, if it names exactly one."""
    sentence = analysis.sentences[index]
    if index == 0 or not PRONOUN_OPENING.match(analysis.text, sentence.start, position):
        return None
    before = analysis.sentences[index - 1]
    people = {m.entity for m in analysis.mentions_in(before.start, before.end) if analysis.is_a(m.entity, "Person")}
    return people.pop() if len(people) == 1 else None
