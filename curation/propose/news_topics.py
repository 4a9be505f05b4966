"""What the events of fresh news concern, in the forms news reports tell it (round 10).

events.py and news_events.py propose the events a report tells (missile launches, news conferences, remarks to
reporters, exercises and drills); these rules say what they are about (`concerns`, as evaluation/README.md has it:
what a meeting or statement takes up, it concerns):

- A missile launch concerns the kind of missile fired ("North Korea fired a ballistic missile", "North Korea's
  launches of short-range missiles"): the Capability the text names, else ballistic or cruise missiles, else missiles.
- A news conference or remarks to reporters concern what the speaker said there: the capabilities, agreements,
  documents and events named in the reported clause ("X told a news conference that the Typhon's deployment was
  temporary", "…, X told a news conference", "At a joint news conference after the talks, X said …"), and the one
  launch or exercise of the text a definite noun names ("the missile", "the launch").
- An event done "in response to" another concerns it ("conducted a bombing drill … in response to the launch").
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim

# the noun a launch event's label starts with (events.py: "Missile launch of North Korea (August 2017)")
LAUNCH = "Missile launch"
SPEECH = ("Press conference", "Remarks")
# the missile fired, after the launch cue: "a ballistic missile", "what it said was a new … ballistic missile",
# "short-range missiles"; not a missile's parts or the defence against one ("missile defense", "missile launch sites")
MISSILE = re.compile(
    r"\b(?P<words>(?:[\w-]+\s+){0,4}?)(?P<noun>missiles?|ICBMs?|IRBMs?)\b"
    r"(?!\s+(?:defen[cs]e|launch|interceptors?|systems?|shield|units?|sites?|batter(?:y|ies)|technology|programs?))",
)
KIND_OF_MISSILE = (("ballistic", "Ballistic missiles"), ("cruise", "Cruise missiles"))
# what the speaker said, told with the news conference: "X told a news conference (on Friday) (that) …", "…, X told a
# news conference.", "At a (joint) news conference (after the talks), X said (that) …"
TOLD = re.compile(
    r"\b(?:told|tells)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:news|press)\s+(?:conference|briefing)"
    r"(?P<rest>[^.;]*?)(?:\s+that\b|,\s+saying\b|(?=\s*[.;]\s*$))",
    re.IGNORECASE,
)
TOLD_REPORTERS = re.compile(
    r"\b(?:told|tells)\s+(?:reporters|journalists)\b(?P<rest>[^.;,]*?)\s+that\b",
    re.IGNORECASE,
)
AT_CONFERENCE = re.compile(
    r"^(?:[A-Z]+\s+\u2014\s+)?(?:At|During)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:news|press)\s+"
    r"(?:conference|briefing)\b[^.;]*?,\s+(?P<who>[^,]{2,60}?)\s+(?:said|says|told\s+reporters)\s+(?:that\s+)?",
)
SPEECH_TOPICS = ("Capability", "Agreement", "StrategyDocument", "TreatyArticle")
# a definite noun for the text's one event of a kind: "the missile", "the launches", "the drills"
ANAPHOR = re.compile(
    r"\b(?:the|that|this|those|these|North\s+Korea['\u2019]s|China['\u2019]s)\s+(?:latest\s+|recent\s+|missile\s+)?"
    r"(?P<noun>launch(?:es)?|missiles?|test(?:s|-firing)?)\b",
    re.IGNORECASE,
)
# a definite noun for the text's one election or referendum: "he took the result seriously", "the referendum"
VOTE_ANAPHOR = re.compile(r"\bthe\s+(?:referendum|vote|election|result|outcome)\b(?!\s+of\b)", re.IGNORECASE)
# the first word of a capability's name that a report calls it by later ("the Typhon's deployment"): a proper name,
# not a word many names share
SHORT_NAME = re.compile(r"(?-i:[A-Z][a-z]{3,})")
SHARED_WORDS = {"Type", "Navy", "Marine", "Army", "Joint", "Advanced", "Standard", "Global", "Ground", "Air", "Aegis"}
RESPONSE = re.compile(r"\bin\s+(?:response|retaliation|reaction)\s+to\b", re.IGNORECASE)


def propose_news_topics(analysis: Analysis) -> None:
    """`concerns` of the launches, news conferences, remarks and responses the text tells."""
    launch_weapons(analysis)
    speech_topics(analysis)
    responses(analysis)


def _events(analysis: Analysis, *nouns: str) -> list[str]:
    """The events the text introduced whose label starts with one of `nouns`, in text order."""
    found = [e for e in analysis.entities.values() if e.id.startswith("event/") and e.label.startswith(nouns)]
    return [e.id for e in sorted(found, key=lambda e: e.start)]


def _concerns(analysis: Analysis, subject: str, obj: str, index: int, rule: str, evidence: str) -> None:
    sentence = analysis.sentences[index]
    analysis.propose(ProposedClaim(subject, "concerns", obj, sentence.start, sentence.end, rule, 0.5, evidence))


def _registry_capability(analysis: Analysis, label: str) -> str | None:
    for entity in analysis.context.registry.entities.values():
        if entity.label == label and analysis.is_a(entity.id, "Capability"):
            return entity.id
    return None


def launch_weapons(analysis: Analysis) -> None:
    """A missile launch concerns the missile fired, named after its cue in the cue's clause."""
    for event in _events(analysis, LAUNCH):
        start = analysis.entities[event].start
        index = analysis.sentence_index(start)
        if index in analysis.skip:
            continue
        _, clause_end = analysis.clause(analysis.sentences[index], start)
        found = MISSILE.search(analysis.text, start, clause_end)
        if found is None:
            continue
        weapon = _named_missile(analysis, found)
        if weapon is not None:
            _concerns(analysis, event, weapon, index, "weapon-of-a-launch", found.group().strip())


