"""Forces, places and capabilities as news reports name them: where units and ships are based, what they have, and
where bases and towns lie.

The registry knows few ships, units and bases; news reports name them in fixed forms that say what they are — a hull
prefix ("USS George Washington"), an ordinal and a unit noun ("the 3rd Multi-Domain Task Force", "the U.S. 7th
Fleet"), a unit noun and a number ("Carrier Air Wing 5"), a base word ("Marine Corps Air Station Iwakuni", "Yokota
Air Base", "Camp Kisarazu"), a prefecture or island ("Yamaguchi Prefecture", "Ishigaki Island"), a town with its
U.S. state written the AP way ("Bremerton, Wash."), and the services by their full names ("U.S. Navy", "Ground
Self-Defense Force"). Such a name is an entity of the kind its form says; where the registry has it, the registry's
is used, otherwise it is proposed new, with the label the text uses, and only when a claim needs it.

The relations, each in the words news reports use:

- `deployedTo`: "X, (which is) based / headquartered / stationed at Y", "X at Y" (a unit at a base), "arrived at its
  home port of Y", "Y, …, the home port of X", "deployed X to Y", "X, which operates … from Y" — never to a state
  (the ontology's `deployedTo` takes a place); "will be based" is planned.
- `possesses`: "X is operated by Y", "X is assigned to Y", "Y's X", "Y … with its X", "Y has brought its X",
  "Y, which operates N X" — Y a unit or service.
- `locatedIn`: "Y in Z Prefecture", "Y, Okinawa", "Yokosuka, Japan", "Norfolk, Va." where Y is a base, island,
  prefecture or a place the text bases forces at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim, ProposedEntity
from alliance_kg.curation.propose.candidates import similar_entities
from alliance_kg.curation.propose.event_details import CAPABILITY_HEADS
from alliance_kg.curation.propose.mentions import US, longest_first
from alliance_kg.loaders.sentences import Sentence

APOS = "['\u2019]"
WORD = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
# words that start a sentence or a phrase, not a name: "At Yokota Air Base", "The Kadena Air Base"
NOT_NAMES = {"The", "A", "An", "At", "In", "On", "From", "To", "Its", "Their", "His", "Her", "And", "Of", "For", "By"}

FACILITY_BEFORE = re.compile(
    rf"(?:{US}\s+)?(?P<label>(?:Marine\s+Corps\s+Air\s+Station|Naval\s+Air\s+(?:Station|Facility)|Naval\s+Base|"
    rf"Naval\s+Station|Fleet\s+Activities|Camp|Fort)\s+(?P<name>{WORD}(?:\s+{WORD})?))\b"
)
FACILITY_AFTER = re.compile(
    rf"(?P<label>(?P<name>{WORD}(?:\s+{WORD})?)\s+(?:Air\s+(?:Force\s+)?Base|Naval\s+(?:Shipyard|Base|Air\s+Station)|"
    r"Air\s+Station|[Tt]raining\s+[Aa]rea|[Rr]eplacement\s+[Ff]acility|Tower|Shrine|Palace))\b"
)
SHIP = re.compile(
    r"\b(?P<prefix>USS|USNS|JS|HMS|HMAS|HMCS|HMNZS|INS|ROKS)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b"
)
ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)"
UNIT_NOUN = (
    r"(?:Fleet|Army|Division|Brigade|Regiment|Battalion|Squadron|Wing|Group|Task\s+Force|Expeditionary\s+Force|"
    r"Expeditionary\s+Unit|Air\s+Force|Air\s+Wing)"
)
UNIT_ORDINAL = re.compile(rf"(?P<label>(?:{US}\s+)?{ORDINAL}\s+(?:[A-Z][\w-]*\s+){{0,3}}?{UNIT_NOUN})\b")
UNIT_NUMBERED = re.compile(
    r"(?P<label>(?:Carrier\s+Air\s+Wing|Carrier\s+Strike\s+Group|Destroyer\s+Squadron|Expeditionary\s+Strike\s+Group|"
    r"Submarine\s+Squadron|(?!(?:The|A|An|At|In|On|From|Its|Their)\s)(?:[A-Z][a-z]+\s+){1,3}(?:Squadron|Wing|Group|Regiment|"
    r"Battalion))\s+\d{1,3})\b"
)  # "Marine Fighter Attack Squadron 242": words, a unit noun and its number
COMMAND = re.compile(
    r"(?P<label>(?:"
    + US
    + r"\s+)?(?:Forces\s+(?:Japan|Korea)|(?:Indo-Pacific|Pacific|Central|European|Space|Strategic|"
    r"Cyber)\s+Command|Pacific\s+Fleet))\b"
)
US_SERVICE = re.compile(
    r"(?P<label>" + US + r"\s+(?:Navy|Army|Air\s+Force|Marine\s+Corps|Space\s+Force|Coast\s+Guard))\b"
)
JAPAN_SERVICE = re.compile(
    rf"(?:Japan{APOS}s\s+|Japanese\s+|Japan\s+)?(?P<branch>Ground|Maritime|Air)\s+Self[-\s]Defen[sc]e\s+Force\b"
)
# a model designator: "F-35C", "MV-22Bs", "SM-6", "PAC-3", "Hwasong-12" — a capability by its form
DESIGNATOR = re.compile(
    r"(?<![\w-])(?P<label>(?:[A-Z]{1,3}|Hwasong|Pukguksong|Dongfeng)-\d{1,3}[A-Z]{0,2})(?:s|['\u2019]s)?(?![\w-])"
)
PREFECTURE = re.compile(rf"(?P<label>(?P<name>{WORD})\s+Prefecture)\b")
ISLAND = re.compile(rf"(?P<label>(?P<name>{WORD})\s+Island)\b(?!s)")
ISLANDS = re.compile(rf"(?P<label>(?P<name>{WORD})\s+Islands)\b")
SEA = re.compile(
    r"(?P<label>(?:East\s+China|South\s+China|Philippine|Yellow|Okhotsk|Arabian|Red|Black|Baltic)\s+Sea|Sea\s+of\s+Japan)\b"
)
US_STATES = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Calif.": "California", "Colo.": "Colorado", "Conn.": "Connecticut",
    "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "N.C.": "North Carolina", "N.J.": "New Jersey", "N.M.": "New Mexico", "Nev.": "Nevada",
    "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania", "S.C.": "South Carolina", "Tenn.": "Tennessee",
    "Va.": "Virginia", "Wash.": "Washington (state)",
}  # fmt: skip
TOWN_IN_STATE = re.compile(
    rf"(?P<town>{WORD}(?:\s+{WORD})?),\s+(?P<state>" + "|".join(re.escape(a) for a in US_STATES) + r")(?=[\s,;)]|$)"
)
# where a sentence bases forces: the capitalised name after these words is a place even when no form says so
BASING = re.compile(
    r"\b(?:(?:based|headquartered|stationed|home-?ported)\s+(?:at|in)|home\s+port\s+(?:of|in|at))\s+(?:the\s+)?"
    rf"(?P<label>{WORD}(?:\s+{WORD}){{0,2}})\b"
)


# "the Ichigaya district of Tokyo", "the Henoko area of Nago"
DISTRICT_OF = re.compile(
    rf"\bthe\s+(?P<part>{WORD})\s+(?:district|area|ward|section|neighborhood|neighbourhood)\s+of\s+(?P<whole>{WORD})\b"
)
# "Guam, a U.S. territory", "Yakushima, an island in Kagoshima Prefecture", "the U.S. Pacific territory of Guam"
TERRITORY_APPOSITIVE = re.compile(
    rf"\b(?P<name>{WORD}(?:\s+{WORD})?),\s+(?:a|an)\s+(?:{US}|American|Japanese|British|French)\s+"
    r"(?:(?:Pacific|overseas|island)\s+)?(?:territory|state|prefecture|island|city)\b"
)
TERRITORY_OF = re.compile(
    rf"\b(?:{US}|American)\s+(?:(?:Pacific|overseas|island)\s+)?territory\s+of\s+(?P<name>{WORD}(?:\s+{WORD})?)\b"
)
# "Mobara, Chiba Prefecture": a town before its prefecture
TOWN_PREFECTURE = re.compile(rf"\b(?P<name>{WORD}),\s+(?={WORD}\s+Prefecture\b)")
# "Yonaguni, Japan's westernmost inhabited island": a place, the state it is in, and how the text characterises it
STATES_OWN = re.compile(
    rf"\b(?P<name>{WORD}),\s+(?P<words>(?P<state>Japan|China|Taiwan|South\s+Korea|the\s+Philippines){APOS}s\s+"
    r"(?:[a-z-]+\s+){1,3}(?:island|city|port|town|prefecture|base))\b"
)
PLACE_APPOSITIVE = re.compile(
    rf"\b(?P<name>{WORD}),\s+(?:a|an)\s+(?:(?:small|remote|southern|northern|port|coastal)\s+)?"
    r"(?:island|city|town|village|port\s+city)\s+in\s+"
)


@dataclass(frozen=True)
class Named:
    """A name in the text with the kind its form gives; `known` when the registry has it."""

    start: int
    end: int
    label: str
    type: str  # MilitaryUnit, Capability, Facility, Place, State, Region
    known: str | None = None
    aliases: tuple[str, ...] = ()
    form: str = "registry"


def find_named(analysis: Analysis) -> list[Named]:
    """The forces, ships, bases and places of the text (the registry's and those the forms name), in text order: read
    once per text, as nine rule families ask for them."""
    return list(analysis.derived(_find_named))


def _find_named(analysis: Analysis) -> list[Named]:
    text = analysis.text
    found: list[Named] = []
    for m in analysis.mentions:
        kind = next(
            (
                k
                for k in ("State", "Facility", "Region", "Place", "MilitaryUnit", "Capability")
                if analysis.is_a(m.entity, k)
            ),
            None,
        )
        if kind and m.kind == "name":
            found.append(Named(m.start, m.end, analysis.label(m.entity), kind, m.entity))
    for pattern, kind, form in (
        (FACILITY_BEFORE, "Facility", "base"),
        (FACILITY_AFTER, "Facility", "base"),
        (UNIT_ORDINAL, "MilitaryUnit", "unit"),
        (UNIT_NUMBERED, "MilitaryUnit", "unit"),
        (COMMAND, "MilitaryUnit", "unit"),
        (US_SERVICE, "MilitaryUnit", "service"),
        (PREFECTURE, "Place", "prefecture"),
        (ISLAND, "Place", "island"),
        (ISLANDS, "Place", "island"),
        (SEA, "Region", "sea"),
    ):
        for match in pattern.finditer(text):
            name = match.groupdict().get("name")
            if name and name.split()[0] in NOT_NAMES:
                continue
            label = " ".join(match.group("label").split())
            aliases = (name,) if form == "island" and name and label.endswith("Island") else ()
            if form == "prefecture" and name:
                aliases = (name,)  # "Sorano Prefecture" is "Sorano" again ("Marines stationed in Sorano")
            if pattern is FACILITY_BEFORE and name and not re.match(r"(?:" + US + r"\s+)?(?:Camp|Fort)\b", label):
                aliases = (name,)  # "Marine Corps Air Station Futenma" is "Futenma" again; "Camp Blaz" is not "Blaz"
            found.append(_named(analysis, match.start("label"), match.end("label"), label, kind, form, aliases))
    for match in JAPAN_SERVICE.finditer(text):
        label = f"Japan {match.group('branch')} Self-Defense Force"
        found.append(_named(analysis, match.start("branch"), match.end(), label, "MilitaryUnit", "service"))
    for match in DESIGNATOR.finditer(text):
        found.append(_designator(analysis, match))
    for match in SHIP.finditer(text):
        label = f"{match.group('prefix')} {match.group('name')}"
        found.append(_named(analysis, match.start(), match.end(), label, "Capability", "ship", (match.group("name"),)))
        for again in re.finditer(rf"\b[Tt]he\s+({re.escape(match.group('name'))})\b", text):
            found.append(
                _named(analysis, again.start(1), again.end(1), label, "Capability", "ship", (match.group("name"),))
            )
    for match in TOWN_IN_STATE.finditer(text):
        if match.group("town").split()[0] in NOT_NAMES:
            continue
        abbreviation = match.group("state")
        found.append(_named(analysis, match.start("town"), match.end("town"), match.group("town"), "Place", "town"))
        state = US_STATES[abbreviation]
        found.append(
            _named(analysis, match.start("state"), match.end("state"), state, "Place", "us-state", (abbreviation,))
        )
    for match in BASING.finditer(text):
        label = match.group("label")
        if label.split()[0] in NOT_NAMES:
            continue
        found.append(_named(analysis, match.start("label"), match.end("label"), label, "Place", "basing"))
    for match in DISTRICT_OF.finditer(text):
        found.append(_named(analysis, match.start("part"), match.end("part"), match.group("part"), "Place", "district"))
        found.append(
            _named(analysis, match.start("whole"), match.end("whole"), match.group("whole"), "Place", "district")
        )
    for pattern in (TERRITORY_APPOSITIVE, TERRITORY_OF, PLACE_APPOSITIVE, TOWN_PREFECTURE, STATES_OWN):
        for match in pattern.finditer(text):
            if match.group("name").split()[0] not in NOT_NAMES:
                found.append(
                    _named(analysis, match.start("name"), match.end("name"), match.group("name"), "Place", "place")
                )
    return _longest(found + _again(analysis, found))


def _again(analysis: Analysis, found: list[Named]) -> list[Named]:
    """A place a form has named ("based in Hawaii", "Guam, a U.S. territory") is that place wherever the text names it
    again ("at Andersen Air Force Base in Guam")."""
    again: list[Named] = []
    seen = {(n.start, n.end) for n in found}
    for named in found:
        if named.known or named.type not in PLACES or named.form == "registry":
            continue
        for name in (named.label, *named.aliases):
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", analysis.text):
                if (match.start(), match.end()) not in seen:
                    seen.add((match.start(), match.end()))
                    again.append(replace(named, start=match.start(), end=match.end()))
    return again


def _designator(analysis: Analysis, match: re.Match) -> Named:
    """ "MV-22Bs" is the registry's "MV-22" where it has that and not the variant; otherwise a new capability."""
    label = match.group("label")
    named = _named(analysis, match.start("label"), match.end("label"), label, "Capability", "designator")
    variant = re.fullmatch(r"(.+\d)[A-Z]{1,2}", label)
    if named.known is None and variant:
        family = _named(analysis, named.start, named.end, variant.group(1), "Capability", "designator")
        if family.known:
            return family
    return named


def _named(analysis: Analysis, start: int, end: int, label: str, kind: str, form: str, aliases=()) -> Named:
    known = analysis.context.registry.resolve(label)
    if known is None and form == "prefecture":
        known = analysis.context.registry.resolve(label.rsplit(" ", 1)[0])  # "Okinawa Prefecture" is "Okinawa"
    known_id = None
    if known is not None and (analysis.is_a(known.id, kind) or (kind in PLACES and analysis.is_a(known.id, "Place"))):
        known_id = known.id
        kind = analysis.type_of(known.id) or kind
    return Named(start, end, label, kind, known_id, tuple(aliases), form)


PLACES = ("Place", "Facility", "Region")


def _longest(found: list[Named]) -> list[Named]:
    """Overlaps resolved as mentions are (the longer wins; a form over the registry's shorter name inside it)."""
    return longest_first(found, lambda n: n.known is None)


def entity_of(analysis: Analysis, named: Named) -> str:
    """The registry's id, the one proposed already under the same label, or a new entity proposed now."""
    if named.known:
        return named.known
    for entity in analysis.entities.values():
        if _bare(entity.label) == _bare(named.label) and _same_top(entity.type, named.type):
            return entity.id
    for entity in analysis.entities.values():
        # "Sorano" after "Sorano Prefecture": the place proposed under that alias
        if entity.type == "Place" == named.type and named.label in (entity.aliases or ()):
            return entity.id
    if named.type == "Capability":
        # "The Typhon is operated by …" after "its Typhon mid-range missile system": the one named in full before
        words = named.label.lower().split()
        for entity in analysis.entities.values():
            if entity.type == "Capability" and entity.label.lower().split()[: len(words)] == words:
                return entity.id
    identifier = analysis.free_id(slug(named.label))
    definition = f"{named.label}, as document {analysis.source.id} names it ({named.form})."
    analysis.entity(
        ProposedEntity(
            identifier,
            named.type,
            named.label,
            definition,
            f"forces-{named.form}",
            0.6,
            named.start,
            named.end,
            aliases=list(named.aliases) or _singular(named),
            candidates=similar_entities(analysis, named.label, named.type),
        )
    )
    return identifier


def _bare(label: str) -> str:
    """A label without the "U.S." a text writes or leaves off ("the U.S. 7th Fleet", "the 7th Fleet")."""
    return re.sub(r"^" + US + r"\s+", "", label).lower()


def _singular(named: Named) -> list[str]:
    """A capability named in the plural ("Type 12 surface-to-ship missiles") also by its singular, as the registry's
    entries list both."""
    if named.type != "Capability" or not re.search(r"[^s]s$", named.label):
        return []
    return [named.label[:-3] + "y" if named.label.endswith("ies") else named.label[:-1]]


def _same_top(a: str, b: str) -> bool:
    return a == b or (a in PLACES and b in PLACES)


def is_place(named: Named) -> bool:
    return named.type in PLACES


def is_force(named: Named) -> bool:
    return named.type in ("MilitaryUnit", "Capability")


# --- the rules


def sentences_with_names(analysis: Analysis, names: list[Named]) -> Iterator[tuple[Sentence, list[Named]]]:
    """Each sentence the rules read, with the names (find_named's) of forces, bases and places in it, outside
    quotations."""
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        here = [
            n for n in names if sentence.start <= n.start and n.end <= sentence.end and not analysis.quoted(n.start)
        ]
        yield sentence, here


def propose_forces(analysis: Analysis) -> None:
    names = find_named(analysis)
    for sentence, here in sentences_with_names(analysis, names):
        _located_in(analysis, sentence, here)
        _based(analysis, sentence, here)
        _home_port(analysis, sentence, here)
        _deployed(analysis, sentence, here)
        _operated_or_assigned(analysis, sentence, here, names)
        _possessive(analysis, sentence, here)
        _operates(analysis, sentence, here)
        _troops_stationed(analysis, sentence, here)
        _state_ship(analysis, sentence, here)
        _of_unit_or_base(analysis, sentence, here)
        _range(analysis, sentence, here)
        _ship_class(analysis, sentence, here, names)


def force_claim(
    analysis: Analysis, sentence: Sentence, subject: Named, relation: str, obj: Named, rule: str, **extra
) -> None:
    """Propose `subject relation obj` quoted in the sentence (the entities the registry's or proposed now)."""
    if subject.known and subject.known == obj.known:
        return
    subject_id, object_id = entity_of(analysis, subject), entity_of(analysis, obj)
    evidence = analysis.text[min(subject.start, obj.start) : max(subject.end, obj.end)]
    analysis.propose(
        ProposedClaim(
            subject_id, relation, object_id, sentence.start, sentence.end, rule, extra.pop("confidence", 0.7),
            evidence[:200], **extra,
        )
    )  # fmt: skip


def modality_before(analysis: Analysis, start: int, position: int) -> tuple[str, str]:
    """(modality, the words that say it) of the words between `start` and a predicate at `position`."""
    said = analysis.context.lexicon.modality_of(analysis.unquoted(start, position))
    return said if said else ("asserted", "")


IN_PLACE = re.compile(
    r"(?:,?\s+in|\s+(?:district|area|ward|section|neighborhood|neighbourhood)\s+of|"
    r",\s+(?:a|an)\s+(?:(?:small|remote|southern|northern|port|coastal)\s+)?(?:island|city|town|village|port\s+city)"
    r"\s+in)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
)


def _located_in(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Marine Corps Air Station Iwakuni in Yamaguchi Prefecture", "Kadena Air Base, Okinawa", "Yokosuka, Japan",
    "Bremerton, Wash.": a base, island, prefecture or town, then the larger place or state it is in."""
    text = analysis.text
    for first, second in zip(here, here[1:], strict=False):
        if not is_place(first) or first.type == "Region" or not (is_place(second) or second.type == "State"):
            continue
        if first.known and second.known:
            continue  # the registry's own places: relations.py's place-in-place
        if first.label == second.label:
            continue
        between = text[first.end : second.start]
        if IN_PLACE.fullmatch(between):
            pass
        elif re.fullmatch(r",\s*", between):
            # a list of places ("Hokkaido, Okinawa and Kyushu") is no containment: the comma form only where the
            # first is a base or a town and the second a state, a prefecture, a U.S. state, or a place bases are in
            larger = second.type == "State" or second.form in ("prefecture", "us-state")
            contained = first.type == "Facility" or first.form in ("town", "basing", "island", "place")
            # a base is in the place named after its comma ("Kadena Air Base, Okinawa"); two towns are a list
            if not (larger and contained) and not (first.type == "Facility" and second.known is not None):
                continue
            if re.match(rf"\s*(?:and|or)\b|{APOS}s\b", text[second.end : second.end + 6]):
                continue  # a list; or "Yonaguni, Japan's westernmost island" (the state's own, below)
        else:
            continue
        force_claim(analysis, sentence, first, "locatedIn", second, "forces-place-in-place", confidence=0.75)
    for first in here:
        # "the Senkaku Islands, the uninhabited islets in the East China Sea" (a name may stand in the apposition:
        # "the Japan-administered islets")
        apposition = ISLETS_IN.match(text, first.end, sentence.end)
        if apposition is None or not is_place(first) or first.type == "Region":
            continue
        second = next((n for n in here if n.start == apposition.end()), None)
        if second is not None and is_place(second):
            force_claim(analysis, sentence, first, "locatedIn", second, "forces-place-in-place", confidence=0.75)
    for index, hosted in enumerate(here):
        # "Guam, a U.S. territory in the western Pacific, hosts Andersen Air Force Base": the base is in the place
        if hosted.type != "Facility":
            continue
        host = next(
            (h for h in reversed(here[:index]) if is_place(h) and HOSTS.match(text[h.end : hosted.start])), None
        )
        if host is not None and host.type != "Region":
            force_claim(analysis, sentence, hosted, "locatedIn", host, "forces-hosts", confidence=0.7)
    for match in STATES_OWN.finditer(text, sentence.start, sentence.end):
        place = next((n for n in here if n.start == match.start("name") and is_place(n)), None)
        state = next((n for n in here if n.start == match.start("state") and n.type == "State"), None)
        if place is not None and state is not None and place.type != "State":
            # how the text characterises it is the apposition's (force_phrases.py), with a distance that continues it
            force_claim(analysis, sentence, place, "locatedIn", state, "forces-states-own", confidence=0.7)
    for pattern in (TERRITORY_APPOSITIVE, TERRITORY_OF):
        for match in pattern.finditer(text, sentence.start, sentence.end):
            state = "japan" if "Japanese" in match.group() else "united-states"
            place = next((n for n in here if n.start == match.start("name") and is_place(n)), None)
            if (
                place is None
                or state not in analysis.context.registry.entities
                or re.search(r"\b(?:British|French)\b", match.group())
            ):
                continue
            owner = Named(match.start(), match.end(), analysis.label(state), "State", state)
            force_claim(analysis, sentence, place, "locatedIn", owner, "forces-territory-of", confidence=0.75)


ISLETS_IN = re.compile(r",\s+the\s+(?:[\w-]+\s+){0,2}(?:islets|islands)\s+in\s+(?:the\s+)?")
HOSTS = re.compile(r"^(?:,\s+(?:a|an|the)\s+[^,;]{0,60},)?\s+(?:hosts|host|is\s+home\s+to)\s+(?:the\s+)?$")
BASED = re.compile(
    r"^,?\s*(?:which\s+|that\s+|who\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|will\s+be|would\s+be|is\s+to\s+be|"
    r"are\s+to\s+be)\s+)?"
    r"(?:(?:now|currently|also|permanently)\s+)?(?:based|headquartered|stationed|home-?ported)\s+(?:at|in|on)\s+(?:the\s+)?$"
)
UNIT_AT = re.compile(r"^\s+(?:at|in)\s+$")


def _based(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Carrier Air Wing 5, based at Marine Corps Air Station Iwakuni", "the 3rd Multi-Domain Task Force, which is
    based in Hawaii", "the 21st Special Operations Squadron at Yokota Air Base"."""
    text = analysis.text
    for index, force in enumerate(here):
        if not is_force(force) or force.form == "service":
            continue
        for place in here[index + 1 : index + 2]:
            between = text[force.end : place.start]
            based = BASED.match(between)
            if not is_place(place) or place.type == "Region":
                continue
            if based is None and not (
                UNIT_AT.match(between)
                and force.form in ("unit", "ship")
                # "the 21st Special Operations Squadron at Yokota Air Base"; "U.S. Indo-Pacific Command in Hawaii"
                and (place.type == "Facility" or (force.form == "unit" and between.strip() == "in"))
            ):
                continue
            modality, words = modality_before(analysis, force.end, place.start)
            force_claim(
                analysis, sentence, force, "deployedTo", place, "forces-based-at",
                modality=modality, note=f"the text says {words!r}" if words else None,
            )  # fmt: skip


HOME_PORT_OF_PLACE = re.compile(r"\bhome\s+port\s+(?:of|in|at)\s+$")
HOME_PORT_OF_FORCE = re.compile(r",\s+(?:the\s+)?home\s+port\s+of\s+(?:the\s+)?")
FORCE_OWNER = re.compile(r"(?:(?:" + US + r"\s+)?(?:Navy|Army|Air\s+Force)" + APOS + r"s\s+)?")
# "Yokosuka, south of Tokyo, the home port of …": the appositive is of the name before the lower-case one
APPOSITION_HEAD = re.compile(rf"\b(?P<name>{WORD}(?:\s+{WORD})?)(?:,\s+[a-z][^,;.]{{0,40}})?$")


def _home_port(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "USS X arrived at its new home port of Yokosuka"; "at Yokosuka, south of Tokyo, the home port of the U.S.
    Navy's 7th Fleet"."""
    text = analysis.text
    for index, place in enumerate(here):
        if not is_place(place):
            continue
        before = text[max(sentence.start, place.start - 40) : place.start]
        if HOME_PORT_OF_PLACE.search(before):
            ships = [n for n in here[:index] if is_force(n) and n.form in ("ship", "unit")]
            if ships and not re.search(r"[.;]", text[ships[-1].end : place.start]):
                force_claim(analysis, sentence, ships[-1], "deployedTo", place, "forces-home-port")
    for port in HOME_PORT_OF_FORCE.finditer(text, sentence.start, sentence.end):
        force = next((n for n in here if n.start >= port.end() and is_force(n) and n.form != "service"), None)
        if force is None or not FORCE_OWNER.fullmatch(text[port.end() : force.start]):
            continue
        head = APPOSITION_HEAD.search(text[sentence.start : port.start()])
        if head is None or head.group("name").split()[0] in NOT_NAMES:
            continue
        at = sentence.start + head.start("name")
        place = next((n for n in here if n.start == at and is_place(n)), None)
        if place is None and not any(n.start <= at < n.end for n in here):
            place = Named(at, at + len(head.group("name")), head.group("name"), "Place", None, (), "basing")
        if place is not None:
            force_claim(analysis, sentence, force, "deployedTo", place, "forces-home-port")


DEPLOY_VERB = re.compile(
    r"\b(?:deploy(?:ed|s|ing)?|station(?:ed|s|ing)?|sent|send(?:s|ing)?|mov(?:ed|es|ing)|fl(?:y|ies|ew|own))\s+"
    r"(?:(?:its|their|the|a|an|more|additional|about|some|\d+)\s+)*(?:[a-z][a-z-]*\s+){0,2}$"
)
NEW_SYSTEM = re.compile(
    r"(?:(?:its|their|an?)\s+)(?P<label>(?:[A-Z][\w-]*\s+){1,6}(?:System|Missile|Launcher|Interceptor)s?)\b"
)


def _deployed(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "The Marines have deployed their Navy-Marine Expeditionary Ship Interdiction System … to Ishigaki Island":
    the force right after the verb, the place after "to" in the same clause — never a state."""
    text = analysis.text
    candidates = [n for n in here if is_force(n) and n.form != "service"]
    for match in NEW_SYSTEM.finditer(text, sentence.start, sentence.end):
        label = " ".join(match.group("label").split())
        if analysis.context.registry.resolve(label) is None:
            candidates.append(Named(match.start("label"), match.end("label"), label, "Capability", None, (), "system"))
    for force in candidates:
        verb = DEPLOY_VERB.search(text[max(sentence.start, force.start - 40) : force.start])
        if verb is None:
            continue
        clause = analysis.clause(sentence, force.start)
        # a region is a place too ("sent the carrier to the South China Sea"); a state is not (the ontology's range)
        places = [n for n in here if force.end <= n.start < clause[1] and is_place(n)]
        place = next((p for p in places if re.search(r"\bto\s+(?:the\s+)?$", text[p.start - 8 : p.start])), None)
        if place is None or re.search(r"[;]", text[force.end : place.start]) or place.start - force.end > 160:
            continue
        verb_at = max(sentence.start, force.start - 40) + verb.start()
        modality, words = modality_before(analysis, clause[0], verb_at)
        force_claim(
            analysis, sentence, force, "deployedTo", place, "forces-deployed-to",
            modality=modality, note=f"the text says {words!r}" if words else None,
        )  # fmt: skip


OPERATED_BY = re.compile(r"^\s+(?:is|are|was|were|will\s+be)\s+(?:\w+\s+)?(?P<verb>operated\s+by|assigned\s+to)\s+")
SHIP_ANAPHOR = re.compile(r"\b(?:The|the)\s+(?:ship|carrier|vessel)\b")


def _operated_or_assigned(analysis: Analysis, sentence: Sentence, here: list[Named], names: list[Named]) -> None:
    """ "The Typhon is operated by the Army's 3rd Multi-Domain Task Force", "The ship is … assigned to the U.S. 7th
    Fleet": the unit possesses the capability (a ship named before is "the ship")."""
    text = analysis.text
    for match in re.finditer(r"\b(?:operated\s+by|assigned\s+to)\s+", text[sentence.start : sentence.end]):
        at = sentence.start + match.end()
        owner = next((n for n in here if n.start >= at and n.type == "MilitaryUnit"), None)
        if owner is None or not re.fullmatch(
            r"(?:the\s+)?(?:(?:" + US + r"\s+)?(?:Navy|Army|Air\s+Force|Marines?|Marine\s+Corps)" + APOS + r"s\s+)?",
            text[at : owner.start],
        ):
            continue
        clause = analysis.clause(sentence, sentence.start + match.start())
        owned = [
            n
            for n in here
            if clause[0] <= n.start and n.end <= sentence.start + match.start() and n.type == "Capability"
        ]
        thing = owned[-1] if owned else None
        if thing is None:
            anaphor = SHIP_ANAPHOR.search(text, clause[0], sentence.start + match.start())
            thing = _main_ship([n for n in names if n.end <= anaphor.start()]) if anaphor else None
        if thing is None:
            subject = re.match(
                rf"\s*(?:The\s+)?(?P<n>{WORD}(?:\s+{WORD}){{0,2}})\s+(?:is|are)\s+operated\s+by\b", text[clause[0] : at]
            )
            if subject is None or subject.group("n").split()[0] in NOT_NAMES:
                continue
            s = clause[0] + subject.start("n")
            thing = Named(s, s + len(subject.group("n")), subject.group("n"), "Capability", None, (), "operated")
        if thing.type != "Capability":
            continue
        force_claim(analysis, sentence, owner, "possesses", thing, "forces-operated-by")


def _main_ship(names: list[Named]) -> Named | None:
    """The ship a report is about, which "the ship" and "the carrier" mean: the one it has named most so far (the first
    on a tie), not the one named last (a report of one carrier names those it replaces and relieves too)."""
    ships = [n for n in names if n.form == "ship"]
    counts: dict[str, int] = {}
    for ship in ships:
        counts[ship.label] = counts.get(ship.label, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda label: (counts[label], -min(n.start for n in ships if n.label == label)))
    return next(n for n in ships if n.label == best)


POSSESSIVE = re.compile(rf"^{APOS}s?\s+")
WITH_ITS = re.compile(
    r"\b(?:with|has\s+brought|brought|has\s+sent|sends?|sent|fields?|fielded|fl(?:y|ies|ew|own)|deploy(?:s|ed)?)\s+"
    r"(?:its|their)\s+$"
)


def _possessive(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the Maritime Self-Defense Force's Aegis-equipped destroyers", "The Ground Self-Defense Force is taking part
    with its Type 12 missiles", "The U.S. Army has brought its Typhon …": a unit or service and what it has."""
    text = analysis.text
    for owner in here:
        if owner.type != "MilitaryUnit":
            continue
        owned: tuple[int, int] | None = None
        own = POSSESSIVE.match(text[owner.end : owner.end + 4])
        if own:
            owned = capability_phrase(text, owner.end + own.end(), sentence.end)
        elif text[sentence.start : owner.start].strip() in ("", "The", "the"):
            clause = analysis.clause(sentence, owner.start)
            its = next(
                (m for m in re.finditer(r"\b(?:its|their)\s+", text[owner.end : clause[1]])
                 if WITH_ITS.search(text[owner.end : owner.end + m.end()])),
                None,
            )  # fmt: skip
            if its and not re.search(r"[,;]", text[owner.end : owner.end + its.start()]):
                owned = capability_phrase(text, owner.end + its.end(), clause[1])
        if owned is None:
            continue
        thing = next((n for n in here if owned[0] <= n.start < owned[1] and n.type == "Capability"), None)
        if thing is None:
            phrase = text[owned[0] : owned[1]]
            if any(owned[0] <= n.start < owned[1] for n in here):
                continue  # a place or unit inside the phrase: not a capability the rules can delimit
            label = phrase[0].upper() + phrase[1:]
            known = analysis.context.registry.resolve(phrase)
            thing = Named(owned[0], owned[1], label, "Capability", known.id if known else None, (), "capability")
            if known is not None and not analysis.is_a(known.id, "Capability"):
                continue
        force_claim(analysis, sentence, owner, "possesses", thing, "forces-possessive", confidence=0.65)


CAP_END = re.compile(
    r"\s*(?:[,.;:()\u2014]|(?<![\w-])(?:that|which|who|to|for|from|by|in|on|at|with|under|as|than|and|or|is|are|was|"
    r"were|will|would|has|have|had|can|could)(?![\w-]))"
)


def capability_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase of a capability from `start`: one to six words ending in a capability noun ("Aegis-equipped
    destroyers", "Type 12 surface-to-ship missiles", "Typhon mid-range missile system")."""
    stop = CAP_END.search(text, start, end)
    phrase_end = stop.start() if stop else end
    phrase = text[start:phrase_end].strip()
    phrase = re.sub(r"^(?:own|new|domestically\s+(?:developed|produced)|" + US + r"-made)\s+", "", phrase)
    words = phrase.split()
    if not (1 <= len(words) <= 6) or not CAPABILITY_HEADS.search(phrase):
        return None
    begin = text.find(phrase, start, phrase_end + 1)
    return (begin, begin + len(phrase)) if begin >= 0 else None


OPERATES = re.compile(
    r"^,?\s+(?:which|that|who)\s+(?:operates|operate|flies|fly|has|have)\s+(?:about\s+|some\s+|around\s+)?"
    r"(?P<n>\d{1,3}(?:,\d{3})*|\d+)\s+"
)
FROM_PLACE = re.compile(r"^\s+(?:from|at|out\s+of)\s+(?:the\s+)?$")


def _operates(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "Japan's Ground Self-Defense Force, which operates 14 Ospreys from Camp Kisarazu": the unit has them (with
    their number) and is based where it flies them from."""
    text = analysis.text
    for index, unit in enumerate(here):
        if unit.type != "MilitaryUnit":
            continue
        operates = OPERATES.match(text[unit.end : sentence.end])
        if operates is None:
            continue
        start = unit.end + operates.end()
        phrase = capability_phrase(text, start, sentence.end) or _counted_name(text, start, sentence.end)
        if phrase is None:
            continue
        thing = next((n for n in here if phrase[0] <= n.start < phrase[1] and n.type == "Capability"), None)
        if thing is None:
            thing = _capability_named(analysis, text[phrase[0] : phrase[1]], phrase)
        if thing is None:
            continue
        quantity = operates.group("n").replace(",", "")
        force_claim(analysis, sentence, unit, "possesses", thing, "forces-operates", qualifiers={"quantity": quantity})
        place = next((n for n in here[index + 1 :] if n.start >= phrase[1] and is_place(n)), None)
        if place is not None and place.type != "Region" and FROM_PLACE.match(text[phrase[1] : place.start]):
            force_claim(analysis, sentence, unit, "deployedTo", place, "forces-operates")


def _counted_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """ "14 Ospreys", "400 Tomahawks": a name in the plural right after a number."""
    match = re.match(r"[A-Z][\w-]*s\b", text[start:end])
    return (start, start + match.end()) if match else None


def _capability_named(analysis: Analysis, phrase: str, span: tuple[int, int]) -> Named | None:
    """The registry's capability of that name (or its singular), else a new one named by the phrase."""
    for name in (phrase, phrase[:-1] if phrase.endswith("s") else phrase):
        known = analysis.context.registry.resolve(name)
        if known is not None:
            return (
                Named(span[0], span[1], known.label, "Capability", known.id)
                if analysis.is_a(known.id, "Capability")
                else None
            )
    return Named(span[0], span[1], phrase[0].upper() + phrase[1:], "Capability", None, (), "capability")


def units_before_places(
    analysis: Analysis, here: list[Named], between: re.Pattern
) -> Iterator[tuple[Named, Named, re.Match]]:
    """Each military unit named right before a place (not a region), where `between` matches the words between them."""
    for unit, place in zip(here, here[1:], strict=False):
        if unit.type != "MilitaryUnit" or not is_place(place) or place.type == "Region":
            continue
        words = between.match(analysis.text[unit.end : place.start])
        if words is not None:
            yield unit, place, words


TROOPS_STATIONED = re.compile(
    r"^\s+(?:has|have|keeps?|maintains?)\s+(?:about\s+|some\s+|around\s+|roughly\s+|more\s+than\s+)?"
    r"(?P<n>\d{1,3}(?:,\d{3})*)\s+(?:troops|Marines|soldiers|sailors|airmen|personnel|service\s+members)\s+"
    r"(?:stationed|based|deployed)\s+(?:in|at|on)\s+(?:the\s+)?$"
)


def _troops_stationed(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "The U.S. Marine Corps has about 18,000 Marines stationed in Okinawa": the unit is deployed there (a state
    that "has 54,000 troops stationed in Japan" is no place, and a state is no unit: nothing)."""
    for unit, place, stationed in units_before_places(analysis, here, TROOPS_STATIONED):
        modality, words = modality_before(analysis, unit.end, place.start)
        force_claim(
            analysis, sentence, unit, "deployedTo", place, "forces-troops-stationed",
            qualifiers={"quantity": stationed.group("n").replace(",", "")}, modality=modality,
        )  # fmt: skip


OF = re.compile(r"^s?\s+of\s+(?:the\s+)?$")


def _of_unit_or_base(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the CV-22Bs of the 21st Special Operations Squadron": the unit has them; "the MV-22Bs of Marine Corps Air
    Station Futenma": they are based there."""
    text = analysis.text
    for thing, owner in zip(here, here[1:], strict=False):
        if thing.type != "Capability" or not OF.match(text[thing.end : owner.start]):
            continue
        if owner.type == "MilitaryUnit":
            force_claim(analysis, sentence, owner, "possesses", thing, "forces-of-unit")
        elif owner.type == "Facility":
            force_claim(analysis, sentence, thing, "deployedTo", owner, "forces-of-base")


STATE_SHIP = re.compile(
    r"\b(?P<demonym>[A-Z][a-z]+)\s+(?:(?:aircraft|helicopter)\s+carrier|destroyer|frigate|submarine|"
    r"amphibious\s+assault\s+ship)\s+(?P<name>[A-Z][a-z]+)\b(?!\s+[A-Z])"
)


def _state_ship(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "the Japanese helicopter carrier Kaga": a ship named after its class, and the state whose it is."""
    text = analysis.text
    for match in STATE_SHIP.finditer(text, sentence.start, sentence.end):
        state = next(
            (s for s, words in analysis.context.lexicon.demonyms.items() if match.group("demonym") in words), None
        )
        if state is None or state not in analysis.context.registry.entities or analysis.quoted(match.start()):
            continue
        name = match.group("name")
        kind = text[match.end("demonym") : match.start("name")].strip()
        ship = Named(match.start("name"), match.end("name"), f"{name} ({kind})", "Capability", None, (name,), "ship")
        owner = Named(match.start("demonym"), match.end("demonym"), analysis.label(state), "State", state)
        force_claim(analysis, sentence, owner, "possesses", ship, "forces-state-ship")


RANGE = re.compile(
    r",?\s+(?:with|which\s+(?:has|have|had)|that\s+(?:has|have))\s+(?P<words>an?\s+(?:maximum\s+|estimated\s+)?range\s+of\s+"
    r"(?:(?:about|some|nearly|roughly|around|more\s+than|up\s+to|at\s+least)\s+)?[\d,]+\s*(?:kilometers|kilometres|km|miles))"
)
NAMED_CAPABILITY_BEFORE = re.compile(r"(?:^|\s)(?P<label>(?:[A-Z][\w-]*\s+)+(?:\d+\s+)?(?:[a-z-]+\s+){0,2}[a-z]+)$")


def _range(analysis: Analysis, sentence: Sentence, here: list[Named]) -> None:
    """ "upgraded Type 12 missiles, with a range of about 1,000 kilometers": the capability's range, as written, is
    how the text characterises it — only of a capability named right before (not "the missiles", whose they are is
    discourse)."""
    text = analysis.text
    for match in RANGE.finditer(text, sentence.start, sentence.end):
        thing = next((n for n in here if n.end == match.start() and n.type == "Capability"), None)
        if thing is None:
            before = NAMED_CAPABILITY_BEFORE.search(text[max(sentence.start, match.start() - 60) : match.start()])
            if before is None or not CAPABILITY_HEADS.search(before.group("label")):
                continue
            label = before.group("label")
            if label.split()[0] in NOT_NAMES:
                continue
            start = match.start() - len(label)
            thing = _capability_named(analysis, label, (start, match.start()))
            if thing is None:
                continue
        words = " ".join(match.group("words").split())
        analysis.propose(
            ProposedClaim(
                entity_of(analysis, thing), "characterisation", words, sentence.start, sentence.end,
                "forces-range", 0.6, match.group().strip(),
            )
        )  # fmt: skip


SHIP_CLASS = re.compile(
    r"(?P<words>(?:(?!(?:The|A|An)\s)[A-Z][\w-]*\s+)?[A-Z][\w-]*-class\s+(?:aircraft\s+|nuclear-powered\s+|guided-missile\s+)?(?:carrier|destroyer|"
    r"submarine|frigate|cruiser))\b"
)


def _ship_class(analysis: Analysis, sentence: Sentence, here: list[Named], names: list[Named]) -> None:
    """ "the Nimitz-class carrier USS X"; "The Nimitz-class carrier replaces …" (the report's ship): its class."""
    text = analysis.text
    for match in SHIP_CLASS.finditer(text, sentence.start, sentence.end):
        ship = next((n for n in here if n.form == "ship" and re.fullmatch(r"\s+", text[match.end() : n.start])), None)
        if ship is None and re.fullmatch(r"\s*The\s+", text[sentence.start : match.start()]):
            ship = _main_ship([n for n in names if n.end <= match.start()])
        if ship is None:
            continue
        analysis.propose(
            ProposedClaim(
                entity_of(analysis, ship), "characterisation", match.group("words"), sentence.start, sentence.end,
                "forces-ship-class", 0.6, match.group(),
            )
        )  # fmt: skip


# --- figures of events

APPROX = r"(?:(?:about|some|nearly|roughly|around|more\s+than|up\s+to|at\s+least|almost)\s+)?"
COUNT = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|hundreds\s+of|thousands\s+of)"
)
EVENT_FIGURE = re.compile(
    rf"\b(?:for|lasting)\s+(?P<duration>{APPROX}{COUNT}\s+(?:minutes|hours))\b|"
    rf"\b(?:with|involving|involves?|involved|drawing|drew)\s+(?P<size>{APPROX}{COUNT}\s+(?:personnel|troops|participants|service\s+members|"
    r"soldiers|sailors|Marines|people))\b|"
    # "About 19,000 personnel from the two countries are taking part in this year's exercise"
    rf"(?P<part>{APPROX}{COUNT}\s+(?:personnel|troops|service\s+members|soldiers|sailors|Marines))"
    r"(?:\s+from\s+[^,.;]{1,40}?)?\s+(?:(?:are|were|will\s+be|have\s+been)\s+)?(?:taking|took|take)\s+part\b",
    re.IGNORECASE,
)


def propose_event_figures(analysis: Analysis) -> None:
    """ "Abe and Trump spoke by telephone for about 40 minutes", "… set up … with about 240 personnel": the figure, as
    written, of the one event the sentence's claims tell of (none when they tell of two, or of none)."""
    text = analysis.text
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        events = {
            c.subject
            for c in analysis.claims
            if c.start == sentence.start and c.subject.startswith("event/") and c.relation != "figure"
        }
        if not events and (exercise := the_exercise(analysis, sentence)):
            events = {exercise}
        if len(events) != 1:
            continue
        event = events.pop()
        for match in EVENT_FIGURE.finditer(text, sentence.start, sentence.end):
            if analysis.quoted(match.start()):
                continue
            figure = match.group("duration") or match.group("size") or match.group("part")
            analysis.propose(
                ProposedClaim(event, "figure", figure, sentence.start, sentence.end, "event-figure", 0.6, match.group())
            )


THE_EXERCISE = re.compile(r"\b(?:[Tt]he|[Tt]his\s+year['\u2019]s)\s+(?:exercise|drills)\b")


def the_exercise(analysis: Analysis, sentence: Sentence, said: bool = True) -> str | None:
    """The exercise "the exercise" or "this year's exercise" of a sentence means (with `said` False, whether or not
    the sentence says so): the text's only exercise, when it has told of one (and of no other) before."""
    if said and THE_EXERCISE.search(analysis.text, sentence.start, sentence.end) is None:
        return None
    exercises = {
        c.subject
        for c in analysis.claims
        if c.start < sentence.start and c.subject.startswith("event/") and is_exercise(analysis, c.subject)
    }
    return exercises.pop() if len(exercises) == 1 else None


def is_exercise(analysis: Analysis, event: str) -> bool:
    """Whether the event (proposed now or the registry's) is an exercise."""
    proposed = analysis.entities.get(event)
    return proposed.type == "Exercise" if proposed is not None else analysis.is_a(event, "Exercise")
