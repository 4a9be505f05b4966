"""Event forms of fresh news that the meeting-centred rules of events.py leave out.

- Exercises and drills as news tells them: who drills (the services a clause names, or the states behind "U.S. and
  South Korean forces", "South Korea's military"; not who condemns one), the name an exercise goes by ("their annual
  Ulchi Freedom Guardian exercise", "Resolute Dragon, an annual exercise of …", "a joint exercise …, called Northern
  Viper"), and the span it runs ("began on Thursday and will run until Sept. 25"). event_mentions.py finds the mention
  (a cue of the lexicon) with its date and place; these functions read the rest of it.
- A warship's arrival at, departure from or port call at a port, told in the past ("USS X arrived at Yokosuka on
  Friday"): an event with the port as place and the day as date.
- An election or referendum the text dates and places ("after Japan's upper house election in July", "Sunday's
  Okinawa prefectural referendum").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from alliance_kg.curation.add import slug
from alliance_kg.curation.propose.analysis import Analysis, ProposedClaim
from alliance_kg.curation.propose.candidates import armed_forces, new_place
from alliance_kg.curation.propose.mentions import US
from alliance_kg.curation.textdates import WEEKDAY, DateMention, month_label
from alliance_kg.loaders.dates import DateValue

Agent = Any  # event_records.py's Agent (id, start, end, person), made by the event layer, which imports this module

# a state's own forces drill as the state: "South Korea's military", "China's navy"
STATE_FORCES = re.compile(
    r"['\u2019]s\s+(?:military|armed\s+forces|forces|troops|navy|army|air\s+force)\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE
)
# a state named as the owner of a service the clause names ("Japan's Ground Self-Defense Force"): the service drills
OWNER_OF_SERVICE = re.compile(r"['\u2019]s\s+(?-i:[A-Z])", re.IGNORECASE)
# what a service does not do in an exercise: be talked about ("a threat to the U.S. Marine Corps")
NOT_A_PARTY = re.compile(
    r"\b(?:against|about|over|toward|towards|to\s+counter|threat\s+to)\s+(?:the\s+)?$", re.IGNORECASE
)
# what one says of or does about another's exercise: its subject takes no part in it ("responded with a drill" does)
ONLOOKER = re.compile(
    r"\b(?:condemn|criticiz|criticis|denounc|protest|oppos|slam|warn|accus|monitor|watch|observ)\w*\b",
    re.IGNORECASE,
)
# the name of an exercise: capitalised words before the noun ("annual Ulchi Freedom Guardian exercise"), after
# "called" / "dubbed" / "code-named", or before ", an annual exercise"
NAME_WORDS = r"(?-i:[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d{2,4}))*)"
NAME_BEFORE_NOUN = re.compile(
    r"\b(?:annual|joint|bilateral|trilateral|multinational|combined|the|their|its|first|second|third|year['\u2019]s)\s+"
    rf"(?P<name>{NAME_WORDS})\s+(?:exercises?|drills?)\b"
)
NAME_CALLED = re.compile(rf"\b(?:called|dubbed|code-named|codenamed|named)\s+(?P<name>{NAME_WORDS})")
NAME_APPOSED = re.compile(
    rf"(?P<name>{NAME_WORDS}),\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,3}}(?:exercises?|drills?)\b"
)
# an exercise's run: "began on Thursday and will run until Sept. 25", "started Monday and continues through Friday"
BEGAN = re.compile(r"\b(?:began|begins|started|starts|opened|kicked\s+off)\s+(?:on\s+)?$", re.IGNORECASE)
UNTIL = re.compile(
    r"^\s+and\s+(?:will\s+|is\s+to\s+|is\s+scheduled\s+to\s+)?(?:run|runs|continue|continues|last|lasts|end|ends)\s+"
    r"(?:on\s+)?(?:until|through|till|to)?\s*$",
    re.IGNORECASE,
)
# "U.S. and Japanese forces on Wednesday began Keen Sword 25, a … exercise that will run through Nov. 1": the day
# before its verb, and the last day at the end of a relative or coordinated "run through"
BEGAN_AFTER = re.compile(r"\s+(?:began|begin|begins|started|starts|opened|kicked\s+off)\b", re.IGNORECASE)
RUNS_TO = re.compile(
    r"\b(?:and|that|which)\s+(?:will\s+|is\s+to\s+|is\s+scheduled\s+to\s+)?(?:run|runs|continue|continues|last|lasts|"
    r"end|ends)\s+(?:on\s+)?(?:until|through|till|to)\s*$",
    re.IGNORECASE,
)
NOT_NAMES = {"the", "a", "an", "their", "its", "this", "that", "u.s", "japan", "japanese", "american"}


def exercise_parties(
    analysis: Analysis,
    clause: tuple[int, int],
    cue: tuple[int, int],
    participants: list[Agent],
    agent: Callable[..., Agent],
) -> list[Agent]:
    """The parties of an exercise, from those event_details.py found in its clause: the military services the clause
    names take part (and the state that owns a named service does not, in its stead); a state's "military" is the
    state; who condemns or watches an exercise ("China condemned the annual … exercise") takes no part in it; "U.S. and
    Japanese forces" are the two states' armed forces (lexicon.yaml's `armed_forces`), in the states' stead."""
    text = analysis.text
    start, end = clause
    participants = [a for a in participants if not (a.end <= cue[0] and ONLOOKER.search(text, a.end, cue[0]))]
    services = []
    for m in analysis.mentions_in(start, end):
        if not analysis.is_a(m.entity, "MilitaryUnit") or any(a.id == m.entity for a in participants):
            continue
        if NOT_A_PARTY.search(text, max(start, m.start - 25), m.start):
            continue
        services.append(agent(m.entity, m.start, m.end, False))
    states = [a for a in participants if not a.person]
    for m in analysis.mentions_in(start, end):
        if (
            analysis.is_a(m.entity, "State")
            and STATE_FORCES.match(text, m.end)
            and not any(a.id == m.entity for a in participants)
        ):
            states.append(agent(m.entity, m.start, m.end, False))
    if services:
        # "U.S. Marines and Japan's Ground Self-Defense Force ended a joint exercise": Japan owns the force that drills
        states = [a for a in states if not OWNER_OF_SERVICE.match(text, a.end)]
    forces = _armed_forces(analysis, clause, states, agent)
    states = [a for a in states if a.id not in {state for state, _ in forces}]
    services += [force for _, force in forces]
    people = [a for a in participants if a.person]
    return sorted(people + states + services, key=lambda a: a.start)