def _named_missile(analysis: Analysis, found: re.Match) -> str | None:
    """The Capability the missile phrase names: a registry name ("Tomahawk cruise missiles"), else its kind
    ("intermediate-range ballistic missile" is a ballistic missile), else missiles."""
    named = [
        m
        for m in analysis.mentions_in(found.start(), found.end())
        if analysis.is_a(m.entity, "Capability") and m.end == found.end()
    ]
    if named:
        return named[-1].entity
    words = found.group("words").lower()
    for word, label in KIND_OF_MISSILE:
        if word in words.split() or found.group("noun").upper().startswith(("ICBM", "IRBM")) and word == "ballistic":
            return _registry_capability(analysis, label)
    if re.search(r"(?-i:[A-Z])", found.group("words")):
        return None  # a named type the registry does not hold ("Hwasong-12"): a new entity, for the reviewer
    return _registry_capability(analysis, "Missiles")


def speech_topics(analysis: Analysis) -> None:
    """A news conference or remarks to reporters concern what the speaker said there."""
    for event in _events(analysis, *SPEECH):
        start = analysis.entities[event].start
        index = analysis.sentence_index(start)
        if index in analysis.skip or analysis.quoted(start):
            continue
        span = _said(analysis, index, start)
        if span is None:
            continue
        for obj, words in _topics_in(analysis, event, span):
            conference = analysis.entities[event].label.startswith("Press conference")
            rule = "topic-of-a-news-conference" if conference else "topic-of-remarks"
            _concerns(analysis, event, obj, index, rule, words)


def _said(analysis: Analysis, index: int, cue: int) -> tuple[int, int] | None:
    """Where the words said at the conference lie in its sentence, in the three forms news uses."""
    sentence = analysis.sentences[index]
    text = analysis.text
    for pattern in (TOLD, TOLD_REPORTERS):
        told = pattern.search(text, max(sentence.start, cue - 12), sentence.end)
        if told is None or told.start() > cue:
            continue
        if told.end() < sentence.end - 2:
            return told.end(), sentence.end  # "X told a news conference that …"
        # "…, X told a news conference.": what comes before the speaker
        comma = text.rfind(",", sentence.start, told.start())
        if comma > sentence.start:
            lead = re.match(r"[A-Z]+\s+\u2014\s+", text[sentence.start : comma])
            return sentence.start + (lead.end() if lead else 0), comma
        return None
    at = AT_CONFERENCE.search(text[sentence.start : sentence.end])
    if at is not None:
        return sentence.start + at.end(), sentence.end
    return None


def _topics_in(analysis: Analysis, event: str, span: tuple[int, int]) -> list[tuple[str, str]]:
    start, end = span
    found: list[tuple[str, str]] = []
    for mention in analysis.mentions_in(start, end):
        if mention.kind == "demonym" or not any(analysis.is_a(mention.entity, k) for k in SPEECH_TOPICS):
            continue
        found.append((mention.entity, mention.text))
    # an event told in the words said ("North Korea's launches of short-range missiles this month")
    for other in analysis.entities.values():
        if other.id != event and other.id.startswith("event/") and start <= other.start < end:
            found.append((other.id, analysis.text[other.start : other.end]))
    # a capability the text named in full before, called by the first word of its name ("the Typhon's deployment")
    for other in analysis.entities.values():
        first = other.label.split()[0] if other.label else ""
        if other.type != "Capability" or other.start >= start or not SHORT_NAME.fullmatch(first):
            continue
        if first not in SHARED_WORDS and re.search(rf"\b{first}\b", analysis.text[start:end]):
            found.append((other.id, first))
    told = {obj for obj, _ in found}
    referents = [(a, _the_one_launch(analysis, a.start())) for a in ANAPHOR.finditer(analysis.text, start, end)]
    referents += [(a, _the_one_vote(analysis, a.start())) for a in VOTE_ANAPHOR.finditer(analysis.text, start, end)]
    for anaphor, referent in referents:
        if referent is not None and referent not in told:
            found.append((referent, anaphor.group()))
            told.add(referent)
    return found


def _the_one_vote(analysis: Analysis, position: int) -> str | None:
    """The election or referendum "the result" names: the text's only one (news_events.py's), told before it."""
    votes = [e for e in analysis.entities.values() if e.rule == "election"]
    if len(votes) != 1 or votes[0].start >= position:
        return None
    return votes[0].id


def _the_one_launch(analysis: Analysis, position: int) -> str | None:
    """The launch "the missile" or "the launch" names: the text's only launch, told before it."""
    launches = _events(analysis, LAUNCH)
    if len(launches) != 1 or analysis.entities[launches[0]].start >= position:
        return None
    return launches[0]


def responses(analysis: Analysis) -> None:
    """ "conducted a bombing drill … in response to the launch": the event of the clause concerns the launch."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for response in RESPONSE.finditer(analysis.text, sentence.start, sentence.end):
            anaphor = ANAPHOR.match(analysis.text, response.end() + 1, sentence.end)
            if anaphor is None:
                continue
            referent = _the_one_launch(analysis, anaphor.start())
            clause_start, _ = analysis.clause(sentence, response.start())
            acts = [
                e.id
                for e in analysis.entities.values()
                if e.id.startswith("event/") and e.id != referent and clause_start <= e.start < response.start()
            ]
            if referent is not None and acts:
                _concerns(
                    analysis,
                    acts[-1],
                    referent,
                    index,
                    "event-in-response-to",
                    response.group() + " " + anaphor.group(),
                )
