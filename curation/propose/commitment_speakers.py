"""Who is speaking when a report's sentence opens with a pronoun: "Abe told reporters … . He said the government
would continue to explain the laws …". As news reports write, "He" or "She" opening a sentence is the person who is
the subject of the sentence before: the person named first there, after at most an opening phrase ("At that
meeting, Abe pledged …") and a title ("Prime Minister Shinzo Abe told …"). A sentence before that opens with anything
else (an object, a place, an event) tells no speaker, and nothing is proposed for one (a commitment given to the
wrong party is worse than none).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis

PRONOUN_OPENING = re.compile(r"\s*(?:He|She)\b")
# what may stand before the subject of a sentence: a dateline, an opening phrase closed by a comma, title words
SUBJECT_OPENING = re.compile(
    r"\s*(?:[A-Z][A-Z ,.]*\s+[\u2014\u2013-]\s+)?(?:[^,;:\"\u201c\u201d]{1,40},\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,4}$"
)


def pronoun_speaker(analysis: Analysis, index: int, position: int) -> str | None:
    """The person a sentence-opening "He"/"She" before `position` stands for: the subject of the sentence before,
    when that subject is a person the text names."""
    sentence = analysis.sentences[index]
    if index == 0 or not PRONOUN_OPENING.match(analysis.text, sentence.start, position):
        return None
    before = analysis.sentences[index - 1]
    return subject_person(analysis, before.start, before.end)


def subject_person(analysis: Analysis, start: int, end: int) -> str | None:
    """The person the words from `start` open with, as the subject, after at most a dateline, an opening phrase and a
    title ("At that meeting, Abe …", "Prime Minister Fumio Kishida has instructed …")."""
    for mention in analysis.mentions_in(start, end):
        if not SUBJECT_OPENING.fullmatch(analysis.text, start, mention.start):
            return None
        if analysis.is_a(mention.entity, "Person"):
            return mention.entity
    return None


def he_continues(analysis: Analysis, index: int) -> bool:
    """The sentence opens with "He"/"She" standing for the person the sentence before opens with: it goes on telling
    what that person said there ("At that meeting, Abe pledged …. He also said …")."""
    sentence = analysis.sentences[index]
    return pronoun_speaker(analysis, index, sentence.end) is not None
