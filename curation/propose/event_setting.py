"""Where and when an event of a news report took place, in the forms news writes them away from the event's clause.

event_details.py's `place` reads a place that follows the event's cue ("met in Manila", "talks at the White
House"). News also gives the place before the cue, or names the building by the body housed in it:

- "Austin arrived in Tokyo from Seoul, where he had met Shin", "Hamada visited the Pentagon on Thursday, where he
  and Austin signed …", "In Phnom Penh, where the ministers are meeting this week, …": a relative "where" clause
  tells an event at the place it follows;
- "Blinken and Austin will fly to Seoul on Wednesday for a similar meeting": the meeting a journey is made for is
  held where the journey goes;
- "held talks at the Pentagon", "a 2+2 meeting at the State Department": the building, not the department (the
  registry names the department; the place is proposed as a new one for the reviewer).

Each applies only when `place` found none: a place the sentence writes after the cue is the nearer reading.

And the date a sentence opens with, before the comma that starts the event's clause ("Earlier on Tuesday, the two
secretaries made a courtesy call on Suga", "On Aug. 17, Kishida held talks with Biden"): it dates the clause it
stands before. event_details.py's `mention_date` reads the dates within the clause only.
"""

from __future__ import annotations

import re

from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.curation.textdates import DateMention
from alliance_kg.loaders.dates import DateValue

# "…, where he had met": the clause a place before it is the setting of
WHERE = re.compile(r",\s+where\s+", re.IGNORECASE)
# a place's name as the words write it after a preposition or "visited": "in Phnom Penh", "from Seoul"
_NAME = r"(?-i:(?P<place>[A-Z][a-z]+(?:[\s-]+[A-Z][a-z]+){0,2}))"
PLACE_AFTER = re.compile(
    rf"\b(?:in|at|to|from|visited|visiting|visits|visit)\s+(?:the\s+)?{_NAME}\b(?![\w'\u2019.-])", re.IGNORECASE
)
# what may stand between that place and ", where": a date ("visited the Pentagon on Thursday, where …")
DATE_GAP = re.compile(r"(?:\s+(?:on|in|last|this|earlier|later|early|late)\b[^,;:()\u2014]{0,25})?", re.IGNORECASE)
# "fly to Seoul on Wednesday for a similar meeting": a journey to a place, made for the event whose cue follows
JOURNEY = re.compile(
    r"\b(?:fly|flies|flew|flown|flying|travel|travels|travell?ed|travell?ing|head|heads|headed|heading|go|goes|went|"
    rf"come|comes|came|return|returns|returned)\s+(?:on\s+|back\s+)?to\s+(?:the\s+)?{_NAME}"
    r"(?:\s+(?:on|in|later|early|earlier|next|this)\b[^,;:()\u2014]{0,25}?)?\s+for(?:\s+(?:a|an|the|his|her|their|its)"
    r"(?:\s+[\w'\u2019+\"-]+){0,3}?)?\s*$",
    re.IGNORECASE,
)
# the buildings news names the departments by: "at the Pentagon", "at the State Department" (a place, not the body)
BUILDINGS = re.compile(
    r"\bat\s+the\s+(?:(?-i:(?P<place>Pentagon|State\s+Department))\b(?!\s+(?:of|official|spokes))|"
    r"(?P<office>prime\s+minister['\u2019]s\s+office)\b)|\bat\s+(?P<his>his|her)\s+office\b",
    re.IGNORECASE,
)
# "… Prime Minister Shinzo Abe told reporters at his office": the prime minister's office, when the sentence names one
PRIME_MINISTER = re.compile(r"\b(?-i:Prime\s+Minister)\s+(?-i:[A-Z])")
# another state's word before the title ("Australian Prime Minister Albanese … at his office"): not Japan's office
OTHER_STATES_PRIME_MINISTER = re.compile(r"(?-i:(?!Japanese\b|Japan['\u2019]s)[A-Z][\w'\u2019]*)\s+$")
OFFICE_LABEL = "Prime Minister's Office"
RELATIVE_OPEN = re.compile(r",\s+(?:who|which|whose)\b", re.IGNORECASE)
SUBORDINATE_AFTER = re.compile(
    r"[;\u2014]|,\s+(?:after|before|when|while|as|since|because|and\s+(?:the\s+)?(?-i:[A-Z]))\b",
    re.IGNORECASE,
)
RIGHT_AFTER = 40  # characters after the cue a place "in X" may stand at: "will meet Blinken in Paris"
BUILDING_NAMES = {"Pentagon", "State Department"}
BUILDING_REACH = (
    90  # characters after the cue: "held talks at the Pentagon", "a '2+2' meeting of … at the State Department"
)
# between the cue and the building: no clause of its own ("met Austin, who spoke at the Pentagon")
OTHER_CLAUSE = re.compile(r"[,;:()\u2014]|\b(?:who|which|that|where|when|after|before)\b", re.IGNORECASE)
NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "this", "that", "his", "her", "their", "its"}  # fmt: skip


Place = tuple[
    str, int, int, bool
]  # id or a new place's name, start, end, new? (as event_details.py's `place` gives it)


