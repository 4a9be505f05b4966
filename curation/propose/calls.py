"""Calls, requests and demands as news reports tell of them: "Tamaki called on the two governments to speed up the
transfer and to reduce …", "urged Japan and the United States to stop …", "had asked the U.S. side to give top priority
to safety", "Japan had asked the United States on Nov. 30 to suspend …", "would demand that the Japanese and U.S.
governments withdraw all Ospreys … and scrap the plan …".

What is called for is a commitment of those called on — the states, forces or bodies the call names (a person stands
for the state of their office, "the two governments" for the text's two states) — with `modality: proposed`: a call
is neither an act nor a commitment anyone has made, and the caller commits to nothing. A call whose addressee the
rules cannot name ("urged all parties", "asked lawmakers", "called for X") proposes nothing, nor does a call of the
text's two states together on a third ("the two leaders urged North Korea to abandon …"), which is what their
meeting or statement is about (commitments.py's topics).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitments import (
    AGREED_ACT,
    FURTHER,
    NOT_BEFORE,
    WHAT,
    WORDS,
    propose_commitment,
    state_or_capital,
    subjects_of,
)
from alliance_kg.curation.propose.persons import person_state

PROPOSED = "proposed"
RULE = "commitment-called-for"
# who is called on: a few words up to "to" (a date's period, "Nov. 30", and an initial's, "U.S.", end nothing)
_WHOM = r"(?P<whom>(?!(?:for|about|whether|if|how|what|by)\b)(?:(?!\b(?:to|that)\b)[^,;:.\"\u201c\u201d]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z]{2})\.(?=\s\d)){2,60}?)"
CALL = re.compile(
    r"\b(?:call(?:ed|s)?\s+on|urg(?:ed|es|e)|ask(?:ed|s)?|press(?:ed|es)?|request(?:ed|s)?)\s+"
    + _WHOM
    + r"\s+to\s+"
    + AGREED_ACT
    + WHAT
)
# "demanded that the Japanese and U.S. governments withdraw …": the subjunctive's subject, a run of names and the words
# for governments, is called on; a passive ("demanded that the exercises be stopped") names no one who is
_NAMES = (
    r"(?P<whom>(?:(?:the|and|both|two|of|[A-Z][\w.'\u2019-]*|governments?|sides?|countries|authorities|"
    r"administrations?|allies|nations)\s+)++)"
)
DEMAND = re.compile(
    r"\b(?:demand(?:ed|s)?|request(?:ed|s)?|urg(?:ed|es|e)|ask(?:ed|s)?|insist(?:ed|s)?)\s+that\s+"
    + _NAMES
    + r"(?!(?:be|is|was|were|are|would|will|should|must|could|had|has|have|not|and|or)\b)(?=[a-z]+\b)"
    + WHAT
)
# "withdraw all Ospreys from the prefecture and scrap the plan to …": a second verb with its own object is a second call
NEXT_VERB = re.compile(r"\s+and\s+(?=[a-z]+\s+(?:the|a|an|all|its|their|any|every)\b)")
GROUP = re.compile(
    r"^(?:the\s+)?(?:two|both)\s+(?:governments|countries|sides|allies|nations)$|^both\s+(?:governments|countries|sides)$",
    re.IGNORECASE,
)
FORECAST = re.compile(r"\b(?:expected|likely|set|poised|unlikely)\s+to\s+$|\b(?:may|might|could)\s+$", re.IGNORECASE)
# who asks without an office: a question or an opinion, not a call on a government
NOT_OFFICIAL = re.compile(
    r"\b(?<!told\s)(?<!to\s)(?<!with\s)(?<!by\s)"
    r"(?:reporters|journalists|analysts|experts|critics|scholars|commentators|pollsters|residents|protesters)\b",
    re.IGNORECASE,
)
GOVERNMENT_WORD = re.compile(r"\b(?:governments?|sides?|authorities|administrations?)\b", re.IGNORECASE)
BODIES = ("Organisation", "MilitaryUnit")


def propose_calls(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for pattern in (CALL, DEMAND):
            for match in pattern.finditer(analysis.text, sentence.start, sentence.end):
                if analysis.quoted(match.start()):
                    continue
                if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                    analysis.why_not(match.start(), "a call the sentence denies")
                    continue
                if FORECAST.search(analysis.text, max(sentence.start, match.start() - 24), match.start()):
                    analysis.why_not(match.start(), "a call someone expects, not one made")
                    continue  # "is expected to press Japan to …": analysts' forecast
                clause_start, _ = analysis.clause(sentence, match.start())
                if NOT_OFFICIAL.search(analysis.text, clause_start, match.start()):
                    analysis.why_not(match.start(), "a request of someone who holds no office: no call of policy")
                    continue  # "Reporters asked Kishida to comment": not what a government is called on to do
                called = addressees(analysis, match.start("whom"), match.end("whom"))
                if not called:
                    analysis.why_not(match.start(), "a call whose addressee the rules cannot name")
                    continue
                main = analysis.main_states()
                callers = subjects_of(analysis, sentence, match.start())
                if main and set(main) <= set(callers) and not set(called) & set(main):
                    # "the two leaders urged North Korea to abandon …": what the parties' meeting or statement is
                    # about (their topic), not a third state's commitment
                    analysis.why_not(match.start(), "a call of the two parties on a third state: their topic")
                    continue
                for part in _parts(analysis, match, pattern is DEMAND):
                    propose_commitment(analysis, index, part, PROPOSED, called, RULE)
                further = FURTHER.match(analysis.text, match.end(), sentence.end)
                while further:  # "to speed up the transfer and to reduce the number of Marines …"
                    propose_commitment(analysis, index, further, PROPOSED, called, RULE)
                    further = FURTHER.match(analysis.text, further.end(), sentence.end)


def _parts(analysis: Analysis, match: re.Match, split: bool) -> list[re.Match]:
    """The call's content, or for a demand each verb with its own object ("withdraw X and scrap Y")."""
    if not split:
        return [match]
    start, end = match.start("what"), match.end("what")
    cuts = [m for m in NEXT_VERB.finditer(analysis.text, start, end)]
    bounds = [start, *(p for m in cuts for p in (m.start(), m.end())), end]
    parts = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        part = WORDS.match(analysis.text, a, b)
        if part is not None:
            parts.append(part)
    return parts


