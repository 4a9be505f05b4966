"""Laws a legislature enacts and decisions a cabinet takes, as documents of state the text introduces.

- "The Diet early Saturday enacted a package of security bills …", "- Sept. 19, 2015: Japan's parliament enacts
  security legislation …": the legislation (a new document named by the state and the law's own words, "Japan's
  security legislation") is `adopted`, issued by the legislature's state, on the clause's (or the dated item's) day.
- "a Cabinet decision of July 1, 2014", "the Cabinet decision of the Government of Japan of July 1, 2014": a document
  of the cabinet's state, issued that day.

Whose a legislature or a cabinet is: the state named with it ("Japan's parliament", "the Government of Japan"), else
lexicon.yaml's `state_bodies` ("the Diet", "the Cabinet": Japan's).
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.documents import NOT_AN_ACT, approver, item_day, state_named
from alliance_kg.curation.propose.items import item_head
from alliance_kg.loaders.sentences import Sentence

ENACTS = re.compile(r"\b(?P<verb>enacted|enacts|enact)\s+")
# what is enacted: "a package of security bills", "security legislation", "the new security laws"
LAW_PHRASE = re.compile(
    r"(?:(?:a|an|the|its|their)\s+)?(?:(?:package|set|series)\s+of\s+)?(?:(?:new|revised|controversial|landmark)\s+)?"
    r"(?P<words>(?:(?!(?:and|or|of|the|a|an|to|that|which|into)\b)[a-z][\w-]*\s+){1,3}?)(?P<head>legislation|bills?|laws?)\b"
)
# the clause's subject: "The Diet early Saturday enacted …", "The National Diet on Friday enacted …"
BODY = re.compile(
    r"\W*(?:[A-Z]{2,}(?:[\s,.]+[A-Z][\w.]*)*\s+[\u2014\u2013-]+\s+)?"  # a dateline: "TOKYO — "
    r"(?:[Tt]he\s+)?(?P<body>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\b"
)
ISSUE_DATE_KINDS = ("day", "weekday", "year")
CABINET_DECISION = re.compile(
    r"\b[Cc]abinet\s+decision\s+(?:of\s+the\s+[Gg]overnment\s+of\s+(?P<state>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+)?of\s+"
)


def _body_state(analysis: Analysis, words: str) -> str | None:
    """The state a legislature's or cabinet's name stands for ("Diet", "Cabinet"), from lexicon.yaml."""
    return next((s for s, names in analysis.context.lexicon.state_bodies.items() if words in names), None)


def _document(analysis: Analysis, label: str, start: int, end: int, rule: str) -> str:
    """The document proposed already under this label, or a new one."""
    known = next((e.id for e in analysis.entities.values() if e.label == label), None)
    if known is not None:
        return known
    identifier = analysis.free_id(f"law/{slug(label)}"[:60])
    definition = f"{label}, as document {analysis.source.id} names it."
    analysis.entity(ProposedEntity(identifier, "StateDocument", label, definition, rule, 0.5, start, end))
    return identifier


def propose_enacted_laws(analysis: Analysis, index: int, sentence: Sentence) -> None:
    """ "The Diet early Saturday enacted a package of security bills …": the legislation is adopted, issued by the
    legislature's state on the clause's day."""
    text = analysis.text
    for verb in ENACTS.finditer(text, sentence.start, sentence.end):
        if verb.group("verb") == "enacts" and item_head(analysis, index) is None:
            continue  # the present tells a chronology's dated act, not news
        before = text[max(sentence.start, verb.start() - 30) : verb.start()]
        if analysis.quoted(verb.start()) or NOT_AN_ACT.search(before):
            continue  # "would be enacted", "plans to enact": no act
        law = LAW_PHRASE.match(text, verb.end(), sentence.end)
        if law is None:
            continue
        states, subject_start = approver(analysis, sentence, verb.start())
        if not states:
            body = BODY.match(text, analysis.clause(sentence, verb.start())[0], verb.start())
            state = _body_state(analysis, body.group("body")) if body else None
            if state is None:
                continue
            states, subject_start = [state], body.start()
        if len(states) != 1:
            continue
        state = states[0]
        head = "law" if law.group("head") == "law" else "legislation"  # a package of bills, or laws, is legislation
        label = f"{analysis.label(state)}'s {' '.join(law.group('words').split())} {head}"
        document = _document(analysis, label, law.start(), law.end(), "law-enacted")
        evidence = text[subject_start : law.end()]
        analysis.propose(
            ProposedClaim(document, "status", "adopted", sentence.start, sentence.end, "law-enacted", 0.6, evidence)
        )
        analysis.propose(
            ProposedClaim(document, "issuedBy", state, sentence.start, sentence.end, "law-enacted", 0.6, evidence)
        )
        # the day between the subject and the law ("The Diet early Saturday enacted"), else the dated item's; not a
        # date after it ("… security legislation that puts the 2014 decision into effect")
        dates = analysis.dates_in(subject_start, law.end())
        date = (
            (dates[0].expression, dates[0].text)
            if len(dates) == 1 and dates[0].kind in ISSUE_DATE_KINDS and not dates[0].needs_anchor
            else None
        )
        if not dates and (item := item_day(analysis, index)) is not None:
            date = (item[0], item[2])
        if date is not None:
            analysis.propose(
                ProposedClaim(
                    document, "dcterms:issued", date[0], sentence.start, sentence.end, "law-enacted", 0.6, date[1]
                )
            )


def propose_cabinet_decisions(analysis: Analysis, sentence: Sentence) -> None:
    """ "a Cabinet decision of July 1, 2014": a document of the cabinet's state, issued that day."""
    text = analysis.text
    for match in CABINET_DECISION.finditer(text, sentence.start, sentence.end):
        if analysis.quoted(match.start()):
            continue
        date = next((d for d in analysis.dates_in(match.end(), sentence.end) if d.start == match.end()), None)
        if date is None or date.kind != "day" or date.needs_anchor:
            continue
        state = (
            state_named(analysis, match.group("state")) if match.group("state") else _body_state(analysis, "Cabinet")
        )
        if state is None:
            continue
        label = f"Cabinet decision of {date.text}"
        document = _document(analysis, label, match.start(), date.end, "cabinet-decision")
        evidence = text[match.start() : date.end]
        analysis.propose(
            ProposedClaim(document, "issuedBy", state, sentence.start, sentence.end, "cabinet-decision", 0.6, evidence)
        )
        analysis.propose(
            ProposedClaim(
                document, "dcterms:issued", date.expression, sentence.start, sentence.end, "cabinet-decision", 0.6,
                evidence,
            )
        )  # fmt: skip


def propose_laws(analysis: Analysis) -> None:
    """The rules of this module, sentence by sentence."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        propose_enacted_laws(analysis, index, sentence)
        propose_cabinet_decisions(analysis, sentence)