def place_before(
    analysis: Analysis,
    cue_type: str,
    start: int,
    end: int,
    clause: tuple[int, int],
    sentence: int,
    found: Place | None = None,
) -> Place | None:
    """The place of the event whose cue lies at start:end, given `found`, the place `place` read: the place a
    "where" clause the cue is in follows, unless `place` read one after it; else `found`; else the place a journey
    for the event goes to, or the building named after the cue; None when no form holds."""
    where = _where_clause(analysis, start, sentence)
    if where is not None and (found is None or found[2] <= where[2]):
        return where  # "arrived in Tokyo from Seoul, where he had met …": Seoul, not the Tokyo of the arrival
    if found is not None and _of_another_clause(analysis, found, start, end):
        # "Austin will travel to Tokyo, and Kamikawa will meet Blinken in Paris": Tokyo is Austin's; "met Austin in
        # Honolulu, after Austin returned from Washington": Washington is the return's
        found = _right_after(analysis, end, clause)
    return found or _journey_for(analysis, cue_type, start, sentence) or _building(analysis, end, clause)


def _of_another_clause(analysis: Analysis, found: Place, start: int, end: int) -> bool:
    """Whether the place `place` read lies in another clause than the cue at start:end: a coordinated clause with
    its own subject before the cue, a relative clause before it ("Hamada, who met Austin in Tokyo in June, said the
    allies would hold a '2+2' in Washington"), or a subordinate clause after it (", after Austin returned from
    Washington"; not a relative one, which tells of the event itself: "the SCC, which launched the review in Tokyo")."""
    text = analysis.text
    if found[2] <= start:
        if OWN_CLAUSE.search(text, found[2], start):
            return True
        opened = list(RELATIVE_OPEN.finditer(text, analysis.sentences[analysis.sentence_index(start)].start, found[1]))
        return bool(opened) and "," in text[found[2] : start] and not WHERE.search(text, opened[-1].start(), start)
    return found[1] >= end and bool(SUBORDINATE_AFTER.search(text, end, found[1]))


def _right_after(analysis: Analysis, end: int, clause: tuple[int, int]) -> Place | None:
    """The place named right after the cue ("will meet Blinken in Paris"), the registry's or a new one."""
    for match in PLACE_AFTER.finditer(analysis.text, end, min(clause[1], end + RIGHT_AFTER)):
        if not match.group().lower().startswith(("in ", "at ")):
            continue
        return _named_place(analysis, match.group("place"), match.start("place"), match.end("place"))
    return None


def _named_place(analysis: Analysis, name: str, start: int, end: int) -> tuple[str, int, int, bool] | None:
    """The place the words at start:end name: the registry's place or state, a capital as a new place ("Seoul" is
    the government elsewhere), a name the registry lacks as a new place; None for a person's or a body's name."""
    if name.split()[0].lower() in NOT_PLACES:
        return None
    if name in BUILDING_NAMES:
        return name, start, end, True
    named = [m for m in analysis.mentions if m.start <= start < m.end or start <= m.start < end]
    if not named:
        return name, start, end, True
    for mention in named:  # the registry's place first: "Washington" is Washington, D.C. before it is the government
        if mention.kind not in ("capital", "demonym") and (
            analysis.is_a(mention.entity, "Place") or analysis.is_a(mention.entity, "State")
        ):
            return mention.entity, mention.start, mention.end, False
    capital = next((m for m in named if m.kind == "capital"), None)
    if capital is not None:
        return analysis.text[capital.start : capital.end], capital.start, capital.end, True
    return None


def _where_clause(analysis: Analysis, start: int, sentence: int) -> tuple[str, int, int, bool] | None:
    """ "X, where <the cue>": the place that ends just before ", where" (but for a date) in the cue's sentence, when
    no other clause boundary stands between "where" and the cue."""
    text = analysis.text
    bounds = analysis.sentences[sentence]
    wheres = list(WHERE.finditer(text, bounds.start, start))
    if not wheres:
        return None
    where = wheres[-1]
    if re.search(r"[;:()\u2014]|,\s+(?:and|but|while|when|after|before)\b", text[where.end() : start]):
        return None  # the cue is in a later clause than the "where" one
    before = [
        m
        for m in PLACE_AFTER.finditer(text, bounds.start, where.start())
        if m.group("place").split()[0].lower() not in NOT_PLACES
    ]
    if not before or not DATE_GAP.fullmatch(text, before[-1].end(), where.start()):
        return None
    found = before[-1]
    return _named_place(analysis, found.group("place"), found.start("place"), found.end("place"))


def _journey_for(analysis: Analysis, cue_type: str, start: int, sentence: int) -> tuple[str, int, int, bool] | None:
    """ "fly to Seoul on Wednesday for a similar meeting": the place the journey goes to is the meeting's."""
    if cue_type == "Visit":
        return None  # a visit's own place is what it is to, read by `place`
    bounds = analysis.sentences[sentence]
    found = JOURNEY.search(analysis.text, bounds.start, start)
    if found is None:
        return None
    return _named_place(analysis, found.group("place"), found.start("place"), found.end("place"))


