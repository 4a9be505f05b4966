"""Date expressions as news texts write them, found in running text with their offsets.

Each mention carries the expression an annotation writes for it, which loaders/dates.py resolves against the
document's date (so proposals and hand-written claims resolve dates with the same code): "Jan. 11", "12th January,
2023", "last week", "two days later" (which counts from an anchor), weekdays with their tense, which only the
words around them give: "said on Wednesday" → "Wednesday (past)", "will meet on Wednesday" → "Wednesday (future)",
and months counted from the last date the text gave: "in May that year" → "May 2023". Given the document's date, a
month and day or a month without a year takes the tense of its clause when a marker stands near it ("met on Dec.
16" in a January report → "Dec. 16 (past)"), else the reading nearest the document's date; one in a sentence that
wrote that month with its year takes that year ("in March 2023, … on March 16" → "March 16, 2023"). A fiscal year
says whose only when its sentence names one government's side ("Japan … by fiscal 2027" → "Japanese fiscal 2027").
Finding is by pattern, not by a date parser's search (dateparser reads "We" as Wednesday and "the 2+2" as a date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from alliance_kg.loaders.dates import MONTHS, WEEKDAYS, DateResolutionError, DateValue, resolve_date

if TYPE_CHECKING:
    from alliance_kg.loaders.sentences import Sentence

_MONTH_NAMES = sorted({name for name in MONTHS if len(name) > 2}, key=len, reverse=True)
_MONTH_WORDS = dict(enumerate(calendar.month_name))
_MONTH_WORD = r"(?:" + "|".join(name.capitalize() for name in _MONTH_NAMES) + r")"
_MONTH = _MONTH_WORD + r"\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"  # the proposer's rules use it too
_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "fiscal 2027", "fiscal year 2027", "FY2027", "Japan's fiscal 2027": a government's year, not the calendar's
    (
        "fiscal",
        re.compile(
            rf"\b(?:(?:Japan['\u2019]s|Japanese|U\.S\.|US|American|federal)\s+)?(?:[Ff]iscal\s+(?:[Yy]ear\s+)?|FY\s?){_YEAR}\b"
        ),
    ),
    ("day", re.compile(rf"\b{WEEKDAY},?\s+(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|\({_MONTH}\s+{_DAY}\))")),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b{_YEAR}-[01]\d-[0-3]\d\b")),
    ("month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![,\s]*\d)")),
    ("day", re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)")),
    # "in May that year", "later that month", "the following month": counted from the date the text gave last
    ("that-year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?that\s+year\b")),
    (
        "that-month",
        re.compile(
            r"\b(?:(?:later|earlier|early|late)\s+(?:in\s+)?that|that\s+same|the\s+same|the\s+(?:following|next))\s+month\b",
            re.IGNORECASE,
        ),
    ),
    # "in October last year": the month of the year the words count from the document's date
    ("month-of-year", re.compile(rf"\b{_MONTH_WORD}\s+(?:of\s+)?(?:last|this|next)\s+year\b")),
    # "in November", "since March", "in late May" (at month precision, as the annotations write a part of a month
    # without its year): a month without its year, after a preposition (not the modal "may"); "by
    # March", "until March", "before March" bound a date rather than give it, and are left to the reviewer
    (
        "month-only",
        re.compile(
            rf"\b(?i:in|since|during)\s+(?:(?i:early|mid|late)(?:-|\s+))?(?P<month>{_MONTH_WORD})(?![\w-])(?![,\s]*\d)(?!\s+(?:of\s+)?that\b)"
        ),
    ),
    (
        "relative",
        re.compile(r"\b(?<!the\s)(?:(?:earlier|later)\s+this|last|this|next)\s+(?:week|month|year)\b", re.IGNORECASE),
    ),
    ("relative", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.IGNORECASE)),
    (
        "offset",
        re.compile(
            rf"\b(?i:{_NUMBER})\s+(?:day|week|fortnight|month|year)s?\s+(?:before|after|later|earlier|prior|ago)\b"
        ),
    ),
    # "the following day", "the day before," (not "the day before the summit": that counts from the summit), "the
    # same day" (the day the text gave last)
    (
        "offset",
        re.compile(
            r"\b(?:the|that)\s+same\s+day\b|\bthe\s+(?:following|next|previous|preceding)\s+day\b|\bthe\s+day\s+(?:before|after|prior)(?=\s*[,.;)])",
            re.IGNORECASE,
        ),
    ),
    ("weekday", re.compile(rf"\b(?:(?:last|next|this)\s+)?{WEEKDAY}\b")),
    ("year", re.compile(rf"(?<![\w$.,-]){_YEAR}(?![\w%-])")),
]

FUTURE = re.compile(
    r"\b(?:will|shall|'ll|is to|are to|is set to|are set to|(?:is|are) scheduled|scheduled to|(?:is|are) expected to|"
    r"plans? to|planning to|due to|going to|to be held|upcoming|ahead of)\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:said|says|met|held|signed|was|were|had|did|announced|agreed|visited|told|issued|released|unveiled|"
    r"began|spoke|called|launched|hosted|welcomed|arrived|reported|took place|took|made|gave|reached|followed|became|"
    r"attended|reaffirmed|confirmed|pledged|expressed|discussed|urged|warned|stressed|flew|travell?ed|returned|"
    r"opened|adopted|decided|approved|enacted|completed|joined|critici[sz]ed|blocked|won|paid|concluded|"
    # what news tells of forces and ships: "fired a missile on Sunday", "left Yokosuka on Monday"
    r"fired|test-fired|conducted|carried\s+out|staged|deployed|departed|left|docked|sailed|crashed|ditched|went\s+down|"
    r"ended|started|responded|elected|"
    # what news tells of incidents and protests: "protested to X on Wednesday", "crash-landed on Tuesday night"
    r"protested|lodged|landed|crash-landed|grounded|suspended|resumed|gathered|rallied|marched|demonstrated)\b",
    re.IGNORECASE,
)
JAPAN_SIDE = re.compile(r"\b(?:Japan|Japanese|Tokyo)\b")
US_SIDE = re.compile(r"\b(?:U\.S\.|US|United States|American|Washington|Pentagon|Congress)(?!\w)")
# "possibly in March", "as early as Friday": a date the text does not commit to is not proposed
HEDGED = re.compile(
    r"\b(?:possibly|perhaps|maybe|probably|likely|as\s+early\s+as|as\s+soon\s+as)\s+(?:(?:in|on|by)\s+)?$",
    re.IGNORECASE,
)
NEAR_TENSE = 80  # characters: a tense marker farther from a month without its year says less than the calendar does
ATTRIBUTION = re.compile(r",\s+(?:[\w.'\u2019-]+\s+){0,4}(?:said|says|told|added|reported)\b")
_CLAUSE_END = re.compile(r"[;:\u2014]|\s--\s")
RELATIVE = re.compile(r"\b(?:that|which|who)\b", re.IGNORECASE)  # a clause of its own after the date


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    expression: str  # what an annotation file writes; loaders.dates.resolve_date reads it
    kind: str  # day, month, year, relative, offset (needs an anchor, except "ago"), weekday

    @property
    def needs_anchor(self) -> bool:
        return self.kind == "offset" and not self.text.lower().endswith("ago")


def find_dates(text: str, offset: int = 0, reference: DateValue | None = None) -> list[DateMention]:
    """Every date expression in `text` (offsets shifted by `offset`), longest first where patterns overlap.

    With `reference`, the document's date, months and days without a year are written so that they resolve to the
    reading their clause's tense (or else the calendar) gives (see the module docstring); without it, as written."""
    from alliance_kg.loaders.sentences import split_sentences

    sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def bounds_of(position: int) -> tuple[int, int]:
        sentence = next((x for x in sentences if x.start <= position < x.end), None)
        return (sentence.start, sentence.end) if sentence else (0, len(text))

    for pattern_kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            kind = pattern_kind
            start, end = match.span("month") if kind == "month-only" else match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if HEDGED.search(text, max(0, start - 30), start):
                taken.append((start, end))
                continue
            words = " ".join(text[start:end].split())
            expression: str | None = words
            if kind == "fiscal":
                taken.append((start, end))  # "fiscal 2027" is never the calendar's 2027, whoever's it is
                expression = _fiscal_expression(text, words, bounds_of(start))
                if expression is None:
                    continue
            elif kind == "month-of-year":
                kind = "month"
                expression = _month_of_year(words, reference)
                if expression is None:
                    continue
            elif kind == "month-only":
                kind = "month"
                expression = _tensed_expression(text, start, end, words, bounds_of(start), reference)
                if expression is None:
                    continue
            elif kind == "weekday":
                expression = _weekday_expression(text, start, end, words, bounds_of(start), reference)
                if expression is None:
                    continue
            elif kind == "relative" or kind == "offset":
                expression = words.lower()
            elif kind == "day":
                expression = words[4:] if words.lower().startswith("the ") else words
                if reference is not None and not re.search(rf"{_YEAR}|{WEEKDAY}", words):
                    expression = _tensed_expression(text, start, end, expression, bounds_of(start), reference)
                    if expression is None:
                        continue
            taken.append((start, end))
            found.append(DateMention(start, end, text[start:end], expression, kind))
    found = _year_of_the_sentence(sorted(found, key=lambda m: m.start), sentences)
    if reference is not None:
        found = _not_another_years(found, text, reference)
    found = _counted_from_the_last(found)
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in found]


