"""Forces and places in the phrases news reports put around their names (round 11): what an apposition says a place,
base or unit is, a base in its town, members of a service stationed somewhere or moved there, and what a force has
where.

- `characterisation`: "Yonaguni, Japan's westernmost inhabited island, about 110 kilometers east of Taiwan, …",
  "Camp Blaz, the first new Marine Corps base in about 70 years, was activated …" — the apposition as written (with a
  distance that continues it), up to a relative clause; never of a state, of a name inside another noun phrase ("the
  return of … the Northern Training Area, the largest return …"), of a list, or of what someone is said to be.
- `locatedIn`: "Marine Corps Air Station Futenma in Ginowan", "Camp Blaz on Guam", "the Abu district in the eastern
  part of Nago" — a base or a district, then the town or island it is in (a new place when the registry lacks it).
- `deployedTo`: "About 100 U.S. Marines stationed in Okinawa Prefecture have moved to the U.S. territory of Guam",
  "About 18,000 Marines are currently stationed in Okinawa" — the service of its members (lexicon.yaml's
  `service_members`), stationed at or moved to the place (never to a state).
- `possesses` and `deployedTo`: "The Marines currently have 24 MV-22 Ospreys at Futenma" — the service has them, and
  they are deployed there, with their number.
"""

from __future__ import annotations

import re

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.forces import (
    APOS,
    NOT_NAMES,
    WORD,
    Named,
    _claim,
    _is_exercise,
    _modality,
    entity_of,
    find_named,
    is_place,
    the_exercise,
)
from alliance_kg.curation.propose.news_events import MONTH_WORDS, NAME_APPOSED
from alliance_kg.curation.propose.persons import NAME, person_as_of, person_named
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
NOT_APPOSED = re.compile(r"\b(?:and|or|said|says|told|tells|added|according|including|such\s+as)\b")
INSIDE_PHRASE = re.compile(rf"(?:\bof\s+(?:the\s+)?(?:[\w.-]+{APOS}s\s+)?|{APOS}s\s+)$")


def propose_appositions(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Camp Blaz, the first new Marine Corps base in about 70 years, was activated …": how the text characterises a
    place, base, unit or capability it names, in the words of the apposition."""
    text = analysis.text
    end = _sentence_end(text, sentence)
    for named in here:
        if named.type == "State" or not (is_place(named) or named.type in ("MilitaryUnit", "Capability")):
            continue
        if INSIDE_PHRASE.search(text[max(sentence.start, named.start - 40) : named.start]):
            continue  # "the return of … the Northern Training Area, the largest return …": the apposition is the head's
        words = _apposition(text, named.end, end)
        kind = "Place" if named.type == "Region" else named.type
        if words is None or not _headed(text[words[0] : words[1]], analysis.context.lexicon.apposition_heads[kind]):
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
SERVICE_OWNS_BASE = r"\b(?:U\.S\.\s+)?{service}{apos}s?\s+$"


def _operated_by(analysis: Analysis, sentence: Sentence, base: Named, words: str, form: str) -> None:
    """The service that `words` make the base's, in `form` (a pattern with the service's word in it)."""
    for service, names in analysis.context.lexicon.service_words.items():
        if service not in analysis.context.registry.entities:
            continue
        said = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        if re.search(form.format(service=f"(?:{said})", apos=APOS), words):
            operator = Named(base.start, base.end, analysis.label(service), "MilitaryUnit", service)
            _claim(analysis, sentence, base, "operatedBy", operator, "forces-base-of-service", confidence=0.65)
            return


def propose_service_bases(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the Marines' Camp Schwab": the service operates the base its possessive names."""
    text = analysis.text
    for base in here:
        if base.type == "Facility":
            before = text[max(sentence.start, base.start - 30) : base.start]
            _operated_by(analysis, sentence, base, before, SERVICE_OWNS_BASE)


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
        apposed = _apposition(text, at, _sentence_end(text, sentence))
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


def apposition_after(text: str, position: int, end: int) -> tuple[int, int] | None:
    """The apposition that follows `position` (a name or an event's noun), as (start, end) in `text`, or None."""
    return _apposition(text, position, end)


