"""What an event other than a meeting is about, read from its own clause: the capability the clause names after the
event's cue ("are scheduled to visit the Japanese helicopter carrier Kaga", "F-35B trials aboard the Izumo") is what
the visit, trial or deployment `concerns`.

Only capabilities, and only after the cue: a meeting's clause names much it is not about (the treaty its parties
signed, the weapons of the threat it met on), and an event's clause often names what another event is about ("an
MV-22 went down in Morocco …, and an Air Force CV-22 crashed in Florida" — the CV-22 is the second crash's, which
accidents.py says already). So a capability some other event of the text concerns already is left to that event, and
so is one named after a second event's cue in the clause.
"""

from __future__ import annotations

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity

RULE = "capability-an-event-names"
NOT_EVENTS = ("Meeting", "Summit", "Signing")  # their topics are the talks' and the signed agreement's rules'


def propose_event_topics(analysis: Analysis) -> None:
    """`concerns` of an event's own capability, for the events of the text other than meetings and signings."""
    events = sorted((e for e in analysis.entities.values() if e.id.startswith("event/")), key=lambda e: e.start)
    concerned = {c.object: c.subject for c in analysis.claims if c.relation == "concerns"}
    modality = {c.subject: c.modality for c in analysis.claims if c.relation in ("participant", "date", "place")}
    for event in events:
        if event.id in analysis.passing or any(analysis.is_a(event.id, kind) for kind in NOT_EVENTS):
            continue
        index = analysis.sentence_index(event.start)
        if index in analysis.skip or analysis.quoted(event.start):
            continue
        sentence = analysis.sentences[index]
        _, end = analysis.clause(sentence, event.start)
        following = [e.start for e in events if event.start < e.start < end]
        end = min(following, default=end)  # a second event's cue: what follows is that event's
        for entity, words in _capabilities(analysis, event, end):
            if concerned.get(entity, event.id) != event.id:
                continue  # what another event is about already
            claim = ProposedClaim(
                event.id,
                "concerns",
                entity,
                sentence.start,
                sentence.end,
                RULE,
                0.5,
                f"{_words(analysis, event)} … {words}",
                # the build holds `concerns` only as fact: a visit to come keeps it, and the note says so (as
                # news_topics.py's agenda of a meeting to come)
                note="what the event to come is to concern" if modality.get(event.id) == "planned" else None,
            )
            analysis.propose(claim)
            concerned.setdefault(entity, event.id)


def _capabilities(analysis: Analysis, event: ProposedEntity, end: int) -> list[tuple[str, str]]:
    """The capabilities named between the event's cue and `end`: the registry's and those the text introduces."""
    found = [
        (m.entity, m.text)
        for m in analysis.mentions_in(event.end, end)
        if m.kind != "demonym" and analysis.is_a(m.entity, "Capability")
    ]
    found += [
        (e.id, analysis.text[e.start : e.end])
        for e in analysis.entities.values()
        if e.type == "Capability" and event.end <= e.start < end
    ]
    return sorted(dict.fromkeys(found), key=lambda item: analysis.text.find(item[1], event.end))


def _words(analysis: Analysis, event: ProposedEntity) -> str:
    return analysis.text[event.start : event.end]