def _fiscal_expression(text: str, words: str, bounds: tuple[int, int]) -> str | None:
    """A fiscal year as "Japanese fiscal 2027" or "U.S. fiscal 2027": whose the words say, or the one side their sentence names;
    None when the sentence names both sides or neither (the reviewer says whose)."""
    year = re.search(_YEAR, words).group()  # type: ignore[union-attr]  # the pattern has one
    owner = words[: words.lower().find("fiscal")] if "fiscal" in words.lower() else words[: words.find("FY")]
    owner = owner.strip()
    if not owner:
        sentence = text[bounds[0] : bounds[1]]
        japan, us = bool(JAPAN_SIDE.search(sentence)), bool(US_SIDE.search(sentence))
        if japan == us:
            return None
        owner = "Japanese" if japan else "U.S."
    owner = "Japanese" if owner.lower().startswith("japan") else "U.S."
    return f"{owner} fiscal {year}"


def _month_of_year(words: str, reference: DateValue | None) -> str | None:
    """A month of a counted year: "October last year" as "October 2018" in a document of 2019; None without a date of one year to count from."""
    if reference is None or reference.earliest.year != reference.latest.year:
        return None
    step = {"last": -1, "this": 0, "next": 1}[words.split()[-2].lower()]
    return f"{_MONTH_WORDS[_month_of(words) or 1]} {reference.earliest.year + step}"