def _apposition(text: str, position: int, end: int) -> tuple[int, int] | None:
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


def _headed(words: str, heads: list[str], ranked_only: bool = True) -> bool:
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


def _sentence_end(text: str, sentence: Sentence) -> int:
    """Where the sentence's words end: before its full stop and closing quotes."""
    end = sentence.end
    while end > sentence.start and text[end - 1] in " .\"'\u201d\u2019\n":
        end -= 1
    return end


EXERCISE_HEADS = ["exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres", "war games"]
EXERCISE_NOUN = re.compile(r"\b(?:exercise|drills?|maneuvers|manoeuvres)\b(?=,)")
RANKED = re.compile(r"the\s+(?:\w+est|most\s+\w+|first|only)\b")


def propose_exercise_apposition(analysis: Analysis, sentence: Sentence) -> None:
    """ "began Keen Sword 25, a large-scale field training exercise that will run through Nov. 1": how the text
    characterises the exercise it names, when the sentence tells of that one event only."""
    text = analysis.text
    events = {
        c.subject
        for c in analysis.claims
        if c.start == sentence.start and c.subject.startswith("event/") and c.relation in ("participant", "date")
    }
    if not events and (exercise := the_exercise(analysis, sentence)):
        events = {exercise}
    if len(events) != 1:
        return
    event = events.pop()
    if not _is_exercise(analysis, event):
        return
    end = _sentence_end(text, sentence)
    names = [m.end("name") for m in NAME_APPOSED.finditer(text, sentence.start, sentence.end)]
    nouns = [m.end() for m in EXERCISE_NOUN.finditer(text, sentence.start, sentence.end)]
    for at in names + nouns:
        words = _apposition(text, at, end)
        if words is None:
            continue
        said = text[words[0] : words[1]]
        # "Keen Sword 25, a large-scale field training exercise"; "this year's exercise, the largest in its history"
        if not (_headed(said, EXERCISE_HEADS, ranked_only=False) or (at in nouns and RANKED.match(said))):
            continue
        analysis.propose(
            ProposedClaim(
                event, "characterisation", text[words[0] : words[1]], sentence.start, sentence.end,
                "exercise-apposition", 0.6, text[max(sentence.start, at - 40) : words[1]][:200],
            )
        )  # fmt: skip
        return


TAKING_PART = re.compile(
    r"\b(?:[Tt]roops|[Ff]orces|[Pp]ersonnel|[Ss]oldiers|[Ss]ailors|[Uu]nits|[Ss]hips|[Aa]ircraft)\s+from\s+"
    r"(?P<states>[^.;]{3,120}?)\s+(?:are|were|will\s+be|have\s+been)\s+(?:also\s+)?(?:taking|take|took)\s+part"
    r"(?=\s*(?:[,.;]|in\s+(?:the|this\s+year['\u2019]s)\s+(?:exercise|drills)\b))"
)


EXERCISE_SAID = re.compile(
    r"(?:,\s+(?P<apposed>(?:held|staged|conducted|first\s+held)\s+[^,;]{3,60}),)?\s+(?:is|was|has\s+become|remains)\s+"
    r"(?P<copula>(?:the|an?)\s+[^,.;]{3,80}?)(?=\s*(?:[,.;]|$))"
)


def propose_exercise_said(analysis: Analysis, sentence: Sentence) -> None:
    """ "Keen Sword, held every two years since 1986, is the largest bilateral exercise of the two allies": a sentence
    that opens with the name of the text's only exercise (without its year or number) says what it is."""
    text = analysis.text
    event = the_exercise(analysis, sentence, said=False)
    if event is None or event not in analysis.entities:
        return
    base = re.sub(r"(?:\s+\d{2,4})+$", "", analysis.entities[event].label)
    opening = re.match(rf"\s*(?:The\s+)?{re.escape(base)}(?:\s+\d{{2,4}})?\b", text[sentence.start : sentence.end])
    if len(base.split()) < 2 or opening is None:
        return
    said = EXERCISE_SAID.match(text, sentence.start + opening.end(), _sentence_end(text, sentence))
    if said is None or not _headed(said.group("copula"), EXERCISE_HEADS, ranked_only=False):
        return
    for group in ("apposed", "copula"):
        if said.group(group):
            analysis.propose(
                ProposedClaim(
                    event, "characterisation", " ".join(said.group(group).split()), sentence.start, sentence.end,
                    "exercise-said", 0.6, text[sentence.start : said.end()][:200],
                )
            )  # fmt: skip