# "U.S. and Japanese forces", "Japanese troops": the nationality word of a state whose forces the text names as one
FORCES_OF = re.compile(
    r"(?:\s+and\s+(?:the\s+)?(?:"
    + US
    + r"|(?-i:[A-Z])[a-z]+))?\s+(?:armed\s+)?(?:forces|troops|militaries)\b(?!\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)


def _armed_forces(
    analysis: Analysis, clause: tuple[int, int], states: list[Agent], agent: Callable[..., Agent]
) -> list[tuple[str, Agent]]:
    """(state, its armed forces as an agent) for the states whose forces as a whole the clause names as drilling by
    their nationality words: "U.S. and Japanese forces on Wednesday began …". (The forces named alone, "with the
    Self-Defense Forces", are left: an exercise they would make a party of is often one the text names later.)"""
    text = analysis.text
    found: list[tuple[str, Agent]] = []
    for state in states:
        if FORCES_OF.match(text, state.end) and not OWNER_OF_SERVICE.match(text, state.end):
            forces = armed_forces(analysis, state.id, state.start, state.end)
            if forces is not None:
                found.append((state.id, agent(forces, state.start, state.end, False)))
    return found


def named_in_apposition(analysis: Analysis, clause: tuple[int, int], start: int) -> bool:
    """Whether the exercise cue at `start` stands in apposition to the exercise's name ("Resolute Dragon, an annual
    exercise of …, which began on Thursday"): the whole clause tells of it, not a list item."""
    return any(m.start("name") < start < m.end() for m in NAME_APPOSED.finditer(analysis.text, clause[0], clause[1]))


def exercise_name(analysis: Analysis, clause: tuple[int, int], cue: tuple[int, int]) -> str | None:
    """The name the clause gives the exercise its cue (start, end) names, if any ("Freedom Shield"), without a year
    it may carry."""
    start, end = clause
    text = analysis.text
    for pattern in (NAME_BEFORE_NOUN, NAME_CALLED, NAME_APPOSED):
        for match in pattern.finditer(text, start, end):
            if pattern is NAME_APPOSED and match.end() < cue[0]:
                continue  # "Keen Sword, a joint exercise" names this one; an earlier apposition names another
            if pattern is not NAME_APPOSED and not (cue[0] <= match.start() <= cue[1] + 40):
                continue
            name = re.sub(r"\s+\d{4}$", "", match.group("name").strip())
            if (
                name.lower() in NOT_NAMES
                or len(name) < 4
                or any(m.start <= match.start("name") < m.end for m in analysis.mentions_in(start, end))
            ):
                continue  # a state or an organisation the registry knows is no exercise's name
            return name
    return None


def exercise_run(analysis: Analysis, clause: tuple[int, int]) -> tuple[DateMention, DateValue] | None:
    """The span an exercise runs, when its clause gives the day it began and the day it ends ("which began on
    Thursday and will run until Sept. 25", "on Wednesday began X, a … exercise that will run through Nov. 1"): its date is the span, not the first day (dates.py reads the ISO span)."""
    text = analysis.text
    dates = analysis.dates_in(*clause)
    for first, last in zip(dates, dates[1:], strict=False):
        between = text[first.end : last.start]
        began_on = BEGAN.search(text, max(clause[0], first.start - 20), first.start) and UNTIL.match(between)
        on_began = BEGAN_AFTER.match(between) and RUNS_TO.search(between) and not re.search(r"[;:]", between)
        if not (began_on or on_began):
            continue
        begun, ends = analysis.resolve(first.expression, first), analysis.resolve(last.expression, last)
        if begun is None or ends is None or ends.latest < begun.earliest:
            continue
        span = DateValue(begun.earliest, ends.latest)
        expression = f"{span.earliest.isoformat()}/{span.latest.isoformat()}"
        return DateMention(first.start, last.end, text[first.start : last.end], expression, "day"), span
    return None


# --- a ship's arrival at or departure from a port


# a warship by its prefix and name ("USS George Washington", "JS Kaga", "HMS Queen Elizabeth") or after its kind
SHIP = (
    r"(?-i:(?:USS|HMS|HMAS|HMCS|JS|INS|ROKS|FS)\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
    # "the destroyer Izumo", "the aircraft carrier Shandong": reports of Japan's and China's ships write no prefix
    r"|(?:(?<=\bcarrier\s)|(?<=\bdestroyer\s)|(?<=\bfrigate\s)|(?<=\bsubmarine\s)|(?<=\bwarship\s))"
    r"(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
# the ship as subject of a past movement: "USS X arrived at …", "the USS X, which left Yokosuka in May and arrived …"
SHIP_MOVES = re.compile(
    rf"(?P<ship>{SHIP})\s*(?:\([^)]*\)\s*)?,?\s+(?:(?:which|that)\s+)?(?:(?:has|had|also|then|finally)\s+)?"
    r"(?=(?:arrived|left|departed|returned|pulled\s+into|docked|made\s+(?:a\s+)?port\s+calls?)\b)",
    re.IGNORECASE,
)
MOVE = re.compile(
    r"(?P<verb>arrived|left|departed|returned|pulled\s+into|docked|made\s+(?:a\s+)?port\s+calls?)\b", re.IGNORECASE
)
NEXT_MOVE = re.compile(
    r"\s+and\s+(?:then\s+|later\s+)?(?=(?:arrived|left|departed|returned|pulled\s+into|docked)\b)", re.IGNORECASE
)
KIND_OF_MOVE = {"arrived": "arrival", "returned": "arrival", "pulled": "arrival", "docked": "arrival"}
KIND_OF_MOVE |= {"left": "departure", "departed": "departure", "made": "port call"}
NOT_THE_PORT = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)  # "arrived in Guam from Palau": Palau is left
PORT_WORDS = re.compile(r"(?:\bat|\bin|\binto|\bto|\bof|\bleft|\bdeparted|\bfrom)\s+(?:the\s+|its\s+|her\s+)?$", re.I)
NEW_PORT = re.compile(r"(?-i:(?P<port>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}))\b(?!\s*(?-i:[A-Z]))")
MONTH_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip


def ship_movements(analysis: Analysis) -> None:
    """A warship's arrival at, departure from or port call at a port, told in the past ("The aircraft carrier USS
    George Washington arrived at its new home port of Yokosuka on Friday"; "…, which left Yokosuka in May and
    arrived in August at Bremerton"): an event of its own with the port as its place and the day as its date. Who
    sails is the ship (a platform, no participant); a plan ("will arrive") is left to the reviewer."""
    text = analysis.text
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for found in SHIP_MOVES.finditer(text, sentence.start, sentence.end):
            if analysis.quoted(found.start()):
                continue
            clause = analysis.clause(sentence, found.start())
            position = found.end()
            while position < clause[1] and (move := MOVE.match(text, position)):
                following = NEXT_MOVE.search(text, move.end(), clause[1])
                segment = (move.start(), following.start() if following else clause[1])
                _one_movement(analysis, index, found.group("ship"), move, segment)
                if following is None:
                    break
                position = following.end()


def _one_movement(
    analysis: Analysis,
    index: int,
    ship: str,
    move: re.Match,
    segment: tuple[int, int],
) -> None:
    text = analysis.text
    kind = KIND_OF_MOVE[move.group("verb").split()[0].lower()]
    port = _port(analysis, move.end(), segment[1])
    if port is None:
        analysis.why_not(move.start(), f"a ship's {kind} without a port the rules can name")
        return
    dates = [
        d
        for d in analysis.dates_in(move.end(), segment[1])
        if d.kind != "year" and analysis.resolve(d.expression, d) is not None
    ]
    date = dates[0] if dates else None
    value = analysis.resolve(date.expression, date) if date else None
    when = value if value is not None else analysis.source.date
    port_id, port_label, new = port
    name = re.sub(r"^(?:USS|HMS|HMAS|HMCS|JS|INS|ROKS|FS)\s+", "", ship)  # "George Washington"
    month = month_label(when)
    if not re.search(rf"(?<!\d){when.earliest.year}(?!\d)", text):
        month = f"{when.earliest:%B}"  # as event_links.py: a label names only the years the text writes
    label = f"{kind[0].upper() + kind[1:]} of {ship} {'from' if kind == 'departure' else 'at'} {port_label} ({month})"
    stamp = f"{when.earliest.year}-{when.earliest.month:02d}"
    identifier = analysis.reported_event(
        f"event/{slug(name)}-{slug(kind)}-{slug(port_label)}-{stamp}",
        label,
        "ship-movement",
        0.7,
        move.start(),
        move.end(),
    )
    sentence = analysis.sentences[index]

    def make_claim(relation: str, obj: str, confidence: float, evidence: str) -> None:
        analysis.propose(
            ProposedClaim(
                identifier, relation, obj, sentence.start, sentence.end, f"ship-{relation}", confidence, evidence
            )
        )

    if new:
        port_id = new_place(analysis, port_label, *new)
    evidence = text[move.start() : segment[1]].strip()
    make_claim("place", port_id, 0.7, evidence)
    if date is not None:
        make_claim("date", date.expression, 0.75, date.text)
    for m in analysis.mentions_in(sentence.start, move.start()):
        if text[m.start : m.end] == ship:  # "USS George Washington" as the registry names it, not "Washington"
            make_claim("concerns", m.entity, 0.7, ship)  # the ship the registry knows


def _port(analysis: Analysis, start: int, end: int) -> tuple[str, str, tuple[int, int] | None] | None:
    """The port a movement names first after its verb (id, label, span if new), not a place it came from."""
    text = analysis.text
    for m in analysis.mentions_in(start, end):
        if not analysis.is_a(m.entity, "Place") or NOT_THE_PORT.search(text, max(start, m.start - 8), m.start):
            continue
        if PORT_WORDS.search(text, max(start - 12, m.start - 30), m.start) or m.start - start <= 2:
            return m.entity, analysis.label(m.entity), None
    for m in NEW_PORT.finditer(text, start, end):
        word = m.group("port")
        if word.lower() in MONTH_WORDS or NOT_THE_PORT.search(text, max(start, m.start() - 8), m.start()):
            continue
        if PORT_WORDS.search(text, max(start - 12, m.start() - 30), m.start()) or m.start() - start <= 2:
            if any(x.start <= m.start() < x.end for x in analysis.mentions_in(start, end)):
                continue  # a state or body the registry knows ("Japan") is no port
            return word, word, (m.start(), m.end())
        return None
    return None


# --- elections and referendums


# "Japan's upper house election", "the Okinawa prefectural referendum", "Taiwan's presidential election": the kind of
# vote, and whose it is (a possessive state or place, or a place named right before the kind)
ELECTION = re.compile(
    r"(?P<kind>upper[-\s]house|lower[-\s]house|general|presidential|gubernatorial|prefectural|parliamentary|"
    r"legislative|midterm|mayoral|national)\s+(?P<noun>elections?|referendum|vote|polls?)\b",
    re.IGNORECASE,
)
WEEKDAY_OWNER = re.compile(rf"\b(?P<day>{WEEKDAY})['\u2019]s\s+(?:[\w-]+\s+){{0,3}}$")
TO_COME = re.compile(
    r"\b(?:will|would|is\s+to|are\s+to|scheduled|expected|upcoming|coming|next|ahead\s+of|before)\b", re.IGNORECASE
)
VOTE_NOUN = {"election": "election", "elections": "election", "referendum": "referendum", "vote": "vote"}


def elections(analysis: Analysis) -> None:
    """An election or referendum the text dates and places ("after Japan's upper house election in July",
    "Sunday's Okinawa prefectural referendum"): an event with its place (the state or place whose vote it is) and its
    date; one to come is planned. Who runs or votes is left to the reviewer (the texts name parties, candidates and
    governments alike)."""
    text = analysis.text
    for index, sentence in enumerate(analysis.sentences):
        if index in analysis.skip:
            continue
        for found in ELECTION.finditer(text, sentence.start, sentence.end):
            if analysis.quoted(found.start()) or found.group("noun").lower().startswith("poll"):
                continue  # "polls" are surveys as often as votes
            clause = analysis.clause(sentence, found.start())
            place = _whose_vote(analysis, clause, found.start())
            date = _vote_date(analysis, clause, found)
            if place is None or date is None:
                analysis.why_not(found.start(), "an election without the place and the date the rules need")
                continue
            _vote_event(analysis, index, found, place, date)


def _whose_vote(analysis: Analysis, clause: tuple[int, int], start: int) -> str | None:
    """The state or place named right before the kind of vote ("Japan's upper house", "Okinawa prefectural")."""
    text = analysis.text
    for m in reversed(analysis.mentions_in(max(clause[0], start - 30), start)):
        between = text[m.end : start]
        if (analysis.is_a(m.entity, "Place") or analysis.is_a(m.entity, "State")) and re.fullmatch(
            r"(?:['\u2019]s)?\s+", between
        ):
            return m.entity
        return None
    return None


def _vote_date(analysis: Analysis, clause: tuple[int, int], found: re.Match) -> tuple[str, DateValue, int, str] | None:
    """The vote's date: a weekday that owns it ("Sunday's … referendum") or a date right after it ("… in July")."""
    text = analysis.text
    owner = WEEKDAY_OWNER.search(text, max(clause[0], found.start() - 60), found.start())
    if owner is not None:
        tense = "future" if TO_COME.search(text, clause[0], owner.start()) else "past"
        expression = f"{owner.group('day')} ({tense})"
        value = analysis.resolve(expression)
        return (expression, value, owner.start(), owner.group("day")) if value else None
    after = [d for d in analysis.dates_in(found.end(), clause[1]) if d.kind != "offset"]
    if after and re.fullmatch(r"\s+(?:in|on|of|held\s+(?:in|on))\s+", text[found.end() : after[0].start]):
        value = analysis.resolve(after[0].expression, after[0])
        return (after[0].expression, value, after[0].start, after[0].text) if value else None
    return None


def _vote_event(
    analysis: Analysis, index: int, found: re.Match, place: str, date: tuple[str, DateValue, int, str]
) -> None:
    expression, value, _, words = date
    kind = re.sub(r"[-\s]+", " ", found.group("kind").lower())
    noun = VOTE_NOUN.get(found.group("noun").lower(), "election")
    when = month_label(value)
    if not re.search(rf"(?<!\d){value.earliest.year}(?!\d)", analysis.text):
        when = f"{value.earliest:%B}"  # as event_links.py: a label names only the years the text writes
    label = f"{analysis.label(place)} {kind} {noun} ({when})"
    modality = "planned" if value.earliest > analysis.source.date.latest else "asserted"
    label = label[0].upper() + label[1:]
    identifier = analysis.reported_event(
        f"event/{slug(analysis.label(place))}-{slug(kind)}-{noun}-{value.earliest:%Y-%m}",
        label,
        "election",
        0.7,
        found.start(),
        found.end(),
    )
    sentence = analysis.sentences[index]
    for relation, obj, confidence, evidence in (
        ("place", place, 0.7, found.group()),
        ("date", expression, 0.75, words),
    ):
        analysis.propose(
            ProposedClaim(
                identifier,
                relation,
                obj,
                sentence.start,
                sentence.end,
                f"election-{relation}",
                confidence,
                evidence,
                modality=modality,
            )
        )
