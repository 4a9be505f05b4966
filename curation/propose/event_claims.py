"""The claims an event yields, from each of its mentions: its participants, date, place, level and series
(`meetingOf`), the agreement a signing signs (with the agreement's status and who signed it), and the event it is
part of (`subEventOf`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_kg.curation.propose.acts import ACT_KINDS
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import new_place
from alliance_kg.curation.propose.event_merging import approximate, overlap
from alliance_kg.curation.propose.event_records import DocEvent, EventMention
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue


def claims(analysis: Analysis, event: DocEvent) -> None:
    if event.id is None:
        return
    modality = event.modality
    dates = _best_dates(analysis, event)
    for mention in event.mentions:
        if mention.anaphoric:
            _scheduled_date(analysis, event, mention)
            continue  # "the meeting" refers back; what the sentence says of it is left to the reviewer
        sentence = analysis.sentences[mention.sentence]
        words = analysis.text[mention.start : mention.end]
        if mention is not event.mentions[0] and mention.modality == "negated" and modality != "negated":
            _staying_away(analysis, event, mention)
            continue

        def claim(
            relation: str, obj: str, confidence: float, evidence: str, sentence=sentence, modality=modality, **extra
        ) -> None:
            analysis.propose(
                ProposedClaim(
                    subject=event.id,
                    relation=relation,
                    object=obj,
                    start=sentence.start,
                    end=sentence.end,
                    rule=f"event-{relation}",
                    confidence=confidence,
                    evidence=evidence,
                    modality=modality,
                    note=(f"linked to {event.id}: {event.link_reason}" if event.linked else None),
                    **extra,
                )
            )

        if mention.cue.kind in ACT_KINDS and mention.clause[1] < mention.sentence_clause[1]:
            # what was announced or decided: acts.py proposes what it concerns once the other rules have run
            analysis.acts.setdefault(event.id, []).append((mention.clause[1], mention.sentence_clause[1]))
        for agent in mention.participants:
            confidence = 0.55 if agent.inferred else (0.75 if agent.person else 0.65)
            claim("participant", agent.id, confidence, f"{words} … {analysis.text[agent.start : agent.end]}")
        if mention.date is not None and mention.date in dates:
            anchor = analysis.anchor_for(mention.date) if mention.date.needs_anchor else None
            if mention.date_from is not None:  # the quote runs from the sentence that gives the date
                spanning = analysis.sentences[mention.sentence - 1]
                claim(
                    "date",
                    mention.date.expression,
                    0.6,
                    mention.date.text,
                    sentence=_Span(spanning.start, sentence.end),
                    modality=mention.date_modality or modality,
                    anchor=anchor[0] if anchor else None,
                )
            else:
                claim(
                    "date",
                    mention.date.expression,
                    0.8,
                    mention.date.text,
                    modality=mention.date_modality or modality,
                    anchor=anchor[0] if anchor else None,
                )
        if mention.place is not None:
            place, start, end, new = mention.place
            if new:
                place = new_place(analysis, place, start, end)
            claim("place", place, 0.5 if new else 0.7, analysis.text[start:end])
        if mention.level and event.type in ("Meeting", "Summit"):
            claim("level", mention.level, 0.75, words)
        if mention.series and event.type in ("Meeting", "Summit"):
            claim("meetingOf", mention.series, 0.85, words)
        for agreement in mention.agreements:
            claim("signingOf", agreement, 0.75, words)
            _agreement_claims(analysis, mention, agreement, sentence, modality)


def _staying_away(analysis: Analysis, event: DocEvent, mention: EventMention) -> None:
    """ "Onaga said he would not attend the ceremony, which is scheduled for Dec. 22": a later mention that says who
    will not take part in an event told before — they are participants `negated`, and the event keeps its own
    modality; a schedule the sentence gives still dates it."""
    sentence = analysis.sentences[mention.sentence]
    for agent in mention.participants:
        analysis.propose(
            ProposedClaim(
                subject=event.id,  # type: ignore[arg-type]  # claims() runs only for events with an id
                relation="participant",
                object=agent.id,
                start=sentence.start,
                end=sentence.end,
                rule="event-participant",
                confidence=0.55,
                evidence=f"{mention.modality_words} … {analysis.text[agent.start : agent.end]}",
                modality="negated",
            )
        )
    _scheduled_date(analysis, event, mention)


# "the ceremony, which is scheduled for Dec. 22": a relative clause that dates the event it follows
SCHEDULED_FOR = re.compile(
    r"\s*,\s+(?:which|that)\s+(?:is|was|are|were|has\s+been|had\s+been)\s+(?:now\s+)?(?:scheduled|set|slated|planned|"
    r"due)\s+(?:for|on|to\s+(?:be\s+held|take\s+place|open|begin|start)\s+(?:on|in))\s+",
    re.IGNORECASE,
)


def _scheduled_date(analysis: Analysis, event: DocEvent, mention: EventMention) -> None:
    """The date of a mention that refers back ("Onaga said he would not attend the ceremony, which is scheduled for
    Dec. 22") when a relative clause on the cue gives it and no other mention of the event is dated: the event's
    date, with the modality of the schedule (planned when to come)."""
    if (
        mention.date is None
        or mention.date.start < mention.end
        or any(m.date for m in event.mentions if m is not mention)
    ):
        return
    if not SCHEDULED_FOR.fullmatch(analysis.text, mention.end, mention.date.start):
        return
    sentence = analysis.sentences[mention.sentence]
    future = mention.date_value is not None and mention.date_value.earliest > analysis.source.date.latest
    analysis.propose(
        ProposedClaim(
            subject=event.id,  # type: ignore[arg-type]  # claims() runs only for events with an id
            relation="date",
            object=mention.date.expression,
            start=sentence.start,
            end=sentence.end,
            rule="event-date",
            confidence=0.7,
            evidence=analysis.text[mention.start : mention.date.end],
            modality="planned" if future else event.modality,
        )
    )


def parts(analysis: Analysis, events: list[DocEvent]) -> None:
    """subEventOf for a meeting the text says is part of another event (the summit a visit is made for)."""
    of = {id(m): e for e in events for m in e.mentions}
    for event in events:
        for mention in event.mentions:
            whole = of.get(id(mention.part_of)) if mention.part_of is not None else None
            if whole is None or whole is event or not event.id or not whole.id:
                continue
            sentence = analysis.sentences[mention.sentence]
            words = analysis.text[mention.part_of.start : mention.end]
            analysis.propose(
                ProposedClaim(
                    event.id,
                    "subEventOf",
                    whole.id,
                    sentence.start,
                    sentence.end,
                    "event-part-of",
                    0.65,
                    words,
                    modality=event.modality,
                )
            )


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _best_dates(analysis: Analysis, event: DocEvent) -> list[DateMention]:
    """The event's dates as precise as the text gives them: a span that holds a more precise date is left out."""
    dated = [
        (m.date, m.date_value)
        for m in event.mentions
        if m.date is not None and m.date_value is not None and not m.anaphoric
    ]
    known = analysis.context.events.get(event.id) if event.linked and event.id else None
    if known is not None and known.dates:
        # the graph dates the event it is linked to: a day outside that is another clause's or another event's
        # ("… held a 2+2 the day before", read as the document's day)
        # (a counted date within its distance: "a fortnight before" is approximate)
        def agrees(date: DateMention, value: DateValue) -> bool:
            return any(overlap(approximate(date, value), d) for d in known.dates)

        for date, value in dated:
            if not agrees(date, value):
                analysis.why_not(date.start, f"{date.text!r} is not when the graph says {known.label} took place")
        dated = [(date, value) for date, value in dated if agrees(date, value)]
    kept = []
    for date, value in dated:
        width = (value.latest - value.earliest).days
        if any(
            (v.latest - v.earliest).days < width and value.earliest <= v.earliest and v.latest <= value.latest
            for _, v in dated
        ):
            continue
        kept.append(date)
    return kept


def _agreement_claims(analysis: Analysis, mention: EventMention, agreement: str, sentence, modality: str) -> None:
    words = analysis.text[mention.start : mention.end]
    signers = mention.signers
    if modality == "asserted":
        analysis.propose(
            ProposedClaim(
                agreement, "status", "signed", sentence.start, sentence.end, "agreement-signed-status", 0.7, words
            )
        )
    states = set()
    for signer in signers:
        if analysis.is_a(signer.id, "State"):
            states.add(signer.id)
        else:
            for office in analysis.context.offices_held.get(signer.id, ()):
                if office in analysis.context.office_state:
                    states.add(analysis.context.office_state[office])
            for claim in analysis.claims:
                if claim.relation == "holdsOffice" and claim.subject == signer.id:
                    state = analysis.context.office_state.get(claim.object) or next(
                        (c.object for c in analysis.claims if c.relation == "officeOf" and c.subject == claim.object),
                        None,
                    )
                    if state:
                        states.add(state)
    # an agreement is signed by the states whose ministers sign it (the people take part in the signing event);
    # by the people only where the rules cannot tell their states
    for signer in sorted(states) if states else [s.id for s in signers]:
        analysis.propose(
            ProposedClaim(
                agreement,
                "signedBy",
                signer,
                sentence.start,
                sentence.end,
                "agreement-signed-by",
                0.65,
                words,
                modality=modality,
            )
        )
    if len(states) >= 2 or re.search(r"\bbilateral\b", analysis.text[sentence.start : sentence.end], re.IGNORECASE):
        for state in sorted(states):
            analysis.propose(
                ProposedClaim(
                    agreement,
                    "hasParty",
                    state,
                    sentence.start,
                    sentence.end,
                    "agreement-party",
                    0.6,
                    words,
                    modality=modality,
                )
            )