LEADING = re.compile(
    r"\b(?:are|were|is|was|will\s+be)\s+(?:jointly\s+)?(?:leading|commanding|overseeing|directing)\s+"
    r"(?:the|this\s+year['\u2019]s)\s+(?:exercise|drills)\b"
)


def propose_exercise_leaders(analysis: Analysis, sentence: Sentence) -> None:
    """ "Gen. X, chief of …, and Lt. Gen. Stephen Jost, the commander of …, are leading the exercise": the people the
    sentence names before the verb, by their office, take part in the text's only exercise."""
    text = analysis.text
    found = LEADING.search(text, sentence.start, sentence.end)
    if found is None or analysis.quoted(found.start()):
        return
    event = the_exercise(analysis, sentence)
    if event is None:
        return
    people = {
        c.subject
        for c in analysis.claims
        if c.relation == "holdsOffice" and c.start == sentence.start and text.find(c.evidence, c.start) < found.start()
    }
    for person in sorted(people):
        analysis.propose(
            ProposedClaim(
                event, "participant", person, sentence.start, sentence.end, "exercise-leaders", 0.65,
                text[sentence.start : found.end()][-200:],
            )
        )  # fmt: skip


def propose_exercise_parties(analysis: Analysis, sentence: Sentence) -> None:
    """ "Troops from Australia, Canada and the United Kingdom are also taking part": the states take part in the
    text's only exercise told before."""
    text = analysis.text
    found = TAKING_PART.search(text, sentence.start, sentence.end)
    if found is None or analysis.quoted(found.start()):
        return
    event = the_exercise(analysis, sentence, said=False)
    if event is None:
        return
    for mention in analysis.mentions_in(found.start("states"), found.end("states")):
        if mention.kind == "name" and analysis.is_a(mention.entity, "State"):
            analysis.propose(
                ProposedClaim(
                    event, "participant", mention.entity, sentence.start, sentence.end, "exercise-taking-part", 0.65,
                    text[found.start() : found.end()][:200],
                )
            )  # fmt: skip


# --- a base or a district in its town

IN_TOWN = re.compile(
    r"\s+(?:in|on)\s+(?:the\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western)\s+)?part\s+of\s+)?"
    rf"(?P<town>{WORD})\b(?!\s+[A-Z])(?!{APOS})(?!-)"
)
MONTHS_SHORT = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
DISTRICT_IN = re.compile(
    rf"\bthe\s+(?P<part>{WORD})\s+(?:district|area|ward|section|neighborhood|neighbourhood)(?=\s+in\s)"
)


