"""A commitment named by the agreement that made it: "under the Japan-U.S. agreement to move about 9,000 Marines out of
Okinawa", "the two countries' agreement to …", "a bilateral agreement to …", "an agreement between Japan and the
United States to …". What the agreement is to do is a commitment of the states it names (or of the text's two for
"bilateral", "the two countries'"), `modality: agreed-to-pursue` — an agreement to do something, not the thing done.

A sentence that opens "Under a 2012 agreement, X are to be relocated to …" states what the agreement plans: a
commitment of the text's two states, `planned` ("Under that agreement, …" leaves which agreement to the reader).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitments import AGREED_ACT, NOT_BEFORE, WHAT, propose_commitment

RULE = "commitment-agreement-to"
AGREEMENT_TO = re.compile(
    r"\b(?:the|an?)\s+(?P<whose>(?:(?!\b(?:agreement|to|that|which)\b)[^,;:.\"\u201c\u201d]|(?<=\b[A-Z])\.){2,60}?)\s+"
    r"(?:agreement|accord|deal)\s+(?P<between>between\s+(?:(?!\bto\b)[^,;:.]|(?<=\b[A-Z])\.){3,60}?\s+)?to\s+"
    + AGREED_ACT
    + WHAT
)
BILATERAL = re.compile(
    r"\b(?:bilateral|two\s+(?:countries|governments|allies|nations)['\u2019]|allies['\u2019]|alliance)\b", re.IGNORECASE
)
# the words besides the states' names that may stand before "agreement": nothing that names another maker
ALLOWED = re.compile(
    r"\b(?:the|and|of|new|bilateral|landmark|\d{4}|two|countries|governments|allies|nations|alliance|between|"
    r"long-standing|original|previous|earlier|existing)\b|['\u2019]s?|-",
    re.IGNORECASE,
)


def propose_agreement_commitments(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for match in AGREEMENT_TO.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                continue
            end = match.end("between") if match.group("between") else match.end("whose")
            parties = _parties(analysis, match.start("whose"), end)
            if len(parties) < 2:
                analysis.why_not(match.start(), "an agreement whose parties the rules cannot name")
                continue
            propose_commitment(analysis, index, match, "agreed-to-pursue", parties, RULE)
    propose_under_agreement(analysis)


def _parties(analysis: Analysis, start: int, end: int) -> list[str]:
    """The states named before "agreement" (by name or nationality word), or the text's two for "bilateral"; none
    when other words name someone else ("the Japan-Philippines-U.S." with a state the registry lacks)."""
    words = analysis.text[start:end]
    states: list[str] = []
    rest = words
    for mention in analysis.mentions_in(start, end):
        if not analysis.is_a(mention.entity, "State") or mention.kind not in ("name", "demonym"):
            return []
        if mention.entity not in states:
            states.append(mention.entity)
        rest = rest.replace(mention.text, " ", 1)
    if re.search(r"[A-Za-z]{2,}", ALLOWED.sub(" ", rest)):
        return []
    if not states and BILATERAL.search(words):
        return analysis.main_states()
    return states


# "Under a 2012 agreement, …", "Under that agreement, …": the sentence's opening names the agreement it reports on
UNDER = re.compile(
    r"(?:[A-Z]+\s+\u2014\s+)?Under\s+(?P<det>a|an|the|that|this)\s+(?P<whose>(?:(?!\bagreement\b)[^,;:.]|(?<=\b[A-Z])\.){0,40}?)"
    r"\s*(?:agreement|accord|deal),\s+"
)
IS_TO = re.compile(r"\b(?:is|are)\s+to\s+(?:be\s+)?[a-z]+", re.IGNORECASE)
CLAUSE = re.compile(r"(?P<what>[^;:]+?)(?=\s*(?:[;:]|\.\s*$|$))")


def propose_under_agreement(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        under = UNDER.match(analysis.text, sentence.start, sentence.end)
        if under is None or analysis.quoted(under.start()):
            continue
        if not under.group("whose").strip():
            continue  # "Under that agreement, …", "Under an agreement, …": whose agreement is discourse the rules do not read
        clause = CLAUSE.match(analysis.text, under.end(), sentence.end)
        if clause is None or not IS_TO.search(clause.group("what")):
            continue
        whose = under.group("whose")
        parties = _parties(analysis, under.start("whose"), under.end("whose"))
        if not parties and re.fullmatch(r"\s*(?:\d{4}|bilateral|\d{4}\s+bilateral)?\s*", whose):
            parties = analysis.main_states()
        if len(parties) < 2:
            continue
        propose_commitment(analysis, index, clause, "planned", parties, RULE)