def _building(analysis: Analysis, end: int, clause: tuple[int, int]) -> tuple[str, int, int, bool] | None:
    """ "held talks at the Pentagon", "met Abe at the prime minister's office", "Prime Minister X told reporters at his
    office": the building, proposed as a new place (the registry names the department)."""
    match = BUILDINGS.search(analysis.text, end, min(clause[1], end + BUILDING_REACH))
    if match is None or OTHER_CLAUSE.search(analysis.text, end, match.start()):
        return None
    if match.group("place"):
        name = " ".join(match.group("place").split())
        return name, match.start("place"), match.end("place"), True
    group = "office" if match.group("office") else "his"
    sentence = analysis.sentences[analysis.sentence_index(match.start())]
    title = PRIME_MINISTER.search(analysis.text, sentence.start, match.start())
    if group == "his" and (
        title is None
        or OTHER_STATES_PRIME_MINISTER.search(analysis.text, max(sentence.start, title.start() - 20), title.start())
    ):
        return None  # "at his office": the prime minister's only where the sentence names Japan's prime minister before
    return OFFICE_LABEL, match.start(group), match.end(), True


# a sentence's opening date adverbial: "Earlier on Tuesday,", "On Aug. 17,", "Late on Monday night,", "Last week,"
FRONTED = re.compile(
    r"\s*(?:(?:earlier|later|early|late)\s+)?(?:(?:on|in|at|during)\s+)?(?P<date>[^,;:()\u2014]{3,30}?)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*,\s*",
    re.IGNORECASE,
)


# a coordinated clause with a subject of its own: "Austin will travel to Tokyo next month, and Kamikawa will meet …"
OWN_CLAUSE = re.compile(r"(?:,\s+(?:and|but|while|whereas)|;)\s+(?:the\s+)?(?-i:[A-Z])", re.IGNORECASE)
# a "where" clause in the past perfect: what happened there before the main clause's day ("…, where he had met")
HAD_WHERE = re.compile(r",\s+where\s+[^,;:()]*?\bhad\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)


def event_date(
    analysis: Analysis,
    clause: tuple[int, int],
    cue_start: int,
    sentence: int,
    found: tuple[DateMention | None, DateValue | None],
) -> tuple[DateMention | None, DateValue | None]:
    """The date of the event whose cue starts at `cue_start`, given `found` (the date `mention_date` read in its
    clause): none when `found` is another clause's ("…, and Kamikawa will meet", "…, where he had met"); the date the
    sentence opens with when `mention_date` found none; else `found`. (mention, value), or (None, None)."""
    text = analysis.text
    date = found[0]
    if date is not None and date.end <= cue_start:
        fronted = FRONTED.match(text, analysis.sentences[sentence].start)
        in_opening = fronted is not None and date.end <= fronted.end()
        if not in_opening and OWN_CLAUSE.search(text, date.end, cue_start):
            # "Blinken flew to Tokyo last week, and Hayashi met Biden in Paris on Tuesday": Blinken's; Tuesday
            return _date_after(analysis, clause, cue_start)
        if HAD_WHERE.search(text, date.end, cue_start):
            return None, None  # "arrived in Tokyo on Friday from Seoul, where he had met Han": before Friday
    return _fronted_date(analysis, clause, cue_start, sentence, found)


def _date_after(
    analysis: Analysis, clause: tuple[int, int], cue_start: int
) -> tuple[DateMention | None, DateValue | None]:
    """The first date after the cue in its clause that resolves, or (None, None)."""
    for date in analysis.dates_in(cue_start, clause[1]):
        if date.kind in ("day", "weekday", "month") and (value := analysis.resolve(date.expression, date)):
            return date, value
    return None, None


def _fronted_date(
    analysis: Analysis,
    clause: tuple[int, int],
    cue_start: int,
    sentence: int,
    found: tuple[DateMention | None, DateValue | None],
) -> tuple[DateMention | None, DateValue | None]:
    """`found`, or when there is none, the date the sentence opens with when the event's clause follows that date
    and its comma directly."""
    if found[0] is not None:
        return found
    verbs = "|".join(re.escape(v) for v in analysis.context.lexicon.reporting_verbs)
    if re.search(rf"\b(?:{verbs}|that)\b", analysis.text[clause[0] : cue_start], re.IGNORECASE):
        return found  # "On Tuesday, officials said Kihara will meet Blinken": the day of the saying
    bounds = analysis.sentences[sentence]
    if clause[0] <= bounds.start:
        return found  # the clause is the whole sentence: a date in it is `_date`'s to read
    opening = FRONTED.fullmatch(analysis.text, bounds.start, clause[0])
    if opening is None:
        return found
    dates = analysis.dates_in(bounds.start, clause[0])
    if len(dates) != 1 or (dates[0].start, dates[0].end) != opening.span("date"):
        return found  # the adverbial is one date and nothing else
    value = analysis.resolve(dates[0].expression, dates[0])
    return (dates[0], value) if value is not None else found