def _tensed_expression(
    text: str, start: int, end: int, words: str, bounds: tuple[int, int], reference: DateValue | None
) -> str | None:
    """A month and day ("Dec. 16") or a month ("November") without a year, written as the reading its clause's tense
    gives when a marker stands within NEAR_TENSE characters, else the reading nearest the document's date; the
    words alone when that is the document's year (as an annotator writes it); None when neither can be told."""
    # the words between commas first: "Ishiba, who took office in October, will visit" took office in the past
    left = text.rfind(",", bounds[0], start) + 1 or bounds[0]
    right = text.find(",", end, bounds[1])
    segment = (left, right if right >= 0 else bounds[1])
    tense = tense_around(text, start, end, segment, NEAR_TENSE) or tense_around(text, start, end, bounds, NEAR_TENSE)
    month_only = re.fullmatch(_MONTH, words) is not None
    if reference is None:
        if not month_only:
            return words
        return f"{words} ({tense})" if tense else None
    readings: dict[str, DateValue] = {}
    for side in ("past", "future"):
        try:
            readings[side] = resolve_date(f"{words} ({side})", reference)
        except DateResolutionError:
            return None if month_only else words
    if tense is None and reference.precision != "day":
        # a document dated only to a span: how near each reading is depends on where in it the document lies
        return None if month_only else words
    if tense is None:

        def distance(span: DateValue) -> int:
            return max((span.earliest - reference.latest).days, (reference.earliest - span.latest).days, 0)

        tense = min(("past", "future"), key=lambda side: distance(readings[side]))  # a tie goes to the past
    if not month_only:
        try:
            if resolve_date(words, reference) == readings[tense]:
                return words  # the document's year, as an annotator writes it
        except DateResolutionError:
            pass  # a document dated across a year's end: the tense says which year
    return f"{words} ({tense})"


def _not_another_years(found: list[DateMention], text: str, reference: DateValue) -> list[DateMention]:
    """Leaves out a month and day or a month without a year that its paragraph tells in another year than the one
    the document's date gives it ("In 2019 the allies … In May, they …" in a 2024 report): which year, the words
    before it say, not the calendar."""
    kept: list[DateMention] = []
    for mention in found:
        if mention.kind in ("day", "month") and not re.search(_YEAR, mention.expression):
            paragraph = text.rfind("\n", 0, mention.start) + 1
            years = [
                int(written.group())
                for m in kept
                if m.start >= paragraph and m.kind in ("year", "month", "day") and (written := re.search(_YEAR, m.text))
            ]
            try:
                value = resolve_date(mention.expression, reference)
            except DateResolutionError:
                value = None
            if years and value is not None and years[-1] not in (value.earliest.year, value.latest.year):
                continue
        kept.append(mention)
    return kept