def addressees(analysis: Analysis, start: int, end: int) -> list[str]:
    """Who the words between the verb and "to" name: states by name, capital or, before "governments"/"side", their
    nationality word; the states of people's offices; forces and bodies ("the Navy", "Congress"); "the two
    governments" for the text's two states; "the central government" for the state the lexicon says it names. Nothing when other words name someone the rules cannot ("all parties",
    "lawmakers", "the prefecture")."""
    words = " ".join(analysis.text[start:end].split())
    if GROUP.match(words):
        return analysis.main_states()
    for state, names in analysis.context.lexicon.governments.items():
        bare = re.sub(r"^the\s+", "", words, flags=re.IGNORECASE).lower()
        if bare in (n.lower() for n in names) and state in analysis.main_states():
            return [state]  # "asked the central government to …"
    found: list[str] = []
    covered = words
    for mention in analysis.mentions_in(start, end):
        entity = None
        if analysis.is_a(mention.entity, "State"):
            if mention.kind in ("name", "capital") or GOVERNMENT_WORD.search(analysis.text, mention.end, end):
                entity = mention.entity
        elif state_or_capital(analysis, mention):
            entity = state_or_capital(analysis, mention)  # "urged Tokyo to …": the government
        elif analysis.is_a(mention.entity, "Person"):
            entity = person_state(analysis, mention.entity)
        elif any(analysis.is_a(mention.entity, kind) for kind in BODIES):
            entity = mention.entity
        if entity is None:
            return []
        if entity not in found:
            found.append(entity)
        covered = covered.replace(" ".join(mention.text.split()), " ", 1)
    # what is left is articles, "and", titles and the words for a government or side, or an occasion ("on Nov. 30")
    rest = re.sub(r"\b(?:on|in|at|during|last|this|earlier)\b.*$", " ", covered)
    if re.search(
        r"[a-z]{3,}",
        re.sub(r"\b(?:the|and|both|of|its|their|his|her)\b|" + GOVERNMENT_WORD.pattern, " ", rest, flags=re.I),
    ):
        return []  # "asked the prefecture and Tokyo", "urged allies such as Japan": someone the rules cannot name
    return found
