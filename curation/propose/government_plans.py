"""What an official says their government or ministry will do: "Nakatani said the government would work with the
United States to carry out the remaining transfers, and would continue to explain the plan to …", "Iwaya said the
ministry would continue the work while …", "… told a news conference that …, and that the government would work to
deploy the missiles as early as possible". The state of the speaker's office (or the one the words name: "the
Japanese government") makes the commitment, `modality: planned` — an intention, not an act. A speaker whose state
the rules cannot tell, or a government that "would be" something, proposes nothing.

A command or service named as the subject of a plan makes its own commitment, planned: "U.S. Forces Japan will
coordinate closely with the Japanese government …", "The U.S. Navy is to begin training MSDF personnel …" — not a
move of forces ("U.S. Marines plan to deploy …": where forces go is `deployedTo`, forces.py's).
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.propose.commitment_speakers import pronoun_speaker
from alliance_kg.curation.propose.commitments import NOT_BEFORE, WHAT, opens_clause, propose_commitment
from alliance_kg.curation.propose.forces import entity_of, find_named
from alliance_kg.curation.propose.persons import offices_of

RULE = "commitment-government-will"
REPORTING = (
    r"\b(?:said|says|added|told\s+(?:reporters|a\s+news\s+conference|lawmakers|parliament|the\s+Diet)(?:\s+\w+){0,3}?)"
)
WILL = (
    r"\s+(?:would|will)\s+(?:(?:also|now|further|soon|continue\s+to)\s+)?"
    # not deliberation ("would consider …", "will study …"): weighing an act commits to nothing; nor the stock
    # reactions of a government's statements ("will closely monitor the situation", "would respond appropriately")
    r"(?!(?:be|have|not|never|need|like|want|consider|study|examine|review|decide|discuss|look\s+into)\b)"
    r"(?!(?:closely\s+)?(?:monitor|watch|respond|react|handle|deal\s+with)\b)(?=[a-z]+\b)"
)
GOVERNMENT_WILL = re.compile(
    r"(?:" + REPORTING + r"\s+(?:on\s+\w+\s+)?(?:that\s+)?|\band\s+that\s+)"
    r"(?P<who>the\s+(?:(?P<nation>[A-Z][\w.]*)\s+)?(?:government|ministry|Defense\s+Ministry|Foreign\s+Ministry|administration))"
    + WILL
    + WHAT
)
# "…, and would consider moving …": what the government will weigh is a possibility, not a plan
AND_WOULD = re.compile(
    r"\s*,?\s*and\s+(?:would|will)\s+(?:(?:also|now|further|continue\s+to)\s+)?(?P<weigh>consider\s+)?"
    r"(?!(?:be|have|not)\b)(?=[a-z]+\b)" + WHAT
)


FORCE_RULE = "commitment-force-will"
FORCE_WILL = re.compile(
    r"\s+(?:will|plans\s+to|is\s+to|are\s+to|intends\s+to)\s+(?:also\s+)?"
    r"(?=(?:coordinate|consult|begin|start|set\s+up|establish|expand|strengthen|conduct|hold|share|train)\b)" + WHAT
)


def propose_force_plans(analysis: Analysis) -> None:
    for named in find_named(analysis):
        if named.type != "MilitaryUnit" or analysis.quoted(named.start):
            continue
        index = analysis.sentence_index(named.start)
        sentence = analysis.sentences[index]
        if index in analysis.skip or not opens_clause(analysis, sentence.start, named.start):
            continue
        match = FORCE_WILL.match(analysis.text, named.end, sentence.end)
        if match is None:
            continue
        propose_commitment(analysis, index, match, "planned", [entity_of(analysis, named)], FORCE_RULE)


def propose_government_plans(analysis: Analysis) -> None:
    propose_force_plans(analysis)
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for match in GOVERNMENT_WILL.finditer(analysis.text, sentence.start, sentence.end):
            if analysis.quoted(match.start("who")):
                continue
            if NOT_BEFORE.search(analysis.text, max(sentence.start, match.start() - 16), match.start()):
                continue
            if match.group().startswith("and") and not re.search(
                REPORTING, analysis.text[sentence.start : match.start()]
            ):
                continue  # "… and that the government would …" reports what someone said only after a reporting verb
            state = _government_state(analysis, sentence.start, match)
            if state is None:
                analysis.why_not(match.start("who"), "a government's plan whose state the rules cannot tell")
                continue
            propose_commitment(analysis, index, match, "planned", [state], RULE)
            further = AND_WOULD.match(analysis.text, match.end(), sentence.end)
            while further:  # "…, and would continue to explain the plan to the people of Okinawa"
                modality = "possible" if further.group("weigh") else "planned"
                propose_commitment(analysis, index, further, modality, [state], RULE)
                further = AND_WOULD.match(analysis.text, further.end(), sentence.end)


def _government_state(analysis: Analysis, start: int, match: re.Match) -> str | None:
    """The state the words name ("the Japanese government"), else the one state of the offices of the people named
    before the reporting verb (the speaker), or of the person a sentence-opening "He"/"She" stands for."""
    named = [
        m.entity for m in analysis.mentions_in(match.start("who"), match.end("who")) if analysis.is_a(m.entity, "State")
    ]
    if named:
        return named[0] if len(set(named)) == 1 else None
    if match.group("nation"):
        return None  # "the Okinawa government": a government the rules do not hold as a state's
    people = [m.entity for m in analysis.mentions_in(start, match.start()) if analysis.is_a(m.entity, "Person")]
    if not people:  # "He said the government would …": the one person the sentence before names
        people = [p for p in [pronoun_speaker(analysis, analysis.sentence_index(start), match.start())] if p]
    states = set()
    for person in people:
        states |= {analysis.context.office_state.get(o) for o in offices_of(analysis, person)} - {None}
    return states.pop() if len(states) == 1 else None
