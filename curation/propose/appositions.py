"""What a name's apposition says it is, in the words of the text: "Camp Blaz, the first new Marine Corps
base in about 70 years, was …", "Yonaguni, Japan's westernmost inhabited island, about 110 kilometers east of Taiwan,
…" (`characterisation`), where a place lies ("lies about 110 kilometers east of Taiwan"), and the service a base's
apposition or possessive makes it ("the Marines' Camp Schwab": `operatedBy`). The helpers that find an apposition
and its head serve the exercise rules too (exercise_phrases.py).

Never of a state, of a name inside another noun phrase ("the return of … the Northern Training Area, the largest
return …"), of a list, of what someone is said to be, or with a head of another kind than the name's ("off Nagasaki
Prefecture, the first confirmed incursion" is the incursion's); a bare kind-and-place ("a U.S. territory") is the
locatedIn rules'.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import armed_forces
from alliance_kg.curation.propose.forces import APOS, WORD, Named, entity_of, force_claim, is_place
from alliance_kg.curation.propose.mentions import US
from alliance_kg.loaders.sentences import Sentence

# --- appositions

# the first part: an article and a lower-case word (or one capitalised word and a lower-case one: "a U.S. territory"),
# or a possessive and a lower-case word ("Japan's westernmost inhabited island")
APPOSITION = re.compile(
    rf",\s+(?P<words>(?:(?:an?|the|one\s+of\s+the)\s+(?:[a-z\d]|[A-Z][\w.]*\s+[a-z])|{WORD}(?:\s+{WORD})?{APOS}s\s+[a-z])"
    r"[^,;:()\u2014\u2013\"\u201c]*)"
)
# a part that continues it: where the place lies ("about 110 kilometers east of Taiwan")
CONTINUED = re.compile(
    r",\s+(?P<words>(?:(?:about|some|nearly|roughly|around|just|only|more\s+than|less\s+than)\s+)?[\d,.]+\s*"
    r"(?:kilometers|kilometres|km|miles|nautical\s+miles)\s+(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest|off|from)\b[^,;:()\u2014\u2013\"\u201c]*)"
)
RELATIVE = re.compile(r"\s+(?:that|which|who|whom|whose|where|when)\b")
HEADQUARTERS_OF = re.compile(r"the\s+(?:headquarters|home\s+base)\s+of\s+(?:the\s+)?")
NOT_APPOSED = re.compile(r"\b(?:and|or|said|says|told|tells|added|according|including|such\s+as)\b")
INSIDE_PHRASE = re.compile(rf"(?:\bof\s+(?:the\s+)?(?:[\w.-]+{APOS}s\s+)?|{APOS}s\s+)$")


def propose_appositions(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Camp Blaz, the first new Marine Corps base in about 70 years, was activated …": how the text characterises a
    place, base, unit or capability it names, in the words of the apposition."""
    text = analysis.text
    end = sentence_end(text, sentence)
    for named in here:
        if named.type == "State" or not (is_place(named) or named.type in ("MilitaryUnit", "Capability")):
            continue
        if INSIDE_PHRASE.search(text[max(sentence.start, named.start - 40) : named.start]):
            continue  # "the return of … the Northern Training Area, the largest return …": the apposition is the head's
        words = apposition_span(text, named.end, end)
        kind = "Place" if named.type == "Region" else named.type
        seat = HEADQUARTERS_OF.match(text, words[0], words[1]) if words and named.type == "Facility" else None
        unit = next((n for n in here if seat and n.start == seat.end() and n.type == "MilitaryUnit"), None)
        if unit is not None:
            # "Camp Smith, the headquarters of U.S. Pacific Command": where the unit is, not what the base is
            force_claim(analysis, sentence, unit, "deployedTo", named, "forces-headquarters-of", confidence=0.65)
            continue
        if words is None or not headed(text[words[0] : words[1]], analysis.context.lexicon.apposition_heads[kind]):
            continue
        analysis.propose(
            ProposedClaim(
                entity_of(analysis, named), "characterisation", text[words[0] : words[1]], sentence.start,
                sentence.end, "forces-apposition", 0.6, text[named.start : words[1]][:200],
            )
        )  # fmt: skip
        if named.type == "Facility":
            _operated_by(analysis, sentence, named, text[words[0] : words[1]], BASE_OF_SERVICE)


# "Camp Blaz, the first new Marine Corps base"; "the Marines' Camp Schwab"
BASE_OF_SERVICE = r"\b{service}\s+(?:base|air\s+station|camp|facility|installation|airfield)\b"
SERVICE_OWNS_BASE = r"\b(?:" + US + r"\s+)?{service}{apos}s?\s+$"


def _operated_by(analysis: Analysis, sentence: Sentence, base: Named, words: str, form: str) -> None:
    """The service that `words` make the base's, in `form` (a pattern with the service's word in it)."""
    for service, names in analysis.context.lexicon.service_words.items():
        if service not in analysis.context.registry.entities:
            continue
        said = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        if re.search(form.format(service=f"(?:{said})", apos=APOS), words):
            operator = Named(base.start, base.end, analysis.label(service), "MilitaryUnit", service)
            force_claim(analysis, sentence, base, "operatedBy", operator, "forces-base-of-service", confidence=0.65)
            return


# "the U.S. military's Northern Training Area": the state's armed forces as a whole (lexicon.yaml's `armed_forces`)
MILITARY_OWNS_BASE = re.compile(rf"\b(?P<state>{US}|American|Japanese)\s+(?:military|armed\s+forces){APOS}s?\s+$")
STATE_OF_WORD = {"U.S.": "united-states", "US": "united-states", "American": "united-states", "Japanese": "japan"}