def _year_of_the_sentence(found: list[DateMention], sentences: list[Sentence]) -> list[DateMention]:
    """A month and day without a year after its month with a year in the same sentence ("The turning point came in
    March 2023, when … on March 16"): that year's."""
    resolved: list[DateMention] = []
    for mention in found:
        month = _month_of(mention.text)
        if mention.kind == "day" and month and not re.search(rf"{_YEAR}|{WEEKDAY}", mention.text):
            sentence = next((s for s in sentences if s.start <= mention.start < s.end), None)
            years = [
                re.search(_YEAR, m.text)
                for m in resolved
                if sentence is not None
                and sentence.start <= m.start
                and m.kind in ("month", "day")
                and _month_of(m.text) == month
            ]
            year = next((y.group() for y in reversed(years) if y), None)
            if year:
                words = " ".join(mention.text.split())
                words = words[4:] if words.lower().startswith("the ") else words
                mention = DateMention(mention.start, mention.end, mention.text, f"{words}, {year}", "day")
        resolved.append(mention)
    return resolved


def _month_of(words: str) -> int | None:
    named = re.search(_MONTH, words)
    return MONTHS[named.group().lower().rstrip(".")] if named else None


def _counted_from_the_last(found: list[DateMention]) -> list[DateMention]:
    """Months counted from the last date: "May that year", "later that month", "the following month" as the month they name ("May 2023"), counted from
    the month and year the text wrote last before them; left out when no earlier date gives them."""
    resolved: list[DateMention] = []
    year: int | None = None
    month: int | None = None
    for mention in found:
        if mention.kind in ("that-year", "that-month"):
            words = mention.text.lower().split()
            if mention.kind == "that-year":
                month = MONTHS[words[0].rstrip(".")]
            elif words[-2] in ("following", "next") and month is not None:
                year, month = (year + 1, 1) if month == 12 and year is not None else (year, month + 1)
            if year is None or month is None:
                continue
            mention = DateMention(mention.start, mention.end, mention.text, f"{_MONTH_WORDS[month]} {year}", "month")
        elif mention.kind != "fiscal":  # a fiscal year is no calendar year to count months in
            written = re.search(_YEAR, mention.expression)
            named = re.search(_MONTH, mention.expression)
            if written:
                year = int(written.group())
            if named:
                month = MONTHS[named.group().lower().rstrip(".")]
            elif written:
                month = None  # "in 2023": no month to count "that month" from
        resolved.append(mention)
    return resolved


def _weekday_expression(
    text: str, start: int, end: int, words: str, bounds: tuple[int, int], reference: DateValue | None = None
) -> str | None:
    if words.split()[0].lower() in ("last", "next", "this"):
        return words
    tense = tense_around(text, start, end, bounds)
    name = words.split()[-1]
    if tense is None and _is_the_documents_weekday(reference, name):
        tense = "past"  # the document's own weekday: the same day whichever the tense
    if tense is None:
        return None
    assert name.lower() in WEEKDAYS
    return f"{name} ({tense})"


def _is_the_documents_weekday(reference: DateValue | None, name: str) -> bool:
    if reference is None or reference.precision != "day":
        return False
    return reference.earliest.weekday() == WEEKDAYS[name.lower()]


def tense_around(
    text: str, start: int, end: int, bounds: tuple[int, int] | None = None, within: int | None = None
) -> str | None:
    """'past' or 'future' for the clause around text[start:end] (within its sentence, `bounds`), by the nearest
    tense marker (no farther than `within` characters, when given); None if there is none."""
    first, last = bounds or (0, len(text))
    left = max((m.end() for m in _CLAUSE_END.finditer(text, first, start)), default=first)
    right_match = _CLAUSE_END.search(text, end, last)
    right = right_match.start() if right_match else last
    best: tuple[int, str] | None = None
    for pattern, tense in ((FUTURE, "future"), (PAST, "past")):
        for match in pattern.finditer(text, left, right):
            distance = start - match.end() if match.end() <= start else match.start() - end
            if distance < 0:
                continue
            if match.start() >= end and ATTRIBUTION.search(text, max(left, match.start() - 30), match.end()):
                continue  # "…on Wednesday, officials said": when it was said, not when the event is
            if match.start() >= end and RELATIVE.search(text, end, match.start()):
                continue  # "signed an agreement on Monday that will make …": the tense of what follows, not the day's
            if within is not None and distance > within:
                continue
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None


def month_label(value: DateValue) -> str:
    """How an event's label dates it: the month it falls in ("June 2026"), or the year when it runs over months."""
    return f"{value.earliest:%B %Y}" if value.earliest.month == value.latest.month else str(value.earliest.year)
