"""A pledge reported with the state it binds: "Obama … pledged that the United States would provide any assistance
Japan needed", "He vowed that Japan would never again wage war". The state named after "that" makes the commitment
(`agreed-to-pursue`: a pledge), whoever speaks for it; what it would do is the commitment. A pledge whose "that"
clause opens with anything but one state's name ("promised that the legislation would be enacted") proposes nothing
here, and one in direct speech or after "not" is no pledge the text reports. What a state is reported never to do
("The government says …, and that Japan will never strike first") is a commitment the text says holds (`asserted`).
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
NEVER_RULE = "commitment-never"
PLEDGED_THAT = re.compile(
    r"\b(?:pledged|vowed|promised)\s+" + OCCASION + r"?that\s+"
    r"(?P<who>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})\s+(?:would|will)\s+"
    r"(?!(?:be|have|need|like|want|consider|study|discuss)\b)" + AGREED_ACT + WHAT
)


# "The government says …, and that Japan will never strike first": what a state is reported never to do is a standing
# commitment (asserted), whoever reports it; a pledge of it ("vowed that Japan would never …") is the form above
REPORTING = re.compile(r"\b(?:said|says|saying|told|tells|added|stated|stressed|insisted)\b")
NEVER = re.compile(
    r"\b(?:that|said|says|added|stated)\s+(?P<who>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})\s+(?:will|would)\s+(?=never\s+(?:again\s+)?[a-z]+\b)"
    + WHAT
)


def propose_pledges(analysis: Analysis) -> None:
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        pledged = set()
        for match in PLEDGED_THAT.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                continue
            state = _state_named(analysis, match)
            if state is None:
                continue
            propose_commitment(analysis, index, match, "agreed-to-pursue", [state], RULE)
            pledged.add(match.start("who"))
        for match in NEVER.finditer(analysis.text, sentence.start, sentence.end):
            if match.start("who") in pledged or analysis.quoted(match.start()):
                continue
            if not REPORTING.search(analysis.text, sentence.start, match.start("who")):
                continue  # "… that Japan would never …" only as what someone is reported to say
            state = _state_named(analysis, match)
            if state is not None:
                propose_commitment(analysis, index, match, "asserted", [state], NEVER_RULE)


def _state_named(analysis: Analysis, match: re.Match) -> str | None:
    """The one state (or its capital, or its armed forces as a whole: "the Self-Defense Forces") the `who` words are,
    all of them: not a state inside a longer name."""
    words = re.sub(r"^the\s+", "", " ".join(match.group("who").split()))
    for state, names in analysis.context.lexicon.armed_forces.items():
        if words in names and state in analysis.context.registry.entities:
            return state
    mentions = analysis.mentions_in(match.start("who"), match.end("who"))
    if len(mentions) != 1 or mentions[0].end != match.end("who"):
        return None
    if analysis.text[match.start("who") : mentions[0].start].strip().lower() not in ("", "the"):
        return None
    return state_or_capital(analysis, mentions[0])