def propose_service_bases(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the Marines' Camp Schwab", "the U.S. military's Northern Training Area": the service, or the state's armed
    forces, operate the base their possessive names."""
    text = analysis.text
    owner: Named | None = None  # the unit whose possessive named the last base ("…'s Araya training area … and its …")
    for index, base in enumerate(here):
        if base.type != "Facility":
            continue
        before = text[max(sentence.start, base.start - 30) : base.start]
        unit = here[index - 1] if index else None
        if (
            unit is not None
            and unit.type == "MilitaryUnit"
            and re.fullmatch(rf"{APOS}s?\s+", text[unit.end : base.start])
        ):
            owner = unit  # "the Ground Self-Defense Force's Araya training area"
        elif owner is None or not re.search(r"\band\s+its\s+$", before):
            owner = None
        if owner is not None:
            force_claim(analysis, sentence, base, "operatedBy", owner, "forces-base-of-service", confidence=0.65)
            continue
        _operated_by(analysis, sentence, base, before, SERVICE_OWNS_BASE)
        military = MILITARY_OWNS_BASE.search(before)
        state = STATE_OF_WORD[military.group("state")] if military else None
        if state is not None and state in analysis.context.registry.entities:
            at = base.start - len(before) + military.start()
            forces = armed_forces(analysis, state, at, base.start)
            if forces is not None:
                operator = Named(at, base.start, analysis.label(forces), "MilitaryUnit", forces)
                force_claim(analysis, sentence, base, "operatedBy", operator, "forces-base-of-service", confidence=0.65)


DISTANCE = (
    r"(?:(?:about|some|nearly|roughly|around|just|only|more\s+than|less\s+than)\s+)?[\d,.]+\s*"
    r"(?:kilometers|kilometres|km|miles|nautical\s+miles)\s+(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest)\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}"
)
LIES = re.compile(rf"\s+(?:lies|lay|sits|is\s+located|is\s+situated|is)\s+(?P<words>{DISTANCE})\b")


def propose_distances(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Yonaguni, Japan's westernmost inhabited island, lies about 110 kilometers east of Taiwan": where the text puts
    a place, as written."""
    text = analysis.text
    for named in here:
        if named.type == "State" or not is_place(named):
            continue
        at = named.end
        apposed = apposition_span(text, at, sentence_end(text, sentence))
        if apposed is not None and text[apposed[1] : apposed[1] + 1] == ",":
            at = apposed[1] + 1
        lies = LIES.match(text, at, sentence.end)
        if lies is None:
            continue
        analysis.propose(
            ProposedClaim(
                entity_of(analysis, named), "characterisation", lies.group("words"), sentence.start, sentence.end,
                "forces-distance", 0.6, text[named.start : lies.end()][:200],
            )
        )  # fmt: skip


def apposition_span(text: str, position: int, end: int) -> tuple[int, int] | None:
    """The apposition after `position` (a name or an event's noun) as (start, end), with a distance that continues
    it, up to a relative clause; None where there is none or it does not end the phrase."""
    first = APPOSITION.match(text, position, end)
    if first is None:
        return None
    start, stop = first.start("words"), _cut(text, first.start("words"), first.end("words"))
    if not _appositive(text[start:stop]):
        return None
    if stop == first.end("words"):
        more = CONTINUED.match(text, stop, end)
        if more is not None and _appositive(more.group("words")):
            stop = _cut(text, more.start("words"), more.end("words"))
    if not (stop >= end or re.match(r",\s+", text[stop : stop + 2]) or RELATIVE.match(text, stop)):
        return None
    return start, stop


# where the words that name what a thing is end: a preposition, a participle or a relative word after the head
AFTER_HEAD = re.compile(
    r"\s+(?:in|of|on|at|by|with|for|from|to|near|beside|outside|inside|along|across|within|off|since|about|designed|built|used|capable|known|called|located|"
    r"based|that|which|who|where)\b|,"
)


def headed(words: str, heads: list[str], ranked_only: bool = True) -> bool:
    """Whether the apposition's first noun phrase ends in one of `heads` ("the first new Marine Corps base in …"), and
    says more than the kind of thing and where it is ("a U.S. territory", "an island in Kagoshima Prefecture" are
    containment, which the locatedIn rules propose)."""
    stop = AFTER_HEAD.search(words)
    phrase = words[: stop.start()] if stop else words
    head = next((h for h in heads if re.search(rf"\b{re.escape(h)}$", phrase)), None)
    if head is None:
        return False
    modifiers = phrase[: -len(head)].split()
    ranked = any(w.endswith("est") or w in ("more", "most", "first", "only", "last") for w in modifiers)
    return not (ranked_only and modifiers and modifiers[0] in ("a", "an") and len(modifiers) <= 2 and not ranked)


def _cut(text: str, start: int, end: int) -> int:
    """The end of an appositive part: before a relative clause ("a … exercise that will run through Nov. 1")."""
    relative = RELATIVE.search(text, start, end)
    return relative.start() if relative else len(text[:end].rstrip())


def _appositive(words: str) -> bool:
    count = len(words.split())
    return 2 <= count <= 14 and not NOT_APPOSED.search(words)


def sentence_end(text: str, sentence: Sentence) -> int:
    """Where the sentence's words end: before its full stop and closing quotes."""
    end = sentence.end
    while end > sentence.start and text[end - 1] in " .\"'\u201d\u2019\n":
        end -= 1
    return end
