"""Speech acts and decisions that news reports tell as events of their own.

An announcement of what a government will do ("Defense Minister X announced on June 15 that Japan would suspend …"),
a decision of a cabinet or council ("Japan's Cabinet had decided in December 2017 to buy …", "the National Security
Council, chaired by Prime Minister X, decided to …"), a briefing of lawmakers ("X told ruling party lawmakers of
the decision the next day"). The event layer (event_mentions.py) opens them from the lexicon's cues of these kinds; this module
says where what was said or decided begins (it names no party and dates nothing of the act), whether the words make an
act of record at all, which state a deciding body is of, and — once the other rules have run — what the act concerns. What someone says of themselves ("X announced that he
would not seek re-election") is no act of a government, and "X told reporters / lawmakers that …" is how reports quote,
not an event — unless the remarks have a place of their own ("told reporters in Tokyo on Thursday that …").
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.persons import PersonMention

ACT_KINDS = ("announcement", "decision", "briefing", "remarks")
# where what was announced or decided begins: "announced on June 15 that …", "decided in December 2017 to …"
CONTENT = {
    "announcement": re.compile(r"\bthat\b", re.IGNORECASE),
    "remarks": re.compile(r"\bthat\b", re.IGNORECASE),
    "decision": re.compile(r"\bto\s", re.IGNORECASE),
}
# the subject of a decision is a body of a state ("Japan's Cabinet", "the National Security Council, chaired by …")
BODY = re.compile(
    r"\b(?:cabinet|government|administration|(?:national\s+)?security\s+council|council|ministry|parliament|diet|congress)\b",
    re.IGNORECASE,
)
CHAIRED = re.compile(
    r",\s+(?:chaired|led|headed)\s+by\s+|\b(?:cabinet|government|administration)\s+of\s+", re.IGNORECASE
)
IT = re.compile(r"\s*it\b", re.IGNORECASE)
# what a government will do: "that Japan would …", "that the government will …", "that Tokyo would …"
GOVERNMENT_WORDS = re.compile(
    r"\s*(?:the\s+)?(?:government|administration|cabinet|country|alliance|allies|two\s+countries)\b", re.IGNORECASE
)


def act_window(
    analysis: Analysis, kind: str, cue_start: int, cue_end: int, clause: tuple[int, int]
) -> tuple[int, int] | None:
    """The words that tell of the act itself — its clause up to where what was said or decided begins — or None, with
    the reason noted, when the words make no act of record."""
    text = analysis.text
    start, end = clause
    content = CONTENT.get(kind)
    found = content.search(text, cue_end, end) if content else None
    if kind == "announcement":
        if found is None:
            analysis.why_not(cue_start, 'an announcement whose words are not reported (no "announced … that")')
            return None
        if not analysis.dates_in(start, found.start()):
            # "Hegseth announced that …" in a readout of the meeting: said at the meeting, no act of its own
            analysis.why_not(
                cue_start, "an announcement without a day of its own (said at the event the text tells of)"
            )
            return None
        state_speaks = _state_subject(analysis, start, cue_start)  # "Japan announced on Monday that it would …"
        if not (_government_acts(analysis, found.end(), end) or (state_speaks and IT.match(text, found.end(), end))):
            analysis.why_not(cue_start, "an announcement of what a person will do, not a government")
            return None
    if kind == "remarks" and not _remarks_of_record(analysis, start, cue_end, found):
        return None
    if kind == "briefing" and CONTENT["announcement"].search(text, cue_end, end):
        # "X told lawmakers on Wednesday that …": how the report quotes them; "told lawmakers of the decision": a briefing
        analysis.why_not(cue_start, "words told to lawmakers, quoted: how the report gives them, not an event")
        return None
    if kind == "decision" and not (BODY.search(text, start, cue_start) or _state_subject(analysis, start, cue_start)):
        analysis.why_not(cue_start, "a decision of someone other than a state or a body of one")
        return None
    return (start, found.start()) if found else clause


# "told reporters in Tokyo …", "… at the prime minister's office …": where the remarks were made
REMARKS_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?-i:[A-Z])|\bat\s+(?:the|his|her)\s+(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:office|residence|ministry|headquarters|palace)\b",
    re.IGNORECASE,
)


def _remarks_of_record(analysis: Analysis, start: int, cue_end: int, found: re.Match | None) -> bool:
    """Whether "X told reporters … that …" tells of remarks as an event: only with a place of their own ("told
    reporters in Tokyo on Thursday that …", "at the prime minister's office"), where they were made; "X told
    reporters (on Tuesday) that …" is how a report attributes what it quotes, not an event. What was said begins at
    "that" (None: not reported)."""
    if found is None:
        analysis.why_not(cue_end, 'remarks whose words are not reported (no "told reporters … that")')
        return False
    own = analysis.text[cue_end : found.start()]
    if REMARKS_PLACE.search(own):
        return True
    analysis.why_not(cue_end, "words told to reporters, quoted without a place: how the report attributes them")
    return False


def deciding_state(
    analysis: Analysis, start: int, cue_start: int, people: list[PersonMention]
) -> tuple[str, int, int] | None:
    """The state whose body decided: named with the body ("Japan's Cabinet", "the Japanese Cabinet"), as the subject
    ("Japan decided to …"), or the state of the office of the one who chairs or leads it ("the National Security
    Council, chaired by Prime Minister X", "the Cabinet of Prime Minister X"); None when the words do not say."""
    text = analysis.text
    bodies = list(BODY.finditer(text, start, cue_start))
    for m in analysis.mentions_in(start, cue_start):
        if not analysis.is_a(m.entity, "State"):
            continue
        if any(re.fullmatch(r"(?:['\u2019]s)?\s+(?:[\w-]+\s+){0,2}", text[m.end : b.start()]) for b in bodies):
            return m.entity, m.start, m.end  # "Japan's Cabinet", "the Japanese National Security Council"
        if re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}", text[m.end : cue_start]):
            return m.entity, m.start, m.end  # "Japan had decided to …"
    led = CHAIRED.search(text, start, cue_start)
    if led is None:
        return None
    for p in people:
        if led.end() <= p.start < cue_start and p.state:
            return p.state, p.start, p.end
    for m in analysis.mentions_in(led.end(), cue_start):
        for office in sorted(analysis.context.offices_held.get(m.entity, ())):
            if office in analysis.context.office_state:
                return analysis.context.office_state[office], m.start, m.end
    return None


def body_words(analysis: Analysis, start: int, cue_start: int) -> str | None:
    """The deciding body as the text names it, for the event's label: "Japan's Cabinet", "the National Security
    Council"; None when the subject names none."""
    text = analysis.text
    bodies = list(BODY.finditer(text, start, cue_start))
    if not bodies:
        return None
    body = bodies[-1]
    words = " ".join(w[0].upper() + w[1:] for w in body.group().split())
    owner = re.search(r"\b(?-i:[A-Z][\w.]*)(?:['\u2019]s)?\s+$", text[start : body.start()])
    return f"{owner.group().strip()} {words}" if owner else f"the {words}"


def _government_acts(analysis: Analysis, start: int, end: int) -> bool:
    """Whether what was announced is what a state or government does: its subject, right after "that", is one."""
    text = analysis.text
    if GOVERNMENT_WORDS.match(text, start, end):
        return True
    lead = re.match(r"\s*(?:the\s+)?", text[start:end])
    first = start + (lead.end() if lead else 0)
    return any(m.start == first and analysis.is_a(m.entity, "State") for m in analysis.mentions_in(start, end))


def _state_subject(analysis: Analysis, start: int, cue_start: int) -> bool:
    """Whether a state is the subject right before the verb ("Japan had decided to …")."""
    return any(
        analysis.is_a(m.entity, "State") and re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}", analysis.text[m.end : cue_start])
        for m in analysis.mentions_in(start, cue_start)
    )


TOPICS = ("Capability", "Commitment", "Agreement", "StateDocument")  # what an act is about; not who or where


def propose_act_topics(analysis: Analysis) -> None:
    """What an announcement or decision concerns: the capabilities, commitments, agreements and documents named in
    what was said or decided — the registry's, or proposed by the other rules from those words ("decided … to buy
    two Aegis Ashore batteries": the capability the acquisition rule proposes)."""
    modality = {c.subject: c.modality for c in analysis.claims if c.relation == "participant"}
    for event, spans in analysis.acts.items():
        for start, end in spans:
            found = [(m.entity, m.start, m.end) for m in analysis.mentions_in(start, end)]
            found += [(e.id, e.start, e.end) for e in analysis.entities.values() if start <= e.start < end]
            sentence = analysis.sentences[analysis.sentence_index(start)]
            for entity, a, b in sorted(found, key=lambda f: f[1]):
                if any(analysis.is_a(entity, kind) for kind in TOPICS):
                    analysis.propose(
                        ProposedClaim(
                            event,
                            "concerns",
                            entity,
                            sentence.start,
                            sentence.end,
                            "act-concerns",
                            0.6,
                            analysis.text[a:b],
                            modality=modality.get(event, "asserted"),
                        )
                    )
