"""A pledge reported with the state it binds: "Obama … pledged that the United States would provide any assistance
Japan needed", "He vowed that Japan would never again wage war". The state named after "that" makes the commitment
(`agreed-to-pursue`: a pledge), whoever speaks for it; what it would do is the commitment. A pledge whose "that"
clause opens with anything but one state's name ("promised that the legislation would be enacted") proposes nothing
here, and one in direct speech or after "not" is no pledge the text reports.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitments import (
    AGREED_ACT,
    NOT_BEFORE,
    OCCASION,
    WHAT,
    propose_commitment,
    state_or_capital,
)

RULE = "commitment-pledged-that"
PLEDGED_THAT = re.compile(
    r"\b(?:pledged|vowed|promised)\s+" + OCCASION + r"?that\s+"
    r"(?P<who>(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+(?:would|will)\s+"
    r"(?!(?:be|have|need|like|want|consider|study|discuss)\b)" + AGREED_ACT + WHAT
)


def propose_pledges(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for match in PLEDGED_THAT.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                continue
            state = _state_named(analysis, match)
            if state is None:
                continue
            propose_commitment(analysis, index, match, "agreed-to-pursue", [state], RULE)


def _state_named(analysis: Analysis, match: re.Match) -> str | None:
    """The one state (or its capital) the `who` words are, all of them: not a state inside a longer name."""
    mentions = analysis.mentions_in(match.start("who"), match.end("who"))
    if len(mentions) != 1 or mentions[0].end != match.end("who"):
        return None
    if analysis.text[match.start("who") : mentions[0].start].strip().lower() not in ("", "the"):
        return None
    return state_or_capital(analysis, mentions[0])