def propose_in_town(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Marine Corps Air Station Futenma in Ginowan", "Camp Blaz on Guam", "the Abu district in the eastern part of
    Nago": the base or district is in the town or island after it."""
    text = analysis.text
    parts = [(n, n.end) for n in here if n.type == "Facility" and n.form in ("base", "registry")]
    for match in DISTRICT_IN.finditer(text, sentence.start, sentence.end):
        if match.group("part").split()[0] not in NOT_NAMES:
            at, label = match.start("part"), match.group("part")
            parts.append((Named(at, at + len(label), label, "Place", None, (), "district"), match.end()))
    for part, end in parts:
        found = IN_TOWN.match(text, end, sentence.end)
        if found is None:
            continue
        town = found.group("town")
        if town.split()[0] in NOT_NAMES or town.lower() in MONTH_WORDS or town.lower() in MONTHS_SHORT:
            continue
        at = found.start("town")
        place = next((n for n in here if n.start == at), None)
        if place is None:
            if any(n.start <= at < n.end for n in here):
                continue
            place = Named(at, at + len(town), town, "Place", None, (), "place")
        if not is_place(place) or place.type == "Region":
            continue  # a state is no town, and a sea holds no base
        if part.known and place.known:
            continue  # the registry's own places: relations.py's place-in-place
        _claim(analysis, sentence, part, "locatedIn", place, "forces-in-town", confidence=0.7)


def propose_unit_in_town(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "directed by U.S. Indo-Pacific Command in Hawaii", "the 7th Fleet in Yokosuka": a unit named by its form is
    deployed to the town or island it is "in" (a new place when no form names it; never a month or a state)."""
    text = analysis.text
    for unit in here:
        if unit.type != "MilitaryUnit" or unit.form != "unit":
            continue
        found = re.match(rf"\s+in\s+(?P<town>{WORD})\b(?!\s+[A-Z])(?!{APOS})(?!-)", text[unit.end : sentence.end])
        if found is None:
            continue
        town, at = found.group("town"), unit.end + found.start("town")
        if town in NOT_NAMES or town.lower() in MONTH_WORDS or town.lower() in MONTHS_SHORT:
            continue
        place = next((n for n in here if n.start == at), None)
        if place is None and not any(n.start <= at < n.end for n in here):
            place = Named(at, at + len(town), town, "Place", None, (), "place")
        if place is None or place.type not in ("Place", "Facility"):
            continue
        modality, words = _modality(analysis, unit.end, at)
        _claim(
            analysis, sentence, unit, "deployedTo", place, "forces-unit-in-town", confidence=0.65,
            modality=modality, note=f"the text says {words!r}" if words else None,
        )  # fmt: skip


SERVICE_POST = re.compile(
    r"\s+(?:camp|base|garrison|station|outpost|post)\s+(?:(?P<verb>opened|built|set\s+up|established|activated)\s+)?"
    r"(?:on|in|at)\s+(?:the\s+)?$"
)
OPENED_IN = re.compile(r"\s+in\s+(?P<year>(?:19|20)\d{2})\b")


def propose_service_posts(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "a Ground Self-Defense Force camp opened on Yonaguni in 2016": the service is deployed to the place its camp or
    base is on, since the year it opened when the text gives it."""
    text = analysis.text
    for service, place in zip(here, here[1:], strict=False):
        if service.type != "MilitaryUnit" or not is_place(place) or place.type == "Region":
            continue
        post = SERVICE_POST.match(text[service.end : place.start])
        if post is None:
            continue
        qualifiers = {}
        opened = OPENED_IN.match(text, place.end)
        if post.group("verb") and opened:
            qualifiers["startDate"] = opened.group("year")
        modality, words = _modality(analysis, service.end, place.start)
        _claim(
            analysis, sentence, service, "deployedTo", place, "forces-service-post", confidence=0.65,
            qualifiers=qualifiers, modality=modality, note=f"the text says {words!r}" if words else None,
        )  # fmt: skip


# --- members of a service stationed or moved somewhere

STATIONED = re.compile(
    r"\s+(?:(?:who\s+)?(?:are|were|is|was|have\s+been|had\s+been|remain)\s+)?(?:(?:currently|now|still|permanently)\s+)?"
    r"(?:stationed|based|deployed)\s+(?:in|at|on)\s+(?:the\s+)?$"
)
MOVED = re.compile(
    r"\s+(?:(?:stationed|based)\s+(?:in|at|on)\s+[^,;.]{1,40}?\s+)?(?:have|has|had)\s+(?:been\s+)?"
    r"(?:moved|relocated|transferred|redeployed|deployed)\s+to\s+(?:the\s+)?(?:(?:U\.S\.|American)\s+territory\s+of\s+)?$"
)
QUANTITY = re.compile(
    r"(?:(?:about|some|nearly|roughly|around|more\s+than|over|up\s+to)\s+)?\d{1,3}(?:,\d{3})*\s+(?:U\.S\.\s+)?$",
    re.IGNORECASE,
)


def propose_members_stationed(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "About 100 U.S. Marines stationed in Okinawa Prefecture have moved to the U.S. territory of Guam": the Marine
    Corps is deployed to both places (asserted: the words are past or present), with the number as written."""
    text = analysis.text
    for word, service in analysis.context.lexicon.service_members.items():
        if service not in analysis.context.registry.entities:
            continue
        for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
            at = sentence.start + match.start()
            before = text[max(sentence.start, at - 30) : at]
            if re.search(r"\b[A-Z][a-z]+(?:n|ese|ish|ine)\s+$", before) or analysis.quoted(at):
                continue  # "Philippine Marines", "South Korean Marines": another state's
            members = Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service)
            quantity = QUANTITY.search(before)
            for place in (n for n in here if n.start > members.end and is_place(n) and n.type != "Region"):
                between = text[members.end : place.start]
                if not (STATIONED.match(between) or MOVED.match(between)):
                    continue
                modality, words = _modality(analysis, members.end, place.start)
                figure = " ".join((quantity.group() if quantity else "").split() + [word]) if quantity else None
                _claim(
                    analysis, sentence, members, "deployedTo", place, "forces-members-stationed",
                    qualifiers={"quantity": figure} if figure else {}, modality=modality,
                    note=f"the text says {words!r}" if words else None,
                )  # fmt: skip
                if MOVED.match(between) and modality == "asserted":
                    _relocation(analysis, sentence, members, place, figure)


def _relocation(analysis: Analysis, sentence: Sentence, members: Named, place: Named, figure: str | None) -> None:
    """ "About 100 U.S. Marines … have moved to …": the move is an event of its own, the service its participant and
    the number as written its figure (its place and day are often the next sentence's, and left to the reviewer)."""
    when = analysis.source.date.earliest
    label = f"Relocation of {members.label} personnel to {place.label} ({when:%B %Y})"
    identifier = analysis.free_id(f"event/{slug(members.label)}-relocation-{slug(place.label)}-{when:%Y-%m}")
    analysis.entity(
        ProposedEntity(
            identifier, "Event", label, f"{label}, as document {analysis.source.id} reports it.", "forces-relocation",
            0.6, members.start, place.end,
        )
    )  # fmt: skip
    evidence = analysis.text[members.start : place.end][:200]
    for relation, obj in (("participant", members.known), ("figure", figure)):
        if obj:
            analysis.propose(
                ProposedClaim(
                    identifier, relation, obj, sentence.start, sentence.end, "forces-relocation", 0.6, evidence
                )
            )


MEMBERS_DEPLOY = re.compile(
    r"\s+(?:(?:will|would|plan\s+to|plans\s+to|are\s+to|have|has|had|also|then)\s+){0,3}"
    r"(?:deploy(?:ed|s)?|fl(?:y|ies|ew|own)|sen[dt]s?|fielded|fields?)\s+(?P<det>an?|its|their|the)\s+"
)
NEW_SYSTEM = re.compile(r"(?P<label>(?:[A-Z][\w-]*\s+){1,6}(?:System|Missile|Launcher|Interceptor)s?)\b")


def propose_members_deploy(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "U.S. Marines plan to deploy a Navy-Marine Expeditionary Ship Interdiction System … to Yonaguni", "The Marine
    Corps deployed the Osprey to Futenma": a service, or its members, deploy what the service has (asserted: having
    it is no plan, whatever the deployment is; "the X" only after the sentence's subject)."""
    text = analysis.text
    for members in _services_named(analysis, sentence, here):
        clause = analysis.clause(sentence, members.start)
        verb = MEMBERS_DEPLOY.match(text, members.end, clause[1])
        if verb is None:
            continue
        if verb.group("det").lower() == "the" and text[sentence.start : members.start].strip() not in ("", "The"):
            continue
        start = verb.end()
        thing = next((n for n in here if n.start == start and n.type == "Capability"), None)
        if thing is None:
            system = NEW_SYSTEM.match(text, start, clause[1])
            if system is None or analysis.context.registry.resolve(system.group("label")) is not None:
                continue
            label = " ".join(system.group("label").split())
            thing = Named(start, start + len(system.group("label")), label, "Capability", None, (), "system")
        _claim(analysis, sentence, members, "possesses", thing, "forces-members-deploy", confidence=0.65)


def _services_named(analysis: Analysis, sentence: Sentence, here: list[Named]) -> list[Named]:
    """The services and units of the sentence: by their names, their members ("U.S. Marines") and the words that
    name them alone ("the Marine Corps"), not another state's ("Philippine Marines")."""
    text = analysis.text
    found = [n for n in here if n.type == "MilitaryUnit"]
    lexicon = analysis.context.lexicon
    words = [(w, s) for w, s in lexicon.service_members.items()]
    words += [(w, s) for s, names in lexicon.service_words.items() for w in names if len(w.split()) > 1]
    for word, service in words:
        if service not in analysis.context.registry.entities:
            continue
        for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
            at = sentence.start + match.start()
            if re.search(r"\b[A-Z][a-z]+(?:n|ese|ish|ine)\s+$", text[max(sentence.start, at - 30) : at]):
                continue
            if not any(n.start <= at < n.end for n in found):
                found.append(Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service))
    return sorted(found, key=lambda n: n.start)


# --- what a force has where

HAS_AT = re.compile(
    r"\s+(?:(?:currently|now|still)\s+)?(?:has|have|had|keeps?|kept|maintains?)\s+(?P<n>\d{1,3}(?:,\d{3})*)\s+$"
)


def propose_has_at(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "The Marines currently have 24 MV-22 Ospreys at Futenma": the service has them, and they are deployed at the
    base, with their number as written."""
    text = analysis.text
    owners = [n for n in here if n.type == "MilitaryUnit"]
    for word, service in analysis.context.lexicon.service_members.items():
        if service in analysis.context.registry.entities:
            for match in re.finditer(rf"\b{re.escape(word)}\b", text[sentence.start : sentence.end]):
                at = sentence.start + match.start()
                owners.append(Named(at, at + len(word), analysis.label(service), "MilitaryUnit", service))
    for owner in owners:
        if text[sentence.start : owner.start].strip() not in ("", "The", "the"):
            continue  # the sentence's subject only
        thing = next((n for n in here if n.start > owner.end and n.type == "Capability"), None)
        if thing is None:
            continue
        has = HAS_AT.match(text[owner.end : thing.start])
        place = next((n for n in here if n.start > thing.end and is_place(n)), None)
        if has is None or place is None or place.type == "Region":
            continue
        after = re.match(r"(?P<plural>s|es)?\s+(?:at|in|on)\s+(?:the\s+)?$", text[thing.end : place.start])
        if after is None:
            continue
        figure = " ".join(text[owner.end + has.start("n") : thing.end + len(after.group("plural") or "")].split())
        quantity = {"quantity": figure}
        _claim(analysis, sentence, owner, "possesses", thing, "forces-has-at", qualifiers=quantity)
        _claim(analysis, sentence, thing, "deployedTo", place, "forces-has-at", qualifiers=quantity)


# --- who commands a unit

RANK = r"(?:(?:Lt\.|Maj\.|Brig\.|Vice|Rear|Lt\.\s+Col\.)\s+)?(?:Gen\.|Adm\.|Col\.|Capt\.|Cmdr\.)"
COMMANDER = re.compile(rf"\b{RANK}\s+(?P<name>{NAME}),\s+(?:the\s+)?commander\s+of\s+(?:the\s+)?")


def propose_commanders(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Lt. Gen. Stephen Jost, the commander of U.S. Forces Japan": the officer holds the office of commander of the
    unit (as of the sentence's date), and the office is the unit's."""
    text = analysis.text
    for found in COMMANDER.finditer(text, sentence.start, sentence.end):
        unit = next((n for n in here if n.start == found.end() and n.type == "MilitaryUnit"), None)
        if unit is None or analysis.quoted(found.start()):
            continue
        person = person_named(analysis, found.group("name"), found.start("name"), found.end("name"))
        if person is None:
            continue
        office = _commander_office(analysis, unit, found.start(), unit.end)
        if person in analysis.entities and not analysis.entities[person].definition:
            analysis.entities[
                person
            ].definition = (
                f"{analysis.label(office)} at the time of document {analysis.source.id}, as the text names them."
            )
        evidence = text[found.start() : unit.end]
        as_of = person_as_of(analysis, sentence, found.start())
        for subject, relation, obj, qualifiers in (
            (person, "holdsOffice", office, {"asOf": as_of}),
            (office, "officeOf", entity_of(analysis, unit), {}),
        ):
            analysis.propose(
                ProposedClaim(
                    subject, relation, obj, sentence.start, sentence.end, "forces-commander", 0.7, evidence,
                    qualifiers=qualifiers,
                )
            )  # fmt: skip


TOP_COMMANDER = re.compile(
    rf"\b{RANK}\s+(?P<name>{NAME}),\s+(?:the\s+)?(?P<office>top\s+(?P<service>(?:U\.S\.\s+)?[A-Z][\w.]*(?:\s+Corps)?)\s+"
    rf"commander\s+in\s+(?P<place>{WORD}))\b"
)


def propose_top_commanders(analysis: Analysis, sentence: Sentence) -> None:
    """ "Lt. Gen. Lawrence Nicholson, the top Marine commander in Okinawa": the officer holds that office (named by
    the text's words), which is the office of the service its word names (lexicon.yaml's `service_words`)."""
    text = analysis.text
    for found in TOP_COMMANDER.finditer(text, sentence.start, sentence.end):
        words = re.sub(r"^U\.S\.\s+", "", found.group("service"))
        service = next((s for s, names in analysis.context.lexicon.service_words.items() if words in names), None)
        if service is None or service not in analysis.context.registry.entities or analysis.quoted(found.start()):
            continue
        person = person_named(analysis, found.group("name"), found.start("name"), found.end("name"))
        if person is None:
            continue
        label = found.group("office")[0].upper() + found.group("office")[1:]
        office = _office_named(analysis, label, f"The office of the {found.group('office')}.", found.start("office"))
        evidence = text[found.start() : found.end()]
        as_of = person_as_of(analysis, sentence, found.start())
        for subject, relation, obj, qualifiers in (
            (person, "holdsOffice", office, {"asOf": as_of}),
            (office, "officeOf", service, {}),
        ):
            analysis.propose(
                ProposedClaim(
                    subject, relation, obj, sentence.start, sentence.end, "forces-top-commander", 0.65, evidence,
                    qualifiers=qualifiers,
                )
            )  # fmt: skip


def _commander_office(analysis: Analysis, unit: Named, start: int, end: int) -> str:
    """The office "Commander of <unit>": the registry's, the one proposed already, or a new Office."""
    return _office_named(analysis, f"Commander of {unit.label}", f"The office of commander of {unit.label}.", start)


def _office_named(analysis: Analysis, label: str, definition: str, start: int) -> str:
    """The office of this label: the registry's, the one proposed already, or a new Office."""
    known = analysis.context.registry.resolve(label)
    if known is not None and analysis.is_a(known.id, "Office"):
        return known.id
    for entity in analysis.entities.values():
        if entity.type == "Office" and entity.label == label:
            return entity.id
    entity = ProposedEntity(
        analysis.free_id(slug(label)), "Office", label, definition, "forces-commander", 0.7, start, start + len(label),
        candidates=similar_entities(analysis, label, "Office"),
    )  # fmt: skip
    return analysis.entity(entity).id


def propose_force_phrases(analysis: Analysis) -> None:
    """The rules of this module, sentence by sentence."""
    names = find_named(analysis)
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        here = [
            n for n in names if sentence.start <= n.start and n.end <= sentence.end and not analysis.quoted(n.start)
        ]
        propose_appositions(analysis, sentence, here)
        propose_distances(analysis, sentence, here)
        propose_in_town(analysis, sentence, here)
        propose_unit_in_town(analysis, sentence, here)
        propose_service_posts(analysis, sentence, here)
        propose_service_bases(analysis, sentence, here)
        propose_members_stationed(analysis, sentence, here)
        propose_has_at(analysis, sentence, here)
        propose_members_deploy(analysis, sentence, here)
        propose_commanders(analysis, sentence, here)
        propose_top_commanders(analysis, sentence)
        propose_exercise_apposition(analysis, sentence)
        propose_exercise_parties(analysis, sentence)
        propose_exercise_leaders(analysis, sentence)
        propose_exercise_said(analysis, sentence)
